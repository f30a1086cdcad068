// SPDX-License-Identifier: Apache-2.0
#pragma once

// Conversations with Adobe IMS: the JWT exchange (docs/protocol.md §4) with timeouts, bounded retries
// and plain-language errors. One ImsRequest per conversation; it owns its reply and aborts it
// when destroyed.

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace aem {

class Clock;

struct ImsError
{
    enum Kind { None, Network, Timeout, Tls, Http, BadResponse, Cancelled };
    Kind kind = None;
    int httpStatus = 0;
    int networkError = 0; // QNetworkReply::NetworkError of a Network or Tls failure
    QString code; // IMS's own "error", e.g. invalid_token
    QString description; // IMS's own "error_description"
    QString debugId; // x-debug-id, for Adobe support
    QString explanation; // what it most likely means, in plain words
    int attempts = 0;

    // One line: the explanation, then IMS's code and text for reference.
    QString toString() const;
};

// Plain-language cause of an IMS error reply (the table in docs/protocol.md §4).
QString explainImsError(int httpStatus, const QString& code, const QString& description);

struct RetryPolicy
{
    int maxAttempts = 4; // first try included
    int baseDelayMs = 500; // doubled each retry, with jitter
    int maxDelayMs = 8000;
    int maxRetryAfterMs = 30000; // a longer Retry-After is reported instead of waited for
    int timeoutMs = 30000; // per attempt
    // All attempts and waits together. A silent IMS is then reported once, after one full
    // attempt, instead of after maxAttempts of them: a timed-out attempt is retried only when a
    // whole attempt still fits in what is left.
    int totalMs = 40000;
};

// Parses Retry-After (delta seconds or an HTTP date); nullopt when absent or unusable.
std::optional<qint64> parseRetryAfterMs(const QByteArray& value, const QDateTime& now);

class ImsRequest : public QObject
{
    Q_OBJECT
public:
    // POSTs `form` (application/x-www-form-urlencoded) to `url`.
    ImsRequest(QNetworkAccessManager* nam, QUrl url, QList<QPair<QString, QByteArray>> form, RetryPolicy policy,
               const Clock& clock, QObject* parent = nullptr);
    ~ImsRequest() override;

    // Sends the token as "Authorization: Bearer" too (/ims/validate_token/v1).
    void setBearer(const QByteArray& token) { m_bearer = token; }
    void start();
    void abort();

    // Valid after finished().
    bool ok() const { return m_error.kind == ImsError::None; }
    const ImsError& error() const { return m_error; }
    const QJsonObject& body() const { return m_body; }
    int attempts() const { return m_attempt; }
    // The form as sent (it holds the secrets): shared with each attempt's upload data, and wiped,
    // in that very buffer, when the request is destroyed. For tests.
    const QByteArray& payload() const { return m_payload; }

Q_SIGNALS:
    void finished();
    void retrying(int attempt, int delayMs, const QString& reason);

private:
    void sendAttempt();
    void onReplyFinished();
    void finishWith(ImsError e);
    void retryOrFail(ImsError e, std::optional<qint64> retryAfterMs);

    QPointer<QNetworkAccessManager> m_nam;
    QUrl m_url;
    QByteArray m_payload;
    QByteArray m_bearer;
    RetryPolicy m_policy;
    const Clock& m_clock;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QTimer m_backoff;
    QElapsedTimer m_started;
    int m_attempt = 0;
    bool m_tooLarge = false;
    bool m_timedOut = false;
    bool m_done = false;
    ImsError m_error;
    QJsonObject m_body;
};

struct AccessToken
{
    QByteArray token; // secret
    QDateTime createdAt;
    QDateTime expiresAt;
    // Set when the claimed expiry was not believed (already past, or too far ahead): then
    // cacheable is false or expiresAt was cut down to kUntrustedLifetimeMs from now.
    QString warning;
    bool cacheable = true;
};

// An IMS access token lives 24 h; a claim of more than this is not believed.
constexpr qint64 kMaxClaimedLifetimeMs = 7LL * 24 * 3600 * 1000;
constexpr qint64 kUntrustedLifetimeMs = 24LL * 3600 * 1000;

// Reads an exchange/token reply; `expiresInUnitMs` is 1 for /ims/exchange/jwt (milliseconds)
// and 1000 for /ims/token/* (seconds). The token's own created_at/expires_in win when present.
// A token that is not token68 (a JWT is) is refused: it could not be sent as a header as it is.
std::optional<AccessToken> accessTokenFromReply(const QJsonObject& body, qint64 expiresInUnitMs, const QDateTime& now,
                                                QString* error = nullptr);

} // namespace aem
