// SPDX-License-Identifier: Apache-2.0
#pragma once

// What makes the window one to keep open all day, beside the window's own code: credential files
// arriving in Downloads (offered in a bar, imported, then deleted), the tray's copy menu and its
// messages, the first close to the tray explained once, start at login. Not in --sandbox runs
// (their store is throw-away): there Downloads is not watched and the autostart entry is left alone.

#include <QObject>
#include <QPointer>

namespace aem {
class DownloadWatcher;
}

namespace aem::ui {

class AppContext;
class DownloadOffer;
class MainWindow;
class TrayIcon;

class DesktopIntegration : public QObject
{
    Q_OBJECT
public:
    DesktopIntegration(AppContext& context, MainWindow& window);
    ~DesktopIntegration() override;

    // The Downloads bar, for the window's layout.
    DownloadOffer* offerBar() const { return m_offer; }
    // The tray (none where the desktop has none).
    void setTray(TrayIcon* tray);
    TrayIcon* tray() const;

    // The folder watched (the download folder, unless Settings or --sandbox turned that off).
    QString watchedFolder() const;
    // Whether the import preview of `path` starts with "delete the file after import" on.
    bool deleteByDefault(const QString& path) const;

    // The window is closing: true if it should hide into the tray instead (then the first time
    // ever, a tray notification says so).
    bool closeToTray();

Q_SIGNALS:
    // A credential file in Downloads is offered (the bar shows it).
    void offered(const QString& path);

private:
    void applySettings();
    void onFound(const QString& path);

    AppContext& m_context;
    MainWindow& m_window;
    DownloadWatcher* m_downloads;
    DownloadOffer* m_offer;
    QPointer<TrayIcon> m_tray;
    bool m_startAtLogin; // as last applied
};

} // namespace aem::ui
