// SPDX-License-Identifier: Apache-2.0
#pragma once

// The tester's name/value tables (parameters, headers): always one empty row to type into.

#include <QList>
#include <QPair>
#include <QString>

class QTableWidget;
class QWidget;

namespace aem::ui::KeyValueTable {

QTableWidget* create(QWidget* parent, const QString& objectName, const QString& keyTitle, const QString& valueTitle);
// The rows with a name (trimmed), in order.
QList<QPair<QString, QString>> rows(const QTableWidget* table);
// Replaces the contents, keeping at least four rows and one empty row at the end.
void setRows(QTableWidget* table, const QList<QPair<QString, QString>>& rows);
// Adds an empty row when the last one holds something.
void keepOneEmptyRow(QTableWidget* table);

} // namespace aem::ui::KeyValueTable
