// SPDX-License-Identifier: Apache-2.0
// Client id -> environment, URL handling, and where a token may be sent.

#include "aemrequest.h"
#include "environment.h"
#include "testsupport.h"

#include <QTest>

using namespace aem;

class TestEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromClientId_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<int>("program");
        QTest::addColumn<int>("environment");
        QTest::newRow("plain") << QStringLiteral("cm-p123-e1234") << 123 << 1234;
        QTest::newRow("with suffix") << QStringLiteral("cm-p123-e1234-integration-2") << 123 << 1234;
        QTest::newRow("not an AEM client id") << QStringLiteral("dev-console-prod") << 0 << 0;
        QTest::newRow("zero program") << QStringLiteral("cm-p0-e1") << 0 << 0;
        QTest::newRow("letters in number") << QStringLiteral("cm-pX-e1") << 0 << 0;
    }
    void fromClientId()
    {
        QFETCH(QString, clientId);
        QFETCH(int, program);
        QFETCH(int, environment);
        const Environment env = Environment::fromClientId(clientId);
        QCOMPARE(env.program, program);
        QCOMPARE(env.environment, environment);
        if (program) {
            QCOMPARE(env.author.toString(),
                     QStringLiteral("https://author-p%1-e%2.adobeaemcloud.com").arg(program).arg(environment));
            QCOMPARE(env.publish.host(),
                     QStringLiteral("publish-p%1-e%2.adobeaemcloud.com").arg(program).arg(environment));
            QCOMPARE(env.preview.host(),
                     QStringLiteral("preview-p%1-e%2.adobeaemcloud.com").arg(program).arg(environment));
        } else {
            QVERIFY(env.author.isEmpty());
        }
    }

    void normaliseBaseUrl_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::newRow("bare host") << QStringLiteral("author-p1-e2.adobeaemcloud.com")
                                   << QStringLiteral("https://author-p1-e2.adobeaemcloud.com");
        QTest::newRow("trailing slash") << QStringLiteral("https://x.example/") << QStringLiteral("https://x.example");
        QTest::newRow("local SDK over http")
            << QStringLiteral("http://localhost:4502") << QStringLiteral("http://localhost:4502");
        QTest::newRow("http to a remote host") << QStringLiteral("http://author.example") << QString();
        QTest::newRow("ftp") << QStringLiteral("ftp://x.example") << QString();
        QTest::newRow("with a query") << QStringLiteral("https://x.example/?a=1") << QString();
        QTest::newRow("empty") << QStringLiteral("  ") << QString();
    }
    void normaliseBaseUrl()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QString why;
        const QUrl url = aem::normaliseBaseUrl(input, &why);
        if (expected.isEmpty()) {
            QVERIFY(!url.isValid());
            QVERIFY(!why.isEmpty());
        } else {
            QCOMPARE(url.toString(), expected);
        }
    }

    void tokenOnlyGoesToOwnHosts_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::newRow("path against author")
            << QStringLiteral("/content/dam.json?x=1") << QStringList()
            << QStringLiteral("https://author-p1-e2.adobeaemcloud.com/content/dam.json?x=1");
        QTest::newRow("publish URL") << QStringLiteral("https://publish-p1-e2.adobeaemcloud.com/a") << QStringList()
                                     << QStringLiteral("https://publish-p1-e2.adobeaemcloud.com/a");
        QTest::newRow("another environment")
            << QStringLiteral("https://author-p1-e3.adobeaemcloud.com/a") << QStringList() << QString();
        QTest::newRow("same host, other port")
            << QStringLiteral("https://author-p1-e2.adobeaemcloud.com:8443/a") << QStringList() << QString();
        QTest::newRow("foreign host allowed explicitly")
            << QStringLiteral("https://api.example/x") << QStringList {QStringLiteral("api.example")}
            << QStringLiteral("https://api.example/x");
        QTest::newRow("http to a remote host, even allowed")
            << QStringLiteral("http://api.example/x") << QStringList {QStringLiteral("api.example")} << QString();
    }
    void tokenOnlyGoesToOwnHosts()
    {
        QFETCH(QString, target);
        QFETCH(QStringList, allowed);
        QFETCH(QString, expected);
        CredentialRecord r;
        r.name = QStringLiteral("dev");
        r.environment = Environment::fromClientId(QStringLiteral("cm-p1-e2-integration"));
        QString why;
        const QUrl url = resolveAemTarget(r, target, allowed, &why);
        if (expected.isEmpty()) {
            QVERIFY(!url.isValid());
            QVERIFY(!why.isEmpty());
        } else {
            QCOMPARE(url.toString(), expected);
        }
    }

    void explainsStatuses()
    {
        CredentialRecord r;
        r.kind = CredentialKind::Service;
        r.email = QStringLiteral("abc@techacct.adobe.com");
        r.environment = Environment::fromClientId(QStringLiteral("cm-p1-e2"));
        QVERIFY(explainAemStatus(403, r).contains(r.email));
        QVERIFY(explainAemStatus(401, r).contains(QLatin1String("another environment")));
        QVERIFY(explainAemStatus(503, r).contains(QLatin1String("503")));
    }
};

QTEST_GUILESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
