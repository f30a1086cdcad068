// SPDX-License-Identifier: Apache-2.0
#include "credentialfilter.h"

#include "appcontext.h"
#include "credentiallistmodel.h"
#include "credentiallistproxy.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace aem::ui {

CredentialFilter::CredentialFilter(AppContext& context, CredentialListProxy& proxy, QTableView* table, QWidget* parent)
    : QWidget(parent), m_context(context), m_proxy(proxy), m_table(table)
{
    setObjectName(QStringLiteral("credentialPane"));
    const QString findKey = QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText);
    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("credentialFilter"));
    m_field->setClearButtonEnabled(true);
    m_field->setPlaceholderText(tr("Filter credentials (%1)").arg(findKey));
    m_field->setAccessibleName(tr("Filter credentials"));
    m_field->setToolTip(tr("Shows the credentials whose name, program (p1234), environment (e5678), type, kind or "
                           "host contain every word typed. Esc clears it."));
    connect(m_field, &QLineEdit::textChanged, this, &CredentialFilter::onTextChanged);
    m_field->installEventFilter(this); // Esc, Down
    connect(m_field, &QLineEdit::returnPressed, this, [this] { m_table->setFocus(Qt::ShortcutFocusReason); });

    m_noMatch = new QLabel(this);
    m_noMatch->setObjectName(QStringLiteral("credentialNoMatch"));
    m_noMatch->setWordWrap(true);
    m_noMatch->setTextFormat(Qt::PlainText);
    m_noMatch->setContentsMargins(4, 8, 4, 8);
    m_noMatch->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field);
    layout->addWidget(m_noMatch);
    layout->addWidget(table, 1);
    setTabOrder(m_field, table); // the field, then the list it filters

    m_find = new QAction(tr("&Filter credentials"), this);
    m_find->setObjectName(QStringLiteral("actionFilter"));
    m_find->setShortcut(QKeySequence::Find);
    m_find->setShortcutContext(Qt::WindowShortcut);
    connect(m_find, &QAction::triggered, this, [this] {
        m_field->setFocus(Qt::ShortcutFocusReason);
        m_field->selectAll();
    });
    addAction(m_find); // the shortcut works anywhere in the window, menu bar or not

    m_group = new QAction(tr("&Group by program"), this);
    m_group->setObjectName(QStringLiteral("actionGroupByProgram"));
    m_group->setCheckable(true);
    m_group->setToolTip(tr("Orders the list by program, then environment; the program is shown once per group"));
    connect(m_group, &QAction::toggled, this, [this](bool on) {
        if (on == m_context.settings().groupByProgram)
            return;
        AppSettings s = m_context.settings();
        s.groupByProgram = on;
        m_context.setSettings(s); // saved; applySettings() follows
    });
    connect(&m_context, &AppContext::settingsChanged, this, &CredentialFilter::applySettings);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_proxy, signal, this, &CredentialFilter::updateNoMatch);
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, &CredentialFilter::updateNoMatch);
    applySettings();
}

bool CredentialFilter::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_field || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() != Qt::NoModifier && key->modifiers() != Qt::KeypadModifier)
        return false;
    // Esc clears; in an empty field it goes back to the list, as Return and Down do.
    if (key->key() == Qt::Key_Escape && !m_field->text().isEmpty()) {
        m_field->clear();
        return true;
    }
    if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Down) {
        m_table->setFocus(Qt::ShortcutFocusReason);
        return true;
    }
    return false;
}

void CredentialFilter::fillViewMenu(QMenu* menu) const
{
    menu->addAction(m_find);
    menu->addSeparator();
    menu->addAction(m_group);
}

void CredentialFilter::applySettings()
{
    const bool group = m_context.settings().groupByProgram;
    m_group->setChecked(group);
    if (group == m_proxy.groupByProgram())
        return;
    m_proxy.setGroupByProgram(group);
    // Grouped, the program and environment come first: the column the rows are ordered by.
    QHeaderView* header = m_table->horizontalHeader();
    const int env = CredentialListModel::EnvironmentColumn;
    header->moveSection(header->visualIndex(env), group ? 0 : env);
    if (m_table->currentIndex().isValid())
        m_table->scrollTo(m_table->currentIndex());
}

void CredentialFilter::onTextChanged(const QString& text)
{
    m_proxy.setFilterText(text);
    // The row shown went with the filter: the first match is shown instead (or nothing).
    if (!m_table->selectionModel()->hasSelection() && m_proxy.rowCount() > 0)
        m_table->selectRow(0);
    else if (m_table->currentIndex().isValid())
        m_table->scrollTo(m_table->currentIndex());
    updateNoMatch();
}

void CredentialFilter::updateNoMatch()
{
    const QString text = m_proxy.filterText().trimmed();
    const bool none = !text.isEmpty() && m_proxy.rowCount() == 0 && m_proxy.sourceModel()->rowCount() > 0;
    if (none)
        m_noMatch->setText(tr("No credential matches “%1”").arg(text));
    m_noMatch->setVisible(none);
}

void CredentialFilter::reveal(const QModelIndex& sourceIndex)
{
    if (sourceIndex.isValid() && !m_proxy.mapFromSource(sourceIndex).isValid() && !m_field->text().isEmpty())
        m_field->clear();
}

} // namespace aem::ui
