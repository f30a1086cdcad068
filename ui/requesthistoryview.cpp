// SPDX-License-Identifier: Apache-2.0
#include "requesthistoryview.h"

#include "clock.h"
#include "elidingheader.h"
#include "requesthistory.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace aem::ui {

namespace {
// The status column in the colour of its class, read from the palette of the view (light or
// dark); the time short on the clock's day.
class StatusColours : public QIdentityProxyModel
{
public:
    StatusColours(QWidget* view, const Clock& clock, QObject* parent)
        : QIdentityProxyModel(parent), m_view(view), m_clock(clock)
    {
    }

    QVariant data(const QModelIndex& index, int role) const override
    {
        if (role == Qt::DisplayRole && index.column() == RequestHistory::TimeColumn)
            return historyTimeText(QIdentityProxyModel::data(index, RequestHistory::AtRole).toDateTime(),
                                   m_clock.now());
        if (role == Qt::ForegroundRole && index.column() == RequestHistory::StatusColumn) {
            const QPalette& p = m_view->palette();
            switch (QIdentityProxyModel::data(index, RequestHistory::StatusClassRole).toInt()) {
            case 2: return Theme::ok(p);
            case 3: return p.color(QPalette::Link);
            case 4: return Theme::warning(p);
            case 5: return Theme::error(p);
            }
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    QWidget* m_view;
    const Clock& m_clock;
};
} // namespace

RequestHistoryView::RequestHistoryView(RequestHistory& history, const Clock& clock, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("historyPane"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search history"));
    m_search->setAccessibleName(tr("Search history"));
    m_search->setClearButtonEnabled(true);

    m_view = new QTreeView(this);
    useElidingHeader(m_view);
    m_view->setObjectName(QStringLiteral("historyView"));
    m_view->setAccessibleName(tr("Request history"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* colours = new StatusColours(m_view, clock, this);
    colours->setSourceModel(&history);
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(colours);
    m_filter->setFilterRole(RequestHistory::SearchTextRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_filter);
    // The path (what tells requests apart) keeps a readable width; the host takes the rest.
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(RequestHistory::PathColumn, QHeaderView::Interactive);
    m_view->header()->resizeSection(RequestHistory::PathColumn, m_view->fontMetrics().averageCharWidth() * 28);
    connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);

    m_rerun = new QPushButton(tr("&Re-run"), this);
    m_rerun->setObjectName(QStringLiteral("historyRerun"));
    m_rerun->setToolTip(tr("Send this request again, to the same host (Enter or double click)"));
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setObjectName(QStringLiteral("historyLoad"));
    m_load->setToolTip(tr("Put this request in the editor without sending it"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_rerun);
    buttons->addWidget(m_load);
    buttons->addStretch(1);

    auto* title = new QLabel(tr("&History"), this);
    title->setBuddy(m_view);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex& i) {
        if (const int row = historyRow(i.row()); row >= 0)
            Q_EMIT rerunRequested(row);
    });
    connect(m_rerun, &QPushButton::clicked, this, [this] {
        if (const int row = currentHistoryRow(); row >= 0)
            Q_EMIT rerunRequested(row);
    });
    connect(m_load, &QPushButton::clicked, this, [this] {
        if (const int row = currentHistoryRow(); row >= 0)
            Q_EMIT loadRequested(row);
    });
    auto updateButtons = [this] {
        const bool any = currentHistoryRow() >= 0;
        m_rerun->setEnabled(any);
        m_load->setEnabled(any);
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, updateButtons);
    connect(m_filter, &QAbstractItemModel::modelReset, this, updateButtons);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, updateButtons);
    updateButtons();
}

int RequestHistoryView::historyRow(int viewRow) const
{
    const QModelIndex i = m_filter->index(viewRow, 0);
    return i.isValid() ? m_filter->mapToSource(i).row() : -1;
}

int RequestHistoryView::currentHistoryRow() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? historyRow(i.row()) : -1;
}

} // namespace aem::ui
