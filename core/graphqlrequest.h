// SPDX-License-Identifier: Apache-2.0
#pragma once

// AEM's GraphQL without memorising it: the endpoints an author has, the POST body of a query
// with its variables (refused unless they are a JSON object), the persisted queries AEM lists
// (/graphql/list.json) and the path that runs one
// (/graphql/execute.json/<configuration>/<name>%3Bparam%3Dvalue, encoded as Adobe's client does).

#include "requestbody.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace aem {

// AEM has no call that lists endpoints: each is the node /content/cq:graphql/<configuration>/endpoint,
// so the endpoints are the configurations of Sling's listing of /content/cq:graphql two levels
// down that hold an "endpoint" child (the URL spells cq: as _cq_, Sling's namespace mangling).
inline constexpr auto kGraphqlEndpointsListPath = "/content/_cq_graphql.2.json";
// AEM's listing of persisted queries, every configuration (append /<configuration> for one).
inline constexpr auto kPersistedQueriesListPath = "/graphql/list.json";
inline constexpr int kMaxPersistedQueries = 10000;
inline constexpr int kMaxGraphqlEndpoints = 1000;
// The most "left out" lines a listing keeps; one more line counts the rest.
inline constexpr int kMaxSkippedLines = 100;

struct GraphqlEndpoint
{
    QString configuration; // "global", "wknd-shared" …
    QString url; // the path to POST queries to, /content/_cq_graphql/<configuration>/endpoint.json
};

// The endpoints in the answer to kGraphqlEndpointsListPath (configurations holding an "endpoint"
// object); also read: {"endpoints": [...]} or a bare array of {configurationName, path, url}
// (an entry's url, else its repository path made into one). nullopt with `error` when too large,
// not JSON, or neither shape.
// An entry's url is kept only when it is a path on the AEM that answered (one leading '/', no
// "." or ".." segment, even percent-encoded, no '\\', no control character): the query goes
// there with the token. The entries left out are named in `skipped`.
std::optional<QList<GraphqlEndpoint>> parseGraphqlEndpoints(const QByteArray& json, QString* error,
                                                            QStringList* skipped = nullptr);

struct GraphqlVariable
{
    QString name; // without the $
    QString type; // String!, [String], Int …
    bool required = false; // a non-null type without a default value
};

// The variables a query declares: query Name($a: String!, $b: Int = 3) { … }.
QList<GraphqlVariable> graphqlVariables(const QString& query);

struct PersistedQuery
{
    QString configuration;
    QString name;
    QString query; // empty when the listing did not include it
    QString shortPath() const { return configuration + QLatin1Char('/') + name; } // "global/adventures"
};

struct PersistedQueryList
{
    QList<PersistedQuery> queries;
    QStringList skipped; // one line per entry that could not be read, naming its field
};

// The persisted queries of a /graphql/list.json answer. Read: AEM's array of
// {configurationName, queries: [{path: {shortForm, longForm}, data: {query}}]}; an array of
// entries {path, query} where path is /conf/<c>/settings/graphql/persistentQueries/<name>, its
// long form without /conf, or its short form /<c>/<name>; an object {queries: [...]}, or an object
// whose values are such entries. nullopt with `error` when too large, not JSON or neither shape;
// entries without a usable path are left out and named in `skipped`.
std::optional<PersistedQueryList> parsePersistedQueries(const QByteArray& json, QString* error);

// The endpoint of a configuration, where AEM as a Cloud Service serves it.
QString graphqlEndpointPath(const QString& configuration);

// {"query": …, "variables": {…}} (compact); `variables` may be empty or blank. nullopt with
// `error` when the query is empty or the variables are not a JSON object.
std::optional<QByteArray> graphqlBody(const QString& query, const QString& variables, QString* error);

// "/graphql/execute.json/global/adventures%3Bslug%3Dbali%20surf": `name` is
// "<configuration>/<query>" (a leading "/graphql/execute.json/" is accepted); the parameters are
// written ;name=value and that whole text percent-encoded (';' and '=' too, as AEM's own headless
// client does, so that no proxy drops them as matrix parameters). nullopt with `error` when the
// name is not configuration/query, a parameter has no name, or a name or value holds what the
// form cannot carry (';' anywhere, '=' in a name, a control character).
std::optional<QString> persistedQueryPath(const QString& name, const QueryItems& parameters, QString* error);

// The messages of a GraphQL answer's "errors", empty when it has none (or is not JSON).
QStringList graphqlErrors(const QByteArray& json);

} // namespace aem
