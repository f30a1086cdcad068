// SPDX-License-Identifier: Apache-2.0
#include "desktopintegration.h"

#include "appcontext.h"
#include "autostart.h"
#include "deletefileoption.h"
#include "downloadoffer.h"
#include "downloadwatcher.h"
#include "mainwindow.h"
#include "trayicon.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace aem::ui {

DesktopIntegration::DesktopIntegration(AppContext& context, MainWindow& window)
    : QObject(&window), m_context(context), m_window(window), m_startAtLogin(context.settings().startAtLogin)
{
    m_downloads = new DownloadWatcher(context.clock(), this);
    m_offer = new DownloadOffer(&window);
    connect(m_downloads, &DownloadWatcher::credentialFileFound, this, &DesktopIntegration::onFound);
    connect(m_offer, &DownloadOffer::importRequested, &window, &MainWindow::importFile);
    connect(&context, &AppContext::settingsChanged, this, &DesktopIntegration::applySettings);
    applySettings();
}

DesktopIntegration::~DesktopIntegration() = default;

void DesktopIntegration::setTray(TrayIcon* tray)
{
    m_tray = tray;
    if (!tray)
        return;
    // A notification clicked (a file in Downloads, the first close): the window it speaks of.
    connect(tray, &QSystemTrayIcon::messageClicked, &m_window, [this] {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    });
    connect(tray, &TrayIcon::copied, &m_window, [this](const QString& message) {
        m_window.showStatus(message);
        if (!m_window.isVisible() && m_tray)
            m_tray->notify(MainWindow::displayName(), message);
    });
    connect(tray, &TrayIcon::failed, &m_window, [this](const QString& message) {
        m_window.showError(message);
        if (!m_window.isVisible() && m_tray)
            m_tray->notify(MainWindow::displayName(), message, TrayIcon::Warning);
    });
}

TrayIcon* DesktopIntegration::tray() const
{
    return m_tray;
}

QString DesktopIntegration::watchedFolder() const
{
    return m_downloads->folder();
}

bool DesktopIntegration::deleteByDefault(const QString& path) const
{
    return m_context.settings().deleteDownloadsAfterImport && !m_context.isSandbox()
        && isInFolder(path, DownloadWatcher::defaultFolder());
}

void DesktopIntegration::applySettings()
{
    const AppSettings& s = m_context.settings();
    if (m_context.isSandbox())
        return; // a throw-away store: neither the user's Downloads nor their login
    const QString folder = s.offerDownloads ? DownloadWatcher::defaultFolder() : QString();
    if (folder != m_downloads->folder()) {
        QString error;
        if (!m_downloads->watch(folder, &error))
            m_window.showStatus(tr("Credential files in Downloads are not offered: %1").arg(error));
        if (folder.isEmpty())
            for (const QString& p : m_offer->waiting())
                m_offer->withdraw(p);
    }
    if (s.startAtLogin != m_startAtLogin) {
        QString error;
        if (autostart::setEnabled(s.startAtLogin, QCoreApplication::applicationFilePath(), &error))
            m_startAtLogin = s.startAtLogin;
        else
            m_window.showError(s.startAtLogin ? tr("Cannot start at login: %1").arg(error)
                                              : tr("Cannot stop starting at login: %1").arg(error));
    }
}

void DesktopIntegration::onFound(const QString& path)
{
    m_offer->offer(path, m_context.settings().deleteDownloadsAfterImport);
    if (!m_window.isVisible() && m_tray)
        m_tray->notify(tr("Credential file in Downloads"),
                       tr("%1 is a Developer Console credential file: open the window to import it.")
                           .arg(QFileInfo(path).fileName()));
    Q_EMIT offered(path);
}

bool DesktopIntegration::closeToTray()
{
    if (!m_tray || !m_tray->isVisible() || !m_context.settings().closeToTray)
        return false;
    if (!m_context.settings().trayNoticeShown) {
        m_tray->notify(MainWindow::displayName(),
                       tr("Still running in the tray: tokens keep being renewed. Choose Quit in the tray menu to "
                          "end the program, or turn this off in Settings."));
        AppSettings s = m_context.settings();
        s.trayNoticeShown = true;
        m_context.setSettings(s);
    }
    return true;
}

} // namespace aem::ui
