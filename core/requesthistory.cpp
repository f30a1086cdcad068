// SPDX-License-Identifier: Apache-2.0
#include "requesthistory.h"

#include "atomicfile.h"
#include "credentialrecord.h"
#include "jsontext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace aem {

bool isCredentialHeader(const QByteArray& name)
{
    const QByteArray n = name.trimmed().toLower();
    static const QByteArrayList exact {"authorization", "proxy-authorization", "cookie", "set-cookie", "csrf-token"};
    static const QByteArrayList parts {"token", "secret", "password", "passwd", "api-key", "apikey", "session"};
    return exact.contains(n)
        || std::any_of(parts.cbegin(), parts.cend(), [&n](const QByteArray& p) { return n.contains(p); });
}

bool bodyNamesCredential(const QByteArray& body)
{
    // A sign-in form (j_password=…), a JSON {"password": …}, a client secret: any mention.
    const QByteArray b = body.toLower();
    static const QByteArrayList words {"password", "passwd", "secret", "token", "api-key", "apikey", "api_key"};
    return std::any_of(words.cbegin(), words.cend(), [&b](const QByteArray& w) { return b.contains(w); });
}

QString withoutCredentialParameters(const QString& url)
{
    QUrl u(url);
    if (!u.hasQuery())
        return url;
    QUrlQuery query(u);
    auto items = query.queryItems(QUrl::FullyEncoded);
    bool changed = false;
    for (auto& [key, value] : items)
        if (!value.isEmpty() && isCredentialHeader(QUrl::fromPercentEncoding(key.toUtf8()).toUtf8())) {
            value.clear();
            changed = true;
        }
    if (!changed)
        return url;
    query.setQueryItems(items);
    u.setQuery(query);
    return u.toString();
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonArray h;
    for (const auto& [k, v] : headers)
        if (!isCredentialHeader(k))
            h.append(QJsonArray {QString::fromLatin1(k), QString::fromUtf8(v)});
    QJsonObject o {{QStringLiteral("at"), isoUtc(at)},
                   {QStringLiteral("credential"), credential},
                   {QStringLiteral("method"), QString::fromLatin1(method)},
                   {QStringLiteral("url"), url},
                   {QStringLiteral("headers"), h},
                   {QStringLiteral("status"), status},
                   {QStringLiteral("elapsedMs"), double(elapsedMs)},
                   {QStringLiteral("bytes"), double(bytes)}};
    if (!body.isEmpty() && body.size() <= kMaxBody)
        o.insert(QStringLiteral("body"), QString::fromUtf8(body));
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!bodyFile.isEmpty())
        o.insert(QStringLiteral("bodyFile"), bodyFile);
    if (!credentialId.isEmpty())
        o.insert(QStringLiteral("credentialId"), credentialId);
    if (asWritten)
        o.insert(QStringLiteral("asWritten"), true);
    return o;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject& o)
{
    HistoryEntry e;
    e.at = QDateTime::fromString(o.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    e.credential = o.value(QLatin1String("credential")).toString();
    e.method = o.value(QLatin1String("method")).toString().toLatin1();
    e.url = o.value(QLatin1String("url")).toString();
    if (!e.at.isValid() || e.method.isEmpty() || e.url.isEmpty())
        return std::nullopt;
    for (const QJsonValue& v : o.value(QLatin1String("headers")).toArray()) {
        const QJsonArray kv = v.toArray();
        const QByteArray k = kv.at(0).toString().toLatin1();
        if (!k.isEmpty() && k.compare("authorization", Qt::CaseInsensitive) != 0)
            e.headers.append({k, kv.at(1).toString().toUtf8()});
    }
    e.body = o.value(QLatin1String("body")).toString().toUtf8();
    e.status = o.value(QLatin1String("status")).toInt();
    e.elapsedMs = qint64(o.value(QLatin1String("elapsedMs")).toDouble());
    e.bytes = qint64(o.value(QLatin1String("bytes")).toDouble());
    e.error = o.value(QLatin1String("error")).toString();
    e.bodyFile = o.value(QLatin1String("bodyFile")).toString();
    e.credentialId = o.value(QLatin1String("credentialId")).toString();
    e.asWritten = o.value(QLatin1String("asWritten")).toBool();
    return e;
}

RequestHistory::RequestHistory(QString path, QObject* parent) : QAbstractTableModel(parent), m_path(std::move(path))
{
}

QString RequestHistory::defaultPath(const QString& dataDir)
{
    return dataDir + QStringLiteral("/history.json");
}

bool RequestHistory::load(QString* error)
{
    QFile f(m_path);
    QList<HistoryEntry> entries;
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly) || f.size() > 32 * 1024 * 1024) {
            if (error)
                *error = tr("cannot read the request history %1").arg(QDir::toNativeSeparators(m_path));
            return false;
        }
        for (const QJsonValue& v :
             QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("entries")).toArray())
            if (auto e = HistoryEntry::fromJson(v.toObject()))
                entries.append(*e);
    }
    beginResetModel();
    m_entries = entries;
    endResetModel();
    return true;
}

bool RequestHistory::save(QString* error) const
{
    QJsonArray arr;
    for (const HistoryEntry& e : m_entries)
        arr.append(e.toJson());
    return writeFileAtomically(
        m_path,
        QJsonDocument(QJsonObject {{QStringLiteral("version"), 1}, {QStringLiteral("entries"), arr}})
            .toJson(QJsonDocument::Compact),
        true, error);
}

bool RequestHistory::append(HistoryEntry entry, QString* error)
{
    entry.headers.removeIf([](const QPair<QByteArray, QByteArray>& h) { return isCredentialHeader(h.first); });
    if (entry.body.size() > HistoryEntry::kMaxBody || bodyNamesCredential(entry.body))
        entry.body.clear();
    entry.url = withoutCredentialParameters(entry.url);
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
    if (m_entries.size() > kMaxEntries) {
        beginRemoveRows({}, kMaxEntries, int(m_entries.size()) - 1);
        m_entries.resize(kMaxEntries);
        endRemoveRows();
    }
    return save(error);
}

bool RequestHistory::clear(QString* error)
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    return save(error);
}

int RequestHistory::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RequestHistory::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case HostColumn: return tr("Host");
    case MethodColumn: return tr("Method");
    case StatusColumn: return tr("Status");
    case PathColumn: return tr("Path");
    }
    return {};
}

int statusClass(int status)
{
    return status >= 200 && status < 600 ? status / 100 : 0;
}

QString historyTimeText(const QDateTime& at, const QDateTime& now)
{
    const QDateTime local = at.toLocalTime();
    const QLocale locale;
    if (local.date() == now.toLocalTime().date())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

namespace {
// The words that say what the colour says, for a status column read without colour.
QString statusWord(int status)
{
    switch (statusClass(status)) {
    case 2: return RequestHistory::tr("success");
    case 3: return RequestHistory::tr("redirect");
    case 4: return RequestHistory::tr("client error");
    case 5: return RequestHistory::tr("server error");
    }
    return RequestHistory::tr("no answer");
}

// A sign before the number, so the class reads without its colour: ✓ 2xx, ↪ 3xx, ✗ 4xx and 5xx.
QString statusCell(int status)
{
    switch (statusClass(status)) {
    case 2: return QStringLiteral("\u2713 %1").arg(status);
    case 3: return QStringLiteral("\u21aa %1").arg(status);
    case 4:
    case 5: return QStringLiteral("\u2717 %1").arg(status);
    }
    return status ? QString::number(status) : QStringLiteral("\u2014");
}

QString pathOf(const QUrl& u)
{
    QString path = u.path();
    if (u.hasQuery())
        path += QLatin1Char('?') + u.query();
    return path;
}
} // namespace

QVariant RequestHistory::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry& e = m_entries[index.row()];
    const QUrl u(e.url);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat);
        case HostColumn: return u.authority();
        case MethodColumn: return QString::fromLatin1(e.method);
        case StatusColumn: return statusCell(e.status);
        case PathColumn: return pathOf(u);
        }
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn)
            return e.status ? tr("%1, %2").arg(e.status).arg(statusWord(e.status)) : statusWord(0);
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        return tr("%1\n%2 with %3, %4 ms, %5")
            .arg(e.url, e.at.toLocalTime().toString(Qt::ISODate), e.credential)
            .arg(e.elapsedMs)
            .arg(e.error.isEmpty() ? tr("%1 bytes").arg(e.bytes) : e.error);
    case SearchTextRole:
        return QString(QString::fromLatin1(e.method) + QLatin1Char(' ') + e.url + QLatin1Char(' ') + e.credential
                       + QLatin1Char(' ') + QString::number(e.status) + QLatin1Char(' ') + statusWord(e.status));
    case StatusClassRole: return statusClass(e.status);
    case AtRole: return e.at;
    case EntryRole: return QVariant::fromValue(index.row());
    }
    return {};
}

QByteArray prettyPrintJsonPrefix(const QByteArray& json, qsizetype maxOutput)
{
    QByteArray out;
    out.reserve(std::min<qsizetype>(json.size() * 2, maxOutput));
    int depth = 0;
    JsonStringTracker strings;
    auto newline = [&] {
        out += '\n';
        out += QByteArray(std::max(0, depth) * 2, ' ');
    };
    for (qsizetype i = 0; i < json.size() && out.size() < maxOutput; ++i) {
        const char c = json[i];
        if (strings.inString(c)) {
            out += c;
            continue;
        }
        switch (c) {
        case '{':
        case '[': {
            out += c;
            // Keep empty {} and [] on one line.
            qsizetype j = i + 1;
            while (j < json.size() && std::isspace(static_cast<unsigned char>(json[j])))
                ++j;
            if (j < json.size() && (json[j] == '}' || json[j] == ']')) {
                out += json[j];
                i = j;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':': out += ": "; break;
        case ' ':
        case '\n':
        case '\r':
        case '\t': break;
        default: out += c;
        }
    }
    return out;
}

} // namespace aem
