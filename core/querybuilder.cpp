// SPDX-License-Identifier: Apache-2.0
#include "querybuilder.h"

#include "requestbody.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::QueryBuilder)
};

bool hasControl(const QString& s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}
} // namespace

std::optional<QString> queryBuilderPath(const QueryBuilderForm& form, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<QString> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString path = form.path.trimmed();
    if (!path.isEmpty() && !path.startsWith(QLatin1Char('/')))
        return fail(Tr::tr("The path must start with / (for example /content/dam)."));
    for (const QString& field : {path, form.type, form.fulltext, form.orderBy})
        if (hasControl(field))
            return fail(Tr::tr("A field holds a line break or a control character."));
    if (form.limit < -1 || form.limit == 0 || form.limit > kQueryBuilderMaxLimit)
        return fail(Tr::tr("The limit must be between 1 and %1, or -1 for all.").arg(kQueryBuilderMaxLimit));
    if (form.offset < 0 || form.offset > kQueryBuilderMaxOffset)
        return fail(Tr::tr("The offset (p.offset) must be between 0 and %1.").arg(kQueryBuilderMaxOffset));
    QueryItems items;
    if (!path.isEmpty())
        items.append({QStringLiteral("path"), path});
    if (!form.type.trimmed().isEmpty())
        items.append({QStringLiteral("type"), form.type.trimmed()});
    int n = 0;
    for (const auto& [name, value] : form.properties) {
        if (name.trimmed().isEmpty() && value.isEmpty())
            continue;
        if (name.trimmed().isEmpty())
            return fail(Tr::tr("The property for the value \"%1\" has no name.").arg(value));
        if (hasControl(name) || hasControl(value))
            return fail(Tr::tr("The property %1 holds a line break or a control character.").arg(name.trimmed()));
        const QString key = QString::number(++n) + QStringLiteral("_property");
        items.append({key, name.trimmed()});
        items.append({key + QStringLiteral(".value"), value});
    }
    if (!form.fulltext.trimmed().isEmpty())
        items.append({QStringLiteral("fulltext"), form.fulltext.trimmed()});
    if (!form.orderBy.trimmed().isEmpty()) {
        items.append({QStringLiteral("orderby"), form.orderBy.trimmed()});
        if (form.descending)
            items.append({QStringLiteral("orderby.sort"), QStringLiteral("desc")});
    }
    if (form.offset > 0)
        items.append({QStringLiteral("p.offset"), QString::number(form.offset)});
    items.append({QStringLiteral("p.limit"), QString::number(form.limit)});
    if (form.guessTotal)
        items.append({QStringLiteral("p.guessTotal"), QStringLiteral("true")});
    return withQuery(QStringLiteral("/bin/querybuilder.json"), items);
}

std::optional<QueryBuilderHits> parseQueryBuilderHits(const QByteArray& json, QString* error, int maxHits)
{
    auto fail = [&](const QString& why) -> std::optional<QueryBuilderHits> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (json.size() > kMaxAemToolAnswerBytes)
        return fail(Tr::tr("The QueryBuilder answer is %1 bytes, more than the %2 read: lower the limit.")
                        .arg(json.size())
                        .arg(kMaxAemToolAnswerBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            Tr::tr("The answer is not JSON: %1 at byte %2.").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject o = doc.object();
    for (const char* field : {"total", "offset", "results"}) {
        const QJsonValue v = o.value(QLatin1String(field));
        if (!v.isUndefined() && !v.isNull() && (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 2e9))
            return fail(Tr::tr("The QueryBuilder answer's %1 is not a count.").arg(QLatin1String(field)));
    }
    if (o.value(QLatin1String("success")) == QJsonValue(false))
        return fail(Tr::tr("The QueryBuilder refused the query: %1")
                        .arg(o.value(QLatin1String("errorMessage")).toString(Tr::tr("no reason given"))));
    if (!o.value(QLatin1String("hits")).isArray())
        return fail(Tr::tr("The answer has no hits: is this a QueryBuilder answer?"));
    QueryBuilderHits out;
    const QJsonArray hits = o.value(QLatin1String("hits")).toArray();
    out.total = o.value(QLatin1String("total")).toInt(int(hits.size()));
    out.offset = o.value(QLatin1String("offset")).toInt();
    out.more = o.value(QLatin1String("more")).toBool();
    if (out.total < out.offset + int(hits.size()) && !out.more)
        out.total = out.offset + int(hits.size()); // a total that cannot be: count what is here
    out.columns = {QStringLiteral("path"), QStringLiteral("title"), QStringLiteral("name"),
                   QStringLiteral("lastModified")};
    // No more rows than asked for: a server sending more is counted, not shown.
    const qsizetype kept = std::min<qsizetype>(hits.size(), std::clamp(maxHits, 0, kQueryBuilderMaxLimit));
    out.extraHits = int(hits.size() - kept);
    // Every key the hits have, in their order, once (a set: a hostile answer may have millions).
    QStringList present;
    QSet<QString> seen;
    for (qsizetype i = 0; i < kept; ++i) {
        const QJsonObject hit = hits.at(i).toObject();
        for (auto it = hit.constBegin(); it != hit.constEnd(); ++it)
            if (!seen.contains(it.key())) {
                seen.insert(it.key());
                present.append(it.key());
            }
    }
    out.columns.erase(
        std::remove_if(out.columns.begin(), out.columns.end(), [&](const QString& c) { return !seen.contains(c); }),
        out.columns.end());
    for (const QString& k : std::as_const(present)) {
        if (out.columns.contains(k)) // one of the four first ones
            continue;
        if (out.columns.size() >= kQueryBuilderMaxColumns)
            ++out.hiddenColumns;
        else
            out.columns.append(k);
    }
    for (qsizetype i = 0; i < kept; ++i) {
        const QJsonObject hit = hits.at(i).toObject();
        QStringList row;
        for (const QString& c : out.columns) {
            const QJsonValue v = hit.value(c);
            if (v.isString())
                row.append(v.toString());
            else if (v.isDouble())
                row.append(QString::number(v.toDouble(), 'g', 15));
            else if (v.isBool())
                row.append(v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            else if (v.isObject() || v.isArray())
                row.append(QString::fromUtf8((v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
                                                 .toJson(QJsonDocument::Compact)));
            else
                row.append(QString());
        }
        out.rows.append(row);
    }
    return out;
}

QueryBuilderPage queryBuilderPage(const QueryBuilderForm& form, const QueryBuilderHits& hits)
{
    QueryBuilderPage p;
    const int shown = int(hits.rows.size());
    // Where the page was asked to start, not where the server says it does: one that answers
    // offset 0 to every page would bring Next back to the same page for ever.
    const int offset = std::clamp(form.offset, 0, kQueryBuilderMaxOffset);
    p.first = shown > 0 ? offset + 1 : 0;
    p.last = offset + shown;
    p.total = std::max(hits.total, p.last);
    p.totalIsLowerBound = form.guessTotal && hits.more;
    if (form.limit > 0) {
        p.hasPrevious = offset > 0;
        p.previousOffset = std::max(0, offset - form.limit);
        p.nextOffset = offset + shown;
        // A total that never ends stops where the form can no longer ask (kQueryBuilderMaxOffset).
        p.hasNext = shown > 0 && (p.last < p.total || hits.more) && p.nextOffset <= kQueryBuilderMaxOffset;
    }
    return p;
}

} // namespace aem
