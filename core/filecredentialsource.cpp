// SPDX-License-Identifier: Apache-2.0
#include "filecredentialsource.h"

#include "clock.h"
#include "credentialnaming.h"
#include "credentialstore.h"
#include "processhygiene.h"
#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>

#include <utility>

#include <sys/stat.h>
#include <unistd.h>

namespace aem {

FileCredentialSource::FileCredentialSource(const Clock& clock, qint64 reuseMarginMs)
    : m_clock(clock), m_reuseMarginMs(reuseMarginMs)
{
}

FileCredentialSource::~FileCredentialSource()
{
    forgetPeeked();
    m_secrets.wipe();
}

void FileCredentialSource::forgetPeeked() const
{
    if (m_peeked)
        wipeSecret(m_peeked->token);
    m_peeked.reset();
}

std::unique_ptr<FileCredentialSource> FileCredentialSource::fromJson(const QByteArray& json, const QString& origin,
                                                                     const Hosts& hosts, const Clock& clock,
                                                                     qint64 reuseMarginMs, QString* error,
                                                                     QStringList* warnings)
{
    ParseResult parsed = parseCredentialJson(json, clock);
    if (!parsed.ok()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(origin, parsed.firstError());
        return nullptr;
    }
    if (warnings)
        for (const Problem& p : std::as_const(parsed.problems))
            *warnings << QStringLiteral("%1: %2").arg(origin, p.message);
    std::unique_ptr<FileCredentialSource> s(new FileCredentialSource(clock, reuseMarginMs));
    ParsedCredential& cred = *parsed.credential;
    s->m_record = recordOfCredential(cred, s->m_secrets);
    s->m_record.name = plainCredentialName(defaultCredentialName(cred));
    for (const auto& [given, target] : {std::pair {hosts.author, &s->m_record.environment.author},
                                        std::pair {hosts.publish, &s->m_record.environment.publish},
                                        std::pair {hosts.preview, &s->m_record.environment.preview}})
        if (!given.isEmpty())
            *target = given;
    // The identity: who mints (IMS host, client id) and with what secret — a digest, never the
    // secret itself. A local development token is its own token: nothing to cache.
    // Everything that goes into the mint request is part of it, so two files with the same
    // client but other scopes, org or account never share a token.
    const CredentialRecord& r = s->m_record;
    QByteArray material = QStringLiteral("%1\n%2\n%3\n%4\n")
                              .arg(int(cred.kind))
                              .arg(r.org, r.technicalAccountId, r.metascopes.join(QLatin1Char(',')))
                              .toUtf8();
    QString clientId = s->m_record.clientId;
    if (cred.kind == CredentialKind::Service) {
        material += s->m_secrets.privateKeyPem + '\n' + s->m_secrets.clientSecret;
    } else if (cred.kind == CredentialKind::OAuth) {
        material += s->m_secrets.clientSecrets.join('\n');
    } else {
        material += s->m_secrets.localDevToken;
        clientId = s->m_record.tokenClientId;
    }
    s->m_identity = KernelKeyringCache::identity(s->m_record.imsEndpoint, clientId, material);
    wipeSecret(material);
    // The parsed copies of the secrets go now; the source keeps its own.
    wipeSecret(cred.service.privateKeyPem);
    wipeSecret(cred.service.clientSecret);
    for (QByteArray& secret : cred.oauth.clientSecrets)
        wipeSecret(secret);
    wipeSecret(cred.localDev.accessToken);
    s->m_record.id = QStringLiteral("from-") + QString::fromLatin1(s->m_identity.left(32));
    if (canMint(cred.kind))
        s->m_cache = std::make_unique<KernelKeyringCache>(clock);
    return s;
}

void FileCredentialSource::setCachePrefix(const QString& prefix, KeyringCalls* calls)
{
    forgetPeeked();
    if (m_cache)
        m_cache = std::make_unique<KernelKeyringCache>(m_clock, prefix, calls);
}

QString FileCredentialSource::cacheUnavailableReason() const
{
    if (!m_cache)
        return {};
    QString why;
    return m_cache->available(&why) ? QString() : why;
}

bool FileCredentialSource::cacheable() const
{
    return m_cache && m_cache->available();
}

bool FileCredentialSource::reload(QString*)
{
    return true;
}

void FileCredentialSource::readSecrets(const CredentialRecord&, QObject* context, SecretsCallback done)
{
    auto copy = std::make_shared<CredentialSecrets>(m_secrets);
    QTimer::singleShot(0, context, [copy, done] {
        done(*copy, SourceError {});
        copy->wipe();
    });
}

std::optional<KernelTokenEntry> FileCredentialSource::readEntry() const
{
    if (!cacheable())
        return std::nullopt;
    return m_cache->read(m_identity); // a damaged or foreign entry reads as a miss
}

std::optional<CachedTokenInfo> FileCredentialSource::cachedTokenInfo(const CredentialRecord&) const
{
    // The entry read last, until a mint may follow (lockFilePath(): then what another process
    // wrote meanwhile must be seen) or the token was handed out: one kernel read per call of
    // this program, however many ask for the expiry first (the token service, the provider).
    if (!m_peeked)
        m_peeked = readEntry();
    if (!m_peeked)
        return std::nullopt;
    return CachedTokenInfo {m_peeked->createdAt, m_peeked->expiresAt};
}

void FileCredentialSource::readCachedToken(const CredentialRecord&, QObject* context,
                                           std::function<void(const CachedTokenRead&)> done)
{
    auto r = std::make_shared<CachedTokenRead>();
    // The entry cachedTokenInfo() read just before, else a read now.
    std::optional<KernelTokenEntry> e = std::exchange(m_peeked, std::nullopt);
    if (!e || e->expiresAt <= m_clock.now()) {
        if (e)
            wipeSecret(e->token);
        e = readEntry();
    }
    if (e) {
        r->ok = true;
        r->token = std::move(e->token);
        r->info = {e->createdAt, e->expiresAt};
    } else {
        r->missing = true;
    }
    QTimer::singleShot(0, context, [r, done] {
        done(*r);
        wipeSecret(r->token);
    });
}

void FileCredentialSource::keepToken(const CredentialRecord&, const QByteArray& token, const CachedTokenInfo& info,
                                     QObject* context, std::function<void(const QString& notKept)> done)
{
    forgetPeeked();
    QString why;
    if (!m_cache) {
        why = tr("a local development token is its own token: nothing to cache");
    } else if (m_cache->available(&why)) {
        const KernelTokenEntry e {token, info.createdAt, info.expiresAt};
        const qint64 timeout = KernelKeyringCache::timeoutFor(e, m_clock.now(), m_reuseMarginMs);
        if (timeout <= 0)
            why = tr("the token lives less than the reuse margin: not cached");
        else
            m_cache->write(m_identity, e, timeout, &why);
    }
    QTimer::singleShot(0, context, [done, why] { done(why); });
}

void FileCredentialSource::forgetToken(const CredentialRecord&, QObject* context,
                                       std::function<void(const QString& error)> done)
{
    forgetPeeked();
    QString why;
    if (cacheable())
        m_cache->remove(m_identity, &why);
    QTimer::singleShot(0, context, [done, why] { done(why); });
}

QString FileCredentialSource::lockFilePath(const CredentialRecord&) const
{
    forgetPeeked(); // a mint may follow: the cache is read again once the lock is held
    // A per-user tmpfs where there is one; else a 0700 directory of ours in the temporary
    // directory (ensurePrivateDir refuses one that another user made or opened).
    QString base = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (base.isEmpty() || !QDir(base).exists()) {
        base = QDir::tempPath() + QStringLiteral("/aemtoken-%1").arg(uint(getuid()));
        // Made by someone else (a shared /tmp): not ours to lock in. This process alone then.
        struct stat st
        { };
        if (::lstat(QFile::encodeName(base).constData(), &st) == 0
            && (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0))
            base += QStringLiteral("-%1").arg(qint64(getpid()));
    } else {
        base += QStringLiteral("/aemtoken");
    }
    return base + QStringLiteral("/locks/") + QString::fromLatin1(m_identity.left(32)) + QStringLiteral(".lock");
}

} // namespace aem
