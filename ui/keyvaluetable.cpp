// SPDX-License-Identifier: Apache-2.0
#include "keyvaluetable.h"

#include "elidingheader.h"

#include <QHeaderView>
#include <QSignalBlocker>
#include <QTableWidget>

namespace aem::ui::KeyValueTable {

namespace {
QString cell(const QTableWidget* t, int row, int column)
{
    const QTableWidgetItem* i = t->item(row, column);
    return i ? i->text() : QString();
}
} // namespace

QTableWidget* create(QWidget* parent, const QString& objectName, const QString& keyTitle, const QString& valueTitle)
{
    auto* t = new QTableWidget(4, 2, parent);
    useElidingHeader(t);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels({keyTitle, valueTitle});
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setTabKeyNavigation(false); // Tab leaves the table for the next field
    QObject::connect(t, &QTableWidget::itemChanged, t, [t] { keepOneEmptyRow(t); });
    return t;
}

QList<QPair<QString, QString>> rows(const QTableWidget* t)
{
    QList<QPair<QString, QString>> out;
    for (int r = 0; r < t->rowCount(); ++r) {
        const QString k = cell(t, r, 0).trimmed();
        if (!k.isEmpty())
            out.append({k, cell(t, r, 1)});
    }
    return out;
}

void setRows(QTableWidget* t, const QList<QPair<QString, QString>>& rows)
{
    const QSignalBlocker block(t);
    t->clearContents();
    t->setRowCount(std::max<int>(4, int(rows.size()) + 1));
    for (int i = 0; i < rows.size(); ++i) {
        t->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        t->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
}

void keepOneEmptyRow(QTableWidget* t)
{
    const int last = t->rowCount() - 1;
    if (last < 0 || !cell(t, last, 0).isEmpty() || !cell(t, last, 1).isEmpty())
        t->setRowCount(t->rowCount() + 1);
}

} // namespace aem::ui::KeyValueTable
