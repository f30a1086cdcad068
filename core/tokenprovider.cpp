// SPDX-License-Identifier: Apache-2.0
#include "tokenprovider.h"

#include "clock.h"
#include "jwt.h"
#include "processhygiene.h"
#include "secretstore.h"
#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QTimer>

#include <algorithm>

namespace aem {

QString noTokenForLocalTarget(const QString& name)
{
    return TokenProvider::tr("\"%1\" is a local AEM target: it needs no access token (requests to it carry HTTP Basic "
                             "sign-in or nothing)")
        .arg(name);
}

struct TokenProvider::Flight
{
    CredentialRecord record;
    bool fresh = false;
    QDateTime requestedAt;
    QList<QPair<QPointer<QObject>, std::function<void(const TokenResult&)>>> waiters;
    std::unique_ptr<QLockFile> lock;
    QTimer lockRetry;
    QDateTime lockDeadline;
    std::unique_ptr<ImsRequest> request;
    bool cancelled = false;
    bool waitedForLock = false;
    // The context of every callback that holds this flight: keychain answers and request
    // signals arriving after it was deleted are dropped, never run on freed memory.
    QObject guard;
};

TokenProvider::TokenProvider(CredentialSource& source, QNetworkAccessManager* nam, const Clock& clock, Options options,
                             QObject* parent)
    : QObject(parent), m_source(source), m_nam(nam), m_clock(clock), m_options(options)
{
}

TokenProvider::~TokenProvider()
{
    qDeleteAll(m_flights);
    qDeleteAll(m_displaced);
    qDeleteAll(m_finished);
}

QByteArray TokenProvider::signExchangeJwt(const CredentialRecord& rec, const CredentialSecrets& secrets,
                                          const QDateTime& now, int lifetimeSecs, QString* error)
{
    QString why;
    const auto key = PrivateKey::fromPem(secrets.privateKeyPem, &why);
    if (!key || !key->isRsa()) {
        if (error)
            *error = key ? tr("the stored private key of \"%1\" is not an RSA key").arg(rec.name)
                         : tr("the stored private key of \"%1\" %2").arg(rec.name, why); // why: "is not …"
        return {};
    }
    ExchangeClaimsInput in;
    in.imsEndpoint = rec.imsEndpoint;
    in.clientId = rec.clientId;
    in.org = rec.org;
    in.technicalAccountId = rec.technicalAccountId;
    in.metascopes = rec.metascopes;
    in.expiresAt = now.addSecs(lifetimeSecs);
    const QByteArray jwt = signJwtRs256(exchangeJwtClaims(in), *key);
    if (jwt.isEmpty() && error)
        *error = tr("signing the JWT failed");
    return jwt;
}

void TokenProvider::token(const QString& id, bool fresh, QObject* context, std::function<void(const TokenResult&)> done)
{
    QString error;
    auto failLater = [context, done](const QString& message) {
        TokenResult r;
        r.error = message;
        r.cause = FailureCause::Other;
        QTimer::singleShot(0, context, [done, r] { done(r); });
    };
    if (!m_source.reload(&error))
        return failLater(error);
    const auto rec = m_source.byId(id);
    if (!rec)
        return failLater(tr("the credential is no longer stored (removed by another program?)"));
    if (rec->kind == CredentialKind::Local)
        return failLater(noTokenForLocalTarget(rec->name));
    if (rec->kind == CredentialKind::LocalDev) {
        if (fresh)
            return failLater(tr("\"%1\" is a local development token, which cannot be renewed: download a new one "
                                "from the Developer Console (Get Local Development Token) and import it")
                                 .arg(rec->name));
        return localDevToken(*rec, context, std::move(done));
    }

    if (Flight* f = m_flights.value(rec->id)) {
        // A mint already in flight serves a non-fresh caller; a fresh caller only a mint not yet
        // past its cache check.
        if (!fresh || f->fresh || f->request) {
            f->waiters.append({QPointer<QObject>(context), std::move(done)});
            return;
        }
    }
    auto* f = new Flight;
    f->record = *rec;
    f->fresh = fresh;
    f->requestedAt = m_clock.now();
    f->waiters.append({QPointer<QObject>(context), std::move(done)});
    f->lockRetry.setInterval(50);
    if (Flight* older = m_flights.value(rec->id))
        m_displaced.append(older); // still running for its waiters; no longer joinable
    m_flights.insert(rec->id, f);
    startFlight(f);
}

void TokenProvider::localDevToken(const CredentialRecord& rec, QObject* context,
                                  std::function<void(const TokenResult&)> done)
{
    QPointer<QObject> guard(context);
    m_source.readSecrets(
        rec, this, [this, guard, rec, done](std::optional<CredentialSecrets> s, const SourceError& error) {
            if (!guard)
                return;
            TokenResult r;
            if (!s) {
                r.error = error.message;
                r.cause = error.cause;
                done(r);
                return;
            }
            r.accessToken = std::move(s->localDevToken);
            r.createdAt = rec.localTokenCreatedAt;
            r.expiresAt = rec.localTokenExpiresAt;
            r.fromCache = true;
            s->wipe();
            if (r.expiresAt.isValid() && r.expiresAt <= m_clock.now()) {
                wipeSecret(r.accessToken);
                r.cause = FailureCause::Other;
                r.error = tr("the local development token \"%1\" expired at %2: download a new one from the Developer "
                             "Console (Get Local Development Token) and import it")
                              .arg(rec.name, isoUtcSeconds(r.expiresAt));
            } else {
                r.ok = true;
            }
            done(r);
            wipeSecret(r.accessToken); // unless the caller kept it
        });
}

void TokenProvider::startFlight(Flight* f)
{
    if (f->fresh) {
        acquireLock(f);
        return;
    }
    tryCache(f, [this, f] { acquireLock(f); });
}

void TokenProvider::tryCache(Flight* f, std::function<void()> orElse)
{
    const auto info = m_source.cachedTokenInfo(f->record);
    const QDateTime now = m_clock.now();
    bool usable = info && now.msecsTo(info->expiresAt) >= m_options.reuseMarginMs;
    // After waiting for another process's lock, a fresh request accepts a token minted since it
    // asked (IMS stamps whole milliseconds from its own clock, hence the second of slack).
    if (f->fresh)
        usable =
            usable && f->waitedForLock && info->createdAt.isValid() && info->createdAt >= f->requestedAt.addSecs(-1);
    if (!usable) {
        orElse();
        return;
    }
    m_source.readCachedToken(f->record, &f->guard, [this, f, orElse](const CachedTokenRead& r) {
        if (f->cancelled)
            return;
        if (r.ok) {
            TokenResult t;
            t.ok = true;
            t.accessToken = r.token;
            t.createdAt = r.info.createdAt;
            t.expiresAt = r.info.expiresAt;
            t.fromCache = true;
            complete(f, t);
        } else if (r.missing) {
            orElse();
        } else {
            TokenResult t;
            t.error = r.error;
            t.cause = r.cause;
            complete(f, t);
        }
    });
}

void TokenProvider::acquireLock(Flight* f)
{
    const QString path = m_source.lockFilePath(f->record);
    ensurePrivateDir(QFileInfo(path).absolutePath());
    f->lock = std::make_unique<QLockFile>(path);
    f->lock->setStaleLockTime(m_options.lockTimeoutMs + 30000);
    f->lockDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_options.lockTimeoutMs);
    auto attempt = [this, f] {
        if (f->lock->tryLock(0)) {
            f->lockRetry.stop();
            // Another process may have minted while we waited.
            tryCache(f, [this, f] { mint(f); });
            return;
        }
        f->waitedForLock = true;
        if (f->lock->error() != QLockFile::LockFailedError) {
            f->lockRetry.stop();
            TokenResult t;
            t.cause = FailureCause::Other;
            t.error = tr("cannot create the lock file %1").arg(QDir::toNativeSeparators(f->lock->fileName()));
            complete(f, t);
        } else if (QDateTime::currentDateTimeUtc() > f->lockDeadline) {
            f->lockRetry.stop();
            TokenResult t;
            t.cause = FailureCause::Other;
            t.error = tr("another process has been minting a token for \"%1\" for too long").arg(f->record.name);
            complete(f, t);
        }
    };
    connect(&f->lockRetry, &QTimer::timeout, &f->guard, attempt);
    f->lockRetry.start();
    attempt();
}

void TokenProvider::mint(Flight* f)
{
    Q_EMIT minting(f->record.id);
    m_source.readSecrets(f->record, &f->guard, [this, f](std::optional<CredentialSecrets> s, const SourceError& error) {
        if (f->cancelled)
            return;
        TokenResult t;
        t.cause = FailureCause::Other; // unless said otherwise below
        if (!s) {
            t.error = error.message;
            t.cause = error.cause;
            complete(f, t);
            return;
        }
        if (f->record.kind == CredentialKind::OAuth) {
            // Moved, not copied: wipe() would otherwise leave the list's buffers to a copy that
            // nobody wipes. The request chain wipes them when its last request is done.
            // Wiped when the last holder lets go, however the mint ends (answered, cancelled,
            // the provider destroyed with the request in flight).
            auto secrets = std::shared_ptr<QList<QByteArray>>(new QList<QByteArray>(std::move(s->clientSecrets)),
                                                              [](QList<QByteArray>* list) {
                                                                  for (QByteArray& secret : *list)
                                                                      wipeSecret(secret);
                                                                  delete list;
                                                              });
            s->wipe();
            if (secrets->isEmpty()) {
                t.error = tr("the keychain entry of \"%1\" holds no client secret; import its file again (aemtoken "
                             "import FILE --name %2)")
                              .arg(f->record.name, shellWord(f->record.name));
                complete(f, t);
                return;
            }
            requestOAuthToken(f, secrets, 0);
            return;
        }
        QByteArray jwt = signExchangeJwt(f->record, *s, m_clock.now(), m_options.jwtLifetimeSecs, &t.error);
        // Moved, not copied: wipe() would otherwise zero a copy and leave the original here.
        QByteArray secret = std::move(s->clientSecret);
        s->wipe();
        if (jwt.isEmpty()) {
            wipeSecret(secret);
            complete(f, t);
            return;
        }
        // docs/protocol.md §4: expires_in of the JWT exchange is in milliseconds.
        sendMintRequest(f, QStringLiteral("/ims/exchange/jwt"),
                        {{QStringLiteral("client_id"), f->record.clientId.toUtf8()},
                         {QStringLiteral("client_secret"), secret},
                         {QStringLiteral("jwt_token"), jwt}},
                        [this, f](ImsRequest* req) { finishMint(f, req, 1); });
        // The request keeps what it sends; the signed assertion (good for minutes) and the
        // secret are not kept here.
        wipeSecret(secret);
        wipeSecret(jwt);
    });
}

void TokenProvider::requestOAuthToken(Flight* f, std::shared_ptr<QList<QByteArray>> secrets, int index)
{
    // OAuth Server-to-Server: the client credentials grant; expires_in is in seconds. While a
    // secret is being rotated the console lists several: a refused one moves on to the next.
    sendMintRequest(f, QStringLiteral("/ims/token/v3"),
                    {{QStringLiteral("grant_type"), "client_credentials"},
                     {QStringLiteral("client_id"), f->record.clientId.toUtf8()},
                     {QStringLiteral("client_secret"), secrets->at(index)},
                     {QStringLiteral("scope"), f->record.metascopes.join(QLatin1Char(',')).toUtf8()}},
                    [this, f, secrets, index](ImsRequest* req) {
                        const ImsError& e = req->error();
                        const bool secretRefused = !req->ok() && e.code == QLatin1String("invalid_client")
                            && e.description.contains(QLatin1String("secret"));
                        if (secretRefused && index + 1 < secrets->size()) {
                            requestOAuthToken(f, secrets, index + 1);
                            return;
                        }
                        for (QByteArray& secret : *secrets)
                            wipeSecret(secret); // the request built its own payload from them
                        finishMint(f, req, 1000);
                    });
}

void TokenProvider::sendMintRequest(Flight* f, const QString& path, const QList<QPair<QString, QByteArray>>& form,
                                    std::function<void(ImsRequest*)> onFinished)
{
    const QUrl url(QStringLiteral("https://") + f->record.imsEndpoint + path);
    // The previous request (a refused secret) may be the one calling us: retire it later.
    if (f->request)
        f->request.release()->deleteLater();
    if (!m_nam && m_options.lazyNam)
        m_nam = m_options.lazyNam();
    f->request = std::make_unique<ImsRequest>(m_nam, url, form, m_options.retry, m_clock);
    connect(f->request.get(), &ImsRequest::retrying, &f->guard,
            [this, f](int attempt, int delayMs, const QString& reason) {
                Q_EMIT retrying(f->record.id, attempt, delayMs, reason);
            });
    ImsRequest* req = f->request.get();
    connect(req, &ImsRequest::finished, &f->guard, [req, onFinished] { onFinished(req); });
    req->start();
}

void TokenProvider::finishMint(Flight* f, ImsRequest* req, qint64 unitMs)
{
    TokenResult t;
    if (!req->ok()) {
        t.imsError = req->error();
        t.cause = FailureCause::Ims;
        t.error = tr("cannot get a token for \"%1\": %2").arg(f->record.name, req->error().toString());
        complete(f, t);
        return;
    }
    QString why;
    const auto token = accessTokenFromReply(req->body(), unitMs, m_clock.now(), &why);
    if (!token) {
        t.error = why;
        t.cause = FailureCause::Other;
        complete(f, t);
        return;
    }
    t.ok = true;
    t.accessToken = token->token;
    t.createdAt = token->createdAt;
    t.expiresAt = token->expiresAt;
    t.warning = token->warning;
    if (!token->cacheable) { // an expiry we do not believe: used once, never kept
        Q_EMIT tokenMinted(f->record.id, t.expiresAt);
        complete(f, t);
        return;
    }
    m_source.keepToken(f->record, t.accessToken, CachedTokenInfo {t.createdAt, t.expiresAt}, &f->guard,
                       [this, f, t](const QString& notKept) mutable {
                           t.cacheNote = notKept;
                           Q_EMIT tokenMinted(f->record.id, t.expiresAt);
                           complete(f, t);
                       });
}

void TokenProvider::complete(Flight* f, TokenResult r)
{
    // Only this flight's entry: a fresh flight may have taken the id since.
    if (m_flights.value(f->record.id) == f)
        m_flights.remove(f->record.id);
    m_displaced.removeOne(f);
    if (f->lock)
        f->lock->unlock();
    const auto waiters = f->waiters;
    // Delete after the current callback stack unwinds: we may be inside f->request's signal.
    m_finished.append(f);
    QTimer::singleShot(0, this, [this, f] {
        if (m_finished.removeOne(f))
            delete f;
    });
    f->lockRetry.stop();
    for (const auto& [ctx, cb] : waiters)
        if (ctx)
            cb(r);
    wipeSecret(r.accessToken); // unless a waiter kept it (fill() would have wiped only a copy)
}

void TokenProvider::cachedToken(const QString& id, QObject* context, std::function<void(const TokenResult&)> done)
{
    QPointer<QObject> guard(context);
    auto fail = [guard, done](const QString& message) {
        TokenResult r;
        r.error = message;
        r.cause = FailureCause::Other;
        QTimer::singleShot(0, guard.data(), [guard, done, r] {
            if (guard)
                done(r);
        });
    };
    m_source.reload();
    const auto rec = m_source.byId(id);
    if (!rec)
        return fail(tr("the credential is no longer stored (removed by another program?)"));
    if (rec->kind == CredentialKind::Local)
        return fail(noTokenForLocalTarget(rec->name));
    if (rec->kind == CredentialKind::LocalDev)
        return localDevToken(*rec, context, std::move(done));
    const auto info = m_source.cachedTokenInfo(*rec);
    if (!info || info->expiresAt <= m_clock.now())
        return fail(tr("no cached token for \"%1\"").arg(rec->name));
    m_source.readCachedToken(*rec, this, [guard, done, name = rec->name](const CachedTokenRead& r) {
        if (!guard)
            return;
        TokenResult t;
        if (r.ok) {
            t.ok = true;
            t.accessToken = r.token;
            t.createdAt = r.info.createdAt;
            t.expiresAt = r.info.expiresAt;
            t.fromCache = true;
        } else {
            t.error = r.missing ? tr("no cached token for \"%1\"").arg(name) : r.error;
            t.cause = r.missing ? FailureCause::Other : r.cause;
        }
        done(t);
        wipeSecret(t.accessToken); // unless the caller kept it
    });
}

void TokenProvider::cancel(const QString& id, QObject* context)
{
    QList<Flight*> flights = m_flights.values();
    flights += m_displaced;
    for (Flight* f : std::as_const(flights)) {
        if (f->record.id != id || f->cancelled)
            continue;
        TokenResult t;
        t.error = tr("cancelled");
        t.cancelled = true;
        t.cause = FailureCause::Cancelled;
        if (context) {
            // Only this caller leaves; the mint goes on while anyone else still waits for it.
            QList<std::function<void(const TokenResult&)>> leaving;
            for (auto it = f->waiters.begin(); it != f->waiters.end();) {
                if (it->first == context) {
                    leaving.append(it->second);
                    it = f->waiters.erase(it);
                } else {
                    ++it;
                }
            }
            const bool othersWait =
                std::any_of(f->waiters.cbegin(), f->waiters.cend(), [](const auto& w) { return !w.first.isNull(); });
            if (othersWait) {
                for (const auto& cb : std::as_const(leaving))
                    cb(t);
                continue;
            }
            for (const auto& cb : std::as_const(leaving))
                f->waiters.append({QPointer<QObject>(context), cb});
        }
        f->cancelled = true;
        if (f->request)
            f->request->disconnect(&f->guard);
        complete(f, t);
    }
}

} // namespace aem
