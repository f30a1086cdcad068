// SPDX-License-Identifier: Apache-2.0
// `aemtoken run FILE.http` end to end: the real binary against the sandbox (a separate process,
// real HTTPS) with the real Secret Service from with-keyring.sh, each test in a home of its own.

#include "httpbodyfile.h"
#include "httpfile.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace aem;
using aem::test::IsolatedHome;

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestCliRun : public QObject
{
    Q_OBJECT

    QTemporaryDir m_sandboxDir;
    QProcess m_sandbox;
    QString m_url;
    std::unique_ptr<IsolatedHome> m_home;
    QByteArray m_allStderr;

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

    Run run(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        if (!input.isEmpty())
            p.write(input);
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
        m_allStderr += r.err;
        return r;
    }

    QString demo() const { return m_sandboxDir.path() + QStringLiteral("/service-credentials.json"); }

    // `aemtoken run FILE` with the sandbox's demo credential read --from its file.
    Run runFile(const QString& file, const QStringList& more = {}, const QByteArray& input = {})
    {
        return run(QStringList {QStringLiteral("run"), file, QStringLiteral("--from"), demo(),
                                QStringLiteral("--author"), m_url}
                       + more,
                   input);
    }

    QString write(const QString& name, const QByteArray& content) const
    {
        const QString path = m_home->path() + QLatin1Char('/') + name;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qWarning() << "cannot write" << path;
        return path;
    }

    static QList<QByteArray> lines(const QByteArray& out)
    {
        QList<QByteArray> l = out.split('\n');
        l.removeAll(QByteArray());
        return l;
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
    }

    void init() { m_home = std::make_unique<IsolatedHome>(); }
    void cleanup() { m_home.reset(); }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    // A collection saved by the program, reopened from disk and run against a stored credential.
    void savedCollectionReopensAndRuns()
    {
        QCOMPARE(run({QStringLiteral("import"), demo(), QStringLiteral("--name"), QStringLiteral("demo"),
                      QStringLiteral("--author"), m_url})
                     .exit,
                 0);
        HttpFile f;
        f.variables = {{QStringLiteral("dam"), QStringLiteral("/content/dam"), 0}};
        HttpFileRequest me;
        me.name = QStringLiteral("me");
        me.target = QStringLiteral("{{author}}/libs/granite/security/currentuser.json");
        me.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
        HttpFileRequest dam;
        dam.name = QStringLiteral("dam");
        dam.target = QStringLiteral("{{dam}}.json");
        f.requests = {me, dam};
        const QByteArray saved = writeHttpFile(f);
        const QString path = write(QStringLiteral("saved.http"), saved);
        QFile reopened(path);
        QVERIFY(reopened.open(QIODevice::ReadOnly));
        QString error;
        const auto parsed = parseHttpFile(reopened.readAll(), &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(writeHttpFile(*parsed), saved);
        const Run r = run({QStringLiteral("run"), path, QStringLiteral("--target"), QStringLiteral("demo")});
        QVERIFY2(r.exit == 0, r.err.constData());
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 2);
        QVERIFY2(l[0].startsWith("me  GET /libs/granite/security/currentuser.json  200  "), l[0].constData());
        QVERIFY2(l[1].startsWith("dam  GET /content/dam.json  200  ") && l[1].endsWith(" ms"), l[1].constData());
    }

    void unexpected404FailsWithExit1()
    {
        const QString path = write(QStringLiteral("c.http"),
                                   "### ok\nGET /content/dam.json\n\n### gone\nGET "
                                   "/content/nothing-here.json\n");
        const Run r = runFile(path);
        QCOMPARE(r.exit, 1);
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 2);
        QVERIFY(l[0].contains("  200  "));
        QVERIFY2(l[1].contains("  404  ") && l[1].contains("FAILED"), l[1].constData());
        QVERIFY2(r.err.contains("1 of 2 requests failed"), r.err.constData());
    }

    void expectedStatusPasses()
    {
        const QString path = write(QStringLiteral("e.http"),
                                   "### gone\n# @expect status 404\nGET "
                                   "/content/nothing-here.json\n\n### wrong\n# @expect "
                                   "status 201\nGET /content/dam.json\n");
        const Run pass = runFile(path, {QStringLiteral("--request"), QStringLiteral("gone")});
        QVERIFY2(pass.exit == 0, pass.out.constData());
        // A 200 where the file expects a 201 is a failed assertion.
        const Run fail = runFile(path, {QStringLiteral("--request"), QStringLiteral("wrong")});
        QCOMPARE(fail.exit, 1);
        QVERIFY2(fail.out.contains("expected status 201, got 200"), fail.out.constData());
    }

    void requestSelectsByName()
    {
        const QString path = write(QStringLiteral("s.http"),
                                   "### a\nGET /content/dam.json\n\n### b\nGET "
                                   "/content/nothing.json\n\n###\nGET /api/assets.json\n");
        const Run r = runFile(
            path,
            {QStringLiteral("--request"), QStringLiteral("#3"), QStringLiteral("--request"), QStringLiteral("a")});
        QCOMPARE(r.exit, 0);
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 2);
        QVERIFY(l[0].startsWith("#3  GET /api/assets.json  200"));
        QVERIFY(l[1].startsWith("a  GET /content/dam.json  200"));
        const Run unknown = runFile(path, {QStringLiteral("--request"), QStringLiteral("zzz")});
        QCOMPARE(unknown.exit, 2);
        QVERIFY2(unknown.err.contains("no request named \"zzz\" (it has: a, b, #3)"), unknown.err.constData());
    }

    void jsonShape()
    {
        const QString path = write(QStringLiteral("j.http"),
                                   "### a\nGET /content/dam.json\n\n### b\nGET "
                                   "/content/nothing.json\n\n### c\nGET {{nope}}/x\n");
        const Run r = runFile(path, {QStringLiteral("--json")});
        QCOMPARE(r.exit, 1);
        const QJsonArray arr = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(arr.size(), 3);
        const QStringList keys {QStringLiteral("elapsed_ms"), QStringLiteral("error"),  QStringLiteral("method"),
                                QStringLiteral("name"),       QStringLiteral("passed"), QStringLiteral("status"),
                                QStringLiteral("url")};
        for (const QJsonValue& v : arr)
            QCOMPARE(v.toObject().keys(), keys);
        QCOMPARE(arr[0][QLatin1String("status")].toInt(), 200);
        QVERIFY(arr[0][QLatin1String("passed")].toBool());
        QVERIFY(arr[0][QLatin1String("error")].isNull());
        QCOMPARE(arr[0][QLatin1String("url")].toString(), m_url + QStringLiteral("/content/dam.json"));
        QCOMPARE(arr[1][QLatin1String("status")].toInt(), 404);
        QVERIFY(!arr[1][QLatin1String("passed")].toBool());
        // Never sent: no status, no time, and why.
        QVERIFY(arr[2][QLatin1String("status")].isNull());
        QVERIFY(arr[2][QLatin1String("elapsed_ms")].isNull());
        QVERIFY(arr[2][QLatin1String("error")].toString().contains(QLatin1String("{{nope}} is not defined")));
    }

    void fileAuthorizationNeedsConsentAndNamedHost()
    {
        const QByteArray file = "### own\n# @expect status 401\nGET " + m_url.toUtf8()
            + "/content/dam.json\nAuthorization: Basic YWRtaW46YWRtaW4=\n\n### via-author\n# @expect status 401\n"
              "GET {{author}}/content/dam.json\nAuthorization: Basic YWRtaW46YWRtaW4=\n";
        const QString path = write(QStringLiteral("a.http"), file);
        const Run refused = runFile(path, {QStringLiteral("--request"), QStringLiteral("own")});
        QCOMPARE(refused.exit, 1);
        QVERIFY2(refused.out.contains("only with --allow-file-auth"), refused.out.constData());
        QVERIFY(refused.out.contains("  -  -  "));
        // Agreed: sent as written, with no token (the sandbox refuses Basic: the 401 the file expects).
        const Run sent =
            runFile(path, {QStringLiteral("--request"), QStringLiteral("own"), QStringLiteral("--allow-file-auth")});
        QVERIFY2(sent.exit == 0, sent.out.constData());
        QVERIFY(sent.out.contains("  401  "));
        // A host the file does not write itself ({{author}} comes from the target) is refused.
        const Run author = runFile(
            path, {QStringLiteral("--request"), QStringLiteral("via-author"), QStringLiteral("--allow-file-auth")});
        QCOMPARE(author.exit, 1);
        QVERIFY2(author.out.contains("only to a host written in the file"), author.out.constData());
    }

    void secretComesFromTheKeychain()
    {
        const QByteArray file = "# @collection run-test-secrets\n# @secret apiKey\n\n### keyed\nGET "
                                "/content/dam.json\nX-Api-Key: {{apiKey}}\n";
        const QString path = write(QStringLiteral("k.http"), file);
        const Run missing = runFile(path);
        QCOMPARE(missing.exit, 1);
        QVERIFY2(missing.out.contains("--store-secret apiKey"), missing.out.constData());
        const QByteArray value = "k3y-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const Run store = run({QStringLiteral("run"), path, QStringLiteral("--store-secret"), QStringLiteral("apiKey")},
                              value + "\n");
        QVERIFY2(store.exit == 0, store.err.constData());
        const Run ok = runFile(path);
        QVERIFY2(ok.exit == 0, ok.out.constData());
        // In the URL too, and the value is never printed: the line and --json show {{apiKey}}.
        const QString inUrl = write(QStringLiteral("q.http"),
                                    "# @collection run-test-secrets\n# @secret apiKey\n\n"
                                    "### q\nGET /content/dam.json?key={{apiKey}}\n");
        const Run q = runFile(inUrl);
        QVERIFY2(q.exit == 0, q.out.constData());
        QVERIFY2(q.out.contains("?key={{apiKey}}") && !q.out.contains(value), q.out.constData());
        const Run qj = runFile(inUrl, {QStringLiteral("--json")});
        QVERIFY(qj.out.contains("?key={{apiKey}}") && !qj.out.contains(value));
        // The file is as it was, and the value went nowhere but the keychain.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), file);
        QVERIFY(!m_allStderr.contains(value));
        QDirIterator it(m_home->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile g(it.next());
            QVERIFY(g.open(QIODevice::ReadOnly));
            QVERIFY2(!g.readAll().contains(value), qPrintable(g.fileName()));
        }
        const Run notSecret =
            run({QStringLiteral("run"), path, QStringLiteral("--store-secret"), QStringLiteral("other")}, "x\n");
        QCOMPARE(notSecret.exit, 2);
    }

    // A file from someone else's repository could write terminal escapes (a window title, the
    // clipboard through OSC 52, text erased) in a request's name or line: shown, never obeyed.
    void terminalEscapesInTheFileNotPrinted()
    {
        const QString path = write(QStringLiteral("esc.http"),
                                   "# @future \x1b]52;c;ZXZpbA==\x07x\n### na\x1b]0;pwned\x07me\n"
                                   "GET /content/dam.json?x=\x1b[2K\n");
        const Run r = runFile(path, {QStringLiteral("--verbose")});
        QVERIFY2(r.out.contains("me"), r.out.constData());
        QVERIFY2(!r.out.contains('\x1b') && !r.err.contains('\x1b'),
                 QByteArray(r.out + r.err).toPercentEncoding().constData());
        QVERIFY(!r.out.contains('\x07') && !r.err.contains('\x07'));
        const Run u = runFile(path, {QStringLiteral("--request"), QStringLiteral("nope")});
        QVERIFY2(!u.err.contains('\x1b'), u.err.toPercentEncoding().constData());
    }

    // A request refused after substitution names its URL in the reason: never with the secret.
    void secretNeverInTheReason()
    {
        const QString path = write(QStringLiteral("w.http"),
                                   "# @collection run-test-why\n# @secret apiKey\n\n"
                                   "### w\nGET {{apiKey}}\n\n### h\nGET https://{{apiKey}}.example/x\n");
        const QByteArray value = "Why-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const Run store = run({QStringLiteral("run"), path, QStringLiteral("--store-secret"), QStringLiteral("apiKey")},
                              value + "\n");
        QVERIFY2(store.exit == 0, store.err.constData());
        for (const QStringList& more : {QStringList(), QStringList {QStringLiteral("--json")}}) {
            const Run r = runFile(path, more);
            QCOMPARE(r.exit, 1);
            QVERIFY2(!r.out.toLower().contains(value.toLower()) && !r.err.toLower().contains(value.toLower()),
                     r.out.constData());
            QVERIFY2(r.out.contains("{{apiKey}}"), r.out.constData());
        }
    }

    // A file picks its collection (# @collection, or its base name) and the host of a request
    // with its own Authorization: such a request never takes a keychain secret along, so a file
    // from someone else's repository cannot send another collection's secret to its host.
    void fileAuthorizationNeverCarriesASecret()
    {
        const QString mine = write(QStringLiteral("mine.http"),
                                   "# @collection run-test-victim\n# @secret apiKey\n\n"
                                   "### a\nGET /content/dam.json\nX-Key: {{apiKey}}\n");
        const QByteArray value = "victim-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const Run store = run({QStringLiteral("run"), mine, QStringLiteral("--store-secret"), QStringLiteral("apiKey")},
                              value + "\n");
        QVERIFY2(store.exit == 0, store.err.constData());
        const QString theirs = write(QStringLiteral("theirs.http"),
                                     "# @collection run-test-victim\n# @secret apiKey\n\n### x\nGET " + m_url.toUtf8()
                                         + "/__sandbox/echo?k={{apiKey}}\nAuthorization: Basic YTpi\n");
        const Run r = runFile(theirs, {QStringLiteral("--allow-file-auth")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.out.contains("never carries a keychain secret ({{apiKey}})"), r.out.constData());
        QVERIFY2(r.out.contains("  -  -  "), r.out.constData()); // nothing sent
        QVERIFY(!r.out.contains(value) && !r.err.contains(value));
    }

    // A secret in the URL is shown as {{name}} whatever characters it holds: also one the URL
    // shows decoded (%41) or encoded (%25), in the line and in --json.
    void secretWithEscapesNeverPrinted()
    {
        const QString path = write(QStringLiteral("e.http"),
                                   "# @collection run-test-escapes\n# @secret apiKey\n\n"
                                   "### q\nGET /content/dam.json?key={{apiKey}}\n");
        for (const QByteArray& value : {QByteArray("k%41y-one"), QByteArray("k\xc3\xa9y%zz-two")}) {
            const Run store =
                run({QStringLiteral("run"), path, QStringLiteral("--store-secret"), QStringLiteral("apiKey")},
                    value + "\n");
            QVERIFY2(store.exit == 0, store.err.constData());
            const Run q = runFile(path);
            QVERIFY2(q.out.contains("?key={{apiKey}}"), q.out.constData());
            const Run qj = runFile(path, {QStringLiteral("--json")});
            QVERIFY2(qj.out.contains("?key={{apiKey}}"), qj.out.constData());
            for (const QByteArray& shown : {QByteArray(q.out + q.err), QByteArray(qj.out + qj.err)})
                QVERIFY2(!QUrl::fromPercentEncoding(shown).contains(QUrl::fromPercentEncoding(value)),
                         shown.constData());
        }
    }

    // Typed on a terminal, the secret is not echoed back (and so not left in the scrollback):
    // it is asked with a prompt, the terminal's echo off.
    void storeSecretOnATerminalIsNotEchoed()
    {
        const QString path = write(QStringLiteral("t.http"),
                                   "# @collection run-test-tty\n# @secret apiKey\n\n"
                                   "### q\nGET /content/dam.json\nX-Key: {{apiKey}}\n");
        const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
        QVERIFY(master >= 0);
        QVERIFY(::grantpt(master) == 0 && ::unlockpt(master) == 0);
        const QByteArray slave = ::ptsname(master);
        ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
        QProcess p;
        p.setProcessEnvironment(env());
        // The pty is the child's controlling terminal and its standard input.
        p.setChildProcessModifier([slave] {
            ::setsid();
            const int fd = ::open(slave.constData(), O_RDWR);
            ::ioctl(fd, TIOCSCTTY, 0);
            ::dup2(fd, STDIN_FILENO);
            ::close(fd);
        });
        p.start(QStringLiteral(AEMTOKEN_BIN),
                {QStringLiteral("run"), path, QStringLiteral("--store-secret"), QStringLiteral("apiKey")});
        QByteArray seen;
        auto drain = [&] {
            char buf[512];
            for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;)
                seen.append(buf, n);
        };
        QTRY_VERIFY_WITH_TIMEOUT((drain(), seen.contains("apiKey")), 20000);
        const QByteArray value = "tty-typed-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(::write(master, value.constData(), size_t(value.size())), ssize_t(value.size()));
        QCOMPARE(::write(master, "\n", 1), ssize_t(1));
        QSignalSpy finished(&p, &QProcess::finished);
        QVERIFY(finished.wait(60000));
        drain();
        ::close(master);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        QVERIFY2(!seen.contains(value), seen.constData());
        QVERIFY2(err.contains("stored the secret apiKey"), err.constData());
    }

    // Another tool's directives and response handlers are run past, kept in the file, and shown.
    void unknownConstructsKeptAndShown()
    {
        const QByteArray file = "### a\n# @no-redirect\nGET /content/dam.json\n\n> {% client.test(); %}\n";
        const QString path = write(QStringLiteral("x.http"), file);
        const Run r = runFile(path, {QStringLiteral("--verbose")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(r.err.contains("kept, not understood: a: # @no-redirect"), r.err.constData());
        QVERIFY(r.err.contains("client.test"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), file);
    }

    // "< FILE": the server gets the file's bytes (the sandbox answers 200 only for the SHA-256 the
    // URL names); "<@ FILE" substitutes the file's {{variables}} first.
    void bodyFromFileIsSent()
    {
        QVERIFY(QDir(m_home->path()).mkpath(QStringLiteral("payloads")));
        const QByteArray bytes = "{\"title\": \"caf\xc3\xa9 {{not substituted}}\",\n\"n\": 1}\r\n\x01";
        write(QStringLiteral("payloads/body.json"), bytes);
        write(QStringLiteral("payloads/tpl.json"), "{\"who\": \"{{who}}\"}");
        auto sha = [](const QByteArray& b) { return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex(); };
        const QByteArray file = "@who = me\n\n### raw\nPOST /__sandbox/expect-body?sha256=" + sha(bytes)
            + "\nContent-Type: application/json\n\n< ./payloads/body.json\n\n"
              "### subst\nPOST /__sandbox/expect-body?sha256="
            + sha("{\"who\": \"me\"}") + "\n\n<@ payloads/tpl.json\n\n### wrong\n# @expect status 409\n"
            + "POST /__sandbox/expect-body?sha256=" + sha("other") + "\n\n< " + m_home->path().toUtf8()
            + "/payloads/body.json\n";
        const QString path = write(QStringLiteral("upload.http"), file);
        const Run r = runFile(path);
        QVERIFY2(r.exit == 0, QByteArray(r.out + r.err).constData());
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 3);
        QVERIFY2(l[0].startsWith("raw  POST /__sandbox/expect-body?sha256=") && l[0].contains("  200  "),
                 l[0].constData());
        QVERIFY2(l[1].contains("  200  "), l[1].constData());
        QVERIFY2(l[2].contains("  409  "), l[2].constData());
        // Kept verbatim: the run never rewrites the file.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), file);
        // The body's bytes are nowhere in what the run printed.
        QVERIFY(!r.out.contains("not substituted") && !r.err.contains("not substituted"));
    }

    // A FIFO, a directory, an oversized or missing file: refused when sent, the file and the cause
    // named, the other requests still run, never a wait on the FIFO.
    void bodyFileRefusals()
    {
        const QString fifo = m_home->path() + QStringLiteral("/pipe.json");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(QDir(m_home->path()).mkpath(QStringLiteral("adir")));
        {
            QFile big(m_home->path() + QStringLiteral("/big.json"));
            QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(kMaxHttpBodyFileBytes + 1)); // sparse
        }
        const QString path = write(QStringLiteral("bad.http"),
                                   "### fifo\nPOST /__sandbox/echo\n\n< pipe.json\n\n"
                                   "### dir\nPOST /__sandbox/echo\n\n< ./adir\n\n"
                                   "### big\nPOST /__sandbox/echo\n\n< big.json\n\n"
                                   "### missing\nPOST /__sandbox/echo\n\n< ./nope.json\n\n"
                                   "### fine\nGET /content/dam.json\n");
        const Run r = runFile(path);
        QCOMPARE(r.exit, 1);
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 5);
        QVERIFY2(l[0].contains("FAILED: body file ") && l[0].contains("pipe.json") && l[0].contains("FIFO"),
                 l[0].constData());
        QVERIFY2(l[1].contains("adir") && l[1].contains("directory"), l[1].constData());
        QVERIFY2(l[2].contains("big.json") && l[2].contains("16 MiB"), l[2].constData());
        QVERIFY2(l[3].contains("nope.json") && l[3].contains("no such file"), l[3].constData());
        QVERIFY2(l[4].startsWith("fine  GET /content/dam.json  200"), l[4].constData());
        QVERIFY2(r.err.contains("4 of 5 requests failed"), r.err.constData());
    }

    // {{$uuid}} and friends: a fresh value each send, an unknown one an error naming it.
    void dynamicVariablesDifferPerSend()
    {
        const QString path =
            write(QStringLiteral("dyn.http"),
                  "### a\nGET /__sandbox/echo?id={{$uuid}}&t={{$timestamp}}&n={{$randomInt 5 6}}\n\n"
                  "### b\nGET /__sandbox/echo?id={{$uuid}}\n\n### c\nGET /__sandbox/echo?x={{$nope}}\n");
        const Run r = runFile(path);
        QCOMPARE(r.exit, 1);
        const auto l = lines(r.out);
        QCOMPARE(l.size(), 3);
        static const QRegularExpression uuid(
            QStringLiteral("id=([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"));
        const auto a = uuid.match(QString::fromUtf8(l[0]));
        const auto b = uuid.match(QString::fromUtf8(l[1]));
        QVERIFY2(a.hasMatch() && b.hasMatch(), QByteArray(l[0] + l[1]).constData());
        QVERIFY(a.captured(1) != b.captured(1));
        QVERIFY2(QRegularExpression(QStringLiteral("&t=\\d{10}&n=5  200")).match(QString::fromUtf8(l[0])).hasMatch(),
                 l[0].constData());
        QVERIFY2(l[2].contains("FAILED: line 8: {{$nope}} is not a dynamic variable"), l[2].constData());
    }

    void usageErrors()
    {
        const QString path = write(QStringLiteral("u.http"), "### a\nGET /content/dam.json\n");
        QCOMPARE(run({QStringLiteral("run")}).exit, 2);
        QCOMPARE(run({QStringLiteral("run"), path, QStringLiteral("--target"), QStringLiteral("x"),
                      QStringLiteral("--from"), demo()})
                     .exit,
                 2);
        const Run none = run({QStringLiteral("run"), m_home->path() + QStringLiteral("/absent.http")});
        QCOMPARE(none.exit, 1);
        QVERIFY(none.err.contains("absent.http"));
        const Run bad = runFile(write(QStringLiteral("b.http"), "# @secret k\n@k = v\n\n### a\nGET /x\n"));
        QCOMPARE(bad.exit, 1);
        QVERIFY2(bad.err.contains("k is marked secret"), bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"
