// SPDX-License-Identifier: Apache-2.0
// `aemtoken exec NAME -- COMMAND` and `aemtoken token NAME --header`, end to end: the real
// binary against the sandbox, with the real Secret Service from with-keyring.sh. The children
// are small shell scripts that report what they see, the token's secrecy included (their
// parent's /proc environ and cmdline, read while they run).

#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestExec : public QObject
{
    Q_OBJECT

    QTemporaryDir m_sandboxDir;
    QTemporaryDir m_scripts;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_sandboxDir.path() + QStringLiteral("/ca.pem"));
        for (const char* v : {"AEM_TOKEN", "AEM_AUTHOR_URL", "AEM_PUBLISH_URL", "AEM_PREVIEW_URL"})
            e.remove(QString::fromLatin1(v));
        return e;
    }

    QProcess* start(const QStringList& args, const QProcessEnvironment& e)
    {
        auto* p = new QProcess(this);
        p->setProcessEnvironment(e);
        p->start(QStringLiteral(AEMTOKEN_BIN), args);
        return p;
    }

    Run finish(QProcess* p)
    {
        QSignalSpy finished(p, &QProcess::finished);
        if (p->state() != QProcess::NotRunning && !finished.wait(120000)) {
            p->kill();
            p->waitForFinished();
        }
        Run r;
        r.exit = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        r.out = p->readAllStandardOutput();
        r.err = p->readAllStandardError();
        delete p;
        return r;
    }

    Run run(const QStringList& args, const QByteArray& input = {}, const QProcessEnvironment* e = nullptr)
    {
        QProcess* p = start(args, e ? *e : env());
        if (!input.isEmpty())
            p->write(input);
        p->closeWriteChannel();
        return finish(p);
    }

    QByteArray control(const QString& what)
    {
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__sandbox/control/") + what));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
        QNetworkReply* reply = m_nam.post(req, QByteArray());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

    // A shell script in the temporary directory; `mode` its permissions.
    QString script(const QString& name, const QByteArray& body,
                   QFile::Permissions mode = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)
    {
        const QString path = m_scripts.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write("#!/bin/sh\n" + body) < 0)
            qWarning() << "cannot write" << path;
        f.close();
        f.setPermissions(mode);
        return path;
    }

    // What the child sees: one KEY=value a line, and its parent's (aemtoken's) environment and
    // command line, and its own command line, each after a marker line.
    QString reporter()
    {
        return script(QStringLiteral("report.sh"),
                      "echo \"TOKEN=$AEM_TOKEN\"\n"
                      "echo \"AUTHOR=${AEM_AUTHOR_URL-unset}\"\n"
                      "echo \"PUBLISH=${AEM_PUBLISH_URL-unset}\"\n"
                      "echo \"PREVIEW=${AEM_PREVIEW_URL-unset}\"\n"
                      "echo \"ENTRIES=$(tr '\\0' '\\n' < /proc/$$/environ | grep -c '^AEM_')\"\n"
                      "echo '--- parent environ'\n"
                      "tr '\\0' '\\n' < /proc/$PPID/environ\n"
                      "echo '--- parent cmdline'\n"
                      "tr '\\0' '\\n' < /proc/$PPID/cmdline\n"
                      "echo '--- own cmdline'\n"
                      "tr '\\0' '\\n' < /proc/$$/cmdline\n");
    }

    static QByteArray section(const QByteArray& out, const QByteArray& marker)
    {
        const qsizetype from = out.indexOf(QByteArray("--- " + marker + '\n'));
        if (from < 0)
            return {};
        const qsizetype start = from + marker.size() + 5;
        const qsizetype end = out.indexOf("\n--- ", start);
        return out.mid(start, end < 0 ? -1 : end - start);
    }

    static QByteArray value(const QByteArray& out, const QByteArray& key)
    {
        for (const QByteArray& line : out.split('\n'))
            if (line.startsWith(QByteArray(key + '=')))
                return line.mid(key.size() + 1);
        return "(missing)";
    }

    void importDemo()
    {
        const Run r = run({QStringLiteral("import"), m_sandboxDir.path() + QStringLiteral("/service-credentials.json"),
                           QStringLiteral("--name"), QStringLiteral("demo"), QStringLiteral("--author"), m_url});
        QVERIFY2(r.exit == 0, r.err.constData());
    }

    QByteArray token(const QString& name)
    {
        const Run r = run({QStringLiteral("token"), name});
        if (r.exit != 0)
            qWarning() << "token failed:" << r.err;
        return r.out.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        m_sandbox.setProcessChannelMode(QProcess::SeparateChannels);
        m_sandbox.start(QStringLiteral(AEMTOKEN_BIN),
                        {QStringLiteral("sandbox"), QStringLiteral("--dir"), m_sandboxDir.path()});
        QVERIFY(m_sandbox.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_sandbox.canReadLine(), 30000);
        const QString first = QString::fromUtf8(m_sandbox.readLine());
        const auto m = QRegularExpression(QStringLiteral("listening on (https://127\\.0\\.0\\.1:\\d+)")).match(first);
        QVERIFY2(m.hasMatch(), qPrintable(first));
        m_url = m.captured(1);
        const auto cas = QSslCertificate::fromPath(m_sandboxDir.path() + QStringLiteral("/ca.pem"));
        QVERIFY(!cas.isEmpty());
        QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
        cfg.setCaCertificates(cas);
        QSslConfiguration::setDefaultConfiguration(cfg);
    }

    // Every test starts from an empty store.
    void init()
    {
        control(QStringLiteral("fail?count=0"));
        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exit, 0);
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array())
            QCOMPARE(run({QStringLiteral("remove"), v.toObject().value(QLatin1String("name")).toString()}).exit, 0);
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    // NAME left out: --from FILE (or AEMTOKEN_FROM) stands for it, before "--" as documented.
    void fromFileStandsForName()
    {
        const QString creds = m_sandboxDir.path() + QStringLiteral("/service-credentials.json");
        QFile::setPermissions(creds, QFile::ReadOwner | QFile::WriteOwner);
        const QString author = m_url;
        Run r = run({QStringLiteral("exec"), QStringLiteral("--from"), creds, QStringLiteral("--author"), author,
                     QStringLiteral("--"), reporter()});
        QVERIFY2(r.exit == 0, r.err.constData());
        const QByteArray tok = value(r.out, "TOKEN");
        QVERIFY2(tok.size() > 20, r.out.constData());
        QCOMPARE(value(r.out, "AUTHOR"), m_url.toUtf8());
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AEMTOKEN_FROM"), creds);
        r = run({QStringLiteral("exec"), QStringLiteral("--"), reporter()}, {}, &e);
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), tok); // the kernel keyring's cached token
        // Revoked there, so no test token of ours stays in the user keyring.
        QCOMPARE(run({QStringLiteral("revoke"), QStringLiteral("--from"), creds}).exit, 0);
    }

    void childSeesTokenAndUrls()
    {
        importDemo();
        const QByteArray tok = token(QStringLiteral("demo"));
        QVERIFY(tok.size() > 20);
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), reporter()});
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), tok);
        QCOMPARE(value(r.out, "AUTHOR"), m_url.toUtf8());
        // The demo client id names its environment: publish and preview are derived from it.
        QVERIFY2(value(r.out, "PUBLISH").startsWith("https://publish-p"), r.out.constData());
        QVERIFY2(value(r.out, "PREVIEW").startsWith("https://preview-p"), r.out.constData());
        // Not in aemtoken's environment or command line, nor in the child's command line, nor
        // on stderr.
        const QByteArray parentEnv = section(r.out, "parent environ");
        QVERIFY2(parentEnv.contains("AEMTOKEN_CA_FILE="), "the parent's environ was not read");
        QVERIFY(!parentEnv.contains(tok));
        QVERIFY(!parentEnv.contains("AEM_TOKEN="));
        const QByteArray parentCmd = section(r.out, "parent cmdline");
        QVERIFY2(parentCmd.contains("exec\ndemo\n--\n"), parentCmd.constData());
        QVERIFY(!parentCmd.contains(tok));
        const QByteArray ownCmd = section(r.out, "own cmdline");
        QVERIFY2(ownCmd.contains("report.sh"), ownCmd.constData());
        QVERIFY(!ownCmd.contains(tok));
        QVERIFY(!r.err.contains(tok));
    }

    void inheritedVariablesAreReplaced()
    {
        importDemo();
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AEM_TOKEN"), QStringLiteral("inherited-token"));
        e.insert(QStringLiteral("AEM_AUTHOR_URL"), QStringLiteral("https://stale.example"));
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), reporter()}, {}, &e);
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), token(QStringLiteral("demo")));
        QCOMPARE(value(r.out, "AUTHOR"), m_url.toUtf8());
        // (aemtoken's own environment still has them: it was started with them.)
        QCOMPARE(value(r.out, "ENTRIES"), QByteArray("4")); // AEM_TOKEN and three URLs, once each
        const QByteArray seen = r.out.left(r.out.indexOf("--- parent environ"));
        QVERIFY(!seen.contains("inherited-token"));
        QVERIFY(!seen.contains("stale.example"));
    }

    // A local development token is the token itself; without URLs there are no URL variables.
    void localDevelopmentToken()
    {
        QFile f(m_sandboxDir.path() + QStringLiteral("/local-dev-token.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        const QByteArray fileToken =
            QJsonDocument::fromJson(json).object().value(QLatin1String("accessToken")).toString().toLatin1();
        QCOMPARE(
            run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), QStringLiteral("dev")}, json)
                .exit,
            0);
        // An inherited URL would point at another environment: dropped, not passed on.
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AEM_PUBLISH_URL"), QStringLiteral("https://stale.example"));
        const Run r = run({QStringLiteral("exec"), QStringLiteral("dev"), QStringLiteral("--"), reporter()}, {}, &e);
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), fileToken);
        QCOMPARE(value(r.out, "AUTHOR"), QByteArray("unset"));
        QCOMPARE(value(r.out, "PUBLISH"), QByteArray("unset"));
        QCOMPARE(value(r.out, "ENTRIES"), QByteArray("1"));
    }

    void exitStatusPassesThrough()
    {
        importDemo();
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), QStringLiteral("sh"),
                           QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2; exit 3")});
        QCOMPARE(r.exit, 3);
        QCOMPARE(r.out, QByteArray("out\n"));
        QCOMPARE(r.err, QByteArray("err\n"));
    }

    void signalDeathIs128PlusN()
    {
        importDemo();
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), QStringLiteral("sh"),
                           QStringLiteral("-c"), QStringLiteral("kill -TERM $$")});
        QCOMPARE(r.exit, 128 + 15);
    }

    // SIGTERM sent to aemtoken reaches the child once; its exit status is aemtoken's.
    void signalsAreForwarded()
    {
        importDemo();
        const QString child = script(QStringLiteral("trap.sh"),
                                     "n=0\n"
                                     "trap 'n=$((n+1)); echo usr1-$n' USR1\n"
                                     "trap 'kill $pid; exit $((40+n))' TERM\n"
                                     "sleep 1000 </dev/null >/dev/null 2>&1 &\n"
                                     "pid=$!\n"
                                     "echo ready\n"
                                     "while :; do wait $pid; done\n");
        QProcess* p = start({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), child}, env());
        p->closeWriteChannel();
        QTRY_VERIFY_WITH_TIMEOUT(p->canReadLine(), 60000);
        QCOMPARE(p->readLine(), QByteArray("ready\n"));
        // USR1 twice, each delivered once (the trap counts them; each waited for, so the kernel
        // cannot merge them), then TERM ends it.
        ::kill(pid_t(p->processId()), SIGUSR1);
        QTRY_VERIFY_WITH_TIMEOUT(p->canReadLine(), 60000);
        QCOMPARE(p->readLine(), QByteArray("usr1-1\n"));
        ::kill(pid_t(p->processId()), SIGUSR1);
        QTRY_VERIFY_WITH_TIMEOUT(p->canReadLine(), 60000);
        QCOMPARE(p->readLine(), QByteArray("usr1-2\n"));
        ::kill(pid_t(p->processId()), SIGTERM);
        const Run r = finish(p);
        QVERIFY2(r.exit == 42, qPrintable(QString::number(r.exit)));
    }

    // Ctrl-C on the terminal signals the whole foreground process group: the child, in
    // aemtoken's group, gets it from the terminal, and aemtoken does not forward it again. A
    // SIGINT sent to aemtoken alone is forwarded. (On a pseudo-terminal of its own.)
    void ctrlCReachesTheChildOnce()
    {
        importDemo();
        const QString child = script(QStringLiteral("int.sh"),
                                     "n=0\n"
                                     "trap 'n=$((n+1)); echo got-$n' INT\n"
                                     "trap 'echo usr2' USR2\n"
                                     "trap 'kill $pid; exit $((50+n))' USR1\n"
                                     "sleep 1000 </dev/null >/dev/null 2>&1 &\n"
                                     "pid=$!\n"
                                     "echo ready\n"
                                     "while :; do wait $pid; done\n");
        QByteArrayList args {AEMTOKEN_BIN, "exec", "demo", "--", QFile::encodeName(child)};
        QByteArrayList vars;
        for (const QString& v : env().toStringList())
            vars << v.toUtf8();
        std::vector<char*> argv, envp;
        for (QByteArray& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        for (QByteArray& v : vars)
            envp.push_back(v.data());
        envp.push_back(nullptr);
        int master = -1;
        const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
        QVERIFY(pid >= 0);
        if (pid == 0) {
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        QByteArray seen;
        auto waitFor = [&](const QByteArray& what) {
            while (!seen.contains(what)) {
                pollfd p {master, POLLIN, 0};
                if (::poll(&p, 1, 60000) <= 0)
                    return false;
                char buf[512];
                const ssize_t n = ::read(master, buf, sizeof buf);
                if (n <= 0)
                    return false;
                seen.append(buf, n);
            }
            return true;
        };
        QVERIFY2(waitFor("ready"), seen.constData());
        QCOMPARE(::write(master, "\x03", 1), ssize_t(1));
        QVERIFY2(waitFor("got-1"), seen.constData());
        // A signal sent to aemtoken alone (USR2, forwarded) comes after any forwarded copy of
        // the terminal's SIGINT would have: lower-numbered pending signals are delivered first,
        // in aemtoken and in the child. (A second SIGINT could merge with the first still pending.)
        ::kill(pid, SIGUSR2);
        QVERIFY2(waitFor("usr2"), seen.constData());
        ::kill(pid, SIGUSR1);
        int status = 0;
        QCOMPARE(::waitpid(pid, &status, 0), pid);
        ::close(master);
        // 51: the terminal's SIGINT once; a forwarded copy of it would make it 52.
        QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 51, seen.constData());
    }

    void commandNotFoundOrNotExecutable()
    {
        importDemo();
        const Run missing = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"),
                                 QStringLiteral("no-such-command-aemtoken")});
        QCOMPARE(missing.exit, 127);
        QCOMPARE(missing.err, QByteArray("aemtoken: no-such-command-aemtoken: command not found\n"));
        const QString path = m_scripts.filePath(QStringLiteral("absent"));
        const Run absent = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), path});
        QCOMPARE(absent.exit, 127);
        QVERIFY2(absent.err.startsWith(QByteArray("aemtoken: " + path.toUtf8() + ": ")), absent.err.constData());
        const QString plain = script(QStringLiteral("plain.sh"), "exit 0\n", QFile::ReadOwner | QFile::WriteOwner);
        const Run notExec = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), plain});
        // As root the permission bits do not stop a read, but exec still needs an x bit.
        QCOMPARE(notExec.exit, 126);
        QVERIFY2(notExec.err.startsWith(QByteArray("aemtoken: " + plain.toUtf8() + ": ")), notExec.err.constData());
    }

    // Only stdin, stdout and stderr reach the child (ls adds its own for the directory).
    void onlyStandardDescriptors()
    {
        importDemo();
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), QStringLiteral("ls"),
                           QStringLiteral("/proc/self/fd")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("0\n1\n2\n3\n"));
    }

    // aemtoken ignores SIGPIPE (to report EPIPE); its child starts with no standard signal
    // ignored or blocked. (glibc's posix_spawn leaves its own internal real-time signals 32 and
    // 33 ignored in every child it starts; they are outside the 31 standard ones checked here.)
    void childSignalsAreDefault()
    {
        importDemo();
        const Run r = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"), QStringLiteral("grep"),
                           QStringLiteral("-E"), QStringLiteral("^Sig(Ign|Blk)"), QStringLiteral("/proc/self/status")});
        QCOMPARE(r.exit, 0);
        const QByteArrayList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines) {
            bool ok = false;
            const quint64 mask = line.mid(line.indexOf('\t') + 1).toULongLong(&ok, 16);
            QVERIFY2(ok && (mask & 0x7fffffffULL) == 0, line.constData());
        }
    }

    void usageErrors()
    {
        importDemo();
        // The command must follow "--"; no command at all is refused too.
        for (const QStringList& args :
             {QStringList {QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("true")},
              QStringList {QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--")},
              QStringList {QStringLiteral("exec"), QStringLiteral("--"), QStringLiteral("true")},
              QStringList {QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("x"), QStringLiteral("--"),
                           QStringLiteral("true")}}) {
            const Run r = run(args);
            QCOMPARE(r.exit, 2);
            // One line saying what is wrong (which credential, for the one without NAME), then
            // the pointer to the command's help.
            QVERIFY2(r.err.startsWith("aemtoken: ") && r.err.endsWith("\nTry 'aemtoken exec --help'.\n")
                         && r.err.count('\n') == 2,
                     r.err.constData());
        }
        const Run unknown =
            run({QStringLiteral("exec"), QStringLiteral("nobody"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(unknown.exit, 1);
        QCOMPARE(unknown.err, QByteArray("aemtoken: no credential named \"nobody\"\n"));
        // Options of the child are the child's.
        const Run child = run({QStringLiteral("exec"), QStringLiteral("demo"), QStringLiteral("--"),
                               QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo \"$@\""),
                               QStringLiteral("sh"), QStringLiteral("--json"), QStringLiteral("--fresh")});
        QCOMPARE(child.exit, 0);
        QCOMPARE(child.out, QByteArray("--json --fresh\n"));
    }

    void tokenAsHeader()
    {
        importDemo();
        const QByteArray tok = token(QStringLiteral("demo"));
        const Run h = run({QStringLiteral("token"), QStringLiteral("demo"), QStringLiteral("--header")});
        QCOMPARE(h.exit, 0);
        QCOMPARE(h.out, "Authorization: Bearer " + tok + '\n');
        // With --json: a usage error, as JSON on stdout too.
        const Run both = run(
            {QStringLiteral("token"), QStringLiteral("demo"), QStringLiteral("--header"), QStringLiteral("--json")});
        QCOMPARE(both.exit, 2);
        QVERIFY2(both.err.startsWith("aemtoken: --header and --json cannot be used together\n"), both.err.constData());
        const QJsonObject error = QJsonDocument::fromJson(both.out).object().value(QLatin1String("error")).toObject();
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("usage"));
        QVERIFY(!both.out.contains(tok));
    }
};

QTEST_GUILESS_MAIN(TestExec)
#include "tst_exec.moc"
