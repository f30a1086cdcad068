// SPDX-License-Identifier: Apache-2.0
// Free-form credential names (what is allowed, uniqueness without regard to case, lookups in
// another case, renames that keep the id), the environment type (parse, suggest, persist, keep a
// value this version does not know, the request tester's production rule) and records that keep
// members they do not know.

#include "clock.h"
#include "credentialnaming.h"
#include "credentialstore.h"
#include "envtype.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestListNames : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    ManualClock m_clock {fixedNow()};
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<CredentialStore> m_store;

    CredentialStore::ImportResult importAs(const QString& name, const QString& clientId)
    {
        ServiceJsonSpec spec;
        spec.clientId = clientId;
        const ParsedCredential c = *parseCredentialJson(serviceJson(spec), m_clock).credential;
        CredentialStore::ImportOptions o;
        o.name = name;
        CredentialStore::ImportResult result;
        bool done = false;
        QObject ctx;
        m_store->importCredential(c, o, &ctx, [&](const CredentialStore::ImportResult& r) {
            result = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qFatal("import never finished");
        return result;
    }
    QString metadataPath() const { return m_store->metadataPath(); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_store = std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, m_clock);
    }
    void cleanup()
    {
        m_store.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void namesAllowed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::newRow("old style") << "cm-p1-e2.dev_1" << true;
        QTest::newRow("spaces and punctuation") << "Expiring cert (p1234 e5678)" << true;
        QTest::newRow("quotes") << "Bob's \"prod\" $HOME; rm -rf /" << true;
        QTest::newRow("accents") << QStringLiteral("Société générale — prod") << true;
        QTest::newRow("80 chars") << QString(80, QLatin1Char('a')) << true;
        QTest::newRow("81 chars") << QString(81, QLatin1Char('a')) << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("leading space") << " prod" << false;
        QTest::newRow("trailing space") << "prod " << false;
        QTest::newRow("trailing nbsp") << QStringLiteral("prod\u00a0") << false;
        QTest::newRow("option-like") << "-rf" << false;
        QTest::newRow("LF") << "a\nb" << false;
        QTest::newRow("CR") << "a\rb" << false;
        QTest::newRow("NUL") << QString::fromUtf8("a\0b", 3) << false;
        QTest::newRow("tab") << "a\tb" << false;
        QTest::newRow("ESC") << "a\x1b[31mb" << false;
        QTest::newRow("bidi override") << QStringLiteral("a\u202eb") << false;
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << false;
    }
    void namesAllowed()
    {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QCOMPARE(isValidCredentialName(name), ok);
        QCOMPARE(credentialNameProblem(name).isEmpty(), ok);
    }

    void shellWords()
    {
        QCOMPARE(shellWord(QStringLiteral("cm-p1-e2")), QStringLiteral("cm-p1-e2"));
        QCOMPARE(shellWord(QStringLiteral("Expiring cert (p1)")), QStringLiteral("'Expiring cert (p1)'"));
        QCOMPARE(shellWord(QStringLiteral("Bob's")), QStringLiteral("'Bob'\\''s'"));
        QCOMPARE(shellWord(QStringLiteral("=ls")), QStringLiteral("'=ls'")); // zsh would expand =ls
        QCOMPARE(shellWord(QStringLiteral("a=b")), QStringLiteral("a=b"));
    }

    // Without a name the command line names a credential after its client id, which the file
    // chooses: one that would need quoting is made of plain characters instead.
    void aFileCannotChooseAHostileName()
    {
        const auto r = importAs(QString(), QStringLiteral("x$(touch${IFS}/tmp/PWNED)*"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.name, QStringLiteral("x-touch-ifs-tmp-pwned"));
        QCOMPARE(shellWord(r.name), r.name);
        // The same file again replaces it (matched by client id, not by the name).
        const auto again = importAs(QString(), QStringLiteral("x$(touch${IFS}/tmp/PWNED)*"));
        QVERIFY2(again.ok, qPrintable(again.error));
        QVERIFY(again.replaced);
        QCOMPARE(again.name, r.name);
        QCOMPARE(plainCredentialName(QStringLiteral("cm-p1-e2-integration")), QStringLiteral("cm-p1-e2-integration"));
        QCOMPARE(plainCredentialName(QStringLiteral("$()")), QStringLiteral("credential"));
    }

    void importWithSpacesAndFindInAnyCase()
    {
        const auto r = importAs(QStringLiteral("Expiring cert (p1234 e5678)"), QStringLiteral("cm-p1234-e5678-a"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(m_store->load());
        QVERIFY(m_store->find(QStringLiteral("Expiring cert (p1234 e5678)")));
        QCOMPARE(m_store->find(QStringLiteral("expiring CERT (p1234 e5678)"))->name,
                 QStringLiteral("Expiring cert (p1234 e5678)"));
        QVERIFY(!m_store->find(QStringLiteral("Expiring cert")));
    }

    void namesUniqueWithoutRegardToCase()
    {
        QVERIFY(importAs(QStringLiteral("Prod"), QStringLiteral("cm-p1-e1-a")).ok);
        const auto clash = importAs(QStringLiteral("prod"), QStringLiteral("cm-p2-e2-b"));
        QVERIFY(!clash.ok);
        QVERIFY2(clash.error.contains(QLatin1String("already stored")), qPrintable(clash.error));
        QVERIFY(importAs(QStringLiteral("Stage"), QStringLiteral("cm-p2-e2-b")).ok);
        QVERIFY(m_store->load());
        QString error;
        QVERIFY(!m_store->renameCredential(QStringLiteral("Stage"), QStringLiteral("PROD"), &error));
        QVERIFY2(error.contains(QLatin1String("already exists")), qPrintable(error));
        // A change of case of its own name is a rename like any other.
        QVERIFY2(m_store->renameCredential(QStringLiteral("Stage"), QStringLiteral("STAGE"), &error),
                 qPrintable(error));
        QVERIFY(!m_store->renameCredential(QStringLiteral("STAGE"), QStringLiteral("-x"), &error));
        QVERIFY2(error.contains(QLatin1String("'-'")), qPrintable(error));
    }

    void renameKeepsTheId()
    {
        QVERIFY(importAs(QStringLiteral("old"), QStringLiteral("cm-p1-e1-a")).ok);
        QVERIFY(m_store->load());
        const QString id = m_store->find(QStringLiteral("old"))->id;
        QString error;
        QVERIFY2(m_store->renameCredential(QStringLiteral("old"), QStringLiteral("New name: p1 (e1)"), &error),
                 qPrintable(error));
        QVERIFY(m_store->load());
        QCOMPARE(m_store->find(QStringLiteral("New name: p1 (e1)"))->id, id);
        QVERIFY(!m_store->find(QStringLiteral("old")));
    }

    void oldFilesWithNamesDifferingInCaseStillRead()
    {
        QVERIFY(importAs(QStringLiteral("a"), QStringLiteral("cm-p1-e1-a")).ok);
        QFile f(metadataPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonArray list = root.value(QLatin1String("credentials")).toArray();
        QJsonObject twin = list.at(0).toObject();
        twin.insert(QStringLiteral("id"), QStringLiteral("other-id"));
        twin.insert(QStringLiteral("name"), QStringLiteral("A"));
        list.append(twin);
        root.insert(QStringLiteral("credentials"), list);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(f.write(QJsonDocument(root).toJson()) > 0);
        f.close();
        QVERIFY(m_store->load());
        QCOMPARE(m_store->records().size(), 2);
        QVERIFY(m_store->problems().isEmpty());
        QCOMPARE(m_store->find(QStringLiteral("A"))->id, QStringLiteral("other-id"));
    }

    void envTypeIds()
    {
        QCOMPARE(envTypeFromId(QStringLiteral("production")), EnvType::Production);
        QCOMPARE(envTypeFromId(QStringLiteral("stage")), EnvType::Stage);
        QCOMPARE(envTypeFromId(QStringLiteral("development")), EnvType::Development);
        QCOMPARE(envTypeFromId(QStringLiteral("none")), EnvType::None);
        QVERIFY(!envTypeFromId(QStringLiteral("prod")));
        QCOMPARE(envTypeLabel(EnvType::Production), QStringLiteral("Production"));
        QVERIFY(envTypeLabel(EnvType::None).isEmpty());
    }

    void envTypeSuggested_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("type");
        QTest::newRow("prod word") << "shop-prod"
                                   << "" << int(EnvType::Production);
        QTest::newRow("Production") << "Production author"
                                    << "" << int(EnvType::Production);
        QTest::newRow("preprod is stage") << "shop preprod"
                                          << "" << int(EnvType::Stage);
        QTest::newRow("staging") << "Staging (p1 e2)"
                                 << "" << int(EnvType::Stage);
        QTest::newRow("dev") << "my_dev"
                             << "" << int(EnvType::Development);
        QTest::newRow("devices is nothing") << "devices"
                                            << "" << int(EnvType::None);
        QTest::newRow("localhost host") << "sdk"
                                        << "localhost" << int(EnvType::Development);
        QTest::newRow("host says prod") << "x"
                                        << "author.prod.example.com" << int(EnvType::Production);
        QTest::newRow("nothing") << "cm-p1-e2-integration"
                                 << "author-p1-e2.adobeaemcloud.com" << int(EnvType::None);
    }
    void envTypeSuggested()
    {
        QFETCH(QString, name);
        QFETCH(QString, host);
        QFETCH(int, type);
        QCOMPARE(int(suggestEnvType(name, host.isEmpty() ? QStringList() : QStringList {host})), type);
    }

    void productionConfirmation()
    {
        for (const char* m : {"POST", "PUT", "PATCH", "DELETE", "post", "PROPFIND"})
            QVERIFY2(needsProductionConfirmation(EnvType::Production, QString::fromLatin1(m)), m);
        for (const char* m : {"GET", "HEAD", "OPTIONS", "get"})
            QVERIFY2(!needsProductionConfirmation(EnvType::Production, QString::fromLatin1(m)), m);
        for (const EnvType t : {EnvType::Stage, EnvType::Development, EnvType::None, EnvType::Unknown})
            QVERIFY(!needsProductionConfirmation(t, QStringLiteral("DELETE")));
    }

    void envTypePersists()
    {
        QVERIFY(importAs(QStringLiteral("p"), QStringLiteral("cm-p1-e1-a")).ok);
        QVERIFY(m_store->load());
        QCOMPARE(m_store->find(QStringLiteral("p"))->envType, EnvType::None);
        QString error;
        QVERIFY2(m_store->setEnvType(QStringLiteral("p"), EnvType::Production, &error), qPrintable(error));
        CredentialStore again(m_store->location(), *m_secrets, m_clock);
        QVERIFY(again.load());
        QCOMPARE(again.find(QStringLiteral("p"))->envType, EnvType::Production);
        // A re-import of the same credential keeps what the user said.
        QVERIFY(importAs(QStringLiteral("p"), QStringLiteral("cm-p1-e1-a")).ok);
        QVERIFY(again.load());
        QCOMPARE(again.find(QStringLiteral("p"))->envType, EnvType::Production);
        QVERIFY(m_store->setEnvType(QStringLiteral("p"), EnvType::None, &error));
        QVERIFY(again.load());
        QCOMPARE(again.find(QStringLiteral("p"))->envType, EnvType::None);
        QFile f(metadataPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("envType")); // not said: not written
    }

    void unknownEnvTypeAndMembersKept()
    {
        QVERIFY(importAs(QStringLiteral("q"), QStringLiteral("cm-p1-e1-a")).ok);
        QFile f(metadataPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QJsonArray list = root.value(QLatin1String("credentials")).toArray();
        QJsonObject rec = list.at(0).toObject();
        rec.insert(QStringLiteral("envType"), QStringLiteral("qa-cluster"));
        rec.insert(QStringLiteral("futureField"), QJsonObject {{QStringLiteral("x"), 1}});
        list[0] = rec;
        root.insert(QStringLiteral("credentials"), list);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(f.write(QJsonDocument(root).toJson()) > 0);
        f.close();
        QVERIFY(m_store->load());
        const auto r = m_store->find(QStringLiteral("q"));
        QCOMPARE(r->envType, EnvType::Unknown);
        QCOMPARE(r->envTypeText(), QStringLiteral("qa-cluster"));
        QVERIFY(!needsProductionConfirmation(r->envType, QStringLiteral("POST")));
        // Another change to the record writes both back unchanged.
        QString error;
        QVERIFY2(m_store->renameCredential(QStringLiteral("q"), QStringLiteral("q 2"), &error), qPrintable(error));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject written = QJsonDocument::fromJson(f.readAll())
                                        .object()
                                        .value(QLatin1String("credentials"))
                                        .toArray()
                                        .at(0)
                                        .toObject();
        QCOMPARE(written.value(QLatin1String("envType")).toString(), QStringLiteral("qa-cluster"));
        QCOMPARE(written.value(QLatin1String("futureField")).toObject().value(QLatin1String("x")).toInt(), 1);
        QCOMPARE(written.value(QLatin1String("name")).toString(), QStringLiteral("q 2"));
    }

    void programAndEnvironmentFromHost()
    {
        CredentialRecord r;
        r.environment.author = QUrl(QStringLiteral("https://author-p77-e88.adobeaemcloud.com"));
        QCOMPARE(programAndEnvironment(r), std::make_pair(77, 88));
        r.environment = Environment::fromClientId(QStringLiteral("cm-p5-e6-x"));
        QCOMPARE(programAndEnvironment(r), std::make_pair(5, 6));
    }
};

QTEST_GUILESS_MAIN(TestListNames)
#include "tst_listnames.moc"
