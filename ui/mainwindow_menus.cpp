// SPDX-License-Identifier: Apache-2.0
// The window's menus, shortcuts and tray icon: each action asks the window (or the token panel)
// to act.

#include "mainwindow.h"

#include "desktopintegration.h"
#include "tokenpanelcontroller.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QTableView>

namespace aem::ui {

void MainWindow::buildActions()
{
    auto action = [this](const QString& text, const QKeySequence& key, const QString& name, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(
        action(tr("&Import…"), QKeySequence::Open, QStringLiteral("actionImport"), &MainWindow::chooseFileToImport));
    file->addAction(action(tr("&Paste credentials"), QKeySequence::Paste, QStringLiteral("actionPaste"),
                           &MainWindow::importFromClipboard));
    file->addAction(action(tr("Paste &box…"), QKeySequence(tr("Ctrl+Shift+V")), QStringLiteral("actionPasteBox"),
                           &MainWindow::openPasteBox));
    file->addAction(action(tr("New &OAuth Server-to-Server credentials…"), QKeySequence(),
                           QStringLiteral("actionOAuthForm"), &MainWindow::openOAuthForm));
    m_removeAction =
        action(tr("&Remove…"), QKeySequence::Delete, QStringLiteral("actionRemove"), &MainWindow::removeSelected);
    file->addAction(m_removeAction);
    file->addSeparator();
    file->addAction(action(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), QStringLiteral("actionSettings"),
                           &MainWindow::openSettings));
    file->addSeparator();
    file->addAction(action(tr("&Quit"), QKeySequence::Quit, QStringLiteral("actionQuit"), &QApplication::quit));

    QMenu* token = menuBar()->addMenu(tr("&Token"));
    token->addAction(action(tr("&Get token"), QKeySequence(tr("Ctrl+T")), QStringLiteral("actionGetToken"),
                            [this] { m_tokenController->getToken(false); }));
    token->addAction(action(tr("&Renew now"), QKeySequence(tr("Ctrl+Shift+T")), QStringLiteral("actionRenew"),
                            [this] { m_tokenController->getToken(true); }));
    token->addSeparator();
    token->addAction(action(tr("Copy &token"), QKeySequence(tr("Ctrl+Shift+C")), QStringLiteral("actionCopyToken"),
                            [this] { m_tokenController->copyToken(); }));
    token->addAction(action(tr("Copy &Authorization header"), QKeySequence(tr("Ctrl+Shift+H")),
                            QStringLiteral("actionCopyHeader"), [this] { m_tokenController->copyHeader(); }));
    token->addAction(action(tr("Copy c&url command"), QKeySequence(tr("Ctrl+Shift+U")),
                            QStringLiteral("actionCopyCurl"), [this] { m_tokenController->copyCurl(); }));
    token->addSeparator();
    token->addAction(action(tr("&Validate with IMS"), QKeySequence(), QStringLiteral("actionValidate"),
                            &MainWindow::validateSelected));
    token->addAction(
        action(tr("Re&voke token…"), QKeySequence(), QStringLiteral("actionRevoke"), &MainWindow::revokeSelected));

    QMenu* tools = menuBar()->addMenu(tr("T&ools"));
    tools->addAction(action(tr("&Request tester…"), QKeySequence(tr("Ctrl+R")), QStringLiteral("actionTester"),
                            [this] { openRequestTester(); }));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(
        action(tr("Try the &sandbox"), QKeySequence(), QStringLiteral("actionSandbox"), &MainWindow::startSandbox));
    help->addAction(action(tr("&About"), QKeySequence(), QStringLiteral("actionAbout"), [this] {
        QMessageBox::about(
            this, tr("About AEM Token Manager"),
            tr("<b>AEM Token Manager</b> %1<br>Access tokens for AEM as a Cloud Service, with secrets kept in "
               "the system keychain.")
                .arg(QStringLiteral(AEMTOKEN_VERSION)));
    }));
    m_table->addAction(m_removeAction);
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new TrayIcon(windowIcon(), m_context, *m_clipboard, this);
    auto reveal = [this] {
        showNormal();
        raise();
        activateWindow();
    };
    connect(m_tray, &TrayIcon::showRequested, this, reveal);
    connect(m_tray, &TrayIcon::toggleRequested, this, [this, reveal] { isVisible() ? hide() : reveal(); });
    m_desktop->setTray(m_tray);
    m_tray->show();
}

void MainWindow::startSandbox()
{
    QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--sandbox")});
}

} // namespace aem::ui
