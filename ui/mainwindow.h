// SPDX-License-Identifier: Apache-2.0
#pragma once

// The main window: the credential list, the selected credential's details and token, import by
// file, paste and drop, a tray icon with the soonest expiry, notifications, settings.

#include "deletefileoption.h"

#include <QHash>
#include <QMainWindow>
#include <QTimer>

class QAction;
class QLabel;
class QStackedWidget;
class QTableView;

namespace aem {
class CredentialListModel;
class CredentialListProxy;
class ExpiryNotifier;
struct ParseResult;
} // namespace aem

namespace aem::ui {

class AppContext;
class ClipboardGuard;
class CredentialActions;
class CredentialDetails;
class CredentialFilter;
class DesktopIntegration;
class ErrorBanner;
struct ImportHints;
class RequestTester;
class RotationDialog;
class TokenPanel;
class TokenPanelController;
class TrayIcon;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppContext& context, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The program's name in the language shown: the application's display name (desktop_main
    // sets it) and the end of every window title.
    static QString displayName();

    CredentialListModel& model() { return *m_model; }
    TokenPanel& tokenPanel() { return *m_token; }
    TokenPanelController& tokenController() { return *m_tokenController; }
    ClipboardGuard& clipboardGuard() { return *m_clipboard; }
    DesktopIntegration& desktop() { return *m_desktop; }
    // The actions on the selected credential (menu bar, context menu, toolbar).
    CredentialActions& credentialActions() { return *m_actions; }
    // The filter field and the View menu's actions on the list.
    CredentialFilter& credentialFilter() { return *m_filter; }
    // The tray icon and its menu (contextMenu()): the one shown where the desktop has a tray;
    // elsewhere (offscreen) made on first call, wired the same, never shown.
    TrayIcon* trayIcon();
    QString errorText() const;

public Q_SLOTS:
    void importFile(const QString& path);
    void importText(const QByteArray& json, const QString& source);
    void importFromClipboard();
    void openPasteBox();
    void openOAuthForm();
    void openLocalTargetDialog(); // "Add local AEM SDK…" (addlocaldialog.h)
    void chooseFileToImport();
    void removeSelected();
    void selectCredential(const QString& name);
    void showError(const QString& message);
    void showStatus(const QString& message);
    void openSettings();
    // A second instance of the program, on the sandbox.
    void startSandbox();
    void validateSelected();
    RotationDialog* openRotation(const QString& name);
    void revokeSelected();
    // The request tester window, on the selected credential.
    RequestTester* openRequestTester();
    // Once a second: the list's time columns and the tray (the token service renews and the
    // notifier warns by themselves).
    void tick();

Q_SIGNALS:
    void imported(const QString& name);
    void notified(const QString& title, const QString& text);
    void validated(const QString& name, bool valid);
    void revoked(const QString& name);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    // `path` and `mark` (importMark) for a file: the preview offers to delete it.
    void presentImport(const ParseResult& r, const QString& source, const ImportHints& hints, const QString& path = {},
                       const ReadMark& mark = {});
    void importEntered(const QByteArray& json, const QString& source, const ImportHints& hints);
    void finishImport();
    void buildActions();
    void buildTray();
    void makeTray();
    void onSelectionChanged();
    void onModelReset();
    // The store changed under the window (another process): rows, selection and tokens follow.
    void onCredentialsChanged();
    // The credential shown was removed: say so and move on to its neighbour.
    void followRemoved();
    void showRenewalFailure(const QString& id);
    // Re-reads the store before acting on `name`; false if it is gone (the list then follows).
    bool stillStored(const QString& name);
    void updateTray();
    // The sandbox child ended after it was ready: say why, and turn off what needs it.
    void onSandboxStopped(const QString& reason);
    void applySettings();
    QString selectedName() const;

    AppContext& m_context;
    CredentialListModel* m_model;
    CredentialListProxy* m_proxy;
    CredentialFilter* m_filter;
    QTableView* m_table;
    QStackedWidget* m_right;
    QLabel* m_sandboxStarting = nullptr; // the right pane of a --sandbox window until its demo is in
    CredentialDetails* m_details;
    TokenPanel* m_token;
    TokenPanelController* m_tokenController;
    ClipboardGuard* m_clipboard;
    ErrorBanner* m_banner;
    TrayIcon* m_tray = nullptr;
    DesktopIntegration* m_desktop = nullptr;
    ExpiryNotifier* m_notifier;
    RequestTester* m_tester = nullptr;
    QTimer m_tick;
    QHash<QString, QString> m_proxyUsers; // proxy host:port -> the user name last given
    CredentialActions* m_actions = nullptr;
    QString m_shownId; // the credential on the token panel and details, by id
    QString m_shownName;
    QHash<QString, QString> m_renewalFailures; // credential id -> why its last automatic renewal failed
    int m_shownRow = -1;
    QString m_removing; // being removed by this window
    QString m_sandboxStopped; // why, once the sandbox child has stopped
    QStringList m_pendingFiles;
    bool m_importing = false;
};

} // namespace aem::ui
