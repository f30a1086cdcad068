// SPDX-License-Identifier: Apache-2.0
#pragma once

// The window's left pane: a filter field above the credential table (Ctrl+F focuses it, Esc
// clears it, Return or Down goes to the list), "No credential matches “x”" when nothing does,
// and the View menu's actions on the list (filter, group by program — remembered in the
// settings). What the filter hides cannot stay selected: the selection moves to the first row
// shown, or to none, and the window's panel follows the selection.

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QModelIndex;
class QTableView;

namespace aem {
class CredentialListProxy;
}

namespace aem::ui {

class AppContext;

class CredentialFilter : public QWidget
{
    Q_OBJECT
public:
    // Takes `table` into its layout; `proxy` is the table's model.
    CredentialFilter(AppContext& context, CredentialListProxy& proxy, QTableView* table, QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    QAction* findAction() const { return m_find; }
    QAction* groupAction() const { return m_group; }
    void fillViewMenu(QMenu* menu) const;

    // Clears the filter if it hides the row of `sourceIndex` (a credential about to be selected:
    // just imported or renamed).
    void reveal(const QModelIndex& sourceIndex);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onTextChanged(const QString& text);
    void applySettings();
    void updateNoMatch();

    AppContext& m_context;
    CredentialListProxy& m_proxy;
    QTableView* m_table;
    QLineEdit* m_field;
    QLabel* m_noMatch;
    QAction* m_find;
    QAction* m_group;
};

} // namespace aem::ui
