// SPDX-License-Identifier: Apache-2.0
#pragma once

// Requests sent from the tester, persisted (never the Authorization value, never a token, nor a
// body or query value that names a password or secret), as a
// table model views can search and re-run from: time, host, method, status, path. Written
// atomically after each change.

#include "aemrequest.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>

namespace aem {

// Headers that carry a credential (Authorization, Cookie, an API key, a CSRF token, any name
// with "token", "secret" or "password" in it): never written to the history file.
bool isCredentialHeader(const QByteArray& name);
// A body that mentions a password, secret, token or API key (a sign-in form, a JSON with
// "password"): not written to the history file (re-running such a request means typing it again).
bool bodyNamesCredential(const QByteArray& body);
// `url` with the values of credential-named query parameters (?j_password=, ?token=) removed.
QString withoutCredentialParameters(const QString& url);

struct HistoryEntry
{
    QDateTime at;
    QString credential; // its name when sent
    QString credentialId; // follows a rename (CredentialRecord::id)
    QByteArray method;
    QString url;
    HeaderList headers; // request headers the user set; Authorization is never kept
    QByteArray body; // kept up to kMaxBody, for re-running
    QString bodyFile; // the file a body was streamed from (its path only)
    int status = 0; // 0: no answer
    qint64 elapsedMs = 0;
    qint64 bytes = 0;
    QString error;
    // Sent as written (a collection's own Authorization, not kept): a re-run asks first.
    bool asWritten = false;

    static constexpr qsizetype kMaxBody = 16 * 1024;
    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject& o);
};

// The class of a status, for its colour and its word: 2 for 2xx ... 5 for 5xx, 0 for no answer
// (or a status outside 200-599).
int statusClass(int status);

// When a request was sent, short: the time alone on the day of `now` (both shown in local time),
// else the date and the time.
QString historyTimeText(const QDateTime& at, const QDateTime& now);

class RequestHistory : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, StatusColumn, MethodColumn, PathColumn, HostColumn, ColumnCount };
    // SearchTextRole: every field of the row in one string; StatusClassRole: statusClass().
    // AtRole: when it was sent (UTC).
    enum Role { EntryRole = Qt::UserRole + 1, SearchTextRole, StatusClassRole, AtRole };
    static constexpr int kMaxEntries = 500;

    explicit RequestHistory(QString path, QObject* parent = nullptr);

    // $XDG_DATA_HOME/aem-token-manager/history.json
    static QString defaultPath(const QString& dataDir);

    bool load(QString* error = nullptr);
    bool append(HistoryEntry entry, QString* error = nullptr);
    bool clear(QString* error = nullptr);
    const QList<HistoryEntry>& entries() const { return m_entries; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    bool save(QString* error) const;
    QString m_path;
    QList<HistoryEntry> m_entries; // newest first
};

// Indents JSON text, including a truncated prefix of a larger document (the preview of a large
// answer), in one linear pass that never fails.
QByteArray prettyPrintJsonPrefix(const QByteArray& json, qsizetype maxOutput = 4 * 1024 * 1024);

} // namespace aem
