// SPDX-License-Identifier: Apache-2.0
#pragma once

// A credential read from a file (or stdin) for one call — `--from FILE|-`, AEMTOKEN_FROM — for
// servers and CI jobs with no desktop keychain. Nothing of it is stored: no metadata, no keychain
// item, no file under HOME or the XDG dirs. Its minted access tokens (never the key or the
// secret) are cached in the kernel keyring when there is one (KernelKeyringCache), keyed by the
// credential's identity; parallel callers mint once through a lock file in $XDG_RUNTIME_DIR (a
// per-user tmpfs), else in a 0700 directory of ours under the temporary directory.

#include "credentials.h"
#include "credentialsource.h"
#include "kernelkeyring.h"

#include <memory>
#include <optional>

namespace aem {

class Clock;

class FileCredentialSource : public CredentialSource
{
    Q_OBJECT
public:
    struct Hosts
    {
        QUrl author; // given with --author etc.; empty: derived from the client id where it names them
        QUrl publish;
        QUrl preview;
    };

    // Parses `json` (the caller wipes it). nullptr with `error` set when it is not a usable
    // credential; `warnings` gets what the check found short of an error.
    static std::unique_ptr<FileCredentialSource> fromJson(const QByteArray& json, const QString& origin,
                                                          const Hosts& hosts, const Clock& clock, qint64 reuseMarginMs,
                                                          QString* error, QStringList* warnings = nullptr);
    ~FileCredentialSource() override;

    const CredentialRecord& record() const { return m_record; }
    // Why minted tokens are not cached between calls (no kernel keyring), or empty.
    QString cacheUnavailableReason() const;
    // For tests: the cache's key prefix (parallel test runs keep apart) and its kernel calls
    // (not owned; nullptr: the real kernel).
    void setCachePrefix(const QString& prefix, KeyringCalls* calls = nullptr);

    bool reload(QString* error = nullptr) override;
    QList<CredentialRecord> credentials() const override { return {m_record}; }
    void readSecrets(const CredentialRecord& record, QObject* context, SecretsCallback done) override;
    // The token cache is the kernel keyring (no file, no keychain): its entry's expiry, read
    // from the key itself; nullopt where the keyring is refused.
    std::optional<CachedTokenInfo> cachedTokenInfo(const CredentialRecord& record) const override;
    void readCachedToken(const CredentialRecord& record, QObject* context,
                         std::function<void(const CachedTokenRead&)> done) override;
    // A key that times out at the token's expiry minus the reuse margin; a full quota evicts
    // expired entries of ours first, and a refusal is reported in `notKept`, never fatal.
    void keepToken(const CredentialRecord& record, const QByteArray& token, const CachedTokenInfo& info,
                   QObject* context, std::function<void(const QString& notKept)> done) override;
    // Unlinks our key (revoke): the next call mints.
    void forgetToken(const CredentialRecord& record, QObject* context,
                     std::function<void(const QString& error)> done) override;
    // In $XDG_RUNTIME_DIR (a per-user tmpfs), else a private directory under /tmp.
    QString lockFilePath(const CredentialRecord& record) const override;

private:
    FileCredentialSource(const Clock& clock, qint64 reuseMarginMs);
    bool cacheable() const;
    std::optional<KernelTokenEntry> readEntry() const;
    void forgetPeeked() const;

    const Clock& m_clock;
    qint64 m_reuseMarginMs;
    CredentialRecord m_record;
    CredentialSecrets m_secrets; // in memory only, wiped on destruction
    QByteArray m_identity; // hex digest: the cache key and the id's tail
    std::unique_ptr<KernelKeyringCache> m_cache;
    // The entry cachedTokenInfo() read, answered again by it and handed to the readCachedToken()
    // that follows (the token service and the provider ask for the expiry, then the token): one
    // kernel read per cached token. Wiped when handed over, when a lock is asked for (a mint may
    // follow), on keepToken/forgetToken and on destruction.
    mutable std::optional<KernelTokenEntry> m_peeked;
};

} // namespace aem
