// SPDX-License-Identifier: Apache-2.0
#pragma once

// A cache of minted access tokens in the Linux kernel keyring (libkeyutils): memory only, never
// on disk, shared by every process of the user, no D-Bus. Only access tokens go here — never a
// private key or a client secret. One key per credential identity in the user keyring:
//   type "user", description "<prefix>:token:<identity>", timeout = the token's expiry minus the
// reuse margin (the kernel drops it then), permissions possessor all + user
// view/read/write/search/setattr, nothing for group and other — so a process of the same user
// whose session keyring does not link the user keyring (SSH, CI, systemd, `keyctl new_session`)
// still reads it. Each write is published atomically: the key is made in the thread keyring, its
// permissions and timeout set, then linked into the user keyring (displacing the previous key of
// that description). docs/architecture.md § Kernel keyring.

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace aem {

class Clock;

struct KernelTokenEntry
{
    QByteArray token; // secret: the caller wipes it (wipeSecret) when done
    QDateTime createdAt;
    QDateTime expiresAt;
};

// The kernel calls the cache makes, one virtual each so tests can inject a failure (EDQUOT,
// ENOSYS, EPERM) in front of the real kernel. Each returns what the kernel returned (>= 0) or
// -errno. Key and keyring ids are key_serial_t values, special ids (KEY_SPEC_*) included.
class KeyringCalls
{
public:
    virtual ~KeyringCalls() = default;
    virtual long keyringId(qint32 keyring, bool create);
    virtual long addKey(const QByteArray& description, const QByteArray& payload, qint32 keyring);
    virtual long search(qint32 keyring, const QByteArray& description);
    // Reads at most `max` bytes into *out; returns the payload's full length (which may be more).
    virtual long read(qint32 key, QByteArray* out, int max);
    virtual long describe(qint32 key, QByteArray* out);
    virtual long update(qint32 key, const QByteArray& payload);
    virtual long setPerm(qint32 key, quint32 perm);
    virtual long setTimeout(qint32 key, unsigned seconds);
    virtual long link(qint32 key, qint32 keyring);
    virtual long unlink(qint32 key, qint32 keyring);
    // The real kernel (libkeyutils).
    static KeyringCalls& kernel();
};

// Synchronous (each call is a few system calls); one object per thread, as it keeps the probe's
// result unguarded and writes through the calling thread's keyring.
class KernelKeyringCache
{
public:
    // Payloads (token plus 25 bytes of header) larger than this are refused (a token is 1-3 kB;
    // the kernel takes at most 32767 bytes in a "user" key, 20000 per non-root user in all).
    static constexpr int kMaxPayload = 16 * 1024;

    // `prefix` separates users of the keyring ("aemtoken"; tests use a unique one); letters,
    // digits, '.', '_' and '-' only. `calls` (not owned) defaults to the real kernel.
    explicit KernelKeyringCache(const Clock& clock, QString prefix = QStringLiteral("aemtoken"),
                                KeyringCalls* calls = nullptr);

    // Hex SHA-256 over a domain-separation label, the IMS host, the client id and the secret
    // material (private key PEM or client secret). The secret is neither stored nor derivable.
    static QByteArray identity(const QString& imsHost, const QString& clientId, const QByteArray& secretMaterial);
    // Seconds the kernel should keep a token: until its expiry minus the reuse margin, from
    // `now`; <= 0 when it is not worth caching.
    static qint64 timeoutFor(const KernelTokenEntry& e, const QDateTime& now, qint64 reuseMarginMs);

    // Whether the kernel keyring can be used; probed once per object (the user keyring's id).
    // false with one line in *why when the kernel refuses (ENOSYS, EPERM/EACCES from seccomp or a
    // container) or the prefix is not valid.
    bool available(QString* why = nullptr) const;

    // The entry of `identity`, if one is cached and not expired by the clock. A miss with a cause
    // worth telling sets *why (a plain absence leaves it empty). An entry that is not ours in
    // shape (bad size, version, times or token bytes) is removed and reported as a miss.
    std::optional<KernelTokenEntry> read(const QByteArray& identity, QString* why = nullptr);
    // Caches `e` for `timeoutSecs` (timeoutFor()). On a full quota (EDQUOT) evicts expired entries
    // and retries, then evicts this prefix's oldest entry and retries; false with one line in
    // *why when it still cannot (the token is then simply not cached). An evicted entry is first
    // shrunk to one byte, which returns its quota at once; the kernel frees an unlinked key's
    // quota only when its collector runs, so a retry after eviction waits for it (<= 100 ms).
    bool write(const QByteArray& identity, const KernelTokenEntry& e, qint64 timeoutSecs, QString* why = nullptr);
    void remove(const QByteArray& identity);
    // Unlinks the user keyring's keys the kernel reports expired (nobody can use them any more;
    // the kernel collects them only after gc_delay, 5 min, and until then they count against the
    // quota) and this prefix's entries that are garbage or whose expiry passed at `now`.
    // Returns how many went.
    int evictExpired(const QDateTime& now);
    // Removes every entry of this prefix (tests' cleanup, "forget everything"). Returns how many.
    int clear();

    QByteArray keyDescription(const QByteArray& identity) const;
    // Encoding of one entry (versioned binary); exposed for tests that plant entries.
    static QByteArray encode(const KernelTokenEntry& e);
    static std::optional<KernelTokenEntry> decode(const QByteArray& payload);

private:
    struct Ours
    {
        qint32 key = 0;
        QByteArray description;
    };
    QList<Ours> ourKeys(int* expiredUnlinked);
    long publish(const QByteArray& description, const QByteArray& payload, unsigned timeout);
    long publishAfterEviction(const QByteArray& description, const QByteArray& payload, unsigned timeout);
    bool drop(qint32 key);
    bool evictOldest(); // the entry being replaced too: a fresh mint supersedes it
    QString quotaText() const;

    const Clock& m_clock;
    QString m_prefix;
    KeyringCalls& m_calls;
    mutable std::optional<QString> m_unavailable; // probed: empty string = available
};

} // namespace aem
