// SPDX-License-Identifier: Apache-2.0
#pragma once

// What can be done to the selected credential, as one set of QActions shared by the menu bar,
// the credential list's context menu and the toolbar: Get token, Renew, Copy token / header /
// curl, Open in request tester, Validate, Revoke, Rename, Environment type, Remove. Each is enabled only when it
// can act on the credential shown (and says why in its tooltip when it cannot): nothing
// selected, no token yet, no author host, no keychain, the sandbox stopped.

#include "credentialrecord.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

class QAction;
class QMenu;
class QTableView;
class QToolBar;

namespace aem::ui {

class AppContext;
class MainWindow;
class TokenPanelController;

class EnvTypeMenu;

class CredentialActions : public QObject
{
    Q_OBJECT
public:
    CredentialActions(AppContext& context, TokenPanelController& token, MainWindow& window);

    // The credential the actions act on (nullopt: nothing selected).
    void setCredential(const std::optional<CredentialRecord>& record);
    // What talks to the servers is off while `reason` is not empty (the sandbox stopped).
    void setUnavailable(const QString& reason);

    QAction* getToken() const { return m_getToken; }
    QAction* renew() const { return m_renew; }
    QAction* copyToken() const { return m_copyToken; }
    QAction* copyHeader() const { return m_copyHeader; }
    QAction* copyCurl() const { return m_copyCurl; }
    QAction* openInTester() const { return m_openInTester; }
    QAction* tester() const { return m_tester; }
    QAction* validate() const { return m_validate; }
    QAction* revoke() const { return m_revoke; }
    QAction* rename() const { return m_rename; }
    QAction* remove() const { return m_remove; }
    // The Environment type submenu (in the Token menu and the context menu).
    EnvTypeMenu& envType() const { return *m_envType; }

    // The Token menu of the menu bar.
    void fillTokenMenu(QMenu* menu) const;
    // The context menu of a credential row (built once; shown over the row asked about).
    QMenu* contextMenu() const { return m_contextMenu; }
    // Right click, the Menu key or Shift+F10 on a row of `table` selects it and shows the menu.
    void attachTo(QTableView* table);
    // The frequent actions, with theme icons (or drawn ones where the theme has none).
    QToolBar* createToolBar(QWidget* parent) const;

public Q_SLOTS:
    void renameSelected();

private:
    void update();
    QAction* make(const QString& text, const QKeySequence& key, const QString& name, const QString& tip);

    AppContext& m_context;
    TokenPanelController& m_token;
    MainWindow& m_window;
    std::optional<CredentialRecord> m_record;
    QString m_unavailable;
    QString m_noKeychain; // why the keychain cannot be used (empty: it can, or not known yet)
    QHash<QAction*, QString> m_tips; // each action's tooltip when it can act
    QAction* m_getToken;
    QAction* m_renew;
    QAction* m_copyToken;
    QAction* m_copyHeader;
    QAction* m_copyCurl;
    QAction* m_openInTester;
    QAction* m_tester;
    QAction* m_validate;
    QAction* m_revoke;
    QAction* m_rename;
    QAction* m_remove;
    QMenu* m_contextMenu;
    EnvTypeMenu* m_envType;
};

} // namespace aem::ui
