// SPDX-License-Identifier: Apache-2.0
#pragma once

// Stored credentials: non-secret metadata in one JSON file under the XDG data dir (written
// atomically), secrets in the keychain. Every change that touches both is one transaction:
// under the store's lock, an intent journal entry is written first, then the keychain jobs and
// the metadata commit run, each awaited; after any failure or a SIGKILL the next transaction (or
// `aemtoken doctor --repair`) finishes or rolls back what the journal shows, so every listed
// credential reaches its secrets and every keychain item of ours belongs to a listed credential.

#include "credentialrecord.h"
#include "credentialsource.h"
#include "metadatafile.h"
#include "storefiles.h"
#include "storejournal.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace aem {

class Clock;
class SecretStore;

struct StoreLocation
{
    QString dataDir; // credentials.json
    QString cacheDir; // tokens/<id>.json (expiry of cached tokens), locks/

    // $XDG_DATA_HOME/aem-token-manager and $XDG_CACHE_HOME/aem-token-manager.
    static StoreLocation standard();
    // A separate store, e.g. the sandbox's: <root>/data and <root>/cache.
    static StoreLocation under(const QString& root);
};

// The non-secret record and the secrets of a parsed credential (its id left empty).
CredentialRecord recordOfCredential(const ParsedCredential& cred, CredentialSecrets& secrets);

class CredentialStore : public CredentialSource
{
    Q_OBJECT
public:
    CredentialStore(StoreLocation location, SecretStore& secrets, const Clock& clock, QObject* parent = nullptr);

    const StoreLocation& location() const { return m_location; }
    SecretStore& secrets() const { return m_secrets; }

    // Reads the metadata file. Cheap (a few KiB); a missing file is an empty store. False when
    // the file cannot be used at all (damaged, newer version, unreadable): `error` says why.
    // Records that cannot be understood are kept out of records() and named in problems().
    bool load(QString* error = nullptr);
    const QList<CredentialRecord>& records() const { return m_records; }
    std::optional<CredentialRecord> find(const QString& name) const { return byName(name); }
    // CredentialSource: the same records, the keychain's secrets, the token cached in the keychain.
    bool reload(QString* error = nullptr) override { return load(error); }
    QList<CredentialRecord> credentials() const override { return m_records; }
    // What the last load() found that is not a usable record: one line each.
    QStringList problems() const { return m_problems; }
    QString metadataPath() const;
    // The file as it is now (unchanged since the last read: that read's result, not parsed again).
    MetadataFile readMetadata() const;
    // A read of metadataPath() made elsewhere (on another thread, while the program starts):
    // the next read takes its result if the file still holds the same bytes. Only clean reads.
    void primeRead(const MetadataFile& read) const;
    StoreJournal& journal() { return m_journal; }

    struct ImportOptions
    {
        QString name; // empty: derived from the credential
        QUrl author; // empty: derived from the client id
        QUrl publish;
        QUrl preview;
    };
    struct ImportResult
    {
        bool ok = false;
        QString name;
        bool replaced = false;
        QString error;
        QString warning; // succeeded, but something is left for later (said once)
    };
    // One transaction: the secrets into the keychain, then the metadata, then the replaced
    // credential's secrets deleted. On any failure nothing stays stored. Importing the same
    // credential again (same client id, or a local development token under the same name)
    // replaces it.
    void importCredential(const ParsedCredential& cred, const ImportOptions& options, QObject* context,
                          std::function<void(const ImportResult&)> done);

    // One transaction: the record leaves the metadata, then its secrets are deleted. Refused
    // while the keychain is locked or absent; never reports success while secrets remain.
    void removeCredential(const QString& name, QObject* context,
                          std::function<void(bool ok, const QString& error)> done);

    // The end of a certificate rotation, one transaction: `newName` takes the name `oldName`
    // and `oldName`'s record and secrets go.
    void switchCredential(const QString& oldName, const QString& newName, QObject* context,
                          std::function<void(bool ok, const QString& error)> done);

    void readSecrets(const CredentialRecord& record, QObject* context, SecretsCallback done) override;

    // Gives a stored credential another name, unused without regard to case; its id stays, and
    // with it its keychain entries, cached token, history and the CLI's default credential.
    bool renameCredential(const QString& from, const QString& to, QString* error = nullptr);

    // Says what kind of environment a stored credential opens (None clears it).
    bool setEnvType(const QString& name, EnvType type, QString* error = nullptr);

    // Updates the author/publish/preview URLs of a stored credential.
    bool setEnvironment(const QString& name, const Environment& env, QString* error = nullptr);

    // Expiry of the cached access token (not secret); the token itself is in the keychain.
    std::optional<CachedTokenInfo> cachedTokenInfo(const CredentialRecord& record) const override;
    void readCachedToken(const CredentialRecord& record, QObject* context,
                         std::function<void(const CachedTokenRead&)> done) override;
    void keepToken(const CredentialRecord& record, const QByteArray& token, const CachedTokenInfo& info,
                   QObject* context, std::function<void(const QString& notKept)> done) override;
    // Removes the token from the keychain, then (only once it is gone) its expiry file; `error`
    // names the keychain or the file that still holds it.
    void forgetToken(const CredentialRecord& record, QObject* context,
                     std::function<void(const QString& error)> done) override;
    bool saveCachedTokenInfo(const CredentialRecord& record, const CachedTokenInfo& info, QString* error = nullptr);
    void clearCachedTokenInfo(const CredentialRecord& record);
    void clearCachedTokenInfo(const QString& id);
    // Removes the expiry file of `id`'s cached token; a missing one is fine. False with one line
    // naming the file when it stays.
    bool removeCachedTokenInfo(const QString& id, QString* error);
    QString lockFilePath(const CredentialRecord& record) const override;

    // The cause of a keychain failure.
    static FailureCause causeOf(const struct SecretResult& r);
    // Turns a keychain failure into the message users see.
    QString keychainMessage(const struct SecretResult& r, const QString& what) const;

    // The building blocks of a transaction, for the store doctor.
    // Takes the store's lock (waiting on the event loop, up to 10 s), finishes or rolls back
    // interrupted transactions, then calls `then` with an empty error; queued behind a
    // transaction of this process already running. Every begin is paired with endTransaction().
    void beginTransaction(QObject* context, std::function<void(const QString& error)> then);
    void endTransaction();
    // Deletes every keychain item of these record ids, awaiting each; a missing one is fine.
    // `error` is the first failure's message.
    void deleteSecretsOf(const QStringList& ids, std::function<void(bool ok, const QString& error)> done);
    // Finishes or rolls back what the journal holds (call inside a transaction); `notes` says
    // what it did and what it could not do.
    void recoverJournal(std::function<void(bool ok, const QStringList& notes)> done);
    // "the import of \"dev\"": a journal entry in words.
    static QString describeChange(const JournalEntry& entry);
    // What the recovery at the start of the last transaction did.
    QStringList lastRecoveryNotes() const { return m_recoveryNotes; }
    // The keychain blob: the secrets and a copy of the record, so an item found without its
    // record can be restored to the list.
    static QByteArray secretBlob(const CredentialRecord& record, const CredentialSecrets& secrets);
    static std::optional<CredentialRecord> recordInBlob(const QByteArray& blob);
    // Reloads records() from `metadata` and announces the change.
    void adopt(const MetadataFile& metadata);

private:
    // Re-reads, applies `edit` and writes atomically under the lock, so concurrent processes
    // do not lose each other's changes. Metadata only.
    bool modify(const std::function<bool(QList<CredentialRecord>&, QString*)>& edit, QString* error);
    void startNextTransaction();
    void tryLock();

    StoreLocation m_location;
    SecretStore& m_secrets;
    const Clock& m_clock;
    QList<CredentialRecord> m_records;
    mutable MetadataFile m_lastRead; // the last clean read of the file, for readMetadata()
    QStringList m_problems;
    QStringList m_recoveryNotes;
    StoreJournal m_journal;
    StoreLock m_lock;
    struct Pending
    {
        QPointer<QObject> context;
        std::function<void(const QString&)> then;
    };
    QList<Pending> m_txQueue;
    bool m_txActive = false;
    QDateTime m_lockDeadline;
};

} // namespace aem
