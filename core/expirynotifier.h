// SPDX-License-Identifier: Apache-2.0
#pragma once

// When to warn that a token or a certificate expires soon: once per token (per expiry) and once
// per certificate, never for a token that renews itself, nothing while notifications are off.
// It drives itself: it judges again when the token service announces a change, when the stored
// credentials change, when the injected Clock jumps, and on its own timer at the next instant a
// warning becomes due (never sleeping more than a second, as timers stand still in a suspend).
// The window only shows what is announced.

#include "credentialrecord.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace aem {

class Clock;
class CredentialStore;
class TokenService;

class ExpiryNotifier : public QObject
{
    Q_OBJECT
public:
    struct Policy
    {
        bool enabled = true;
        int tokenMinutes = 10; // warn when a token has less than this left
        int certificateDays = 30; // warn when a certificate has fewer days left
        bool autoRenew = true; // tokens that can be minted renew themselves: no warning
    };

    // Judges first on the next event-loop turn, so a policy set right after construction applies.
    ExpiryNotifier(const CredentialStore& store, const TokenService& tokens, const Clock& clock,
                   QObject* parent = nullptr);

    // Judges again at once (turned on: what was not said is said now).
    void setPolicy(const Policy& policy);
    const Policy& policy() const { return m_policy; }
    // The certificate of `name` was replaced: a later expiry is warned again (judged at once).
    void forgetCertificate(const QString& name);
    // Judges every stored record now (also done by itself, see above).
    void check();
    // When the own timer next wakes to judge (invalid: nothing is due later); for tests.
    QDateTime nextDueAt() const { return m_nextDue; }

Q_SIGNALS:
    void notify(const QString& title, const QString& text);

private:
    void once(const QString& key, const QString& title, const QString& text);
    void schedule(const QDateTime& due);

    const CredentialStore& m_store;
    const TokenService& m_tokens;
    const Clock& m_clock;
    Policy m_policy;
    QSet<QString> m_notified;
    QTimer m_timer;
    QDateTime m_nextDue;
};

} // namespace aem
