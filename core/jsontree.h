// SPDX-License-Identifier: Apache-2.0
#pragma once

// Any JSON answer as a tree: JsonTreeModel shows keys, values and types, gives each node its
// JSONPath ($.hits[0]['jcr:title']) and its value as text; JsonTreeFilter keeps the nodes whose
// key holds the filter text, or, when the filter starts with '$', the nodes a JSONPath selects
// ($, .key, ['key'], [n], [-n], [*], .*, ..key, ..*), with their ancestors and descendants.

#include <QAbstractItemModel>
#include <QJsonValue>
#include <QSet>
#include <QSortFilterProxyModel>

#include <memory>
#include <optional>
#include <vector>

namespace aem {

// The deepest JSON shown as a tree (its nodes are built, searched and written back by recursion);
// Qt's parser itself stops at 1024.
inline constexpr int kMaxJsonTreeDepth = 256;

class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };

    struct Node
    {
        QString key; // the member name, or empty for an array element (see index)
        int index = -1; // in the parent array, or -1
        QJsonValue value; // scalars only; objects and arrays are their children
        QJsonValue::Type type = QJsonValue::Null;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;

    // Empty when `json` is JSON nested at most kMaxJsonTreeDepth deep (the tree then shows it),
    // else why not (the tree is then empty).
    QString setJson(const QByteArray& json);
    void clear();
    bool isEmpty() const { return !m_root; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Node* node(const QModelIndex& index) const;
    QModelIndex indexOf(const Node* node) const;
    // "$", "$.hits[0].path", "$['jcr:content']".
    static QString pathOf(const Node* node);
    QString path(const QModelIndex& index) const { return pathOf(node(index)); }
    // A string as it is, other scalars as JSON, objects and arrays as compact JSON.
    static QString valueTextOf(const Node* node);
    QString valueText(const QModelIndex& index) const { return valueTextOf(node(index)); }

    // The nodes `jsonPath` selects, or nullopt with `error` (position and what was expected).
    std::optional<QList<const Node*>> select(const QString& jsonPath, QString* error) const;

private:
    std::unique_ptr<Node> m_root;
};

class JsonTreeFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit JsonTreeFilter(QObject* parent = nullptr);
    void setSourceModel(QAbstractItemModel* model) override;
    // Empty when the filter is valid (a bad JSONPath keeps every node and says why).
    QString setFilter(const QString& text);
    QString filter() const { return m_text; }
    int matchCount() const { return m_matchCount; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void refilter();

    QString m_text;
    bool m_isPath = false;
    QSet<const JsonTreeModel::Node*> m_selected;
    int m_matchCount = 0;
};

} // namespace aem
