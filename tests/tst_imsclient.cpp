// SPDX-License-Identifier: Apache-2.0
// The IMS exchange against the sandbox over real HTTPS: success, the error table, retries with
// Retry-After, bounded outages, timeouts, and TLS that is never skipped; the client-credentials
// grant at /ims/token/v3 and /ims/token/v2 with one table of answers.

#include "appsettings.h"
#include "clock.h"
#include "credentials.h"
#include "imsclient.h"
#include "jwt.h"
#include "network.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestImsClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxFixture> m_sandbox;
    QNetworkAccessManager m_nam;

    ServiceCredential credential(const sandbox::Sandbox::NewCredentialSpec& spec = {})
    {
        const ParseResult r =
            parseCredentialJson(m_sandbox->sandbox().createServiceCredentials(spec), SystemClock::instance());
        return r.credential->service;
    }
    static QByteArray jwtFor(const ServiceCredential& c, qint64 expSecsFromNow = 300, const QStringList& scopes = {})
    {
        ExchangeClaimsInput in {c.imsEndpoint,
                                c.clientId,
                                c.org,
                                c.technicalAccountId,
                                scopes.isEmpty() ? c.metascopes : scopes,
                                QDateTime::currentDateTimeUtc().addSecs(expSecsFromNow)};
        return signJwtRs256(exchangeJwtClaims(in), *PrivateKey::fromPem(c.privateKeyPem));
    }
    std::unique_ptr<ImsRequest> exchange(const ServiceCredential& c, const QByteArray& jwt,
                                         const QByteArray& secret = {}, RetryPolicy policy = fastPolicy())
    {
        return std::make_unique<ImsRequest>(
            &m_nam, QUrl(QStringLiteral("https://%1/ims/exchange/jwt").arg(c.imsEndpoint)),
            QList<QPair<QString, QByteArray>> {
                {QStringLiteral("client_id"), c.clientId.toUtf8()},
                {QStringLiteral("client_secret"), secret.isEmpty() ? c.clientSecret : secret},
                {QStringLiteral("jwt_token"), jwt}},
            policy, SystemClock::instance());
    }
    static RetryPolicy fastPolicy()
    {
        RetryPolicy p;
        p.baseDelayMs = 20;
        p.maxDelayMs = 100;
        p.timeoutMs = 10000;
        return p;
    }
    static void run(ImsRequest& req)
    {
        QSignalSpy done(&req, &ImsRequest::finished);
        req.start();
        QVERIFY(done.wait(60000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
        m_sandbox->trustIn(&m_nam);
    }

    void exchangeSucceeds()
    {
        const ServiceCredential c = credential();
        auto req = exchange(c, jwtFor(c));
        run(*req);
        QVERIFY2(req->ok(), qPrintable(req->error().toString()));
        const auto token = accessTokenFromReply(req->body(), 1, QDateTime::currentDateTimeUtc());
        QVERIFY(token);
        const qint64 life = token->createdAt.msecsTo(token->expiresAt);
        QCOMPARE(life, qint64(86399999));
        QCOMPARE(req->body().value(QLatin1String("expires_in")).toDouble(), 86399999.0);
        const auto claims = decodeJwt(token->token)->claims;
        QCOMPARE(claims.value(QLatin1String("client_id")).toString(), c.clientId);
        QCOMPARE(claims.value(QLatin1String("type")).toString(), QStringLiteral("access_token"));
    }

    void errorsAreExplained_data()
    {
        QTest::addColumn<QString>("caseName");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("words");
        QTest::newRow("wrong client secret")
            << QStringLiteral("secret") << 401 << QStringLiteral("invalid_client") << QStringLiteral("client secret");
        QTest::newRow("unknown client id")
            << QStringLiteral("client") << 400 << QStringLiteral("invalid_client") << QStringLiteral("client id");
        QTest::newRow("expired certificate")
            << QStringLiteral("expiredcert") << 400 << QStringLiteral("invalid_token") << QStringLiteral("certificate");
        QTest::newRow("signed with another key")
            << QStringLiteral("otherkey") << 400 << QStringLiteral("invalid_token") << QStringLiteral("certificate");
        QTest::newRow("malformed JWT") << QStringLiteral("malformed") << 400 << QStringLiteral("invalid_token")
                                       << QStringLiteral("malformed");
        QTest::newRow("metascope not in the binding")
            << QStringLiteral("scope") << 400 << QStringLiteral("invalid_scope") << QStringLiteral("metascopes");
        QTest::newRow("expired JWT") << QStringLiteral("expiredjwt") << 400 << QStringLiteral("invalid_token")
                                     << QStringLiteral("clock");
    }
    void errorsAreExplained()
    {
        QFETCH(QString, caseName);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, words);
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.expiredCertificate = caseName == QLatin1String("expiredcert");
        ServiceCredential c = credential(spec);
        QByteArray jwt = jwtFor(c);
        QByteArray secret;
        if (caseName == QLatin1String("secret"))
            secret = "p8e-wrong";
        else if (caseName == QLatin1String("client"))
            c.clientId = QStringLiteral("cm-p1-e1-unknown");
        else if (caseName == QLatin1String("otherkey"))
            jwt = signJwtRs256(decodeJwt(jwt)->claims, rsaKey(1));
        else if (caseName == QLatin1String("malformed"))
            jwt = "abc.def";
        else if (caseName == QLatin1String("scope"))
            jwt = jwtFor(c, 300, {QStringLiteral("ent_analytics_bulk_ingest_sdk")});
        else if (caseName == QLatin1String("expiredjwt"))
            jwt = jwtFor(c, -120);
        auto req = exchange(c, jwt, secret);
        run(*req);
        QVERIFY(!req->ok());
        const ImsError& e = req->error();
        QCOMPARE(e.kind, ImsError::Http);
        QCOMPARE(e.httpStatus, status);
        QCOMPARE(e.code, code);
        QVERIFY2(e.explanation.contains(words, Qt::CaseInsensitive), qPrintable(e.explanation));
        QVERIFY(!e.debugId.isEmpty());
        QCOMPARE(req->attempts(), 1); // client errors are not retried
        const QString line = e.toString();
        QVERIFY(line.contains(code));
        QVERIFY(!line.contains(QString::fromLatin1(c.clientSecret)));
    }

    // The client-credentials grant (docs/protocol.md §6) at /ims/token/v3, the Developer Console's,
    // and /ims/token/v2, aio-lib-ims's: one table for both, sent with the fields aio-lib-ims sends
    // (org_id included) unless the row says otherwise.
    void clientCredentials_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("caseName");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("description");
        struct Row
        {
            const char* name;
            const char* caseName;
            int status;
            const char* code;
            const char* description;
        };
        const Row rows[] = {
            {"minted", "ok", 200, "", ""},
            {"minted without org_id", "noorg", 200, "", ""},
            {"wrong client secret", "secret", 401, "invalid_client", "invalid client_secret parameter"},
            {"unknown client id", "client", 400, "invalid_client", "invalid client_id parameter"},
            {"a JWT credential's client id", "jwtclient", 400, "invalid_client", "invalid client_id parameter"},
            {"scope not allowed", "scope", 400, "invalid_scope", "Invalid scope(s): ent_analytics_bulk_ingest_sdk"},
            {"missing grant_type", "nogrant", 400, "unsupported_grant_type", "Unsupported grant_type"},
            {"another grant_type", "password", 400, "unsupported_grant_type", "Unsupported grant_type"},
            {"another org", "org", 400, "invalid_request", "invalid org_id parameter"},
        };
        for (const char* path : {"/ims/token/v3", "/ims/token/v2"})
            for (const Row& r : rows)
                QTest::addRow("%s: %s", path, r.name)
                    << QString::fromLatin1(path) << QString::fromLatin1(r.caseName) << r.status
                    << QString::fromLatin1(r.code) << QString::fromLatin1(r.description);
    }
    void clientCredentials()
    {
        QFETCH(QString, path);
        QFETCH(QString, caseName);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, description);
        const QJsonObject o = QJsonDocument::fromJson(m_sandbox->sandbox().createOAuthCredentials()).object();
        QString clientId = o.value(QLatin1String("client_id")).toString();
        QByteArray secret = o.value(QLatin1String("client_secrets")).toArray().first().toString().toUtf8();
        QByteArray org = o.value(QLatin1String("ims_org_id")).toString().toUtf8();
        QStringList scopes;
        for (const QJsonValue& v : o.value(QLatin1String("scopes")).toArray())
            scopes << v.toString();
        QByteArray grant = "client_credentials";
        if (caseName == QLatin1String("secret"))
            secret = "p8e-wrong";
        else if (caseName == QLatin1String("client"))
            clientId = QStringLiteral("0123456789abcdef0123456789abcdef");
        else if (caseName == QLatin1String("jwtclient"))
            clientId = credential().clientId;
        else if (caseName == QLatin1String("scope"))
            scopes << QStringLiteral("ent_analytics_bulk_ingest_sdk");
        else if (caseName == QLatin1String("password"))
            grant = "password";
        else if (caseName == QLatin1String("org"))
            org = "0THER0RG0000000000000000@AdobeOrg";
        QList<QPair<QString, QByteArray>> form;
        if (caseName != QLatin1String("nogrant"))
            form.append({QStringLiteral("grant_type"), grant});
        form.append({QStringLiteral("client_id"), clientId.toUtf8()});
        form.append({QStringLiteral("client_secret"), secret});
        if (caseName != QLatin1String("noorg"))
            form.append({QStringLiteral("org_id"), org});
        form.append({QStringLiteral("scope"), scopes.join(QLatin1Char(',')).toUtf8()});
        ImsRequest req(&m_nam,
                       QUrl(QStringLiteral("https://") + o.value(QLatin1String("ims_endpoint")).toString() + path),
                       form, fastPolicy(), SystemClock::instance());
        run(req);
        QCOMPARE(req.attempts(), 1); // client errors are not retried
        if (status == 200) {
            QVERIFY2(req.ok(), qPrintable(req.error().toString()));
            QCOMPARE(req.body().value(QLatin1String("token_type")).toString(), QStringLiteral("bearer"));
            QCOMPARE(req.body().value(QLatin1String("expires_in")).toDouble(), 86399.0); // seconds here
            const auto token = accessTokenFromReply(req.body(), 1000, QDateTime::currentDateTimeUtc());
            QVERIFY(token);
            const QJsonObject claims = decodeJwt(token->token)->claims;
            QCOMPARE(claims.value(QLatin1String("client_id")).toString(), clientId);
            QCOMPARE(claims.value(QLatin1String("scope")).toString(), scopes.join(QLatin1Char(',')));
            return;
        }
        QVERIFY(!req.ok());
        const ImsError& e = req.error();
        QCOMPARE(e.kind, ImsError::Http);
        QCOMPARE(e.httpStatus, status);
        QCOMPARE(e.code, code);
        QCOMPARE(e.description, description);
        QVERIFY(!e.debugId.isEmpty());
        QVERIFY(!e.toString().contains(QString::fromUtf8(secret)));
    }

    void clientCredentialsNeedPost_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("v3") << QStringLiteral("/ims/token/v3");
        QTest::newRow("v2") << QStringLiteral("/ims/token/v2");
    }
    void clientCredentialsNeedPost()
    {
        QFETCH(QString, path);
        QNetworkReply* reply = m_nam.get(QNetworkRequest(QUrl(m_sandbox->sandbox().baseUrl() + path)));
        const auto done = qScopeGuard([reply] { reply->deleteLater(); });
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(60000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 405);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.value(QLatin1String("error")).toString(), QStringLiteral("method_not_allowed"));
    }

    // A 5xx from either path is retried like the JWT exchange's.
    void clientCredentialsOutageIsRetried_data() { clientCredentialsNeedPost_data(); }
    void clientCredentialsOutageIsRetried()
    {
        QFETCH(QString, path);
        const QJsonObject o = QJsonDocument::fromJson(m_sandbox->sandbox().createOAuthCredentials()).object();
        m_sandbox->sandbox().failNextExchanges(1, 503, 0);
        ImsRequest req(&m_nam, QUrl(m_sandbox->sandbox().baseUrl() + path),
                       {{QStringLiteral("grant_type"), "client_credentials"},
                        {QStringLiteral("client_id"), o.value(QLatin1String("client_id")).toString().toUtf8()},
                        {QStringLiteral("client_secret"),
                         o.value(QLatin1String("client_secrets")).toArray().first().toString().toUtf8()},
                        {QStringLiteral("scope"), "openid"}},
                       fastPolicy(), SystemClock::instance());
        run(req);
        QVERIFY2(req.ok(), qPrintable(req.error().toString()));
        QCOMPARE(req.attempts(), 2);
    }

    void transientErrorsAreRetried()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().failNextExchanges(2, 503, 0);
        auto req = exchange(c, jwtFor(c));
        QSignalSpy retrying(req.get(), &ImsRequest::retrying);
        run(*req);
        QVERIFY2(req->ok(), qPrintable(req->error().toString()));
        QCOMPARE(req->attempts(), 3);
        QCOMPARE(retrying.count(), 2);
    }

    void retryAfterIsHonoured()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().failNextExchanges(1, 429, 1);
        auto req = exchange(c, jwtFor(c));
        QSignalSpy retrying(req.get(), &ImsRequest::retrying);
        run(*req);
        QVERIFY(req->ok());
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(1).toInt(), 1000);
    }

    void tooLongRetryAfterIsReportedNotWaited()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().failNextExchanges(1, 503, 3600);
        auto req = exchange(c, jwtFor(c));
        run(*req);
        QVERIFY(!req->ok());
        QCOMPARE(req->attempts(), 1);
        QVERIFY(req->error().toString().contains(QLatin1String("3600 s")));
        m_sandbox->sandbox().failNextExchanges(0, 503, 0);
    }

    void lastingOutageEndsAfterBoundedAttempts()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().failNextExchanges(100, 503, 0);
        auto req = exchange(c, jwtFor(c));
        run(*req);
        m_sandbox->sandbox().failNextExchanges(0, 503, 0);
        QVERIFY(!req->ok());
        QCOMPARE(req->attempts(), fastPolicy().maxAttempts);
        QCOMPARE(req->error().httpStatus, 503);
        QVERIFY(req->error().toString().contains(QLatin1String("temporarily unavailable")));
        QVERIFY(req->error().toString().contains(QLatin1String("after 4 attempts")));
    }

    void slowIMSTimesOut()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().delayNextExchanges(2, 3000);
        RetryPolicy p = fastPolicy();
        p.timeoutMs = 300;
        p.maxAttempts = 2;
        auto req = exchange(c, jwtFor(c), {}, p);
        run(*req);
        QVERIFY(!req->ok());
        QCOMPARE(req->error().kind, ImsError::Timeout);
        QCOMPARE(req->attempts(), 2);
    }

    void untrustedCertificateIsRefused()
    {
        const ServiceCredential c = credential();
        // A manager that does not trust the sandbox CA: the handshake fails, with no retry.
        QNetworkAccessManager freshNam;
        ImsRequest req(&freshNam, QUrl(QStringLiteral("https://%1/ims/exchange/jwt").arg(c.imsEndpoint)),
                       {{QStringLiteral("client_id"), c.clientId.toUtf8()}}, fastPolicy(), SystemClock::instance());
        run(req);
        QVERIFY(!req.ok());
        QCOMPARE(req.error().kind, ImsError::Tls);
        QCOMPARE(req.attempts(), 1);
        QVERIFY(req.error().explanation.contains(QLatin1String("not trusted")));
    }

    // Settings › Proxy › Manual: the exchange goes through the given HTTP proxy, TLS verified
    // against the name asked for (the proxy alone can reach ims.sandbox.test).
    void manualProxyCarriesTheExchange()
    {
        TunnelProxy proxy(m_sandbox->sandbox().port());
        QVERIFY(proxy.listen());
        AppSettings settings;
        settings.proxyMode = AppSettings::ProxyMode::Manual;
        settings.proxyHost = QStringLiteral("127.0.0.1");
        settings.proxyPort = proxy.port();
        applyProxy(settings.proxy());
        const auto restore = qScopeGuard([] {
            AppSettings none;
            none.proxyMode = AppSettings::ProxyMode::None;
            applyProxy(none.proxy());
        });
        ServiceCredential c = credential();
        c.imsEndpoint = QStringLiteral("ims.sandbox.test:%1").arg(m_sandbox->sandbox().port());
        auto req = exchange(c, jwtFor(c));
        run(*req);
        QVERIFY2(req->ok(), qPrintable(req->error().toString()));
        QCOMPARE(proxy.connects, QList<QByteArray> {"CONNECT " + c.imsEndpoint.toLatin1() + " HTTP/1.1"});
        QVERIFY(accessTokenFromReply(req->body(), 1, QDateTime::currentDateTimeUtc()));
    }

    void connectionRefusedIsPlain()
    {
        ImsRequest req(&m_nam, QUrl(QStringLiteral("https://127.0.0.1:1/ims/exchange/jwt")), {}, fastPolicy(),
                       SystemClock::instance());
        run(req);
        QVERIFY(!req.ok());
        QCOMPARE(req.error().kind, ImsError::Network);
        QVERIFY(req.error().explanation.contains(QLatin1String("refused")));
    }

    void abortFinishesOnce()
    {
        const ServiceCredential c = credential();
        m_sandbox->sandbox().delayNextExchanges(1, 2000);
        auto req = exchange(c, jwtFor(c));
        QSignalSpy done(req.get(), &ImsRequest::finished);
        req->start();
        QTimer::singleShot(50, req.get(), &ImsRequest::abort);
        QVERIFY(done.wait(5000));
        QCOMPARE(req->error().kind, ImsError::Cancelled);
        QTest::qWait(100);
        QCOMPARE(done.count(), 1);
    }

    void retryAfterParsing()
    {
        const QDateTime now(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        QCOMPARE(parseRetryAfterMs("5", now).value(), 5000);
        QCOMPARE(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", now).value(), 30000);
        QVERIFY(!parseRetryAfterMs("soon", now));
        QVERIFY(!parseRetryAfterMs("", now));
    }
};

QTEST_GUILESS_MAIN(TestImsClient)
#include "tst_imsclient.moc"
