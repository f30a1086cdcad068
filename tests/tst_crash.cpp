// SPDX-License-Identifier: Apache-2.0
// Crash consistency: `aemtoken import` and `remove` killed with SIGKILL at random instants, with
// the real Secret Service (with-keyring.sh). After every kill, whatever the doctor finds must be
// explained by the journal (an unfinished transaction, nothing else); after the next change,
// the store's invariant holds again: every listed credential reaches its secrets and every
// keychain item of ours belongs to a listed credential.

#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace aem::test;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kRounds = 8;
#else
constexpr int kRounds = 40;
#endif

struct Run
{
    int exit = -1;
    bool killed = false;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

    QTemporaryDir m_files;
    QStringList m_credentialFiles;

    static QProcessEnvironment env()
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        return e;
    }

    // Runs aemtoken; when killAfterMs >= 0, SIGKILLs it after that long (if still running).
    Run run(const QStringList& args, int killAfterMs = -1)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        Run r;
        if (!p.waitForStarted())
            return r;
        if (killAfterMs >= 0)
            QTimer::singleShot(killAfterMs, &p, [&p, &r] {
                if (p.state() == QProcess::Running) {
                    r.killed = true;
                    p.kill();
                }
            });
        if (!finished.wait(60000)) {
            p.kill();
            p.waitForFinished();
        }
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QJsonObject doctor()
    {
        const Run r = run({QStringLiteral("doctor"), QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out).object();
    }

    static QStringList codes(const QJsonObject& report)
    {
        QStringList out;
        for (const QJsonValue& v : report.value(QLatin1String("problems")).toArray())
            out << v.toObject().value(QLatin1String("code")).toString() + QLatin1Char(' ')
                    + v.toObject().value(QLatin1String("message")).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        for (int i = 0; i < 3; ++i) {
            ServiceJsonSpec spec;
            spec.clientId = QStringLiteral("cm-p123-e%1-integration").arg(1000 + i);
            const QString path = m_files.path() + QStringLiteral("/cred-%1.json").arg(i);
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(serviceJson(spec));
            m_credentialFiles << path;
        }
    }

    void init()
    {
        // Each test function starts from an empty, consistent store.
        const QJsonObject report = doctor();
        QVERIFY2(report.value(QLatin1String("keychain_checked")).toBool(),
                 qPrintable(codes(report).join(QLatin1Char('\n'))));
        const QJsonArray listed =
            QJsonDocument::fromJson(run({QStringLiteral("list"), QStringLiteral("--json")}).out).array();
        for (const QJsonValue& v : listed)
            QCOMPARE(run({QStringLiteral("remove"), v.toObject().value(QLatin1String("name")).toString()}).exit, 0);
        QVERIFY(doctor().value(QLatin1String("ok")).toBool());
    }

    void killedImportsAndRemovesLeaveNothingBehind()
    {
        // How long one import takes here, so the kills spread over all of it.
        QElapsedTimer t;
        t.start();
        QCOMPARE(
            run({QStringLiteral("import"), m_credentialFiles[0], QStringLiteral("--name"), QStringLiteral("a")}).exit,
            0);
        const int span = std::max(20, int(t.elapsed() * 12 / 10));
        int killed = 0, interrupted = 0;
        auto* rng = QRandomGenerator::global();
        for (int round = 0; round < kRounds; ++round) {
            const int which = int(rng->bounded(3));
            QStringList args;
            switch (rng->bounded(3)) {
            case 0:
                args = {QStringLiteral("import"), m_credentialFiles[which], QStringLiteral("--name"),
                        QStringLiteral("a")};
                break;
            case 1: args = {QStringLiteral("import"), m_credentialFiles[which]}; break;
            default:
                args = {QStringLiteral("remove"),
                        which == 0 ? QStringLiteral("a") : QStringLiteral("cm-p123-e%1-integration").arg(1000 + which)};
            }
            // Kill anywhere, but mostly past the start-up, where the transaction runs.
            const int delay =
                rng->bounded(4) == 0 ? int(rng->bounded(span)) : span / 3 + int(rng->bounded(span - span / 3));
            const Run r = run(args, delay);
            killed += r.killed ? 1 : 0;
            // Only the journal may explain what a kill left.
            const QJsonObject report = doctor();
            interrupted += codes(report).isEmpty() ? 0 : 1;
            for (const QString& c : codes(report))
                QVERIFY2(c.startsWith(QLatin1String("unfinished_transaction")),
                         qPrintable(QStringLiteral("round %1 (%2, killed: %3): %4")
                                        .arg(round)
                                        .arg(args.join(QLatin1Char(' ')))
                                        .arg(r.killed)
                                        .arg(c)));
        }
        qInfo("%d of %d runs were killed, %d of them in the middle of a transaction", killed, kRounds, interrupted);
        if (kRounds >= 40)
            QVERIFY2(interrupted > 0, "no kill landed inside a transaction: the test proved nothing");
        // The next change finishes or rolls back whatever was interrupted.
        QCOMPARE(run({QStringLiteral("import"), m_credentialFiles[2], QStringLiteral("--name"), QStringLiteral("last")})
                     .exit,
                 0);
        const QJsonObject report = doctor();
        QVERIFY2(report.value(QLatin1String("ok")).toBool(), qPrintable(codes(report).join(QLatin1Char('\n'))));
        QVERIFY(report.value(QLatin1String("keychain_items")).toInt() >= 1);
    }

    // A record this version cannot read is kept, named, and makes `list` exit 1.
    void unreadableRecordIsKeptAndNamed()
    {
        QCOMPARE(
            run({QStringLiteral("import"), m_credentialFiles[0], QStringLiteral("--name"), QStringLiteral("a")}).exit,
            0);
        const QString path = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/aem-token-manager/credentials.json");
        auto rewrite = [&path](const std::function<void(QJsonArray&)>& edit) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
            f.close();
            QJsonArray list = root.value(QLatin1String("credentials")).toArray();
            edit(list);
            root.insert(QStringLiteral("credentials"), list);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QJsonDocument(root).toJson());
        };
        const QJsonObject future {{QStringLiteral("id"), QStringLiteral("zz")},
                                  {QStringLiteral("name"), QStringLiteral("future")},
                                  {QStringLiteral("kind"), QStringLiteral("quantum")}};
        rewrite([&](QJsonArray& list) { list.append(future); });
        const Run list = run({QStringLiteral("list")});
        QCOMPARE(list.exit, 1);
        QVERIFY(list.out.contains("a "));
        QVERIFY2(list.err.contains("kind \"quantum\"") && list.err.contains("kept as it is"), list.err.constData());
        const Run json = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json.exit, 1);
        QCOMPARE(QJsonDocument::fromJson(json.out).array().size(), 1);
        QCOMPARE(
            run({QStringLiteral("import"), m_credentialFiles[1], QStringLiteral("--name"), QStringLiteral("b")}).exit,
            0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(f.readAll())
                    .object()
                    .value(QLatin1String("credentials"))
                    .toArray()
                    .contains(future));
        QVERIFY(codes(doctor()).join(QLatin1Char('\n')).startsWith(QLatin1String("unknown_record")));
        rewrite([&](QJsonArray& list) {
            for (qsizetype i = list.size() - 1; i >= 0; --i)
                if (list.at(i) == future)
                    list.removeAt(i);
        });
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
