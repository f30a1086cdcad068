// SPDX-License-Identifier: Apache-2.0
#pragma once

// The "Environment type" submenu of the credential actions: Development, Stage, Production or
// None, checkable and exclusive, the selected credential's type checked. Choosing one stores it
// (CredentialStore::setEnvType, as `aemtoken set NAME --env-type` does).

#include "credentialrecord.h"

#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QActionGroup;
class QMenu;
class QWidget;

namespace aem {
class CredentialStore;
}

namespace aem::ui {

class EnvTypeMenu : public QObject
{
    Q_OBJECT
public:
    // `report` shows the outcome (the window's status bar).
    EnvTypeMenu(CredentialStore& store, QWidget* parent, std::function<void(const QString&)> report);

    QMenu* menu() const { return m_menu; }
    // The action of `type` (None, Development, Stage, Production).
    QAction* action(EnvType type) const;
    // The credential the menu sets (nullopt: nothing selected, the menu disabled).
    void setCredential(const std::optional<CredentialRecord>& record);

private:
    void choose(EnvType type);

    CredentialStore& m_store;
    std::function<void(const QString&)> m_report;
    std::optional<CredentialRecord> m_record;
    QMenu* m_menu;
    QActionGroup* m_group;
};

} // namespace aem::ui
