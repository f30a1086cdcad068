// SPDX-License-Identifier: Apache-2.0
#pragma once

// The tray icon: a menu (show, every credential with its token's remaining time, quit) and the
// soonest expiry in its tooltip. Choosing a credential copies its token, minting first if needed,
// through a token panel controller of its own (the panel's copy path and clipboard guard) so the
// window's selection stays as it is. Times come from the token service, which owns token state.

#include <QDateTime>
#include <QSystemTrayIcon>

#include <optional>

class QAction;
class QMenu;
class QTimer;

namespace aem::ui {

class AppContext;
class ClipboardGuard;
class TokenPanelController;

class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT
public:
    TrayIcon(const QIcon& icon, AppContext& context, ClipboardGuard& clipboard, QObject* parent = nullptr);
    ~TrayIcon() override;

    // The soonest live token (credential name, expiry), or none.
    void showSoonest(const std::optional<std::pair<QString, QDateTime>>& soonest, const QDateTime& now);

    // Rebuilds the credential entries (done when the menu opens, and each second while it is open).
    void refreshMenu();
    // One action per credential, in menu order; its data() is the credential id.
    QList<QAction*> credentialActions() const;
    // Copies the token of credential `id` (minting first if needed).
    void copyTokenOf(const QString& id);
    // A notification: shown by the tray when it is visible, and announced (tests, the log).
    void notify(const QString& title, const QString& text, MessageIcon icon = Information, int ms = 10000);

Q_SIGNALS:
    void showRequested();
    void toggleRequested();
    void copied(const QString& message);
    void failed(const QString& message);
    void notified(const QString& title, const QString& text);

private:
    QString entryText(const QString& id, const QString& name, bool* enabled) const;

    AppContext& m_context;
    QMenu* m_menu;
    QAction* m_credentialsEnd; // the separator after the credential entries
    QList<QAction*> m_entries;
    TokenPanelController* m_copier;
    QTimer* m_openTick;
};

} // namespace aem::ui
