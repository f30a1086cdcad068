// SPDX-License-Identifier: Apache-2.0
#include "graphqlrequest.h"

#include "aempath.h"

#include "querybuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <climits>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::GraphqlRequest)
};

template<typename T> std::optional<T> failWith(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return std::nullopt;
}
} // namespace

QString graphqlEndpointPath(const QString& configuration)
{
    return QStringLiteral("/content/_cq_graphql/") + configuration + QStringLiteral("/endpoint.json");
}

namespace {
template<typename T> std::optional<T> tooLarge(QString* error, qsizetype size, const QString& what)
{
    return failWith<T>(
        error, Tr::tr("The %1 is %2 bytes, more than the %3 read.").arg(what).arg(size).arg(kMaxAemToolAnswerBytes));
}

template<typename T> std::optional<T> notJson(QString* error, const QJsonParseError& e, const QString& what)
{
    return failWith<T>(error, Tr::tr("The %1 is not JSON: %2 at byte %3.").arg(what, e.errorString()).arg(e.offset));
}

bool isNodeName(const QString& key)
{
    return !key.contains(QLatin1Char(':')) || key.startsWith(QLatin1String("cq:")); // jcr:, sling:, rep: are properties
}

const QRegularExpression& nameShape()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    return re;
}

bool hasControl(const QString& t)
{
    return std::any_of(t.cbegin(), t.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

// Appends `line` to `skipped`, at most kMaxSkippedLines of them and one that counts the rest.
void skip(QStringList* skipped, qsizetype* more, const QString& line)
{
    if (!skipped)
        return;
    if (skipped->size() < kMaxSkippedLines)
        skipped->append(line);
    else
        ++*more;
}

void countRest(QStringList* skipped, qsizetype more)
{
    if (skipped && more > 0)
        skipped->append(Tr::tr("%n more entry(ies) left out", nullptr, int(std::min<qsizetype>(more, INT_MAX))));
}
} // namespace

std::optional<QList<GraphqlEndpoint>> parseGraphqlEndpoints(const QByteArray& json, QString* error,
                                                            QStringList* skipped)
{
    const QString what = Tr::tr("endpoint list");
    if (json.size() > kMaxAemToolAnswerBytes)
        return tooLarge<QList<GraphqlEndpoint>>(error, json.size(), what);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return notJson<QList<GraphqlEndpoint>>(error, parseError, what);
    QList<GraphqlEndpoint> out;
    const QJsonObject root = doc.object();
    if (doc.isObject() && !root.value(QLatin1String("endpoints")).isArray()) {
        // Sling's listing of /content/cq:graphql: <configuration>: {"endpoint": {…}, …}.
        for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
            if (!isNodeName(it.key()) || !it.value().isObject()
                || !it.value().toObject().value(QLatin1String("endpoint")).isObject())
                continue;
            if (!nameShape().match(it.key()).hasMatch())
                continue;
            out.append({it.key(), graphqlEndpointPath(it.key())});
        }
        if (out.isEmpty() && !root.contains(QLatin1String("jcr:primaryType")))
            return failWith<QList<GraphqlEndpoint>>(
                error, Tr::tr("The answer lists no endpoints: no configuration in it has an \"endpoint\" node."));
        std::sort(out.begin(), out.end(), [](const GraphqlEndpoint& a, const GraphqlEndpoint& b) {
            return (a.configuration != QLatin1String("global")) < (b.configuration != QLatin1String("global"))
                || ((a.configuration != QLatin1String("global")) == (b.configuration != QLatin1String("global"))
                    && a.configuration < b.configuration);
        });
        return out;
    }
    if (!doc.isArray() && !doc.isObject())
        return failWith<QList<GraphqlEndpoint>>(error, Tr::tr("The answer lists no endpoints."));
    const QJsonArray list = doc.isArray() ? doc.array() : root.value(QLatin1String("endpoints")).toArray();
    static const QRegularExpression repoPath(QStringLiteral("^/(?:conf|content/cq:graphql)/([^/]+)/"));
    qsizetype more = 0;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (out.size() >= kMaxGraphqlEndpoints) {
            skip(skipped, &more, Tr::tr("more than %1 endpoints: the rest are not shown").arg(kMaxGraphqlEndpoints));
            break;
        }
        const QJsonObject e = list.at(i).toObject();
        GraphqlEndpoint ep;
        ep.configuration = e.value(QLatin1String("configurationName")).toString();
        const QString path = e.value(QLatin1String("path")).toString();
        if (ep.configuration.isEmpty())
            ep.configuration = repoPath.match(path).captured(1);
        ep.url = e.value(QLatin1String("url")).toString();
        if (ep.url.isEmpty() && !ep.configuration.isEmpty()) {
            if (!nameShape().match(ep.configuration).hasMatch()) {
                skip(skipped, &more,
                     Tr::tr("[%1].configurationName: %2 is not a configuration name").arg(i).arg(ep.configuration));
                continue;
            }
            ep.url = graphqlEndpointPath(ep.configuration);
        }
        if (ep.url.isEmpty())
            continue;
        if (!isPathOnThisAem(ep.url)) {
            // The query would go there with the token: a URL to another host, "//host", "..".
            skip(skipped, &more, Tr::tr("[%1].url: %2 is not a path on this AEM").arg(i).arg(ep.url.left(200)));
            continue;
        }
        out.append(ep);
    }
    countRest(skipped, more);
    return out;
}

QList<GraphqlVariable> graphqlVariables(const QString& query)
{
    QList<GraphqlVariable> out;
    const qsizetype brace = query.indexOf(QLatin1Char('{'));
    const qsizetype open = query.indexOf(QLatin1Char('('));
    if (open < 0 || (brace >= 0 && open > brace))
        return out;
    const qsizetype close = query.indexOf(QLatin1Char(')'), open);
    if (close < 0)
        return out;
    static const QRegularExpression decl(
        QStringLiteral("\\$([_A-Za-z][_0-9A-Za-z]*)\\s*:\\s*([\\[\\]_0-9A-Za-z!]+)\\s*(=)?"));
    const QString defs = query.mid(open + 1, close - open - 1);
    auto it = decl.globalMatch(defs);
    while (it.hasNext()) {
        const auto m = it.next();
        GraphqlVariable v;
        v.name = m.captured(1);
        v.type = m.captured(2);
        v.required = v.type.endsWith(QLatin1Char('!')) && m.captured(3) != QLatin1String("=");
        out.append(v);
    }
    return out;
}

std::optional<PersistedQueryList> parsePersistedQueries(const QByteArray& json, QString* error)
{
    const QString what = Tr::tr("persisted query list");
    if (json.size() > kMaxAemToolAnswerBytes)
        return tooLarge<PersistedQueryList>(error, json.size(), what);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return notJson<PersistedQueryList>(error, parseError, what);
    if (!doc.isArray() && !doc.isObject())
        return failWith<PersistedQueryList>(error,
                                            Tr::tr("The persisted query list is neither an array nor an object."));

    static const QRegularExpression longForm(
        QStringLiteral("^(?:/conf)?/([^/]+)/settings/graphql/persistentQueries/([^/]+)$"));
    static const QRegularExpression shortForm(QStringLiteral("^/?([^/]+)/([^/]+)$"));
    PersistedQueryList out;
    bool full = false;
    qsizetype more = 0; // skipped lines beyond kMaxSkippedLines
    // One entry: `where` names it in `skipped`; `configuration` is its parent's, if any.
    auto readEntry = [&](const QJsonValue& v, const QString& where, const QString& configuration, const QString& key) {
        if (out.queries.size() >= kMaxPersistedQueries) {
            full = true;
            return;
        }
        if (!v.isObject()) {
            skip(&out.skipped, &more, Tr::tr("%1: not an object").arg(where));
            return;
        }
        const QJsonObject e = v.toObject();
        const QJsonValue path = e.value(QLatin1String("path"));
        QStringList candidates;
        if (path.isObject()) {
            candidates << path.toObject().value(QLatin1String("shortForm")).toString()
                       << path.toObject().value(QLatin1String("longForm")).toString();
        } else if (path.isString()) {
            candidates << path.toString();
        }
        candidates << e.value(QLatin1String("shortPath")).toString();
        PersistedQuery q;
        for (const QString& c : std::as_const(candidates)) {
            if (c.isEmpty())
                continue;
            auto m = longForm.match(c);
            if (!m.hasMatch())
                m = shortForm.match(c);
            if (m.hasMatch()) {
                q.configuration = m.captured(1);
                q.name = m.captured(2);
                break;
            }
        }
        if (q.name.isEmpty() && !configuration.isEmpty()) {
            q.configuration = configuration;
            q.name = e.value(QLatin1String("name")).toString(key);
        }
        if (q.name.isEmpty() || q.configuration.isEmpty()) {
            skip(&out.skipped, &more,
                 path.isUndefined() ? Tr::tr("%1.path: missing").arg(where)
                                    : Tr::tr("%1.path: not a persisted query path (/conf/<configuration>/settings/"
                                             "graphql/persistentQueries/<name>)")
                                          .arg(where));
            return;
        }
        if (!nameShape().match(q.configuration).hasMatch() || !nameShape().match(q.name).hasMatch()) {
            skip(&out.skipped, &more,
                 Tr::tr("%1.path: %2/%3 is not a name the app can run").arg(where, q.configuration, q.name));
            return;
        }
        const QJsonValue data = e.value(QLatin1String("data"));
        q.query = data.isObject() ? data.toObject().value(QLatin1String("query")).toString()
                                  : e.value(QLatin1String("query")).toString();
        out.queries.append(q);
    };
    // A configuration {configurationName, queries: [...]}.
    auto readConfiguration = [&](const QJsonObject& c, const QString& where) {
        const QString name = c.value(QLatin1String("configurationName")).toString();
        const QJsonArray queries = c.value(QLatin1String("queries")).toArray();
        for (qsizetype i = 0; i < queries.size(); ++i)
            readEntry(queries.at(i), QStringLiteral("%1queries[%2]").arg(where).arg(i), name, {});
    };
    if (doc.isArray()) {
        const QJsonArray a = doc.array();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString where = QStringLiteral("[%1]").arg(i);
            if (a.at(i).toObject().value(QLatin1String("queries")).isArray())
                readConfiguration(a.at(i).toObject(), where + QLatin1Char('.'));
            else
                readEntry(a.at(i), where, {}, {});
        }
    } else if (doc.object().value(QLatin1String("queries")).isArray()) {
        readConfiguration(doc.object(), {});
    } else {
        const QJsonObject o = doc.object();
        const QString configuration = o.value(QLatin1String("configurationName")).toString();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (it.value().isObject())
                readEntry(it.value(), it.key(), configuration, it.key());
    }
    countRest(&out.skipped, more);
    if (full)
        out.skipped.append(Tr::tr("more than %1 persisted queries: the rest are not shown").arg(kMaxPersistedQueries));
    return out;
}

std::optional<QByteArray> graphqlBody(const QString& query, const QString& variables, QString* error)
{
    if (query.trimmed().isEmpty())
        return failWith<QByteArray>(error, Tr::tr("Write a query first."));
    QJsonObject body {{QStringLiteral("query"), query}};
    if (!variables.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(variables.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return failWith<QByteArray>(error,
                                        Tr::tr("The variables are not JSON: %1 at character %2.")
                                            .arg(parseError.errorString())
                                            .arg(parseError.offset));
        if (!doc.isObject())
            return failWith<QByteArray>(error,
                                        Tr::tr("The variables must be a JSON object, such as {\"slug\": \"bali\"}."));
        body.insert(QStringLiteral("variables"), doc.object());
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<QString> persistedQueryPath(const QString& name, const QueryItems& parameters, QString* error)
{
    QString n = name.trimmed();
    static const QString prefix = QStringLiteral("/graphql/execute.json/");
    if (n.startsWith(prefix))
        n = n.mid(prefix.size());
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"));
    if (!shape.match(n).hasMatch())
        return failWith<QString>(error,
                                 Tr::tr("Name the persisted query as configuration/query, for example "
                                        "global/adventures."));
    QString matrix;
    for (const auto& [key, v] : parameters) {
        const QString k = key.trimmed();
        if (k.isEmpty())
            return failWith<QString>(error, Tr::tr("A parameter of the persisted query has no name."));
        if (k.contains(QLatin1Char(';')) || k.contains(QLatin1Char('=')) || hasControl(k))
            return failWith<QString>(error,
                                     Tr::tr("The parameter name \"%1\" holds ';', '=' or a control character.").arg(k));
        if (v.contains(QLatin1Char(';')) || hasControl(v))
            return failWith<QString>(error,
                                     Tr::tr("The value of %1 holds ';' or a control character, which a persisted "
                                            "query's URL cannot carry: send the query with POST instead.")
                                         .arg(k));
        matrix += QLatin1Char(';') + k + QLatin1Char('=') + v;
    }
    return prefix + n + QString::fromLatin1(QUrl::toPercentEncoding(matrix));
}

QStringList graphqlErrors(const QByteArray& json)
{
    QStringList out;
    const QJsonArray errors = QJsonDocument::fromJson(json).object().value(QLatin1String("errors")).toArray();
    for (const QJsonValue& e : errors)
        out.append(e.isObject() ? e.toObject().value(QLatin1String("message")).toString() : e.toString());
    return out;
}

} // namespace aem
