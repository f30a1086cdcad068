// SPDX-License-Identifier: Apache-2.0
#include "credentiallistmodel.h"

#include "clock.h"
#include "countdown.h"
#include "envtype.h"
#include "tokenservice.h"

#include <QHash>
#include <QLocale>
#include <QSet>

namespace aem {

CredentialListModel::CredentialListModel(CredentialStore& store, TokenService& tokens, const Clock& clock,
                                         QObject* parent)
    : QAbstractTableModel(parent), m_store(store), m_tokens(tokens), m_clock(clock)
{
    connect(&m_store, &CredentialStore::changed, this, &CredentialListModel::reload);
    connect(&m_tokens, &TokenService::changed, this, &CredentialListModel::onTokenChanged);
    // The first load: no view is attached yet, so all rows at once and no signals.
    m_records = sortedRecords();
}

void CredentialListModel::setMargins(qint64 tokenMs, qint64 certificateDays)
{
    m_tokenMarginMs = tokenMs;
    m_certificateMarginDays = certificateDays;
    tick();
}

QList<CredentialRecord> CredentialListModel::sortedRecords() const
{
    QList<CredentialRecord> next = m_store.records();
    std::sort(next.begin(), next.end(), [](const CredentialRecord& a, const CredentialRecord& b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return next;
}

void CredentialListModel::reload()
{
    const QList<CredentialRecord> next = sortedRecords();
    // Rows by id, so that 500 credentials cost 500 lookups and not 500 × 500 comparisons.
    QHash<QString, int> nextRows;
    nextRows.reserve(next.size());
    for (int i = 0; i < next.size(); ++i)
        nextRows.insert(next[i].id, i);
    // Gone: removed row by row, from the bottom.
    for (int row = int(m_records.size()) - 1; row >= 0; --row) {
        if (!nextRows.contains(m_records[row].id)) {
            beginRemoveRows({}, row, row);
            m_records.removeAt(row);
            endRemoveRows();
        }
    }
    // Those that stay in another order (a rename): one reset is simplest.
    QSet<QString> present;
    present.reserve(m_records.size());
    for (const CredentialRecord& r : std::as_const(m_records))
        present.insert(r.id);
    QStringList kept;
    for (const CredentialRecord& r : std::as_const(next))
        if (present.contains(r.id))
            kept << r.id;
    bool sameOrder = kept.size() == m_records.size();
    for (int i = 0; sameOrder && i < kept.size(); ++i)
        sameOrder = kept[i] == m_records[i].id;
    if (!sameOrder) {
        beginResetModel();
        m_records = next;
        endResetModel();
        return;
    }
    // New ones inserted where they sort; changed ones updated in place.
    for (int row = 0; row < next.size(); ++row) {
        if (row < m_records.size() && m_records[row].id == next[row].id) {
            if (m_records[row].toJson() != next[row].toJson()) {
                m_records[row] = next[row];
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
            continue;
        }
        beginInsertRows({}, row, row);
        m_records.insert(row, next[row]);
        endInsertRows();
    }
}

QDateTime CredentialListModel::tokenExpiry(const CredentialRecord& r) const
{
    return m_tokens.expiresAt(r.id);
}

void CredentialListModel::onTokenChanged(const QString& id)
{
    const int row = rowOfId(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, TokenColumn), index(row, TokenColumn));
}

void CredentialListModel::tick()
{
    if (!m_records.isEmpty())
        Q_EMIT dataChanged(index(0, TokenColumn), index(int(m_records.size()) - 1, CertificateColumn));
}

int CredentialListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int CredentialListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const CredentialRecord* CredentialListModel::recordAt(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records[row] : nullptr;
}

int CredentialListModel::rowOf(const QString& name) const
{
    for (int i = 0; i < m_records.size(); ++i)
        if (m_records[i].name == name)
            return i;
    return -1;
}

int CredentialListModel::rowOfId(const QString& id) const
{
    for (int i = 0; i < m_records.size(); ++i)
        if (m_records[i].id == id)
            return i;
    return -1;
}

QDateTime CredentialListModel::tokenExpiresAt(const QString& name) const
{
    const int row = rowOf(name);
    return row >= 0 ? tokenExpiry(m_records[row]) : QDateTime();
}

std::optional<std::pair<QString, QDateTime>> CredentialListModel::soonestTokenExpiry() const
{
    const auto soonest = m_tokens.soonestExpiry();
    const int row = soonest ? rowOfId(soonest->first) : -1;
    if (row < 0)
        return std::nullopt;
    return std::make_pair(m_records[row].name, soonest->second);
}

int CredentialListModel::tokenState(const CredentialRecord& r, const QDateTime& now) const
{
    return int(expiryState(tokenExpiry(r), now, m_tokenMarginMs));
}

int CredentialListModel::certificateState(const CredentialRecord& r, const QDateTime& now) const
{
    if (r.kind != CredentialKind::Service)
        return int(ExpiryState::None);
    return int(expiryState(r.certificateNotAfter, now, m_certificateMarginDays * 24 * 3600 * 1000));
}

QString CredentialListModel::tokenText(const CredentialRecord& r, const QDateTime& now) const
{
    if (!usesToken(r.kind))
        return tr("not needed");
    const QDateTime exp = tokenExpiry(r);
    switch (expiryState(exp, now, m_tokenMarginMs)) {
    case ExpiryState::None: return tr("no token");
    case ExpiryState::Expired: return tr("expired");
    case ExpiryState::Expiring: return tr("expiring, %1 left").arg(formatDuration(now.msecsTo(exp)));
    case ExpiryState::Valid: break;
    }
    return tr("valid for %1").arg(formatDuration(now.msecsTo(exp)));
}

QString CredentialListModel::certificateText(const CredentialRecord& r, const QDateTime& now) const
{
    if (r.kind != CredentialKind::Service || !r.certificateNotAfter.isValid())
        return QStringLiteral("—");
    const qint64 days = now.msecsTo(r.certificateNotAfter) / (24 * 3600 * 1000);
    switch (expiryState(r.certificateNotAfter, now, m_certificateMarginDays * 24 * 3600 * 1000)) {
    case ExpiryState::Expired: return tr("expired");
    case ExpiryState::Expiring: return tr("expires in %1").arg(formatDays(days));
    default: return tr("fine, %1 left").arg(formatDays(days));
    }
}

QString CredentialListModel::envTypeBadge(const CredentialRecord& r)
{
    switch (effectiveEnvType(r)) {
    case EnvType::Production: return tr("PROD");
    case EnvType::Stage: return tr("STAGE");
    case EnvType::Development: return tr("DEV");
    case EnvType::Unknown: return r.envTypeText().left(12);
    case EnvType::None: break;
    }
    return QStringLiteral("—"); // none chosen, none suggested
}

QString CredentialListModel::envTypeToolTip(const CredentialRecord& r)
{
    bool suggested = false;
    const EnvType shown = effectiveEnvType(r, &suggested);
    if (suggested)
        return (shown == EnvType::Production
                    ? tr("Suggested from the name or hosts: %1, not chosen — choose it under Environment type. Until "
                         "then the request tester asks before sending anything that may change it.")
                    : tr("Suggested from the name or hosts: %1, not chosen — choose it under Environment type."))
            .arg(envTypeLabel(shown));
    switch (r.envType) {
    case EnvType::Production:
        return tr("Production environment: the request tester asks before sending anything that may change it");
    case EnvType::Stage: return tr("Stage environment");
    case EnvType::Development: return tr("Development environment");
    case EnvType::Unknown: return tr("Environment type \"%1\", not known to this version").arg(r.envTypeText());
    case EnvType::None: break;
    }
    return tr("Environment type not set: choose it under Environment type");
}

QVariant CredentialListModel::data(const QModelIndex& index, int role) const
{
    const CredentialRecord* r = index.isValid() ? recordAt(index.row()) : nullptr;
    if (!r)
        return {};
    const QDateTime now = m_clock.now();
    switch (role) {
    case NameRole: return r->name;
    case TokenExpiresAtRole: return tokenExpiry(*r);
    case CertificateExpiresAtRole: return r->certificateNotAfter;
    case EnvTypeRole: return int(r->envType);
    case EnvTypeSuggestedRole: return r->envType == EnvType::None && suggestEnvType(*r) != EnvType::None;
    case StateRole:
        if (index.column() == TokenColumn)
            return tokenState(*r, now);
        if (index.column() == CertificateColumn)
            return certificateState(*r, now);
        return int(ExpiryState::None);
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn: return r->name;
        case EnvTypeColumn:
            if (role == Qt::AccessibleTextRole) {
                if (r->envType != EnvType::None)
                    return envTypeLabel(r->envType);
                const EnvType suggested = suggestEnvType(*r);
                return suggested == EnvType::None ? tr("no environment type")
                                                  : tr("suggested: %1").arg(envTypeLabel(suggested));
            }
            return envTypeBadge(*r);
        case KindColumn:
            return r->kind == CredentialKind::Service ? tr("Service")
                : r->kind == CredentialKind::OAuth    ? tr("OAuth S2S")
                : r->kind == CredentialKind::Local    ? tr("Local AEM")
                                                      : tr("Local dev");
        case EnvironmentColumn: {
            // The program/environment pair when known, else the author host the user set.
            const QString env = r->environment.isKnown() ? r->environment.label() : r->environment.author.authority();
            return env.isEmpty() ? QStringLiteral("—") : env;
        }
        case TokenColumn: return tokenText(*r, now);
        case CertificateColumn: return certificateText(*r, now);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return r->name; // whole, when the column elides it
        if (index.column() == EnvTypeColumn)
            return envTypeToolTip(*r);
        if (index.column() == KindColumn)
            return r->kind == CredentialKind::Service ? tr("Service credentials (JWT, technical account)")
                : r->kind == CredentialKind::OAuth    ? tr("OAuth Server-to-Server credentials")
                : r->kind == CredentialKind::Local    ? tr("Local AEM target (the AEM SDK on this machine): no token")
                                                      : tr("Local development token");
        if (index.column() == EnvironmentColumn)
            return r->environment.author.toString();
        if (index.column() == TokenColumn && tokenExpiry(*r).isValid())
            return tr("Expires %1").arg(QLocale().toString(tokenExpiry(*r).toLocalTime(), QLocale::LongFormat));
        if (index.column() == CertificateColumn && r->certificateNotAfter.isValid())
            return tr("Certificate valid until %1")
                .arg(QLocale().toString(r->certificateNotAfter.toLocalTime(), QLocale::LongFormat));
        break;
    }
    return {};
}

QVariant CredentialListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {}; // the tooltip says a title the column's width elided
    switch (section) {
    case NameColumn: return tr("Name");
    case EnvTypeColumn: return tr("Type");
    case KindColumn: return tr("Kind");
    case EnvironmentColumn: return tr("Environment");
    case TokenColumn: return tr("Token");
    case CertificateColumn: return tr("Certificate");
    }
    return {};
}

} // namespace aem
