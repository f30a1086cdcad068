// SPDX-License-Identifier: Apache-2.0
#pragma once

// When to warn that a token or a certificate expires soon: once per token (per expiry) and once
// per certificate, never for a token that renews itself, nothing while notifications are off.
// Judged against the injected Clock; the window shows what is announced.

#include "credentialrecord.h"

#include <QObject>
#include <QSet>

namespace aem {

class Clock;
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

    ExpiryNotifier(const TokenService& tokens, const Clock& clock, QObject* parent = nullptr);

    void setPolicy(const Policy& policy) { m_policy = policy; }
    // Judges every record now (call once a second).
    void check(const QList<CredentialRecord>& records);
    // The certificate of `name` was replaced: a later expiry is warned again.
    void forgetCertificate(const QString& name);

Q_SIGNALS:
    void notify(const QString& title, const QString& text);

private:
    void once(const QString& key, const QString& title, const QString& text);

    const TokenService& m_tokens;
    const Clock& m_clock;
    Policy m_policy;
    QSet<QString> m_notified;
};

} // namespace aem
