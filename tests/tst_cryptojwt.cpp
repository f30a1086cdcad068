// SPDX-License-Identifier: Apache-2.0
// RS256 signing checked with the public key, base64url, the exchange claims, certificate
// details, and expiry arithmetic (milliseconds in IMS tokens, seconds in standard JWTs).

#include "crypto.h"
#include "imsclient.h"
#include "jwt.h"
#include "network.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestCryptoJwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void base64url_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("no padding needed") << QByteArray("abc") << QByteArray("YWJj");
        QTest::newRow("one pad dropped") << QByteArray("ab") << QByteArray("YWI");
        QTest::newRow("two pads dropped") << QByteArray("a") << QByteArray("YQ");
        QTest::newRow("url alphabet") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("-_-_");
    }
    void base64url()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, encoded);
        QCOMPARE(base64UrlEncode(raw), encoded);
        QCOMPARE(base64UrlDecode(encoded).value(), raw);
    }
    void base64urlRejectsGarbage() { QVERIFY(!base64UrlDecode("a b$").has_value()); }

    void signedJwtVerifiesWithCertificate()
    {
        const PrivateKey& key = rsaKey(0);
        Certificate::Spec spec;
        spec.commonName = QStringLiteral("cm-p1-e2");
        spec.notBefore = fixedNow();
        spec.notAfter = fixedNow().addDays(365);
        const Certificate cert = Certificate::create(spec, key, key);

        ExchangeClaimsInput in;
        in.imsEndpoint = QStringLiteral("ims-na1.adobelogin.com");
        in.clientId = QStringLiteral("cm-p1-e2-integration");
        in.org = QStringLiteral("ORG@AdobeOrg");
        in.technicalAccountId = QStringLiteral("TA@techacct.adobe.com");
        in.metascopes = {QStringLiteral("ent_aem_cloud_api"),
                         QStringLiteral("https://ims-na1.adobelogin.com/s/ent_cloudmgr_sdk")};
        in.expiresAt = fixedNow().addSecs(300);
        const QByteArray jwt = signJwtRs256(exchangeJwtClaims(in), key);
        const auto d = decodeJwt(jwt);
        QVERIFY(d);
        QCOMPARE(d->header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(d->header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        QVERIFY(cert.verifySha256(d->signingInput, d->signature));
        QCOMPARE(d->signature.size(), 256); // RSA-2048
        QCOMPARE(d->claims.value(QLatin1String("iss")).toString(), in.org);
        QCOMPARE(d->claims.value(QLatin1String("sub")).toString(), in.technicalAccountId);
        QCOMPARE(d->claims.value(QLatin1String("aud")).toString(),
                 QStringLiteral("https://ims-na1.adobelogin.com/c/cm-p1-e2-integration"));
        QCOMPARE(qint64(d->claims.value(QLatin1String("exp")).toDouble()), fixedNow().toSecsSinceEpoch() + 300);
        QVERIFY(d->claims.value(QLatin1String("https://ims-na1.adobelogin.com/s/ent_aem_cloud_api")).toBool());
        QVERIFY(d->claims.value(QLatin1String("https://ims-na1.adobelogin.com/s/ent_cloudmgr_sdk")).toBool());
        // A flipped byte no longer verifies; neither does another key's certificate.
        QByteArray tampered = d->signingInput;
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
        QVERIFY(!cert.verifySha256(tampered, d->signature));
        const Certificate other = Certificate::create(spec, rsaKey(1), rsaKey(1));
        QVERIFY(!other.verifySha256(d->signingInput, d->signature));
    }

    void refusesToSignWithNonRsaKey()
    {
        QVERIFY(signJwtRs256(QJsonObject {{QStringLiteral("a"), 1}}, PrivateKey::generateEc()).isEmpty());
    }

    void certificateInfo()
    {
        Certificate::Spec spec;
        spec.commonName = QStringLiteral("cm-p9-e8-integration");
        spec.notBefore = fixedNow().addDays(-1);
        spec.notAfter = fixedNow().addDays(30).addSecs(60);
        const Certificate cert = Certificate::create(spec, rsaKey(0), rsaKey(0));
        const CertificateInfo i = cert.info();
        QCOMPARE(i.subjectCommonName, spec.commonName);
        QCOMPARE(i.issuerCommonName, spec.commonName);
        QCOMPARE(i.notBefore, spec.notBefore);
        QCOMPARE(i.notAfter, spec.notAfter);
        QCOMPARE(i.keyAlgorithm, QStringLiteral("RSA"));
        QCOMPARE(i.keyBits, 2048);
        QCOMPARE(i.daysLeft(fixedNow()), 30);
        QCOMPARE(i.daysLeft(fixedNow().addDays(31)), -1);
        QVERIFY(i.isValidAt(fixedNow()));
        QVERIFY(!i.isValidAt(fixedNow().addDays(31)));
        QVERIFY(cert.matches(rsaKey(0)));
        QVERIFY(!cert.matches(rsaKey(1)));
        // Round trip through PEM keeps the fingerprint.
        QCOMPARE(Certificate::fromPem(cert.toPem())->info().sha256Fingerprint, i.sha256Fingerprint);
    }

    void keyFormats()
    {
        const PrivateKey& k = rsaKey(0);
        QVERIFY(k.toPkcs1Pem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        QVERIFY(k.toPkcs8Pem().startsWith("-----BEGIN PRIVATE KEY-----"));
        QByteArray crlf = k.toPkcs1Pem();
        crlf.replace("\n", "\r\n");
        QVERIFY(PrivateKey::fromPem(crlf).has_value());
        QString why;
        QVERIFY(!PrivateKey::fromPem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nxx\n-----END ENCRYPTED PRIVATE KEY-----",
                                     &why));
        QVERIFY(why.contains(QLatin1String("encrypted")));
    }

    void tokenLifetime_data()
    {
        QTest::addColumn<QJsonObject>("claims");
        QTest::addColumn<qint64>("createdMs");
        QTest::addColumn<qint64>("expiresMs");
        const qint64 t = 1780000000000; // ms
        QTest::newRow("IMS: created_at + expires_in as strings of ms")
            << QJsonObject {{QStringLiteral("created_at"), QString::number(t)},
                            {QStringLiteral("expires_in"), QStringLiteral("86400000")}}
            << t << t + 86400000;
        QTest::newRow("IMS: numbers instead of strings")
            << QJsonObject {{QStringLiteral("created_at"), double(t)}, {QStringLiteral("expires_in"), 86399999.0}} << t
            << t + 86399999;
        QTest::newRow("standard JWT: exp and iat in seconds")
            << QJsonObject {{QStringLiteral("iat"), double(t / 1000)}, {QStringLiteral("exp"), double(t / 1000 + 3600)}}
            << t << t + 3600000;
        QTest::newRow("IMS fields win over exp") << QJsonObject {{QStringLiteral("created_at"), QString::number(t)},
                                                                 {QStringLiteral("expires_in"), QStringLiteral("1000")},
                                                                 {QStringLiteral("exp"), double(t / 1000 + 99999)}}
                                                 << t << t + 1000;
        QTest::newRow("garbage yields nothing") << QJsonObject {{QStringLiteral("created_at"), QStringLiteral("soon")},
                                                                {QStringLiteral("expires_in"), QStringLiteral("-5")}}
                                                << qint64(-1) << qint64(-1);
    }
    void tokenLifetime()
    {
        QFETCH(QJsonObject, claims);
        QFETCH(qint64, createdMs);
        QFETCH(qint64, expiresMs);
        const TokenLifetime l = aem::tokenLifetime(claims);
        QCOMPARE(l.createdAt ? l.createdAt->toMSecsSinceEpoch() : -1, createdMs);
        QCOMPARE(l.expiresAt ? l.expiresAt->toMSecsSinceEpoch() : -1, expiresMs);
    }

    void exchangeReplyExpiry_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<qint64>("unitMs");
        QTest::addColumn<qint64>("expectedLifeMs");
        const QByteArray opaque = "opaque-token-without-claims";
        QTest::newRow("exchange: expires_in in milliseconds")
            << QJsonObject {{QStringLiteral("access_token"), QString::fromLatin1(opaque)},
                            {QStringLiteral("expires_in"), 86399999.0}}
            << qint64(1) << qint64(86399999);
        QTest::newRow("token/v3: expires_in in seconds")
            << QJsonObject {{QStringLiteral("access_token"), QString::fromLatin1(opaque)},
                            {QStringLiteral("expires_in"), 86399.0}}
            << qint64(1000) << qint64(86399000);
        QTest::newRow("the token's own claims win over expires_in")
            << QJsonObject {{QStringLiteral("access_token"), QString::fromLatin1(imsShapedToken(fixedNow(), 3600000))},
                            {QStringLiteral("expires_in"), 86399999.0}}
            << qint64(1) << qint64(3600000);
    }
    void exchangeReplyExpiry()
    {
        QFETCH(QJsonObject, body);
        QFETCH(qint64, unitMs);
        QFETCH(qint64, expectedLifeMs);
        const auto t = accessTokenFromReply(body, unitMs, fixedNow());
        QVERIFY(t);
        QCOMPARE(fixedNow().msecsTo(t->expiresAt), expectedLifeMs);
    }

    void extraAnchorsVerifyChainsFully_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("daysFromNow");
        QTest::addColumn<bool>("rightAnchor");
        QTest::addColumn<bool>("expected");
        QTest::newRow("IP in the SAN, right anchor") << QStringLiteral("127.0.0.1") << 0 << true << true;
        QTest::newRow("DNS name in the SAN") << QStringLiteral("localhost") << 0 << true << true;
        QTest::newRow("host not in the certificate") << QStringLiteral("ims-na1.adobelogin.com") << 0 << true << false;
        QTest::newRow("certificate expired") << QStringLiteral("127.0.0.1") << 40 << true << false;
        QTest::newRow("another CA") << QStringLiteral("127.0.0.1") << 0 << false << false;
    }
    void extraAnchorsVerifyChainsFully()
    {
        QFETCH(QString, host);
        QFETCH(int, daysFromNow);
        QFETCH(bool, rightAnchor);
        QFETCH(bool, expected);
        const PrivateKey caKey = PrivateKey::generateEc();
        Certificate::Spec ca;
        ca.commonName = QStringLiteral("Test CA");
        ca.notBefore = fixedNow().addDays(-1);
        ca.notAfter = fixedNow().addDays(365);
        ca.isCa = true;
        const Certificate caCert = Certificate::create(ca, caKey, caKey);
        const PrivateKey otherKey = PrivateKey::generateEc();
        const Certificate otherCa = Certificate::create(ca, otherKey, otherKey);
        Certificate::Spec leaf;
        leaf.commonName = QStringLiteral("server");
        leaf.notBefore = fixedNow().addDays(-1);
        leaf.notAfter = fixedNow().addDays(30);
        leaf.dnsNames = {QStringLiteral("localhost")};
        leaf.ipAddresses = {QStringLiteral("127.0.0.1")};
        const PrivateKey leafKey = PrivateKey::generateEc();
        const Certificate server = Certificate::create(leaf, leafKey, caKey, &caCert);
        const QSslCertificate qLeaf(server.toPem());
        const QSslCertificate anchor((rightAnchor ? caCert : otherCa).toPem());
        QCOMPARE(verifyChainWithAnchors({qLeaf}, host, {anchor}, fixedNow().addDays(daysFromNow)), expected);
    }

    void decodeRefusals_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("two parts") << QByteArray("a.b");
        QTest::newRow("bad base64") << QByteArray("a$.b.c");
        QTest::newRow("header not JSON") << (base64UrlEncode("nope") + '.' + base64UrlEncode("{}") + ".c2ln");
    }
    void decodeRefusals()
    {
        QFETCH(QByteArray, token);
        QString why;
        QVERIFY(!decodeJwt(token, &why));
        QVERIFY(!why.isEmpty());
        QVERIFY(!why.contains(QString::fromLatin1(token)));
    }
};

QTEST_GUILESS_MAIN(TestCryptoJwt)
#include "tst_cryptojwt.moc"
