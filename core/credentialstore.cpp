#include "credentialstore.h"

#include "async.h"
#include "atomicfile.h"
#include "clock.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

namespace aem {

namespace {

QString defaultName(const ParsedCredential& c)
{
    switch (c.kind) {
    case CredentialKind::Service:
        return c.service.clientId;
    case CredentialKind::OAuth:
        return c.oauth.clientId;
    case CredentialKind::LocalDev:
        break;
    }
    return QStringLiteral("local-dev");
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// The non-secret record and the secrets of a credential about to be imported.
CredentialRecord recordFor(const ParsedCredential& cred, CredentialSecrets& secrets)
{
    CredentialRecord rec;
    rec.kind = cred.kind;
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
    return rec;
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

CredentialStore::CredentialStore(StoreLocation location, SecretStore& secrets, const Clock& clock,
                                 QObject* parent)
    : QObject(parent), m_location(std::move(location)), m_secrets(secrets), m_clock(clock),
      m_journal(m_location.dataDir + QStringLiteral("/journal")),
      m_lock(m_location.dataDir + QStringLiteral("/credentials.lock"))
{
}

QString CredentialStore::metadataPath() const
{
    return m_location.dataDir + QStringLiteral("/credentials.json");
}

bool CredentialStore::load(QString* error)
{
    const MetadataFile m = readMetadata();
    m_problems = m.problems();
    if (m.status == MetadataFile::Damaged || m.status == MetadataFile::Newer ||
        m.status == MetadataFile::Unreadable) {
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

std::optional<CredentialRecord> CredentialStore::find(const QString& name) const
{
    for (const CredentialRecord& r : m_records)
        if (r.name == name)
            return r;
    return std::nullopt;
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

// ---- Transactions --------------------------------------------------------------------------

void CredentialStore::beginTransaction(QObject* context, std::function<void(const QString&)> then)
{
    m_txQueue.append({QPointer<QObject>(context), std::move(then)});
    if (!m_txActive)
        startNextTransaction();
}

void CredentialStore::startNextTransaction()
{
    if (m_txActive || m_txQueue.isEmpty())
        return;
    m_txActive = true;
    m_lockDeadline = QDateTime::currentDateTimeUtc().addMSecs(10000);
    tryLock();
}

void CredentialStore::tryLock()
{
    QString error;
    if (!m_lock.lock(0, &error)) {
        // Another process holds it: try again shortly, without blocking the event loop.
        if (m_lock.heldByOther() && QDateTime::currentDateTimeUtc() < m_lockDeadline) {
            QTimer::singleShot(50, this, [this] { tryLock(); });
            return;
        }
        const Pending p = m_txQueue.takeFirst();
        m_txActive = false;
        if (p.context)
            p.then(error);
        startNextTransaction();
        return;
    }
    recoverJournal([this](bool, const QStringList& notes) {
        m_recoveryNotes = notes;
        const Pending p = m_txQueue.takeFirst();
        if (p.context)
            p.then(QString());
        else
            endTransaction();
    });
}

void CredentialStore::endTransaction()
{
    m_lock.unlock();
    m_txActive = false;
    if (!m_txQueue.isEmpty())
        QTimer::singleShot(0, this, [this] { startNextTransaction(); });
}

void CredentialStore::deleteSecretsOf(const QStringList& ids, std::function<void(bool, const QString&)> done)
{
    QStringList keys;
    for (const QString& id : ids)
        keys << CredentialRecord::secretKeyFor(id) << CredentialRecord::accessTokenKeyFor(id);
    auto state = std::make_shared<std::pair<bool, QString>>(true, QString());
    forEachInTurn(
        keys.size(),
        [this, keys, state](qsizetype i, std::function<void()> next) {
            m_secrets.remove(keys[i], this, [this, keys, state, i, next](const SecretResult& r) {
                if (!r.ok() && r.error != SecretResult::NotFound && state->first) {
                    state->first = false;
                    state->second = keychainMessage(r, QString()).trimmed();
                }
                if (r.ok() || r.error == SecretResult::NotFound)
                    clearCachedTokenInfo(CredentialRecord::idOfKey(keys[i]));
                next();
            });
        },
        [state, done] { done(state->first, state->second); });
}

QString CredentialStore::describeChange(const JournalEntry& e)
{
    if (e.op == QLatin1String("remove"))
        return tr("the removal of \"%1\"").arg(e.name);
    if (e.op == QLatin1String("switch"))
        return tr("the switch of \"%1\" to its new certificate").arg(e.name);
    return tr("the import of \"%1\"").arg(e.name);
}

void CredentialStore::recoverJournal(std::function<void(bool, const QStringList&)> done)
{
    QStringList notes;
    const QList<JournalEntry> entries = m_journal.entries(&notes);
    if (entries.isEmpty())
        return QTimer::singleShot(0, this, [done, notes] { done(notes.isEmpty(), notes); });
    const MetadataFile meta = readMetadata();
    if (!meta.writable()) {
        notes << tr("unfinished changes are left as they are until the credential list can be read");
        return QTimer::singleShot(0, this, [done, notes] { done(false, notes); });
    }
    auto state = std::make_shared<std::pair<bool, QStringList>>(notes.isEmpty(), notes);
    forEachInTurn(
        entries.size(),
        [this, entries, meta, state](qsizetype i, std::function<void()> next) {
            const JournalEntry e = entries[i];
            const bool committed = e.committed(meta);
            deleteSecretsOf(
                e.idsToDelete(meta), [this, e, committed, state, next](bool ok, const QString& error) {
                    if (ok && m_journal.remove(e)) {
                        state->second << (committed ? tr("finished what was interrupted: %1")
                                                    : tr("rolled back what was interrupted: %1"))
                                             .arg(describeChange(e));
                    } else {
                        state->first = false;
                        state->second << tr("not finished yet: %1 (%2)").arg(describeChange(e), error);
                    }
                    next();
                });
        },
        [state, done] { done(state->first, state->second); });
}

bool CredentialStore::modify(const std::function<bool(QList<CredentialRecord>&, QString*)>& edit,
                             QString* error)
{
    if (m_txActive) {
        if (error)
            *error =
                tr("another change to the credential list is in progress; try again when it has finished");
        return false;
    }
    if (!m_lock.lock(10000, error))
        return false;
    MetadataFile meta = readMetadata();
    bool ok = meta.writable();
    if (!ok && error)
        *error = meta.error;
    ok = ok && edit(meta.records, error) && meta.write(error);
    m_lock.unlock();
    if (ok)
        adopt(meta);
    return ok;
}

QString CredentialStore::keychainMessage(const SecretResult& r, const QString& what) const
{
    switch (r.error) {
    case SecretResult::Unavailable:
        return tr("no keychain is available: %1 could not be reached (%2). %3 Nothing is ever stored in "
                  "plain text.")
            .arg(m_secrets.backendName(), r.errorString, what);
    case SecretResult::Locked:
        return tr("%1 is locked: unlock it (log in to the desktop session, or run: gnome-keyring-daemon "
                  "--unlock, "
                  "or open Passwords and Keys) and try again. %2")
            .arg(m_secrets.backendName(), what);
    case SecretResult::AccessDenied:
        return tr("access to %1 was denied (%2). %3").arg(m_secrets.backendName(), r.errorString, what);
    case SecretResult::NotFound:
        return tr("the item is missing from %1. %2").arg(m_secrets.backendName(), what);
    default:
        return tr("%1 failed: %2. %3").arg(m_secrets.backendName(), r.errorString, what);
    }
}

// ---- Import, remove, switch ----------------------------------------------------------------

void CredentialStore::importCredential(const ParsedCredential& cred, const ImportOptions& options,
                                       QObject* context, std::function<void(const ImportResult&)> done)
{
    QPointer<QObject> guard(context);
    // One copy of the secrets, shared by the steps below and wiped once written.
    auto secrets = std::make_shared<CredentialSecrets>();
    CredentialRecord rec = recordFor(cred, *secrets);
    const QString credName = defaultName(cred);
    const CredentialKind kind = cred.kind; // the lambdas below must not copy `cred` (it holds the secrets)
    beginTransaction(this, [=, this](const QString& lockError) mutable {
        auto fail = [this, guard, done, secrets](const QString& message, bool locked = true) {
            secrets->wipe();
            if (locked)
                endTransaction();
            ImportResult r;
            r.error = message;
            if (guard)
                done(r);
        };
        if (!lockError.isEmpty())
            return fail(lockError + QLatin1Char(' ') + tr("Nothing was stored."), false);
        MetadataFile meta = readMetadata();
        if (!meta.writable())
            return fail(meta.error + QLatin1Char(' ') + tr("Nothing was stored."));

        // Which record, if any, this import replaces.
        auto byName = [&](const QString& n) -> std::optional<CredentialRecord> {
            for (const CredentialRecord& r : std::as_const(meta.records))
                if (r.name == n)
                    return r;
            return std::nullopt;
        };
        std::optional<CredentialRecord> previous;
        QString name = options.name;
        if (!name.isEmpty()) {
            if (!isValidCredentialName(name))
                return fail(
                    tr("name \"%1\" is not allowed: use letters, digits, '.', '_' and '-' (at most 80)")
                        .arg(name));
            previous = byName(name);
            if (previous) {
                const bool same = previous->kind == kind &&
                                  (kind == CredentialKind::LocalDev || previous->clientId == credName);
                if (!same)
                    return fail(tr("a different credential is already stored as \"%1\"; choose another name")
                                    .arg(name));
            } else if (meta.hasName(name)) {
                return fail(
                    tr("the name \"%1\" belongs to a record this program cannot read; choose another name")
                        .arg(name));
            }
        } else {
            name = credName;
            if (canMint(kind)) {
                for (const CredentialRecord& r : std::as_const(meta.records))
                    if (r.kind == kind && r.clientId == name)
                        previous = r;
            } else {
                previous = byName(name);
            }
            if (previous) {
                name = previous->name;
            } else if (meta.hasName(name)) {
                int n = 2;
                while (meta.hasName(name + QLatin1Char('-') + QString::number(n)))
                    ++n;
                name += QLatin1Char('-') + QString::number(n);
            }
            if (!isValidCredentialName(name))
                return fail(tr("cannot derive a name from the credential; give one with a name option"));
        }
        rec.id = newId();
        rec.name = name;
        rec.importedAt = m_clock.now();
        // URLs: explicit options win, then what the previous import was told, then the client id.
        const Environment* old = previous ? &previous->environment : nullptr;
        auto pick = [](const QUrl& opt, const QUrl* prev, const QUrl& derived) {
            return opt.isValid() && !opt.isEmpty()
                       ? opt
                       : (prev && prev->isValid() && !prev->isEmpty() ? *prev : derived);
        };
        rec.environment.author = pick(options.author, old ? &old->author : nullptr, rec.environment.author);
        rec.environment.publish =
            pick(options.publish, old ? &old->publish : nullptr, rec.environment.publish);
        rec.environment.preview =
            pick(options.preview, old ? &old->preview : nullptr, rec.environment.preview);

        JournalEntry entry;
        entry.tx = newId();
        entry.op = QStringLiteral("import");
        entry.name = rec.name;
        entry.created = {rec.id};
        if (previous)
            entry.obsolete = {previous->id};
        entry.marker = rec.id;
        entry.committedWhenPresent = true;
        entry.startedAt = m_clock.now();
        // A locked or absent keychain is said at once, before anything is written.
        m_secrets.probe(this, [=, this](const SecretResult& p) mutable {
            if (!p.ok())
                return fail(keychainMessage(p, tr("Nothing was stored.")));
            QString error;
            if (!m_journal.add(entry, &error))
                return fail(error + QLatin1Char(' ') + tr("Nothing was stored."));

            QByteArray blob = secretBlob(rec, *secrets);
            secrets->wipe();
            m_secrets.write(rec.secretKey(), blob, this, [=, this](const SecretResult& w) mutable {
                auto rollBack = [this, entry, fail](const QString& message) {
                    deleteSecretsOf(entry.created, [this, entry, fail, message](bool ok, const QString&) {
                        // When even the roll-back fails, the journal keeps it for the next change.
                        if (ok)
                            m_journal.remove(entry);
                        fail(message + QLatin1Char(' ') + tr("Nothing was stored."));
                    });
                };
                if (!w.ok())
                    return rollBack(keychainMessage(w, QString()).trimmed());
                MetadataFile meta = readMetadata();
                QString error;
                if (!meta.writable())
                    return rollBack(meta.error);
                if (previous)
                    meta.records.removeIf([&](const CredentialRecord& r) { return r.id == previous->id; });
                meta.records.removeIf([&](const CredentialRecord& r) { return r.name == rec.name; });
                meta.records.append(rec);
                if (!meta.write(&error))
                    return rollBack(error);
                adopt(meta); // committed
                deleteSecretsOf(entry.obsolete,
                                [this, guard, done, entry, rec, previous](bool ok, const QString& error) {
                                    ImportResult result;
                                    result.ok = true;
                                    result.name = rec.name;
                                    result.replaced = previous.has_value();
                                    if (ok)
                                        m_journal.remove(entry);
                                    else
                                        result.warning = tr("the secrets of the earlier import of \"%1\" are "
                                                            "still in the keychain (%2); they are "
                                                            "deleted the next time the credential list "
                                                            "changes, or by: aemtoken doctor --repair")
                                                             .arg(rec.name, error);
                                    endTransaction();
                                    if (guard)
                                        done(result);
                                });
            });
            blob.fill('\0');
        });
    });
}

void CredentialStore::removeCredential(const QString& name, QObject* context,
                                       std::function<void(bool, const QString&)> done)
{
    switchCredential(name, QString(), context, std::move(done));
}

void CredentialStore::switchCredential(const QString& oldName, const QString& newName, QObject* context,
                                       std::function<void(bool, const QString&)> done)
{
    QPointer<QObject> guard(context);
    const QString what = newName.isEmpty() ? tr("Nothing was removed.") : tr("Nothing was changed.");
    beginTransaction(this, [=, this](const QString& lockError) {
        auto finish = [this, guard, done](bool ok, const QString& message, bool locked = true) {
            if (locked)
                endTransaction();
            if (guard)
                done(ok, message);
        };
        if (!lockError.isEmpty())
            return finish(false, lockError + QLatin1Char(' ') + what, false);
        const MetadataFile meta = readMetadata();
        if (!meta.writable())
            return finish(false, meta.error + QLatin1Char(' ') + what);
        auto idOf = [&](const QString& n) {
            for (const CredentialRecord& r : meta.records)
                if (r.name == n)
                    return r.id;
            return QString();
        };
        const QString oldId = idOf(oldName);
        if (oldId.isEmpty())
            return finish(false, tr("no credential named \"%1\"").arg(oldName));
        if (!newName.isEmpty() && idOf(newName).isEmpty())
            return finish(false, tr("no credential named \"%1\"").arg(newName));
        // Secrets are deleted after the record goes: check first that the keychain will let us.
        m_secrets.probe(this, [=, this](const SecretResult& p) {
            if (!p.ok())
                return finish(false, keychainMessage(p, what));
            JournalEntry entry;
            entry.tx = newId();
            entry.op = newName.isEmpty() ? QStringLiteral("remove") : QStringLiteral("switch");
            entry.name = oldName;
            entry.obsolete = {oldId};
            entry.marker = oldId;
            entry.committedWhenPresent = false;
            entry.startedAt = m_clock.now();
            QString error;
            if (!m_journal.add(entry, &error))
                return finish(false, error + QLatin1Char(' ') + what);
            MetadataFile next = readMetadata();
            next.records.removeIf([&](const CredentialRecord& r) { return r.id == oldId; });
            for (CredentialRecord& r : next.records)
                if (!newName.isEmpty() && r.name == newName)
                    r.name = oldName;
            if (!next.writable() || !next.write(&error)) {
                m_journal.remove(entry);
                return finish(false, (next.writable() ? error : next.error) + QLatin1Char(' ') + what);
            }
            adopt(next); // committed
            deleteSecretsOf({oldId}, [=, this](bool ok, const QString& error) {
                if (!ok)
                    return finish(
                        false,
                        tr("\"%1\" is no longer listed, but its secrets are still in the keychain (%2); they "
                           "are deleted the next time the credential list changes, or by: aemtoken doctor "
                           "--repair")
                            .arg(oldName, error));
                m_journal.remove(entry);
                finish(true, QString());
            });
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
            if (r.error == SecretResult::NotFound)
                done(std::nullopt,
                     tr("the secrets of \"%1\" are missing from %2: import the credential again")
                         .arg(name, m_secrets.backendName()));
            else
                done(std::nullopt, keychainMessage(r, tr("Cannot read the secrets of \"%1\".").arg(name)));
            return;
        }
        auto s = CredentialSecrets::fromJson(r.data);
        if (!s)
            done(std::nullopt,
                 tr("the keychain entry of \"%1\" is damaged; import the credential again").arg(name));
        else
            done(std::move(s), {});
    });
}

bool CredentialStore::renameCredential(const QString& from, const QString& to, QString* error)
{
    if (!isValidCredentialName(to)) {
        if (error)
            *error =
                tr("name \"%1\" is not allowed: use letters, digits, '.', '_' and '-' (at most 80)").arg(to);
        return false;
    }
    const MetadataFile current = readMetadata();
    return modify(
        [&](QList<CredentialRecord>& records, QString* err) {
            if (current.hasName(to) || std::any_of(records.cbegin(), records.cend(),
                                                   [&](const CredentialRecord& r) { return r.name == to; })) {
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
    CachedTokenInfo info{fromIsoUtc(o.value(QLatin1String("createdAt"))),
                         fromIsoUtc(o.value(QLatin1String("expiresAt")))};
    if (!info.expiresAt.isValid())
        return std::nullopt;
    return info;
}

bool CredentialStore::saveCachedTokenInfo(const CredentialRecord& record, const CachedTokenInfo& info,
                                          QString* error)
{
    const QJsonObject o{{QStringLiteral("createdAt"), isoUtc(info.createdAt)},
                        {QStringLiteral("expiresAt"), isoUtc(info.expiresAt)}};
    return writeFileAtomically(tokenInfoPath(m_location, record.id), QJsonDocument(o).toJson(), true, error);
}

void CredentialStore::clearCachedTokenInfo(const CredentialRecord& record)
{
    clearCachedTokenInfo(record.id);
}

void CredentialStore::clearCachedTokenInfo(const QString& id)
{
    if (!id.isEmpty())
        QFile::remove(tokenInfoPath(m_location, id));
}

QString CredentialStore::lockFilePath(const CredentialRecord& record) const
{
    return m_location.cacheDir + QStringLiteral("/locks/") + record.id + QStringLiteral(".lock");
}

} // namespace aem
