// SPDX-License-Identifier: Apache-2.0
#include "trayicon.h"

#include "countdown.h"

#include <QApplication>
#include <QMenu>

namespace aem::ui {

TrayIcon::TrayIcon(const QIcon& icon, QObject* parent) : QSystemTrayIcon(icon, parent)
{
    auto* menu = new QMenu;
    connect(this, &QObject::destroyed, menu, &QObject::deleteLater);
    menu->addAction(tr("Show"), this, &TrayIcon::showRequested);
    menu->addAction(tr("Copy token of the selection"), this, &TrayIcon::copyTokenRequested);
    menu->addSeparator();
    menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    setContextMenu(menu);
    connect(this, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            Q_EMIT toggleRequested();
    });
}

void TrayIcon::showSoonest(const std::optional<std::pair<QString, QDateTime>>& soonest, const QDateTime& now)
{
    setToolTip(soonest ? tr("AEM Token Manager — %1: token valid for %2")
                             .arg(soonest->first, formatDuration(now.msecsTo(soonest->second)))
                       : tr("AEM Token Manager — no live token"));
}

} // namespace aem::ui
