// SPDX-License-Identifier: Apache-2.0
// The window's menus, toolbar, shortcuts and tray icon: each action asks the window (or the token
// panel) to act; the actions on a credential are CredentialActions', shared with the list's
// context menu and the toolbar.

#include "mainwindow.h"

#include "credentialactions.h"
#include "credentialdetails.h"
#include "credentialfilter.h"
#include "desktopintegration.h"
#include "keyboardnav.h"
#include "tokenpanelcontroller.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QTableView>
#include <QToolBar>

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
    file->addAction(action(tr("Add &local AEM SDK…"), QKeySequence(), QStringLiteral("actionAddLocal"),
                           &MainWindow::openLocalTargetDialog));
    m_actions = new CredentialActions(m_context, *m_tokenController, *this);
    file->addAction(m_actions->rename());
    file->addAction(m_actions->remove());
    file->addSeparator();
    file->addAction(action(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), QStringLiteral("actionSettings"),
                           &MainWindow::openSettings));
    file->addSeparator();
    file->addAction(action(tr("&Quit"), QKeySequence::Quit, QStringLiteral("actionQuit"), &QApplication::quit));

    m_actions->fillTokenMenu(menuBar()->addMenu(tr("&Token")));
    m_filter->fillViewMenu(menuBar()->addMenu(tr("&View")));

    QMenu* tools = menuBar()->addMenu(tr("T&ools"));
    tools->addAction(m_actions->tester());

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
    m_actions->attachTo(m_table);
    addToolBar(Qt::TopToolBarArea, m_actions->createToolBar(this));
    connect(m_details, &CredentialDetails::copied, this, &MainWindow::showStatus);
    // Tab leaves the list (arrows move in it) and the claims table, for the next control.
    letTabLeave(this);
    letTabLeaveEverywhere(); // and in the windows opened from here, whenever they are made
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return; // none to show; trayIcon() still makes the same one, with its menu, on demand
    makeTray();
    m_desktop->setTray(m_tray);
    m_tray->show();
}

TrayIcon* MainWindow::trayIcon()
{
    if (!m_tray)
        makeTray();
    return m_tray;
}

void MainWindow::makeTray()
{
    m_tray = new TrayIcon(windowIcon(), m_context, *m_clipboard, this);
    auto reveal = [this] {
        showNormal();
        raise();
        activateWindow();
    };
    connect(m_tray, &TrayIcon::showRequested, this, reveal);
    connect(m_tray, &TrayIcon::toggleRequested, this, [this, reveal] { isVisible() ? hide() : reveal(); });
    updateTray();
}

void MainWindow::startSandbox()
{
    QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--sandbox")});
}

} // namespace aem::ui
