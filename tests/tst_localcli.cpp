// SPDX-License-Identifier: Apache-2.0
// A local AEM target on the command line, end to end: the real aemtoken binary with the real
// Secret Service (with-keyring.sh) against the sandbox's plain-HTTP local author (in process):
// add-local, list --json, request with and without Basic, token, exec with and without
// --with-password, and plain http to a non-loopback host refused.

#include "localaem.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestLocalCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_scripts;
    sandbox::LocalAem m_aem; // admin:s3cret-pw
    sandbox::LocalAem m_open; // anonymous reads

    static QProcessEnvironment env()
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        for (const char* v : {"AEM_TOKEN", "AEM_AUTHOR_URL", "AEM_PUBLISH_URL", "AEM_PREVIEW_URL", "AEM_USER",
                              "AEM_PASSWORD", "AEMTOKEN_CREDENTIAL"})
            e.remove(QString::fromLatin1(v));
        return e;
    }

    Run run(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        QSignalSpy finished(&p, &QProcess::finished);
        // The event loop runs meanwhile: the in-process local authors answer.
        if (p.state() != QProcess::NotRunning && !finished.wait(60000)) {
            p.kill();
            p.waitForFinished();
        }
        Run r;
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QJsonObject listed(const QString& name)
    {
        const Run r = run({QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array())
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject();
        return {};
    }

    QString reporter()
    {
        const QString path = m_scripts.filePath(QStringLiteral("report.sh"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || f.write("#!/bin/sh\n"
                       "echo \"TOKEN=${AEM_TOKEN-unset}\"\n"
                       "echo \"AUTHOR=${AEM_AUTHOR_URL-unset}\"\n"
                       "echo \"PUBLISH=${AEM_PUBLISH_URL-unset}\"\n"
                       "echo \"USER=${AEM_USER-unset}\"\n"
                       "echo \"PASSWORD=${AEM_PASSWORD-unset}\"\n"
                       "echo '--- parent environ'\n"
                       "tr '\\0' '\\n' < /proc/$PPID/environ\n")
                < 0)
            qWarning() << "cannot write" << path;
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    static QByteArray value(const QByteArray& out, const QByteArray& key)
    {
        for (const QByteArray& line : out.split('\n'))
            if (line.startsWith(QByteArray(key + '=')))
                return line.mid(key.size() + 1);
        return "(missing)";
    }

    void addSdk()
    {
        const Run r =
            run({QStringLiteral("add-local"), QStringLiteral("sdk"), QStringLiteral("--author"), m_aem.baseUrl(),
                 QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("--password-stdin")},
                "s3cret-pw\n");
        QVERIFY2(r.exit == 0, r.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        sandbox::LocalAem::Options o;
        o.password = "s3cret-pw";
        QString error;
        QVERIFY2(m_aem.start(o, &error), qPrintable(error));
        o.requireSignIn = false;
        QVERIFY2(m_open.start(o, &error), qPrintable(error));
    }

    void init()
    {
        const Run list = run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exit, 0);
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array())
            QCOMPARE(run({QStringLiteral("remove"), v.toObject().value(QLatin1String("name")).toString()}).exit, 0);
    }

    void addAndList()
    {
        Run r = run({QStringLiteral("add-local"), QStringLiteral("open"), QStringLiteral("--publish"),
                     QStringLiteral("http://localhost:4503")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("open\n"));
        QJsonObject o = listed(QStringLiteral("open"));
        QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("local"));
        QCOMPARE(o.value(QLatin1String("author_url")).toString(), QStringLiteral("http://localhost:4502"));
        QCOMPARE(o.value(QLatin1String("publish_url")).toString(), QStringLiteral("http://localhost:4503"));
        QVERIFY(o.value(QLatin1String("basic_user")).isNull());
        QVERIFY(o.value(QLatin1String("expires_at")).isNull());
        QVERIFY(o.value(QLatin1String("client_id")).isNull());

        addSdk();
        r = run({QStringLiteral("add-local"), QStringLiteral("sdk2"), QStringLiteral("--user"), QStringLiteral("admin"),
                 QStringLiteral("--password-stdin")},
                "admin");
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(r.err.contains("default account"), r.err.constData()); // the SDK's admin named with a warning
        o = listed(QStringLiteral("sdk"));
        QCOMPARE(o.value(QLatin1String("basic_user")).toString(), QStringLiteral("admin"));
        // The password is in the keychain, never in the metadata file.
        QFile meta(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                   + QStringLiteral("/aem-token-manager/credentials.json"));
        QVERIFY2(meta.open(QIODevice::ReadOnly), qPrintable(meta.fileName()));
        QVERIFY(!meta.readAll().contains("s3cret-pw"));
        // The table says no token is needed.
        r = run({QStringLiteral("list")});
        QVERIFY2(r.out.contains("not needed"), r.out.constData());
    }

    void inputErrors()
    {
        // Plain http to another host is refused; the password never on argv.
        Run r = run({QStringLiteral("add-local"), QStringLiteral("far"), QStringLiteral("--author"),
                     QStringLiteral("http://aem.example.com:4502")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("plain http is only allowed for localhost"), r.err.constData());
        r = run({QStringLiteral("add-local"), QStringLiteral("x"), QStringLiteral("--password-stdin")}, "pw");
        QCOMPARE(r.exit, 2);
        r = run({QStringLiteral("add-local"), QStringLiteral("x"), QStringLiteral("--user"), QStringLiteral("admin"),
                 QStringLiteral("--password-stdin")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("password is empty"), r.err.constData());
        QVERIFY(listed(QStringLiteral("far")).isEmpty());
        QVERIFY(listed(QStringLiteral("x")).isEmpty());
    }

    void requestWithBasic()
    {
        addSdk();
        const Run r = run({QStringLiteral("request"), QStringLiteral("sdk"),
                           QStringLiteral("/libs/granite/security/currentuser.json")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"authorizableId\":\"admin\""), r.out.constData());
        QVERIFY(m_aem.lastAuthorization().startsWith("Basic "));
        QCOMPARE(m_aem.bearerRequests(), 0);
        QVERIFY(!r.err.contains("s3cret-pw"));
    }

    void requestWithoutBasic()
    {
        Run r =
            run({QStringLiteral("add-local"), QStringLiteral("open"), QStringLiteral("--author"), m_open.baseUrl()});
        QVERIFY2(r.exit == 0, r.err.constData());
        r = run({QStringLiteral("request"), QStringLiteral("open"), QStringLiteral("/content/site.1.json")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(r.out.contains("anonymous"), r.out.constData());
        QVERIFY(m_open.lastAuthorization().isEmpty());
        QCOMPARE(m_open.bearerRequests(), 0);
        // The signed-in author wants a sign-in: a 401, explained, and no mint.
        r = run({QStringLiteral("add-local"), QStringLiteral("nosign"), QStringLiteral("--author"), m_aem.baseUrl()});
        QVERIFY2(r.exit == 0, r.err.constData());
        r = run({QStringLiteral("request"), QStringLiteral("nosign"), QStringLiteral("/content/site.1.json")});
        QVERIFY(r.exit != 0);
        QVERIFY2(r.err.contains("wants a sign-in") && !r.err.contains("minting"), r.err.constData());
    }

    void plainHttpToOtherHostsRefused()
    {
        Run r =
            run({QStringLiteral("add-local"), QStringLiteral("open"), QStringLiteral("--author"), m_open.baseUrl()});
        QVERIFY2(r.exit == 0, r.err.constData());
        const int before = m_open.requests();
        r = run({QStringLiteral("request"), QStringLiteral("open"), QStringLiteral("http://aem.example.com/x.json"),
                 QStringLiteral("--allow-host"), QStringLiteral("aem.example.com")});
        QVERIFY(r.exit != 0);
        QVERIFY2(r.err.contains("plain http"), r.err.constData());
        QCOMPARE(m_open.requests(), before);
    }

    // --allow-host lets a token go to another host; a local target's password never does (it is
    // reversible and does not expire): refused, nothing sent there.
    void passwordNeverGoesToAnAllowedHost()
    {
        addSdk();
        const QString other = QUrl(m_open.baseUrl()).authority();
        const int before = m_open.requests();
        const Run r = run({QStringLiteral("request"), QStringLiteral("sdk"),
                           m_open.baseUrl() + QStringLiteral("/x.json"), QStringLiteral("--allow-host"), other});
        QVERIFY(r.exit != 0);
        QVERIFY2(r.err.contains("password") && r.err.contains(other.toUtf8()), r.err.constData());
        QCOMPARE(m_open.requests(), before);
        QVERIFY(m_open.lastAuthorization().isEmpty());
    }

    void tokenSaysThereIsNone()
    {
        addSdk();
        const Run r = run({QStringLiteral("token"), QStringLiteral("sdk")});
        QCOMPARE(r.exit, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("needs no access token"), r.err.constData());
    }

    void execWithAndWithoutPassword()
    {
        addSdk();
        Run r = run({QStringLiteral("exec"), QStringLiteral("sdk"), QStringLiteral("--"), reporter()});
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), QByteArray("unset"));
        QCOMPARE(value(r.out, "AUTHOR"), m_aem.baseUrl().toUtf8());
        QCOMPARE(value(r.out, "USER"), QByteArray("unset"));
        QCOMPARE(value(r.out, "PASSWORD"), QByteArray("unset"));
        QVERIFY(!r.out.contains("s3cret-pw"));

        r = run({QStringLiteral("exec"), QStringLiteral("sdk"), QStringLiteral("--with-password"), QStringLiteral("--"),
                 reporter()});
        QVERIFY2(r.exit == 0, r.err.constData());
        QCOMPARE(value(r.out, "TOKEN"), QByteArray("unset"));
        QCOMPARE(value(r.out, "USER"), QByteArray("admin"));
        QCOMPARE(value(r.out, "PASSWORD"), QByteArray("s3cret-pw"));
        // Only the child has it: not aemtoken's own environment.
        const QByteArray parentEnv = r.out.mid(r.out.indexOf("--- parent environ"));
        QVERIFY2(parentEnv.contains("LC_ALL="), "the parent's environ was not read");
        QVERIFY(!parentEnv.contains("s3cret-pw"));

        // Without sign-in there is no password to hand over; for other kinds the option is refused.
        r = run({QStringLiteral("add-local"), QStringLiteral("open")});
        QVERIFY2(r.exit == 0, r.err.constData());
        r = run({QStringLiteral("exec"), QStringLiteral("open"), QStringLiteral("--with-password"),
                 QStringLiteral("--"), reporter()});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("has no sign-in"), r.err.constData());
    }

    void removeTakesThePassword()
    {
        addSdk();
        const Run r = run({QStringLiteral("remove"), QStringLiteral("sdk")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY(listed(QStringLiteral("sdk")).isEmpty());
        const Run d = run({QStringLiteral("doctor")});
        QVERIFY2(d.exit == 0, QByteArray(d.out + d.err).constData()); // no orphaned keychain item
    }
};

QTEST_GUILESS_MAIN(TestLocalCli)
#include "tst_localcli.moc"
