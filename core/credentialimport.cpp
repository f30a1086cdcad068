// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

#include "async.h"
#include "atomicfile.h"
#include "clock.h"
#include "credentialnaming.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

// Changes to the credential list that touch the keychain: import, removal and the switch to a
// rotated certificate, each as one transaction (credentialtransactions.cpp).

namespace aem {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

CredentialRecord recordOfCredential(const ParsedCredential& cred, CredentialSecrets& secrets)
{
    CredentialRecord rec;
    rec.kind = cred.kind;
    if (cred.kind == CredentialKind::Service) {
        const ServiceCredential& s = cred.service;
        copyToRecord(s, rec);
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
        copyToRecord(o, rec);
        secrets.clientSecrets = o.clientSecrets;
    } else if (cred.kind == CredentialKind::Local) {
        rec.environment.author = cred.local.author;
        rec.environment.publish = cred.local.publish;
        rec.basicUser = cred.local.user;
        secrets.basicPassword = cred.local.password;
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

void CredentialStore::importCredential(const ParsedCredential& cred, const ImportOptions& options, QObject* context,
                                       std::function<void(const ImportResult&)> done)
{
    QPointer<QObject> guard(context);
    // One copy of the secrets, shared by the steps below and wiped once written.
    auto secrets = std::make_shared<CredentialSecrets>();
    CredentialRecord rec = recordOfCredential(cred, *secrets);
    const QString credName = defaultCredentialName(cred);
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
            for (const CredentialRecord& r : std::as_const(meta.records)) // unique without regard to case
                if (sameCredentialName(r.name, n))
                    return r;
            return std::nullopt;
        };
        std::optional<CredentialRecord> previous;
        QString name = options.name;
        if (!name.isEmpty()) {
            if (const QString problem = credentialNameProblem(name); !problem.isEmpty())
                return fail(tr("name \"%1\" is not allowed: %2").arg(name, problem));
            previous = byName(name);
            if (previous) {
                const bool same = previous->kind == kind && (!canMint(kind) || previous->clientId == credName);
                if (!same)
                    return fail(
                        tr("a different credential is already stored as \"%1\"; choose another name").arg(name));
            } else if (meta.hasName(name)) {
                return fail(
                    tr("the name \"%1\" belongs to a record this program cannot read; choose another name").arg(name));
            }
        } else {
            name = plainCredentialName(credName);
            previous = recordReplacedBy(kind, credName, meta.records);
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
        // A local target's URLs are what the user just gave.
        const Environment* old = previous && kind != CredentialKind::Local ? &previous->environment : nullptr;
        auto pick = [](const QUrl& opt, const QUrl* prev, const QUrl& derived) {
            return opt.isValid() && !opt.isEmpty() ? opt
                                                   : (prev && prev->isValid() && !prev->isEmpty() ? *prev : derived);
        };
        rec.environment.author = pick(options.author, old ? &old->author : nullptr, rec.environment.author);
        rec.environment.publish = pick(options.publish, old ? &old->publish : nullptr, rec.environment.publish);
        rec.environment.preview = pick(options.preview, old ? &old->preview : nullptr, rec.environment.preview);
        // What the user said of the environment stays with a new import of the same credential.
        if (previous) {
            rec.envType = previous->envType;
            rec.envTypeRaw = previous->envTypeRaw;
        }

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
        // A local target without sign-in has no secret: no keychain item is written, and a new
        // one (replacing nothing) needs no keychain at all.
        const bool writesSecret = kind != CredentialKind::Local || !rec.basicUser.isEmpty();
        auto probe = [this, writesSecret, previous](std::function<void(const SecretResult&)> then) {
            if (writesSecret || previous)
                m_secrets.probe(this, then);
            else
                QTimer::singleShot(0, this, [then] { then(SecretResult {}); });
        };
        // A locked or absent keychain is said at once, before anything is written.
        probe([=, this](const SecretResult& p) mutable {
            if (!p.ok())
                return fail(keychainMessage(p, tr("Nothing was stored.")));
            QString error;
            if (!m_journal.add(entry, &error))
                return fail(error + QLatin1Char(' ') + tr("Nothing was stored."));

            QByteArray blob = writesSecret ? secretBlob(rec, *secrets) : QByteArray();
            secrets->wipe();
            auto write = [this, writesSecret, key = rec.secretKey()](const QByteArray& data,
                                                                     std::function<void(const SecretResult&)> then) {
                if (writesSecret)
                    m_secrets.write(key, data, this, then);
                else
                    QTimer::singleShot(0, this, [then] { then(SecretResult {}); });
            };
            write(blob, [=, this](const SecretResult& w) mutable {
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
        // Secrets are deleted after the record goes: check first that the keychain will let us
        // (a local target without sign-in has none; its removal needs no keychain).
        const bool noSecrets = newName.isEmpty()
            && std::any_of(meta.records.cbegin(), meta.records.cend(), [&](const CredentialRecord& r) {
                                   return r.id == oldId && r.kind == CredentialKind::Local && r.basicUser.isEmpty();
                               });
        auto probe = [this, noSecrets](std::function<void(const SecretResult&)> then) {
            if (noSecrets)
                QTimer::singleShot(0, this, [then] { then(SecretResult {}); });
            else
                m_secrets.probe(this, then);
        };
        probe([=, this](const SecretResult& p) {
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
            if (noSecrets) {
                m_journal.remove(entry);
                return finish(true, QString());
            }
            deleteSecretsOf({oldId}, [=, this](bool ok, const QString& error) {
                if (!ok)
                    return finish(false,
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

} // namespace aem
