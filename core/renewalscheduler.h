#pragma once

// Renews service-credential tokens ahead of expiry (default 10 minutes). Driven by poll(),
// called once a second by the window's clock tick, and judged against the injected Clock, so it
// is exact after a suspend and testable in milliseconds.

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>

namespace aem {

class Clock;
class CredentialStore;
class TokenProvider;
struct TokenResult;

class RenewalScheduler : public QObject
{
    Q_OBJECT
public:
    RenewalScheduler(CredentialStore& store, TokenProvider& tokens, const Clock& clock, QObject* parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    void setLeadMs(qint64 ms) { m_leadMs = ms; }
    qint64 leadMs() const { return m_leadMs; }

    // The current token of `name` expires at `expiresAt` (invalid: forget it).
    void track(const QString& name, const QDateTime& expiresAt);
    void forget(const QString& name);
    QDateTime dueAt(const QString& name) const;

public Q_SLOTS:
    void poll();

Q_SIGNALS:
    void renewing(const QString& name);
    void renewed(const QString& name, const QDateTime& expiresAt);
    void renewalFailed(const QString& name, const QString& error);

private:
    CredentialStore& m_store;
    TokenProvider& m_tokens;
    const Clock& m_clock;
    bool m_enabled = true;
    qint64 m_leadMs = 10 * 60 * 1000;
    QHash<QString, QDateTime> m_expiry;
    QHash<QString, QDateTime> m_retryAfter; // after a failure, wait before trying again
    QSet<QString> m_inFlight;
};

} // namespace aem
