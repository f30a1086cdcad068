// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

#include "async.h"
#include "atomicfile.h"
#include "secretstore.h"

#include <QTimer>

// The store's transactions: one change at a time within this process, the store lock across
// processes, the journal that lets an interrupted change be finished or rolled back, and the
// messages for keychain failures.

namespace aem {

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
            deleteSecretsOf(e.idsToDelete(meta), [this, e, committed, state, next](bool ok, const QString& error) {
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

bool CredentialStore::modify(const std::function<bool(QList<CredentialRecord>&, QString*)>& edit, QString* error)
{
    if (m_txActive) {
        if (error)
            *error = tr("another change to the credential list is in progress; try again when it has finished");
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
    case SecretResult::NotFound: return tr("the item is missing from %1. %2").arg(m_secrets.backendName(), what);
    default: return tr("%1 failed: %2. %3").arg(m_secrets.backendName(), r.errorString, what);
    }
}

} // namespace aem
