// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Assets HTTP API (/api/assets/….json) and Sling's content listings (/content/….1.json) as
// a tree to walk: load a root, then double-click a folder to list its children under it.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace aem::ui {

class ToolRequests;

class ContentBrowser : public QWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, TitleColumn, TypeColumn };
    enum Role { ChildrenPathRole = Qt::UserRole + 1, LoadedRole };

    explicit ContentBrowser(ToolRequests& requests, QWidget* parent = nullptr);

    // Assets HTTP API (0) or content listing (1): sets the root path to its usual start.
    void setApi(int api);
    void setRoot(const QString& path);
    QTreeWidget* tree() const { return m_tree; }
    QString statusText() const;

public Q_SLOTS:
    void loadRoot();
    // Lists the children of a folder item (once; again after a reload of the root).
    void open(QTreeWidgetItem* item);

Q_SIGNALS:
    void listed(QTreeWidgetItem* under, int count); // under: nullptr for the root
    void failed(const QString& error);

private:
    void list(const QString& path, QTreeWidgetItem* under);

    ToolRequests& m_requests;
    QComboBox* m_api;
    QLineEdit* m_root;
    QPushButton* m_load;
    QLabel* m_status;
    QTreeWidget* m_tree;
};

} // namespace aem::ui
