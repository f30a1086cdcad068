// SPDX-License-Identifier: Apache-2.0
#include "storedoctor.h"

#include "async.h"
#include "atomicfile.h"
#include "credentialrecord.h"
#include "credentialstore.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSet>

#include <memory>

namespace aem {

QString DoctorFinding::code() const
{
    switch (kind) {
    case DamagedMetadata: return QStringLiteral("damaged_metadata");
    case UnknownRecord: return QStringLiteral("unknown_record");
    case UnfinishedTransaction: return QStringLiteral("unfinished_transaction");
    case DamagedJournal: return QStringLiteral("damaged_journal");
    case MissingSecrets: return QStringLiteral("missing_secrets");
    case OrphanToken: return QStringLiteral("orphan_token");
    case OrphanCredential: return QStringLiteral("orphan_credential");
    case UnrecoverableItem: return QStringLiteral("unrecoverable_item");
    case KeychainUnchecked: return QStringLiteral("keychain_unchecked");
    case UnreadableItem: return QStringLiteral("unreadable_item");
    }
    return QString();
}

bool DoctorReport::repairable() const
{
    return std::any_of(findings.cbegin(), findings.cend(), [](const DoctorFinding& f) {
        return f.kind == DoctorFinding::UnfinishedTransaction || f.kind == DoctorFinding::OrphanToken
            || f.kind == DoctorFinding::OrphanCredential || f.kind == DoctorFinding::UnrecoverableItem
            || f.kind == DoctorFinding::DamagedMetadata;
    });
}

StoreDoctor::StoreDoctor(CredentialStore& store, QObject* parent) : QObject(parent), m_store(store)
{
}

StoreDoctor::~StoreDoctor()
{
    // Destroyed in the middle of a repair: its callbacks are dropped, so end the transaction here
    // or the store would stay locked.
    if (m_inTransaction)
        m_store.endTransaction();
}

namespace {

// The backup of a damaged metadata file, when it can be used.
bool backupUsable(const QString& path)
{
    return MetadataFile::read(MetadataFile::backupPath(path)).status == MetadataFile::Ok;
}

} // namespace

void StoreDoctor::check(std::function<void(const DoctorReport&)> done)
{
    auto report = std::make_shared<DoctorReport>();
    const MetadataFile meta = m_store.readMetadata();
    report->credentials = int(meta.records.size());
    if (!meta.error.isEmpty()) {
        QString message = meta.error;
        if (meta.status == MetadataFile::Damaged && backupUsable(meta.path))
            message += QLatin1Char(' ')
                + tr("(the last good copy, %1, can be restored with: aemtoken doctor --repair)")
                      .arg(QDir::toNativeSeparators(MetadataFile::backupPath(meta.path)));
        report->findings.append({DoctorFinding::DamagedMetadata, message, QString(), QString()});
    }
    for (const MetadataFile::Unknown& u : meta.unknown)
        report->findings.append({DoctorFinding::UnknownRecord, u.problem, u.name, QString()});
    QStringList journalProblems;
    const QList<JournalEntry> entries = m_store.journal().entries(&journalProblems);
    QSet<QString> pending;
    for (const JournalEntry& e : entries) {
        report->findings.append({DoctorFinding::UnfinishedTransaction,
                                 tr("interrupted and not finished: %1 (started %2)")
                                     .arg(CredentialStore::describeChange(e), isoUtcSeconds(e.startedAt)),
                                 e.name, QString()});
        for (const QString& id : e.created + e.obsolete)
            pending.insert(id);
    }
    for (const QString& p : journalProblems)
        report->findings.append({DoctorFinding::DamagedJournal, p, QString(), QString()});

    m_store.secrets().list(this, [this, report, meta, pending, done](const SecretResult& l) {
        if (l.error == SecretResult::Unsupported) {
            done(*report); // this backend cannot list: keychainChecked stays false
            return;
        }
        if (!l.ok()) {
            report->findings.append({DoctorFinding::KeychainUnchecked,
                                     m_store.keychainMessage(l, tr("The keychain items were not checked.")), QString(),
                                     QString()});
            done(*report);
            return;
        }
        if (!meta.writable()) {
            // Without the list every item would look like an orphan: judge none.
            report->findings.append({DoctorFinding::KeychainUnchecked,
                                     tr("the keychain items are not judged until the credential list can be read"),
                                     QString(), QString()});
            done(*report);
            return;
        }
        report->keychainChecked = true;
        const QSet<QString> keys(l.keys.cbegin(), l.keys.cend());
        for (const CredentialRecord& r : meta.records)
            if (!keys.contains(r.secretKey()) && !(r.kind == CredentialKind::Local && r.basicUser.isEmpty()))
                report->findings.append(
                    {DoctorFinding::MissingSecrets,
                     tr("\"%1\" has no secrets in the keychain and cannot be used: import its file again "
                        "(aemtoken import FILE --name %2), or remove it (aemtoken remove %2)")
                         .arg(r.name, shellWord(r.name)),
                     r.name, r.secretKey()});
        // Items no record or unfinished transaction explains.
        QStringList orphans;
        for (const QString& key : l.keys) {
            const QString id = CredentialRecord::idOfKey(key);
            if (id.isEmpty())
                continue; // not one of our keys' shapes: not ours to judge
            ++report->items;
            if (meta.hasId(id) || pending.contains(id))
                continue;
            if (key == CredentialRecord::accessTokenKeyFor(id))
                report->findings.append({DoctorFinding::OrphanToken,
                                         tr("a cached access token (%1) belongs to no listed credential").arg(key),
                                         QString(), key});
            else
                orphans << key;
        }
        // A whole credential without its record: can it be restored?
        forEachInTurn(
            orphans.size(),
            [this, report, orphans](qsizetype i, std::function<void()> next) {
                const QString key = orphans[i];
                m_store.secrets().read(key, this, [report, key, next](const SecretResult& r) {
                    QByteArray data = r.data;
                    const auto rec = r.ok() ? CredentialStore::recordInBlob(data) : std::nullopt;
                    data.fill('\0');
                    if (rec)
                        report->findings.append(
                            {DoctorFinding::OrphanCredential,
                             tr("the keychain holds the credential \"%1\" (%2), which is not listed")
                                 .arg(rec->name, key),
                             rec->name, key});
                    else
                        report->findings.append(
                            {DoctorFinding::UnrecoverableItem,
                             r.ok()
                                 ? tr("the keychain item %1 belongs to no listed credential and cannot be put back on "
                                      "the list (an older format); it is kept until you confirm its deletion "
                                      "(aemtoken doctor --repair --delete-orphans)")
                                       .arg(key)
                                 : QString(),
                             QString(), key});
                    if (!rec && !r.ok()) {
                        report->findings.last().kind = DoctorFinding::UnreadableItem;
                        report->findings.last().message = tr("the keychain item %1 belongs to no listed credential and "
                                                             "cannot be read now (%2); it is kept")
                                                              .arg(key, r.errorString);
                    }
                    next();
                });
            },
            [report, done] { done(*report); });
    });
}

void StoreDoctor::repair(RepairOptions options, std::function<void(const QStringList&, const DoctorReport&)> done)
{
    // The transaction itself finishes or rolls back what the journal holds.
    m_store.beginTransaction(this, [this, options, done](const QString& lockError) {
        m_inTransaction = lockError.isEmpty();
        auto actions = std::make_shared<QStringList>(lockError.isEmpty() ? m_store.lastRecoveryNotes() : QStringList());
        if (!lockError.isEmpty()) {
            actions->append(lockError);
            check([actions, done](const DoctorReport& after) { done(*actions, after); });
            return;
        }
        // A damaged file is copied aside; its last good copy is written back atomically.
        MetadataFile meta = m_store.readMetadata();
        if (meta.status == MetadataFile::Damaged && backupUsable(meta.path)) {
            const QString aside = meta.path + QStringLiteral(".damaged-")
                + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
            QFile bak(MetadataFile::backupPath(meta.path));
            QString error;
            const QByteArray good = bak.open(QIODevice::ReadOnly) ? bak.read(16 * 1024 * 1024) : QByteArray();
            if (QFile::copy(meta.path, aside) && !good.isEmpty()
                && writeFileAtomically(meta.path, good, true, &error)) {
                actions->append(tr("restored %1 from its backup; the damaged file is kept as %2")
                                    .arg(QDir::toNativeSeparators(meta.path), QDir::toNativeSeparators(aside)));
                // Interrupted changes cannot be judged against an older list: their journal goes,
                // and the items they touched are then found below and put back on the list (or,
                // for tokens, deleted) — nothing is rolled back into oblivion.
                for (const JournalEntry& e : m_store.journal().entries())
                    m_store.journal().remove(e);
            } else {
                actions->append(
                    tr("could not restore %1 from its backup: %2")
                        .arg(QDir::toNativeSeparators(meta.path), error.isEmpty() ? tr("the copy failed") : error));
            }
        }
        check([this, options, done, actions](const DoctorReport& found) {
            MetadataFile meta = m_store.readMetadata();
            QStringList toDelete;
            QStringList toRestore;
            for (const DoctorFinding& f : found.findings) {
                if (f.kind == DoctorFinding::OrphanToken
                    || (f.kind == DoctorFinding::UnrecoverableItem && options.deleteUnrecoverable))
                    toDelete << f.key;
                else if (f.kind == DoctorFinding::OrphanCredential && meta.writable())
                    toRestore << f.key;
            }
            forEachInTurn(
                toDelete.size(),
                [this, toDelete, actions](qsizetype i, std::function<void()> next) {
                    m_store.secrets().remove(
                        toDelete[i], this, [this, key = toDelete[i], actions, next](const SecretResult& r) {
                            actions->append(r.ok() || r.error == SecretResult::NotFound
                                                ? tr("deleted the keychain item %1").arg(key)
                                                : tr("could not delete the keychain item %1: %2")
                                                      .arg(key, m_store.keychainMessage(r, QString()).trimmed()));
                            next();
                        });
                },
                [this, toRestore, actions, done] {
                    forEachInTurn(
                        toRestore.size(),
                        [this, toRestore, actions](qsizetype i, std::function<void()> next) {
                            const QString key = toRestore[i];
                            m_store.secrets().read(key, this, [this, key, actions, next](const SecretResult& r) {
                                QByteArray data = r.data;
                                auto rec = r.ok() ? CredentialStore::recordInBlob(data) : std::nullopt;
                                data.fill('\0');
                                if (rec)
                                    restore(*rec, key, *actions);
                                next();
                            });
                        },
                        [this, actions, done] {
                            m_inTransaction = false;
                            m_store.endTransaction();
                            check([actions, done](const DoctorReport& after) { done(*actions, after); });
                        });
                });
        });
    });
}

void StoreDoctor::restore(CredentialRecord rec, const QString& key, QStringList& actions)
{
    MetadataFile meta = m_store.readMetadata();
    if (!meta.writable())
        return;
    rec.id = CredentialRecord::idOfKey(key);
    QString base = QStringLiteral("recovered-") + rec.name;
    base.truncate(70);
    QString name = base;
    for (int n = 2; meta.hasName(name); ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    rec.name = name;
    meta.records.append(rec);
    QString error;
    if (meta.write(&error)) {
        m_store.adopt(meta);
        actions.append(tr("put the credential found in %1 back on the list as \"%2\"").arg(key, name));
    } else {
        actions.append(tr("could not put %1 back on the list: %2").arg(key, error));
    }
}

} // namespace aem
