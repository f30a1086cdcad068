// SPDX-License-Identifier: Apache-2.0
// The production guard of `aemtoken request` and `aemtoken run` end to end: the real binary
// against the sandbox (a separate process, real HTTPS) with the real Secret Service from
// with-keyring.sh, each test in a home of its own. What reached the sandbox's AEM is read from
// its counters (/__sandbox/control/stats), so "nothing was sent" is checked where it counts.

#include "testsupport.h"

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

#include <memory>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace aem;
using aem::test::IsolatedHome;

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

struct Counts
{
    int requests = -1;
    int writes = -1;
};

class TestCliProd : public QObject
{
    Q_OBJECT

    QTemporaryDir m_sandboxDir;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;
    std::unique_ptr<IsolatedHome> m_home;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        e.remove(QStringLiteral("AEMTOKEN_FROM"));
        e.remove(QStringLiteral("AEMTOKEN_CREDENTIAL"));
        e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_sandboxDir.path() + QStringLiteral("/ca.pem"));
        return e;
    }

    Run run(const QStringList& args)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        p.closeWriteChannel();
        QSignalSpy finished(&p, &QProcess::finished);
        if (!finished.wait(120000)) {
            p.kill();
            p.waitForFinished();
        }
        Run r;
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // The command with a pty as its controlling terminal, standard input and standard error:
    // waits for the question, types `answer`, and returns what the terminal showed in `err`.
    Run runOnTerminal(const QStringList& args, const QByteArray& answer)
    {
        Run r;
        const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
            qWarning("no pty");
            return r;
        }
        const QByteArray slave = ::ptsname(master);
        ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
        QProcess p;
        p.setProcessEnvironment(env());
        p.setChildProcessModifier([slave] {
            ::setsid();
            const int fd = ::open(slave.constData(), O_RDWR);
            ::ioctl(fd, TIOCSCTTY, 0);
            ::dup2(fd, STDIN_FILENO);
            ::dup2(fd, STDERR_FILENO);
            ::close(fd);
        });
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        auto drain = [&] {
            char buf[512];
            for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;)
                r.err.append(buf, n);
        };
        QSignalSpy finished(&p, &QProcess::finished);
        if (QTest::qWaitFor([&] { return drain(), r.err.contains("[y/N]"); }, 30000)) {
            if (::write(master, answer.constData(), size_t(answer.size())) != ssize_t(answer.size()))
                qWarning("cannot type the answer");
        }
        if (finished.isEmpty() && !finished.wait(60000)) {
            p.kill();
            p.waitForFinished();
        }
        drain();
        ::close(master);
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        return r;
    }

    Counts counts()
    {
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__sandbox/control/stats")));
        std::unique_ptr<QNetworkReply> reply(m_nam.get(req));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        return {o.value(QLatin1String("aem_requests")).toInt(-1), o.value(QLatin1String("aem_writes")).toInt(-1)};
    }

    // The sandbox's demo credential stored as `name`, with the sandbox as its author, and its
    // type set when `type` is not empty.
    void store(const QString& name, const QString& type = {})
    {
        const Run i = run({QStringLiteral("import"), m_sandboxDir.path() + QStringLiteral("/service-credentials.json"),
                           QStringLiteral("--name"), name, QStringLiteral("--author"), m_url});
        QVERIFY2(i.exit == 0, i.err.constData());
        if (!type.isEmpty()) {
            const Run s = run({QStringLiteral("set"), name, QStringLiteral("--env-type"), type});
            QVERIFY2(s.exit == 0, s.err.constData());
        }
    }

    QString write(const QString& name, const QByteArray& content) const
    {
        const QString path = m_home->path() + QLatin1Char('/') + name;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qWarning() << "cannot write" << path;
        return path;
    }

    QStringList post(const QString& name) const
    {
        return {QStringLiteral("request"), name, QStringLiteral("-X"), QStringLiteral("POST"),
                QStringLiteral("/__sandbox/echo")};
    }

    // GET first, then a POST and a DELETE: a guard that decided per request would send the GET.
    QString mixedFile() const
    {
        return write(QStringLiteral("mixed.http"),
                     "### read\nGET /__sandbox/echo\n\n"
                     "### create\nPOST /__sandbox/echo\nContent-Type: text/plain\n\nhi\n\n"
                     "### drop\nDELETE /__sandbox/echo\n");
    }

    QStringList runMixed(const QString& target) const
    {
        return {QStringLiteral("run"), mixedFile(), QStringLiteral("--target"), target};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
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
        QVERIFY(counts().requests >= 0);
    }

    void init() { m_home = std::make_unique<IsolatedHome>(); }
    void cleanup() { m_home.reset(); }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    // Not a terminal, no flag: refused before anything reaches AEM, one line naming both.
    void requestWriteToProductionRefused_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("-X POST") << QStringList {QStringLiteral("-X"), QStringLiteral("POST")};
        QTest::newRow("-d (POST)") << QStringList {QStringLiteral("-d"), QStringLiteral("a=1")};
        QTest::newRow("-X delete") << QStringList {QStringLiteral("-X"), QStringLiteral("delete")};
    }
    void requestWriteToProductionRefused()
    {
        QFETCH(QStringList, extra);
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(QStringList {QStringLiteral("request"), QStringLiteral("shop")} + extra
                          + QStringList {QStringLiteral("/__sandbox/echo")});
        QCOMPARE(r.exit, 1);
        QVERIFY(r.out.isEmpty());
        const QByteArray method = extra.contains(QStringLiteral("-d")) ? "POST" : extra.last().toUpper().toLatin1();
        QVERIFY2(r.err.contains("\"shop\" is a production credential") && r.err.contains(method)
                     && r.err.contains("--allow-production"),
                 r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        const Counts after = counts();
        QCOMPARE(after.requests, before.requests);
    }

    void requestWriteToProductionAllowedWithFlag()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(post(QStringLiteral("shop")) << QStringLiteral("--allow-production"));
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"method\":\"POST\""), r.out.constData());
        QCOMPARE(counts().writes, before.writes + 1);
    }

    // GET, HEAD and OPTIONS go without asking; so does a POST to a stage credential.
    void safeMethodsAndOtherTypesSent()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        store(QStringLiteral("shop-stage"), QStringLiteral("stage"));
        const Counts before = counts();
        for (const char* m : {"GET", "HEAD", "OPTIONS"}) {
            const Run r = run({QStringLiteral("request"), QStringLiteral("shop"), QStringLiteral("-X"),
                               QString::fromLatin1(m), QStringLiteral("/__sandbox/echo")});
            QVERIFY2(r.exit == 0, QByteArray(QByteArray(m) + ": " + r.err).constData());
        }
        const Run s = run(post(QStringLiteral("shop-stage")));
        QVERIFY2(s.exit == 0, s.err.constData());
        const Counts after = counts();
        QCOMPARE(after.requests, before.requests + 4);
        QCOMPARE(after.writes, before.writes + 1);
    }

    // No type chosen, but the name says production: asked too, until a type is chosen.
    void suggestedProductionRefusedUntilATypeIsChosen()
    {
        store(QStringLiteral("shop-prod"));
        const Counts before = counts();
        const Run r = run(post(QStringLiteral("shop-prod")));
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("\"shop-prod\" looks like a production credential"), r.err.constData());
        QCOMPARE(counts().requests, before.requests);
        QCOMPARE(run({QStringLiteral("set"), QStringLiteral("shop-prod"), QStringLiteral("--env-type"),
                      QStringLiteral("development")})
                     .exit,
                 0);
        const Run s = run(post(QStringLiteral("shop-prod")));
        QVERIFY2(s.exit == 0, s.err.constData());
        QCOMPARE(counts().writes, before.writes + 1);
    }

    // On a terminal the user is asked, No by default: only y or yes sends.
    void requestAskedOnATerminal_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("sent");
        QTest::newRow("y") << QByteArray("y\n") << true;
        QTest::newRow("YES") << QByteArray("YES\n") << true;
        QTest::newRow("n") << QByteArray("n\n") << false;
        QTest::newRow("empty") << QByteArray("\n") << false;
        QTest::newRow("other") << QByteArray("sure\n") << false;
        QTest::newRow("end of input") << QByteArray("\x04") << false;
    }
    void requestAskedOnATerminal()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, sent);
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = runOnTerminal(post(QStringLiteral("shop")), answer);
        QVERIFY2(r.err.contains("\"shop\" is a production credential. Send POST https://"), r.err.constData());
        QCOMPARE(r.err.count("[y/N]"), 1);
        QCOMPARE(r.exit, sent ? 0 : 1);
        QCOMPARE(counts().writes, before.writes + (sent ? 1 : 0));
        if (!sent)
            QVERIFY2(r.err.contains("not confirmed"), r.err.constData());
    }

    // A run decides for all its requests before the first is sent: the GET before the POST does
    // not go either.
    void runWithWritesRefusedBeforeTheFirst()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(runMixed(QStringLiteral("shop")));
        QCOMPARE(r.exit, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("\"shop\" is a production credential: 2 requests with POST, DELETE not sent"),
                 r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(counts().requests, before.requests);
    }

    void runRefusalAsJson()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(runMixed(QStringLiteral("shop")) << QStringLiteral("--json"));
        QCOMPARE(r.exit, 1);
        const QJsonObject e = QJsonDocument::fromJson(r.out).object().value(QLatin1String("error")).toObject();
        QCOMPARE(e.value(QLatin1String("code")).toString(), QStringLiteral("production_refused"));
        QVERIFY(e.value(QLatin1String("message")).toString().contains(QLatin1String("shop")));
        QVERIFY(e.contains(QLatin1String("ims")) && e.value(QLatin1String("ims")).isNull());
        QCOMPARE(counts().requests, before.requests);
    }

    // --request: only the chosen ones count; the GET alone runs.
    void runOnlyTheChosenRequestsCount()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(runMixed(QStringLiteral("shop")) << QStringLiteral("--request") << QStringLiteral("read"));
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(counts().requests, before.requests + 1);
        const Run w = run(runMixed(QStringLiteral("shop")) << QStringLiteral("--request") << QStringLiteral("drop"));
        QCOMPARE(w.exit, 1);
        QVERIFY2(w.err.contains("with DELETE not sent"), w.err.constData());
        QCOMPARE(counts().requests, before.requests + 1);
    }

    void runAllowedWithFlag()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = run(runMixed(QStringLiteral("shop")) << QStringLiteral("--allow-production"));
        QVERIFY2(r.exit == 0, QByteArray(r.out + r.err).constData());
        const Counts after = counts();
        QCOMPARE(after.requests, before.requests + 3);
        QCOMPARE(after.writes, before.writes + 2);
    }

    // A request with its own Authorization, sent as written (--allow-file-auth) to a host of the
    // production credential, counts too: it writes there all the same.
    void runAsWrittenToTheCredentialsHostCounts()
    {
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const QString path =
            write(QStringLiteral("own.http"),
                  "### own\nPOST " + m_url.toUtf8() + "/__sandbox/echo\nAuthorization: Basic dXNlcjpwdw==\n");
        const QStringList args {QStringLiteral("run"), path, QStringLiteral("--target"), QStringLiteral("shop"),
                                QStringLiteral("--allow-file-auth")};
        const Counts before = counts();
        const Run r = run(args);
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("with POST not sent without --allow-production"), r.err.constData());
        QCOMPARE(counts().requests, before.requests);
        run(QStringList(args) << QStringLiteral("--allow-production"));
        QCOMPARE(counts().writes, before.writes + 1);
    }

    // One question for the whole run, naming how many requests would write.
    void runAskedOnceOnATerminal_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("sent");
        QTest::newRow("y") << QByteArray("y\n") << true;
        QTest::newRow("n") << QByteArray("n\n") << false;
        QTest::newRow("empty") << QByteArray("\n") << false;
    }
    void runAskedOnceOnATerminal()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, sent);
        store(QStringLiteral("shop"), QStringLiteral("production"));
        const Counts before = counts();
        const Run r = runOnTerminal(runMixed(QStringLiteral("shop")), answer);
        QVERIFY2(r.err.contains("Send 2 requests with POST, DELETE to it? [y/N]"), r.err.constData());
        QCOMPARE(r.err.count("[y/N]"), 1);
        QCOMPARE(r.exit, sent ? 0 : 1);
        QCOMPARE(counts().requests, before.requests + (sent ? 3 : 0));
    }
};

QTEST_GUILESS_MAIN(TestCliProd)
#include "tst_cliprod.moc"
