// Import is all or nothing; metadata holds no secret; replace and remove behave.

#include "clock.h"
#include "credentialstore.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;

struct Env
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<CredentialStore> store;
};

class TestCredentialStore : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    ManualClock m_clock{fixedNow()};

    std::unique_ptr<Env> makeEnv(const QString& dataDir = QString())
    {
        auto e = std::make_unique<Env>();
        StoreLocation loc = StoreLocation::under(e->dir.path());
        if (!dataDir.isEmpty())
            loc.dataDir = dataDir;
        e->store = std::make_unique<CredentialStore>(loc, e->secrets, m_clock);
        return e;
    }
    static ParsedCredential parse(const QByteArray& json)
    {
        ManualClock clock(fixedNow());
        return *parseCredentialJson(json, clock).credential;
    }
    static CredentialStore::ImportResult importNow(CredentialStore& store, const ParsedCredential& c,
                                                   const CredentialStore::ImportOptions& o = CredentialStore::ImportOptions())
    {
        CredentialStore::ImportResult result;
        bool done = false;
        QObject ctx;
        store.importCredential(c, o, &ctx, [&](const CredentialStore::ImportResult& r) {
            result = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("import never finished");
        return result;
    }
    static QByteArray metadata(const Env& e)
    {
        QFile f(e.store->location().dataDir + QStringLiteral("/credentials.json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void importStoresSecretsAndMetadata()
    {
        auto e = makeEnv();
        QSignalSpy changed(e->store.get(), &CredentialStore::changed);
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.name, QStringLiteral("cm-p123-e4567-integration"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(e->secrets.entries().size(), 1);
        const QByteArray meta = metadata(*e);
        QVERIFY(meta.contains("cm-p123-e4567-integration"));
        QVERIFY(meta.contains("BEGIN CERTIFICATE"));
        QVERIFY2(!meta.contains("PRIVATE KEY"), "no private key in metadata");
        QVERIFY2(!meta.contains("p8e-TEST-SECRET"), "no client secret in metadata");
        const auto rec = e->store->find(r.name);
        QVERIFY(rec);
        QCOMPARE(rec->environment.program, 123);
        QCOMPARE(rec->certificateNotAfter, fixedNow().addDays(355));
        // A second store instance (another process) reads the same.
        CredentialStore other(e->store->location(), e->secrets, m_clock);
        QVERIFY(other.load());
        QCOMPARE(other.records().size(), 1);
        QCOMPARE(other.records().first().clientId, rec->clientId);
        QFile f(e->store->location().dataDir + QStringLiteral("/credentials.json"));
        QCOMPARE(f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    }

    void keychainFailureStoresNothing_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("words");
        QTest::newRow("no keychain") << int(SecretResult::Unavailable) << QStringLiteral("no keychain is available");
        QTest::newRow("access denied") << int(SecretResult::AccessDenied) << QStringLiteral("denied");
        QTest::newRow("other failure") << int(SecretResult::OtherError) << QStringLiteral("failed");
    }
    void keychainFailureStoresNothing()
    {
        QFETCH(int, error);
        QFETCH(QString, words);
        auto e = makeEnv();
        e->secrets.failNext(1, SecretResult::Error(error));
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(words), qPrintable(r.error));
        QVERIFY(r.error.contains(QLatin1String("Nothing was stored")));
        QVERIFY(e->secrets.entries().isEmpty());
        QVERIFY(metadata(*e).isEmpty());
        QVERIFY(e->store->records().isEmpty());
    }

    void metadataFailureRollsBackKeychain()
    {
        QTemporaryDir tmp;
        // The data "directory" is a file: the metadata cannot be written.
        const QString blocked = tmp.path() + QStringLiteral("/blocked");
        QFile f(blocked);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto e = makeEnv(blocked + QStringLiteral("/data"));
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("Nothing was stored")));
        QTRY_VERIFY(e->secrets.entries().isEmpty());
    }

    void reimportReplacesInsteadOfDuplicating()
    {
        auto e = makeEnv();
        CredentialStore::ImportOptions o;
        o.author = QUrl(QStringLiteral("https://127.0.0.1:9443"));
        const auto first = importNow(*e->store, parse(serviceJson()), o);
        QVERIFY(first.ok);
        const QString firstId = e->store->find(first.name)->id;
        const auto second = importNow(*e->store, parse(serviceJson()));
        QVERIFY(second.ok);
        QVERIFY(second.replaced);
        QCOMPARE(second.name, first.name);
        QCOMPARE(e->store->records().size(), 1);
        const auto rec = e->store->find(first.name);
        QVERIFY(rec->id != firstId);
        QCOMPARE(rec->environment.author, o.author); // the override survives a re-import
        QTRY_COMPARE(e->secrets.entries().size(), 1); // the old secret is gone
    }

    void nameConflictIsRefused()
    {
        auto e = makeEnv();
        CredentialStore::ImportOptions o;
        o.name = QStringLiteral("dev");
        QVERIFY(importNow(*e->store, parse(serviceJson()), o).ok);
        ServiceJsonSpec other;
        other.clientId = QStringLiteral("cm-p123-e9999-integration");
        const auto r = importNow(*e->store, parse(serviceJson(other)), o);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("already stored as \"dev\"")));
        QCOMPARE(e->store->records().size(), 1);
        o.name = QStringLiteral("bad name!");
        QVERIFY(!importNow(*e->store, parse(serviceJson(other)), o).ok);
    }

    void localDevTokensReplaceByName()
    {
        auto e = makeEnv();
        const QByteArray t1 = imsShapedToken(fixedNow(), 86400000);
        const QByteArray t2 = imsShapedToken(fixedNow().addSecs(60), 86400000);
        QVERIFY(importNow(*e->store, parse("{\"accessToken\":\"" + t1 + "\"}")).ok);
        const auto r = importNow(*e->store, parse("{\"accessToken\":\"" + t2 + "\"}"));
        QVERIFY(r.ok && r.replaced);
        QCOMPARE(r.name, QStringLiteral("local-dev"));
        QCOMPARE(e->store->find(r.name)->localTokenExpiresAt, fixedNow().addSecs(60 + 86400));
        QVERIFY(!metadata(*e).contains(t2));
    }

    void removeDeletesKeychainEntriesAndMetadata()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        bool done = false, ok = false;
        QObject ctx;
        e->store->removeCredential(r.name, &ctx, [&](bool success, const QString&) {
            ok = success;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(ok);
        QVERIFY(e->secrets.entries().isEmpty());
        QVERIFY(e->store->records().isEmpty());
    }

    void removeWithoutKeychainChangesNothing()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        e->secrets.setUnavailable(true);
        bool done = false, ok = true;
        QString error;
        QObject ctx;
        e->store->removeCredential(r.name, &ctx, [&](bool success, const QString& why) {
            ok = success;
            error = why;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(!ok);
        QVERIFY(error.contains(QLatin1String("Nothing was removed")));
        QCOMPARE(e->store->records().size(), 1);
    }

    void damagedMetadataIsReported()
    {
        auto e = makeEnv();
        QDir().mkpath(e->store->location().dataDir);
        QFile f(e->store->location().dataDir + QStringLiteral("/credentials.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        QString error;
        QVERIFY(!e->store->load(&error));
        QVERIFY(error.contains(QLatin1String("damaged")));
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
