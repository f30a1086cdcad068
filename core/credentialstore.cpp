#include "credentialstore.h"

#include "atomicfile.h"
#include "clock.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QPointer>
#include <QUuid>

namespace aem {

namespace {

constexpr int kFormatVersion = 1;
constexpr qint64 kMaxMetadataSize = 16 * 1024 * 1024;

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QJsonValue& v)
{
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QString url(const QUrl& u)
{
    return u.isValid() ? u.toString() : QString();
}

QString defaultName(const ParsedCredential& c)
{
    switch (c.kind) {
    case CredentialKind::Service: return c.service.clientId;
    case CredentialKind::OAuth: return c.oauth.clientId;
    case CredentialKind::LocalDev: break;
    }
    return QStringLiteral("local-dev");
}

} // namespace

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

bool isValidCredentialName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"));
    return re.match(name).hasMatch();
}

QJsonObject CredentialRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("kind"), kindId(kind)},
                  {QStringLiteral("importedAt"), iso(importedAt)},
                  {QStringLiteral("author"), url(environment.author)},
                  {QStringLiteral("publish"), url(environment.publish)},
                  {QStringLiteral("preview"), url(environment.preview)}};
    if (canMint(kind)) {
        o.insert(QStringLiteral("imsEndpoint"), imsEndpoint);
        o.insert(QStringLiteral("clientId"), clientId);
        o.insert(QStringLiteral("email"), email);
        o.insert(QStringLiteral("technicalAccountId"), technicalAccountId);
        o.insert(QStringLiteral("org"), org);
        o.insert(kind == CredentialKind::OAuth ? QStringLiteral("scopes") : QStringLiteral("metascopes"),
                 QJsonArray::fromStringList(metascopes));
    }
    if (kind == CredentialKind::Service) {
        o.insert(QStringLiteral("certificate"), QString::fromLatin1(certificatePem));
        o.insert(QStringLiteral("certificateNotAfter"), iso(certificateNotAfter));
        o.insert(QStringLiteral("certificateFingerprint"), certificateFingerprint);
    } else if (kind == CredentialKind::LocalDev) {
        o.insert(QStringLiteral("tokenUserId"), tokenUserId);
        o.insert(QStringLiteral("tokenClientId"), tokenClientId);
        o.insert(QStringLiteral("tokenCreatedAt"), iso(localTokenCreatedAt));
        o.insert(QStringLiteral("tokenExpiresAt"), iso(localTokenExpiresAt));
    }
    return o;
}

std::optional<CredentialRecord> CredentialRecord::fromJson(const QJsonObject& o)
{
    CredentialRecord r;
    r.id = o.value(QLatin1String("id")).toString();
    r.name = o.value(QLatin1String("name")).toString();
    const QString kind = o.value(QLatin1String("kind")).toString();
    if (r.id.isEmpty() || !isValidCredentialName(r.name))
        return std::nullopt;
    const auto k = kindFromId(kind);
    if (!k)
        return std::nullopt;
    r.kind = *k;
    r.importedAt = fromIso(o.value(QLatin1String("importedAt")));
    r.clientId = o.value(QLatin1String("clientId")).toString();
    r.environment = Environment::fromClientId(r.clientId);
    r.environment.author = QUrl(o.value(QLatin1String("author")).toString());
    r.environment.publish = QUrl(o.value(QLatin1String("publish")).toString());
    r.environment.preview = QUrl(o.value(QLatin1String("preview")).toString());
    r.imsEndpoint = o.value(QLatin1String("imsEndpoint")).toString();
    r.email = o.value(QLatin1String("email")).toString();
    r.technicalAccountId = o.value(QLatin1String("technicalAccountId")).toString();
    r.org = o.value(QLatin1String("org")).toString();
    for (const QJsonValue& v : o.value(r.kind == CredentialKind::OAuth ? QLatin1String("scopes") : QLatin1String("metascopes")).toArray())
        r.metascopes << v.toString();
    r.certificatePem = o.value(QLatin1String("certificate")).toString().toLatin1();
    r.certificateNotAfter = fromIso(o.value(QLatin1String("certificateNotAfter")));
    r.certificateFingerprint = o.value(QLatin1String("certificateFingerprint")).toString();
    r.tokenUserId = o.value(QLatin1String("tokenUserId")).toString();
    r.tokenClientId = o.value(QLatin1String("tokenClientId")).toString();
    r.localTokenCreatedAt = fromIso(o.value(QLatin1String("tokenCreatedAt")));
    r.localTokenExpiresAt = fromIso(o.value(QLatin1String("tokenExpiresAt")));
    return r;
}

CredentialStore::CredentialStore(StoreLocation location, SecretStore& secrets, const Clock& clock, QObject* parent)
    : QObject(parent), m_location(std::move(location)), m_secrets(secrets), m_clock(clock)
{
}

QString CredentialStore::metadataPath() const
{
    return m_location.dataDir + QStringLiteral("/credentials.json");
}

bool CredentialStore::readFile(QList<CredentialRecord>& out, QString* error) const
{
    out.clear();
    QFile f(metadataPath());
    if (!f.exists())
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read %1: %2").arg(QDir::toNativeSeparators(f.fileName()), f.errorString());
        return false;
    }
    if (f.size() > kMaxMetadataSize) {
        if (error)
            *error = tr("%1 is unexpectedly large; not read").arg(QDir::toNativeSeparators(f.fileName()));
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = tr("%1 is damaged (%2)").arg(QDir::toNativeSeparators(f.fileName()), pe.errorString());
        return false;
    }
    for (const QJsonValue& v : doc.object().value(QLatin1String("credentials")).toArray()) {
        if (auto r = CredentialRecord::fromJson(v.toObject()))
            out.append(*r);
    }
    return true;
}

bool CredentialStore::load(QString* error)
{
    QList<CredentialRecord> records;
    if (!readFile(records, error))
        return false;
    m_records = records;
    return true;
}

std::optional<CredentialRecord> CredentialStore::find(const QString& name) const
{
    for (const CredentialRecord& r : m_records)
        if (r.name == name)
            return r;
    return std::nullopt;
}

bool CredentialStore::modify(const std::function<bool(QList<CredentialRecord>&, QString*)>& edit, QString* error)
{
    QDir().mkpath(m_location.dataDir);
    QLockFile lock(m_location.dataDir + QStringLiteral("/credentials.lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000)) {
        if (error)
            *error = tr("the credential list is locked by another process");
        return false;
    }
    QList<CredentialRecord> records;
    if (!readFile(records, error) || !edit(records, error))
        return false;
    QJsonArray arr;
    for (const CredentialRecord& r : records)
        arr.append(r.toJson());
    const QJsonDocument doc(QJsonObject{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("credentials"), arr}});
    if (!writeFileAtomically(metadataPath(), doc.toJson(QJsonDocument::Indented), true, error))
        return false;
    m_records = records;
    Q_EMIT changed();
    return true;
}

QString CredentialStore::keychainMessage(const SecretResult& r, const QString& what) const
{
    switch (r.error) {
    case SecretResult::Unavailable:
        return tr("no keychain is available: %1 could not be reached (%2). %3 Nothing is ever stored in plain text.")
            .arg(m_secrets.backendName(), r.errorString, what);
    case SecretResult::AccessDenied:
        return tr("access to %1 was denied. %2").arg(m_secrets.backendName(), what);
    case SecretResult::NotFound:
        return tr("the secret is missing from %1. %2").arg(m_secrets.backendName(), what);
    default:
        return tr("%1 failed: %2. %3").arg(m_secrets.backendName(), r.errorString, what);
    }
}

void CredentialStore::importCredential(const ParsedCredential& cred, const ImportOptions& options, QObject* context,
                                       std::function<void(const ImportResult&)> done)
{
    auto fail = [context, done](const QString& message) {
        ImportResult r;
        r.error = message;
        QTimer::singleShot(0, context, [done, r] { done(r); });
    };
    QString error;
    if (!load(&error))
        return fail(error);

    // Which record, if any, this import replaces.
    std::optional<CredentialRecord> previous;
    QString name = options.name;
    if (!name.isEmpty()) {
        if (!isValidCredentialName(name))
            return fail(tr("name \"%1\" is not allowed: use letters, digits, '.', '_' and '-' (at most 80)").arg(name));
        previous = find(name);
        if (previous) {
            const bool same = previous->kind == cred.kind
                              && (cred.kind == CredentialKind::LocalDev || previous->clientId == defaultName(cred));
            if (!same)
                return fail(tr("a different credential is already stored as \"%1\"; choose another name").arg(name));
        }
    } else {
        name = defaultName(cred);
        if (canMint(cred.kind)) {
            for (const CredentialRecord& r : std::as_const(m_records))
                if (r.kind == cred.kind && r.clientId == name)
                    previous = r;
        } else {
            previous = find(name);
        }
        if (previous) {
            name = previous->name;
        } else if (find(name)) {
            int n = 2;
            while (find(name + QLatin1Char('-') + QString::number(n)))
                ++n;
            name += QLatin1Char('-') + QString::number(n);
        }
        if (!isValidCredentialName(name))
            return fail(tr("cannot derive a name from the credential; give one with a name option"));
    }

    CredentialRecord rec;
    rec.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    rec.name = name;
    rec.kind = cred.kind;
    rec.importedAt = m_clock.now();
    CredentialSecrets secrets;
    if (cred.kind == CredentialKind::Service) {
        const ServiceCredential& s = cred.service;
        rec.imsEndpoint = s.imsEndpoint;
        rec.clientId = s.clientId;
        rec.email = s.email;
        rec.technicalAccountId = s.technicalAccountId;
        rec.org = s.org;
        rec.metascopes = s.metascopes;
        rec.certificatePem = s.certificatePem;
        if (cred.certificate) {
            const CertificateInfo info = cred.certificate->info();
            rec.certificateNotAfter = info.notAfter;
            rec.certificateFingerprint = info.sha256Fingerprint;
        }
        rec.environment = Environment::fromClientId(s.clientId);
        secrets.privateKeyPem = s.privateKeyPem;
        secrets.clientSecret = s.clientSecret;
    } else if (cred.kind == CredentialKind::OAuth) {
        const OAuthCredential& o = cred.oauth;
        rec.imsEndpoint = o.imsEndpoint;
        rec.clientId = o.clientId;
        rec.email = o.technicalAccountEmail;
        rec.technicalAccountId = o.technicalAccountId;
        rec.org = o.orgId;
        rec.metascopes = o.scopes;
        secrets.clientSecrets = o.clientSecrets;
    } else {
        const LocalDevToken& t = cred.localDev;
        rec.tokenUserId = t.claims.value(QLatin1String("user_id")).toString();
        rec.tokenClientId = t.claims.value(QLatin1String("client_id")).toString();
        rec.localTokenCreatedAt = t.createdAt.value_or(QDateTime());
        rec.localTokenExpiresAt = t.expiresAt.value_or(QDateTime());
        secrets.localDevToken = t.accessToken;
    }
    // URLs: explicit options win, then what the previous import was told, then the client id.
    const Environment* old = previous ? &previous->environment : nullptr;
    auto pick = [](const QUrl& opt, const QUrl* prev, const QUrl& derived) {
        return opt.isValid() && !opt.isEmpty() ? opt : (prev && prev->isValid() && !prev->isEmpty() ? *prev : derived);
    };
    rec.environment.author = pick(options.author, old ? &old->author : nullptr, rec.environment.author);
    rec.environment.publish = pick(options.publish, old ? &old->publish : nullptr, rec.environment.publish);
    rec.environment.preview = pick(options.preview, old ? &old->preview : nullptr, rec.environment.preview);

    QPointer<QObject> guard(context);
    const QByteArray blob = secrets.toJson();
    secrets.wipe();
    m_secrets.write(rec.secretKey(), blob, this, [this, guard, rec, previous, done](const SecretResult& w) {
        if (!guard)
            return;
        ImportResult result;
        result.name = rec.name;
        if (!w.ok()) {
            result.error = keychainMessage(w, tr("Nothing was stored."));
            done(result);
            return;
        }
        QString error;
        const bool saved = modify(
            [&](QList<CredentialRecord>& records, QString*) {
                if (previous)
                    records.removeIf([&](const CredentialRecord& r) { return r.id == previous->id; });
                records.removeIf([&](const CredentialRecord& r) { return r.name == rec.name; });
                records.append(rec);
                return true;
            },
            &error);
        if (!saved) {
            // Roll back the keychain entry so nothing half-imported remains.
            m_secrets.remove(rec.secretKey(), this, [](const SecretResult&) {});
            result.error = error + QLatin1Char(' ') + tr("Nothing was stored.");
            done(result);
            return;
        }
        result.ok = true;
        result.replaced = previous.has_value();
        if (previous) {
            m_secrets.remove(previous->secretKey(), this, [](const SecretResult&) {});
            m_secrets.remove(previous->accessTokenKey(), this, [](const SecretResult&) {});
            clearCachedTokenInfo(*previous);
        }
        done(result);
    });
}

void CredentialStore::removeCredential(const QString& name, QObject* context,
                                       std::function<void(bool, const QString&)> done)
{
    QString error;
    load(&error);
    const auto rec = find(name);
    if (!rec) {
        QTimer::singleShot(0, context, [done, name] { done(false, tr("no credential named \"%1\"").arg(name)); });
        return;
    }
    QPointer<QObject> guard(context);
    m_secrets.remove(rec->secretKey(), this, [this, guard, rec = *rec, done](const SecretResult& r1) {
        if (!guard)
            return;
        if (!r1.ok() && r1.error != SecretResult::NotFound) {
            done(false, keychainMessage(r1, tr("Nothing was removed.")));
            return;
        }
        m_secrets.remove(rec.accessTokenKey(), this, [this, guard, rec, done](const SecretResult&) {
            if (!guard)
                return;
            clearCachedTokenInfo(rec);
            QString error;
            const bool ok = modify(
                [&](QList<CredentialRecord>& records, QString*) {
                    records.removeIf([&](const CredentialRecord& r) { return r.id == rec.id; });
                    return true;
                },
                &error);
            done(ok, error);
        });
    });
}

void CredentialStore::readSecrets(const CredentialRecord& record, QObject* context,
                                  std::function<void(std::optional<CredentialSecrets>, const QString&)> done)
{
    QPointer<QObject> guard(context);
    m_secrets.read(record.secretKey(), this, [this, guard, done, name = record.name](const SecretResult& r) {
        if (!guard)
            return;
        if (!r.ok()) {
            done(std::nullopt, keychainMessage(r, tr("Cannot read the secrets of \"%1\".").arg(name)));
            return;
        }
        auto s = CredentialSecrets::fromJson(r.data);
        if (!s)
            done(std::nullopt, tr("the keychain entry of \"%1\" is damaged; import the credential again").arg(name));
        else
            done(std::move(s), {});
    });
}

bool CredentialStore::renameCredential(const QString& from, const QString& to, QString* error)
{
    if (!isValidCredentialName(to)) {
        if (error)
            *error = tr("name \"%1\" is not allowed: use letters, digits, '.', '_' and '-' (at most 80)").arg(to);
        return false;
    }
    return modify(
        [&](QList<CredentialRecord>& records, QString* err) {
            if (std::any_of(records.cbegin(), records.cend(), [&](const CredentialRecord& r) { return r.name == to; })) {
                if (err)
                    *err = tr("a credential named \"%1\" already exists").arg(to);
                return false;
            }
            for (CredentialRecord& r : records) {
                if (r.name == from) {
                    r.name = to;
                    return true;
                }
            }
            if (err)
                *err = tr("no credential named \"%1\"").arg(from);
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

static QString tokenInfoPath(const StoreLocation& loc, const CredentialRecord& r)
{
    return loc.cacheDir + QStringLiteral("/tokens/") + r.id + QStringLiteral(".json");
}

std::optional<CachedTokenInfo> CredentialStore::cachedTokenInfo(const CredentialRecord& record) const
{
    QFile f(tokenInfoPath(m_location, record));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4096)
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    CachedTokenInfo info{fromIso(o.value(QLatin1String("createdAt"))), fromIso(o.value(QLatin1String("expiresAt")))};
    if (!info.expiresAt.isValid())
        return std::nullopt;
    return info;
}

bool CredentialStore::saveCachedTokenInfo(const CredentialRecord& record, const CachedTokenInfo& info, QString* error)
{
    const QJsonObject o{{QStringLiteral("createdAt"), iso(info.createdAt)}, {QStringLiteral("expiresAt"), iso(info.expiresAt)}};
    return writeFileAtomically(tokenInfoPath(m_location, record), QJsonDocument(o).toJson(), true, error);
}

void CredentialStore::clearCachedTokenInfo(const CredentialRecord& record)
{
    QFile::remove(tokenInfoPath(m_location, record));
}

QString CredentialStore::lockFilePath(const CredentialRecord& record) const
{
    return m_location.cacheDir + QStringLiteral("/locks/") + record.id + QStringLiteral(".lock");
}

} // namespace aem
