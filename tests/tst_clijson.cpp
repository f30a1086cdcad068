// SPDX-License-Identifier: Apache-2.0
// `aemtoken ... --json` as scripts read it, end to end (the real binary against the sandbox, a
// real Secret Service from with-keyring.sh): the same bytes in every language, one naming style
// (snake_case keys, *_at times in UTC with a Z, *_in_s whole seconds), every key present with
// null for what is known to be absent, stable codes, and errors as one JSON object on stdout
// while their line still goes to stderr. The man page's JSON OUTPUT section documents the same.

#include <QDateTime>
#include <QDir>
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
#include <QTemporaryDir>
#include <QTest>

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

namespace {
const QRegularExpression kSnake(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
const QRegularExpression kUtc(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));

// Every key (and every code and enumerated value) follows the conventions; `path` names the
// place for the failure message. The token's own header and claims (decode) are the token's.
void checkConventions(const QJsonValue& v, const QString& path, QStringList* bad)
{
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            checkConventions(a[i], path + QStringLiteral("[%1]").arg(i), bad);
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key(), at = path + QLatin1Char('.') + key;
        const QJsonValue value = it.value();
        if (!kSnake.match(key).hasMatch())
            *bad << at + QStringLiteral(": not snake_case");
        if (key.endsWith(QLatin1String("_at")) && !value.isNull() && !kUtc.match(value.toString()).hasMatch())
            *bad << at + QStringLiteral(": not an ISO-8601 UTC time with Z");
        if (key.endsWith(QLatin1String("_in_s")) && !value.isNull()
            && (!value.isDouble() || value.toDouble() != double(qint64(value.toDouble()))))
            *bad << at + QStringLiteral(": not whole seconds");
        if ((key == QLatin1String("code") || key == QLatin1String("kind") || key == QLatin1String("severity"))
            && !value.isNull() && !kSnake.match(value.toString()).hasMatch())
            *bad << at + QStringLiteral(": not a snake_case word");
        if (key == QLatin1String("header") || key == QLatin1String("claims"))
            continue;
        checkConventions(value, at, bad);
    }
}

// The durations count down between two runs: compared as "0".
QByteArray withoutDurations(QByteArray json)
{
    return QString::fromUtf8(json)
        .replace(QRegularExpression(QStringLiteral("(_in_s\":\\s*)-?\\d+")), QStringLiteral("\\1 0"))
        .toUtf8();
}
} // namespace

class TestCliJson : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_sandbox;
    QString m_url;
    QNetworkAccessManager m_nam;
    QHash<QString, QString> m_extraEnv; // set for the runs of one test

    QProcessEnvironment env(const QString& language = {}) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("LC_ALL"));
        e.remove(QStringLiteral("LC_MESSAGES"));
        e.remove(QStringLiteral("LANGUAGE"));
        if (language == QLatin1String("LANGUAGE=fr")) {
            e.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
            e.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        } else if (language == QLatin1String("LANG=fr_FR.UTF-8")) {
            e.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        } else {
            e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        }
        e.insert(QStringLiteral("AEMTOKEN_CA_FILE"), m_dir.path() + QStringLiteral("/ca.pem"));
        for (auto it = m_extraEnv.cbegin(); it != m_extraEnv.cend(); ++it)
            e.insert(it.key(), it.value());
        return e;
    }

    Run run(const QStringList& args, const QByteArray& input = {}, const QString& language = {})
    {
        QProcess p;
        p.setProcessEnvironment(env(language));
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

    // A service credential whose IMS endpoint is `ims`.
    QString serviceFileWithIms(const QString& name, const QString& ims)
    {
        QJsonObject doc = QJsonDocument::fromJson(control(QStringLiteral("credentials"))).object();
        QJsonObject integ = doc.value(QLatin1String("integration")).toObject();
        integ.insert(QStringLiteral("imsEndpoint"), ims);
        doc.insert(QStringLiteral("integration"), integ);
        return writeFile(name, QJsonDocument(doc).toJson());
    }

    bool import(const QString& file, const QString& name)
    {
        const Run r =
            run({QStringLiteral("import"), file, QStringLiteral("--name"), name, QStringLiteral("--author"), m_url});
        if (r.exit != 0)
            qWarning() << "import failed:" << r.err;
        return r.exit == 0;
    }

    // One credential of each kind, the service one with a cached token: "svc", "s2s", "dev".
    void populate()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        QVERIFY(import(writeFile(QStringLiteral("s2s.json"), control(QStringLiteral("oauth-credentials"))),
                       QStringLiteral("s2s")));
        QVERIFY(import(m_dir.path() + QStringLiteral("/local-dev-token.json"), QStringLiteral("dev")));
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("svc")}).exit, 0);
    }

    // Every command line that prints JSON, successes and failures, with what is expected of it.
    QList<QStringList> jsonCommands()
    {
        const QString svcFile = m_dir.path() + QStringLiteral("/service-credentials.json");
        return {
            {QStringLiteral("list"), QStringLiteral("--json")},
            {QStringLiteral("token"), QStringLiteral("svc"), QStringLiteral("--json")},
            {QStringLiteral("check"), svcFile, QStringLiteral("--json")},
            {QStringLiteral("check"), QStringLiteral("svc"), QStringLiteral("--json")},
            {QStringLiteral("check"), QStringLiteral("s2s"), QStringLiteral("--json")},
            {QStringLiteral("check"), QStringLiteral("dev"), QStringLiteral("--json")},
            {QStringLiteral("check"), writeFile(QStringLiteral("broken.json"), "{\"integration\": 1}"),
             QStringLiteral("--json")},
            {QStringLiteral("decode"), QStringLiteral("svc"), QStringLiteral("--json")},
            {QStringLiteral("validate"), QStringLiteral("svc"), QStringLiteral("--json")},
            {QStringLiteral("doctor"), QStringLiteral("--json")},
            {QStringLiteral("__commands"), QStringLiteral("--json")},
            // Errors.
            {QStringLiteral("token"), QStringLiteral("nobody"), QStringLiteral("--json")},
            {QStringLiteral("token"), QStringLiteral("--json")},
            {QStringLiteral("list"), QStringLiteral("extra"), QStringLiteral("--json")},
            {QStringLiteral("check"), QStringLiteral("/nonexistent/creds.json"), QStringLiteral("--json")},
            {QStringLiteral("decode"), QStringLiteral("not.a.token"), QStringLiteral("--json")},
            {QStringLiteral("frobnicate"), QStringLiteral("--json")},
        };
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

    // Every test starts from an empty store.
    void init()
    {
        m_extraEnv.clear();
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

    // Byte for byte the same in English and French (but for the seconds that passed between).
    void sameInEveryLanguage()
    {
        populate();
        // The French environment does speak French where the output is for people.
        QVERIFY2(run({QStringLiteral("token"), QStringLiteral("nobody")}, {}, QStringLiteral("LANG=fr_FR.UTF-8"))
                     .err.contains("aucun identifiant"),
                 "no French catalogue");
        for (const QStringList& args : jsonCommands()) {
            const Run en = run(args);
            QVERIFY2(!en.out.isEmpty(), qPrintable(args.join(QLatin1Char(' '))));
            for (const QString& language : {QStringLiteral("LANGUAGE=fr"), QStringLiteral("LANG=fr_FR.UTF-8")}) {
                const Run fr = run(args, {}, language);
                QCOMPARE(fr.exit, en.exit);
                QCOMPARE(withoutDurations(fr.out), withoutDurations(en.out));
                // Its one line on stderr is English too (usage errors add the help after it).
                QCOMPARE(fr.err.left(fr.err.indexOf('\n')), en.err.left(en.err.indexOf('\n')));
            }
        }
    }

    // Each output is one JSON document that follows the conventions.
    void outputFollowsTheConventions()
    {
        populate();
        for (const QStringList& args : jsonCommands()) {
            const Run r = run(args);
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(r.out, &pe);
            QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(args.join(QLatin1Char(' ')) + pe.errorString()));
            QStringList bad;
            checkConventions(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), args.first(), &bad);
            QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
            // A failure is {"error": ...} (or the command's own output: check, validate), and its
            // line still goes to stderr.
            if (r.exit != 0)
                QVERIFY2(r.err.startsWith("aemtoken: "), r.err.constData());
        }
    }

    // Every credential of `list` has the same keys whatever its kind, null where absent.
    void listKeysAndNulls()
    {
        populate();
        const Run r = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exit, 0);
        const QJsonArray arr = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(arr.size(), 3);
        const QStringList keys {QStringLiteral("author_url"),
                                QStringLiteral("basic_user"),
                                QStringLiteral("certificate_expires_at"),
                                QStringLiteral("certificate_sha256"),
                                QStringLiteral("client_id"),
                                QStringLiteral("email"),
                                QStringLiteral("env_type"),
                                QStringLiteral("environment_id"),
                                QStringLiteral("expires_at"),
                                QStringLiteral("expires_in_s"),
                                QStringLiteral("imported_at"),
                                QStringLiteral("ims_endpoint"),
                                QStringLiteral("kind"),
                                QStringLiteral("metascopes"),
                                QStringLiteral("name"),
                                QStringLiteral("org"),
                                QStringLiteral("preview_url"),
                                QStringLiteral("program_id"),
                                QStringLiteral("publish_url"),
                                QStringLiteral("scopes"),
                                QStringLiteral("technical_account_id"),
                                QStringLiteral("user_id")};
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue& v : arr) {
            QCOMPARE(v.toObject().keys(), keys);
            byName.insert(v.toObject().value(QLatin1String("name")).toString(), v.toObject());
        }
        const QJsonObject svc = byName.value(QStringLiteral("svc")), s2s = byName.value(QStringLiteral("s2s")),
                          dev = byName.value(QStringLiteral("dev"));
        QCOMPARE(svc.value(QLatin1String("kind")).toString(), QStringLiteral("service"));
        QCOMPARE(s2s.value(QLatin1String("kind")).toString(), QStringLiteral("oauth_s2s"));
        QCOMPARE(dev.value(QLatin1String("kind")).toString(), QStringLiteral("local_dev"));
        QCOMPARE(svc.value(QLatin1String("program_id")).toInt(), 1234);
        QCOMPARE(svc.value(QLatin1String("environment_id")).toInt(), 5678);
        QCOMPARE(svc.value(QLatin1String("author_url")).toString(), m_url);
        QCOMPARE(svc.value(QLatin1String("publish_url")).toString(),
                 QStringLiteral("https://publish-p1234-e5678.adobeaemcloud.com")); // from the client id
        QVERIFY(s2s.value(QLatin1String("preview_url")).isNull());
        QVERIFY(svc.value(QLatin1String("user_id")).isNull());
        QVERIFY(svc.value(QLatin1String("scopes")).isNull());
        QVERIFY(svc.value(QLatin1String("basic_user")).isNull()); // only a local AEM target has one
        QVERIFY(svc.value(QLatin1String("metascopes")).isArray());
        QVERIFY(svc.value(QLatin1String("expires_in_s")).toDouble() > 3600);
        // No token cached for the OAuth credential: known to be absent.
        QVERIFY(s2s.value(QLatin1String("expires_at")).isNull());
        QVERIFY(s2s.value(QLatin1String("expires_in_s")).isNull());
        QVERIFY(s2s.value(QLatin1String("certificate_expires_at")).isNull());
        QVERIFY(s2s.value(QLatin1String("scopes")).isArray());
        QVERIFY(s2s.value(QLatin1String("metascopes")).isNull());
        QVERIFY(dev.value(QLatin1String("technical_account_id")).isNull());
        QVERIFY(dev.value(QLatin1String("ims_endpoint")).isNull());
        QVERIFY(dev.value(QLatin1String("user_id")).isString());
        // The token expiry has one name: `token --json` says the same time.
        const QJsonObject t =
            QJsonDocument::fromJson(run({QStringLiteral("token"), QStringLiteral("svc"), QStringLiteral("--json")}).out)
                .object();
        QCOMPARE(t.value(QLatin1String("expires_at")), svc.value(QLatin1String("expires_at")));
        QVERIFY(t.value(QLatin1String("cached")).toBool());
    }

    // `check` too: the same keys for every kind and for a file that cannot be read as one.
    void checkKeysAndCodes()
    {
        populate();
        QStringList keys;
        for (const QString& target : {QStringLiteral("svc"), QStringLiteral("s2s"), QStringLiteral("dev"),
                                      writeFile(QStringLiteral("broken.json"), "{\"integration\": 1}")}) {
            const Run r = run({QStringLiteral("check"), target, QStringLiteral("--json")});
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            if (keys.isEmpty())
                keys = o.keys();
            QCOMPARE(o.keys(), keys);
            QCOMPARE(o.value(QLatin1String("ok")).toBool(), r.exit == 0);
        }
        const QJsonObject svc =
            QJsonDocument::fromJson(run({QStringLiteral("check"), QStringLiteral("svc"), QStringLiteral("--json")}).out)
                .object();
        QVERIFY(svc.value(QLatin1String("key_matches_certificate")).toBool());
        QVERIFY(svc.value(QLatin1String("certificate_expires_in_s")).toDouble() > 86400);
        QVERIFY(svc.value(QLatin1String("expires_at")).isNull()); // a service credential holds no token
        QVERIFY(svc.value(QLatin1String("client_secret_count")).isNull());
        const QJsonObject broken =
            QJsonDocument::fromJson(
                run({QStringLiteral("check"), m_dir.path() + QStringLiteral("/broken.json"), QStringLiteral("--json")})
                    .out)
                .object();
        QVERIFY(broken.value(QLatin1String("kind")).isNull());
        const QJsonObject problem = broken.value(QLatin1String("problems")).toArray().first().toObject();
        QCOMPARE(problem.value(QLatin1String("code")).toString(), QStringLiteral("wrong_type"));
        QCOMPARE(problem.value(QLatin1String("field")).toString(), QStringLiteral("integration"));
        QCOMPARE(problem.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        // An expired certificate: its own code, in English whatever the language.
        const QString expired =
            writeFile(QStringLiteral("expired.json"), control(QStringLiteral("credentials?expired=1")));
        const QJsonObject old =
            QJsonDocument::fromJson(run({QStringLiteral("check"), expired, QStringLiteral("--json")}, {},
                                        QStringLiteral("LANG=fr_FR.UTF-8"))
                                        .out)
                .object();
        QStringList codes;
        for (const QJsonValue& p : old.value(QLatin1String("problems")).toArray())
            codes << p.toObject().value(QLatin1String("code")).toString();
        QVERIFY2(codes.contains(QStringLiteral("certificate_expired")), qPrintable(codes.join(QLatin1Char(' '))));
        QVERIFY(QJsonDocument(old).toJson().contains("certificate expired on"));
        QVERIFY(old.value(QLatin1String("certificate_expires_in_s")).toDouble() < 0);
    }

    // An error is one JSON object on stdout, its line on stderr; usage errors too.
    void errorsAsJson()
    {
        const auto error = [](const Run& r) {
            return QJsonDocument::fromJson(r.out).object().value(QLatin1String("error")).toObject();
        };
        const Run missing = run({QStringLiteral("token"), QStringLiteral("nobody"), QStringLiteral("--json")}, {},
                                QStringLiteral("LANGUAGE=fr"));
        QCOMPARE(missing.exit, 1);
        QCOMPARE(error(missing).value(QLatin1String("code")).toString(), QStringLiteral("credential_not_found"));
        QCOMPARE(error(missing).value(QLatin1String("message")).toString(),
                 QStringLiteral("no credential named \"nobody\""));
        QVERIFY(error(missing).value(QLatin1String("ims")).isNull());
        QCOMPARE(missing.err, QByteArray("aemtoken: no credential named \"nobody\"\n"));
        QCOMPARE(missing.out.count('\n'), 1);

        const Run usage =
            run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("--json")});
        QCOMPARE(usage.exit, 2);
        QCOMPARE(error(usage).value(QLatin1String("code")).toString(), QStringLiteral("usage"));
        QCOMPARE(usage.err, QByteArray("aemtoken: token takes one NAME\nTry 'aemtoken token --help'.\n"));
        const Run option = run({QStringLiteral("list"), QStringLiteral("--bogus"), QStringLiteral("--json")});
        QCOMPARE(option.exit, 2);
        QCOMPARE(error(option).value(QLatin1String("message")).toString(), QStringLiteral("unknown option --bogus"));
        // Without --json stdout stays empty.
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("nobody")}).out, QByteArray());
        // "--json" as the value of another option is that value.
        const Run body = run({QStringLiteral("request"), QStringLiteral("nobody"), QStringLiteral("/x"),
                              QStringLiteral("-d"), QStringLiteral("--json")});
        QCOMPARE(body.exit, 1);
        QCOMPARE(body.out, QByteArray());

        const Run garbage = run({QStringLiteral("decode"), QStringLiteral("not.a.token"), QStringLiteral("--json")});
        QCOMPARE(garbage.exit, 1);
        QCOMPARE(error(garbage).value(QLatin1String("code")).toString(), QStringLiteral("token_malformed"));
    }

    // A failure's code is its cause where it happened, not the keychain's state looked up later.
    void keychainCausesCarryTheirCode()
    {
        const auto code = [](const Run& r) {
            return QJsonDocument::fromJson(r.out)
                .object()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("code"))
                .toString();
        };
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        // No keychain at all (no D-Bus session): reading the secrets fails for that.
        m_extraEnv.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
        const Run absent =
            run({QStringLiteral("token"), QStringLiteral("svc"), QStringLiteral("--fresh"), QStringLiteral("--json")});
        QCOMPARE(absent.exit, 1);
        QCOMPARE(code(absent), QStringLiteral("keychain_unavailable"));
        // The lock file cannot be made (a file where its directory goes): that is the cause, even
        // though the keychain is absent too.
        const QString cache = m_dir.path() + QStringLiteral("/blocked-cache");
        QVERIFY(QDir().mkpath(cache + QStringLiteral("/aem-token-manager")));
        writeFile(QStringLiteral("blocked-cache/aem-token-manager/locks"), "not a directory");
        m_extraEnv.insert(QStringLiteral("XDG_CACHE_HOME"), cache);
        const Run lock =
            run({QStringLiteral("token"), QStringLiteral("svc"), QStringLiteral("--fresh"), QStringLiteral("--json")});
        QCOMPARE(lock.exit, 1);
        QVERIFY2(lock.err.contains("lock file"), lock.err.constData());
        QCOMPARE(code(lock), QStringLiteral("token_unavailable"));
    }

    // What IMS said, with its code; and network failures named by their cause.
    void imsErrorsCarryTheirCode()
    {
        QJsonObject doc = QJsonDocument::fromJson(control(QStringLiteral("oauth-credentials"))).object();
        doc.insert(QStringLiteral("client_secrets"), QJsonArray {QStringLiteral("p8e-wrong")});
        QVERIFY(import(writeFile(QStringLiteral("bad.json"), QJsonDocument(doc).toJson()), QStringLiteral("bad")));
        const Run refused = run({QStringLiteral("token"), QStringLiteral("bad"), QStringLiteral("--json")});
        QCOMPARE(refused.exit, 1);
        const QJsonObject e = QJsonDocument::fromJson(refused.out).object().value(QLatin1String("error")).toObject();
        QCOMPARE(e.value(QLatin1String("code")).toString(), QStringLiteral("ims_invalid_client"));
        const QJsonObject ims = e.value(QLatin1String("ims")).toObject();
        QCOMPARE(ims.value(QLatin1String("error")).toString(), QStringLiteral("invalid_client"));
        QCOMPARE(ims.value(QLatin1String("http_status")).toInt(), 401);
        QVERIFY(ims.value(QLatin1String("attempts")).toInt() >= 1);
        QCOMPARE(refused.err.count('\n'), 1);

        QVERIFY(import(serviceFileWithIms(QStringLiteral("closed.json"), QStringLiteral("127.0.0.1:1")),
                       QStringLiteral("closed")));
        const Run closed = run({QStringLiteral("token"), QStringLiteral("closed"), QStringLiteral("--json")});
        QCOMPARE(closed.exit, 1);
        QCOMPARE(QJsonDocument::fromJson(closed.out)
                     .object()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("code"))
                     .toString(),
                 QStringLiteral("connection_refused"));
        // .invalid never resolves (RFC 6761).
        QVERIFY(import(serviceFileWithIms(QStringLiteral("nxdomain.json"), QStringLiteral("ims.invalid")),
                       QStringLiteral("nxdomain")));
        const Run unresolved = run({QStringLiteral("token"), QStringLiteral("nxdomain"), QStringLiteral("--json")});
        QCOMPARE(unresolved.exit, 1);
        const QJsonObject dns =
            QJsonDocument::fromJson(unresolved.out).object().value(QLatin1String("error")).toObject();
        QCOMPARE(dns.value(QLatin1String("code")).toString(), QStringLiteral("dns_failure"));
        QVERIFY(dns.value(QLatin1String("ims")).toObject().value(QLatin1String("http_status")).isNull());
    }

    // A command that printed its output prints no error object after it: one document.
    void noErrorAfterOutput()
    {
        QVERIFY(import(m_dir.path() + QStringLiteral("/service-credentials.json"), QStringLiteral("svc")));
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("svc")}).exit, 0);
        QCOMPARE(run({QStringLiteral("revoke"), QStringLiteral("svc")}).exit, 0);
        // Revoked: no token cached.
        const Run none = run({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(
            QJsonDocument::fromJson(none.out).array().first().toObject().value(QLatin1String("expires_at")).isNull());
        const Run expired =
            run({QStringLiteral("check"),
                 writeFile(QStringLiteral("old.json"), control(QStringLiteral("credentials?expired=1"))),
                 QStringLiteral("--json")});
        QCOMPARE(expired.exit, 1);
        QJsonParseError pe;
        const QJsonObject o = QJsonDocument::fromJson(expired.out, &pe).object();
        QCOMPARE(pe.error, QJsonParseError::NoError);
        QVERIFY(!o.value(QLatin1String("ok")).toBool());
        QVERIFY(!o.contains(QLatin1String("error")));
    }
};

QTEST_GUILESS_MAIN(TestCliJson)
#include "tst_clijson.moc"
