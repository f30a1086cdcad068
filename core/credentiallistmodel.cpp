#include "credentiallistmodel.h"

#include "clock.h"
#include "countdown.h"

#include <QLocale>

namespace aem {

CredentialListModel::CredentialListModel(CredentialStore& store, const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent), m_store(store), m_clock(clock)
{
    connect(&m_store, &CredentialStore::changed, this, &CredentialListModel::reload);
    reload();
}

void CredentialListModel::setMargins(qint64 tokenMs, qint64 certificateDays)
{
    m_tokenMarginMs = tokenMs;
    m_certificateMarginDays = certificateDays;
    tick();
}

void CredentialListModel::reload()
{
    QList<CredentialRecord> next = m_store.records();
    std::sort(next.begin(), next.end(),
              [](const CredentialRecord& a, const CredentialRecord& b) { return a.name.localeAwareCompare(b.name) < 0; });
    auto indexOfId = [](const QList<CredentialRecord>& list, const QString& id) {
        for (int i = 0; i < list.size(); ++i)
            if (list[i].id == id)
                return i;
        return -1;
    };
    // Gone: removed row by row, from the bottom.
    for (int row = int(m_records.size()) - 1; row >= 0; --row) {
        if (indexOfId(next, m_records[row].id) < 0) {
            beginRemoveRows({}, row, row);
            m_records.removeAt(row);
            endRemoveRows();
        }
    }
    // Those that stay in another order (a rename): one reset is simplest.
    QStringList kept;
    for (const CredentialRecord& r : std::as_const(next))
        if (indexOfId(m_records, r.id) >= 0)
            kept << r.id;
    bool sameOrder = kept.size() == m_records.size();
    for (int i = 0; sameOrder && i < kept.size(); ++i)
        sameOrder = kept[i] == m_records[i].id;
    if (!sameOrder) {
        beginResetModel();
        m_records = next;
        m_tokenExpiry = readTokenExpiry();
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
    refreshTokens();
}

QHash<QString, QDateTime> CredentialListModel::readTokenExpiry() const
{
    QHash<QString, QDateTime> expiry;
    for (const CredentialRecord& r : std::as_const(m_records)) {
        if (r.kind == CredentialKind::LocalDev)
            expiry.insert(r.name, r.localTokenExpiresAt);
        else if (const auto info = m_store.cachedTokenInfo(r))
            expiry.insert(r.name, info->expiresAt);
    }
    return expiry;
}

QStringList CredentialListModel::refreshTokens()
{
    const QHash<QString, QDateTime> next = readTokenExpiry();
    QStringList changed;
    for (int row = 0; row < m_records.size(); ++row) {
        const QString& name = m_records[row].name;
        if (next.value(name) == m_tokenExpiry.value(name))
            continue;
        changed << name;
        m_tokenExpiry.insert(name, next.value(name));
        Q_EMIT dataChanged(index(row, TokenColumn), index(row, TokenColumn));
    }
    m_tokenExpiry = next;
    return changed;
}

void CredentialListModel::tick()
{
    if (!m_records.isEmpty())
        Q_EMIT dataChanged(index(0, TokenColumn), index(int(m_records.size()) - 1, CertificateColumn));
}

void CredentialListModel::setTokenExpiry(const QString& name, const QDateTime& expiresAt)
{
    m_tokenExpiry.insert(name, expiresAt);
    const int row = rowOf(name);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, TokenColumn), index(row, TokenColumn));
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
    return m_tokenExpiry.value(name);
}

std::optional<std::pair<QString, QDateTime>> CredentialListModel::soonestTokenExpiry() const
{
    const QDateTime now = m_clock.now();
    std::optional<std::pair<QString, QDateTime>> best;
    for (auto it = m_tokenExpiry.cbegin(); it != m_tokenExpiry.cend(); ++it)
        if (it.value().isValid() && it.value() > now && (!best || it.value() < best->second))
            best = std::make_pair(it.key(), it.value());
    return best;
}

int CredentialListModel::tokenState(const CredentialRecord& r, const QDateTime& now) const
{
    return int(expiryState(m_tokenExpiry.value(r.name), now, m_tokenMarginMs));
}

int CredentialListModel::certificateState(const CredentialRecord& r, const QDateTime& now) const
{
    if (r.kind != CredentialKind::Service)
        return int(ExpiryState::None);
    return int(expiryState(r.certificateNotAfter, now, m_certificateMarginDays * 24 * 3600 * 1000));
}

QString CredentialListModel::tokenText(const CredentialRecord& r, const QDateTime& now) const
{
    const QDateTime exp = m_tokenExpiry.value(r.name);
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

QVariant CredentialListModel::data(const QModelIndex& index, int role) const
{
    const CredentialRecord* r = index.isValid() ? recordAt(index.row()) : nullptr;
    if (!r)
        return {};
    const QDateTime now = m_clock.now();
    switch (role) {
    case NameRole: return r->name;
    case TokenExpiresAtRole: return m_tokenExpiry.value(r->name);
    case CertificateExpiresAtRole: return r->certificateNotAfter;
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
        case KindColumn:
            return r->kind == CredentialKind::Service ? tr("Service") : r->kind == CredentialKind::OAuth ? tr("OAuth S2S") : tr("Local dev");
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
        if (index.column() == KindColumn)
            return r->kind == CredentialKind::Service ? tr("Service credentials (JWT, technical account)")
                   : r->kind == CredentialKind::OAuth ? tr("OAuth Server-to-Server credentials")
                                                      : tr("Local development token");
        if (index.column() == EnvironmentColumn)
            return r->environment.author.toString();
        if (index.column() == TokenColumn && m_tokenExpiry.value(r->name).isValid())
            return tr("Expires %1").arg(QLocale().toString(m_tokenExpiry.value(r->name).toLocalTime(), QLocale::LongFormat));
        if (index.column() == CertificateColumn && r->certificateNotAfter.isValid())
            return tr("Certificate valid until %1").arg(QLocale().toString(r->certificateNotAfter.toLocalTime(), QLocale::LongFormat));
        break;
    }
    return {};
}

QVariant CredentialListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case KindColumn: return tr("Kind");
    case EnvironmentColumn: return tr("Environment");
    case TokenColumn: return tr("Token");
    case CertificateColumn: return tr("Certificate");
    }
    return {};
}

} // namespace aem
