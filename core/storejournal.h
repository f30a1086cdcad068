// SPDX-License-Identifier: Apache-2.0
#pragma once

// The store's intent journal: before a transaction touches the keychain it writes down which
// keychain items it is about to create and which it will delete once the metadata is
// committed. Whoever takes the store's lock next (or `aemtoken doctor --repair`) finishes a
// committed transaction (deletes what it made obsolete) or rolls back one that never committed
// (deletes what it created), so no orphan stays behind after a failure or a SIGKILL.

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace aem {

class MetadataFile;

struct JournalEntry
{
    QString tx; // unique, names the journal file
    QString op; // "import", "remove", "switch": for messages
    QString name; // the credential's name, for messages
    QStringList created; // record ids whose keychain items this transaction writes
    QStringList obsolete; // record ids whose keychain items go once it has committed
    // Committed when the metadata holds `marker` (import) or no longer holds it (remove).
    QString marker;
    bool committedWhenPresent = true;
    QDateTime startedAt;

    bool committed(const MetadataFile& metadata) const;
    // What recovery deletes: the obsolete ids when committed, else the created ones.
    QStringList idsToDelete(const MetadataFile& metadata) const;
};

class StoreJournal
{
public:
    explicit StoreJournal(QString dir);

    // Written atomically (0600 in a 0700 directory) before the transaction's first keychain job.
    bool add(const JournalEntry& entry, QString* error);
    bool remove(const JournalEntry& entry, QString* error = nullptr);
    // Oldest first. Files that cannot be read are kept and named in `problems`.
    QList<JournalEntry> entries(QStringList* problems = nullptr) const;
    // Record ids any pending entry may still need: their keychain items are not orphans yet.
    QStringList pendingIds() const;

private:
    QString fileFor(const QString& tx) const;
    QString m_dir;
};

} // namespace aem
