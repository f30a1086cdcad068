// SPDX-License-Identifier: Apache-2.0
// Import is all or nothing; metadata holds no secret; replace and remove behave; every
// transaction leaves the old state or the new one whichever keychain step fails; nothing in the
// metadata is ever silently lost; the doctor finds and repairs what faults leave behind.

#include "clock.h"
#include "credentialstore.h"
#include "metadatafile.h"
#include "secretstore.h"
#include "testsupport.h"

#include "storedoctor.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

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
    ManualClock m_clock {fixedNow()};

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
    static CredentialStore::ImportResult
    importNow(CredentialStore& store, const ParsedCredential& c,
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
    static void writeMetadata(const Env& e, const QByteArray& content)
    {
        QDir().mkpath(e.store->location().dataDir);
        QFile f(e.store->location().dataDir + QStringLiteral("/credentials.json"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }
    static std::pair<bool, QString> removeNow(CredentialStore& store, const QString& name)
    {
        std::pair<bool, QString> result {false, QStringLiteral("never finished")};
        bool done = false;
        QObject ctx;
        store.removeCredential(name, &ctx, [&](bool ok, const QString& error) {
            result = {ok, error};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("remove never finished");
        return result;
    }
    static std::pair<bool, QString> switchNow(CredentialStore& store, const QString& from, const QString& to)
    {
        std::pair<bool, QString> result {false, QStringLiteral("never finished")};
        bool done = false;
        QObject ctx;
        store.switchCredential(from, to, &ctx, [&](bool ok, const QString& error) {
            result = {ok, error};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("switch never finished");
        return result;
    }
    // A transaction that changes nothing: it finishes or rolls back what the journal holds.
    static void recover(CredentialStore& store)
    {
        bool done = false;
        store.beginTransaction(&store, [&](const QString&) {
            store.endTransaction();
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("recovery never finished");
    }
    static DoctorReport doctorCheck(CredentialStore& store)
    {
        DoctorReport report;
        bool done = false;
        StoreDoctor doctor(store);
        doctor.check([&](const DoctorReport& r) {
            report = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("doctor never finished");
        return report;
    }
    static QStringList doctorRepair(CredentialStore& store, bool deleteUnrecoverable, DoctorReport* after)
    {
        QStringList actions;
        bool done = false;
        StoreDoctor doctor(store);
        StoreDoctor::RepairOptions o;
        o.deleteUnrecoverable = deleteUnrecoverable;
        doctor.repair(o, [&](const QStringList& a, const DoctorReport& r) {
            actions = a;
            *after = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("repair never finished");
        return actions;
    }
    // The invariant: every listed credential reaches its secrets, every item of ours belongs to
    // a listed credential, and no transaction is left unfinished.
    static QString invariantBroken(const Env& e)
    {
        const MetadataFile meta = e.store->readMetadata();
        if (!meta.writable())
            return QStringLiteral("metadata unusable: ") + meta.error;
        for (const CredentialRecord& r : meta.records)
            if (!e.secrets.entries().contains(r.secretKey()))
                return QStringLiteral("listed without secrets: ") + r.name;
        for (auto it = e.secrets.entries().cbegin(); it != e.secrets.entries().cend(); ++it)
            if (!meta.hasId(CredentialRecord::idOfKey(it.key())))
                return QStringLiteral("orphan: ") + it.key();
        if (!e.store->journal().entries().isEmpty())
            return QStringLiteral("unfinished transaction");
        return {};
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
        // Free-form names (tst_listnames), but no line breaks, no leading '-'.
        o.name = QStringLiteral("bad\nname");
        QVERIFY(!importNow(*e->store, parse(serviceJson(other)), o).ok);
        o.name = QStringLiteral("-bad");
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

    // Fail each keychain call of each transaction in turn: the result is the old state or the
    // new one, the error says what failed, and after the next transaction the invariant holds.
    void everyKeychainStepCanFail_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("error");
        for (const char* op : {"import", "replace", "remove", "switch"}) {
            QTest::addRow("%s, failure", op) << QString::fromLatin1(op) << int(SecretResult::OtherError);
            QTest::addRow("%s, locked", op) << QString::fromLatin1(op) << int(SecretResult::Locked);
        }
    }
    void everyKeychainStepCanFail()
    {
        QFETCH(QString, op);
        QFETCH(int, error);
        ServiceJsonSpec second;
        second.clientId = QStringLiteral("cm-p123-e9999-integration");
        for (int step = 0; step < 8; ++step) {
            auto e = makeEnv();
            CredentialStore::ImportOptions named;
            named.name = QStringLiteral("dev");
            if (op != QLatin1String("import"))
                QVERIFY(importNow(*e->store, parse(serviceJson()), named).ok);
            if (op == QLatin1String("switch")) {
                named.name = QStringLiteral("dev-new");
                QVERIFY(importNow(*e->store, parse(serviceJson(second)), named).ok);
            }
            const QList<CredentialRecord> before = e->store->records();
            const int callsBefore = e->secrets.callCount();
            e->secrets.failCall(step, SecretResult::Error(error));
            bool ok = false;
            QString message;
            if (op == QLatin1String("import") || op == QLatin1String("replace")) {
                const auto r = importNow(*e->store, parse(serviceJson()));
                ok = r.ok;
                message = r.ok ? r.warning : r.error;
            } else if (op == QLatin1String("remove")) {
                std::tie(ok, message) = removeNow(*e->store, QStringLiteral("dev"));
            } else {
                std::tie(ok, message) = switchNow(*e->store, QStringLiteral("dev"), QStringLiteral("dev-new"));
            }
            const bool failureHappened = e->secrets.callCount() - callsBefore > step;
            e->secrets.failCall(-1);
            if (failureHappened && !ok)
                QVERIFY2(!message.isEmpty(), qPrintable(op));
            if (!ok && error == SecretResult::Locked)
                QVERIFY2(message.contains(QLatin1String("locked")), qPrintable(message));
            // Old state or new state, nothing in between.
            const MetadataFile meta = e->store->readMetadata();
            if (!ok && !message.contains(QLatin1String("no longer listed"))) {
                QCOMPARE(meta.records.size(), before.size());
                for (qsizetype i = 0; i < before.size(); ++i)
                    QCOMPARE(meta.records[i].id, before[i].id);
            }
            recover(*e->store);
            const QString broken = invariantBroken(*e);
            QVERIFY2(broken.isEmpty(),
                     qPrintable(QStringLiteral("%1, step %2: %3 (%4)").arg(op).arg(step).arg(broken, message)));
            if (!failureHappened)
                break; // the transaction has fewer keychain calls than `step`
        }
    }

    void removeNeverReportsSuccessWhileSecretsRemain()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        e->secrets.setLocked(true, true);
        const auto [ok, error] = removeNow(*e->store, r.name);
        QVERIFY(!ok);
        QVERIFY2(error.contains(QLatin1String("locked")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Nothing was removed")), qPrintable(error));
        QCOMPARE(e->store->records().size(), 1); // still listed, still usable
        QCOMPARE(e->secrets.entries().size(), 1);
        e->secrets.setLocked(false);
        QVERIFY(removeNow(*e->store, r.name).first);
        QVERIFY(e->secrets.entries().isEmpty());
    }

    void reimportLeavesNoOrphan()
    {
        auto e = makeEnv();
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok);
        // A token was cached for it.
        const CredentialRecord first = e->store->records().first();
        e->secrets.entries().insert(first.accessTokenKey(), QByteArrayLiteral("token"));
        QVERIFY(importNow(*e->store, parse(serviceJson())).replaced);
        QCOMPARE(invariantBroken(*e), QString());
        QCOMPARE(e->secrets.entries().size(), 1);
    }

    void metadataWriteFailureKeepsTheCredential()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        // The backup cannot be written (a directory stands in its place): no write can commit.
        QVERIFY(QDir().mkpath(e->store->metadataPath() + QStringLiteral(".bak")));
        const auto [ok, error] = removeNow(*e->store, r.name);
        QVERIFY(!ok);
        QVERIFY2(error.contains(QLatin1String("Nothing was removed")), qPrintable(error));
        QCOMPARE(e->store->readMetadata().records.size(), 1);
        QCOMPARE(e->secrets.entries().size(), 1); // the secrets were not touched
        const auto again = importNow(*e->store, parse(serviceJson()));
        QVERIFY(!again.ok);
        QVERIFY(again.error.contains(QLatin1String("Nothing was stored")));
        QCOMPARE(invariantBroken(*e), QString());
    }

    void interruptedTransactionsAreFinishedOrRolledBack()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        const CredentialRecord rec = *e->store->find(r.name);
        // Killed after its keychain write, before the metadata commit: rolled back.
        JournalEntry uncommitted;
        uncommitted.tx = QStringLiteral("tx-uncommitted");
        uncommitted.op = QStringLiteral("import");
        uncommitted.name = QStringLiteral("other");
        uncommitted.created = {QStringLiteral("new-id")};
        uncommitted.marker = QStringLiteral("new-id");
        uncommitted.startedAt = fixedNow();
        QVERIFY(e->store->journal().add(uncommitted, nullptr));
        e->secrets.entries().insert(CredentialRecord::secretKeyFor(QStringLiteral("new-id")), QByteArrayLiteral("{}"));
        // Killed after removing a record from the list, before deleting its secrets: finished.
        JournalEntry committed;
        committed.tx = QStringLiteral("tx-committed");
        committed.op = QStringLiteral("remove");
        committed.name = QStringLiteral("gone");
        committed.obsolete = {QStringLiteral("gone-id")};
        committed.marker = QStringLiteral("gone-id");
        committed.committedWhenPresent = false;
        committed.startedAt = fixedNow();
        QVERIFY(e->store->journal().add(committed, nullptr));
        e->secrets.entries().insert(CredentialRecord::secretKeyFor(QStringLiteral("gone-id")), QByteArrayLiteral("{}"));
        e->secrets.entries().insert(CredentialRecord::accessTokenKeyFor(QStringLiteral("gone-id")),
                                    QByteArrayLiteral("t"));

        const DoctorReport before = doctorCheck(*e->store);
        QCOMPARE(std::count_if(before.findings.cbegin(), before.findings.cend(),
                               [](const DoctorFinding& f) { return f.kind == DoctorFinding::UnfinishedTransaction; }),
                 2);
        recover(*e->store);
        QCOMPARE(invariantBroken(*e), QString());
        QVERIFY(e->secrets.entries().contains(rec.secretKey())); // the listed one is untouched
        QVERIFY(doctorCheck(*e->store).ok());
    }

    void unknownRecordsAreKeptVerbatim()
    {
        auto e = makeEnv();
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok);
        QJsonObject root = QJsonDocument::fromJson(metadata(*e)).object();
        QJsonArray list = root.value(QLatin1String("credentials")).toArray();
        const QJsonObject future {{QStringLiteral("id"), QStringLiteral("f-1")},
                                  {QStringLiteral("name"), QStringLiteral("future")},
                                  {QStringLiteral("kind"), QStringLiteral("quantum")},
                                  {QStringLiteral("extra"), QJsonArray {1, 2, 3}}};
        const QJsonObject badName {{QStringLiteral("id"), QStringLiteral("b-1")},
                                   {QStringLiteral("name"), QStringLiteral("has\nnewline")},
                                   {QStringLiteral("kind"), QStringLiteral("service")}};
        list.append(future);
        list.append(badName);
        root.insert(QStringLiteral("credentials"), list);
        writeMetadata(*e, QJsonDocument(root).toJson());
        QVERIFY(e->store->load());
        QCOMPARE(e->store->records().size(), 1);
        const QStringList problems = e->store->problems();
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems[0].contains(QLatin1String("kind \"quantum\"")), qPrintable(problems[0]));
        QVERIFY(problems[0].contains(QLatin1String("kept as it is")));
        // The next write keeps both as they were.
        ServiceJsonSpec other;
        other.clientId = QStringLiteral("cm-p123-e9999-integration");
        QVERIFY(importNow(*e->store, parse(serviceJson(other))).ok);
        const QJsonArray after =
            QJsonDocument::fromJson(metadata(*e)).object().value(QLatin1String("credentials")).toArray();
        QCOMPARE(after.size(), 4);
        QVERIFY(after.contains(future));
        QVERIFY(after.contains(badName));
        // Their keychain items are not orphans.
        e->secrets.entries().insert(CredentialRecord::secretKeyFor(QStringLiteral("f-1")), QByteArrayLiteral("{}"));
        const DoctorReport report = doctorCheck(*e->store);
        for (const DoctorFinding& f : report.findings)
            QVERIFY2(f.kind == DoctorFinding::UnknownRecord, qPrintable(f.message));
    }

    void unusableFilesAreRefusedForWriting_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("words");
        QTest::newRow("credentials is an object")
            << QByteArray(R"({"version":1,"credentials":{}})") << QStringLiteral("not a list");
        QTest::newRow("newer version") << QByteArray(R"({"version":99,"credentials":[]})")
                                       << QStringLiteral("format version 99, this program reads version 1");
        QTest::newRow("not JSON") << QByteArray("{\"version\":1,\"credentials\":[{\"id\":")
                                  << QStringLiteral("damaged");
        QTest::newRow("version not a number")
            << QByteArray(R"({"version":"one","credentials":[]})") << QStringLiteral("damaged");
    }
    void unusableFilesAreRefusedForWriting()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, words);
        auto e = makeEnv();
        writeMetadata(*e, content);
        QString error;
        QVERIFY(!e->store->load(&error));
        QVERIFY2(error.contains(words), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("credentials.json")), qPrintable(error));
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(words), qPrintable(r.error));
        QCOMPARE(metadata(*e), content); // nothing overwrote it
        QVERIFY(e->secrets.entries().isEmpty());
        QString renameError;
        QVERIFY(!e->store->setEnvironment(QStringLiteral("x"), Environment(), &renameError));
        QCOMPARE(metadata(*e), content);
    }

    void previousGoodFileIsKeptAndRestored()
    {
        auto e = makeEnv();
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok);
        const QByteArray good = metadata(*e);
        ServiceJsonSpec other;
        other.clientId = QStringLiteral("cm-p123-e9999-integration");
        QVERIFY(importNow(*e->store, parse(serviceJson(other))).ok);
        QFile bak(e->store->metadataPath() + QStringLiteral(".bak"));
        QVERIFY(bak.open(QIODevice::ReadOnly));
        QCOMPARE(bak.readAll(), good);
        const QByteArray current = metadata(*e);
        writeMetadata(*e, current.left(current.size() / 2)); // cut short
        const DoctorReport found = doctorCheck(*e->store);
        QVERIFY(!found.ok());
        QCOMPARE(found.findings.first().kind, DoctorFinding::DamagedMetadata);
        DoctorReport after;
        const QStringList actions = doctorRepair(*e->store, false, &after);
        QVERIFY2(actions.join(QLatin1Char('\n')).contains(QLatin1String("restored")),
                 qPrintable(actions.join(QLatin1Char('\n'))));
        QVERIFY(e->store->load());
        QVERIFY(e->store->find(QStringLiteral("cm-p123-e4567-integration"))); // from the backup
        // The damaged file is kept beside it; the second import's secret is back on the list
        // as a recovered credential (its record travels in the keychain item).
        QCOMPARE(QDir(e->store->location().dataDir).entryList({QStringLiteral("credentials.json.damaged-*")}).size(),
                 1);
        QVERIFY2(after.ok(), qPrintable(after.findings.isEmpty() ? QString() : after.findings.first().message));
        QVERIFY(e->store->find(QStringLiteral("recovered-cm-p123-e9999-integration")));
    }

    void doctorRestoresOrDeletesOrphans()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        // An orphaned token, a whole credential without its record, an old-format item, and
        // a listed credential whose secrets are gone.
        e->secrets.entries().insert(CredentialRecord::accessTokenKeyFor(QStringLiteral("lost")),
                                    QByteArrayLiteral("t"));
        CredentialRecord lost = *e->store->find(r.name);
        lost.id = QStringLiteral("lost-cred");
        lost.name = QStringLiteral("dev");
        CredentialSecrets s;
        s.clientSecret = "secret";
        s.privateKeyPem = "key";
        e->secrets.entries().insert(lost.secretKey(), CredentialStore::secretBlob(lost, s));
        e->secrets.entries().insert(CredentialRecord::secretKeyFor(QStringLiteral("old-format")),
                                    QByteArrayLiteral("{\"clientSecret\":\"x\"}"));
        ServiceJsonSpec other;
        other.clientId = QStringLiteral("cm-p123-e9999-integration");
        const auto r2 = importNow(*e->store, parse(serviceJson(other)));
        e->secrets.entries().remove(e->store->find(r2.name)->secretKey());

        const DoctorReport found = doctorCheck(*e->store);
        QSet<QString> codes;
        for (const DoctorFinding& f : found.findings)
            codes << f.code();
        QCOMPARE(codes,
                 (QSet<QString> {QStringLiteral("orphan_token"), QStringLiteral("orphan_credential"),
                                 QStringLiteral("unrecoverable_item"), QStringLiteral("missing_secrets")}));
        DoctorReport after;
        doctorRepair(*e->store, false, &after);
        QVERIFY(e->store->find(QStringLiteral("recovered-dev")));
        QVERIFY(!e->secrets.entries().contains(CredentialRecord::accessTokenKeyFor(QStringLiteral("lost"))));
        // Never the only copy without consent: the old-format item stays until confirmed.
        QVERIFY(e->secrets.entries().contains(CredentialRecord::secretKeyFor(QStringLiteral("old-format"))));
        codes.clear();
        for (const DoctorFinding& f : after.findings)
            codes << f.code();
        QCOMPARE(codes, (QSet<QString> {QStringLiteral("unrecoverable_item"), QStringLiteral("missing_secrets")}));
        doctorRepair(*e->store, true, &after);
        QVERIFY(!e->secrets.entries().contains(CredentialRecord::secretKeyFor(QStringLiteral("old-format"))));
        QCOMPARE(after.findings.size(), 1); // the missing secrets need the user's file
        QCOMPARE(after.findings.first().kind, DoctorFinding::MissingSecrets);
    }

    void directoriesArePrivateWhateverTheUmask()
    {
        const mode_t old = ::umask(0);
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY(r.ok);
        QVERIFY(e->store->saveCachedTokenInfo(*e->store->find(r.name), {fixedNow(), fixedNow().addSecs(3600)}));
        ::umask(old);
        auto mode = [](const QString& path) {
            struct stat st
            { };
            ::stat(QFile::encodeName(path).constData(), &st);
            return int(st.st_mode & 0777);
        };
        const StoreLocation& loc = e->store->location();
        QCOMPARE(mode(loc.dataDir), 0700);
        QCOMPARE(mode(loc.cacheDir), 0700);
        QCOMPARE(mode(loc.cacheDir + QStringLiteral("/tokens")), 0700);
        QCOMPARE(mode(loc.dataDir + QStringLiteral("/journal")), 0700);
        QCOMPARE(mode(e->store->metadataPath()), 0600);
        QCOMPARE(mode(e->store->metadataPath() + QStringLiteral(".bak")) & 0077, 0);
    }

    // A full or read-only file system is named as such (root only: it mounts a small tmpfs).
    void fileSystemFaultsAreNamed_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::newRow("disk full") << false;
        QTest::newRow("read-only") << true;
    }
    void fileSystemFaultsAreNamed()
    {
        QFETCH(bool, readOnly);
        if (::geteuid() != 0)
            QSKIP("needs root to mount a tmpfs");
        QTemporaryDir mnt;
        if (::mount("tmpfs", QFile::encodeName(mnt.path()).constData(), "tmpfs", 0, "size=64k,mode=0700") != 0)
            QSKIP("cannot mount a tmpfs here");
        auto e = makeEnv(mnt.path() + QStringLiteral("/data"));
        const auto first = importNow(*e->store, parse(serviceJson()));
        QVERIFY2(first.ok, qPrintable(first.error));
        if (readOnly) {
            QCOMPARE(
                ::mount("tmpfs", QFile::encodeName(mnt.path()).constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr),
                0);
        } else {
            // Unbuffered, down to the last byte: nothing is left for a new file.
            QFile filler(mnt.path() + QStringLiteral("/filler"));
            QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
            for (const qsizetype size : {qsizetype(4096), qsizetype(1)}) {
                const QByteArray block(size, 'x');
                while (filler.write(block) == block.size()) { }
            }
        }
        const auto secretsBefore = e->secrets.entries().size();
        ServiceJsonSpec other;
        other.clientId = QStringLiteral("cm-p123-e9999-integration");
        const auto r = importNow(*e->store, parse(serviceJson(other)));
        const auto [removed, removeError] = removeNow(*e->store, first.name);
        ::umount2(QFile::encodeName(mnt.path()).constData(), MNT_DETACH);
        QVERIFY(!r.ok);
        const QString words = readOnly ? QStringLiteral("read-only file system") : QStringLiteral("disk is full");
        QVERIFY2(r.error.contains(words), qPrintable(r.error));
        QVERIFY2(!r.error.contains(QLatin1String("another process")), qPrintable(r.error));
        QVERIFY(!removed);
        QVERIFY2(removeError.contains(words), qPrintable(removeError));
        QCOMPARE(e->secrets.entries().size(), secretsBefore); // nothing orphaned, nothing lost
    }

    // A held lock is never taken over, however old (flock on an open descriptor, not a lock
    // file judged by age); it is free again once its holder lets go.
    void heldLockIsNeverTakenOver()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/credentials.lock");
        StoreLock first(path), second(path);
        QString error;
        QVERIFY2(first.lock(0, &error), qPrintable(error));
        QVERIFY(!second.lock(50, &error));
        QVERIFY(second.heldByOther());
        QVERIFY2(error.contains(QLatin1String("another process")), qPrintable(error));
        QVERIFY2(error.contains(QString::number(::getpid())), qPrintable(error));
        first.unlock();
        QVERIFY2(second.lock(0, &error), qPrintable(error));
    }

    // Without a readable list, no keychain item is judged an orphan, nor deleted.
    void unreadableListJudgesNoItem()
    {
        auto e = makeEnv();
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok);
        e->secrets.entries().insert(CredentialRecord::secretKeyFor(QStringLiteral("old")), QByteArrayLiteral("{}"));
        QFile::remove(e->store->metadataPath() + QStringLiteral(".bak"));
        writeMetadata(*e, "{ cut short");
        const auto before = e->secrets.entries().size();
        const DoctorReport found = doctorCheck(*e->store);
        for (const DoctorFinding& f : found.findings)
            QVERIFY2(f.kind == DoctorFinding::DamagedMetadata || f.kind == DoctorFinding::KeychainUnchecked,
                     qPrintable(f.message));
        DoctorReport after;
        doctorRepair(*e->store, true, &after);
        QCOMPARE(e->secrets.entries().size(), before);
        QCOMPARE(metadata(*e), QByteArray("{ cut short"));
    }

    // A list restored from its backup cannot judge interrupted changes: what they touched is put
    // back on the list, never rolled back into oblivion.
    void restoreWithPendingJournalLosesNothing()
    {
        auto e = makeEnv();
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok); // P
        // The re-import commits R but cannot delete P's secrets: the journal keeps the entry.
        e->secrets.failCall(1); // the write of R succeeds, the removal of P/credential fails
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY(r.ok);
        QVERIFY2(!r.warning.isEmpty(), "the leftover is said");
        const QString newId = e->store->find(r.name)->id;
        QCOMPARE(e->store->journal().entries().size(), 1);
        writeMetadata(*e, "{ damaged"); // the .bak lists P only
        DoctorReport after;
        doctorRepair(*e->store, false, &after);
        recover(*e->store);
        QVERIFY2(e->secrets.entries().contains(CredentialRecord::secretKeyFor(newId)),
                 "the newest credential survives");
        QVERIFY(e->store->load());
        bool listed = false;
        for (const CredentialRecord& rec : e->store->records())
            listed = listed || rec.id == newId;
        QVERIFY2(listed, "and is on the list again");
        QCOMPARE(invariantBroken(*e), QString());
    }

    void unknownTopLevelMembersSurvive()
    {
        auto e = makeEnv();
        writeMetadata(*e, R"({"version":1,"credentials":[],"settings":{"theme":"dark"}})");
        QVERIFY(importNow(*e->store, parse(serviceJson())).ok);
        const QJsonObject root = QJsonDocument::fromJson(metadata(*e)).object();
        QCOMPARE(root.value(QLatin1String("settings")).toObject().value(QLatin1String("theme")).toString(),
                 QStringLiteral("dark"));
        QCOMPARE(root.value(QLatin1String("credentials")).toArray().size(), 1);
    }

    void forgetTokenLeavesATrueState()
    {
        auto e = makeEnv();
        const auto r = importNow(*e->store, parse(serviceJson()));
        QVERIFY2(r.ok, qPrintable(r.error));
        const CredentialRecord rec = *e->store->find(r.name);
        const CachedTokenInfo info {fixedNow(), fixedNow().addDays(1)};
        auto keep = [&] {
            bool done = false;
            QObject ctx;
            e->store->keepToken(rec, "eyJ.token.sig", info, &ctx, [&](const QString& notKept) {
                QVERIFY2(notKept.isEmpty(), qPrintable(notKept));
                done = true;
            });
            QTRY_VERIFY(done);
        };
        auto forget = [&] {
            QString error = QStringLiteral("never answered");
            QObject ctx;
            bool done = false;
            e->store->forgetToken(rec, &ctx, [&](const QString& err) {
                error = err;
                done = true;
            });
            if (!QTest::qWaitFor([&] { return done; }, 5000))
                return QStringLiteral("never answered");
            return error;
        };
        keep();
        // The keychain refuses: the token is still there, and so is what describes it.
        e->secrets.setLocked(true);
        QString error = forget();
        QVERIFY2(error.contains(QStringLiteral("is locked")) && error.contains(e->secrets.backendName()),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(e->store->cachedTokenInfo(rec));
        QVERIFY(e->secrets.entries().contains(rec.accessTokenKey()));
        e->secrets.setLocked(false);
        // The expiry file cannot go (a directory in its place): said, naming it.
        const QString infoPath =
            e->store->location().cacheDir + QStringLiteral("/tokens/") + rec.id + QStringLiteral(".json");
        QVERIFY(QFile::remove(infoPath));
        QVERIFY(QDir().mkpath(infoPath + QStringLiteral("/x")));
        error = forget();
        QVERIFY2(error.contains(infoPath), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(!e->secrets.entries().contains(rec.accessTokenKey()));
        QVERIFY(QDir(infoPath).removeRecursively());
        // Both go: success.
        keep();
        QCOMPARE(forget(), QString());
        QVERIFY(!e->store->cachedTokenInfo(rec));
        QVERIFY(!e->secrets.entries().contains(rec.accessTokenKey()));
        // Nothing cached: nothing to fail.
        QCOMPARE(forget(), QString());
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

    // Re-reads of an unchanged file reuse the last parse; any change of the bytes is read, even
    // one written in place with the same size and time stamp (no stat shortcut); a read made
    // ahead (the window's start) is taken only while the file still holds its bytes.
    void rereadsSeeEveryChangeOfTheBytes()
    {
        auto e = makeEnv();
        CredentialStore::ImportOptions o;
        o.name = QStringLiteral("alpha");
        const auto r = importNow(*e->store, parse(serviceJson()), o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(e->store->load());
        const MetadataFile first = e->store->readMetadata();
        QVERIFY(first.clean());
        const MetadataFile again = e->store->readMetadata();
        QCOMPARE(again.records.constData(), first.records.constData()); // not parsed again
        const QByteArray before = metadata(*e);
        QByteArray edited = before;
        edited.replace("\"alpha\"", "\"omega\""); // same size, rewritten in place
        QCOMPARE(edited.size(), before.size());
        writeMetadata(*e, edited);
        QVERIFY(e->store->load());
        QCOMPARE(e->store->records().size(), 1);
        QCOMPARE(e->store->records().first().name, QStringLiteral("omega"));
        // Another store given a read made before the edit: the file now differs, so it reads it.
        CredentialStore other(e->store->location(), e->secrets, m_clock);
        other.primeRead(first);
        QVERIFY(other.load());
        QCOMPARE(other.records().first().name, QStringLiteral("omega"));
        // And a read made ahead of an unchanged file is what the store loads.
        const MetadataFile ahead = MetadataFile::read(e->store->metadataPath());
        CredentialStore third(e->store->location(), e->secrets, m_clock);
        third.primeRead(ahead);
        QVERIFY(third.load());
        QCOMPARE(third.records().constData(), ahead.records.constData());
        QCOMPARE(third.records().first().name, QStringLiteral("omega"));
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
