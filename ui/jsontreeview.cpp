// SPDX-License-Identifier: Apache-2.0
#include "jsontreeview.h"

#include "elidingheader.h"
#include "jsontree.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace aem::ui {

namespace {
constexpr int kExpandAllMatches = 200;
} // namespace

JsonTreeView::JsonTreeView(QWidget* parent)
    : QWidget(parent), m_model(new JsonTreeModel(this)), m_filter(new JsonTreeFilter(this))
{
    m_filter->setSourceModel(m_model);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("jsonTreeFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by key, or by JSONPath such as $.hits[*].path"));
    m_filterEdit->setAccessibleName(tr("Filter the tree"));
    m_filterEdit->setClearButtonEnabled(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("jsonTreeStatus"));
    auto* expand = new QToolButton(this);
    expand->setText(tr("Expand all"));
    auto* collapse = new QToolButton(this);
    collapse->setText(tr("Collapse all"));
    m_tree = new QTreeView(this);
    useElidingHeader(m_tree);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_tree->setAccessibleName(tr("JSON tree"));
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::KeyColumn, QHeaderView::Interactive);
    m_tree->setColumnWidth(JsonTreeModel::KeyColumn, 220);

    auto* row = new QHBoxLayout;
    row->addWidget(m_filterEdit, 1);
    row->addWidget(m_status);
    row->addWidget(expand);
    row->addWidget(collapse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_tree, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &JsonTreeView::applyFilter);
    connect(expand, &QToolButton::clicked, m_tree, &QTreeView::expandAll);
    connect(collapse, &QToolButton::clicked, m_tree, &QTreeView::collapseAll);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &JsonTreeView::showMenu);
}

QString JsonTreeView::setJson(const QByteArray& json)
{
    const QString error = m_model->setJson(json);
    m_tree->expandToDepth(0);
    applyFilter();
    if (!error.isEmpty())
        m_status->setText(error);
    return error;
}

void JsonTreeView::clear()
{
    m_model->clear();
    m_status->clear();
}

void JsonTreeView::setFilterText(const QString& text)
{
    if (m_filterEdit->text() == text)
        applyFilter(); // the same text: no textChanged to do it
    else
        m_filterEdit->setText(text); // applyFilter follows
}

QString JsonTreeView::filterStatus() const
{
    return m_status->text();
}

void JsonTreeView::applyFilter()
{
    const QString error = m_filter->setFilter(m_filterEdit->text());
    if (!error.isEmpty())
        m_status->setText(error);
    else if (m_filter->filter().isEmpty())
        m_status->clear();
    else
        m_status->setText(tr("%n match(es)", nullptr, m_filter->matchCount()));
    // What matched is seen, not folded away; thousands of matches open two levels only, so the
    // view never lays out a whole large answer at once.
    if (!m_filter->filter().isEmpty()) {
        if (m_filter->matchCount() <= kExpandAllMatches)
            m_tree->expandAll();
        else
            m_tree->expandToDepth(1);
    }
}

QString JsonTreeView::pathAt(const QModelIndex& viewIndex) const
{
    return m_model->path(m_filter->mapToSource(viewIndex.siblingAtColumn(0)));
}

QString JsonTreeView::valueAt(const QModelIndex& viewIndex) const
{
    return m_model->valueText(m_filter->mapToSource(viewIndex.siblingAtColumn(0)));
}

void JsonTreeView::copyPath(const QModelIndex& viewIndex)
{
    QApplication::clipboard()->setText(pathAt(viewIndex));
}

void JsonTreeView::copyValue(const QModelIndex& viewIndex)
{
    QApplication::clipboard()->setText(valueAt(viewIndex));
}

void JsonTreeView::showMenu(const QPoint& at)
{
    const QModelIndex index = m_tree->indexAt(at);
    QMenu menu(this);
    if (index.isValid()) {
        menu.addAction(tr("Copy path"), this, [this, index] { copyPath(index); });
        menu.addAction(tr("Copy value"), this, [this, index] { copyValue(index); });
        menu.addSeparator();
    }
    menu.addAction(tr("Expand all"), m_tree, &QTreeView::expandAll);
    menu.addAction(tr("Collapse all"), m_tree, &QTreeView::collapseAll);
    menu.exec(m_tree->viewport()->mapToGlobal(at));
}

} // namespace aem::ui
