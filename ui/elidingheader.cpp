// SPDX-License-Identifier: Apache-2.0
#include "elidingheader.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QToolTip>
#include <QTreeView>

namespace aem::ui {

namespace {
class ElidingHeader final : public QHeaderView
{
public:
    explicit ElidingHeader(QWidget* parent) : QHeaderView(Qt::Horizontal, parent) { }

protected:
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override
    {
        if (!rect.isValid())
            return;
        QStyleOptionHeader option = optionFor(rect, logicalIndex);
        option.text = option.fontMetrics.elidedText(option.text, Qt::ElideRight, room(option));
        style()->drawControl(QStyle::CE_Header, &option, painter, this);
    }

    // An elided title shows itself whole when the pointer rests on it, unless the model
    // already says something there.
    bool viewportEvent(QEvent* event) override
    {
        if (event->type() != QEvent::ToolTip || !model())
            return QHeaderView::viewportEvent(event);
        const auto* help = static_cast<QHelpEvent*>(event);
        const int logical = logicalIndexAt(help->pos());
        if (logical < 0 || model()->headerData(logical, orientation(), Qt::ToolTipRole).isValid())
            return QHeaderView::viewportEvent(event);
        const QRect rect(sectionViewportPosition(logical), 0, sectionSize(logical), height());
        const QStyleOptionHeader option = optionFor(rect, logical);
        if (option.fontMetrics.horizontalAdvance(option.text) > room(option))
            QToolTip::showText(help->globalPos(), option.text, viewport(), rect);
        else
            QToolTip::hideText();
        return true;
    }

private:
    QStyleOptionHeader optionFor(const QRect& rect, int logicalIndex) const
    {
        QStyleOptionHeader option;
        initStyleOption(&option);
        initStyleOptionForIndex(&option, logicalIndex);
        option.rect = rect;
        return option;
    }

    int room(const QStyleOptionHeader& option) const
    {
        return style()->subElementRect(QStyle::SE_HeaderLabel, &option, this).width();
    }
};
} // namespace

QHeaderView* makeElidingHeader(QWidget* parent)
{
    auto* header = new ElidingHeader(parent);
    header->setSectionsClickable(true); // as a view's own header is: a click sorts
    // Not turned bold by a selected row: an elided title is measured in the regular font.
    header->setHighlightSections(false);
    return header;
}

bool isElidingHeader(const QHeaderView* header)
{
    return dynamic_cast<const ElidingHeader*>(header) != nullptr;
}

void useElidingHeader(QAbstractItemView* view)
{
    if (auto* table = qobject_cast<QTableView*>(view)) {
        table->setHorizontalHeader(makeElidingHeader(table));
    } else if (auto* tree = qobject_cast<QTreeView*>(view)) {
        QHeaderView* header = makeElidingHeader(tree);
        header->setSectionsMovable(tree->header()->sectionsMovable());
        header->setSectionsClickable(tree->header()->sectionsClickable());
        header->setStretchLastSection(tree->header()->stretchLastSection());
        header->setDefaultAlignment(tree->header()->defaultAlignment());
        tree->setHeader(header);
    }
}

} // namespace aem::ui
