// SPDX-License-Identifier: Apache-2.0
#pragma once

// AEM's GraphQL without memorising it: the endpoints an author lists, the POST body of a query
// with its variables (refused unless they are a JSON object), and the path of a persisted query
// (/graphql/execute.json/<configuration>/<name>;param=value) with its parameters encoded.

#include "requestbody.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace aem {

inline constexpr auto kGraphqlListPath = "/graphql/list.endpoints.json";

struct GraphqlEndpoint
{
    QString configuration; // "global", "wknd-shared" …
    QString url; // the path to POST queries to, /content/_cq_graphql/<configuration>/endpoint.json
};

// The endpoints of a /graphql/list.endpoints.json answer ({"endpoints": [...]} or a bare array;
// an entry's url, else its repository path made into one), or nullopt with `error`.
std::optional<QList<GraphqlEndpoint>> parseGraphqlEndpoints(const QByteArray& json, QString* error);

// The endpoint of a configuration, where AEM as a Cloud Service serves it.
QString graphqlEndpointPath(const QString& configuration);

// {"query": …, "variables": {…}} (compact); `variables` may be empty or blank. nullopt with
// `error` when the query is empty or the variables are not a JSON object.
std::optional<QByteArray> graphqlBody(const QString& query, const QString& variables, QString* error);

// "/graphql/execute.json/global/adventures;slug=bali%20surf": `name` is "<configuration>/<query>"
// (a leading "/graphql/execute.json/" is accepted); each parameter's name and value are
// percent-encoded, ';', '=', '/', '?', '#' and '&' included. nullopt with `error` when the name
// is not configuration/query.
std::optional<QString> persistedQueryPath(const QString& name, const QueryItems& parameters, QString* error);

// The messages of a GraphQL answer's "errors", empty when it has none (or is not JSON).
QStringList graphqlErrors(const QByteArray& json);

} // namespace aem
