// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where tokens come from: a credential, its secrets and the cache of its access token. The
// store (metadata file + OS keychain) is one source; a credential read from a file for one call
// (`--from`), cached in the kernel keyring, is another. The token provider, token service and
// admin see only this interface and key everything by the credential's id.

#include "credentialrecord.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace aem {

// What made a call fail, set where it failed, so a caller can tell causes apart (the CLI's
// --json codes) without asking the keychain again afterwards, when its state may have changed.
enum class FailureCause {
    None,
    Ims, // IMS or the network (TokenResult::imsError says what)
    Cancelled,
    KeychainLocked,
    KeychainUnavailable, // no keychain at all (no D-Bus session, no Secret Service)
    KeychainDenied, // the keychain refused access
    Other,
};

// A failure of a source: one line, and its cause.
struct SourceError
{
    QString message; // empty when there was none
    FailureCause cause = FailureCause::None;
};

struct CachedTokenInfo
{
    QDateTime createdAt;
    QDateTime expiresAt;
};

struct CachedTokenRead
{
    bool ok = false;
    QByteArray token; // secret
    CachedTokenInfo info;
    bool missing = false; // not there (or not usable): mint instead
    QString error; // a real failure (e.g. a locked keychain), one line
    FailureCause cause = FailureCause::None; // of `error`
};

class CredentialSource : public QObject
{
    Q_OBJECT
public:
    using SecretsCallback = std::function<void(std::optional<CredentialSecrets>, const SourceError& error)>;

    using QObject::QObject;
    ~CredentialSource() override = default;

    // Re-reads the credentials (cheap). False with `error` when they cannot be read at all.
    virtual bool reload(QString* error = nullptr) = 0;
    virtual QList<CredentialRecord> credentials() const = 0;
    std::optional<CredentialRecord> byId(const QString& id) const;
    std::optional<CredentialRecord> byName(const QString& name) const;

    virtual void readSecrets(const CredentialRecord& record, QObject* context, SecretsCallback done) = 0;

    // The cached access token: its expiry (cheap, not secret), the token itself (asynchronous).
    virtual std::optional<CachedTokenInfo> cachedTokenInfo(const CredentialRecord& record) const = 0;
    virtual void readCachedToken(const CredentialRecord& record, QObject* context,
                                 std::function<void(const CachedTokenRead&)> done) = 0;
    // Keeps a minted token; `done` gets an empty string when it was kept, else why not (the
    // token is still good for this call).
    virtual void keepToken(const CredentialRecord& record, const QByteArray& token, const CachedTokenInfo& info,
                           QObject* context, std::function<void(const QString& notKept)> done) = 0;
    // Forgets the cached token; `done` gets an empty string once it is really gone.
    virtual void forgetToken(const CredentialRecord& record, QObject* context,
                             std::function<void(const QString& error)> done) = 0;

    // A lock file that processes minting for this credential share, so parallel callers mint once.
    virtual QString lockFilePath(const CredentialRecord& record) const = 0;

Q_SIGNALS:
    // The credentials changed (here or, for the store, in another process).
    void changed();
};

} // namespace aem
