// SPDX-License-Identifier: Apache-2.0
// A hostile world for `aemtoken`: the real binary against the sandbox's hostile modes (IMS
// answering HTML, no token, a CRLF token, absurd expiries, a huge body, drips, silence; AEM
// redirecting, dripping, staying silent, answering 401 forever, sending large bodies) and
// outputs that fail: a FIFO, character devices made with mknod, a full device, a closed pipe.
// Also the pure checks behind it (header syntax, token68, expiry bounds).

#include "httpsyntax.h"
#include "imsclient.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_sandboxDir;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;
    int m_names = 0;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        e.remove(QStringLiteral("AEMTOKEN_DEBUG"));
        e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_sandboxDir.path() + QStringLiteral("/ca.pem"));
        return e;
    }

    // `stdoutFile`: the child's standard output goes there (a device node) instead of a pipe.
    Run run(const QStringList& args, const QString& stdoutFile = {}, const QByteArray& input = {})
    {
        QProcess p;
        p.setProcessEnvironment(env());
        if (!stdoutFile.isEmpty())
            p.setStandardOutputFile(stdoutFile);
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        QSignalSpy finished(&p, &QProcess::finished);
        if (!finished.wait(180000)) {
            p.kill();
            p.waitForFinished();
        }
        Run r;
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // A shell pipeline, for a reader that goes away ($AEM is the binary).
    Run shell(const QString& script)
    {
        QProcess p;
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AEM"), QStringLiteral(AEMTOKEN_BIN));
        p.setProcessEnvironment(e);
        p.setWorkingDirectory(m_sandboxDir.path());
        p.start(QStringLiteral("bash"), {QStringLiteral("-c"), script});
        QSignalSpy finished(&p, &QProcess::finished);
        if (!finished.wait(180000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QByteArray control(const QString& what, const QByteArray& method = "POST")
    {
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__sandbox/control/") + what));
        QNetworkReply* reply = m_nam.sendCustomRequest(req, method);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

    // A fresh service credential, imported under a new name; returns the name.
    QString newCredential()
    {
        const QByteArray json = control(QStringLiteral("credentials"));
        const QString path = m_sandboxDir.path() + QStringLiteral("/cred-%1.json").arg(++m_names);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
            return {};
        f.close();
        const QString name = QStringLiteral("h%1").arg(m_names);
        const Run r =
            run({QStringLiteral("import"), path, QStringLiteral("--name"), name, QStringLiteral("--author"), m_url});
        if (r.exit != 0)
            qWarning() << "import failed:" << r.err;
        return name;
    }

    QJsonObject listed(const QString& name)
    {
        const Run r = run({QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue v : QJsonDocument::fromJson(r.out).array())
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject();
        return {};
    }

    void hostile(const QString& mode, int count = 1, int mb = 0)
    {
        control(QStringLiteral("hostile?mode=%1&count=%2%3")
                    .arg(mode)
                    .arg(count)
                    .arg(mb ? QStringLiteral("&mb=%1").arg(mb) : QString()));
    }

    // Every stderr line is the program's own: no Qt warning slips through.
    static bool onlyOwnLines(const QByteArray& err)
    {
        for (const QByteArray& line : err.split('\n'))
            if (!line.isEmpty() && !line.startsWith("aemtoken: "))
                return false;
        return true;
    }

    static bool isRoot() { return ::geteuid() == 0; }

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

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    // --- pure checks -------------------------------------------------------------------------

    void headerSyntax()
    {
        QVERIFY(aem::isHttpToken("X-Custom_Header.1"));
        QVERIFY(aem::isHttpToken("GET"));
        QVERIFY(!aem::isHttpToken(""));
        QVERIFY(!aem::isHttpToken("Bad Name"));
        QVERIFY(!aem::isHttpToken("X-A\r\nAuthorization"));
        QVERIFY(!aem::isHttpToken("GE:T"));
        QVERIFY(aem::isHttpHeaderValue("text/plain; charset=utf-8\twith tab"));
        QVERIFY(!aem::isHttpHeaderValue("a\r\nAuthorization: Bearer evil"));
        QVERIFY(!aem::isHttpHeaderValue("a\nb"));
        QVERIFY(!aem::isHttpHeaderValue(QByteArray("a\0b", 3)));
        QVERIFY(aem::isToken68("eyJhbGciOi.eyJzdWIi.c2ln-_"));
        QVERIFY(aem::isToken68("abc+/=="));
        QVERIFY(!aem::isToken68("abc=d"));
        QVERIFY(!aem::isToken68("evil\r\nX-Injected: yes"));
        QVERIFY(!aem::isToken68(""));
    }

    void accessTokenBounds()
    {
        const QDateTime now = aem::test::fixedNow();
        QString why;
        QVERIFY(!aem::accessTokenFromReply(QJsonObject {{QStringLiteral("access_token"), QStringLiteral("a\r\nb")},
                                                        {QStringLiteral("expires_in"), 1000}},
                                           1000, now, &why));
        QVERIFY2(why.contains(QLatin1String("not a well-formed token")), qPrintable(why));
        const auto far =
            aem::accessTokenFromReply(QJsonObject {{QStringLiteral("access_token"), QStringLiteral("opaque-token")},
                                                   {QStringLiteral("expires_in"), 365.0 * 86400}},
                                      1000, now);
        QVERIFY(far);
        QVERIFY(!far->warning.isEmpty());
        QCOMPARE(far->expiresAt, now.addMSecs(aem::kUntrustedLifetimeMs));
        const auto past = aem::accessTokenFromReply(
            QJsonObject {{QStringLiteral("access_token"),
                          QString::fromLatin1(aem::test::imsShapedToken(now.addDays(-3), 86400000))}},
            1, now);
        QVERIFY(past);
        QVERIFY(!past->cacheable);
        QVERIFY(past->warning.contains(QLatin1String("already expired")));
        const auto fine =
            aem::accessTokenFromReply(QJsonObject {{QStringLiteral("access_token"),
                                                    QString::fromLatin1(aem::test::imsShapedToken(now, 86400000))}},
                                      1, now);
        QVERIFY(fine && fine->cacheable && fine->warning.isEmpty());
    }

    // --- hostile IMS -------------------------------------------------------------------------

    void badImsAnswers_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("message");
        QTest::newRow("HTML instead of JSON") << QStringLiteral("html") << QStringLiteral("not JSON");
        QTest::newRow("no access_token") << QStringLiteral("notoken") << QStringLiteral("without an access_token");
        QTest::newRow("CRLF in the access_token")
            << QStringLiteral("crlf") << QStringLiteral("not a well-formed token");
        QTest::newRow("64 MiB answer") << QStringLiteral("huge") << QStringLiteral("larger than 1 MiB");
    }

    void badImsAnswers()
    {
        QFETCH(QString, mode);
        QFETCH(QString, message);
        const QString name = newCredential();
        hostile(mode, 1, 64);
        const Run r = run({QStringLiteral("token"), name});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.contains("evil") && !r.err.contains("X-Injected"));
        QVERIFY2(onlyOwnLines(r.err), r.err.constData());
        // Nothing was cached: the next mint is a real one.
        QVERIFY(listed(name).value(QLatin1String("expires_at")).isNull());
        const Run again = run({QStringLiteral("token"), name});
        QCOMPARE(again.exit, 0);
        QVERIFY(again.out.startsWith("eyJ"));
    }

    void absurdExpiries()
    {
        const QString name = newCredential();
        hostile(QStringLiteral("farfuture"));
        const Run far = run({QStringLiteral("token"), name});
        QCOMPARE(far.exit, 0);
        QVERIFY2(far.err.contains("trusted for 24 h only"), far.err.constData());
        const QDateTime cachedUntil =
            QDateTime::fromString(listed(name).value(QLatin1String("expires_at")).toString(), Qt::ISODate);
        QVERIFY(cachedUntil.isValid());
        QVERIFY(cachedUntil <= QDateTime::currentDateTimeUtc().addSecs(25 * 3600));

        const QString other = newCredential();
        hostile(QStringLiteral("expired"));
        const Run past = run({QStringLiteral("token"), other});
        QVERIFY2(past.err.contains("already expired"), past.err.constData());
        QVERIFY(listed(other).value(QLatin1String("expires_at")).isNull());
    }

    void silentImsIsBounded_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("silent") << QStringLiteral("silent");
        QTest::newRow("drip") << QStringLiteral("drip");
    }

    void silentImsIsBounded()
    {
        QFETCH(QString, mode);
        const QString name = newCredential();
        hostile(mode, 10);
        const Run r = run({QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("token"), name});
        hostile(QStringLiteral("none"), 0);
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("did not answer within 1 s"), r.err.constData());
        QVERIFY2(onlyOwnLines(r.err), r.err.constData());
        // One final line, after the retries the budget allowed.
        QCOMPARE(r.err.count("cannot get a token"), 1);
    }

    void maxTimeBoundsEverything()
    {
        const QString name = newCredential();
        hostile(QStringLiteral("silent"), 10);
        const Run r = run({QStringLiteral("--max-time"), QStringLiteral("1.5"), QStringLiteral("token"), name});
        hostile(QStringLiteral("none"), 0);
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("--max-time"), r.err.constData());
    }

    void malformedLocalDevTokenRefused()
    {
        const QString path = m_sandboxDir.path() + QStringLiteral("/bad-local.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"ok":true,"statusCode":200,"accessToken":"eyJh.eyJ\r\nX-Injected: yes.c2ln"})");
        f.close();
        const Run r = run({QStringLiteral("import"), path, QStringLiteral("--name"), QStringLiteral("badlocal")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("not a well-formed token"), r.err.constData());
        QVERIFY(listed(QStringLiteral("badlocal")).isEmpty());
    }

    // --- hostile AEM -------------------------------------------------------------------------

    void redirectNotFollowed()
    {
        const QString name = newCredential();
        const Run r =
            run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/redirect?to=https://evil.example/steal")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("AEM answered 302, redirecting to https://evil.example/steal; not followed"),
                 r.err.constData());
    }

    void headFinishesWithTheHeaders()
    {
        const QString name = newCredential();
        // The idle timeout is long: a HEAD that waited for a body would fail with it.
        const Run r = run({QStringLiteral("--timeout"), QStringLiteral("600"), QStringLiteral("request"), name,
                           QStringLiteral("-X"), QStringLiteral("HEAD"), QStringLiteral("-i"),
                           QStringLiteral("/libs/granite/security/currentuser.json")});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.startsWith("HTTP/1.1 200"), r.out.constData());
        QVERIFY(r.out.endsWith("\r\n\r\n"));
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void injectionRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("CRLF in a value") << QStringList {QStringLiteral("-H"),
                                                         QStringLiteral("X-A: a\r\nAuthorization: Bearer evil")};
        QTest::newRow("LF in a value") << QStringList {QStringLiteral("-H"), QStringLiteral("X-A: a\nX-B: b")};
        QTest::newRow("tab-less control character")
            << QStringList {QStringLiteral("-H"), QStringLiteral("X-A: a\x01b")};
        QTest::newRow("space in a name") << QStringList {QStringLiteral("-H"), QStringLiteral("X A: b")};
        QTest::newRow("method with a space")
            << QStringList {QStringLiteral("-X"), QStringLiteral("GET /evil HTTP/1.1\r\nX:")};
        QTest::newRow("empty method") << QStringList {QStringLiteral("-X"), QString()};
    }

    void injectionRefused()
    {
        QFETCH(QStringList, args);
        const QString name = newCredential();
        const Run r =
            run(QStringList {QStringLiteral("request"), name} + args + QStringList {QStringLiteral("/__sandbox/echo")});
        QCOMPARE(r.exit, 2);
        QVERIFY(r.out.isEmpty());
    }

    void timeoutsRefused_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        for (const QString& o : {QStringLiteral("--timeout"), QStringLiteral("--max-time")})
            for (const QString& v : {QStringLiteral("nan"), QStringLiteral("inf"), QStringLiteral("-inf"),
                                     QStringLiteral("0"), QStringLiteral("-5"), QStringLiteral("0.0001"),
                                     QStringLiteral("86401"), QStringLiteral("1e300"), QStringLiteral("ten")})
                QTest::addRow("%s %s", qPrintable(o), qPrintable(v)) << o << v;
    }

    void timeoutsRefused()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        const Run r = run({option, value, QStringLiteral("list")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(QByteArray(option.toUtf8() + " takes seconds")), r.err.constData());
    }

    void aemIdleAndTotalTime()
    {
        const QString name = newCredential();
        const Run drip = run({QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("request"), name,
                              QStringLiteral("/__sandbox/drip?bytes=4&ms=5000")});
        QCOMPARE(drip.exit, 1);
        QVERIFY2(drip.err.contains("sent nothing for 1 s"), drip.err.constData());
        const Run silent = run({QStringLiteral("--max-time"), QStringLiteral("1"), QStringLiteral("request"), name,
                                QStringLiteral("/__sandbox/silent")});
        QCOMPARE(silent.exit, 1);
        QVERIFY2(silent.err.contains("gave up after 1 s (--max-time)"), silent.err.constData());
        QVERIFY2(onlyOwnLines(silent.err), silent.err.constData());
    }

    void unauthorizedLoopEnds()
    {
        const QString name = newCredential();
        QCOMPARE(run({QStringLiteral("token"), name}).exit, 0); // cached: a 401 then mints once more
        const Run r = run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/status/401")});
        QCOMPARE(r.exit, 1);
        QCOMPARE(r.err.count("minting a new one"), 1);
        QVERIFY2(r.err.contains("AEM refused the token (401)"), r.err.constData());
    }

    void largeBodyToFile()
    {
        // 256 MiB here, 16 MiB under ASan; the GiB cases are in bench/.
        const int mb = kSanitized ? 16 : 256;
        const QString name = newCredential();
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("big.json"));
        const Run r = run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/large?mb=%1").arg(mb),
                           QStringLiteral("-o"), out});
        QCOMPARE(r.exit, 0);
        QVERIFY(QFileInfo(out).size() > qint64(mb - 1) * 1024 * 1024);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(10) == "{\"items\":[");
        if (!kSanitized) {
            // The largest child so far (every aemtoken this test waited for) stayed flat.
            rusage ru {};
            QCOMPARE(::getrusage(RUSAGE_CHILDREN, &ru), 0);
            QVERIFY2(ru.ru_maxrss < 64 * 1024, qPrintable(QStringLiteral("peak RSS %1 KiB").arg(ru.ru_maxrss)));
        }
    }

    void bodyFromFileStreamed()
    {
        const QString name = newCredential();
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("body.txt"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray line(1023, 'b');
        for (int i = 0; i < 4096; ++i) // 4 MiB
            f.write(line + '\n');
        f.close();
        const Run r = run({QStringLiteral("request"), name, QStringLiteral("-d"), QLatin1Char('@') + in,
                           QStringLiteral("/__sandbox/echo")});
        QCOMPARE(r.exit, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QLatin1String("body")).toString().size(), 4096 * 1024);
    }

    void caFileNotRegularRefused()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("ca-fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString name = newCredential();
        const Run r =
            run({QStringLiteral("--ca-file"), fifo, QStringLiteral("token"), name, QStringLiteral("--fresh")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("is not a regular file"), r.err.constData());
    }

    // --- outputs -----------------------------------------------------------------------------

    void outputToFifo()
    {
        const QString name = newCredential();
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("out.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QProcess reader;
        reader.start(QStringLiteral("cat"), {fifo});
        QVERIFY(reader.waitForStarted());
        const Run r =
            run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/large?mb=4"), QStringLiteral("-o"), fifo});
        QCOMPARE(r.exit, 0);
        QSignalSpy done(&reader, &QProcess::finished);
        QVERIFY(reader.state() == QProcess::NotRunning || done.wait(60000));
        QVERIFY(reader.readAllStandardOutput().size() > 4 * 1024 * 1024 - 100);
        QVERIFY(QFileInfo(fifo).exists());
        struct stat st
        { };
        QCOMPARE(::stat(QFile::encodeName(fifo).constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode)); // written in place, never replaced by a file
    }

    void outputToCharacterDevices()
    {
        if (!isRoot())
            QSKIP("mknod needs root");
        const QString name = newCredential();
        QTemporaryDir dir;
        const QByteArray null = QFile::encodeName(dir.filePath(QStringLiteral("null")));
        const QByteArray full = QFile::encodeName(dir.filePath(QStringLiteral("full")));
        QCOMPARE(::mknod(null.constData(), S_IFCHR | 0666, makedev(1, 3)), 0);
        QCOMPARE(::mknod(full.constData(), S_IFCHR | 0666, makedev(1, 7)), 0);
        const Run ok = run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/large?mb=2"),
                            QStringLiteral("-o"), QString::fromLocal8Bit(null)});
        QCOMPARE(ok.exit, 0);
        const Run bad = run({QStringLiteral("request"), name, QStringLiteral("/__sandbox/large?mb=2"),
                             QStringLiteral("-o"), QString::fromLocal8Bit(full)});
        QCOMPARE(bad.exit, 1);
        QVERIFY2(bad.err.contains(QByteArray("cannot write to " + full + ": No space left on device")),
                 bad.err.constData());
        QCOMPARE(bad.err.count('\n'), 1);
        for (const QByteArray& node : {null, full}) {
            struct stat st
            { };
            QCOMPARE(::stat(node.constData(), &st), 0);
            QVERIFY(S_ISCHR(st.st_mode)); // still the device
        }
    }

    void stdoutFull_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("token") << QStringList {QStringLiteral("token"), QStringLiteral("NAME")};
        QTest::newRow("token --json") << QStringList {QStringLiteral("token"), QStringLiteral("NAME"),
                                                      QStringLiteral("--json")};
        QTest::newRow("list") << QStringList {QStringLiteral("list")};
        QTest::newRow("list --json") << QStringList {QStringLiteral("list"), QStringLiteral("--json")};
        QTest::newRow("decode") << QStringList {QStringLiteral("decode"), QStringLiteral("NAME")};
        QTest::newRow("request") << QStringList {QStringLiteral("request"), QStringLiteral("NAME"),
                                                 QStringLiteral("/__sandbox/large?mb=2")};
        QTest::newRow("--version") << QStringList {QStringLiteral("--version")};
    }

    void stdoutFull()
    {
        if (!isRoot())
            QSKIP("mknod needs root");
        QFETCH(QStringList, args);
        const QString name = newCredential();
        args.replaceInStrings(QStringLiteral("NAME"), name);
        QTemporaryDir dir;
        const QString full = dir.filePath(QStringLiteral("full"));
        QCOMPARE(::mknod(QFile::encodeName(full).constData(), S_IFCHR | 0666, makedev(1, 7)), 0);
        const Run r = run(args, full);
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("cannot write to standard output: No space left on device"), r.err.constData());
        QCOMPARE(r.err.count("cannot write"), 1);
    }

    void stdoutClosedPipe()
    {
        const QString name = newCredential();
        const Run r =
            shell(QStringLiteral("\"$AEM\" request %1 '/__sandbox/large?mb=8' 2>err.txt | head -c 100 >/dev/null; "
                                 "echo \"exit=${PIPESTATUS[0]}\"; cat err.txt >&2")
                      .arg(name));
        QVERIFY2(r.out.contains("exit=1"), r.out.constData());
        QVERIFY2(r.err.contains("cannot write to standard output: Broken pipe"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
