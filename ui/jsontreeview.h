// SPDX-License-Identifier: Apache-2.0
#pragma once

// Any JSON answer as a tree (core's JsonTreeModel): expand and collapse, copy a node's JSONPath
// or its value from the context menu, and a filter by key or, when it starts with '$', by
// JSONPath, with the number of matches or why the path is not one.

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeView;

namespace aem {
class JsonTreeModel;
class JsonTreeFilter;
} // namespace aem

namespace aem::ui {

class JsonTreeView : public QWidget
{
    Q_OBJECT
public:
    explicit JsonTreeView(QWidget* parent = nullptr);

    // Empty when `json` is JSON and shown, else why not (the tree is then empty).
    QString setJson(const QByteArray& json);
    void clear();
    void setFilterText(const QString& text);
    QString filterStatus() const;

    QTreeView* tree() const { return m_tree; }
    JsonTreeModel& model() const { return *m_model; }
    // Indexes of tree(): what the context menu's copies put on the clipboard.
    QString pathAt(const QModelIndex& viewIndex) const;
    QString valueAt(const QModelIndex& viewIndex) const;
    void copyPath(const QModelIndex& viewIndex);
    void copyValue(const QModelIndex& viewIndex);

private:
    void applyFilter();
    void showMenu(const QPoint& at);

    JsonTreeModel* m_model;
    JsonTreeFilter* m_filter;
    QLineEdit* m_filterEdit;
    QLabel* m_status;
    QTreeView* m_tree;
};

} // namespace aem::ui
