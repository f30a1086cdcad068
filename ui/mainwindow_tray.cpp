// SPDX-License-Identifier: Apache-2.0
// The window and the tray: the tooltip's soonest expiry, and closing into the tray.

#include "mainwindow.h"

#include "appcontext.h"
#include "clock.h"
#include "credentiallistmodel.h"
#include "desktopintegration.h"
#include "trayicon.h"

#include <QCloseEvent>

namespace aem::ui {

void MainWindow::updateTray()
{
    if (m_tray)
        m_tray->showSoonest(m_model->soonestTokenExpiry(), m_context.clock().now());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // With a tray icon the window hides and renewals go on; Quit ends the program.
    if (m_desktop->closeToTray()) { // the first time, a tray notification says so
        hide();
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace aem::ui
