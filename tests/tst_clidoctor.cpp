// SPDX-License-Identifier: Apache-2.0
// `aemtoken doctor NAME` end to end: the real binary against the sandbox (a separate process,
// real HTTPS, fault injection over its control endpoints) with a real Secret Service from
// with-keyring.sh. One good chain of each kind, then every failure the doctor can name, each
// with the step that failed, what to do, the later steps not checked, and exit status 1.

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
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestCliDoctor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;

    QProcessEnvironment env(bool trustSandbox = true) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        for (const char* var : {"no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                "all_proxy", "ALL_PROXY"})
            e.remove(QString::fromLatin1(var));
        if (trustSandbox)
            e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_dir.path() + QStringLiteral("/ca.pem"));
        else
            e.remove(QStringLiteral("AEMTOKEN_CA_FILE"));
        return e;
    }

    Run run(const QStringList& args, const QProcessEnvironment* e = nullptr, const QByteArray& input = {})
    {
        QProcess p;
        p.setProcessEnvironment(e ? *e : env());
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        // With the event loop running, so the proxy in this process can answer.
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

    QByteArray control(const QString& what)
    {
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/__sandbox/control/") + what));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply* reply = m_nam.post(req, QByteArray());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

    QString writeFile(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.path() + QLatin1Char('/') + name;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
            qWarning() << "cannot write" << path;
        return path;
    }

    // A new service credential of the sandbox, its IMS endpoint replaced when `ims` is given.
    QString serviceFile(const QString& name, const QString& query = {}, const QString& ims = {})
    {
        QJsonObject doc = QJsonDocument::fromJson(control(QStringLiteral("credentials")
                                                          + (query.isEmpty() ? QString() : QLatin1Char('?') + query)))
                              .object();
        if (!ims.isEmpty()) {
            QJsonObject integ = doc.value(QLatin1String("integration")).toObject();
            integ.insert(QStringLiteral("imsEndpoint"), ims);
            doc.insert(QStringLiteral("integration"), integ);
        }
        return writeFile(name, QJsonDocument(doc).toJson());
    }

    bool import(const QString& file, const QString& name, const QString& author = QStringLiteral("sandbox"))
    {
        QStringList args {QStringLiteral("import"), file, QStringLiteral("--name"), name};
        if (!author.isEmpty())
            args << QStringLiteral("--author") << (author == QLatin1String("sandbox") ? m_url : author);
        const Run r = run(args);
        if (r.exit != 0)
            qWarning() << "import failed:" << r.err;
        return r.exit == 0;
    }

    // `doctor NAME --json`: its steps by code, in order.
    struct Report
    {
        Run run;
        QJsonObject doc;
        QStringList codes;
        QHash<QString, QJsonObject> steps;
        QString status(const QString& code) const
        {
            return steps.value(code).value(QLatin1String("status")).toString();
        }
        QString message(const QString& code) const
        {
            return steps.value(code).value(QLatin1String("message")).toString();
        }
        QString action(const QString& code) const
        {
            return steps.value(code).value(QLatin1String("action")).toString();
        }
    };
    Report doctorJson(const QString& name, const QProcessEnvironment* e = nullptr)
    {
        Report r;
        r.run = run({QStringLiteral("doctor"), name, QStringLiteral("--json")}, e);
        QJsonParseError pe;
        r.doc = QJsonDocument::fromJson(r.run.out, &pe).object();
        if (pe.error != QJsonParseError::NoError)
            qWarning() << "not JSON:" << r.run.out << r.run.err;
        for (const QJsonValue& v : r.doc.value(QLatin1String("steps")).toArray()) {
            const QJsonObject s = v.toObject();
            r.codes << s.value(QLatin1String("code")).toString();
            r.steps.insert(r.codes.last(), s);
        }
        return r;
    }

    static const QStringList& serviceSteps()
    {
        static const QStringList l {QStringLiteral("secrets_readable"),  QStringLiteral("key_matches_certificate"),
                                    QStringLiteral("certificate_valid"), QStringLiteral("ims_dns"),
                                    QStringLiteral("ims_tls"),           QStringLiteral("ims_exchange"),
                                    QStringLiteral("aem_author"),        QStringLiteral("aem_user"),
                                    QStringLiteral("aem_read")};
        return l;
    }

    // The report failed at `code` (exit 1, ok false, that step's line on stderr), and every step
    // after it was not checked.
    static void verifyFailedAt(const Report& r, const QString& code)
    {
        QVERIFY2(r.run.exit == 1, r.run.err.constData());
        QCOMPARE(r.doc.value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(r.status(code), QStringLiteral("failed"));
        QVERIFY2(r.run.err.contains(r.message(code).toUtf8()), r.run.err.constData());
        for (qsizetype i = r.codes.indexOf(code) + 1; i < r.codes.size(); ++i)
            QCOMPARE(r.status(r.codes[i]), QStringLiteral("skipped"));
        QVERIFY(!r.doc.contains(QLatin1String("error"))); // one JSON document
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        m_sandbox.start(QStringLiteral(AEMTOKEN_BIN),
                        {QStringLiteral("sandbox"), QStringLiteral("--dir"), m_dir.path()});
        QVERIFY(m_sandbox.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_sandbox.canReadLine(), 30000);
        const QString first = QString::fromUtf8(m_sandbox.readLine());
        const auto m = QRegularExpression(QStringLiteral("listening on (https://127\\.0\\.0\\.1:\\d+)")).match(first);
        QVERIFY2(m.hasMatch(), qPrintable(first));
        m_url = m.captured(1);
        QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
        cfg.setCaCertificates(QSslCertificate::fromPath(m_dir.path() + QStringLiteral("/ca.pem")));
        QSslConfiguration::setDefaultConfiguration(cfg);
    }

    void init()
    {
        control(QStringLiteral("deny-reads?status=0"));
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

    // Every step passes: one ✓ line each, exit 0; the JSON has every step, in order, with null
    // actions; a second run uses the cached token and says so.
    void goodServiceCredential()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        const Run human = run({QStringLiteral("doctor"), QStringLiteral("svc")});
        QVERIFY2(human.exit == 0, QByteArray(human.out + human.err).constData());
        const QStringList lines = QString::fromUtf8(human.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), serviceSteps().size());
        for (const QString& l : lines)
            QVERIFY2(l.startsWith(QStringLiteral("\u2713 ")), qPrintable(l));
        QVERIFY2(human.out.contains("IMS host 127.0.0.1 resolves (1 address"), human.out.constData());
        QVERIFY2(human.out.contains("IMS issued a token"), human.out.constData());
        QVERIFY2(human.out.contains("may read /content/dam"), human.out.constData());

        const Report r = doctorJson(QStringLiteral("svc"));
        QCOMPARE(r.run.exit, 0);
        QCOMPARE(r.doc.value(QLatin1String("name")).toString(), QStringLiteral("svc"));
        QCOMPARE(r.doc.value(QLatin1String("kind")).toString(), QStringLiteral("service"));
        QCOMPARE(r.doc.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(r.codes, serviceSteps());
        for (const QString& code : serviceSteps()) {
            QCOMPARE(r.status(code), QStringLiteral("ok"));
            QVERIFY(r.steps.value(code).value(QLatin1String("action")).isNull());
        }
        QVERIFY2(r.message(QStringLiteral("ims_exchange")).contains(QStringLiteral("cached token")),
                 qPrintable(r.message(QStringLiteral("ims_exchange"))));
        QVERIFY2(r.message(QStringLiteral("aem_user")).contains(QStringLiteral("AEM says you are ")),
                 qPrintable(r.message(QStringLiteral("aem_user"))));
        QVERIFY(r.run.err.isEmpty());
    }

    // --json speaks English in every language, with every key present and snake_case codes.
    void jsonIsTheSameInFrench()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        QProcessEnvironment fr = env();
        fr.remove(QStringLiteral("LC_ALL"));
        fr.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
        fr.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        const Report english = doctorJson(QStringLiteral("svc"));
        const Report french = doctorJson(QStringLiteral("svc"), &fr);
        QCOMPARE(french.run.exit, 0);
        QCOMPARE(french.codes, english.codes);
        const QRegularExpression snake(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
        for (const QString& code : english.codes) {
            QVERIFY2(snake.match(code).hasMatch(), qPrintable(code));
            const QJsonObject step = french.steps.value(code);
            QCOMPARE(step.keys(),
                     (QStringList {QStringLiteral("action"), QStringLiteral("code"), QStringLiteral("message"),
                                   QStringLiteral("status")}));
        }
        // The steps whose words do not change between runs (no durations, no timings).
        for (const char* code :
             {"secrets_readable", "key_matches_certificate", "ims_dns", "ims_tls", "aem_user", "aem_read"})
            QCOMPARE(french.message(QLatin1String(code)), english.message(QLatin1String(code)));
    }

    // A local development token has no key and no exchange; OAuth has client secrets.
    void otherKinds()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/local-dev-token.json"), QStringLiteral("dev")));
        const Report dev = doctorJson(QStringLiteral("dev"));
        QVERIFY2(dev.run.exit == 0, QByteArray(dev.run.out + dev.run.err).constData());
        QCOMPARE(dev.codes,
                 (QStringList {QStringLiteral("token_readable"), QStringLiteral("token_valid"),
                               QStringLiteral("aem_author"), QStringLiteral("aem_user"), QStringLiteral("aem_read")}));
        QCOMPARE(dev.doc.value(QLatin1String("kind")).toString(), QStringLiteral("local_dev"));

        QVERIFY(import(writeFile(QStringLiteral("s2s.json"), control(QStringLiteral("oauth-credentials"))),
                       QStringLiteral("s2s")));
        const Report s2s = doctorJson(QStringLiteral("s2s"));
        QVERIFY2(s2s.run.exit == 0, QByteArray(s2s.run.out + s2s.run.err).constData());
        QCOMPARE(s2s.status(QStringLiteral("client_secret")), QStringLiteral("ok"));
        QVERIFY(!s2s.steps.contains(QStringLiteral("key_matches_certificate")));
        QCOMPARE(s2s.status(QStringLiteral("aem_read")), QStringLiteral("ok"));
    }

    // An expired local development token: a new one is to be downloaded; AEM is not asked.
    void expiredLocalDevToken()
    {
        // Lives a millisecond: expired before the import has even started.
        const QByteArray json = control(QStringLiteral("local-dev-token?lifetimeMs=1"));
        QVERIFY(import(writeFile(QStringLiteral("old-dev.json"), json), QStringLiteral("olddev")));
        const Report r = doctorJson(QStringLiteral("olddev"));
        QVERIFY2(r.run.exit == 1, r.run.out.constData());
        QCOMPARE(r.status(QStringLiteral("token_readable")), QStringLiteral("ok"));
        verifyFailedAt(r, QStringLiteral("token_valid"));
        QVERIFY(r.action(QStringLiteral("token_valid")).contains(QStringLiteral("local development token")));
    }

    // An expired certificate: IMS would refuse it, so nothing is sent.
    void expiredCertificate()
    {
        QVERIFY(import(serviceFile(QStringLiteral("old.json"), QStringLiteral("expired=1")), QStringLiteral("old")));
        const int before = QJsonDocument::fromJson(control(QStringLiteral("stats")))
                               .object()
                               .value(QLatin1String("exchanges"))
                               .toInt();
        const Report r = doctorJson(QStringLiteral("old"));
        verifyFailedAt(r, QStringLiteral("certificate_valid"));
        QCOMPARE(r.status(QStringLiteral("key_matches_certificate")), QStringLiteral("ok"));
        QVERIFY2(r.action(QStringLiteral("certificate_valid")).contains(QStringLiteral("new certificate")),
                 qPrintable(r.action(QStringLiteral("certificate_valid"))));
        QCOMPARE(QJsonDocument::fromJson(control(QStringLiteral("stats")))
                     .object()
                     .value(QLatin1String("exchanges"))
                     .toInt(),
                 before);
    }

    // A record whose certificate is not the key's (a rotation that replaced one half): found
    // before anything is sent.
    void keyDoesNotMatchCertificate()
    {
        QVERIFY(import(serviceFile(QStringLiteral("half.json")), QStringLiteral("half")));
        QVERIFY(import(serviceFile(QStringLiteral("other.json")), QStringLiteral("other")));
        QFile f(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                + QStringLiteral("/aem-token-manager/credentials.json"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonArray list = root.value(QLatin1String("credentials")).toArray();
        QJsonValue otherCertificate;
        for (const QJsonValue& v : std::as_const(list))
            if (v.toObject().value(QLatin1String("name")).toString() == QLatin1String("other"))
                otherCertificate = v.toObject().value(QLatin1String("certificate"));
        QVERIFY(otherCertificate.isString());
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject o = list[i].toObject();
            if (o.value(QLatin1String("name")).toString() == QLatin1String("half")) {
                o.insert(QStringLiteral("certificate"), otherCertificate);
                list[i] = o;
            }
        }
        root.insert(QStringLiteral("credentials"), list);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        const QByteArray data = QJsonDocument(root).toJson();
        QCOMPARE(f.write(data), data.size());
        f.close();
        const Report r = doctorJson(QStringLiteral("half"));
        verifyFailedAt(r, QStringLiteral("key_matches_certificate"));
        QCOMPARE(r.status(QStringLiteral("secrets_readable")), QStringLiteral("ok"));
        QVERIFY2(r.message(QStringLiteral("key_matches_certificate")).contains(QStringLiteral("does not match")),
                 qPrintable(r.message(QStringLiteral("key_matches_certificate"))));
    }

    // A certificate that expires soon is a warning: exit 0.
    void expiringCertificateWarns()
    {
        QVERIFY(
            import(serviceFile(QStringLiteral("soon.json"), QStringLiteral("validDays=10")), QStringLiteral("soon")));
        const Report r = doctorJson(QStringLiteral("soon"));
        QVERIFY2(r.run.exit == 0, QByteArray(r.run.out + r.run.err).constData());
        QCOMPARE(r.status(QStringLiteral("certificate_valid")), QStringLiteral("warning"));
        QCOMPARE(r.doc.value(QLatin1String("ok")).toBool(), true);
        const Run human = run({QStringLiteral("doctor"), QStringLiteral("soon")});
        QVERIFY2(human.out.contains("! the certificate expires in"), human.out.constData());
    }

    // .invalid never resolves (RFC 6761).
    void unresolvableImsHost()
    {
        QVERIFY(
            import(serviceFile(QStringLiteral("nx.json"), {}, QStringLiteral("ims.invalid")), QStringLiteral("nx")));
        const Report r = doctorJson(QStringLiteral("nx"));
        verifyFailedAt(r, QStringLiteral("ims_dns"));
        QVERIFY2(r.message(QStringLiteral("ims_dns")).contains(QStringLiteral("ims.invalid does not resolve")),
                 qPrintable(r.message(QStringLiteral("ims_dns"))));
        QVERIFY(!r.action(QStringLiteral("ims_dns")).isEmpty());
        const Run human = run({QStringLiteral("doctor"), QStringLiteral("nx")});
        QCOMPARE(human.exit, 1);
        QVERIFY2(human.out.contains("\u2717 IMS host ims.invalid does not resolve"), human.out.constData());
        QVERIFY2(human.out.contains("\u2014 do: "), human.out.constData());
        QVERIFY2(human.out.contains("- TLS to IMS: not checked (IMS cannot be reached)"), human.out.constData());
    }

    // Without the sandbox's CA: the handshake is what fails, and the CA file is what to give.
    void untrustedTls()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        const QProcessEnvironment e = env(false);
        const Report r = doctorJson(QStringLiteral("svc"), &e);
        verifyFailedAt(r, QStringLiteral("ims_tls"));
        QCOMPARE(r.status(QStringLiteral("ims_dns")), QStringLiteral("ok"));
        QVERIFY2(r.message(QStringLiteral("ims_tls")).contains(QStringLiteral("does not verify")),
                 qPrintable(r.message(QStringLiteral("ims_tls"))));
        QVERIFY(r.action(QStringLiteral("ims_tls")).contains(QStringLiteral("--ca-file")));
    }

    // Nothing listens: refused, not a TLS problem.
    void connectionRefused()
    {
        QVERIFY(import(serviceFile(QStringLiteral("closed.json"), {}, QStringLiteral("127.0.0.1:1")),
                       QStringLiteral("closed")));
        const Report r = doctorJson(QStringLiteral("closed"));
        verifyFailedAt(r, QStringLiteral("ims_tls"));
        QVERIFY2(r.message(QStringLiteral("ims_tls")).contains(QStringLiteral("refused the connection")),
                 qPrintable(r.message(QStringLiteral("ims_tls"))));
    }

    // IMS refuses: a wrong client secret, and a certificate revoked in the Developer Console.
    void exchangeRefused()
    {
        QJsonObject doc = QJsonDocument::fromJson(control(QStringLiteral("oauth-credentials"))).object();
        doc.insert(QStringLiteral("client_secrets"), QJsonArray {QStringLiteral("p8e-wrong")});
        QVERIFY(import(writeFile(QStringLiteral("bad.json"), QJsonDocument(doc).toJson()), QStringLiteral("bad")));
        const Report bad = doctorJson(QStringLiteral("bad"));
        verifyFailedAt(bad, QStringLiteral("ims_exchange"));
        QVERIFY2(bad.action(QStringLiteral("ims_exchange")).contains(QStringLiteral("aemtoken import FILE --name bad")),
                 qPrintable(bad.action(QStringLiteral("ims_exchange"))));

        const QString file = serviceFile(QStringLiteral("rotated.json"));
        QVERIFY(import(file, QStringLiteral("rotated")));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString clientId = QJsonDocument::fromJson(f.readAll())
                                     .object()
                                     .value(QLatin1String("integration"))
                                     .toObject()
                                     .value(QLatin1String("technicalAccount"))
                                     .toObject()
                                     .value(QLatin1String("clientId"))
                                     .toString();
        QVERIFY(!clientId.isEmpty());
        control(QStringLiteral("credentials?rotate=%1&revokeOthers=1").arg(clientId));
        const Report revoked = doctorJson(QStringLiteral("rotated"));
        verifyFailedAt(revoked, QStringLiteral("ims_exchange"));
        QCOMPARE(revoked.status(QStringLiteral("ims_tls")), QStringLiteral("ok"));
    }

    // No author URL (OAuth client ids do not name an environment): what to run.
    void noAuthorUrl()
    {
        QVERIFY(import(writeFile(QStringLiteral("s2s.json"), control(QStringLiteral("oauth-credentials"))),
                       QStringLiteral("s2s"), QString()));
        const Report r = doctorJson(QStringLiteral("s2s"));
        verifyFailedAt(r, QStringLiteral("aem_author"));
        QCOMPARE(r.status(QStringLiteral("ims_exchange")), QStringLiteral("ok"));
        QCOMPARE(r.action(QStringLiteral("aem_author")), QStringLiteral("aemtoken set s2s --author URL"));
    }

    // A credential of another environment: IMS issues the token, AEM refuses it (401).
    void aemRefusesTheToken()
    {
        QVERIFY(import(serviceFile(QStringLiteral("other.json"), QStringLiteral("program=999&environment=1")),
                       QStringLiteral("other")));
        const Report r = doctorJson(QStringLiteral("other"));
        verifyFailedAt(r, QStringLiteral("aem_author"));
        QCOMPARE(r.status(QStringLiteral("ims_exchange")), QStringLiteral("ok"));
        QVERIFY2(r.message(QStringLiteral("aem_author")).contains(QStringLiteral("(401)")),
                 qPrintable(r.message(QStringLiteral("aem_author"))));
    }

    // The user may not read: 403 fails; AEM's own 404 for what a user may not see warns.
    void aemReadDenied()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        control(QStringLiteral("deny-reads?status=403"));
        const Report denied = doctorJson(QStringLiteral("svc"));
        verifyFailedAt(denied, QStringLiteral("aem_read"));
        QCOMPARE(denied.status(QStringLiteral("aem_user")), QStringLiteral("ok"));
        QVERIFY2(denied.message(QStringLiteral("aem_read")).contains(QStringLiteral("(403)")),
                 qPrintable(denied.message(QStringLiteral("aem_read"))));
        QVERIFY(denied.action(QStringLiteral("aem_read")).contains(QStringLiteral("read access")));

        control(QStringLiteral("deny-reads?status=404"));
        const Report hidden = doctorJson(QStringLiteral("svc"));
        QVERIFY2(hidden.run.exit == 0, QByteArray(hidden.run.out + hidden.run.err).constData());
        QCOMPARE(hidden.status(QStringLiteral("aem_read")), QStringLiteral("warning"));
    }

    // Behind a proxy, the proxy looks the IMS host up (the local resolver cannot), and TLS and
    // the exchange go through it.
    void throughProxy()
    {
        aem::test::TunnelProxy proxy(quint16(QUrl(m_url).port()));
        QVERIFY(proxy.listen());
        const QString port = QString::number(QUrl(m_url).port());
        QVERIFY(import(serviceFile(QStringLiteral("proxied.json"), {}, QStringLiteral("ims.sandbox.test:") + port),
                       QStringLiteral("proxied"), QStringLiteral("https://author.sandbox.test:") + port));
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("https_proxy"), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        const Report r = doctorJson(QStringLiteral("proxied"), &e);
        QVERIFY2(r.run.exit == 0, QByteArray(r.run.out + r.run.err).constData());
        QVERIFY2(r.message(QStringLiteral("ims_dns")).contains(QStringLiteral("through the proxy 127.0.0.1:")),
                 qPrintable(r.message(QStringLiteral("ims_dns"))));
        QVERIFY2(r.message(QStringLiteral("ims_tls")).contains(QStringLiteral("through the proxy")),
                 qPrintable(r.message(QStringLiteral("ims_tls"))));
        QVERIFY2(proxy.connects.contains("CONNECT ims.sandbox.test:" + port.toLatin1() + " HTTP/1.1"),
                 proxy.connects.join('\n').constData());
    }

    // NAME and --repair do not go together; an unknown NAME is named.
    void usage()
    {
        const Run both = run({QStringLiteral("doctor"), QStringLiteral("svc"), QStringLiteral("--repair")});
        QCOMPARE(both.exit, 2);
        const Run nobody = run({QStringLiteral("doctor"), QStringLiteral("nobody"), QStringLiteral("--json")});
        QCOMPARE(nobody.exit, 1);
        QCOMPARE(QJsonDocument::fromJson(nobody.out)
                     .object()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("code"))
                     .toString(),
                 QStringLiteral("credential_not_found"));
        // Without NAME: the store, as before.
        const Run store = run({QStringLiteral("doctor"), QStringLiteral("--json")});
        QCOMPARE(store.exit, 0);
        QVERIFY(QJsonDocument::fromJson(store.out).object().contains(QLatin1String("problems")));
    }
};

QTEST_GUILESS_MAIN(TestCliDoctor)
#include "tst_clidoctor.moc"
