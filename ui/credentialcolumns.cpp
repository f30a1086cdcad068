// SPDX-License-Identifier: Apache-2.0
#include "credentialcolumns.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

#include <algorithm>
#include <numeric>

namespace aem::ui {

CredentialColumns::CredentialColumns(QTableView* table, int nameColumn, QList<int> dropOrder)
    : QObject(table),
      m_table(table),
      m_viewport(table->viewport()),
      m_nameColumn(nameColumn),
      m_dropOrder(std::move(dropOrder))
{
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Fixed);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(table->fontMetrics().averageCharWidth() * 2);
    // Not turned bold by a selected row: an elided title is measured in the regular font.
    header->setHighlightSections(false);
    // One computation once the event loop runs, however many changes came before it.
    m_pending.setSingleShot(true);
    m_pending.setInterval(0);
    connect(&m_pending, &QTimer::timeout, this, &CredentialColumns::fit);
    table->installEventFilter(this);
    m_viewport->installEventFilter(this);
    if (QAbstractItemModel* model = table->model()) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(model, signal, this, &CredentialColumns::schedule);
        connect(model, &QAbstractItemModel::modelReset, this, &CredentialColumns::schedule);
        connect(model, &QAbstractItemModel::layoutChanged, this, &CredentialColumns::schedule);
        connect(model, &QAbstractItemModel::dataChanged, this, &CredentialColumns::schedule);
    }
    schedule();
}

bool CredentialColumns::eventFilter(QObject* watched, QEvent* event)
{
    // Only pointers are compared here: the viewport's own events still arrive while the table is
    // being destroyed, when m_table is no longer a QTableView and may not be called.
    const bool resized = watched == m_viewport && event->type() == QEvent::Resize;
    const bool restyled = watched == m_table
        && (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange
            || event->type() == QEvent::Show);
    if (resized || restyled)
        schedule();
    return QObject::eventFilter(watched, event);
}

QList<int> CredentialColumns::distribute(int available, int nameColumn, const QList<int>& wanted,
                                         const QList<int>& minimum, int nameMost)
{
    QList<int> widths = wanted;
    if (nameColumn < 0 || nameColumn >= wanted.size() || minimum.size() != wanted.size())
        return widths;
    qint64 wantOthers = 0;
    qint64 leastOthers = 0;
    for (int c = 0; c < wanted.size(); ++c) {
        if (c == nameColumn)
            continue;
        wantOthers += wanted[c];
        leastOthers += std::min(minimum[c], wanted[c]);
    }
    const int nameLeast = minimum[nameColumn];
    const int nameNeed = std::clamp(wanted[nameColumn], nameLeast, std::max(nameLeast, nameMost));
    if (nameNeed + wantOthers <= available) {
        widths[nameColumn] = int(available - wantOthers); // room for all: the name takes the rest
        return widths;
    }
    const qint64 room = available - nameNeed; // what the name leaves the others
    if (room < leastOthers) {
        // Not even that: the others at their least, the name shrinks, the table scrolls.
        for (int c = 0; c < wanted.size(); ++c)
            if (c != nameColumn)
                widths[c] = std::min(minimum[c], wanted[c]);
        widths[nameColumn] = int(std::max<qint64>(nameLeast, available - leastOthers));
        return widths;
    }
    // The others give way, the widest first: every column wider than a common cap is cut to it
    // (but not below its least), the cap as high as the room allows; short texts ("Service",
    // "PROD") stay whole while long status texts lose their end.
    auto total = [&](int cap) {
        qint64 sum = 0;
        for (int c = 0; c < wanted.size(); ++c)
            if (c != nameColumn)
                sum += std::min(wanted[c], std::max(cap, std::min(minimum[c], wanted[c])));
        return sum;
    };
    int low = 0;
    int high = *std::max_element(wanted.cbegin(), wanted.cend());
    while (low < high) { // the highest cap whose total fits
        const int mid = low + (high - low + 1) / 2;
        if (total(mid) <= room)
            low = mid;
        else
            high = mid - 1;
    }
    qint64 used = 0;
    for (int c = 0; c < wanted.size(); ++c) {
        if (c == nameColumn)
            continue;
        widths[c] = std::min(wanted[c], std::max(low, std::min(minimum[c], wanted[c])));
        used += widths[c];
    }
    widths[nameColumn] = int(available - used); // the name, and what rounding left
    return widths;
}

QList<int> CredentialColumns::fitColumns(int available, int nameColumn, QList<int> wanted, QList<int> minimum,
                                         int nameMost, int readable, const QList<int>& dropOrder)
{
    QList<int> widths = distribute(available, nameColumn, wanted, minimum, nameMost);
    for (int dropped : dropOrder) {
        if (dropped < 0 || dropped >= wanted.size() || dropped == nameColumn || minimum.size() != wanted.size())
            continue;
        bool cut = false;
        for (int c = 0; c < wanted.size(); ++c)
            cut = cut || (c != nameColumn && widths[c] < std::min(wanted[c], readable));
        if (!cut)
            break;
        wanted[dropped] = 0;
        minimum[dropped] = 0;
        widths = distribute(available, nameColumn, wanted, minimum, nameMost);
    }
    return widths;
}

void CredentialColumns::fit()
{
    m_pending.stop();
    QHeaderView* header = m_table->horizontalHeader();
    const int count = header->count();
    if (count == 0)
        return;
    const int character = m_table->fontMetrics().averageCharWidth();
    const QAbstractItemView* view = m_table; // sizeHintForColumn is public there (the table's own, virtually)
    QList<int> wanted;
    QList<int> minimum;
    m_wanted.resize(count);
    for (int c = 0; c < count; ++c) {
        // A hidden column measures as nothing: it keeps what it wanted when last shown, or the
        // rule would show it (it fits in nothing), measure it, hide it again, without end.
        if (!header->isSectionHidden(c))
            m_wanted[c] = std::max(view->sizeHintForColumn(c), header->sectionSizeHint(c));
        const int want = m_wanted[c];
        wanted << want;
        minimum << (c == m_nameColumn ? character * 14 : std::min(want, character * 6));
    }
    const QList<int> widths = fitColumns(m_table->viewport()->width(), m_nameColumn, wanted, minimum, character * 48,
                                         character * 10, m_dropOrder);
    for (int c = 0; c < count; ++c) {
        const bool gone = widths[c] == 0 && m_dropOrder.contains(c);
        if (header->isSectionHidden(c) != gone)
            header->setSectionHidden(c, gone);
        if (!gone && header->sectionSize(c) != widths[c])
            header->resizeSection(c, widths[c]);
    }
}

} // namespace aem::ui
