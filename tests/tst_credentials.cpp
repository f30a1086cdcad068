// SPDX-License-Identifier: Apache-2.0
// Reading Developer Console files: every accepted variant and every refusal, with the field
// each message names, and no secret in any message.

#include "clock.h"
#include "credentials.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestCredentials : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock {fixedNow()};

    static QByteArray edit(const std::function<void(QJsonObject&)>& change, const ServiceJsonSpec& spec = {})
    {
        QJsonObject integration = serviceIntegration(spec);
        change(integration);
        return QJsonDocument(QJsonObject {{QStringLiteral("ok"), true}, {QStringLiteral("integration"), integration}})
            .toJson();
    }

private Q_SLOTS:
    void acceptsServiceCredentials_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("metascopeCount");
        ServiceJsonSpec s;
        QTest::newRow("PKCS#1 key with CRLF endings, console wrapper") << serviceJson(s) << 2;
        s.pkcs8 = true;
        s.crlf = false;
        QTest::newRow("PKCS#8 key with LF endings") << serviceJson(s) << 2;
        s = {};
        s.wrapper = false;
        QTest::newRow("integration object alone") << serviceJson(s) << 2;
        s = {};
        s.metascopesArray = true;
        QTest::newRow("metascopes as an array") << serviceJson(s) << 2;
        QTest::newRow("metascope written as a full URL") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("metascopes"),
                     QStringLiteral("https://ims-na1.adobelogin.com/s/ent_aem_cloud_api"));
        }) << 1;
        QTest::newRow("unknown extra fields are ignored") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("somethingNew"), QJsonObject {{QStringLiteral("x"), 1}});
        }) << 2;
        QTest::newRow("imsEndpoint with scheme and slash") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("imsEndpoint"), QStringLiteral("https://ims-na1.adobelogin.com/"));
        }) << 2;
    }

    void acceptsServiceCredentials()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, metascopeCount);
        const ParseResult r = parseCredentialJson(json, m_clock);
        QVERIFY2(r.ok(), qPrintable(r.firstError()));
        const ParsedCredential& c = *r.credential;
        QCOMPARE(c.kind, CredentialKind::Service);
        QCOMPARE(c.service.clientId, QStringLiteral("cm-p123-e4567-integration"));
        QCOMPARE(c.service.imsEndpoint, QStringLiteral("ims-na1.adobelogin.com"));
        QCOMPARE(c.service.technicalAccountId, QStringLiteral("ABCDAE10A495E8C@techacct.adobe.com"));
        QCOMPARE(c.service.org, QStringLiteral("1234ABCD@AdobeOrg"));
        QCOMPARE(c.service.metascopes.size(), metascopeCount);
        QVERIFY(c.privateKey && c.privateKey->isRsa());
        QVERIFY(c.certificate && c.certificate->matches(*c.privateKey));
        for (const Problem& p : r.problems)
            QCOMPARE(p.severity, Problem::Warning);
    }

    void acceptsLocalDevelopmentToken()
    {
        const QByteArray token = imsShapedToken(fixedNow().addSecs(-3600), 86400000);
        const QByteArray json = "{\"ok\":true,\"statusCode\":200,\"accessToken\":\"" + token + "\"}";
        const ParseResult r = parseCredentialJson(json, m_clock);
        QVERIFY2(r.ok(), qPrintable(r.firstError()));
        QCOMPARE(r.credential->kind, CredentialKind::LocalDev);
        QCOMPARE(r.credential->localDev.accessToken, token);
        QCOMPARE(*r.credential->localDev.expiresAt, fixedNow().addSecs(23 * 3600));
        QVERIFY(r.problems.isEmpty());
    }

    // Read and importable, but unusable as it is: `aemtoken check` counts it as an error.
    void expiredLocalTokenIsReadButUnusable()
    {
        const QByteArray token = imsShapedToken(fixedNow().addDays(-2), 86400000);
        const ParseResult r = parseCredentialJson("{\"accessToken\":\"" + token + "\"}", m_clock);
        QVERIFY(r.ok());
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].severity, Problem::Unusable);
        QVERIFY(!r.problems[0].toString().startsWith(QLatin1String("warning")));
        QVERIFY(r.problems[0].message.contains(QLatin1String("expired")));
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");

        QTest::newRow("not JSON") << QByteArray("{\"ok\": tru") << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("empty file") << QByteArray("  \n") << QString() << QStringLiteral("empty");
        QTest::newRow("JSON array") << QByteArray("[1,2]") << QString() << QStringLiteral("not a JSON object");
        QTest::newRow("larger than 1 MiB") << QByteArray(1024 * 1024 + 1, ' ') << QString() << QStringLiteral("1 MiB");
        QTest::newRow("nested too deeply")
            << (QByteArray(100, '[') + QByteArray(100, ']')) << QString() << QStringLiteral("nested too deeply");
        QTest::newRow("console error reply") << QByteArray("{\"ok\":false,\"statusCode\":403,\"error\":\"Forbidden\"}")
                                             << QStringLiteral("ok") << QStringLiteral("status 403: Forbidden");
        QTest::newRow("neither kind") << QByteArray("{\"hello\":\"world\"}") << QString() << QStringLiteral("neither");
        QTest::newRow("integration not an object")
            << QByteArray("{\"integration\":\"x\"}") << QStringLiteral("integration")
            << QStringLiteral("must be an object");
        QTest::newRow("missing private key")
            << edit([](QJsonObject& o) { o.remove(QStringLiteral("privateKey")); })
            << QStringLiteral("integration.privateKey") << QStringLiteral("is missing");
        QTest::newRow("private key not a string")
            << edit([](QJsonObject& o) { o.insert(QStringLiteral("privateKey"), 42); })
            << QStringLiteral("integration.privateKey") << QStringLiteral("must be a string");
        QTest::newRow("unreadable private key") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("privateKey"),
                     QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"));
        }) << QStringLiteral("integration.privateKey")
                                                << QStringLiteral("cannot be read");
        QTest::newRow("private key is not PEM")
            << edit([](QJsonObject& o) { o.insert(QStringLiteral("privateKey"), QStringLiteral("hunter2")); })
            << QStringLiteral("integration.privateKey") << QStringLiteral("not a PEM");
        ServiceJsonSpec ec;
        ec.ecKey = true;
        QTest::newRow("key is not RSA") << serviceJson(ec) << QStringLiteral("integration.privateKey")
                                        << QStringLiteral("not an RSA key");
        ServiceJsonSpec mismatch;
        mismatch.mismatchedKey = true;
        QTest::newRow("key does not match the certificate")
            << serviceJson(mismatch) << QStringLiteral("integration.privateKey")
            << QStringLiteral("does not match the certificate");
        QTest::newRow("certificate unreadable") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("publicKey"),
                     QStringLiteral("-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----"));
        }) << QStringLiteral("integration.publicKey")
                                                << QStringLiteral("cannot be read");
        QTest::newRow("missing client secret") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("technicalAccount"),
                     QJsonObject {{QStringLiteral("clientId"), QStringLiteral("cm-p1-e2")}});
        }) << QStringLiteral("integration.technicalAccount.clientSecret")
                                               << QStringLiteral("is missing");
        QTest::newRow("technicalAccount wrong type")
            << edit([](QJsonObject& o) { o.insert(QStringLiteral("technicalAccount"), QJsonArray()); })
            << QStringLiteral("integration.technicalAccount") << QStringLiteral("must be an object");
        QTest::newRow("metascopes empty")
            << edit([](QJsonObject& o) { o.insert(QStringLiteral("metascopes"), QStringLiteral(" , ")); })
            << QStringLiteral("integration.metascopes") << QStringLiteral("is empty");
        QTest::newRow("metascopes wrong type")
            << edit([](QJsonObject& o) { o.insert(QStringLiteral("metascopes"), 3); })
            << QStringLiteral("integration.metascopes") << QStringLiteral("string or an array");
        QTest::newRow("org missing") << edit([](QJsonObject& o) { o.remove(QStringLiteral("org")); })
                                     << QStringLiteral("integration.org") << QStringLiteral("is missing");
        QTest::newRow("imsEndpoint with a path") << edit([](QJsonObject& o) {
            o.insert(QStringLiteral("imsEndpoint"), QStringLiteral("ims-na1.adobelogin.com/x y"));
        }) << QStringLiteral("integration.imsEndpoint")
                                                 << QStringLiteral("host name");
        QTest::newRow("accessToken not a JWT") << QByteArray("{\"accessToken\":\"not-a-token\"}")
                                               << QStringLiteral("accessToken") << QStringLiteral("not a JWT");
        QTest::newRow("accessToken wrong type") << QByteArray("{\"accessToken\":12}") << QStringLiteral("accessToken")
                                                << QStringLiteral("must be a string");
    }

    void refuses()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, words);
        const ParseResult r = parseCredentialJson(json, m_clock);
        QVERIFY(!r.ok());
        const auto firstError = std::find_if(r.problems.cbegin(), r.problems.cend(),
                                             [](const Problem& p) { return p.severity == Problem::Error; });
        QVERIFY(firstError != r.problems.cend());
        QCOMPARE(firstError->field, field);
        QVERIFY2(firstError->message.contains(words), qPrintable(firstError->message));
        QVERIFY2(r.firstError().size() < 200, "messages stay short");
        // No secret material leaks into any message.
        for (const Problem& p : r.problems) {
            QVERIFY(!p.toString().contains(QLatin1String("p8e-TEST-SECRET")));
            QVERIFY(!p.toString().contains(QLatin1String("PRIVATE KEY")));
            QVERIFY(!p.toString().contains(QLatin1String("hunter2")));
        }
    }

    void oauthServerToServer_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("secrets");
        QTest::addColumn<QString>("org");
        QTest::newRow("flat file with rotated secrets") << QByteArray(
            "{\"client_id\":\"abc123\",\"client_secrets\":[\"p8e-new\",\"p8e-old\"],\"ims_org_id\":\"ORG@AdobeOrg\","
            "\"technical_account_id\":\"TA@techacct.adobe.com\",\"technical_account_email\":\"x@techacct.adobe.com\","
            "\"scopes\":[\"openid\",\"AdobeID\",\"read_organizations\"]}")
                                                        << 2 << QStringLiteral("ORG@AdobeOrg");
        QTest::newRow("Developer Console project export") << QByteArray(
            "{\"project\":{\"org\":{\"ims_org_id\":\"ORG2@AdobeOrg\"},\"workspace\":{\"details\":{\"credentials\":[{"
            "\"name\":\"x\","
            "\"oauth_server_to_server\":{\"client_id\":\"abc123\",\"client_secrets\":[\"p8e-1\"],"
            "\"technical_account_email\":\"x@techacct.adobe.com\",\"technical_account_id\":\"TA@techacct.adobe.com\","
            "\"scopes\":[\"openid\"]}}]}}}}") << 1 << QStringLiteral("ORG2@AdobeOrg");
    }
    void oauthServerToServer()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, secrets);
        QFETCH(QString, org);
        const ParseResult r = parseCredentialJson(json, m_clock);
        QVERIFY2(r.ok(), qPrintable(r.firstError()));
        QCOMPARE(r.credential->kind, CredentialKind::OAuth);
        QCOMPARE(r.credential->oauth.clientId, QStringLiteral("abc123"));
        QCOMPARE(r.credential->oauth.clientSecrets.size(), secrets);
        QCOMPARE(r.credential->oauth.orgId, org);
        QVERIFY(!r.credential->oauth.scopes.isEmpty());
        QCOMPARE(r.credential->oauth.imsEndpoint, QStringLiteral("ims-na1.adobelogin.com"));
    }

    void oauthRefusalsNameTheField()
    {
        const ParseResult r =
            parseCredentialJson("{\"client_id\":\"abc\",\"client_secrets\":[],\"scopes\":[\"openid\"]}", m_clock);
        QVERIFY(!r.ok());
        QVERIFY2(r.firstError().startsWith(QLatin1String("client_secrets: is empty")), qPrintable(r.firstError()));
        const ParseResult n = parseCredentialJson("{\"client_id\":\"abc\",\"client_secrets\":[\"s3cr3t\"]}", m_clock);
        QVERIFY(!n.ok());
        QVERIFY(n.firstError().startsWith(QLatin1String("scopes: is missing")));
        QVERIFY(!n.firstError().contains(QLatin1String("s3cr3t")));
    }

    void expiredCertificateIsReadButUnusable()
    {
        ServiceJsonSpec s;
        s.expired = true;
        const ParseResult r = parseCredentialJson(serviceJson(s), m_clock);
        QVERIFY(r.ok());
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].severity, Problem::Unusable);
        QCOMPARE(r.problems[0].field, QStringLiteral("integration.publicKey"));
        QVERIFY(r.problems[0].message.contains(QLatin1String("expired on")));
    }

    void certificateExpiringSoonIsWarned()
    {
        m_clock.set(fixedNow().addDays(340)); // 15 days left
        const ParseResult r = parseCredentialJson(serviceJson(), m_clock);
        m_clock.set(fixedNow());
        QVERIFY(r.ok());
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].severity, Problem::Warning);
        QVERIFY2(r.problems[0].message.contains(QLatin1String("expires in 15 days")),
                 qPrintable(r.problems[0].message));
    }

    void fixtureFromOpensslCli()
    {
        // Made with the openssl command line (tests/data/README.md), not with our own code.
        QFile f(QStringLiteral(DATA_DIR "/openssl-service-credentials.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC));
        const ParseResult r = parseCredentialJson(f.readAll(), clock);
        QVERIFY2(r.ok(), qPrintable(r.firstError()));
        const CertificateInfo info = r.credential->certificate->info();
        QCOMPARE(info.subjectCommonName, QStringLiteral("cm-p77-e88-integration"));
        QCOMPARE(info.keyBits, 2048);
        QCOMPARE(info.sha256Fingerprint.count(QLatin1Char(':')), 31);
    }

    void secretsRoundTrip()
    {
        CredentialSecrets s {"-----BEGIN PRIVATE KEY-----\r\nabc\r\n-----END PRIVATE KEY-----\r\n",
                             "sec\"ret",
                             {},
                             {"one", "two"},
                             "p\u00e4ss:word"};
        const auto back = CredentialSecrets::fromJson(s.toJson());
        QVERIFY(back);
        QCOMPARE(back->privateKeyPem, s.privateKeyPem);
        QCOMPARE(back->clientSecret, s.clientSecret);
        QCOMPARE(back->clientSecrets, (QList<QByteArray> {"one", "two"}));
        QCOMPARE(back->basicPassword, s.basicPassword);
        s.wipe();
        QVERIFY(s.privateKeyPem.isEmpty() && s.clientSecret.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
