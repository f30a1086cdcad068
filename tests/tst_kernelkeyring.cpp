// SPDX-License-Identifier: Apache-2.0
// The kernel-keyring token cache against the real kernel keyring of this user. Each test uses a
// prefix of its own and removes its keys in cleanup(); failures the kernel cannot be made to
// give on demand (EDQUOT, ENOSYS, EPERM) come from KeyringCalls overrides in front of it.

#include "kernelkeyring.h"

#include "clock.h"
#include "fakes.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <keyutils.h>

#include <cerrno>
#include <cstdio>
#include <unistd.h>

#include "kernelkeyring_child.h"

using namespace aem;

namespace {

// Injects errors in front of the real kernel.
class FaultyCalls : public KeyringCalls
{
public:
    int quotaFailures = 0; // the next this many addKey() calls fail with EDQUOT
    bool updateQuota = false; // update() fails with EDQUOT
    long keyringError = 0; // keyringId() fails with this (-errno) when set
    int keyringIdCalls = 0;
    int addKeyCalls = 0;
    QList<qint32> reads; // every key whose payload was read
    long read(qint32 key, QByteArray* out, int max) override
    {
        if (key != KEY_SPEC_USER_KEYRING)
            reads.append(key);
        return KeyringCalls::read(key, out, max);
    }
    long update(qint32 key, const QByteArray& payload) override
    {
        return updateQuota ? -EDQUOT : KeyringCalls::update(key, payload);
    }
    long keyringId(qint32 keyring, bool create) override
    {
        ++keyringIdCalls;
        return keyringError ? keyringError : KeyringCalls::keyringId(keyring, create);
    }
    long addKey(const QByteArray& d, const QByteArray& p, qint32 keyring) override
    {
        ++addKeyCalls;
        if (quotaFailures > 0) {
            --quotaFailures;
            return -EDQUOT;
        }
        return KeyringCalls::addKey(d, p, keyring);
    }
};

QByteArray fakeToken(const QByteArray& tag)
{
    return "eyJhbGciOiJSUzI1NiJ9.eyJ0ZXN0Ijoi"
        + tag.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) + "In0.c2lnbmF0dXJl";
}

// A key made as the cache makes it (in the thread keyring, then linked) with any permissions
// and timeout, linked into `keyring`; its id or -errno.
long plant(const QByteArray& description, const QByteArray& payload, quint32 perm, qint32 keyring, unsigned timeout = 0)
{
    KeyringCalls& k = KeyringCalls::kernel();
    const long key = k.addKey(description, payload, KEY_SPEC_THREAD_KEYRING);
    if (key < 0)
        return key;
    long r = k.setPerm(qint32(key), perm);
    if (r >= 0 && timeout)
        r = k.setTimeout(qint32(key), timeout);
    if (r >= 0)
        r = k.link(qint32(key), keyring);
    k.unlink(qint32(key), KEY_SPEC_THREAD_KEYRING);
    return r < 0 ? r : key;
}

bool linkedIn(qint32 keyring, long key)
{
    QByteArray list;
    if (KeyringCalls::kernel().read(keyring, &list, 1 << 20) < 0)
        return false;
    for (qsizetype i = 0; i + 4 <= list.size(); i += 4)
        if (*reinterpret_cast<const qint32*>(list.constData() + i) == qint32(key))
            return true;
    return false;
}

} // namespace

class TestKernelKeyring : public QObject
{
    Q_OBJECT

private:
    QString m_prefix;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<KernelKeyringCache> m_cache;
    QList<long> m_planted; // keys the test made outside the cache, unlinked in cleanup()

    KernelTokenEntry entry(const QByteArray& tag, qint64 createdOffsetMs = 0, qint64 lifeMs = 24 * 3600 * 1000)
    {
        const QDateTime created = m_clock->now().addMSecs(createdOffsetMs);
        return {fakeToken(tag), created, created.addMSecs(lifeMs)};
    }
    QByteArray id(const QByteArray& secret)
    {
        return KernelKeyringCache::identity(QStringLiteral("ims-na1.adobelogin.com"), QStringLiteral("cm-p1-e2-test"),
                                            secret);
    }
    long keyOf(const QByteArray& identity)
    {
        return KeyringCalls::kernel().search(KEY_SPEC_USER_KEYRING, m_cache->keyDescription(identity));
    }
    QString child(const QStringList& args, int* exitCode = nullptr, bool* crashed = nullptr)
    {
        QProcess p;
        p.start(QCoreApplication::applicationFilePath(), QStringList {QStringLiteral("--child")} + args);
        if (!p.waitForFinished(60000))
            return QStringLiteral("timeout");
        if (exitCode)
            *exitCode = p.exitCode();
        if (crashed)
            *crashed = p.exitStatus() == QProcess::CrashExit;
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    }

private Q_SLOTS:
    void init()
    {
        m_prefix = QStringLiteral("aemtoken-test-%1-%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        m_cache = std::make_unique<KernelKeyringCache>(*m_clock, m_prefix);
        QString why;
        if (!m_cache->available(&why))
            QFAIL(qPrintable(why)); // this machine's kernel keyring works (keyctl show @u)
    }
    void cleanup()
    {
        KernelKeyringCache(SystemClock::instance(), m_prefix).clear();
        for (long key : std::as_const(m_planted)) {
            KeyringCalls::kernel().unlink(qint32(key), KEY_SPEC_USER_KEYRING);
            keyctl_revoke(key_serial_t(key)); // gone from nested keyrings too
        }
        m_planted.clear();
        m_cache.reset();
        m_clock.reset();
    }

    void roundTrip()
    {
        const KernelTokenEntry e = entry("round");
        QString why;
        QVERIFY2(m_cache->write(id("s1"), e, 3600, &why), qPrintable(why));
        const auto got = m_cache->read(id("s1"), &why);
        QVERIFY2(got, qPrintable(why));
        QCOMPARE(got->token, e.token);
        QCOMPARE(got->createdAt, e.createdAt);
        QCOMPARE(got->expiresAt, e.expiresAt);
        // A second write replaces the entry.
        const KernelTokenEntry e2 = entry("again", 1000);
        QVERIFY2(m_cache->write(id("s1"), e2, 3600, &why), qPrintable(why));
        QCOMPARE(m_cache->read(id("s1"))->token, e2.token);
        // Possessor view/write/link/setattr (never read: possession crosses uids), user
        // view/read/write/search/setattr, nothing else; in the user keyring.
        QByteArray text;
        const long key = keyOf(id("s1"));
        QVERIFY(key > 0);
        QVERIFY(KeyringCalls::kernel().describe(qint32(key), &text) >= 0);
        QCOMPARE(text.split(';').value(3), QByteArray("352f0000"));
        QVERIFY(text.endsWith(QByteArray(QByteArray(":token:") + id("s1"))));
        QCOMPARE(text.split(';').value(0), QByteArray("user"));
    }

    void otherIdentityMisses()
    {
        QVERIFY(m_cache->write(id("s1"), entry("one"), 3600));
        QString why;
        QVERIFY(!m_cache->read(id("s2"), &why));
        QVERIFY2(why.isEmpty(), qPrintable(why)); // a plain miss has no cause to tell
        // Another prefix does not see it either.
        KernelKeyringCache other(*m_clock, m_prefix + QStringLiteral("-other"));
        QVERIFY(!other.read(id("s1")));
        QVERIFY(m_cache->read(id("s1")));
    }

    void identityDiffers()
    {
        const QByteArray secret = "p8e-SECRET-0123456789";
        const QString host = QStringLiteral("ims-na1.adobelogin.com");
        const QString client = QStringLiteral("cm-p1-e2-x");
        const QByteArray base = KernelKeyringCache::identity(host, client, secret);
        QCOMPARE(base, KernelKeyringCache::identity(host, client, secret));
        QCOMPARE(base.size(), 64);
        QVERIFY(QByteArray::fromHex(base).toHex() == base);
        QVERIFY(base != KernelKeyringCache::identity(host, client, secret + "x"));
        QVERIFY(base != KernelKeyringCache::identity(host, client + QLatin1Char('y'), secret));
        QVERIFY(base != KernelKeyringCache::identity(QStringLiteral("ims-eu1.adobelogin.com"), client, secret));
        // Fields are length-prefixed: moving bytes between them changes the identity.
        QVERIFY(KernelKeyringCache::identity(host, QStringLiteral("ab"), "c")
                != KernelKeyringCache::identity(host, QStringLiteral("a"), "bc"));
        QVERIFY(!base.contains(secret));
        QVERIFY(!base.contains(secret.toHex()));
        QVERIFY(!m_cache->keyDescription(base).contains(secret));
    }

    void timeoutDropsTheKey()
    {
        QVERIFY(m_cache->write(id("t"), entry("short"), 1));
        // The clock does not move: only the kernel's timeout can make it go.
        QTRY_VERIFY_WITH_TIMEOUT(!m_cache->read(id("t")), 30000);
        QCOMPARE(KernelKeyringCache::timeoutFor(entry("x", 0, 3600 * 1000), m_clock->now(), 600 * 1000), 3000);
        QCOMPARE(KernelKeyringCache::timeoutFor(entry("x", 0, 600 * 1000), m_clock->now(), 600 * 1000), 0);
    }

    void expiredByTheClockIsRemoved()
    {
        QVERIFY(m_cache->write(id("c"), entry("clock", 0, 60 * 1000), 3600));
        QVERIFY(m_cache->read(id("c")));
        m_clock->advanceMs(61 * 1000);
        QVERIFY(!m_cache->read(id("c")));
        QCOMPARE(keyOf(id("c")), long(-ENOKEY));
    }

    void anotherSessionReadsAndWrites()
    {
        const QByteArray ident = id("session");
        const KernelTokenEntry e = entry("session");
        QVERIFY(m_cache->write(ident, e, 3600));
        const long mySession = KeyringCalls::kernel().keyringId(KEY_SPEC_SESSION_KEYRING, false);
        // A child in a new, empty session keyring: it does not possess the user keyring's keys.
        int code = -1;
        QString out = child({QStringLiteral("read"), m_prefix, QString::fromLatin1(ident)}, &code);
        QCOMPARE(code, 0);
        const QStringList words = out.split(QLatin1Char(' '));
        QCOMPARE(words.size(), 2);
        QVERIFY2(words.at(0).toLong() != mySession, qPrintable(out));
        QCOMPARE(words.at(1).toLatin1(), QCryptographicHash::hash(e.token, QCryptographicHash::Sha256).toHex());
        // And the other way round: written from a new session, read here.
        const QByteArray ident2 = id("session2");
        out = child({QStringLiteral("write"), m_prefix, QString::fromLatin1(ident2)}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        const auto got = m_cache->read(ident2);
        QVERIFY(got);
        QCOMPARE(got->token, test::childToken(m_prefix));
    }

    void garbageIsAMissAndRemoved_data()
    {
        QTest::addColumn<QByteArray>("payload");
        // Data functions run before init(): no clock of the test's own yet.
        const QDateTime now = test::fixedNow();
        const QByteArray good = KernelKeyringCache::encode({fakeToken("good"), now, now.addDays(1)});
        QTest::newRow("text") << QByteArray("not a token entry");
        QTest::newRow("truncated") << good.left(good.size() - 1);
        QTest::newRow("header only") << good.left(25);
        QByteArray version = good;
        version[4] = 2;
        QTest::newRow("version") << version;
        QByteArray times = good;
        std::fill(times.begin() + 13, times.begin() + 21, '\0'); // expires at 1970
        QTest::newRow("expiry before creation") << times;
        QByteArray crlf = good;
        crlf[good.size() - 3] = '\n';
        QTest::newRow("newline in token") << crlf;
        QTest::newRow("oversized") << (good + QByteArray(KernelKeyringCache::kMaxPayload, 'A'));
    }
    void garbageIsAMissAndRemoved()
    {
        QFETCH(QByteArray, payload);
        const QByteArray ident = id("garbage");
        // Ours in every other way (type, owner, permissions, linked in @u): only the payload is wrong.
        const long key =
            plant(m_cache->keyDescription(ident), payload, KernelKeyringCache::kPermissions, KEY_SPEC_USER_KEYRING);
        QVERIFY2(key > 0, qPrintable(qt_error_string(int(-key))));
        QString why;
        QVERIFY(!m_cache->read(ident, &why));
        QVERIFY2(why.contains(QStringLiteral("did not hold a token entry; removed")), qPrintable(why));
        QCOMPARE(keyOf(ident), long(-ENOKEY));
    }

    void writeRefusesBadInput()
    {
        QString why;
        QVERIFY(!m_cache->write(id("b"), entry("ok"), 0, &why));
        QVERIFY2(why.contains(QStringLiteral("reuse margin")), qPrintable(why));
        KernelTokenEntry big = entry("big");
        big.token = QByteArray(KernelKeyringCache::kMaxPayload, 'A');
        QVERIFY(!m_cache->write(id("b"), big, 3600, &why));
        QVERIFY2(why.contains(QStringLiteral("too large")), qPrintable(why));
        KernelTokenEntry bad = entry("bad");
        bad.token += "\r\nX-Injected: 1";
        QVERIFY(!m_cache->write(id("b"), bad, 3600, &why));
        QVERIFY2(why.contains(QStringLiteral("control characters")), qPrintable(why));
        KernelTokenEntry backwards = entry("back");
        backwards.expiresAt = backwards.createdAt.addSecs(-1);
        QVERIFY(!m_cache->write(id("b"), backwards, 3600, &why));
        QVERIFY2(why.contains(QStringLiteral("expires before")), qPrintable(why));
        QVERIFY(!m_cache->write("not:hex", entry("ok"), 3600, &why));
        QVERIFY2(why.contains(QStringLiteral("hex digest")), qPrintable(why));
        QCOMPARE(keyOf(id("b")), long(-ENOKEY));
        KernelKeyringCache badPrefix(*m_clock, QStringLiteral("no spaces"));
        QVERIFY(!badPrefix.available(&why));
        QVERIFY2(why.contains(QStringLiteral("prefix")), qPrintable(why));
    }

    void removeAndClear()
    {
        QVERIFY(m_cache->write(id("r1"), entry("r1"), 3600));
        QVERIFY(m_cache->write(id("r2"), entry("r2"), 3600));
        m_cache->remove(id("r1"));
        QVERIFY(!m_cache->read(id("r1")));
        QVERIFY(m_cache->read(id("r2")));
        QCOMPARE(m_cache->clear(), 1);
        QVERIFY(!m_cache->read(id("r2")));
    }

    void nestedKeyIsNeverServed()
    {
        // A keyring linked into @u holding a key under our description: keyctl_search finds it.
        KeyringCalls& k = KeyringCalls::kernel();
        const long nested =
            add_key("keyring", qPrintable(m_prefix + QStringLiteral("-nested")), nullptr, 0, KEY_SPEC_THREAD_KEYRING);
        QVERIFY2(nested > 0, qPrintable(qt_error_string(errno)));
        QVERIFY(k.setPerm(qint32(nested), KEY_POS_ALL | KEY_USR_ALL) >= 0);
        QVERIFY(k.link(qint32(nested), KEY_SPEC_USER_KEYRING) >= 0);
        k.unlink(qint32(nested), KEY_SPEC_THREAD_KEYRING);
        m_planted << nested;
        const QByteArray ident = id("nested");
        const long planted = plant(m_cache->keyDescription(ident), KernelKeyringCache::encode(entry("planted")),
                                   KernelKeyringCache::kPermissions, qint32(nested));
        QVERIFY2(planted > 0, qPrintable(qt_error_string(int(-planted))));
        m_planted << planted;
        QCOMPARE(keyOf(ident), planted); // what a search of @u finds

        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QString why;
        QVERIFY(!cache.read(ident, &why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // Ours, once written, is the one served; revoking removes ours and still serves nothing.
        QVERIFY2(cache.write(ident, entry("ours"), 3600, &why), qPrintable(why));
        QCOMPARE(cache.read(ident)->token, fakeToken("ours"));
        cache.remove(ident);
        QVERIFY(!cache.read(ident));
        QVERIFY(!calls.reads.contains(qint32(planted))); // never even read
        QVERIFY(linkedIn(qint32(nested), planted)); // not ours to remove
    }

    void foreignKeysAreIgnored()
    {
        // Linked in @u under our description, but with permissions we never set.
        const QByteArray ident = id("foreign");
        const long other = plant(m_cache->keyDescription(ident), KernelKeyringCache::encode(entry("foreign")),
                                 KEY_POS_ALL | KEY_USR_ALL, KEY_SPEC_USER_KEYRING);
        QVERIFY2(other > 0, qPrintable(qt_error_string(int(-other))));
        m_planted << other;
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QString why;
        QVERIFY(!cache.read(ident, &why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        cache.remove(ident);
        QVERIFY(linkedIn(KEY_SPEC_USER_KEYRING, other));
        QVERIFY(!calls.reads.contains(qint32(other)));
        if (geteuid() != 0)
            return; // chown needs CAP_SYS_ADMIN
        // Our permissions, but another owner (root may hand a key to any uid).
        const QByteArray ident2 = id("owner");
        const long owned = plant(m_cache->keyDescription(ident2), KernelKeyringCache::encode(entry("owner")),
                                 KernelKeyringCache::kPermissions, KEY_SPEC_USER_KEYRING);
        QVERIFY(owned > 0);
        m_planted << owned;
        QVERIFY2(keyctl_chown(key_serial_t(owned), 4242, gid_t(-1)) == 0, qPrintable(qt_error_string(errno)));
        QVERIFY(!cache.read(ident2, &why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        cache.remove(ident2);
        QVERIFY(linkedIn(KEY_SPEC_USER_KEYRING, owned));
        QVERIFY(!calls.reads.contains(qint32(owned)));
    }

    void evictionTouchesOnlyOurs()
    {
        // Expired keys in @u: another prefix's, a keyring under our prefix, (as root) one of
        // another uid under our prefix; and ours.
        const QByteArray hex = id("x");
        QList<long> theirs;
        theirs << plant((m_prefix + QStringLiteral("-other:token:")).toUtf8() + hex, "payload",
                        KernelKeyringCache::kPermissions, KEY_SPEC_USER_KEYRING, 1);
        const long ring =
            add_key("keyring", m_cache->keyDescription(id("ring")).constData(), nullptr, 0, KEY_SPEC_THREAD_KEYRING);
        QVERIFY(ring > 0);
        QVERIFY(KeyringCalls::kernel().setPerm(qint32(ring), KEY_POS_ALL | KEY_USR_ALL) >= 0);
        QVERIFY(KeyringCalls::kernel().setTimeout(qint32(ring), 1) >= 0);
        QVERIFY(KeyringCalls::kernel().link(qint32(ring), KEY_SPEC_USER_KEYRING) >= 0);
        KeyringCalls::kernel().unlink(qint32(ring), KEY_SPEC_THREAD_KEYRING);
        theirs << ring;
        if (geteuid() == 0) {
            const long owned = plant(m_cache->keyDescription(id("owned")), "payload", KernelKeyringCache::kPermissions,
                                     KEY_SPEC_USER_KEYRING, 1);
            QVERIFY(owned > 0);
            QVERIFY(keyctl_chown(key_serial_t(owned), 4242, gid_t(-1)) == 0);
            theirs << owned;
        }
        for (long key : std::as_const(theirs))
            QVERIFY2(key > 0, qPrintable(qt_error_string(int(-key))));
        m_planted << theirs;
        QVERIFY(m_cache->write(id("mine"), entry("mine"), 1));
        const long mine = keyOf(id("mine"));
        QTRY_VERIFY_WITH_TIMEOUT(keyOf(id("mine")) == -EKEYEXPIRED, 30000);
        for (long key : std::as_const(theirs)) {
            QByteArray text;
            QTRY_COMPARE_WITH_TIMEOUT(KeyringCalls::kernel().describe(qint32(key), &text), long(-EKEYEXPIRED), 30000);
        }
        int releasing = 0;
        QCOMPARE(m_cache->evictExpired(m_clock->now(), &releasing), 1);
        QCOMPARE(releasing, 1);
        QVERIFY(!linkedIn(KEY_SPEC_USER_KEYRING, mine));
        for (long key : std::as_const(theirs))
            QVERIFY2(linkedIn(KEY_SPEC_USER_KEYRING, key), qPrintable(QString::number(key)));
    }

    void rewriteUpdatesInPlace()
    {
        // A new token for an identity already cached takes the key it has: no second key, so a
        // full quota does not stop it.
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QVERIFY(cache.write(id("u"), entry("one"), 3600));
        const long key = keyOf(id("u"));
        calls.quotaFailures = 1000;
        calls.addKeyCalls = 0;
        QString why;
        QVERIFY2(cache.write(id("u"), entry("two", 1000), 3600, &why), qPrintable(why));
        QCOMPARE(calls.addKeyCalls, 0);
        QCOMPARE(keyOf(id("u")), key);
        QCOMPARE(cache.read(id("u"))->token, fakeToken("two"));
    }

    void fullQuotaNeverWaits()
    {
        // One publish per eviction, never a retry loop waiting for the kernel's collector.
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QVERIFY(cache.write(id("a"), entry("a", -2000), 100000));
        QVERIFY(cache.write(id("b"), entry("b", -1000), 100000));
        calls.quotaFailures = 1000;
        calls.addKeyCalls = 0;
        QString why;
        QVERIFY(!cache.write(id("c"), entry("c"), 100000, &why));
        QVERIFY2(why.endsWith(QStringLiteral("the token is not cached")), qPrintable(why));
        QCOMPARE(calls.addKeyCalls, 3); // the first try, then one after each of the two evictions
        // Expired keys of ours just unlinked: their quota comes back when the kernel's collector
        // runs. No live entry is evicted for it, and nothing waits: this token is not cached.
        calls.quotaFailures = 0;
        QVERIFY(cache.write(id("live"), entry("live"), 100000));
        QVERIFY(cache.write(id("dead"), entry("dead"), 1));
        QTRY_VERIFY_WITH_TIMEOUT(keyOf(id("dead")) == -EKEYEXPIRED, 30000);
        calls.quotaFailures = 1000;
        calls.addKeyCalls = 0;
        QVERIFY(!cache.write(id("new"), entry("new"), 100000, &why));
        QVERIFY2(why.contains(QStringLiteral("until the kernel has released")), qPrintable(why));
        QCOMPARE(calls.addKeyCalls, 2);
        QVERIFY(cache.read(id("live")));
    }

    void fullQuotaEvictsExpiredEntries()
    {
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QVERIFY(cache.write(id("old"), entry("old", 0, 3600 * 1000), 100000));
        QVERIFY(cache.write(id("live"), entry("live", 0, 48 * 3600 * 1000), 100000));
        m_clock->advanceMs(2 * 3600 * 1000); // "old" expired by its stored expiry
        calls.quotaFailures = 1;
        QString why;
        QVERIFY2(cache.write(id("new"), entry("new"), 100000, &why), qPrintable(why));
        QCOMPARE(calls.quotaFailures, 0);
        QCOMPARE(keyOf(id("old")), long(-ENOKEY));
        QVERIFY(cache.read(id("live")));
        QVERIFY(cache.read(id("new")));
    }

    void fullQuotaEvictsKernelExpiredKeys()
    {
        QVERIFY(m_cache->write(id("dead"), entry("dead"), 1));
        const long key = keyOf(id("dead"));
        QVERIFY(key > 0);
        // Expired, not collected (gc_delay is 5 min); /proc/keys still tells it is ours.
        QTRY_VERIFY_WITH_TIMEOUT(keyOf(id("dead")) == -EKEYEXPIRED, 30000);
        QVERIFY(linkedIn(KEY_SPEC_USER_KEYRING, key));
        m_cache->evictExpired(m_clock->now());
        QByteArray list;
        const long n = KeyringCalls::kernel().read(KEY_SPEC_USER_KEYRING, &list, 1 << 20);
        QVERIFY(n >= 0);
        for (qsizetype i = 0; i + 4 <= list.size(); i += 4)
            QVERIFY(*reinterpret_cast<const qint32*>(list.constData() + i) != qint32(key));
    }

    void fullQuotaEvictsTheOldest()
    {
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QVERIFY(cache.write(id("first"), entry("first", -60000), 100000));
        QVERIFY(cache.write(id("second"), entry("second"), 100000));
        calls.quotaFailures = 1; // nothing expired: the oldest makes room
        QString why;
        QVERIFY2(cache.write(id("third"), entry("third"), 100000, &why), qPrintable(why));
        QCOMPARE(keyOf(id("first")), long(-ENOKEY));
        QVERIFY(cache.read(id("second")));
        QVERIFY(cache.read(id("third")));
        // Replacing the only, oldest entry: the old one makes room for the new.
        cache.clear();
        QVERIFY(cache.write(id("only"), entry("stale", -60000), 100000));
        calls.quotaFailures = 1;
        QVERIFY2(cache.write(id("only"), entry("fresh"), 100000, &why), qPrintable(why));
        QCOMPARE(cache.read(id("only"))->token, fakeToken("fresh"));
    }

    void fullQuotaFallsBack()
    {
        FaultyCalls calls;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        calls.quotaFailures = 1000;
        QString why;
        QVERIFY(!cache.write(id("none"), entry("none"), 100000, &why));
        QVERIFY2(why.startsWith(QStringLiteral("the kernel keyring quota is full (")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("/proc/sys/kernel/keys/maxbytes")), qPrintable(why));
        QVERIFY2(why.endsWith(QStringLiteral("the token is not cached")), qPrintable(why));
        QCOMPARE(keyOf(id("none")), long(-ENOKEY));
    }

    void realQuotaEvicts()
    {
        // The non-root quota (about 20 kB), for real: the child runs as a uid of its own.
        if (geteuid() != 0)
            QSKIP("needs root to start a child as another uid");
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("no setpriv (util-linux)");
        QFile maxbytes(QStringLiteral("/proc/sys/kernel/keys/maxbytes"));
        QVERIFY(maxbytes.open(QIODevice::ReadOnly));
        if (maxbytes.readAll().trimmed().toInt() > 40000)
            QSKIP("this machine's kernel.keys.maxbytes is not the default");
        QProcess p;
        // A uid nobody uses, so its quota is this test's; one of a thousand, so runs in parallel
        // rarely share one, and the kernel keeps at most that many user keyrings of them.
        const QString uid = QString::number(1999999000 + QCoreApplication::applicationPid() % 1000);
        p.start(setpriv,
                {QStringLiteral("--reuid=") + uid, QStringLiteral("--regid=") + uid, QStringLiteral("--clear-groups"),
                 QCoreApplication::applicationFilePath(), QStringLiteral("--child"), QStringLiteral("quota"),
                 m_prefix});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
        if (out.startsWith(QStringLiteral("setpriv:")))
            QSKIP(qPrintable(out)); // e.g. a user namespace without that uid
        QCOMPARE(out, QStringLiteral("ok"));
        QCOMPARE(p.exitCode(), 0);
    }

    void unavailableKeyringSaysWhy_data()
    {
        QTest::addColumn<long>("error");
        QTest::addColumn<QString>("reason");
        QTest::newRow("ENOSYS") << long(-ENOSYS) << QStringLiteral("no key management (ENOSYS)");
        QTest::newRow("EPERM") << long(-EPERM) << QStringLiteral("seccomp");
        QTest::newRow("EACCES") << long(-EACCES) << QStringLiteral("seccomp");
        QTest::newRow("EIO") << long(-EIO) << qt_error_string(EIO);
    }
    void unavailableKeyringSaysWhy()
    {
        QFETCH(long, error);
        QFETCH(QString, reason);
        FaultyCalls calls;
        calls.keyringError = error;
        KernelKeyringCache cache(*m_clock, m_prefix, &calls);
        QString why;
        QVERIFY(!cache.available(&why));
        QVERIFY2(why.startsWith(QStringLiteral("the kernel keyring is not available: ")), qPrintable(why));
        QVERIFY2(why.contains(reason), qPrintable(why));
        QVERIFY(!why.contains(QLatin1Char('\n')));
        QString readWhy, writeWhy;
        QVERIFY(!cache.read(id("u"), &readWhy));
        QVERIFY(!cache.write(id("u"), entry("u"), 3600, &writeWhy));
        QCOMPARE(readWhy, why);
        QCOMPARE(writeWhy, why);
        QCOMPARE(cache.evictExpired(m_clock->now()), 0);
        QCOMPARE(calls.keyringIdCalls, 1); // probed once
        QCOMPARE(keyOf(id("u")), long(-ENOKEY));
    }

    void refusedBySeccomp_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("reason");
        QTest::newRow("EPERM (Docker's profile)") << QStringLiteral("EPERM") << QStringLiteral("seccomp");
        QTest::newRow("ENOSYS") << QStringLiteral("ENOSYS") << QStringLiteral("no key management (ENOSYS)");
    }
    void refusedBySeccomp()
    {
#if defined(__x86_64__)
        QFETCH(QString, error);
        QFETCH(QString, reason);
        int code = -1;
        const QString out = child({QStringLiteral("seccomp"), m_prefix, error}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.startsWith(QStringLiteral("the kernel keyring is not available: ")), qPrintable(out));
        QVERIFY2(out.contains(reason), qPrintable(out));
        QVERIFY(!out.contains(QLatin1Char('\n')));
#else
        QSKIP("the seccomp filter is written for x86_64");
#endif
    }

    void neverWritesAFile()
    {
#if defined(__x86_64__)
        // The filter itself works: a child that opens a file for writing is killed.
        bool crashed = false;
        child({QStringLiteral("selfcheck")}, nullptr, &crashed);
        QVERIFY(crashed);
        int code = -1;
        crashed = true;
        const QString out = child({QStringLiteral("nowrite"), m_prefix, QString::fromLatin1(id("f"))}, &code, &crashed);
        QVERIFY2(!crashed && code == 0, qPrintable(out));
#else
        QSKIP("the no-write filter is written for x86_64");
#endif
    }
};

int main(int argc, char** argv)
{
    if (argc >= 2 && qstrcmp(argv[1], "--child") == 0)
        return test::kernelKeyringChild(argc - 2, argv + 2);
    QCoreApplication app(argc, argv);
    TestKernelKeyring t;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&t, argc, argv);
}

#include "tst_kernelkeyring.moc"
