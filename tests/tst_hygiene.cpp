// SPDX-License-Identifier: Apache-2.0
// Process hygiene: both programs start with core dumps off (RLIMIT_CORE 0, soft and hard) and
// not dumpable (PR_SET_DUMPABLE 0), so a crash while a secret is in memory leaves no core file
// and no other process of the user can read that memory; the sandbox listens on loopback only.
//
// The crash checks run only in the normal build: AddressSanitizer never leaves a core anyway,
// so there they would prove nothing (AEMTOKEN_SANITIZED). Where a core goes is the machine's
// choice (/proc/sys/kernel/core_pattern): a plain file name puts it in the crashing process's
// working directory, which is checked; a pipe to a crash handler (systemd-coredump, apport) is
// not looked at, and the test then asserts the limits and the dumpable flag only.

#include "processhygiene.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace aem;
using namespace aem::test;

namespace {

constexpr uid_t kNobody = 65534;

QByteArray readProc(qint64 pid, const char* what)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(what)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// "Max core file size  0  0  bytes" → {"0", "0"}.
QStringList coreLimit(qint64 pid)
{
    for (const QByteArray& line : readProc(pid, "limits").split('\n'))
        if (line.startsWith("Max core file size"))
            return QString::fromLatin1(line.mid(18)).simplified().split(QLatin1Char(' ')).mid(0, 2);
    return {};
}

QString corePattern()
{
    QFile f(QStringLiteral("/proc/sys/kernel/core_pattern"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QString();
}

// A core written next to the crashing process (a plain file name, no directory, no pipe).
bool coresLandInWorkingDirectory()
{
    const QString p = corePattern();
    return !p.isEmpty() && !p.startsWith(QLatin1Char('|')) && !p.contains(QLatin1Char('/'));
}

QStringList coreFiles(const QString& dir)
{
    return QDir(dir).entryList({QStringLiteral("core*")}, QDir::Files);
}

// Starts `program` with the core limit raised as far as allowed (so that 0 afterwards is the
// program's own doing) and, optionally, as another user.
void prepare(QProcess& p, const QString& workDir, std::optional<uid_t> asUser = std::nullopt)
{
    p.setWorkingDirectory(workDir);
    p.setChildProcessModifier([asUser] {
        rlimit rl {};
        getrlimit(RLIMIT_CORE, &rl);
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_CORE, &rl);
        if (asUser) {
            if (setgroups(0, nullptr) != 0 || setgid(*asUser) != 0 || setuid(*asUser) != 0)
                _exit(126);
        }
    });
}

bool crash(QProcess& p)
{
    QSignalSpy finished(&p, &QProcess::finished);
    ::kill(pid_t(p.processId()), SIGSEGV);
    return (p.state() == QProcess::NotRunning || finished.wait(30000)) && p.exitStatus() == QProcess::CrashExit;
}

} // namespace

class TestHygiene : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment env(const QString& home) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        e.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return e;
    }

    // Whether this machine writes a core for an ordinary crashing program into its working
    // directory: only then does "no core file" prove something. Otherwise the limits and the
    // dumpable flag are what the tests check.
    bool coresObservable(const QString& dir)
    {
        if (!coresLandInWorkingDirectory()) {
            qInfo("core_pattern is \"%s\": cores do not land in the working directory; checking the limits only",
                  qPrintable(corePattern()));
            return false;
        }
        QProcess control;
        prepare(control, dir);
        control.start(QStringLiteral("sleep"), {QStringLiteral("600")});
        if (!control.waitForStarted() || !crash(control))
            return false;
        const QStringList cores = coreFiles(dir);
        for (const QString& c : cores)
            QFile::remove(dir + QLatin1Char('/') + c);
        if (cores.isEmpty())
            qInfo("no core even for a plain crashing program here; checking the limits only");
        return !cores.isEmpty();
    }

    static QStringList listening(quint16 port)
    {
        // The kernel's own table: listening sockets (state 0A) on `port` and their address.
        const QByteArray hex = QStringLiteral(":%1").arg(port, 4, 16, QLatin1Char('0')).toUpper().toLatin1();
        QStringList bound;
        for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
            QFile f {QString::fromLatin1(table)};
            if (!f.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray& line : f.readAll().split('\n')) {
                const QList<QByteArray> cols = line.simplified().split(' ');
                if (cols.size() > 3 && cols[3] == "0A" && cols[1].endsWith(hex))
                    bound << QString::fromLatin1(cols[1]);
            }
        }
        return bound;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qInfo("core_pattern: %s", qPrintable(corePattern()));
    }

    // The function itself, in a forked child (the test process must stay debuggable).
    void hardenProcessDisablesCoreAndDumpable()
    {
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            const ProcessHygiene h = hardenProcess();
            rlimit rl {};
            getrlimit(RLIMIT_CORE, &rl);
            const long report[5] = {h.coreDisabled, h.notDumpable, long(rl.rlim_cur), long(rl.rlim_max),
                                    long(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))};
            const bool ok = write(fds[1], report, sizeof report) == ssize_t(sizeof report);
            _exit(ok ? 0 : 1);
        }
        close(fds[1]);
        long report[5] = {};
        const ssize_t n = read(fds[0], report, sizeof report);
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        QCOMPARE(n, ssize_t(sizeof report));
        QVERIFY(report[0]);
        QVERIFY(report[1]);
        QCOMPARE(report[2], 0L);
        QCOMPARE(report[3], 0L);
        QCOMPARE(report[4], 0L);
    }

    // A mint in flight holds the private key and the client secret: the crash leaves nothing.
    void aemtokenMidMintLeavesNoCore()
    {
#ifdef AEMTOKEN_SANITIZED
        QSKIP("AddressSanitizer never writes a core: checked in the normal build");
#endif
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs a Secret Service: run through tests/with-keyring.sh");
        SandboxFixture sandbox;
        QVERIFY2(sandbox.ok(), qPrintable(sandbox.error()));
        QTemporaryDir work;
        const QProcessEnvironment e = [&] {
            QProcessEnvironment x = env(m_home.path());
            x.insert(QStringLiteral("AEMTOKEN_CA_FILE"), sandbox.sandbox().caFile());
            return x;
        }();
        const QString file = work.path() + QStringLiteral("/credentials.json");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(sandbox.sandbox().createServiceCredentials({}));
        }
        auto run = [&](const QStringList& args) {
            QProcess p;
            p.setProcessEnvironment(e);
            p.start(QStringLiteral(AEMTOKEN_BIN), args);
            QSignalSpy finished(&p, &QProcess::finished);
            if (!p.waitForStarted() || !finished.wait(60000))
                return -1;
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QCOMPARE(run({QStringLiteral("import"), file, QStringLiteral("--name"), QStringLiteral("hyg"),
                      QStringLiteral("--author"), sandbox.sandbox().baseUrl()}),
                 0);
        QFile::remove(file);
        const bool observable = coresObservable(work.path());

        // IMS holds the answer back: `token` waits with the secrets read and the JWT signed.
        sandbox.sandbox().delayNextExchanges(1, 10 * 60 * 1000);
        const int before = sandbox.sandbox().exchangeCount();
        QProcess mint;
        mint.setProcessEnvironment(e);
        prepare(mint, work.path());
        mint.start(QStringLiteral(AEMTOKEN_BIN),
                   {QStringLiteral("token"), QStringLiteral("hyg"), QStringLiteral("--fresh")});
        QVERIFY(mint.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.sandbox().exchangeCount() > before, 60000);
        const qint64 pid = mint.processId();
        QCOMPARE(coreLimit(pid), (QStringList {QStringLiteral("0"), QStringLiteral("0")}));
        QVERIFY(readProc(pid, "status").contains("TracerPid:\t0"));
        QVERIFY(crash(mint));
        if (observable)
            QVERIFY2(coreFiles(work.path()).isEmpty(), qPrintable(coreFiles(work.path()).join(QLatin1Char(' '))));
        QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("hyg")}), 0);
    }

    void desktopLeavesNoCore()
    {
#ifdef AEMTOKEN_SANITIZED
        QSKIP("AddressSanitizer never writes a core: checked in the normal build");
#endif
        QTemporaryDir work;
        const bool observable = coresObservable(work.path());
        QProcess window;
        window.setProcessEnvironment(env(m_home.path()));
        prepare(window, work.path());
        window.start(QStringLiteral(AEMTOKEN_GUI_BIN), {});
        QVERIFY(window.waitForStarted());
        const qint64 pid = window.processId();
        // Started means exec'd; main() lowers the limit as its first line.
        QTRY_COMPARE_WITH_TIMEOUT(coreLimit(pid), (QStringList {QStringLiteral("0"), QStringLiteral("0")}), 30000);
        QVERIFY(crash(window));
        if (observable)
            QVERIFY2(coreFiles(work.path()).isEmpty(), qPrintable(coreFiles(work.path()).join(QLatin1Char(' '))));
    }

    // Seen from another user (what PR_SET_DUMPABLE is about): the process's /proc files belong
    // to root, not to the user it runs as. Needs root to start a process as nobody.
    void notDumpableSeenFromAnotherUser()
    {
        if (geteuid() != 0)
            QSKIP("needs root to run the programs as another user");
        QTemporaryDir dir;
        QVERIFY(chown(qPrintable(dir.path()), kNobody, kNobody) == 0);
        QProcessEnvironment e = env(dir.path());
        e.insert(QStringLiteral("HOME"), dir.path());
        e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        // The check itself: an ordinary program as nobody has its /proc files owned by nobody.
        QProcess control;
        prepare(control, dir.path(), kNobody);
        control.start(QStringLiteral("sleep"), {QStringLiteral("600")});
        QVERIFY(control.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(QStringLiteral("/proc/%1/status").arg(control.processId())).ownerId(),
                                  kNobody, 10000);
        control.kill();
        control.waitForFinished();

        QProcess server;
        server.setProcessEnvironment(e);
        prepare(server, dir.path(), kNobody);
        server.start(QStringLiteral(AEMTOKEN_BIN),
                     {QStringLiteral("sandbox"), QStringLiteral("--dir"), dir.path() + QStringLiteral("/sb")});
        if (!server.waitForStarted())
            QSKIP("the build tree is not reachable for user nobody");
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine() || server.state() == QProcess::NotRunning, 60000);
        const QString first = QString::fromUtf8(server.readLine());
        if (server.state() == QProcess::NotRunning && server.exitCode() == 126)
            QSKIP("cannot switch to user nobody here");
        const auto m = QRegularExpression(QStringLiteral("listening on https://127\\.0\\.0\\.1:(\\d+)")).match(first);
        QVERIFY2(m.hasMatch(), qPrintable(first + QString::fromUtf8(server.readAllStandardError())));
        const qint64 pid = server.processId();
        QVERIFY(readProc(pid, "status").contains("Uid:\t65534"));
        QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/status").arg(pid)).ownerId(), uint(0));
        QCOMPARE(coreLimit(pid), (QStringList {QStringLiteral("0"), QStringLiteral("0")}));
        // Its memory is out of reach for its own user: /proc/PID/mem is root's and mode 0600.
        QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/mem").arg(pid)).ownerId(), uint(0));
        // The real program's emulator is on loopback only too.
        const QStringList bound = listening(quint16(m.captured(1).toUInt()));
        QCOMPARE(bound.size(), 1);
        QVERIFY2(bound.first().startsWith(QLatin1String("0100007F:")), qPrintable(bound.first()));
        server.kill();
        server.waitForFinished();
    }

    // The emulator is for this machine only: every socket it listens on is 127.0.0.1.
    void sandboxListensOnLoopbackOnly()
    {
        SandboxFixture sandbox;
        QVERIFY2(sandbox.ok(), qPrintable(sandbox.error()));
        const QStringList bound = listening(sandbox.sandbox().port());
        QCOMPARE(bound.size(), 1);
        QVERIFY2(bound.first().startsWith(QLatin1String("0100007F:")), qPrintable(bound.first())); // 127.0.0.1
    }
};

QTEST_MAIN(TestHygiene)
#include "tst_hygiene.moc"
