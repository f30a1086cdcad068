// SPDX-License-Identifier: Apache-2.0
#include "credentiallistproxy.h"

#include "credentiallistmodel.h"
#include "envtype.h"

#include <QDateTime>
#include <QLocale>

#include <climits>

namespace aem {

namespace {

using Column = CredentialListModel::Column;

// Ascending order of the type badges: DEV, STAGE, PROD, then a type this version does not know,
// then none.
int envTypeRank(EnvType t)
{
    switch (t) {
    case EnvType::Development: return 0;
    case EnvType::Stage: return 1;
    case EnvType::Production: return 2;
    case EnvType::Unknown: return 3;
    case EnvType::None: break;
    }
    return 4;
}

template<class T> int threeWay(const T& a, const T& b)
{
    return a < b ? -1 : b < a ? 1 : 0;
}

qint64 msecsOr(const QDateTime& t, qint64 otherwise)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : otherwise;
}

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

} // namespace

int naturalCompare(const QCollator& collator, QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const bool digitsA = isAsciiDigit(a[i]);
        const bool digitsB = isAsciiDigit(b[j]);
        qsizetype endA = i;
        while (endA < a.size() && isAsciiDigit(a[endA]) == digitsA)
            ++endA;
        qsizetype endB = j;
        while (endB < b.size() && isAsciiDigit(b[endB]) == digitsB)
            ++endB;
        QStringView partA = a.sliced(i, endA - i);
        QStringView partB = b.sliced(j, endB - j);
        int c = 0;
        if (digitsA && digitsB) {
            // As numbers, of any length: without leading zeros the longer is the larger.
            while (partA.size() > 1 && partA.front() == QLatin1Char('0'))
                partA = partA.sliced(1);
            while (partB.size() > 1 && partB.front() == QLatin1Char('0'))
                partB = partB.sliced(1);
            c = threeWay(partA.size(), partB.size());
            if (c == 0)
                c = partA.compare(partB);
        } else {
            c = collator.compare(partA, partB);
        }
        if (c != 0)
            return c < 0 ? -1 : 1;
        i = endA;
        j = endB;
    }
    return threeWay(a.size() - i, b.size() - j);
}

std::pair<int, int> groupKeyOf(const CredentialRecord& r)
{
    const auto [program, environment] = programAndEnvironment(r);
    return program > 0 ? std::make_pair(program, environment) : std::make_pair(INT_MAX, INT_MAX);
}

CredentialListProxy::CredentialListProxy(QObject* parent) : QSortFilterProxyModel(parent), m_collator(QLocale())
{
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void CredentialListProxy::setFilterText(const QString& text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void CredentialListProxy::setHeldBack(bool held)
{
    if (held == m_held)
        return;
    m_held = held;
    invalidateFilter();
}

void CredentialListProxy::setGroupByProgram(bool on)
{
    if (on == m_group)
        return;
    m_group = on;
    invalidate(); // sorts again, and the environment column's text changes
}

const CredentialRecord* CredentialListProxy::recordOf(const QModelIndex& sourceIndex) const
{
    const auto* model = qobject_cast<const CredentialListModel*>(sourceModel());
    return model && sourceIndex.isValid() ? model->recordAt(sourceIndex.row()) : nullptr;
}

QString CredentialListProxy::searchText(const CredentialRecord& r, const QStringList& shown)
{
    QStringList fields {r.name, kindId(r.kind), r.envTypeText(), envTypeLabel(r.envType)};
    fields << shown;
    if (const auto [program, environment] = programAndEnvironment(r); program > 0)
        fields << QStringLiteral("p%1").arg(program) << QStringLiteral("e%1").arg(environment);
    for (const QUrl& u : {r.environment.author, r.environment.publish, r.environment.preview})
        if (!u.host().isEmpty())
            fields << u.authority();
    return fields.join(QLatin1Char('\n')).toLower();
}

bool CredentialListProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_held)
        return false;
    if (m_words.isEmpty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    const CredentialRecord* r = recordOf(model->index(sourceRow, 0, sourceParent));
    if (!r)
        return false;
    // The kind and the type badge as the list shows them (in the language shown).
    const QStringList shown {model->index(sourceRow, Column::KindColumn, sourceParent).data().toString(),
                             model->index(sourceRow, Column::EnvTypeColumn, sourceParent).data().toString()};
    const QString haystack = searchText(*r, shown);
    return std::all_of(m_words.cbegin(), m_words.cend(), [&](const QString& w) { return haystack.contains(w); });
}

int CredentialListProxy::compareNames(const QModelIndex& left, const QModelIndex& right) const
{
    return naturalCompare(
        m_collator, left.sibling(left.row(), Column::NameColumn).data(CredentialListModel::NameRole).toString(),
        right.sibling(right.row(), Column::NameColumn).data(CredentialListModel::NameRole).toString());
}

int CredentialListProxy::compareColumn(const QModelIndex& left, const QModelIndex& right) const
{
    const CredentialRecord* l = recordOf(left);
    const CredentialRecord* r = recordOf(right);
    switch (left.column()) {
    case Column::NameColumn: return compareNames(left, right);
    case Column::TokenColumn:
        // By the time left: no token first (nothing left), then expired, expiring, valid.
        return threeWay(msecsOr(left.data(CredentialListModel::TokenExpiresAtRole).toDateTime(), LLONG_MIN),
                        msecsOr(right.data(CredentialListModel::TokenExpiresAtRole).toDateTime(), LLONG_MIN));
    case Column::CertificateColumn:
        // By the time left; no certificate (OAuth, local token) never expires: last.
        return threeWay(msecsOr(left.data(CredentialListModel::CertificateExpiresAtRole).toDateTime(), LLONG_MAX),
                        msecsOr(right.data(CredentialListModel::CertificateExpiresAtRole).toDateTime(), LLONG_MAX));
    case Column::EnvTypeColumn:
        if (l && r && l->envType != r->envType)
            return threeWay(envTypeRank(l->envType), envTypeRank(r->envType));
        break;
    case Column::EnvironmentColumn:
        if (l && r && groupKeyOf(*l) != groupKeyOf(*r))
            return threeWay(groupKeyOf(*l), groupKeyOf(*r));
        break;
    default: break;
    }
    return naturalCompare(m_collator, left.data().toString(), right.data().toString());
}

bool CredentialListProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (m_group) {
        const CredentialRecord* l = recordOf(left);
        const CredentialRecord* r = recordOf(right);
        if (l && r && groupKeyOf(*l) != groupKeyOf(*r)) {
            // Groups stay in ascending order whatever the direction: a descending sort asks
            // lessThan(right, left).
            const bool less = groupKeyOf(*l) < groupKeyOf(*r);
            return sortOrder() == Qt::AscendingOrder ? less : !less;
        }
    }
    int c = compareColumn(left, right);
    if (c == 0 && left.column() != Column::NameColumn)
        c = compareNames(left, right);
    return c < 0; // equal rows keep the list's order (the sort is stable)
}

bool CredentialListProxy::startsGroup(int proxyRow) const
{
    if (proxyRow <= 0)
        return true;
    const CredentialRecord* here = recordOf(mapToSource(index(proxyRow, 0)));
    const CredentialRecord* above = recordOf(mapToSource(index(proxyRow - 1, 0)));
    return !here || !above || groupKeyOf(*here).first != groupKeyOf(*above).first;
}

QVariant CredentialListProxy::data(const QModelIndex& index, int role) const
{
    if (role == GroupStartRole)
        return m_group && index.isValid() && startsGroup(index.row());
    if (m_group && role == Qt::DisplayRole && index.column() == Column::EnvironmentColumn) {
        if (const CredentialRecord* r = recordOf(mapToSource(index))) {
            const auto [program, environment] = groupKeyOf(*r);
            if (program != INT_MAX) {
                // The program once, on its group's first row; the environments under it.
                return startsGroup(index.row()) ? QStringLiteral("p%1 e%2").arg(program).arg(environment)
                                                : QStringLiteral("\u2003\u2003e%1").arg(environment);
            }
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace aem
