// SPDX-License-Identifier: Apache-2.0
#include "graphqlrequest.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

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

std::optional<QList<GraphqlEndpoint>> parseGraphqlEndpoints(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith<QList<GraphqlEndpoint>>(error,
                                                Tr::tr("The endpoint list is not JSON: %1 at byte %2.")
                                                    .arg(parseError.errorString())
                                                    .arg(parseError.offset));
    const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("endpoints")).toArray();
    if (!doc.isArray() && !doc.object().value(QLatin1String("endpoints")).isArray())
        return failWith<QList<GraphqlEndpoint>>(error, Tr::tr("The answer lists no endpoints."));
    static const QRegularExpression repoPath(QStringLiteral("^/(?:conf|content/cq:graphql)/([^/]+)/"));
    QList<GraphqlEndpoint> out;
    for (const QJsonValue& v : list) {
        const QJsonObject e = v.toObject();
        GraphqlEndpoint ep;
        ep.configuration = e.value(QLatin1String("configurationName")).toString();
        const QString path = e.value(QLatin1String("path")).toString();
        if (ep.configuration.isEmpty())
            ep.configuration = repoPath.match(path).captured(1);
        ep.url = e.value(QLatin1String("url")).toString();
        if (ep.url.isEmpty() && !ep.configuration.isEmpty())
            ep.url = graphqlEndpointPath(ep.configuration);
        if (!ep.url.isEmpty())
            out.append(ep);
    }
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
    QString out = prefix + n;
    for (const auto& [k, v] : parameters) {
        if (k.trimmed().isEmpty())
            return failWith<QString>(error, Tr::tr("A parameter of the persisted query has no name."));
        out += QLatin1Char(';') + QString::fromLatin1(QUrl::toPercentEncoding(k.trimmed())) + QLatin1Char('=')
            + QString::fromLatin1(QUrl::toPercentEncoding(v));
    }
    return out;
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
