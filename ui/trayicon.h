// SPDX-License-Identifier: Apache-2.0
#pragma once

// The tray icon: a menu (show, copy the selection's token, quit) and the soonest expiry in its
// tooltip. It only asks; the window decides.

#include <QDateTime>
#include <QSystemTrayIcon>

#include <optional>

namespace aem::ui {

class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT
public:
    explicit TrayIcon(const QIcon& icon, QObject* parent = nullptr);

    // The soonest live token (credential name, expiry), or none.
    void showSoonest(const std::optional<std::pair<QString, QDateTime>>& soonest, const QDateTime& now);

Q_SIGNALS:
    void showRequested();
    void toggleRequested();
    void copyTokenRequested();
};

} // namespace aem::ui
