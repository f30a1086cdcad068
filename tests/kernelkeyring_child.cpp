// SPDX-License-Identifier: Apache-2.0
#include "kernelkeyring_child.h"

#include "clock.h"
#include "kernelkeyring.h"

#include <QCryptographicHash>
#include <QFile>

#include <keyutils.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#if defined(__x86_64__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

namespace aem::test {

namespace {

int say(const QString& text, int code)
{
    const QByteArray line = text.toUtf8() + '\n';
    return std::fwrite(line.constData(), 1, size_t(line.size()), stdout) == size_t(line.size())
            && std::fflush(stdout) == 0
        ? code
        : 3;
}

#if defined(__x86_64__)
// From here on the process dies (SIGSYS) if it opens a file for writing or creates, renames,
// links or removes one.
bool forbidFileWrites()
{
    constexpr quint32 kill = SECCOMP_RET_KILL_PROCESS;
    constexpr quint32 writeFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
    std::vector<sock_filter> p = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, kill),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    };
    for (int nr :
         {SYS_creat, SYS_mkdir, SYS_mkdirat, SYS_rename, SYS_renameat, SYS_renameat2, SYS_link, SYS_linkat, SYS_symlink,
          SYS_symlinkat, SYS_unlink, SYS_unlinkat, SYS_rmdir, SYS_truncate, SYS_mknod, SYS_mknodat, SYS_openat2}) {
        p.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, quint32(nr), 0, 1));
        p.push_back(BPF_STMT(BPF_RET | BPF_K, kill));
    }
    const std::pair<int, int> opens[] = {{SYS_open, 1}, {SYS_openat, 2}}; // flags argument
    for (const auto& [nr, arg] : opens) {
        p.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, quint32(nr), 0, 4));
        p.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, quint32(offsetof(seccomp_data, args) + 8 * arg)));
        p.push_back(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, writeFlags, 0, 1));
        p.push_back(BPF_STMT(BPF_RET | BPF_K, kill));
        p.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
    p.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    sock_fprog prog {static_cast<unsigned short>(p.size()), p.data()};
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}

// As Docker's default seccomp profile does: add_key, keyctl and request_key fail with `err`.
bool refuseKeyctl(int err)
{
    std::vector<sock_filter> p = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    };
    for (int nr : {SYS_add_key, SYS_keyctl, SYS_request_key}) {
        p.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, quint32(nr), 0, 1));
        p.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | quint32(err)));
    }
    p.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    sock_fprog prog {static_cast<unsigned short>(p.size()), p.data()};
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}
#else
bool forbidFileWrites()
{
    return false;
}
bool refuseKeyctl(int)
{
    return false;
}
#endif

// The quota is always full: exercises eviction and the quota message.
class FullQuota : public KeyringCalls
{
public:
    long addKey(const QByteArray&, const QByteArray&, qint32) override { return -EDQUOT; }
};

// Waits (<= 30 s) until `key` of the user keyring is gone or expired.
bool waitExpired(KernelKeyringCache& cache, const QByteArray& identity)
{
    for (int i = 0; i < 600; ++i) {
        const long r = KeyringCalls::kernel().search(KEY_SPEC_USER_KEYRING, cache.keyDescription(identity));
        if (r == -EKEYEXPIRED || r == -ENOKEY)
            return true;
        usleep(50 * 1000);
    }
    return false;
}

// The bytes of this uid's keys the kernel counts (/proc/key-users), or -1.
long quotaBytes()
{
    QFile f(QStringLiteral("/proc/key-users"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray uid = QByteArray::number(uint(getuid())) + ':';
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> w = line.simplified().split(' ');
        if (w.size() >= 5 && w.at(0) == uid)
            return w.at(4).split('/').value(0).toLong();
    }
    return -1;
}

// Waits (<= 30 s) until the kernel's collector has returned the quota of unlinked keys.
bool waitQuotaAtMost(long bytes)
{
    for (int i = 0; i < 600; ++i) {
        const long used = quotaBytes();
        if (used >= 0 && used <= bytes)
            return true;
        usleep(50 * 1000);
    }
    return false;
}

// Run as a uid of its own, under the real non-root quota (about 20 kB: six 3 kB tokens).
int realQuota(const QString& prefix)
{
    if (keyctl_join_session_keyring(nullptr) < 0)
        return say(QStringLiteral("cannot join a new session keyring: %1").arg(qt_error_string(errno)), 2);
    const Clock& clock = SystemClock::instance();
    KernelKeyringCache cache(clock, prefix);
    auto ident = [](int i) {
        return KernelKeyringCache::identity(QStringLiteral("ims"), QStringLiteral("quota"), QByteArray::number(i));
    };
    auto entry = [&clock](int i) {
        const QDateTime created = clock.now().addSecs(i);
        return KernelTokenEntry {"eyJ." + QByteArray(3000, char('A' + i % 26)) + ".sig", created,
                                 created.addSecs(86400)};
    };
    QString why;
    int status = 0;
    auto check = [&status](bool ok, const QString& what) {
        if (!ok && status == 0)
            status = say(what, 1);
    };
    // Phase 1: the quota full of entries the kernel expired (they count until its collector
    // runs, after gc_delay): the miss that comes before every mint unlinks them, the kernel
    // returns their quota meanwhile, and the writes fit.
    const long baseline = quotaBytes();
    for (int i = 0; i < 6; ++i)
        check(cache.write(ident(i), entry(i), 1, &why), QStringLiteral("first write %1: %2").arg(i).arg(why));
    for (int i = 0; i < 6; ++i)
        check(waitExpired(cache, ident(i)), QStringLiteral("entry %1 did not expire").arg(i));
    check(!cache.read(ident(10), &why) && why.isEmpty(), QStringLiteral("the miss said: %1").arg(why));
    check(baseline >= 0 && waitQuotaAtMost(baseline + 512),
          QStringLiteral("the expired entries were not unlinked (%1 bytes in use)").arg(quotaBytes()));
    for (int i = 10; i < 16; ++i)
        check(cache.write(ident(i), entry(i), 3600, &why), QStringLiteral("write %1 after expiry: %2").arg(i).arg(why));
    for (int i = 10; i < 16; ++i)
        check(bool(cache.read(ident(i))), QStringLiteral("entry %1 was evicted instead of the expired ones").arg(i));
    // Phase 2: the quota full of live entries: each write evicts the oldest.
    for (int i = 20; i < 24; ++i)
        check(cache.write(ident(i), entry(i), 3600, &why), QStringLiteral("write %1 when full: %2").arg(i).arg(why));
    for (int i = 20; i < 24; ++i)
        check(bool(cache.read(ident(i))), QStringLiteral("the newest entry %1 is missing").arg(i));
    check(!cache.read(ident(10)), QStringLiteral("the oldest entry was not evicted: the quota was never full"));
    cache.clear();
    return status ? status : say(QStringLiteral("ok"), 0);
}

} // namespace

QByteArray childToken(const QString& prefix)
{
    return "eyJhbGciOiJSUzI1NiJ9.eyJjaGlsZCI6dHJ1ZX0." + prefix.toLatin1().toHex();
}

int kernelKeyringChild(int argc, char** argv)
{
    const QString mode = argc > 0 ? QString::fromLocal8Bit(argv[0]) : QString();
    if (mode == QLatin1String("selfcheck")) {
        if (!forbidFileWrites())
            return say(QStringLiteral("cannot install the seccomp filter"), 2);
        const QByteArray path = "/tmp/aemtoken-kernelkeyring-selfcheck-" + QByteArray::number(getpid());
        const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) {
            ::close(fd);
            ::unlink(path.constData());
        }
        return say(QStringLiteral("the filter let a file be opened for writing"), 0);
    }
    if (mode == QLatin1String("quota") && argc == 2)
        return realQuota(QString::fromLocal8Bit(argv[1]));
    if (argc < 3)
        return say(QStringLiteral("usage: --child read|write|nowrite PREFIX IDENTITY | quota PREFIX | selfcheck"), 2);
    const QString prefix = QString::fromLocal8Bit(argv[1]);
    const QByteArray identity = argv[2];
    const Clock& clock = SystemClock::instance();
    QString why;
    if (mode == QLatin1String("read") || mode == QLatin1String("write")) {
        // A new anonymous session keyring: nothing links the user keyring, so this process
        // possesses none of its keys (as under SSH, CI or `keyctl new_session`).
        const long session = keyctl_join_session_keyring(nullptr);
        if (session < 0)
            return say(QStringLiteral("cannot join a new session keyring: %1").arg(qt_error_string(errno)), 2);
        KernelKeyringCache cache(clock, prefix);
        if (mode == QLatin1String("write")) {
            const QDateTime now = clock.now();
            const KernelTokenEntry e {childToken(prefix), now, now.addSecs(24 * 3600)};
            return cache.write(identity, e, 3600, &why) ? 0 : say(why, 1);
        }
        const auto e = cache.read(identity, &why);
        if (!e)
            return say(QStringLiteral("miss: %1").arg(why), 1);
        return say(QStringLiteral("%1 %2").arg(session).arg(
                       QString::fromLatin1(QCryptographicHash::hash(e->token, QCryptographicHash::Sha256).toHex())),
                   0);
    }
    if (mode == QLatin1String("seccomp")) {
        // The real kernel behind a real filter: the cache says why and neither reads nor writes.
        if (!refuseKeyctl(identity == "ENOSYS" ? ENOSYS : EPERM))
            return say(QStringLiteral("cannot install the seccomp filter"), 2);
        KernelKeyringCache cache(clock, prefix);
        const QByteArray id = KernelKeyringCache::identity(QStringLiteral("ims"), QStringLiteral("c"), "s");
        const QDateTime now = clock.now();
        QString readWhy, writeWhy;
        if (cache.available(&why) || cache.read(id, &readWhy)
            || cache.write(id, {childToken(prefix), now, now.addSecs(3600)}, 600, &writeWhy) || readWhy != why
            || writeWhy != why)
            return say(QStringLiteral("the refused keyring was used or explained differently: %1 / %2 / %3")
                           .arg(why, readWhy, writeWhy),
                       1);
        return say(why, 0);
    }
    if (mode == QLatin1String("nowrite")) {
        if (!forbidFileWrites())
            return say(QStringLiteral("cannot install the seccomp filter"), 2);
        KernelKeyringCache cache(clock, prefix);
        const QDateTime now = clock.now();
        const KernelTokenEntry e {childToken(prefix), now, now.addSecs(24 * 3600)};
        if (!cache.available(&why) || !cache.write(identity, e, 3600, &why) || !cache.read(identity, &why))
            return say(why, 1);
        FullQuota full;
        KernelKeyringCache crowded(clock, prefix, &full);
        // Another identity (ours is updated in place, which a full quota does not stop): evicts,
        // then reports the quota.
        const QByteArray other = KernelKeyringCache::identity(QStringLiteral("ims"), QStringLiteral("crowded"), "x");
        if (crowded.write(other, e, 3600, &why))
            return say(QStringLiteral("a full quota was not reported"), 1);
        cache.evictExpired(now);
        cache.remove(identity);
        cache.clear();
        return 0;
    }
    return say(QStringLiteral("unknown child mode %1").arg(mode), 2);
}

} // namespace aem::test
