// SPDX-License-Identifier: Apache-2.0
// A locked keychain, for real: gnome-keyring in its own D-Bus session (with-keyring.sh), locked
// over D-Bus with no prompt that could unlock it (as over SSH or in a script). Every command says
// "locked" — never "missing" —, nothing is half-done, and `remove` never reports success while
// the secrets stay. Its own test program: the keyring stays locked to the end of the session.

#include "secretservice.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestLocked : public QObject
{
    Q_OBJECT

    QTemporaryDir m_files;

    struct Run
    {
        int exit = -1;
        QByteArray out, err;
    };
    Run run(const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        p.setProcessEnvironment(e);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        p.closeWriteChannel();
        if (!finished.wait(60000))
            p.kill();
        p.waitForFinished();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }
    QString file(const QString& name, const QByteArray& content)
    {
        const QString path = m_files.path() + QLatin1Char('/') + name;
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return path;
    }

private Q_SLOTS:
    void everyCommandSaysLockedAndChangesNothing()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        const QByteArray token = imsShapedToken(QDateTime::currentDateTimeUtc(), 86400000);
        const QString localDev = file(QStringLiteral("local.json"), "{\"accessToken\":\"" + token + "\"}");
        QCOMPARE(run({QStringLiteral("import"), localDev, QStringLiteral("--name"), QStringLiteral("dev")}).exit, 0);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("dev")}).out.trimmed(), token);

        SecretService ss(QStringLiteral(AEMTOKEN_APP_ID));
        bool locked = false;
        ss.lock(this, [&](const SecretServiceError& e) { locked = e.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(locked, 10000);

        const Run t = run({QStringLiteral("token"), QStringLiteral("dev")});
        QCOMPARE(t.exit, 1);
        QVERIFY2(t.err.contains("is locked") && !t.err.contains("missing"), t.err.constData());
        QVERIFY(!t.out.contains(token));
        // For scripts the cause has its code (jsonout.h).
        for (const QString& command : {QStringLiteral("token"), QStringLiteral("check")}) {
            const Run j = run({command, QStringLiteral("dev"), QStringLiteral("--json")});
            QCOMPARE(j.exit, 1);
            QCOMPARE(QJsonDocument::fromJson(j.out)
                         .object()
                         .value(QLatin1String("error"))
                         .toObject()
                         .value(QLatin1String("code"))
                         .toString(),
                     QStringLiteral("keychain_locked"));
            QVERIFY2(j.err.contains("is locked"), j.err.constData());
        }

        const Run rm = run({QStringLiteral("remove"), QStringLiteral("dev")});
        QCOMPARE(rm.exit, 1);
        QVERIFY2(rm.err.contains("is locked") && rm.err.contains("Nothing was removed"), rm.err.constData());
        QVERIFY(run({QStringLiteral("list")}).out.contains("dev")); // still listed, its secrets still there

        ServiceJsonSpec spec;
        const Run imp = run({QStringLiteral("import"), file(QStringLiteral("svc.json"), serviceJson(spec))});
        QCOMPARE(imp.exit, 1);
        QVERIFY2(imp.err.contains("is locked") && imp.err.contains("Nothing was stored"), imp.err.constData());

        // The doctor still sees every item (listing works on a locked collection): all is in order.
        const Run doc = run({QStringLiteral("doctor"), QStringLiteral("--json")});
        const QJsonObject report = QJsonDocument::fromJson(doc.out).object();
        QVERIFY2(report.value(QLatin1String("ok")).toBool(), doc.out.constData());
        QCOMPARE(report.value(QLatin1String("keychain_items")).toInt(), 1);
        QCOMPARE(report.value(QLatin1String("credentials")).toInt(), 1);

        // The credential's own chain stops at its first step, saying why and what to do.
        const Run chain = run({QStringLiteral("doctor"), QStringLiteral("dev"), QStringLiteral("--json")});
        QCOMPARE(chain.exit, 1);
        const QJsonArray steps = QJsonDocument::fromJson(chain.out).object().value(QLatin1String("steps")).toArray();
        QVERIFY2(!steps.isEmpty(), chain.out.constData());
        const QJsonObject first = steps.first().toObject();
        QCOMPARE(first.value(QLatin1String("code")).toString(), QStringLiteral("token_readable"));
        QCOMPARE(first.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(first.value(QLatin1String("message")).toString().contains(QStringLiteral("is locked")),
                 chain.out.constData());
        QVERIFY(first.value(QLatin1String("action")).toString().contains(QStringLiteral("unlock the keychain")));
        for (qsizetype i = 1; i < steps.size(); ++i)
            QCOMPARE(steps[i].toObject().value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    }
};

QTEST_GUILESS_MAIN(TestLocked)
#include "tst_locked.moc"
