// SPDX-License-Identifier: Apache-2.0
#include "requestbody.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::RequestBody)
};

QString decodeComponent(QString s)
{
    s.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(s.toUtf8());
}

// Where the query starts and ends in `s` (-1 when there is no '?').
std::pair<qsizetype, qsizetype> querySpan(const QString& s)
{
    const qsizetype hash = s.indexOf(QLatin1Char('#'));
    const qsizetype end = hash < 0 ? s.size() : hash;
    const qsizetype q = s.left(end).indexOf(QLatin1Char('?'));
    return {q, end};
}
} // namespace

bool methodTakesBody(const QByteArray& method)
{
    static const QByteArrayList without {"GET", "HEAD", "OPTIONS", "TRACE", "CONNECT", "DELETE"};
    return !without.contains(method.trimmed().toUpper());
}

QByteArray contentTypeFor(BodyKind kind, const QString& fileName)
{
    switch (kind) {
    case BodyKind::Json: return "application/json";
    case BodyKind::Form: return "application/x-www-form-urlencoded";
    case BodyKind::Text: return "text/plain; charset=utf-8";
    case BodyKind::File: break;
    }
    const QMimeType type = QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    if (!type.isValid() || type.isDefault())
        return "application/octet-stream";
    return type.name().toLatin1();
}

bool hasHeader(const HeaderList& headers, const QByteArray& name)
{
    for (const auto& h : headers)
        if (h.first.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QString checkBodyFile(const QString& path, qint64* size)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty())
        return Tr::tr("Choose the file to send as the body.");
    const QFileInfo info(path);
    if (!info.exists())
        return Tr::tr("The body file %1 does not exist.").arg(shown);
    if (!info.isFile())
        return Tr::tr("The body file %1 is not a regular file.").arg(shown);
    if (!info.isReadable())
        return Tr::tr("The body file %1 cannot be read: check its permissions.").arg(shown);
    if (info.size() > kMaxBodyFileBytes)
        return Tr::tr("The body file %1 is larger than 4 GiB.").arg(shown);
    if (size)
        *size = info.size();
    return {};
}

QueryItems parseQuery(const QString& pathOrUrl)
{
    QueryItems items;
    const auto [q, end] = querySpan(pathOrUrl);
    if (q < 0)
        return items;
    const QString query = pathOrUrl.mid(q + 1, end - q - 1);
    for (const QString& part : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq < 0)
            items.append({decodeComponent(part), QString()});
        else
            items.append({decodeComponent(part.left(eq)), decodeComponent(part.mid(eq + 1))});
    }
    return items;
}

QString encodeQueryComponent(const QString& text)
{
    // Unreserved characters and a few sub-delimiters that mean nothing inside a query item stay
    // as they are; '&', '=', '+', '#', '%', spaces and everything outside ASCII are encoded.
    return QString::fromLatin1(QUrl::toPercentEncoding(text, "/:@!$'()*,;"));
}

QString withQuery(const QString& pathOrUrl, const QueryItems& items)
{
    const auto [q, end] = querySpan(pathOrUrl);
    const QString base = pathOrUrl.left(q < 0 ? end : q);
    const QString fragment = pathOrUrl.mid(end);
    QStringList parts;
    for (const auto& [k, v] : items) {
        if (k.isEmpty() && v.isEmpty())
            continue;
        parts.append(v.isEmpty() ? encodeQueryComponent(k)
                                 : QString(encodeQueryComponent(k) + QLatin1Char('=') + encodeQueryComponent(v)));
    }
    if (parts.isEmpty())
        return base + fragment;
    return base + QLatin1Char('?') + parts.join(QLatin1Char('&')) + fragment;
}

} // namespace aem
