// SPDX-License-Identifier: Apache-2.0
#pragma once

// A cache of minted access tokens in the Linux kernel keyring (libkeyutils): memory only, never
// on disk, shared by every process of the user, no D-Bus. Only access tokens go here — never a
// private key or a client secret. One key per credential identity in the user keyring:
//   type "user", description "<prefix>:token:<identity>", timeout = the token's expiry minus the
// reuse margin (the kernel drops it then), permissions possessor all + user
// view/read/write/search/setattr, nothing for group and other — so a process of the same user
// whose session keyring does not link the user keyring (SSH, CI, systemd, `keyctl new_session`)
// still reads it. Each new key is published atomically: made in the thread keyring, its
// permissions and timeout set, then linked into the user keyring (displacing the previous key of
// that description); a key of ours already there is updated in place (atomic for readers).
// Only a key linked directly in the user keyring, of type "user", owned by our uid, with exactly
// these permissions is ours: keyctl_search also looks through keyrings nested in @u, and what it
// finds there (or anything else) is never read, served or removed. docs/architecture.md
// § Kernel keyring.

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <QList>

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
    // The text of /proc/keys: the one place that still names an expired key's type, owner and
    // description (keyctl_describe refuses an expired key).
    virtual long procKeys(QByteArray* out);
    // The real kernel (libkeyutils).
    static KeyringCalls& kernel();

    struct ProcKey
    {
        qint32 key = 0;
        bool expired = false;
        quint32 perm = 0;
        uint uid = 0;
        QByteArray type;
        QByteArray description;
    };
    // One line of /proc/keys; nullopt for one not of that shape.
    static std::optional<ProcKey> parseProcKey(const QByteArray& line);
};

// Synchronous (each call is a few system calls); one object per thread, as it keeps the probe's
// result unguarded and writes through the calling thread's keyring.
class KernelKeyringCache
{
public:
    // Payloads (token plus 25 bytes of header) larger than this are refused (a token is 1-3 kB;
    // the kernel takes at most 32767 bytes in a "user" key, 20000 per non-root user in all).
    static constexpr int kMaxPayload = 16 * 1024;
    // The permissions of our keys (KEY_POS_* / KEY_USR_* of keyutils.h): possessor view, write,
    // link, setattr — never read or search, which possession would grant across uids — and user
    // view, read, write, search, setattr; nothing for group and other. A key with any other
    // permissions is not ours.
    static constexpr quint32 kPermissions = 0x352f0000;

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

    // The entry of `identity`, if one of ours is cached and not expired by the clock. A miss with
    // a cause worth telling sets *why (a plain absence leaves it empty). An entry of ours that is
    // not a token entry in shape (bad size, version, times or token bytes) is removed and reported
    // as a miss. A miss also unlinks our keys the kernel expired, so that their quota is back by
    // the time the token minted next is written (the kernel returns it only when its collector
    // has run).
    std::optional<KernelTokenEntry> read(const QByteArray& identity, QString* why = nullptr);
    // Caches `e` for `timeoutSecs` (timeoutFor()), never waiting. On a full quota (EDQUOT) evicts
    // our expired entries and retries once; then, unless the kernel is still to return the quota of
    // expired keys just unlinked (the next write has it), evicts our oldest entries one at a time
    // (at most three), retrying after each: an evicted entry is first shrunk to one byte, which
    // returns its bytes at once. False with one line in *why when it still cannot (the token is
    // then simply not cached).
    bool write(const QByteArray& identity, const KernelTokenEntry& e, qint64 timeoutSecs, QString* why = nullptr);
    // Removes our entry of `identity` (only ours: see ourKey()); false with one line in *why
    // when it is still there.
    bool remove(const QByteArray& identity, QString* why = nullptr);
    // Unlinks our keys (type "user", our uid, our permissions, this prefix, linked directly in @u)
    // that the kernel reports expired (nobody can use them; the kernel collects them only after
    // gc_delay, 5 min, and until then they count against the quota), and our entries that are
    // garbage or whose expiry passed at `now`. Never touches anyone else's key. Returns how many
    // went; *releasing gets how many of them were kernel-expired (their quota comes back later).
    int evictExpired(const QDateTime& now, int* releasing = nullptr);
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
    // Our key of `description` (linked directly in @u, "user", our uid, kPermissions), or 0;
    // *failure gets keyctl_search's error when it found nothing.
    qint32 ourKey(const QByteArray& description, long* failure = nullptr);
    // The keys linked directly in the user keyring.
    QList<qint32> userKeyringKeys();
    // This prefix's keys of our uid, type "user" and kPermissions linked directly in @u; with `expiredUnlinked`,
    // those of them the kernel expired are unlinked and counted there instead.
    QList<Ours> ourKeys(int* expiredUnlinked);
    long publish(const QByteArray& description, const QByteArray& payload, unsigned timeout);
    long drop(qint32 key); // shrinks, then unlinks: unlink()'s result
    bool evictOldest(); // the entry being replaced too: a fresh mint supersedes it
    QString quotaText() const;

    const Clock& m_clock;
    QString m_prefix;
    KeyringCalls& m_calls;
    mutable std::optional<QString> m_unavailable; // probed: empty string = available
};

} // namespace aem
