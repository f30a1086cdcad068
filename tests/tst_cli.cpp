// SPDX-License-Identifier: Apache-2.0
// End to end: the real `aemtoken` binary against the sandbox (a separate process, real HTTPS)
// with the real Secret Service from with-keyring.sh. Ends with a secret-hygiene sweep over
// every file under the XDG directories and everything the commands wrote to stderr.

#include "testsupport.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_sandboxDir;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;
    QByteArrayList m_secrets; // every secret seen: must never reach a file or stderr
    QByteArray m_allStderr;

    QProcessEnvironment env(bool trustSandbox = true) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        // Messages in English whatever the machine's locale (frenchMessages() sets its own).
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        if (trustSandbox)
            e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_sandboxDir.path() + QStringLiteral("/ca.pem"));
        else
            e.remove(QStringLiteral("AEMTOKEN_CA_FILE"));
        return e;
    }

    QProcess* startCli(const QStringList& args, const QProcessEnvironment& e)
    {
        auto* p = new QProcess(this);
        p->setProcessEnvironment(e);
        p->start(QStringLiteral(AEMTOKEN_BIN), args);
        return p;
    }

    Run run(const QStringList& args, const QByteArray& input = {}, const QProcessEnvironment* e = nullptr)
    {
        QProcess* p = startCli(args, e ? *e : env());
        if (!input.isEmpty())
            p->write(input);
        p->closeWriteChannel();
        Run r;
        // Waits with the event loop running, so servers in this process (the proxy) can answer.
        QSignalSpy finished(p, &QProcess::finished);
        if (!finished.wait(120000)) {
            p->kill();
            p->waitForFinished();
        }
        r.exit = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        r.out = p->readAllStandardOutput();
        r.err = p->readAllStandardError();
        m_allStderr += r.err;
        delete p;
        return r;
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

    int exchanges()
    {
        return QJsonDocument::fromJson(control(QStringLiteral("stats"), "GET"))
            .object()
            .value(QLatin1String("exchanges"))
            .toInt();
    }

    // A new credential registered with the sandbox, stored in a file as a user would have it.
    QString newCredentialFile(const QString& query = {})
    {
        const QByteArray json =
            control(QStringLiteral("credentials") + (query.isEmpty() ? QString() : QLatin1Char('?') + query));
        const QJsonObject integration =
            QJsonDocument::fromJson(json).object().value(QLatin1String("integration")).toObject();
        m_secrets << integration.value(QLatin1String("technicalAccount"))
                         .toObject()
                         .value(QLatin1String("clientSecret"))
                         .toString()
                         .toUtf8();
        static int n = 0;
        const QString path = m_sandboxDir.path() + QStringLiteral("/cred-%1.json").arg(++n);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(json);
        return path;
    }

    QString import(const QString& file, const QString& name)
    {
        const Run r =
            run({QStringLiteral("import"), file, QStringLiteral("--name"), name, QStringLiteral("--author"), m_url});
        if (r.exit != 0)
            qWarning() << "import failed:" << r.err;
        return QString::fromUtf8(r.out.trimmed());
    }

    QByteArray token(const QString& name, bool fresh = false)
    {
        QStringList args {QStringLiteral("token"), name};
        if (fresh)
            args << QStringLiteral("--fresh");
        const Run r = run(args);
        if (r.exit != 0)
            qWarning() << "token failed:" << r.err;
        m_secrets << r.out.trimmed();
        return r.out.trimmed();
    }

    // The demo credentials of the sandbox, stored as "demo".
    void importDemo()
    {
        const QString demo = m_sandboxDir.path() + QStringLiteral("/service-credentials.json");
        QCOMPARE(import(demo, QStringLiteral("demo")), QStringLiteral("demo"));
    }

    // No file under HOME and the XDG directories, and nothing the commands wrote to stderr,
    // holds a secret seen so far. Returns the number of files read.
    int sweepForSecrets()
    {
        QStringList roots {QDir::homePath()};
        for (const char* v : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            if (!qEnvironmentVariableIsEmpty(v))
                roots << qEnvironmentVariable(v);
        int files = 0;
        m_secrets.removeAll(QByteArray());
        for (const QString& root : roots) {
            QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                if (!f.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray data = f.readAll();
                ++files;
                [&] {
                    QVERIFY2(!data.contains("PRIVATE KEY-----"), qPrintable(f.fileName()));
                    for (const QByteArray& s : std::as_const(m_secrets))
                        QVERIFY2(!data.contains(s), qPrintable(QStringLiteral("a secret is in %1").arg(f.fileName())));
                }();
            }
        }
        [&] {
            QVERIFY(!m_allStderr.contains("PRIVATE KEY"));
            for (const QByteArray& s : std::as_const(m_secrets))
                QVERIFY2(!m_allStderr.contains(s), "a secret reached stderr");
        }();
        return files;
    }

    // --from runs: no D-Bus session at all, and a HOME/XDG tree of their own to prove nothing is
    // written there (XDG_RUNTIME_DIR holds the lock files, as on a server).
    QProcessEnvironment serverEnv(const QString& home) const
    {
        QProcessEnvironment e = env();
        e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        e.insert(QStringLiteral("HOME"), home + QStringLiteral("/home"));
        e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/home/.local/share"));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/home/.config"));
        e.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/home/.cache"));
        e.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
        QDir().mkpath(home + QStringLiteral("/run"));
        return e;
    }

    static QStringList filesUnder(const QString& dir)
    {
        QStringList out;
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << it.next();
        return out;
    }

    // The keys in the user's kernel keyring, to take away what a test added.
    static QByteArrayList userKeys()
    {
        QProcess p;
        p.start(QStringLiteral("keyctl"), {QStringLiteral("rlist"), QStringLiteral("@u")});
        p.waitForFinished();
        return p.readAllStandardOutput().trimmed().split(' ');
    }
    static void unlinkKeysAddedSince(const QByteArrayList& before)
    {
        for (const QByteArray& k : userKeys())
            if (!k.isEmpty() && !before.contains(k))
                QProcess::execute(QStringLiteral("keyctl"),
                                  {QStringLiteral("unlink"), QString::fromLatin1(k), QStringLiteral("@u")});
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
        // The demo file's secret counts as a secret too.
        QFile demo(m_sandboxDir.path() + QStringLiteral("/service-credentials.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        m_secrets << QJsonDocument::fromJson(demo.readAll())
                         .object()
                         .value(QLatin1String("integration"))
                         .toObject()
                         .value(QLatin1String("technicalAccount"))
                         .toObject()
                         .value(QLatin1String("clientSecret"))
                         .toString()
                         .toUtf8();
    }

    // Every test starts from an empty store and a sandbox that answers normally.
    void init()
    {
        control(QStringLiteral("fail?count=0"));
        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exit, 0);
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array())
            QCOMPARE(run({QStringLiteral("remove"), v.toObject().value(QLatin1String("name")).toString()}).exit, 0);
        QCOMPARE(QJsonDocument::fromJson(run({QStringLiteral("list"), QStringLiteral("--json")}).out).array().size(),
                 0);
    }

    // Whatever a test did, no secret it saw reached a file or stderr.
    void cleanup() { sweepForSecrets(); }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        m_sandbox.waitForFinished(5000);
    }

    void usageAndVersion()
    {
        QCOMPARE(run({}).exit, 2);
        QCOMPARE(run({QStringLiteral("frobnicate")}).exit, 2);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")}).exit, 2);
        const Run v = run({QStringLiteral("--version")});
        QCOMPARE(v.exit, 0);
        QVERIFY(v.out.startsWith("aemtoken "));
        // Help comes from the command table: for one command on stdout, exit 0.
        const Run help = run({QStringLiteral("token"), QStringLiteral("--help")});
        QCOMPARE(help.exit, 0);
        QVERIFY2(help.out.startsWith("Usage: aemtoken token NAME [--fresh] [--json] [--header] [--from FILE|-]\n")
                     && help.out.contains("--fresh "),
                 help.out.constData());
        QCOMPARE(run({QStringLiteral("help"), QStringLiteral("token")}).out, help.out);
        // A usage error is one line and a pointer to the help (tst_cliusage has the details).
        const Run usage = run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")});
        QCOMPARE(usage.err, QByteArray("aemtoken: token takes one NAME\nTry 'aemtoken token --help'.\n"));
        const Run all = run({QStringLiteral("--help")});
        QCOMPARE(all.exit, 0);
        QCOMPARE(all.err, QByteArray());
        const QJsonArray table =
            QJsonDocument::fromJson(run({QStringLiteral("__commands"), QStringLiteral("--json")}).out)
                .object()
                .value(QLatin1String("commands"))
                .toArray();
        QCOMPARE(table.size(), 16);
        for (const QJsonValue& c : table)
            QVERIFY2(all.out.contains(
                         QByteArray("\n  " + c.toObject().value(QLatin1String("synopsis")).toString().toUtf8())),
                     qPrintable(c.toObject().value(QLatin1String("name")).toString()));
        QVERIFY(!all.out.contains("__commands"));
    }

    // The command line speaks the user's language; what scripts read does not change.
    void frenchMessages()
    {
        QProcessEnvironment fr = env();
        fr.remove(QStringLiteral("LC_ALL"));
        fr.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        const Run usage = run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")}, {}, &fr);
        QCOMPARE(usage.exit, 2);
        QVERIFY2(usage.err.contains("token attend un NOM") && usage.err.contains("aemtoken token --help"),
                 usage.err.constData());
        QCOMPARE(usage.err.count('\n'), 2);
        const Run missing = run({QStringLiteral("check"), QStringLiteral("/nonexistent/creds.json")}, {}, &fr);
        QCOMPARE(missing.exit, 1);
        QCOMPARE(
            missing.err,
            QByteArray("aemtoken: « /nonexistent/creds.json » n’est ni un fichier ni un identifiant enregistré\n"));
        // A message from the core library, through the command line.
        const Run unknown = run({QStringLiteral("token"), QStringLiteral("nobody-here")}, {}, &fr);
        QCOMPARE(unknown.exit, 1);
        QVERIFY2(unknown.err.contains("aucun identifiant nommé « nobody-here »"), unknown.err.constData());
        // Labels translated and still aligned.
        const Run check = run({QStringLiteral("check"), newCredentialFile()}, {}, &fr);
        QCOMPARE(check.exit, 0);
        QVERIFY2(check.out.contains("clé privée :") && check.out.contains("RSA 2048 bits, correspond au certificat"),
                 check.out.constData());
        // Values start in one column (counted in characters, not UTF-8 bytes).
        const auto valueColumn = [](const QString& line) {
            qsizetype c = line.indexOf(QStringLiteral(":  "));
            if (c < 0)
                return qsizetype(-1);
            for (c += 1; c < line.size() && line[c] == QLatin1Char(' ');)
                ++c;
            return c;
        };
        const QStringList lines = QString::fromUtf8(check.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 10 && lines.first().contains(QStringLiteral("identifiants de service")),
                 check.out.constData());
        for (const QString& line : lines)
            QVERIFY2(valueColumn(line) == valueColumn(lines.first()) && valueColumn(line) > 0, qPrintable(line));
        // Machine-read output is the same in every language.
        const Run json = run({QStringLiteral("check"), newCredentialFile(), QStringLiteral("--json")}, {}, &fr);
        QCOMPARE(json.exit, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("service"));
        QVERIFY(o.value(QLatin1String("key_matches_certificate")).toBool());
    }

    void importList()
    {
        importDemo();

        Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exit, 0);
        QJsonArray arr = QJsonDocument::fromJson(list.out).array();
        QCOMPARE(arr.size(), 1);
        QJsonObject o = arr.first().toObject();
        QCOMPARE(o.value(QLatin1String("name")).toString(), QStringLiteral("demo"));
        QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("service"));
        QVERIFY(o.value(QLatin1String("client_id")).toString().startsWith(QLatin1String("cm-p1234-e5678-")));
        QVERIFY(o.value(QLatin1String("expires_at")).isNull());
        QVERIFY(
            QDateTime::fromString(o.value(QLatin1String("certificate_expires_at")).toString(), Qt::ISODate).isValid());
        QCOMPARE(o.value(QLatin1String("author_url")).toString(), m_url);
    }

    void tokenIsCachedUntilFresh()
    {
        importDemo();
        const int before = exchanges();
        const QByteArray t1 = token(QStringLiteral("demo"));
        QVERIFY(t1.startsWith("eyJ"));
        QCOMPARE(exchanges(), before + 1);
        const QByteArray t2 = token(QStringLiteral("demo"));
        QCOMPARE(t2, t1); // cached
        QCOMPARE(exchanges(), before + 1);
        const QByteArray t3 = token(QStringLiteral("demo"), true);
        QVERIFY(t3 != t1);
        QCOMPARE(exchanges(), before + 2);

        const Run tj = run({QStringLiteral("token"), QStringLiteral("demo"), QStringLiteral("--json")});
        QCOMPARE(tj.exit, 0);
        const QJsonObject tjo = QJsonDocument::fromJson(tj.out).object();
        QCOMPARE(tjo.value(QLatin1String("access_token")).toString().toLatin1(), t3);
        QVERIFY(tjo.value(QLatin1String("expires_in_s")).toDouble() > 86000);
        QVERIFY(QDateTime::fromString(tjo.value(QLatin1String("expires_at")).toString(), Qt::ISODate).isValid());

        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonObject o = QJsonDocument::fromJson(list.out).array().first().toObject();
        QCOMPARE(o.value(QLatin1String("expires_at")).toString(), tjo.value(QLatin1String("expires_at")).toString());
    }

    void requestCommand()
    {
        importDemo();

        const Run who = run({QStringLiteral("request"), QStringLiteral("demo"),
                             QStringLiteral("/libs/granite/security/currentuser.json")});
        QVERIFY2(who.exit == 0, who.err.constData());
        QVERIFY2(who.out.contains("techacct.adobe.com"), who.out.constData());

        const Run echo =
            run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("-X"), QStringLiteral("PUT"),
                 QStringLiteral("/__sandbox/echo?x=1"), QStringLiteral("-H"), QStringLiteral("X-Trace: abc"),
                 QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                 QStringLiteral("{\"a\":1}"), QStringLiteral("-i")});
        QCOMPARE(echo.exit, 0);
        // The protocol the reply came in (the sandbox speaks HTTP/1.1), its status and reason.
        QVERIFY2(echo.out.startsWith("HTTP/1.1 200 OK\r\n"), echo.out.left(40).constData());
        const QJsonObject e = QJsonDocument::fromJson(echo.out.mid(echo.out.indexOf("\r\n\r\n") + 4)).object();
        QCOMPARE(e.value(QLatin1String("method")).toString(), QStringLiteral("PUT"));
        QCOMPARE(e.value(QLatin1String("body")).toString(), QStringLiteral("{\"a\":1}"));
        QCOMPARE(e.value(QLatin1String("headers")).toObject().value(QLatin1String("x-trace")).toString(),
                 QStringLiteral("abc"));
        QCOMPARE(e.value(QLatin1String("query")).toObject().value(QLatin1String("x")).toString(), QStringLiteral("1"));

        const Run denied =
            run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("-X"), QStringLiteral("POST"),
                 QStringLiteral("/content/site"), QStringLiteral("-d"), QStringLiteral("a=b")});
        QCOMPARE(denied.exit, 1);
        QVERIFY2(denied.err.contains("(403)") && denied.err.contains("techacct.adobe.com"), denied.err.constData());

        const Run foreign =
            run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("https://example.com/x")});
        QCOMPARE(foreign.exit, 1);
        QVERIFY(foreign.err.contains("not one of the hosts"));

        const QString outFile = m_sandboxDir.path() + QStringLiteral("/dam.json");
        const Run saved = run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("/content/dam.json"),
                               QStringLiteral("-o"), outFile});
        QCOMPARE(saved.exit, 0);
        QFile f(outFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("sling:Folder"));
        // -o - is standard output, not a file named "-".
        const Run toStdout = run({QStringLiteral("request"), QStringLiteral("demo"),
                                  QStringLiteral("/content/dam.json"), QStringLiteral("-o"), QStringLiteral("-")});
        QCOMPARE(toStdout.exit, 0);
        QVERIFY2(toStdout.out.contains("sling:Folder"), toStdout.err.constData());
        QVERIFY(!QFileInfo::exists(QStringLiteral("-")));
        // A method that is not an HTTP token never reaches AEM.
        const int before = exchanges();
        const Run method = run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("/x"),
                                QStringLiteral("-X"), QStringLiteral("GET /evil HTTP/1.1\r\nX:")});
        QCOMPARE(method.exit, 2);
        QCOMPARE(exchanges(), before);

        const Run status =
            run({QStringLiteral("request"), QStringLiteral("demo"), QStringLiteral("/__sandbox/status/503")});
        QCOMPARE(status.exit, 1);
        QVERIFY(status.err.contains("503"));
    }

    void checkDecodeRemove()
    {
        importDemo();
        const QByteArray t3 = token(QStringLiteral("demo"), true);
        QVERIFY(t3.startsWith("eyJ"));
        const Run check = run({QStringLiteral("check"), QStringLiteral("demo")});
        QCOMPARE(check.exit, 0);
        QVERIFY(check.out.contains("matches the certificate"));

        const Run decoded = run({QStringLiteral("decode"), QStringLiteral("--json")}, t3);
        QCOMPARE(decoded.exit, 0);
        const QJsonObject d = QJsonDocument::fromJson(decoded.out).object();
        QCOMPARE(d.value(QLatin1String("claims")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("access_token"));
        QVERIFY(d.value(QLatin1String("expires_in_s")).toDouble() > 86000);

        QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("demo")}).exit, 0);
        QCOMPARE(QJsonDocument::fromJson(run({QStringLiteral("list"), QStringLiteral("--json")}).out).array().size(),
                 0);
        const Run gone = run({QStringLiteral("token"), QStringLiteral("demo")});
        QCOMPARE(gone.exit, 1);
        QVERIFY(gone.err.contains("no credential named"));
    }

    // `check NAME` judges the stored record as `check FILE` judges the file it came from.
    void checkNameMatchesCheckFile()
    {
        const QString oauthFile = m_sandboxDir.path() + QStringLiteral("/s2s-check.json");
        {
            QFile f(oauthFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray json = control(QStringLiteral("oauth-credentials?stale=1"));
            for (const QJsonValue& v :
                 QJsonDocument::fromJson(json).object().value(QLatin1String("client_secrets")).toArray())
                m_secrets << v.toString().toUtf8();
            f.write(json);
        }
        const QList<std::pair<QString, QString>> files {
            {QStringLiteral("svc"), newCredentialFile()},
            {QStringLiteral("soon"), newCredentialFile(QStringLiteral("expired=1"))},
            {QStringLiteral("s2s"), oauthFile},
            {QStringLiteral("dev"), m_sandboxDir.path() + QStringLiteral("/local-dev-token.json")}};
        for (const auto& [name, file] : files) {
            QCOMPARE(import(file, name), name);
            const Run fromFile = run({QStringLiteral("check"), file, QStringLiteral("--json")});
            const Run stored = run({QStringLiteral("check"), name, QStringLiteral("--json")});
            QCOMPARE(stored.exit, fromFile.exit);
            QJsonObject a = QJsonDocument::fromJson(fromFile.out).object(),
                        b = QJsonDocument::fromJson(stored.out).object();
            QCOMPARE(a.take(QLatin1String("source")).toString(), file);
            QCOMPARE(b.take(QLatin1String("source")).toString(), name);
            // Durations count down between the two runs (stored was asked second).
            for (const QLatin1String key : {QLatin1String("certificate_expires_in_s"), QLatin1String("expires_in_s")}) {
                const QJsonValue fa = a.take(key), fb = b.take(key);
                QCOMPARE(fa.isNull(), fb.isNull());
                QVERIFY2(fa.toDouble() - fb.toDouble() >= 0 && fa.toDouble() - fb.toDouble() < 120, qPrintable(name));
            }
            QVERIFY2(!a.isEmpty() && a == b, qPrintable(name));
            const Run text = run({QStringLiteral("check"), name});
            QCOMPARE(text.out, run({QStringLiteral("check"), file}).out);
        }
    }

    void localDevelopmentToken()
    {
        QFile f(m_sandboxDir.path() + QStringLiteral("/local-dev-token.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        const QByteArray fileToken =
            QJsonDocument::fromJson(json).object().value(QLatin1String("accessToken")).toString().toLatin1();
        m_secrets << fileToken;
        const Run imp = run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--author"), m_url}, json);
        QCOMPARE(imp.exit, 0);
        QCOMPARE(imp.out.trimmed(), QByteArray("local-dev"));
        QCOMPARE(token(QStringLiteral("local-dev")), fileToken);
        // URLs can change after the import; a bad one is refused with the option named.
        const Run bad = run({QStringLiteral("set"), QStringLiteral("local-dev"), QStringLiteral("--publish"),
                             QStringLiteral("http://example.com")});
        QCOMPARE(bad.exit, 2);
        QVERIFY(bad.err.contains("--publish"));
        QCOMPARE(run({QStringLiteral("set"), QStringLiteral("local-dev"), QStringLiteral("--publish"), m_url}).exit, 0);
        const Run listed = run({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(listed.out.contains(QStringLiteral("\"publish_url\": \"%1\"").arg(m_url).toUtf8()));
        const Run fresh = run({QStringLiteral("token"), QStringLiteral("local-dev"), QStringLiteral("--fresh")});
        QCOMPARE(fresh.exit, 1);
        QVERIFY(fresh.err.contains("cannot be renewed"));
        const Run who = run({QStringLiteral("request"), QStringLiteral("local-dev"),
                             QStringLiteral("/system/sling/info.sessionInfo.json")});
        QCOMPARE(who.exit, 0);
        QVERIFY(who.out.contains("@AdobeID"));
        QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("local-dev")}).exit, 0);
    }

    void wrongSecretIsExplained()
    {
        const QString file = newCredentialFile();
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonObject integ = doc.value(QLatin1String("integration")).toObject();
        integ.insert(
            QStringLiteral("technicalAccount"),
            QJsonObject {{QStringLiteral("clientId"),
                          integ.value(QLatin1String("technicalAccount")).toObject().value(QLatin1String("clientId"))},
                         {QStringLiteral("clientSecret"), QStringLiteral("p8e-rotated-long-ago")}});
        doc.insert(QStringLiteral("integration"), integ);
        m_secrets << "p8e-rotated-long-ago";
        QCOMPARE(run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"),
                      QStringLiteral("wrongsecret")},
                     QJsonDocument(doc).toJson())
                     .exit,
                 0);
        const Run r = run({QStringLiteral("token"), QStringLiteral("wrongsecret")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("client secret") && r.err.contains("invalid_client"), r.err.constData());
        QVERIFY2(r.err.count('\n') == 1, r.err.constData()); // one line
    }

    void expiredCertificate()
    {
        const QString file = newCredentialFile(QStringLiteral("expired=1"));
        // Unusable: an error on stderr, the summary still on stdout, exit 1.
        const Run check = run({QStringLiteral("check"), file});
        QCOMPARE(check.exit, 1);
        // The headline in plain words, the field and the checker's words on the next line.
        QVERIFY2(check.err.contains("aemtoken: error: The certificate expired ")
                     && check.err.contains("aemtoken:   integration.publicKey: certificate expired on"),
                 check.err.constData());
        QVERIFY2(check.out.contains("client id:") && !check.out.contains("expired on"), check.out.constData());
        const Run json = run({QStringLiteral("check"), file, QStringLiteral("--json")});
        QCOMPARE(json.exit, 1);
        const QJsonObject problem =
            QJsonDocument::fromJson(json.out).object().value(QLatin1String("problems")).toArray().first().toObject();
        QCOMPARE(problem.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        const Run imp = run({QStringLiteral("import"), file, QStringLiteral("--name"), QStringLiteral("old")});
        QCOMPARE(imp.exit, 0);
        // As `check` says it: plain words, then the field and the checker's words for support.
        QVERIFY2(imp.err.contains("aemtoken: warning: The certificate expired "), imp.err.constData());
        QVERIFY2(imp.err.contains("aemtoken:   integration.publicKey: "), imp.err.constData());
        QVERIFY(imp.err.contains("expired on"));
        const Run r = run({QStringLiteral("token"), QStringLiteral("old")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("certificate is expired"), r.err.constData());
    }

    // `check`: warnings alone exit 0; a key that does not match the certificate is an error.
    void checkSeverities()
    {
        const Run soon = run({QStringLiteral("check"), newCredentialFile(QStringLiteral("validDays=10"))});
        QVERIFY2(soon.exit == 0, soon.err.constData());
        QVERIFY2(soon.err.contains("aemtoken: warning: The certificate expires in ")
                     && soon.err.contains("aemtoken:   integration.publicKey: certificate expires in"),
                 soon.err.constData());
        QVERIFY2(!soon.err.contains("aemtoken: warning: The certificate expires in -"), soon.err.constData());
        QVERIFY(soon.out.contains("matches the certificate"));
        // The private key of one credential with the certificate of another.
        QFile a(newCredentialFile()), b(newCredentialFile());
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QJsonObject mixed = QJsonDocument::fromJson(a.readAll()).object();
        QJsonObject integration = mixed.value(QLatin1String("integration")).toObject();
        integration.insert(QStringLiteral("privateKey"),
                           QJsonDocument::fromJson(b.readAll())
                               .object()
                               .value(QLatin1String("integration"))
                               .toObject()
                               .value(QLatin1String("privateKey")));
        mixed.insert(QStringLiteral("integration"), integration);
        const Run mismatch = run({QStringLiteral("check"), QStringLiteral("-")}, QJsonDocument(mixed).toJson());
        QCOMPARE(mismatch.exit, 1);
        QVERIFY2(mismatch.err.contains("aemtoken: error: The private key does not belong to the certificate")
                     && mismatch.err.contains("aemtoken:   integration.privateKey: does not match the certificate"),
                 mismatch.err.constData());
    }

    void transientFailuresAreRetried()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("flaky")), QStringLiteral("flaky"));
        control(QStringLiteral("fail?count=2&status=503&retryAfter=1"));
        const Run r = run({QStringLiteral("token"), QStringLiteral("flaky"), QStringLiteral("--fresh")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY(r.out.startsWith("eyJ"));
        m_secrets << r.out.trimmed();
        QCOMPARE(r.err.count("retrying"), 2);
    }

    void silentAemIsReportedAfterTheTimeout()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("quiet")), QStringLiteral("quiet"));
        const Run r = run({QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("request"),
                           QStringLiteral("quiet"), QStringLiteral("/__sandbox/slow?ms=10000")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("sent nothing for 1 s"), r.err.constData());
        // A body that keeps flowing — 3 s in all, a byte every 100 ms — is never cut by the same
        // 1 s idle timeout (a fast download could not show this on a slow, loaded machine).
        const Run big = run({QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("request"),
                             QStringLiteral("quiet"), QStringLiteral("/__sandbox/drip?bytes=30&ms=100"),
                             QStringLiteral("-o"), m_sandboxDir.path() + QStringLiteral("/drip.bin")});
        QVERIFY2(big.exit == 0, big.err.constData());
        QCOMPARE(QFileInfo(m_sandboxDir.path() + QStringLiteral("/drip.bin")).size(), 30);
    }

    void lastingOutageEndsInBoundedTime()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("flaky")), QStringLiteral("flaky"));
        control(QStringLiteral("fail?count=1000&status=503&retryAfter=1"));
        const int before = exchanges();
        const Run r = run({QStringLiteral("token"), QStringLiteral("flaky"), QStringLiteral("--fresh")});
        const int attempts = exchanges() - before;
        control(QStringLiteral("fail?count=0"));
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("temporarily unavailable") && r.err.contains("after 4 attempts"), r.err.constData());
        // Reported after the bounded retries (about 3 s of Retry-After), not waited out: IMS saw
        // exactly the four attempts the message names.
        QCOMPARE(attempts, 4);
    }

    void parallelCallsMintOnce()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("busy")), QStringLiteral("busy"));
        control(QStringLiteral("delay?count=1&ms=1000")); // the first mint is slow; the others must wait for it
        const int before = exchanges();
        QList<QProcess*> procs;
        for (int i = 0; i < 5; ++i)
            procs << startCli({QStringLiteral("token"), QStringLiteral("busy")}, env());
        QSet<QByteArray> tokens;
        for (QProcess* p : procs) {
            QVERIFY(p->waitForFinished(60000));
            const QByteArray err = p->readAllStandardError();
            m_allStderr += err;
            QVERIFY2(p->exitCode() == 0, err.constData());
            tokens << p->readAllStandardOutput().trimmed();
            delete p;
        }
        QCOMPARE(tokens.size(), 1);
        m_secrets << *tokens.begin();
        QCOMPARE(exchanges(), before + 1);
    }

    // Behind a proxy: the system's (https_proxy here) carries both the IMS exchange and the AEM
    // request, and TLS is still verified end to end against the host names asked for.
    void systemProxyIsHonoured()
    {
        aem::test::TunnelProxy proxy(quint16(QUrl(m_url).port()));
        QVERIFY(proxy.listen());
        const QString port = QString::number(QUrl(m_url).port());
        // The same sandbox under names only the proxy can reach.
        QFile f(newCredentialFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        QJsonObject integ = doc.value(QLatin1String("integration")).toObject();
        integ.insert(QStringLiteral("imsEndpoint"), QString(QStringLiteral("ims.sandbox.test:") + port));
        doc.insert(QStringLiteral("integration"), integ);
        QCOMPARE(
            run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), QStringLiteral("proxied"),
                 QStringLiteral("--author"), QStringLiteral("https://author.sandbox.test:") + port},
                QJsonDocument(doc).toJson())
                .exit,
            0);

        QProcessEnvironment e = env();
        for (const char* var :
             {"no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            e.remove(QString::fromLatin1(var));
        e.insert(QStringLiteral("https_proxy"), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        const Run token = run({QStringLiteral("token"), QStringLiteral("proxied"), QStringLiteral("--fresh")}, {}, &e);
        QVERIFY2(token.exit == 0, token.err.constData());
        m_secrets << token.out.trimmed();
        QVERIFY2(proxy.connects.contains("CONNECT ims.sandbox.test:" + port.toLatin1() + " HTTP/1.1"),
                 proxy.connects.join('\n').constData());
        const Run who = run({QStringLiteral("request"), QStringLiteral("proxied"),
                             QStringLiteral("/libs/granite/security/currentuser.json")},
                            {}, &e);
        QVERIFY2(who.exit == 0, who.err.constData());
        QVERIFY(who.out.contains("authorizableId"));
        QVERIFY2(proxy.connects.contains("CONNECT author.sandbox.test:" + port.toLatin1() + " HTTP/1.1"),
                 proxy.connects.join('\n').constData());

        // A proxy that wants a user name and password: one attempt, then what to do; with them
        // in the proxy address, through.
        proxy.requiredCredentials = "alice:s3cret";
        const Run refused =
            run({QStringLiteral("token"), QStringLiteral("proxied"), QStringLiteral("--fresh")}, {}, &e);
        QCOMPARE(refused.exit, 1);
        QVERIFY2(refused.err.contains("proxy asks to sign in") && refused.err.contains("USER:PASSWORD@HOST:PORT")
                     && !refused.err.contains("retrying"),
                 refused.err.constData());
        QVERIFY(proxy.challenges >= 1);
        e.insert(QStringLiteral("https_proxy"), QStringLiteral("http://alice:s3cret@127.0.0.1:%1").arg(proxy.port()));
        const Run signedIn =
            run({QStringLiteral("token"), QStringLiteral("proxied"), QStringLiteral("--fresh")}, {}, &e);
        QVERIFY2(signedIn.exit == 0, signedIn.err.constData());
        m_secrets << signedIn.out.trimmed();
        QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("proxied")}).exit, 0);
    }

    void validateThenRevoke()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("rev")), QStringLiteral("rev"));
        const QByteArray t = token(QStringLiteral("rev"));
        QVERIFY(t.startsWith("eyJ"));
        const Run valid = run({QStringLiteral("validate"), QStringLiteral("rev"), QStringLiteral("--json")});
        QVERIFY2(valid.exit == 0, valid.err.constData());
        QVERIFY(QJsonDocument::fromJson(valid.out).object().value(QLatin1String("valid")).toBool());

        const Run revoked = run({QStringLiteral("revoke"), QStringLiteral("rev")});
        QVERIFY2(revoked.exit == 0, revoked.err.constData());
        QVERIFY(revoked.err.contains("revoked the token"));
        // AEM refuses the revoked token from now on.
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/libs/granite/security/currentuser.json")));
        req.setRawHeader("Authorization", "Bearer " + t);
        QNetworkReply* reply = m_nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        reply->deleteLater();
        // The next token is a new one, and it works.
        const QByteArray fresh = token(QStringLiteral("rev"));
        QVERIFY(fresh.startsWith("eyJ") && fresh != t);
        QCOMPARE(run({QStringLiteral("request"), QStringLiteral("rev"), QStringLiteral("/content/dam.json")}).exit, 0);
        // Nothing cached left to revoke twice? A second revoke revokes the new token.
        QCOMPARE(run({QStringLiteral("revoke"), QStringLiteral("rev")}).exit, 0);
        const Run none = run({QStringLiteral("revoke"), QStringLiteral("rev")});
        QCOMPARE(none.exit, 1);
        QVERIFY(none.err.contains("no cached token"));
    }

    void oauthServerToServerWithRotatedSecret()
    {
        // The first listed secret is no longer accepted: the next one is tried.
        const QByteArray json = control(QStringLiteral("oauth-credentials?stale=1"));
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        for (const QJsonValue& v : o.value(QLatin1String("client_secrets")).toArray())
            m_secrets << v.toString().toUtf8();
        const Run imp = run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"),
                             QStringLiteral("s2s"), QStringLiteral("--author"), m_url},
                            json);
        QVERIFY2(imp.exit == 0, imp.err.constData());
        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        bool found = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array())
            if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("s2s")) {
                found = true;
                QCOMPARE(v.toObject().value(QLatin1String("kind")).toString(), QStringLiteral("oauth_s2s"));
                QCOMPARE(v.toObject().value(QLatin1String("client_id")).toString(),
                         o.value(QLatin1String("client_id")).toString());
            }
        QVERIFY(found);
        const Run tj = run({QStringLiteral("token"), QStringLiteral("s2s"), QStringLiteral("--json")});
        QVERIFY2(tj.exit == 0, tj.err.constData());
        const QJsonObject t = QJsonDocument::fromJson(tj.out).object();
        m_secrets << t.value(QLatin1String("access_token")).toString().toLatin1();
        // /ims/token/v3 answers expires_in in seconds: 86399 s, not 86 s.
        QVERIFY2(t.value(QLatin1String("expires_in_s")).toDouble() > 86000, tj.out.constData());
        const Run who = run({QStringLiteral("request"), QStringLiteral("s2s"),
                             QStringLiteral("/libs/granite/security/currentuser.json")});
        QVERIFY2(who.exit == 0, who.err.constData());
        QVERIFY(who.out.contains(o.value(QLatin1String("technical_account_email")).toString().toUtf8()));
        const Run check = run({QStringLiteral("check"), QStringLiteral("s2s")});
        QVERIFY2(check.exit == 0, check.err.constData());
        QVERIFY(check.out.contains("OAuth Server-to-Server"));
        QVERIFY(check.out.contains("2 (tried in order)"));
        // A wrong secret only is explained.
        QJsonObject bad = o;
        bad.insert(QStringLiteral("client_secrets"), QJsonArray {QStringLiteral("p8e-nope")});
        m_secrets << "p8e-nope";
        QCOMPARE(
            run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), QStringLiteral("s2s-bad")},
                QJsonDocument(bad).toJson())
                .exit,
            0);
        const Run refused = run({QStringLiteral("token"), QStringLiteral("s2s-bad")});
        QCOMPARE(refused.exit, 1);
        QVERIFY2(refused.err.contains("client secret"), refused.err.constData());
    }

    void untrustedTlsIsRefused()
    {
        QCOMPARE(import(newCredentialFile(), QStringLiteral("busy")), QStringLiteral("busy"));
        const QProcessEnvironment e = env(false);
        const Run r = run({QStringLiteral("token"), QStringLiteral("busy"), QStringLiteral("--fresh")}, {}, &e);
        QVERIFY2(r.exit == 1, r.err.constData());
        QVERIFY2(r.err.contains("not trusted"), r.err.constData());
    }

    void badInputIsOneLine()
    {
        const Run r = run({QStringLiteral("import"), QStringLiteral("-")}, "{\"integration\": {\"privateKey\": 5}}");
        QCOMPARE(r.exit, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("integration."), r.err.constData());
        // A file cut short: the headline in plain words first, the parser's words after it.
        const Run cut = run({QStringLiteral("import"), QStringLiteral("-")}, "{\"integration\": {\"org\": \"abc");
        QCOMPARE(cut.exit, 1);
        QCOMPARE(cut.err.count('\n'), 1);
        QVERIFY2(cut.err.contains("stdin: The file looks cut short — download it again ("), cut.err.constData());
        QVERIFY2(cut.err.contains("offset"), cut.err.constData());
        const Run big = run({QStringLiteral("import"), QStringLiteral("-")}, QByteArray(2 * 1024 * 1024, ' '));
        QCOMPARE(big.exit, 1);
        QVERIFY(big.err.contains("larger than"));
    }

    void noKeychainStoresNothing()
    {
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
        const QString file = newCredentialFile();
        const Run r =
            run({QStringLiteral("import"), file, QStringLiteral("--name"), QStringLiteral("nokeychain")}, {}, &e);
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("no keychain is available") && r.err.contains("Nothing was stored"), r.err.constData());
        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(!list.out.contains("nokeychain"));
    }

    // A data directory the user may not write: "permission denied", never "locked by another
    // process". As root, chmod alone changes nothing: the command runs with the capabilities
    // that override file permissions dropped (capsh, libcap2-bin).
    void permissionDeniedIsNamed()
    {
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/aem-token-manager");
        QVERIFY(QDir().mkpath(dataDir));
        const QString file = newCredentialFile();
        QStringList args {QStringLiteral("import"), file, QStringLiteral("--name"), QStringLiteral("denied")};
        QString program = QStringLiteral(AEMTOKEN_BIN);
        if (::geteuid() == 0) {
            const QString capsh = QStandardPaths::findExecutable(
                QStringLiteral("capsh"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
            if (capsh.isEmpty())
                QSKIP("capsh (libcap2-bin) is needed to drop root's file-permission override");
            args =
                QStringList {QStringLiteral("--drop=cap_dac_override,cap_dac_read_search,cap_fowner"),
                             QStringLiteral("--"), QStringLiteral("-c"), QStringLiteral("exec \"$0\" \"$@\""), program}
                + args;
            program = capsh;
        }
        QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(program, args);
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QByteArray err = p.readAllStandardError();
        m_allStderr += err;
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("permission denied") && err.contains("Nothing was stored"), err.constData());
        QVERIFY2(!err.contains("another process"), err.constData());
        QVERIFY(!run({QStringLiteral("list")}).out.contains("denied"));
    }

    // The sweep of cleanup() after a workload of its own: every kind of credential imported,
    // tokens minted, checked, decoded and sent.
    void secretHygiene()
    {
        importDemo();
        m_secrets << token(QStringLiteral("demo"));
        QCOMPARE(run({QStringLiteral("check"), QStringLiteral("demo")}).exit, 0);
        for (const QString& name : {QStringLiteral("sweep-a"), QStringLiteral("sweep-b")}) {
            QCOMPARE(import(newCredentialFile(), name), name);
            const QByteArray t = token(name, true);
            QCOMPARE(run({QStringLiteral("decode"), name}).exit, 0);
            QCOMPARE(run({QStringLiteral("request"), name, QStringLiteral("/content/dam.json")}).exit, 0);
            QVERIFY(t.startsWith("eyJ"));
        }
        const QByteArray oauth = control(QStringLiteral("oauth-credentials?stale=1"));
        for (const QJsonValue& v :
             QJsonDocument::fromJson(oauth).object().value(QLatin1String("client_secrets")).toArray())
            m_secrets << v.toString().toUtf8();
        QCOMPARE(
            run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), QStringLiteral("sweep-s2s")},
                oauth)
                .exit,
            0);
        QVERIFY(token(QStringLiteral("sweep-s2s")).startsWith("eyJ"));
        QFile local(m_sandboxDir.path() + QStringLiteral("/local-dev-token.json"));
        QVERIFY(local.open(QIODevice::ReadOnly));
        const QByteArray json = local.readAll();
        m_secrets << QJsonDocument::fromJson(json).object().value(QLatin1String("accessToken")).toString().toLatin1();
        QCOMPARE(run({QStringLiteral("import"), QStringLiteral("-")}, json).exit, 0);
        QCOMPARE(run({QStringLiteral("check"), QStringLiteral("local-dev")}).exit, 0);

        // Every file the commands left under HOME and the XDG directories, and all of stderr.
        m_secrets.removeAll(QByteArray());
        QVERIFY(m_secrets.size() >= 8);
        const int files = sweepForSecrets();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(files > 0);
    }
    // A server or CI job: the credential read from a file or stdin for each call, no D-Bus
    // session, nothing written under HOME or the XDG dirs; tokens cached in the kernel keyring
    // between processes (holding no key or secret); parallel callers mint once.
    void fromFileServesServersWithoutAKeychain()
    {
        if (QProcess::execute(QStringLiteral("keyctl"), {QStringLiteral("show"), QStringLiteral("@u")}) != 0)
            QSKIP("no kernel keyring here (keyctl show @u fails)");
        const QByteArrayList keysBefore = userKeys();
        const auto restore = qScopeGuard([&] { unlinkKeysAddedSince(keysBefore); });
        QTemporaryDir server;
        const QProcessEnvironment e = serverEnv(server.path());
        const QString file = newCredentialFile();
        QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();

        const int before = exchanges();
        const Run first =
            run({QStringLiteral("token"), QStringLiteral("--from"), file, QStringLiteral("--json")}, {}, &e);
        QVERIFY2(first.exit == 0, first.err.constData());
        QCOMPARE(first.err, QByteArray()); // a 0600 file: no warning
        const QJsonObject t1 = QJsonDocument::fromJson(first.out).object();
        QCOMPARE(t1.value(QLatin1String("cached")).toBool(), false);
        QCOMPARE(exchanges(), before + 1);
        // Another process, from stdin this time: the kernel keyring's copy, no mint.
        const Run second =
            run({QStringLiteral("token"), QStringLiteral("--from"), QStringLiteral("-"), QStringLiteral("--json")},
                json, &e);
        QVERIFY2(second.exit == 0, second.err.constData());
        const QJsonObject t2 = QJsonDocument::fromJson(second.out).object();
        QCOMPARE(t2.value(QLatin1String("cached")).toBool(), true);
        QCOMPARE(t2.value(QLatin1String("access_token")), t1.value(QLatin1String("access_token")));
        QCOMPARE(exchanges(), before + 1);
        // The keyring holds the token and its times only: no key, no secret.
        for (const QByteArray& k : userKeys()) {
            if (k.isEmpty() || keysBefore.contains(k))
                continue;
            QProcess pipe;
            pipe.start(QStringLiteral("keyctl"), {QStringLiteral("pipe"), QString::fromLatin1(k)});
            QVERIFY(pipe.waitForFinished());
            const QByteArray payload = pipe.readAllStandardOutput();
            QVERIFY(!payload.contains(m_secrets.last()));
            QVERIFY(!payload.contains("PRIVATE KEY"));
        }
        // AEMTOKEN_FROM does the same; validate asks about the token held and mints nothing.
        QProcessEnvironment withEnv = e;
        withEnv.insert(QStringLiteral("AEMTOKEN_FROM"), file);
        const Run validate = run({QStringLiteral("validate")}, {}, &withEnv);
        QVERIFY2(validate.exit == 0, validate.err.constData());
        QCOMPARE(exchanges(), before + 1);
        // Parallel callers after a revocation share one mint.
        QCOMPARE(run({QStringLiteral("revoke"), QStringLiteral("--from"), file}, {}, &e).exit, 0);
        QList<QProcess*> callers;
        for (int i = 0; i < 4; ++i)
            callers << startCli({QStringLiteral("token"), QStringLiteral("--from"), file}, e);
        QSet<QByteArray> tokens;
        for (QProcess* p : std::as_const(callers)) {
            QSignalSpy done(p, &QProcess::finished);
            QVERIFY(p->state() == QProcess::NotRunning || done.wait(120000));
            QCOMPARE(p->exitCode(), 0);
            tokens << p->readAllStandardOutput().trimmed();
            delete p;
        }
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(exchanges(), before + 2);
        // Nothing under HOME or the XDG dirs; only lock files in the runtime dir.
        QCOMPARE(filesUnder(server.path() + QStringLiteral("/home")), QStringList());
        for (const QString& path : filesUnder(server.path() + QStringLiteral("/run")))
            QVERIFY2(path.endsWith(QLatin1String(".lock")), qPrintable(path));
    }

    // The hosts a token may go to: the file's, else --author and its kind; a file readable by
    // others is warned about; NAME and --from together are a usage error.
    void fromFileTakesHostsAndWarnsAboutReadableFiles()
    {
        QTemporaryDir server;
        const QProcessEnvironment e = serverEnv(server.path());
        const QString file = newCredentialFile();
        QVERIFY(QFile::setPermissions(
            file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const Run other = run({QStringLiteral("request"), QStringLiteral("--from"), file, QStringLiteral("--author"),
                               m_url, QStringLiteral("/libs/granite/security/currentuser.json")},
                              {}, &e);
        QVERIFY2(other.exit == 0, other.err.constData());
        QVERIFY(other.out.contains("authorizableId"));
        QVERIFY2(other.err.contains("is readable by other users") && other.err.contains("chmod 600"),
                 other.err.constData());
        const Run both = run({QStringLiteral("token"), QStringLiteral("dev"), QStringLiteral("--from"), file}, {}, &e);
        QCOMPARE(both.exit, 2);
        QVERIFY(both.err.startsWith("aemtoken: give NAME or --from FILE, not both\n"));
        const Run hostAlone = run(
            {QStringLiteral("request"), QStringLiteral("dev"), QStringLiteral("--author"), m_url, QStringLiteral("/x")},
            {}, &e);
        QCOMPARE(hostAlone.exit, 2);
        QVERIFY(hostAlone.err.contains("aemtoken set NAME --author URL"));
        const Run broken =
            run({QStringLiteral("token"), QStringLiteral("--from"), QStringLiteral("-")}, "{\"nope\":1}", &e);
        QCOMPARE(broken.exit, 1);
        QVERIFY2(broken.err.startsWith("aemtoken: stdin: "), broken.err.constData());
    }

    // A default credential: `use NAME`, overridden by AEMTOKEN_CREDENTIAL; NAME left out.
    void defaultCredentialStandsForAMissingName()
    {
        import(newCredentialFile(), QStringLiteral("one"));
        import(newCredentialFile(), QStringLiteral("two"));
        const Run none = run({QStringLiteral("token")});
        QCOMPARE(none.exit, 2);
        QVERIFY(none.err.contains("aemtoken use NAME"));
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("nobody")}).exit, 1);
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("one")}).exit, 0);
        QCOMPARE(run({QStringLiteral("use")}).out, QByteArray("one\n"));
        QCOMPARE(run({QStringLiteral("token")}).out, run({QStringLiteral("token"), QStringLiteral("one")}).out);
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("AEMTOKEN_CREDENTIAL"), QStringLiteral("two"));
        QCOMPARE(run({QStringLiteral("token")}, {}, &e).out, run({QStringLiteral("token"), QStringLiteral("two")}).out);
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("--clear")}).exit, 0);
        QCOMPARE(run({QStringLiteral("token")}).exit, 2);
        // What remove deletes is always named.
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("one")}).exit, 0);
        QCOMPARE(run({QStringLiteral("remove")}).exit, 2);
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("--clear")}).exit, 0);
    }
    // A free-form name (spaces, punctuation) is one argument, as quoted in a shell; `set --name`
    // renames, and the default credential follows the rename (it is kept by id).
    void spacedNamesAndRenameKeepTheDefault()
    {
        const QString spaced = QStringLiteral("Shop stage (p1234 e5678)");
        QCOMPARE(import(newCredentialFile(), spaced), spaced);
        QVERIFY(run({QStringLiteral("list")}).out.contains(spaced.toUtf8()));
        const Run token = run({QStringLiteral("token"), spaced});
        QVERIFY2(token.exit == 0, token.err.constData());
        QCOMPARE(run({QStringLiteral("use"), spaced}).exit, 0);
        QCOMPARE(run({QStringLiteral("use")}).out, spaced.toUtf8() + '\n');
        const QString renamed = QStringLiteral("Shop: stage, EU");
        const Run set = run({QStringLiteral("set"), spaced, QStringLiteral("--name"), renamed});
        QVERIFY2(set.exit == 0, set.err.constData());
        QCOMPARE(run({QStringLiteral("use")}).out, renamed.toUtf8() + '\n');
        // The cached token followed too (by id): the same token, no new mint.
        QCOMPARE(run({QStringLiteral("token")}).out, token.out);
        QCOMPARE(run({QStringLiteral("token"), spaced}).exit, 1); // the old name is gone
        QCOMPARE(run({QStringLiteral("use"), QStringLiteral("--clear")}).exit, 0);
    }

    // validate --token - (the token on stdin, never an argument), check --from and decode --from.
    void fromFileForCheckDecodeAndAGivenToken()
    {
        if (QProcess::execute(QStringLiteral("keyctl"), {QStringLiteral("show"), QStringLiteral("@u")}) != 0)
            QSKIP("no kernel keyring here (keyctl show @u fails)");
        const QByteArrayList keysBefore = userKeys();
        const auto restore = qScopeGuard([&] { unlinkKeysAddedSince(keysBefore); });
        QTemporaryDir server;
        const QProcessEnvironment e = serverEnv(server.path());
        const QString file = newCredentialFile();
        QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run check = run({QStringLiteral("check"), QStringLiteral("--from"), file}, {}, &e);
        QVERIFY2(check.exit == 0, check.err.constData());
        QVERIFY(check.out.contains("client id"));
        QCOMPARE(run({QStringLiteral("check")}, {}, &e).exit, 2);
        const Run token = run({QStringLiteral("token"), QStringLiteral("--from"), file}, {}, &e);
        QCOMPARE(token.exit, 0);
        const Run decode =
            run({QStringLiteral("decode"), QStringLiteral("--from"), file, QStringLiteral("--json")}, {}, &e);
        QVERIFY2(decode.exit == 0, decode.err.constData());
        QVERIFY(QJsonDocument::fromJson(decode.out).object().value(QLatin1String("claims")).isObject());
        // The token on stdin, asked about at the file's IMS; a garbage one is refused; a token
        // is never taken as an argument.
        const Run given = run({QStringLiteral("validate"), QStringLiteral("--token"), QStringLiteral("-"),
                               QStringLiteral("--from"), file},
                              token.out, &e);
        QVERIFY2(given.exit == 0, given.err.constData());
        QVERIFY(given.out.startsWith("valid until "));
        const Run garbage = run({QStringLiteral("validate"), QStringLiteral("--token"), QStringLiteral("-"),
                                 QStringLiteral("--from"), file},
                                "not\r\na.token", &e);
        QCOMPARE(garbage.exit, 1);
        const Run argv = run({QStringLiteral("validate"), QStringLiteral("--token"),
                              QString::fromLatin1(token.out.trimmed()), QStringLiteral("--from"), file},
                             {}, &e);
        QCOMPARE(argv.exit, 2);
        QVERIFY(!argv.err.contains(token.out.trimmed()));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
