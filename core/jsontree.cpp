// SPDX-License-Identifier: Apache-2.0
#include "jsontree.h"

#include "plaintooltip.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <functional>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::JsonTree)
};

using Node = JsonTreeModel::Node;

// False when `v` is nested deeper than kMaxJsonTreeDepth below `depth` (the tree is then partial).
bool fill(Node* n, const QJsonValue& v, int depth)
{
    n->type = v.type();
    if ((v.isObject() || v.isArray()) && depth >= kMaxJsonTreeDepth)
        return false;
    auto add = [n, depth](const QString& key, int index, const QJsonValue& child) {
        auto c = std::make_unique<Node>();
        c->key = key;
        c->index = index;
        c->parent = n;
        c->row = int(n->children.size());
        const bool ok = fill(c.get(), child, depth + 1);
        n->children.push_back(std::move(c));
        return ok;
    };
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto i = o.constBegin(); i != o.constEnd(); ++i)
            if (!add(i.key(), -1, i.value()))
                return false;
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (int i = 0; i < a.size(); ++i)
            if (!add(QString(), i, a.at(i)))
                return false;
    } else {
        n->value = v;
    }
    return true;
}

QJsonValue toJson(const Node* n)
{
    if (n->type == QJsonValue::Object) {
        QJsonObject o;
        for (const auto& c : n->children)
            o.insert(c->key, toJson(c.get()));
        return o;
    }
    if (n->type == QJsonValue::Array) {
        QJsonArray a;
        for (const auto& c : n->children)
            a.append(toJson(c.get()));
        return a;
    }
    return n->value;
}

QString typeName(QJsonValue::Type t)
{
    switch (t) {
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    default: return QStringLiteral("null");
    }
}

void descendants(const Node* n, QList<const Node*>& out)
{
    for (const auto& c : n->children) {
        out.append(c.get());
        descendants(c.get(), out);
    }
}
} // namespace

JsonTreeModel::JsonTreeModel(QObject* parent) : QAbstractItemModel(parent)
{
}
JsonTreeModel::~JsonTreeModel() = default;

QString JsonTreeModel::setJson(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        clear();
        return Tr::tr("Not JSON: %1 at byte %2.").arg(error.errorString()).arg(error.offset);
    }
    auto root = std::make_unique<Node>();
    if (!fill(root.get(), doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), 0)) {
        clear();
        return Tr::tr("The JSON is nested deeper than %1 levels: not shown as a tree.").arg(kMaxJsonTreeDepth);
    }
    beginResetModel();
    m_root = std::move(root);
    endResetModel();
    return {};
}

void JsonTreeModel::clear()
{
    beginResetModel();
    m_root.reset();
    endResetModel();
}

const Node* JsonTreeModel::node(const QModelIndex& index) const
{
    if (!index.isValid())
        return m_root.get();
    return static_cast<const Node*>(index.internalPointer());
}

QModelIndex JsonTreeModel::indexOf(const Node* n) const
{
    if (!n || n == m_root.get() || !n->parent)
        return {};
    return createIndex(n->row, 0, const_cast<Node*>(n));
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* p = node(parent);
    if (!p || row < 0 || row >= int(p->children.size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const
{
    const Node* n = child.isValid() ? node(child) : nullptr;
    if (!n || !n->parent || n->parent == m_root.get())
        return {};
    return createIndex(n->parent->row, 0, n->parent);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node* p = node(parent);
    return p ? int(p->children.size()) : 0;
}

int JsonTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const
{
    const Node* n = index.isValid() ? node(index) : nullptr;
    if (!n)
        return {};
    if (role == Qt::ToolTipRole)
        return plainToolTip(pathOf(n)); // keys are the server's: never markup
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case KeyColumn: return n->index >= 0 ? QStringLiteral("[%1]").arg(n->index) : n->key;
    case ValueColumn:
        if (n->type == QJsonValue::Object)
            return Tr::tr("{%n key(s)}", nullptr, int(n->children.size()));
        if (n->type == QJsonValue::Array)
            return Tr::tr("[%n item(s)]", nullptr, int(n->children.size()));
        return n->type == QJsonValue::String ? QString(QLatin1Char('"') + n->value.toString() + QLatin1Char('"'))
                                             : valueTextOf(n);
    case TypeColumn: return typeName(n->type);
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return Tr::tr("Key");
    case ValueColumn: return Tr::tr("Value");
    case TypeColumn: return Tr::tr("Type");
    default: return {};
    }
}

QString JsonTreeModel::pathOf(const Node* n)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    QStringList parts;
    for (; n && n->parent; n = n->parent) {
        if (n->index >= 0)
            parts.prepend(QStringLiteral("[%1]").arg(n->index));
        else if (plain.match(n->key).hasMatch())
            parts.prepend(QLatin1Char('.') + n->key);
        else
            parts.prepend(QStringLiteral("['")
                          + QString(n->key)
                                .replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                                .replace(QLatin1Char('\''), QStringLiteral("\\'"))
                          + QStringLiteral("']"));
    }
    return QLatin1Char('$') + parts.join(QString());
}

QString JsonTreeModel::valueTextOf(const Node* n)
{
    if (!n)
        return {};
    switch (n->type) {
    case QJsonValue::String: return n->value.toString();
    case QJsonValue::Double: {
        const double d = n->value.toDouble();
        return d == double(qint64(d)) && std::abs(d) < 1e15 ? QString::number(qint64(d)) : QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool: return n->value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(toJson(n).toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(toJson(n).toArray()).toJson(QJsonDocument::Compact));
    default: return QStringLiteral("null");
    }
}

std::optional<QList<const Node*>> JsonTreeModel::select(const QString& path, QString* error) const
{
    auto fail = [&](int at, const QString& what) -> std::optional<QList<const Node*>> {
        if (error)
            *error = Tr::tr("JSONPath: %1 at character %2.").arg(what).arg(at + 1);
        return std::nullopt;
    };
    if (!path.startsWith(QLatin1Char('$')))
        return fail(0, Tr::tr("expected $"));
    QList<const Node*> current;
    if (m_root)
        current.append(m_root.get());
    int i = 1;
    const int n = int(path.size());
    auto name = [&](int& at) {
        const int start = at;
        while (at < n && path[at] != QLatin1Char('.') && path[at] != QLatin1Char('['))
            ++at;
        return path.mid(start, at - start);
    };
    while (i < n) {
        bool deep = false;
        // The step's selector: a name, "*", or an index (wildcard when -2)
        QString key;
        bool wildcard = false;
        std::optional<int> index;
        if (path[i] == QLatin1Char('.')) {
            ++i;
            if (i < n && path[i] == QLatin1Char('.')) {
                deep = true;
                ++i;
            }
            if (i < n && path[i] == QLatin1Char('[')) {
                if (!deep)
                    return fail(i, Tr::tr("expected a name after ."));
            } else {
                const int at = i;
                key = name(i);
                if (key.isEmpty())
                    return fail(at, Tr::tr("expected a name"));
                wildcard = key == QLatin1String("*");
            }
        }
        if (key.isEmpty() && !wildcard) {
            if (i >= n || path[i] != QLatin1Char('['))
                return fail(i, Tr::tr("expected . or ["));
            const int close = path.indexOf(QLatin1Char(']'), i);
            if (close < 0)
                return fail(i, Tr::tr("expected ]"));
            const QString inside = path.mid(i + 1, close - i - 1).trimmed();
            if (inside == QLatin1String("*")) {
                wildcard = true;
            } else if (inside.size() >= 2 && (inside.front() == QLatin1Char('\'') || inside.front() == QLatin1Char('"'))
                       && inside.back() == inside.front()) {
                key = inside.mid(1, inside.size() - 2);
                key.replace(QStringLiteral("\\'"), QStringLiteral("'"))
                    .replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
            } else {
                bool ok = false;
                const int v = inside.toInt(&ok);
                if (!ok)
                    return fail(i + 1, Tr::tr("expected a number, * or a quoted name"));
                index = v;
            }
            i = close + 1;
        }
        QList<const Node*> candidates;
        if (deep) {
            // Once each: a node below two selected ones is a candidate once, not once per
            // ancestor (chained "..*" steps multiplied the list by the depth each time).
            QSet<const Node*> seen;
            for (const Node* c : std::as_const(current)) {
                if (seen.contains(c))
                    continue; // its descendants are in already
                QList<const Node*> below;
                descendants(c, below);
                for (const Node* d : std::as_const(below))
                    if (!seen.contains(d)) {
                        seen.insert(d);
                        candidates.append(d);
                    }
            }
        } else {
            for (const Node* c : std::as_const(current))
                for (const auto& child : c->children)
                    candidates.append(child.get());
        }
        QList<const Node*> next;
        for (const Node* c : std::as_const(candidates)) {
            if (wildcard) {
                next.append(c);
            } else if (index) {
                const Node* p = c->parent;
                if (p->type != QJsonValue::Array)
                    continue;
                const int want = *index < 0 ? int(p->children.size()) + *index : *index;
                if (c->index == want)
                    next.append(c);
            } else if (c->index < 0 && c->key == key) {
                next.append(c);
            }
        }
        current = next;
    }
    return current;
}

JsonTreeFilter::JsonTreeFilter(QObject* parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
}

void JsonTreeFilter::setSourceModel(QAbstractItemModel* model)
{
    QSortFilterProxyModel::setSourceModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, &JsonTreeFilter::refilter);
}

QString JsonTreeFilter::setFilter(const QString& text)
{
    m_text = text.trimmed();
    QString error;
    m_isPath = m_text.startsWith(QLatin1Char('$'));
    m_selected.clear();
    m_matchCount = 0;
    if (m_isPath) {
        const auto* model = qobject_cast<const JsonTreeModel*>(sourceModel());
        const auto selected = model ? model->select(m_text, &error) : std::nullopt;
        if (selected) {
            m_selected = QSet<const JsonTreeModel::Node*>(selected->cbegin(), selected->cend());
            m_matchCount = int(m_selected.size());
        } else {
            m_isPath = false;
            m_text.clear(); // every node, and the error says why
        }
    }
    invalidateFilter();
    if (!m_isPath && !m_text.isEmpty()) {
        // keys that hold the text
        const auto* model = qobject_cast<const JsonTreeModel*>(sourceModel());
        std::function<void(const JsonTreeModel::Node*)> count = [&](const JsonTreeModel::Node* n) {
            for (const auto& c : n->children) {
                if (c->index < 0 && c->key.contains(m_text, Qt::CaseInsensitive))
                    ++m_matchCount;
                count(c.get());
            }
        };
        if (model && !model->isEmpty())
            count(model->node({}));
    }
    return error;
}

void JsonTreeFilter::refilter()
{
    setFilter(m_text);
}

bool JsonTreeFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const auto* model = qobject_cast<const JsonTreeModel*>(sourceModel());
    if (!model)
        return true;
    const QModelIndex idx = model->index(sourceRow, 0, sourceParent);
    // The node or one of its ancestors matched (ancestors of a match are kept by recursive filtering).
    for (const JsonTreeModel::Node* n = model->node(idx); n; n = n->parent) {
        if (m_isPath ? m_selected.contains(n) : (n->index < 0 && n->key.contains(m_text, Qt::CaseInsensitive)))
            return true;
    }
    return false;
}

} // namespace aem
