#pragma once

// Stored credentials: non-secret metadata in one JSON file under the XDG data dir (written
// atomically), secrets in the keychain. Import is all or nothing.

#include "credentials.h"
#include "environment.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace aem {

class Clock;
class SecretStore;

struct StoreLocation
{
    QString dataDir;  // credentials.json
    QString cacheDir; // tokens/<id>.json (expiry of cached tokens), locks/

    // $XDG_DATA_HOME/aem-token-manager and $XDG_CACHE_HOME/aem-token-manager.
    static StoreLocation standard();
    // A separate store, e.g. the sandbox's: <root>/data and <root>/cache.
    static StoreLocation under(const QString& root);
};

struct CredentialRecord
{
    QString id; // random, names the keychain entries; a new one on every import
    QString name;
    CredentialKind kind = CredentialKind::Service;
    QDateTime importedAt;
    Environment environment;

    // Service credentials (nothing secret).
    QString imsEndpoint;
    QString clientId;
    QString email;
    QString technicalAccountId;
    QString org;
    QStringList metascopes;
    QByteArray certificatePem;
    QDateTime certificateNotAfter;
    QString certificateFingerprint;

    // Local development token (the token itself is secret and lives in the keychain).
    QString tokenUserId;
    QString tokenClientId;
    QDateTime localTokenCreatedAt;
    QDateTime localTokenExpiresAt;

    QString secretKey() const { return id + QStringLiteral("/credential"); }
    QString accessTokenKey() const { return id + QStringLiteral("/access-token"); }

    QJsonObject toJson() const;
    static std::optional<CredentialRecord> fromJson(const QJsonObject& o);
};

struct CachedTokenInfo
{
    QDateTime createdAt;
    QDateTime expiresAt;
};

// Names are used on command lines and in file names: letters, digits, '.', '_' and '-'.
bool isValidCredentialName(const QString& name);

class CredentialStore : public QObject
{
    Q_OBJECT
public:
    CredentialStore(StoreLocation location, SecretStore& secrets, const Clock& clock, QObject* parent = nullptr);

    const StoreLocation& location() const { return m_location; }
    SecretStore& secrets() const { return m_secrets; }

    // Reads the metadata file. Cheap (a few KiB); a missing file is an empty store.
    bool load(QString* error = nullptr);
    const QList<CredentialRecord>& records() const { return m_records; }
    std::optional<CredentialRecord> find(const QString& name) const;

    struct ImportOptions
    {
        QString name; // empty: derived from the credential
        QUrl author;  // empty: derived from the client id
        QUrl publish;
        QUrl preview;
    };
    struct ImportResult
    {
        bool ok = false;
        QString name;
        bool replaced = false;
        QString error;
    };
    // Stores the secrets in the keychain, then the metadata; on any failure nothing stays stored.
    // Importing the same credential again (same client id, or a local development token under
    // the same name) replaces it.
    void importCredential(const ParsedCredential& cred, const ImportOptions& options, QObject* context,
                          std::function<void(const ImportResult&)> done);

    // Deletes the keychain entries, then the metadata.
    void removeCredential(const QString& name, QObject* context, std::function<void(bool ok, const QString& error)> done);

    void readSecrets(const CredentialRecord& record, QObject* context,
                     std::function<void(std::optional<CredentialSecrets>, const QString& error)> done);

    // Gives a stored credential another (unused) name; its keychain entries stay as they are.
    bool renameCredential(const QString& from, const QString& to, QString* error = nullptr);

    // Updates the author/publish/preview URLs of a stored credential.
    bool setEnvironment(const QString& name, const Environment& env, QString* error = nullptr);

    // Expiry of the cached access token (not secret); the token itself is in the keychain.
    std::optional<CachedTokenInfo> cachedTokenInfo(const CredentialRecord& record) const;
    bool saveCachedTokenInfo(const CredentialRecord& record, const CachedTokenInfo& info, QString* error = nullptr);
    void clearCachedTokenInfo(const CredentialRecord& record);
    QString lockFilePath(const CredentialRecord& record) const;

    // Turns a keychain failure into the message users see.
    QString keychainMessage(const struct SecretResult& r, const QString& what) const;

Q_SIGNALS:
    void changed();

private:
    QString metadataPath() const;
    // Re-reads, applies `edit` and writes atomically under a lock, so concurrent processes
    // do not lose each other's changes.
    bool modify(const std::function<bool(QList<CredentialRecord>&, QString*)>& edit, QString* error);
    bool readFile(QList<CredentialRecord>& out, QString* error) const;

    StoreLocation m_location;
    SecretStore& m_secrets;
    const Clock& m_clock;
    QList<CredentialRecord> m_records;
};

} // namespace aem
