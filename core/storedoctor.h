// SPDX-License-Identifier: Apache-2.0
#pragma once

// Checks the store's invariant — every listed credential reaches its secrets, every keychain
// item of ours belongs to a listed credential, no transaction is left unfinished, nothing in
// the metadata is unreadable — and repairs what is safe to repair. Never destroys the only copy
// of a credential: a keychain item that holds a whole credential but no listed record is put
// back on the list under a name that says so, or kept until the user confirms its deletion.
// Shared by `aemtoken doctor` and the window.

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace aem {

class CredentialStore;
struct CredentialRecord;

struct DoctorFinding
{
    enum Kind {
        DamagedMetadata, // credentials.json cannot be used (damaged, newer, unreadable)
        UnknownRecord, // one record cannot be understood; kept verbatim
        UnfinishedTransaction, // the journal holds an interrupted change
        DamagedJournal, // a journal file cannot be read
        MissingSecrets, // a listed credential without its keychain item
        OrphanToken, // a cached access token of no listed credential
        OrphanCredential, // a whole credential in the keychain that no record lists
        UnrecoverableItem, // an item of ours that no record lists and that cannot be restored
        KeychainUnchecked, // the keychain could not be listed: items were not checked
        UnreadableItem, // an item of ours that no record lists and that cannot be read now
    };
    Kind kind;
    QString message; // one line, for people
    QString name; // the credential concerned, when there is one
    QString key; // the keychain key concerned, when there is one

    // A stable identifier for scripts (--json), e.g. "orphan_token".
    QString code() const;
};

struct DoctorReport
{
    QList<DoctorFinding> findings;
    bool keychainChecked = false;
    int credentials = 0; // listed
    int items = 0; // keychain items of ours
    bool ok() const { return findings.isEmpty(); }
    // Findings that a repair can act on.
    bool repairable() const;
};

class StoreDoctor : public QObject
{
    Q_OBJECT
public:
    explicit StoreDoctor(CredentialStore& store, QObject* parent = nullptr);
    ~StoreDoctor() override;

    void check(std::function<void(const DoctorReport&)> done);

    struct RepairOptions
    {
        bool deleteUnrecoverable = false; // the user confirmed: items that cannot be restored go
    };
    // Finishes or rolls back interrupted transactions, deletes orphaned tokens, restores whole
    // credentials found without a record, restores a damaged metadata file from its backup
    // (keeping the damaged one beside it), then checks again. `actions`: what it did.
    void repair(RepairOptions options, std::function<void(const QStringList& actions, const DoctorReport& after)> done);

private:
    void restore(CredentialRecord record, const QString& key, QStringList& actions);
    CredentialStore& m_store;
    bool m_inTransaction = false;
};

} // namespace aem
