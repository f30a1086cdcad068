// SPDX-License-Identifier: Apache-2.0
// The window's --sandbox mode: the emulator runs as a child process (`aemtoken sandbox`), its
// demo credentials land in the throw-away store, and the child never outlives the window, even
// a killed one.

#include "appcontext.h"
#include "credentiallistmodel.h"
#include "credentialstore.h"
#include "fakes.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "sandboxprocess.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

namespace {
bool alive(qint64 pid)
{
    // A zombie is dead too: its parent (the test, or init) has yet to reap it.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close > 0 && s.mid(close + 2, 1) != "Z";
}

// The processes whose parent is `pid` and that run `aemtoken sandbox` (not a fork yet to exec).
QList<qint64> sandboxChildrenOf(qint64 pid)
{
    QList<qint64> out;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 p = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(p));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields.at(1).toLongLong() != pid)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(p));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().split('\0').value(1) == "sandbox")
            out << p;
    }
    return out;
}
} // namespace

class TestSandboxMode : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    QByteArray m_path;

private Q_SLOTS:
    void initTestCase()
    {
        // The test program does not sit beside aemtoken: PATH finds it.
        m_path = qgetenv("PATH");
        qputenv("PATH", QFileInfo(QStringLiteral(AEMTOKEN_BIN)).absolutePath().toLocal8Bit() + ':' + m_path);
    }
    void cleanupTestCase() { qputenv("PATH", m_path); }

    // "Sandbox — AEM Token Manager", the program's name once: the platforms that append the
    // display name to a title (xcb, Windows) find it already at the end.
    void windowTitleNamesTheProgramOnce()
    {
        QGuiApplication::setApplicationDisplayName(MainWindow::displayName()); // as desktop_main
        MemorySecretStore secrets;
        AppContext::Options o;
        o.sandbox = true;
        o.secrets = &secrets;
        AppContext context(o);
        MainWindow window(context);
        QCOMPARE(window.windowTitle(), QStringLiteral("Sandbox — AEM Token Manager"));
        QVERIFY(window.windowTitle().endsWith(QGuiApplication::applicationDisplayName()));
        QCOMPARE(window.windowTitle().count(QStringLiteral("AEM Token Manager")), 1);
    }

    // The child killed after it was ready: the window says so, with the signal, and what needs
    // the emulator is turned off.
    void childStoppedAfterReadyIsReported()
    {
        MemorySecretStore secrets;
        AppContext::Options o;
        o.sandbox = true;
        o.secrets = &secrets;
        AppContext context(o);
        MainWindow window(context);
        window.show();
        QSignalSpy ready(&context, &AppContext::sandboxReady);
        QSignalSpy failed(&context, &AppContext::sandboxFailed);
        QSignalSpy stopped(&context, &AppContext::sandboxStopped);
        context.start();
        QVERIFY2(ready.wait(60000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
        window.selectCredential(QStringLiteral("sandbox-service"));
        auto* get = window.findChild<QPushButton*>(QStringLiteral("getToken"));
        auto* renew = window.findChild<QPushButton*>(QStringLiteral("renewToken"));
        QVERIFY(get->isEnabled());
        QVERIFY(renew->isEnabled());
        QVERIFY(window.errorText().isEmpty());

        const qint64 pid = context.sandbox()->processId();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(stopped.wait(20000));
        const QString reason = stopped.first().first().toString();
        QVERIFY2(reason.contains(QLatin1String("signal 9 (SIGKILL)")), qPrintable(reason));
        QCOMPARE(failed.count(), 0); // it had started: not a failure to start
        QVERIFY(!context.sandbox()->isReady());
        QVERIFY2(window.errorText().startsWith(QLatin1String("The sandbox stopped: it was ended by signal 9")),
                 qPrintable(window.errorText()));
        QVERIFY(!get->isEnabled());
        QVERIFY(!renew->isEnabled());
        for (const char* name : {"actionGetToken", "actionRenew", "actionValidate", "actionRevoke", "actionTester"})
            QVERIFY2(!window.findChild<QAction*>(QLatin1String(name))->isEnabled(), name);
        auto* hint = window.findChild<QWidget*>(QStringLiteral("tokenHint"));
        QVERIFY(hint && hint->isVisible());
        QCOMPARE(stopped.count(), 1);
    }

    void demoCredentialsFromTheChild()
    {
        MemorySecretStore secrets;
        AppContext::Options o;
        o.sandbox = true;
        o.secrets = &secrets;
        auto context = std::make_unique<AppContext>(o);
        QSignalSpy ready(context.get(), &AppContext::sandboxReady);
        QSignalSpy failed(context.get(), &AppContext::sandboxFailed);
        context->start();
        QVERIFY2(ready.wait(60000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
        QVERIFY(failed.isEmpty());

        SandboxProcess* child = context->sandbox();
        QVERIFY(child);
        QVERIFY(child->baseUrl().startsWith(QLatin1String("https://127.0.0.1:")));
        // Its files sit in a directory only this user can enter.
        const QFileInfo dir(QFileInfo(child->caFile()).absolutePath());
        QCOMPARE(dir.permissions()
                     & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                        | QFile::ExeOther),
                 QFileDevice::Permissions());
        QStringList names;
        for (const CredentialRecord& r : context->store().records()) {
            names << r.name;
            if (r.kind == CredentialKind::Local) {
                // The child's local AEM author, with the SDK's default sign-in, password in the keychain.
                QCOMPARE(r.environment.author.toString(), child->localAuthorUrl());
                QVERIFY(r.environment.author.toString().startsWith(QLatin1String("http://127.0.0.1:")));
                QCOMPARE(r.basicUser, QStringLiteral("admin"));
                QVERIFY(secrets.entries().contains(r.secretKey()));
            } else {
                QCOMPARE(r.environment.author.toString(), child->baseUrl());
            }
        }
        names.sort();
        QCOMPARE(names,
                 QStringList({QStringLiteral("sandbox-local-dev"), QStringLiteral("sandbox-local-sdk"),
                              QStringLiteral("sandbox-oauth"), QStringLiteral("sandbox-service")}));

        {
            // The request tester reaches the local author with Basic sign-in.
            MainWindow window(*context);
            window.show();
            RequestTester* tester = window.openRequestTester();
            QVERIFY(QTest::qWaitForWindowExposed(tester));
            tester->setCredential(QStringLiteral("sandbox-local-sdk"));
            tester->setRequest("GET", currentUserPath());
            QSignalSpy finished(tester, &RequestTester::finished);
            QSignalSpy shown(tester, &RequestTester::responseReady);
            tester->send();
            QVERIFY(finished.wait(30000));
            QCOMPARE(finished.first().first().toInt(), 200);
            QVERIFY(shown.wait(10000));
            QVERIFY2(tester->rawText().contains(QLatin1String("\"authorizableId\":\"admin\"")),
                     qPrintable(tester->rawText()));
        }

        // The context's end is the child's.
        const qint64 pid = child->processId();
        QVERIFY(pid > 0);
        QVERIFY(alive(pid));
        const QString dirPath = dir.absoluteFilePath();
        context.reset();
        QVERIFY(!alive(pid));
        QVERIFY(!QFileInfo::exists(dirPath));
    }

    // A window's second run shows nothing of the first run's list while its own sandbox starts
    // (the same names, other ids, other tokens): a starting page and no rows, then this run's.
    void previousRunIsHeldBackUntilTheDemoIsIn()
    {
        MemorySecretStore secrets;
        AppContext::Options o;
        o.sandbox = true;
        o.secrets = &secrets;
        QStringList firstIds;
        {
            AppContext first(o);
            QSignalSpy ready(&first, &AppContext::sandboxReady);
            QSignalSpy failed(&first, &AppContext::sandboxFailed);
            first.start();
            QVERIFY2(ready.wait(60000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
            for (const CredentialRecord& r : first.store().records())
                firstIds << r.id;
        }
        QVERIFY(!firstIds.isEmpty());
        AppContext context(o);
        QCOMPARE(context.store().records().size(), firstIds.size()); // the previous run's, still stored
        MainWindow window(context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* table = window.findChild<QTableView*>(QStringLiteral("credentialTable"));
        auto* starting = window.findChild<QLabel*>(QStringLiteral("sandboxStarting"));
        QVERIFY(table && starting);
        QVERIFY(starting->isVisible());
        QCOMPARE(table->model()->rowCount(), 0);
        QVERIFY(!table->selectionModel()->hasSelection());

        QSignalSpy ready(&context, &AppContext::sandboxReady);
        QSignalSpy failed(&context, &AppContext::sandboxFailed);
        context.start();
        QVERIFY2(ready.wait(60000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
        QVERIFY(!starting->isVisible());
        QCOMPARE(table->model()->rowCount(), firstIds.size());
        const auto* proxy = qobject_cast<const QSortFilterProxyModel*>(table->model());
        const auto* model = qobject_cast<const CredentialListModel*>(proxy->sourceModel());
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(!firstIds.contains(model->recordAt(row)->id));
        QVERIFY(table->selectionModel()->hasSelection()); // the first of this run's, selected
    }

    // Without aemtoken the sandbox cannot start: the page says so, and the previous run's list
    // (credentials of an emulator that is not there) stays held back.
    void startFailureIsSaidOnTheStartingPage()
    {
        MemorySecretStore secrets;
        AppContext::Options o;
        o.sandbox = true;
        o.secrets = &secrets;
        AppContext context(o);
        MainWindow window(context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTemporaryDir empty;
        qputenv("PATH", empty.path().toLocal8Bit());
        const auto restore = qScopeGuard([this] {
            qputenv("PATH", QFileInfo(QStringLiteral(AEMTOKEN_BIN)).absolutePath().toLocal8Bit() + ':' + m_path);
        });
        QSignalSpy failed(&context, &AppContext::sandboxFailed);
        context.start();
        QVERIFY(failed.count() == 1 || failed.wait(30000));
        auto* starting = window.findChild<QLabel*>(QStringLiteral("sandboxStarting"));
        QVERIFY(starting && starting->isVisible());
        QVERIFY2(starting->text().startsWith(QLatin1String("The sandbox could not start: ")),
                 qPrintable(starting->text()));
        QCOMPARE(window.findChild<QTableView*>(QStringLiteral("credentialTable"))->model()->rowCount(), 0);
    }

    void childDiesWithAKilledWindow()
    {
        QProcess window;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        window.setProcessEnvironment(env);
        window.setProgram(QStringLiteral(AEMTOKEN_GUI_BIN));
        window.setArguments({QStringLiteral("--sandbox")});
        window.start();
        QVERIFY(window.waitForStarted());
        QList<qint64> children;
        QTRY_VERIFY_WITH_TIMEOUT(!(children = sandboxChildrenOf(window.processId())).isEmpty(), 60000);
        const qint64 child = children.first();
        // Should the test fail, no emulator is left behind.
        const auto reap = qScopeGuard([child] {
            if (alive(child))
                ::kill(pid_t(child), SIGKILL);
        });
        // Once the window has imported the demo credentials, the child has written all it ever
        // writes: what ends it below is its parent's death, not a broken pipe.
        const QString list =
            m_home.path() + QStringLiteral("/cache/aem-token-manager/sandbox/store/data/credentials.json");
        auto imported = [&list] {
            QFile f(list);
            return f.open(QIODevice::ReadOnly) && f.readAll().contains("sandbox-local-dev");
        };
        QTRY_VERIFY_WITH_TIMEOUT(imported(), 60000);
        QVERIFY(alive(child));
        ::kill(pid_t(window.processId()), SIGKILL);
        QVERIFY(window.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(child), 20000);
    }
};

QTEST_MAIN(TestSandboxMode)
#include "tst_sandboxmode.moc"
