// SPDX-License-Identifier: Apache-2.0
#include "kernelkeyring.h"

#include "clock.h"
#include "processhygiene.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QtEndian>

#include <keyutils.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::KernelKeyring)
};

// Possessor: view, write, link, setattr — not read or search: the kernel lets any process that
// possesses a key read it whatever its uid (another user's process that inherited our session
// keyring, `sudo -u`), so reading goes by the user permissions alone. User (any process of this
// uid, possessor or not): view, read, write, search, setattr. Group and other: nothing.
constexpr quint32 kPerm = KEY_POS_VIEW | KEY_POS_WRITE | KEY_POS_LINK | KEY_POS_SETATTR | KEY_USR_VIEW | KEY_USR_READ
    | KEY_USR_WRITE | KEY_USR_SEARCH | KEY_USR_SETATTR;
static_assert(kPerm == KernelKeyringCache::kPermissions);
constexpr int kMaxEvictions = 3; // live entries a full quota may cost one write
constexpr char kMagic[4] = {'A', 'E', 'M', 'K'};
constexpr char kVersion = 1;
constexpr int kHeader = 4 + 1 + 8 + 8 + 4; // magic, version, createdAt, expiresAt, token length
constexpr char kTombstone[] = "-"; // what an evicted entry holds until it is unlinked
constexpr int kMaxKeyringList = 4 * 1024 * 1024;

QString errText(long err)
{
    return qt_error_string(int(err));
}

bool tokenBytesOk(const QByteArray& t)
{
    return !t.isEmpty() && std::all_of(t.begin(), t.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool identityOk(const QByteArray& id)
{
    return !id.isEmpty() && id.size() <= 128
        && std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void putBe64(QByteArray& out, qint64 v)
{
    char b[8];
    qToBigEndian(v, b);
    out.append(b, 8);
}
} // namespace

// ---- the cache ----

KernelKeyringCache::KernelKeyringCache(const Clock& clock, QString prefix, KeyringCalls* calls)
    : m_clock(clock), m_prefix(std::move(prefix)), m_calls(calls ? *calls : KeyringCalls::kernel())
{
}

QByteArray KernelKeyringCache::identity(const QString& imsHost, const QString& clientId,
                                        const QByteArray& secretMaterial)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto field = [&h](const QByteArray& v) {
        char len[4];
        qToBigEndian(quint32(v.size()), len);
        h.addData(QByteArrayView(len, 4));
        h.addData(v);
    };
    field(QByteArrayLiteral("aemtoken kernel keyring token identity v1"));
    field(imsHost.toLower().toUtf8());
    field(clientId.toUtf8());
    field(secretMaterial);
    return h.result().toHex();
}

qint64 KernelKeyringCache::timeoutFor(const KernelTokenEntry& e, const QDateTime& now, qint64 reuseMarginMs)
{
    const qint64 ms = now.msecsTo(e.expiresAt) - reuseMarginMs;
    return ms <= 0 ? 0 : ms / 1000;
}

QByteArray KernelKeyringCache::keyDescription(const QByteArray& identity) const
{
    return m_prefix.toUtf8() + ":token:" + identity;
}

QByteArray KernelKeyringCache::encode(const KernelTokenEntry& e)
{
    QByteArray out;
    out.reserve(kHeader + int(e.token.size())); // one buffer: no stray copy of the token
    out.append(kMagic, 4);
    out.append(kVersion);
    putBe64(out, e.createdAt.toMSecsSinceEpoch());
    putBe64(out, e.expiresAt.toMSecsSinceEpoch());
    char len[4];
    qToBigEndian(quint32(e.token.size()), len);
    out.append(len, 4);
    out.append(e.token);
    return out;
}

std::optional<KernelTokenEntry> KernelKeyringCache::decode(const QByteArray& p)
{
    if (p.size() <= kHeader || p.size() > kMaxPayload || !p.startsWith(QByteArrayView(kMagic, 4))
        || p.at(4) != kVersion)
        return std::nullopt;
    const qint64 created = qFromBigEndian<qint64>(p.constData() + 5);
    const qint64 expires = qFromBigEndian<qint64>(p.constData() + 13);
    const quint32 len = qFromBigEndian<quint32>(p.constData() + 21);
    // Milliseconds between 1970 and 9999: anything else is not a time we wrote.
    constexpr qint64 kMaxMs = 253402300799999LL;
    if (len != quint32(p.size() - kHeader) || created <= 0 || created > kMaxMs || expires <= created
        || expires > kMaxMs)
        return std::nullopt;
    KernelTokenEntry e;
    e.token = p.mid(kHeader);
    if (!tokenBytesOk(e.token)) {
        wipeSecret(e.token);
        return std::nullopt;
    }
    e.createdAt = QDateTime::fromMSecsSinceEpoch(created, Qt::UTC);
    e.expiresAt = QDateTime::fromMSecsSinceEpoch(expires, Qt::UTC);
    return e;
}

bool KernelKeyringCache::available(QString* why) const
{
    if (!m_unavailable) {
        static const QRegularExpression prefixRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
        if (!prefixRe.match(m_prefix).hasMatch()) {
            m_unavailable = Tr::tr("the kernel keyring prefix \"%1\" is not valid: 1 to 64 letters, "
                                   "digits, '.', '_' or '-'")
                                .arg(m_prefix);
        } else {
            const long r = m_calls.keyringId(KEY_SPEC_USER_KEYRING, true);
            if (r >= 0)
                m_unavailable = QString();
            else if (r == -ENOSYS)
                m_unavailable = Tr::tr("the kernel keyring is not available: this kernel has no key "
                                       "management (ENOSYS)");
            else if (r == -EPERM || r == -EACCES)
                m_unavailable = Tr::tr("the kernel keyring is not available: %1 (refused by a seccomp "
                                       "filter or a container's policy?)")
                                    .arg(errText(-r));
            else
                m_unavailable = Tr::tr("the kernel keyring is not available: %1").arg(errText(-r));
        }
    }
    if (why && !m_unavailable->isEmpty())
        *why = *m_unavailable;
    return m_unavailable->isEmpty();
}

std::optional<KernelTokenEntry> KernelKeyringCache::read(const QByteArray& identity, QString* why)
{
    if (!available(why))
        return std::nullopt;
    if (!identityOk(identity)) {
        if (why)
            *why = Tr::tr("the kernel keyring identity is not a lowercase hex digest");
        return std::nullopt;
    }
    const QByteArray description = keyDescription(identity);
    long failure = 0;
    const qint32 key = ourKey(description, &failure);
    if (!key) {
        // Absent, timed out, revoked, or not ours (nested in @u, another owner, other
        // permissions): a plain miss. The token minted next is written soon: our keys the
        // kernel expired go now, so that their quota is back by then.
        evictExpired(m_clock.now());
        // (EACCES: a key of that description that we may not search, someone else's.)
        if (why && failure && failure != -ENOKEY && failure != -EKEYEXPIRED && failure != -EKEYREVOKED
            && failure != -EACCES)
            *why = Tr::tr("cannot search the kernel keyring for a cached token: %1").arg(errText(-failure));
        return std::nullopt;
    }
    QByteArray payload;
    const long n = m_calls.read(qint32(key), &payload, kMaxPayload);
    if (n < 0) {
        if (why && n != -EKEYEXPIRED && n != -EKEYREVOKED)
            *why = Tr::tr("cannot read the cached token from the kernel keyring: %1").arg(errText(-n));
        return std::nullopt;
    }
    auto entry = n > kMaxPayload ? std::nullopt : decode(payload);
    const bool tombstone = payload == kTombstone; // being evicted by another process
    wipeSecret(payload);
    if (!entry) {
        m_calls.unlink(qint32(key), KEY_SPEC_USER_KEYRING);
        if (why && !tombstone)
            *why = Tr::tr("the kernel keyring entry %1 did not hold a token entry; removed")
                       .arg(QString::fromUtf8(description));
        return std::nullopt;
    }
    if (entry->expiresAt <= m_clock.now()) {
        wipeSecret(entry->token);
        m_calls.unlink(qint32(key), KEY_SPEC_USER_KEYRING);
        return std::nullopt;
    }
    return entry;
}

long KernelKeyringCache::publish(const QByteArray& description, const QByteArray& payload, unsigned timeout)
{
    // Made in the thread keyring, which this thread possesses, so the permissions and the timeout
    // can be set even when the session keyring does not link the user keyring; only then linked
    // into the user keyring, so no other process ever sees it half made.
    const long key = m_calls.addKey(description, payload, KEY_SPEC_THREAD_KEYRING);
    if (key < 0)
        return key;
    long r = m_calls.setPerm(qint32(key), kPerm);
    if (r >= 0)
        r = m_calls.setTimeout(qint32(key), timeout);
    if (r >= 0)
        r = m_calls.link(qint32(key), KEY_SPEC_USER_KEYRING);
    m_calls.unlink(qint32(key), KEY_SPEC_THREAD_KEYRING);
    return r < 0 ? r : key;
}

bool KernelKeyringCache::write(const QByteArray& identity, const KernelTokenEntry& e, qint64 timeoutSecs, QString* why)
{
    auto fail = [why](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
    if (!available(why))
        return false;
    if (!identityOk(identity))
        return fail(Tr::tr("the kernel keyring identity is not a lowercase hex digest"));
    if (!tokenBytesOk(e.token))
        return fail(Tr::tr("the token to cache in the kernel keyring is empty or holds spaces or "
                           "control characters"));
    if (!e.createdAt.isValid() || !e.expiresAt.isValid())
        return fail(Tr::tr("the token to cache in the kernel keyring has no creation or expiry time"));
    if (e.expiresAt <= e.createdAt)
        return fail(Tr::tr("the token to cache in the kernel keyring expires before it was created"));
    if (kHeader + e.token.size() > kMaxPayload)
        return fail(Tr::tr("the token is too large for the kernel keyring (%1 bytes, at most %2)")
                        .arg(e.token.size())
                        .arg(kMaxPayload - kHeader));
    if (timeoutSecs <= 0)
        return fail(Tr::tr("the token is not cached in the kernel keyring: less than the reuse margin "
                           "of its life remains"));
    const unsigned timeout = unsigned(std::min<qint64>(timeoutSecs, UINT_MAX));
    const QByteArray description = keyDescription(identity);
    QByteArray payload = encode(e);
    long r = -ENOKEY;
    // Ours already there: updated in place (readers see the old or the new payload, never a
    // mix), which costs the quota only the difference.
    if (const qint32 mine = ourKey(description)) {
        r = m_calls.update(mine, payload);
        if (r >= 0)
            r = m_calls.setTimeout(mine, timeout);
    }
    if (r < 0)
        r = publish(description, payload, timeout);
    // Never a wait: the kernel returns an unlinked key's quota only when its collector runs; a
    // shrunk key's bytes come back at once.
    int releasing = 0;
    if (r == -EDQUOT && evictExpired(m_clock.now(), &releasing) > 0)
        r = publish(description, payload, timeout);
    for (int evicted = 0; r == -EDQUOT && releasing == 0 && evicted < kMaxEvictions && evictOldest(); ++evicted)
        r = publish(description, payload, timeout);
    wipeSecret(payload);
    if (r >= 0)
        return true;
    if (r == -EDQUOT && releasing > 0)
        return fail(Tr::tr("the kernel keyring quota is full (%1) until the kernel has released the "
                           "expired entries just removed; the token is not cached this time")
                        .arg(quotaText()));
    if (r == -EDQUOT)
        return fail(Tr::tr("the kernel keyring quota is full (%1); the token is not cached").arg(quotaText()));
    return fail(Tr::tr("cannot cache the token in the kernel keyring: %1").arg(errText(-r)));
}

long KernelKeyringCache::drop(qint32 key)
{
    m_calls.update(key, QByteArray(kTombstone)); // a reader now sees a miss; its bytes are back
    return m_calls.unlink(key, KEY_SPEC_USER_KEYRING);
}

bool KernelKeyringCache::remove(const QByteArray& identity, QString* why)
{
    if (!available() || !identityOk(identity))
        return true; // nothing of ours can be there
    const qint32 key = ourKey(keyDescription(identity));
    const long r = key ? drop(key) : 0;
    if (r >= 0)
        return true;
    if (why)
        *why = Tr::tr("cannot remove the cached token from the kernel keyring: %1").arg(errText(-r));
    return false;
}

QList<qint32> KernelKeyringCache::userKeyringKeys()
{
    QList<qint32> keys;
    QByteArray list;
    long n = m_calls.read(KEY_SPEC_USER_KEYRING, &list, 4096);
    if (n > 4096 && n <= kMaxKeyringList)
        n = m_calls.read(KEY_SPEC_USER_KEYRING, &list, int(n));
    if (n < 0 || n > list.size())
        return keys;
    keys.reserve(list.size() / 4);
    for (qsizetype i = 0; i + 4 <= list.size(); i += 4) {
        qint32 key = 0;
        std::memcpy(&key, list.constData() + i, sizeof key);
        keys.append(key);
    }
    return keys;
}

qint32 KernelKeyringCache::ourKey(const QByteArray& description, long* failure)
{
    // keyctl_search looks at @u's own keys first, then into every keyring nested in it: what it
    // finds is ours only if it is linked in @u itself and is what we make.
    const long found = m_calls.search(KEY_SPEC_USER_KEYRING, description);
    if (found < 0) {
        if (failure)
            *failure = found;
        return 0;
    }
    const qint32 key = qint32(found);
    QByteArray text; // "type;uid;gid;perm;description"
    if (m_calls.describe(key, &text) < 0)
        return 0;
    const QList<QByteArray> f = text.split(';');
    bool permOk = false;
    if (f.size() < 5 || f.at(0) != "user" || f.at(1) != QByteArray::number(uint(getuid()))
        || f.at(3).toUInt(&permOk, 16) != kPerm || !permOk
        || text.mid(f.at(0).size() + f.at(1).size() + f.at(2).size() + f.at(3).size() + 4) != description)
        return 0;
    return userKeyringKeys().contains(key) ? key : 0;
}

QList<KernelKeyringCache::Ours> KernelKeyringCache::ourKeys(int* expiredUnlinked)
{
    QList<Ours> ours;
    const QByteArray mine = m_prefix.toUtf8() + ":token:";
    const QByteArray uid = QByteArray::number(uint(getuid()));
    QList<qint32> expired;
    for (const qint32 key : userKeyringKeys()) {
        QByteArray text;
        const long d = m_calls.describe(key, &text);
        if (d == -EKEYEXPIRED) {
            expired.append(key);
            continue;
        }
        // "type;uid;gid;perm;description"
        const QList<QByteArray> f = text.split(';');
        bool permOk = false;
        if (d < 0 || f.size() < 5 || f.at(0) != "user" || f.at(1) != uid || f.at(3).toUInt(&permOk, 16) != kPerm
            || !permOk)
            continue;
        const QByteArray description = text.mid(f.at(0).size() + f.at(1).size() + f.at(2).size() + f.at(3).size() + 4);
        if (description.startsWith(mine))
            ours.append({key, description});
    }
    if (!expiredUnlinked || expired.isEmpty())
        return ours;
    // Nobody can use an expired key; but whose it is only /proc/keys still tells. Without it,
    // none is touched.
    QByteArray procKeys;
    if (m_calls.procKeys(&procKeys) < 0)
        return ours;
    const QSet<qint32> candidates(expired.cbegin(), expired.cend());
    for (const QByteArray& line : procKeys.split('\n')) {
        const auto k = KeyringCalls::parseProcKey(line);
        if (k && candidates.contains(k->key) && k->expired && k->type == "user" && k->uid == uint(getuid())
            && k->perm == kPerm && k->description.startsWith(mine)
            && m_calls.unlink(k->key, KEY_SPEC_USER_KEYRING) >= 0)
            ++*expiredUnlinked;
    }
    return ours;
}

int KernelKeyringCache::evictExpired(const QDateTime& now, int* releasing)
{
    if (!available())
        return 0;
    int kernelExpired = 0;
    const QList<Ours> ours = ourKeys(&kernelExpired);
    int evicted = kernelExpired;
    if (releasing)
        *releasing = kernelExpired;
    for (const Ours& o : ours) {
        QByteArray payload;
        const long n = m_calls.read(o.key, &payload, kMaxPayload);
        auto entry = n < 0 || n > kMaxPayload ? std::nullopt : decode(payload);
        wipeSecret(payload);
        const bool dead = n >= 0 && (!entry || entry->expiresAt <= now);
        if (entry)
            wipeSecret(entry->token);
        if (dead && drop(o.key) >= 0)
            ++evicted;
    }
    return evicted;
}

bool KernelKeyringCache::evictOldest()
{
    qint32 oldest = 0;
    QDateTime oldestAt;
    for (const Ours& o : ourKeys(nullptr)) {
        QByteArray payload;
        const long n = m_calls.read(o.key, &payload, kMaxPayload);
        auto entry = n < 0 || n > kMaxPayload ? std::nullopt : decode(payload);
        wipeSecret(payload);
        if (!entry)
            continue;
        wipeSecret(entry->token);
        if (!oldest || entry->createdAt < oldestAt) {
            oldest = o.key;
            oldestAt = entry->createdAt;
        }
    }
    return oldest && drop(oldest) >= 0;
}

int KernelKeyringCache::clear()
{
    if (!available())
        return 0;
    int removed = 0;
    for (const Ours& o : ourKeys(nullptr))
        if (m_calls.unlink(o.key, KEY_SPEC_USER_KEYRING) >= 0)
            ++removed;
    return removed;
}

QString KernelKeyringCache::quotaText() const
{
    // /proc/key-users: "<uid>: <usage> <keys>/<instantiated> <keys>/<maxkeys> <bytes>/<maxbytes>"
    QFile f(QStringLiteral("/proc/key-users"));
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray uid = QByteArray::number(uint(getuid())) + ':';
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QList<QByteArray> w = line.simplified().split(' ');
            if (w.size() < 5 || w.at(0) != uid)
                continue;
            const QList<QByteArray> keys = w.at(3).split('/');
            const QList<QByteArray> bytes = w.at(4).split('/');
            if (keys.size() == 2 && bytes.size() == 2)
                return Tr::tr("%1 of %2 keys and %3 of %4 bytes of this user are in use; "
                              "/proc/sys/kernel/keys/maxbytes sets the limit")
                    .arg(QString::fromLatin1(keys.at(0)), QString::fromLatin1(keys.at(1)),
                         QString::fromLatin1(bytes.at(0)), QString::fromLatin1(bytes.at(1)));
        }
    }
    return Tr::tr("see /proc/sys/kernel/keys/maxbytes and maxkeys");
}

} // namespace aem
