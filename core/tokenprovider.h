// SPDX-License-Identifier: Apache-2.0
#pragma once

// Hands out access tokens: the cached one while at least `reuseMarginMs` of its life remain,
// otherwise a freshly minted one. Callers asking for the same credential at the same time share
// one mint, in this process (a waiting list) and across processes (a lock file).

#include "credentialsource.h"
#include "imsclient.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QLockFile;
class QNetworkAccessManager;

namespace aem {

class Clock;

struct TokenResult
{
    bool ok = false;
    QByteArray accessToken; // secret
    QDateTime createdAt;
    QDateTime expiresAt;
    bool fromCache = false;
    bool cancelled = false; // ended by cancel(): not a failure to report
    QString error; // one line, never contains a secret
    FailureCause cause = FailureCause::None; // of `error`, set where it failed
    QString warning; // e.g. an expiry claim that was not believed; for stderr
    QString cacheNote; // why the minted token was not cached (for --verbose); it is still good
    std::optional<ImsError> imsError; // when IMS was involved
};

// "\"NAME\" is a local AEM target: it needs no access token ...": what asking one for a token says.
QString noTokenForLocalTarget(const QString& name);

class TokenProvider : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 reuseMarginMs = 10 * 60 * 1000; // Adobe's own CLI reuses tokens with >= 10 min left
        int jwtLifetimeSecs = 5 * 60;
        int lockTimeoutMs = 120 * 1000;
        RetryPolicy retry;
        // With no network access manager given: where to get one at the first mint (a cached
        // token then never makes one).
        std::function<QNetworkAccessManager*()> lazyNam;
    };

    TokenProvider(CredentialSource& source, QNetworkAccessManager* nam, const Clock& clock, Options options,
                  QObject* parent = nullptr);
    ~TokenProvider() override;

    // By credential id. `fresh` skips the cache (but still shares a mint that started after this call).
    void token(const QString& id, bool fresh, QObject* context, std::function<void(const TokenResult&)> done);
    // With `context`: that caller stops waiting (its callbacks get a "cancelled" result); the
    // mint itself stops only when no one else waits for it. Without: the mint stops for all.
    void cancel(const QString& id, QObject* context = nullptr);
    // The cached token of a service credential while it has not expired, whatever the reuse
    // margin (to show a token just renewed); never mints.
    void cachedToken(const QString& id, QObject* context, std::function<void(const TokenResult&)> done);

    void setReuseMargin(qint64 ms) { m_options.reuseMarginMs = ms; }

    static QByteArray signExchangeJwt(const CredentialRecord& rec, const CredentialSecrets& secrets,
                                      const QDateTime& now, int lifetimeSecs, QString* error);

Q_SIGNALS:
    void minting(const QString& id);
    void retrying(const QString& id, int attempt, int delayMs, const QString& reason);
    void tokenMinted(const QString& id, const QDateTime& expiresAt);

private:
    struct Flight;
    void startFlight(Flight* f);
    void tryCache(Flight* f, std::function<void()> orElse);
    void acquireLock(Flight* f);
    void mint(Flight* f);
    void requestOAuthToken(Flight* f, std::shared_ptr<QList<QByteArray>> secrets, int index);
    void sendMintRequest(Flight* f, const QString& path, const QList<QPair<QString, QByteArray>>& form,
                         std::function<void(ImsRequest*)> onFinished);
    void finishMint(Flight* f, ImsRequest* req, qint64 unitMs);
    void complete(Flight* f, TokenResult r);
    void localDevToken(const CredentialRecord& rec, QObject* context, std::function<void(const TokenResult&)> done);

    CredentialSource& m_source;
    QPointer<QNetworkAccessManager> m_nam;
    const Clock& m_clock;
    Options m_options;
    QHash<QString, Flight*> m_flights; // by credential id
    QList<Flight*> m_displaced; // replaced in m_flights by a fresh flight, still running
    QList<Flight*> m_finished; // completed, deleted on the next event-loop turn
};

} // namespace aem
