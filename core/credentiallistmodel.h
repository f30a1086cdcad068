// SPDX-License-Identifier: Apache-2.0
#pragma once

// The stored credentials as a table for views: name, environment type (a short badge: PROD,
// STAGE, DEV), kind, environment, token status, certificate status. Token columns read the TokenService (the one owner of token state) and
// follow its announcements; time-dependent columns are recomputed by tick(); nothing here touches
// the keychain, so the list is ready as soon as the metadata file is read.

#include "credentialstore.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace aem {

class Clock;
class TokenService;

class CredentialListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        EnvTypeColumn,
        KindColumn,
        EnvironmentColumn,
        TokenColumn,
        CertificateColumn,
        ColumnCount
    };
    enum Role {
        NameRole = Qt::UserRole + 1,
        StateRole, // ExpiryState of the column's token or certificate, as int
        TokenExpiresAtRole, // QDateTime or invalid
        CertificateExpiresAtRole,
        EnvTypeRole, // the record's EnvType, as chosen, as int (views colour Production with a warning)
        // True when the type column shows a suggestion (no type chosen; the name or hosts say
        // one): views show it greyed and slanted.
        EnvTypeSuggestedRole,
    };

    CredentialListModel(CredentialStore& store, TokenService& tokens, const Clock& clock, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const CredentialRecord* recordAt(int row) const;
    int rowOf(const QString& name) const;
    int rowOfId(const QString& id) const;
    QDateTime tokenExpiresAt(const QString& name) const;

    // The soonest token expiry among credentials with a live token (for the tray tooltip).
    std::optional<std::pair<QString, QDateTime>> soonestTokenExpiry() const;

    // Warnings shown "expiring" within these margins.
    void setMargins(qint64 tokenMs, qint64 certificateDays);

public Q_SLOTS:
    // Re-reads the records (after import/remove, or another process's change). Rows that stay
    // stay (views keep their selection), new ones are inserted, gone ones removed; a list that did
    // not change changes nothing.
    void reload();
    // Recomputes time-dependent text; call once a second.
    void tick();

private:
    QList<CredentialRecord> sortedRecords() const;
    QDateTime tokenExpiry(const CredentialRecord& r) const;
    void onTokenChanged(const QString& id);
    QString tokenText(const CredentialRecord& r, const QDateTime& now) const;
    QString certificateText(const CredentialRecord& r, const QDateTime& now) const;
    int tokenState(const CredentialRecord& r, const QDateTime& now) const;
    int certificateState(const CredentialRecord& r, const QDateTime& now) const;
    static QString envTypeBadge(const CredentialRecord& r);
    static QString envTypeToolTip(const CredentialRecord& r);

    CredentialStore& m_store;
    TokenService& m_tokens;
    const Clock& m_clock;
    QList<CredentialRecord> m_records;
    qint64 m_tokenMarginMs = 10 * 60 * 1000;
    qint64 m_certificateMarginDays = 30;
};

} // namespace aem
