// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

#include "async.h"
#include "atomicfile.h"
#include "clock.h"
#include "processhygiene.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

// The store itself: where it lives, loading the list, reading secrets, renames and the cached
// token expiry. Transactions, the journal and recovery are in credentialtransactions.cpp; import,
// removal and certificate switches in credentialimport.cpp.

namespace aem {

StoreLocation StoreLocation::standard()
{
    const QString app = QStringLiteral("/aem-token-manager");
    return {QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + app,
            QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + app};
}

StoreLocation StoreLocation::under(const QString& root)
{
    return {root + QStringLiteral("/data"), root + QStringLiteral("/cache")};
}

CredentialStore::CredentialStore(StoreLocation location, SecretStore& secrets, const Clock& clock, QObject* parent)
    : CredentialSource(parent),
      m_location(std::move(location)),
      m_secrets(secrets),
      m_clock(clock),
      m_journal(m_location.dataDir + QStringLiteral("/journal")),
      m_lock(m_location.dataDir + QStringLiteral("/credentials.lock"))
{
}

QString CredentialStore::metadataPath() const
{
    return m_location.dataDir + QStringLiteral("/credentials.json");
}

MetadataFile CredentialStore::readMetadata() const
{
    MetadataFile m = MetadataFile::read(metadataPath(), &m_lastRead);
    if (m.clean())
        m_lastRead = m;
    return m;
}

void CredentialStore::primeRead(const MetadataFile& read) const
{
    if (read.clean() && read.path == metadataPath())
        m_lastRead = read;
}

bool CredentialStore::load(QString* error)
{
    const MetadataFile m = readMetadata();
    m_problems = m.problems();
    if (m.status == MetadataFile::Damaged || m.status == MetadataFile::Newer || m.status == MetadataFile::Unreadable) {
        if (error)
            *error = m.error;
        m_records.clear();
        return false;
    }
    m_records = m.records;
    return true;
}

void CredentialStore::adopt(const MetadataFile& metadata)
{
    m_records = metadata.records;
    m_problems = metadata.problems();
    Q_EMIT changed();
}

QByteArray CredentialStore::secretBlob(const CredentialRecord& record, const CredentialSecrets& secrets)
{
    QByteArray json = secrets.toJson();
    QJsonObject o = QJsonDocument::fromJson(json).object();
    json.fill('\0');
    o.insert(QStringLiteral("record"), record.toJson());
    QByteArray blob = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return blob;
}

std::optional<CredentialRecord> CredentialStore::recordInBlob(const QByteArray& blob)
{
    const QJsonObject o = QJsonDocument::fromJson(blob).object();
    if (!o.value(QLatin1String("record")).isObject())
        return std::nullopt;
    return CredentialRecord::fromJson(o.value(QLatin1String("record")).toObject());
}
void CredentialStore::readSecrets(const CredentialRecord& record, QObject* context, SecretsCallback done)
{
    QPointer<QObject> guard(context);
    m_secrets.read(record.secretKey(), this, [this, guard, done, name = record.name](const SecretResult& r) {
        if (!guard)
            return;
        if (!r.ok()) {
            if (r.error == SecretResult::NotFound)
                done(
                    std::nullopt,
                    {tr("the secrets of \"%1\" are missing from %2: import its file again (aemtoken import FILE --name "
                        "%3)")
                         .arg(name, m_secrets.backendName(), shellWord(name)),
                     FailureCause::Other});
            else
                done(std::nullopt,
                     {keychainMessage(r, tr("Cannot read the secrets of \"%1\".").arg(name)), causeOf(r)});
            return;
        }
        auto s = CredentialSecrets::fromJson(r.data);
        if (!s)
            done(std::nullopt,
                 {tr("the keychain entry of \"%1\" is damaged; import its file again (aemtoken import FILE --name %2)")
                      .arg(name, shellWord(name)),
                  FailureCause::Other});
        else
            done(std::move(s), {});
    });
}

bool CredentialStore::renameCredential(const QString& from, const QString& to, QString* error)
{
    if (const QString problem = credentialNameProblem(to); !problem.isEmpty()) {
        if (error)
            *error = tr("name \"%1\" is not allowed: %2").arg(to, problem);
        return false;
    }
    const MetadataFile current = readMetadata();
    return modify(
        [&](QList<CredentialRecord>& records, QString* err) {
            CredentialRecord* renamed = nullptr;
            for (CredentialRecord& r : records)
                if (r.name == from)
                    renamed = &r;
            if (!renamed) {
                if (err)
                    *err = tr("no credential named \"%1\"").arg(from);
                return false;
            }
            // Unique without regard to case; a change of case of its own name is fine.
            const bool taken =
                std::any_of(records.cbegin(), records.cend(),
                            [&](const CredentialRecord& r) { return &r != renamed && sameCredentialName(r.name, to); })
                || std::any_of(current.unknown.cbegin(), current.unknown.cend(),
                               [&](const MetadataFile::Unknown& u) { return sameCredentialName(u.name, to); });
            if (taken) {
                if (err)
                    *err = tr("a credential named \"%1\" already exists").arg(to);
                return false;
            }
            renamed->name = to; // the id stays: keychain entries, token cache, history follow it
            return true;
        },
        error);
}

bool CredentialStore::setEnvType(const QString& name, EnvType type, QString* error)
{
    return modify(
        [&](QList<CredentialRecord>& records, QString* err) {
            for (CredentialRecord& r : records) {
                if (r.name == name) {
                    r.envType = type == EnvType::Unknown ? r.envType : type;
                    r.envTypeRaw = QJsonValue();
                    return true;
                }
            }
            if (err)
                *err = tr("no credential named \"%1\"").arg(name);
            return false;
        },
        error);
}

bool CredentialStore::setEnvironment(const QString& name, const Environment& env, QString* error)
{
    return modify(
        [&](QList<CredentialRecord>& records, QString* err) {
            for (CredentialRecord& r : records) {
                if (r.name == name) {
                    r.environment.author = env.author;
                    r.environment.publish = env.publish;
                    r.environment.preview = env.preview;
                    return true;
                }
            }
            if (err)
                *err = tr("no credential named \"%1\"").arg(name);
            return false;
        },
        error);
}

// ---- Cached token expiry (not secret) ------------------------------------------------------

static QString tokenInfoPath(const StoreLocation& loc, const QString& id)
{
    return loc.cacheDir + QStringLiteral("/tokens/") + id + QStringLiteral(".json");
}

std::optional<CachedTokenInfo> CredentialStore::cachedTokenInfo(const CredentialRecord& record) const
{
    QFile f(tokenInfoPath(m_location, record.id));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4096)
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.read(4096)).object();
    CachedTokenInfo info {fromIsoUtc(o.value(QLatin1String("createdAt"))),
                          fromIsoUtc(o.value(QLatin1String("expiresAt")))};
    if (!info.expiresAt.isValid())
        return std::nullopt;
    return info;
}

bool CredentialStore::saveCachedTokenInfo(const CredentialRecord& record, const CachedTokenInfo& info, QString* error)
{
    const QJsonObject o {{QStringLiteral("createdAt"), isoUtc(info.createdAt)},
                         {QStringLiteral("expiresAt"), isoUtc(info.expiresAt)}};
    return writeFileAtomically(tokenInfoPath(m_location, record.id), QJsonDocument(o).toJson(), true, error);
}

void CredentialStore::clearCachedTokenInfo(const CredentialRecord& record)
{
    clearCachedTokenInfo(record.id);
}

void CredentialStore::clearCachedTokenInfo(const QString& id)
{
    removeCachedTokenInfo(id, nullptr);
}

bool CredentialStore::removeCachedTokenInfo(const QString& id, QString* error)
{
    if (id.isEmpty())
        return true;
    QFile f(tokenInfoPath(m_location, id));
    if (f.remove() || !QFileInfo::exists(f.fileName()))
        return true; // gone, or never there
    if (error)
        *error = tr("cannot remove %1: %2").arg(QDir::toNativeSeparators(f.fileName()), f.errorString());
    return false;
}

void CredentialStore::readCachedToken(const CredentialRecord& record, QObject* context,
                                      std::function<void(const CachedTokenRead&)> done)
{
    const auto info = cachedTokenInfo(record);
    if (!info) {
        CachedTokenRead miss;
        miss.missing = true;
        QTimer::singleShot(0, context, [done, miss] { done(miss); });
        return;
    }
    QPointer<QObject> guard(context);
    m_secrets.read(record.accessTokenKey(), this, [this, guard, info, done](const SecretResult& r) {
        if (!guard)
            return;
        CachedTokenRead t;
        t.info = *info;
        if (r.ok() && !r.data.isEmpty()) {
            t.ok = true;
            t.token = r.data;
        } else if (r.error == SecretResult::NotFound || r.ok()) {
            t.missing = true;
        } else {
            t.error = keychainMessage(r, tr("Cannot read the cached token."));
            t.cause = causeOf(r);
        }
        done(t);
        wipeSecret(t.token); // unless the caller kept it
    });
}

void CredentialStore::keepToken(const CredentialRecord& record, const QByteArray& token, const CachedTokenInfo& info,
                                QObject* context, std::function<void(const QString& notKept)> done)
{
    // The token in the keychain, its expiry (not secret) in the cache dir.
    QPointer<QObject> guard(context);
    m_secrets.write(record.accessTokenKey(), token, this, [this, guard, record, info, done](const SecretResult& w) {
        QString why;
        if (!w.ok())
            why = keychainMessage(w, tr("Cannot keep the token in the keychain."));
        else
            saveCachedTokenInfo(record, info, &why);
        if (guard)
            done(why);
    });
}

void CredentialStore::forgetToken(const CredentialRecord& record, QObject* context,
                                  std::function<void(const QString& error)> done)
{
    // The token first, then its expiry: a failure of either leaves what is still there
    // described (an expiry file without its token reads as a miss; the reverse would hide a token
    // still in the keychain from the next revoke).
    QPointer<QObject> guard(context);
    m_secrets.remove(record.accessTokenKey(), this, [this, guard, done, record](const SecretResult& r) {
        QString error;
        if (!r.ok() && r.error != SecretResult::NotFound)
            error = keychainMessage(r, tr("The cached token of \"%1\" was not removed.").arg(record.name));
        else
            removeCachedTokenInfo(record.id, &error);
        if (guard)
            done(error);
    });
}

FailureCause CredentialStore::causeOf(const SecretResult& r)
{
    switch (r.error) {
    case SecretResult::NoError: return FailureCause::None;
    case SecretResult::Locked: return FailureCause::KeychainLocked;
    case SecretResult::Unavailable: return FailureCause::KeychainUnavailable;
    case SecretResult::AccessDenied: return FailureCause::KeychainDenied;
    default: return FailureCause::Other;
    }
}

QString CredentialStore::lockFilePath(const CredentialRecord& record) const
{
    return m_location.cacheDir + QStringLiteral("/locks/") + record.id + QStringLiteral(".lock");
}

} // namespace aem
