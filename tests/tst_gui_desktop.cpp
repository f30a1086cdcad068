// SPDX-License-Identifier: Apache-2.0
// The window kept open all day (issue 12): one instance (two real processes on a private session
// bus), credential files arriving in Downloads (offered, imported, deleted; kept when the import
// fails or when turned off), the tray's menu and copy, start at login, the first close explained
// once. Runs under with-keyring.sh (a private D-Bus session); the download folder is a temporary
// directory, checked before anything is written there.

#include "appcontext.h"
#include "autostart.h"
#include "clipboardguard.h"
#include "desktopintegration.h"
#include "downloadoffer.h"
#include "downloadwatcher.h"
#include "importdialog.h"
#include "localtarget.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "singleinstance.h"
#include "testsupport.h"
#include "tokenpanelcontroller.h"
#include "tokenservice.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGuiDesktop : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<IsolatedHome> m_home;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    QString m_downloads;
    QString m_settingsPath;

    QByteArray credentialJson() { return m_sandbox->sandbox().createServiceCredentials({}); }

    bool writeFile(const QString& path, const QByteArray& data)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.flush();
    }

    // Writes as a browser does: a partial file, then renamed to its name.
    bool download(const QString& name, const QByteArray& data)
    {
        const QString part = m_downloads + QLatin1Char('/') + name + QStringLiteral(".part");
        return writeFile(part, data) && QFile::rename(part, m_downloads + QLatin1Char('/') + name);
    }

    void makeWindow(const std::function<void(AppSettings&)>& adjust = {})
    {
        AppSettings s = AppSettings::load(m_settingsPath);
        s.extraCaFile = m_sandbox->sandbox().caFile();
        if (adjust)
            adjust(s);
        QVERIFY(s.save(m_settingsPath));
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path() + QStringLiteral("/store"));
        o.secrets = m_secrets.get();
        o.clock = m_clock.get();
        o.settingsPath = m_settingsPath;
        m_window.reset();
        m_context = std::make_unique<AppContext>(o);
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    ImportDialog* waitForImportDialog()
    {
        ImportDialog* dialog = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                dialog = m_window->findChild<ImportDialog*>();
                return dialog && dialog->isVisible();
            },
            15000);
        return dialog && dialog->isVisible() ? dialog : nullptr;
    }

    // Accepts the preview (with a name) and waits for the store's answer.
    void accept(ImportDialog* dialog, const QString& name)
    {
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(name);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("importAccept"));
        QVERIFY(ok && ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    }

    QCheckBox* deleteBox(ImportDialog* dialog)
    {
        return dialog->findChild<QCheckBox*>(QStringLiteral("deleteAfterImport"));
    }

    QProcessEnvironment guiEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->path() + QStringLiteral("/cache"));
        return env;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QGuiApplication::setApplicationDisplayName(MainWindow::displayName());
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
    }

    void init()
    {
        m_home = std::make_unique<IsolatedHome>();
        // The download folder: a temporary directory, named in user-dirs.dirs where Qt reads it.
        const QString dl = m_home->path() + QStringLiteral("/Téléchargements");
        QVERIFY(QDir().mkpath(dl));
        const QByteArray dirs = "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n";
        for (const QString& config : QStringList {m_home->path() + QStringLiteral("/config"),
                                                  m_home->path() + QStringLiteral("/.qttest/config")}) {
            QVERIFY(QDir().mkpath(config));
            QVERIFY(writeFile(config + QStringLiteral("/user-dirs.dirs"), dirs));
        }
        m_downloads = DownloadWatcher::defaultFolder();
        // Never the real one: a folder inside this test's own HOME, or nothing is written.
        QVERIFY2(m_downloads.startsWith(m_home->path() + QLatin1Char('/')), qPrintable(m_downloads));
        QVERIFY(QDir().mkpath(m_downloads));
        m_tmp = std::make_unique<QTemporaryDir>();
        m_settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc()); // the sandbox's time
    }

    void cleanup()
    {
        m_window.reset();
        m_context.reset();
        m_clock.reset();
        m_secrets.reset();
        m_tmp.reset();
        m_home.reset();
    }

    // A second `aem-token-manager FILE.json` (a relative name) hands the file to the running
    // window's import preview and exits 0; the hidden window comes back.
    void secondLaunchHandsFilesToTheFirst()
    {
        makeWindow();
        SingleInstance first(SingleInstance::serviceName(false));
        QString why;
        QCOMPARE(first.claim({}, &why), SingleInstance::Role::Primary);
        bindToWindow(first, *m_window);
        m_window->hide();

        QTemporaryDir work;
        QVERIFY(writeFile(work.filePath(QStringLiteral("from-console.json")), credentialJson()));
        QProcess second;
        second.setProcessEnvironment(guiEnv());
        second.setWorkingDirectory(work.path());
        second.start(QStringLiteral(AEMTOKEN_GUI_BIN), {QStringLiteral("from-console.json")});
        QVERIFY(second.waitForStarted());
        // The call is answered by this process's event loop: wait on it, not on the child.
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 60000);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());

        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(m_window->isVisible());
        QVERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("deleteAfterImport"))
                    ->text()
                    .contains(QStringLiteral("from-console.json")));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        accept(dialog, QStringLiteral("handed"));
        QVERIFY(imported.wait(15000));
        QCOMPARE(imported.first().first().toString(), QStringLiteral("handed"));
    }

    // A call answered before the window was bound (while it was being built) is not lost.
    void callsBeforeTheWindowIsBoundAreKept()
    {
        makeWindow();
        m_window->hide();
        SingleInstance first(SingleInstance::serviceName(false));
        QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
        const QString path = m_tmp->filePath(QStringLiteral("early.json"));
        QVERIFY(writeFile(path, credentialJson()));
        first.Open({path, QStringLiteral("relative/ignored.json")});
        bindToWindow(first, *m_window);
        QVERIFY(m_window->isVisible());
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(deleteBox(dialog)->text().contains(QStringLiteral("early.json")));
        QVERIFY(!deleteBox(dialog)->isChecked()); // not in Downloads
    }

    // A second launch without files raises the window and exits 0; --sandbox runs answer to
    // their own name, so a sandbox window does not take the user's files.
    void secondLaunchWithoutFilesRaisesTheWindow()
    {
        makeWindow();
        SingleInstance first(SingleInstance::serviceName(false));
        QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
        bindToWindow(first, *m_window);
        // --sandbox windows answer to a name of their own.
        QCOMPARE(SingleInstance::serviceName(true), QStringLiteral("org.aemtoken.TokenManager.Sandbox"));
        m_window->hide();
        QProcess second;
        second.setProcessEnvironment(guiEnv());
        second.start(QStringLiteral(AEMTOKEN_GUI_BIN), {});
        QVERIFY(second.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 60000);
        QCOMPARE(second.exitCode(), 0);
        QTRY_VERIFY(m_window->isVisible());
        QVERIFY(!m_window->findChild<ImportDialog*>());
    }

    // Both sides real: the first aem-token-manager owns the name, a second one exits 0 at once
    // while the first keeps running (one window, one set of renewals).
    void twoRealLaunchesLeaveOneWindow()
    {
        QProcess first;
        first.setProcessEnvironment(guiEnv());
        first.start(QStringLiteral(AEMTOKEN_GUI_BIN), {QStringLiteral("--verbose")});
        QVERIFY(first.waitForStarted());
        QDBusConnectionInterface* bus = QDBusConnection::sessionBus().interface();
        QTRY_VERIFY_WITH_TIMEOUT(bus->isServiceRegistered(SingleInstance::serviceName(false)).value(), 60000);
        QCOMPARE(bus->servicePid(SingleInstance::serviceName(false)).value(), uint(first.processId()));
        QProcess second;
        second.setProcessEnvironment(guiEnv());
        second.start(QStringLiteral(AEMTOKEN_GUI_BIN), {});
        QVERIFY(second.waitForFinished(60000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(first.state(), QProcess::Running);
        first.terminate();
        QVERIFY(first.waitForFinished(60000));
        QVERIFY(first.readAllStandardError().contains("owns org.aemtoken.TokenManager on the session bus"));
    }

    // The desktop entry is named by the application id (the D-Bus name a second launch finds),
    // hands every chosen file to the program (%F) and offers it for JSON files.
    void desktopEntryOpensJsonFiles()
    {
        const QString path = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../resources/") + QStringLiteral(AEMTOKEN_APP_ID)
            + QStringLiteral(".desktop");
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        QMap<QString, QString> main;
        bool inMain = false;
        for (const QByteArray& raw : f.readAll().split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            if (line.startsWith(QLatin1Char('[')))
                inMain = line == QLatin1String("[Desktop Entry]");
            else if (inMain && line.contains(QLatin1Char('=')))
                main.insert(line.section(QLatin1Char('='), 0, 0), line.section(QLatin1Char('='), 1));
        }
        QCOMPARE(SingleInstance::serviceName(false), QStringLiteral(AEMTOKEN_APP_ID));
        QCOMPARE(main.value(QStringLiteral("Exec")), QStringLiteral("aem-token-manager %F"));
        QVERIFY(
            main.value(QStringLiteral("MimeType")).split(QLatin1Char(';')).contains(QLatin1String("application/json")));
        QCOMPARE(main.value(QStringLiteral("Icon")), QStringLiteral(AEMTOKEN_APP_ID));
    }

    // Without a session bus the program runs alone, and says so only under --verbose.
    void withoutSessionBusRunsAloneQuietly()
    {
        QProcessEnvironment env = guiEnv();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=%1/no-bus-here").arg(m_tmp->path()));
        for (const bool verbose : {true, false}) {
            QProcess gui;
            gui.setProcessEnvironment(env);
            QStringList args {QStringLiteral("--quit-after-first-paint")};
            if (verbose)
                args << QStringLiteral("--verbose");
            gui.start(QStringLiteral(AEMTOKEN_GUI_BIN), args);
            QVERIFY(gui.waitForFinished(120000));
            QCOMPARE(gui.exitCode(), 0);
            const QByteArray err = gui.readAllStandardError();
            QCOMPARE(err.contains("no D-Bus session bus"), verbose);
        }
    }

    // A credential file lands in Downloads: the window offers it (a bar, no dialog), imports it
    // with "delete the file after import" on, and deletes the file only then. A JSON file that is
    // no credential file is not offered.
    void downloadedCredentialFileIsOfferedImportedAndDeleted()
    {
        makeWindow();
        QCOMPARE(m_window->desktop().watchedFolder(), QDir(m_downloads).absolutePath());
        QSignalSpy offered(&m_window->desktop(), &DesktopIntegration::offered);
        QVERIFY(download(QStringLiteral("package.json"), R"({"name": "not a credential"})"));
        QVERIFY(download(QStringLiteral("AEM-p123-e456.json"), credentialJson()));
        const QString path = m_downloads + QStringLiteral("/AEM-p123-e456.json");
        QTRY_COMPARE_WITH_TIMEOUT(offered.size(), 1, 15000);
        QCOMPARE(offered.first().first().toString(), path);
        DownloadOffer* bar = m_window->desktop().offerBar();
        QVERIFY(bar->isVisible());
        QVERIFY(bar->findChild<QLabel*>(QStringLiteral("downloadOfferText"))
                    ->text()
                    .contains(QStringLiteral("AEM-p123-e456.json")));
        QVERIFY(!QApplication::activeModalWidget()); // offered, nothing took the focus
        if (const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS"); !dir.isEmpty())
            m_window->grab().save(dir + QStringLiteral("/downloads-offer.png"));

        QTest::mouseClick(bar->findChild<QPushButton*>(QStringLiteral("downloadImport")), Qt::LeftButton);
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(!bar->isVisible());
        QVERIFY(deleteBox(dialog) && deleteBox(dialog)->isChecked());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("deleteFileNote"))->text().contains(QStringLiteral("SSD")));
        QVERIFY(QFile::exists(path)); // not before the import committed
        if (const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS"); !dir.isEmpty())
            dialog->grab().save(dir + QStringLiteral("/downloads-import.png"));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        accept(dialog, QStringLiteral("from-downloads"));
        QVERIFY(imported.wait(15000));
        QTRY_VERIFY(!QFile::exists(path));
        QVERIFY(QFile::exists(m_downloads + QStringLiteral("/package.json")));
        QCOMPARE(offered.size(), 1);
    }

    // The keychain refuses the secrets: nothing is imported and the file stays.
    void failedImportKeepsTheFile()
    {
        makeWindow();
        const QString path = m_downloads + QStringLiteral("/console.json");
        QVERIFY(writeFile(path, credentialJson()));
        m_window->importFile(path);
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(deleteBox(dialog)->isChecked());
        m_secrets->failNext(100);
        accept(dialog, QStringLiteral("refused"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->errorText().contains(QStringLiteral("Nothing was imported")), 15000);
        QVERIFY(!m_context->store().find(QStringLiteral("refused")));
        QVERIFY(QFile::exists(path));
    }

    // Turned off in Settings: Downloads is not watched, and its files are kept after import
    // unless asked; any other file can be deleted after import when asked, never by default.
    void turnedOffInSettingsKeepsFiles()
    {
        makeWindow([](AppSettings& s) {
            s.offerDownloads = false;
            s.deleteDownloadsAfterImport = false;
        });
        QVERIFY(m_window->desktop().watchedFolder().isEmpty());
        const QString inDownloads = m_downloads + QStringLiteral("/console.json");
        QVERIFY(writeFile(inDownloads, credentialJson()));
        m_window->importFile(inDownloads);
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(!deleteBox(dialog)->isChecked());
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        accept(dialog, QStringLiteral("kept"));
        QVERIFY(imported.wait(15000));
        QVERIFY(QFile::exists(inDownloads));
        QVERIFY(!m_window->desktop().offerBar()->isVisible());
        QTRY_VERIFY(!m_window->findChild<ImportDialog*>()); // closed and gone

        // Elsewhere: off by default (on for Downloads only), and honoured when ticked.
        m_context->setSettings([&] {
            AppSettings s = m_context->settings();
            s.deleteDownloadsAfterImport = true;
            return s;
        }());
        const QString elsewhere = m_tmp->path() + QStringLiteral("/other.json");
        QVERIFY(writeFile(elsewhere, credentialJson()));
        m_window->importFile(elsewhere);
        dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(!deleteBox(dialog)->isChecked());
        deleteBox(dialog)->setChecked(true);
        accept(dialog, QStringLiteral("ticked"));
        QVERIFY(imported.wait(15000));
        QTRY_VERIFY(!QFile::exists(elsewhere));
    }

    // The window's own tray menu (the one it shows where the desktop has a tray; offscreen has
    // none, so the same icon and menu are had through trayIcon()) lists every credential with its
    // token's remaining time; choosing one copies its token, minting first, through the window's
    // clipboard guard (marked secret, cleared later); Show brings the hidden window back.
    void trayMenuListsCredentialsAndCopiesTokens()
    {
        makeWindow();
        for (const QString& name : {QStringLiteral("beta"), QStringLiteral("alpha")}) {
            const QString path = m_tmp->filePath(name + QStringLiteral(".json"));
            QVERIFY(writeFile(path, credentialJson()));
            m_window->importFile(path);
            ImportDialog* dialog = waitForImportDialog();
            QVERIFY(dialog);
            QSignalSpy imported(m_window.get(), &MainWindow::imported);
            accept(dialog, name);
            QVERIFY(imported.wait(15000));
            QTRY_VERIFY(!m_window->findChild<ImportDialog*>()); // closed and gone
        }
        TrayIcon* tray = m_window->trayIcon();
        QVERIFY(tray);
        QCOMPARE(m_window->trayIcon(), tray); // one icon
        QMenu* menu = tray->contextMenu();
        QVERIFY(menu);
        // The credential entries of the menu as it opens (it refreshes on aboutToShow).
        auto open = [menu] {
            menu->popup(QPoint(0, 0));
            QList<QAction*> out;
            if (QTest::qWaitFor([menu] { return menu->isVisible(); }, 5000))
                for (QAction* a : menu->actions())
                    if (!a->data().toString().isEmpty())
                        out << a;
            return out;
        };
        QList<QAction*> entries = open();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0]->text(), QStringLiteral("alpha — no token yet, copying gets one"));
        QCOMPARE(entries[1]->text(), QStringLiteral("beta — no token yet, copying gets one"));
        QVERIFY(entries[1]->isEnabled());
        QVERIFY(tray->toolTip().contains(QLatin1String("no live token")));

        QSignalSpy copied(tray, &TrayIcon::copied);
        connect(tray, &TrayIcon::failed, this, [](const QString& m) { QFAIL(qPrintable(m)); });
        const int mints = m_sandbox->sandbox().exchangeCount();
        entries[1]->trigger();
        menu->hide();
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 1, 20000);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), mints + 1);
        const QString id = m_context->store().find(QStringLiteral("beta"))->id;
        QVERIFY(m_context->tokenService().expiresAt(id).isValid());
        QVERIFY(m_window->clipboardGuard().holdsSecret());
        const QString copiedToken = QApplication::clipboard()->text();
        QVERIFY(copiedToken.count(QLatin1Char('.')) == 2); // a JWT
        entries = open();
        QVERIFY2(entries[1]->text().startsWith(QStringLiteral("beta — ")), qPrintable(entries[1]->text()));
        QVERIFY2(entries[1]->text().endsWith(QStringLiteral(" left")), qPrintable(entries[1]->text()));
        QVERIFY(entries[0]->text().endsWith(QStringLiteral("copying gets one")));
        // The window keeps the tooltip on the soonest live token.
        QTRY_VERIFY2(tray->toolTip().contains(QLatin1String("beta: token valid for")), qPrintable(tray->toolTip()));
        // The window's selection is not the tray's business.
        QCOMPARE(m_window->tokenController().credentialName(), QStringLiteral("alpha"));

        // Again: the cached token, no second mint.
        QApplication::clipboard()->clear();
        entries[1]->trigger(); // from the cache: at once
        menu->hide();
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 2, 20000);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), mints + 1);
        QCOMPARE(QApplication::clipboard()->text(), copiedToken);

        // Show, from the menu, brings the hidden window back.
        m_window->hide();
        open();
        QAction* show = menu->actions().value(0);
        QVERIFY(show);
        QCOMPARE(show->text(), QStringLiteral("Show"));
        show->trigger();
        menu->hide();
        QTRY_VERIFY(m_window->isVisible());

        // A local AEM needs no token: its entry says so and cannot be chosen.
        QString error;
        const auto local = localTargetCredential(QStringLiteral("http://127.0.0.1:4502"), {}, {}, {}, &error);
        QVERIFY2(local, qPrintable(error));
        CredentialStore::ImportOptions io;
        io.name = QStringLiteral("zeta");
        bool done = false;
        m_context->store().importCredential(*local, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
        entries = open();
        menu->hide();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries[2]->text(), QStringLiteral("zeta — no token needed"));
        QVERIFY(!entries[2]->isEnabled());
    }

    // Start at login writes the XDG autostart entry (starting hidden in the tray); turning it
    // off removes it.
    void startAtLoginWritesAndRemovesTheAutostartEntry()
    {
        makeWindow();
        const QString entry = autostart::entryPath();
        QVERIFY2(entry.startsWith(m_home->path() + QLatin1Char('/')), qPrintable(entry));
        QVERIFY(entry.endsWith(QStringLiteral("/autostart/org.aemtoken.TokenManager.desktop")));
        QVERIFY(!QFile::exists(entry));
        AppSettings s = m_context->settings();
        s.startAtLogin = true;
        m_context->setSettings(s);
        QVERIFY(QFile::exists(entry));
        QFile f(entry);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("[Desktop Entry]\n"));
        QVERIFY(text.contains("\nExec="));
        QVERIFY(text.contains(" --hidden\n"));
        QVERIFY(m_window->errorText().isEmpty());
        s.startAtLogin = false;
        m_context->setSettings(s);
        QVERIFY(!QFile::exists(entry));
        // A path with a space is quoted as the desktop-entry specification wants.
        QVERIFY(autostart::entryText(QStringLiteral("/opt/AEM Tokens/aem-token-manager"))
                    .contains("Exec=\"/opt/AEM Tokens/aem-token-manager\" --hidden\n"));
    }

    // Settings shows and returns the desktop choices.
    void settingsDialogCarriesTheDesktopChoices()
    {
        AppSettings s;
        s.offerDownloads = false;
        s.startAtLogin = true;
        SettingsDialog dialog(s);
        auto box = [&](const char* name) { return dialog.findChild<QCheckBox*>(QLatin1String(name)); };
        QVERIFY(!box("offerDownloads")->isChecked());
        QVERIFY(box("deleteDownloads")->isChecked());
        QVERIFY(box("closeToTray")->isChecked());
        QVERIFY(box("startAtLogin")->isChecked());
        box("offerDownloads")->setChecked(true);
        box("deleteDownloads")->setChecked(false);
        box("closeToTray")->setChecked(false);
        box("startAtLogin")->setChecked(false);
        const AppSettings out = dialog.settings();
        QVERIFY(out.offerDownloads && !out.deleteDownloadsAfterImport && !out.closeToTray && !out.startAtLogin);
        // And they survive a save and a load.
        QVERIFY(out.save(m_settingsPath));
        QCOMPARE(AppSettings::load(m_settingsPath), out);
    }

    // The first close to the tray says so once, in a tray notification (the hidden window's
    // status bar is seen by no one), also across restarts; with close to tray off, closing closes.
    void firstCloseToTrayIsExplainedOnce()
    {
        makeWindow();
        auto tray = std::make_unique<TrayIcon>(m_window->windowIcon(), *m_context, m_window->clipboardGuard());
        tray->show();
        m_window->desktop().setTray(tray.get());
        QSignalSpy notified(tray.get(), &TrayIcon::notified);
        QVERIFY(m_window->close() == false); // hidden, not closed
        QVERIFY(!m_window->isVisible());
        QCOMPARE(notified.size(), 1);
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("tray")));
        m_window->show();
        m_window->close();
        QVERIFY(!m_window->isVisible());
        QCOMPARE(notified.size(), 1);

        // Started again (the same settings): not again.
        tray.reset();
        makeWindow();
        tray = std::make_unique<TrayIcon>(m_window->windowIcon(), *m_context, m_window->clipboardGuard());
        tray->show();
        m_window->desktop().setTray(tray.get());
        QSignalSpy again(tray.get(), &TrayIcon::notified);
        m_window->close();
        QVERIFY(!m_window->isVisible());
        QCOMPARE(again.size(), 0);

        // Close to tray off: the window closes (and the program ends, see desktop_main).
        AppSettings s = m_context->settings();
        s.closeToTray = false;
        m_context->setSettings(s);
        m_window->show();
        QVERIFY(m_window->close());
        QCOMPARE(again.size(), 0);
    }
};

QTEST_MAIN(TestGuiDesktop)
#include "tst_gui_desktop.moc"
