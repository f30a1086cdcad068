// SPDX-License-Identifier: Apache-2.0
#include "envtypemenu.h"

#include "credentialstore.h"
#include "envtype.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>

namespace aem::ui {

namespace {
constexpr EnvType kTypes[] = {EnvType::Development, EnvType::Stage, EnvType::Production, EnvType::None};
} // namespace

EnvTypeMenu::EnvTypeMenu(CredentialStore& store, QWidget* parent, std::function<void(const QString&)> report)
    : QObject(parent), m_store(store), m_report(std::move(report))
{
    m_menu = new QMenu(tr("&Environment type"), parent);
    m_menu->setObjectName(QStringLiteral("envTypeMenu"));
    m_menu->setToolTipsVisible(true);
    m_group = new QActionGroup(this);
    m_group->setExclusive(true);
    const QString texts[] = {tr("&Development"), tr("&Stage"), tr("&Production"), tr("&None")};
    const QString names[] = {QStringLiteral("actionEnvTypeDevelopment"), QStringLiteral("actionEnvTypeStage"),
                             QStringLiteral("actionEnvTypeProduction"), QStringLiteral("actionEnvTypeNone")};
    for (int i = 0; i < 4; ++i) {
        auto* a = new QAction(texts[i], m_group);
        a->setObjectName(names[i]);
        a->setCheckable(true);
        a->setData(int(kTypes[i]));
        m_menu->addAction(a);
    }
    action(EnvType::Production)
        ->setToolTip(tr("The request tester asks before sending anything but GET, HEAD or OPTIONS"));
    connect(m_group, &QActionGroup::triggered, this, [this](QAction* a) { choose(EnvType(a->data().toInt())); });
    setCredential(std::nullopt);
}

QAction* EnvTypeMenu::action(EnvType type) const
{
    for (QAction* a : m_group->actions())
        if (a->data().toInt() == int(type))
            return a;
    return nullptr;
}

void EnvTypeMenu::setCredential(const std::optional<CredentialRecord>& record)
{
    m_record = record;
    m_menu->setEnabled(record.has_value());
    m_menu->menuAction()->setToolTip(record ? QString() : tr("Select a credential first"));
    // A type this version does not know checks none of them.
    for (QAction* a : m_group->actions())
        a->setChecked(record && a->data().toInt() == int(record->envType));
}

void EnvTypeMenu::choose(EnvType type)
{
    if (!m_record)
        return;
    const QString name = m_record->name;
    QString error;
    if (!m_store.setEnvType(name, type, &error)) {
        m_report(tr("Environment type of %1 not changed: %2").arg(name, error));
        setCredential(m_record); // the checks as stored
        return;
    }
    m_report(type == EnvType::None ? tr("%1 has no environment type now").arg(name)
                                   : tr("%1 is a %2 credential now").arg(name, envTypeLabel(type).toLower()));
}

} // namespace aem::ui
