// SPDX-License-Identifier: Apache-2.0
#pragma once

// AEM's QueryBuilder without memorising it: a small form (path, type, property = value,
// full-text, limit, ordering) made into the /bin/querybuilder.json request, and its answer
// (success, results, total, more, offset, hits) made into the rows of a table.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace aem {

struct QueryBuilderForm
{
    QString path; // under this path (descendants); empty: the whole repository
    QString type; // dam:Asset, cq:Page …
    QList<QPair<QString, QString>> properties; // property name = value (both needed)
    QString fulltext;
    int limit = 20; // p.limit; -1 for all
    QString orderBy; // @jcr:content/jcr:title, path, nodename …
    bool descending = false;
};

inline constexpr int kQueryBuilderMaxLimit = 10000;

// "/bin/querybuilder.json?…" with every key and value percent-encoded, or nullopt with `error`
// naming the field that is wrong.
std::optional<QString> queryBuilderPath(const QueryBuilderForm& form, QString* error);

struct QueryBuilderHits
{
    int total = 0;
    int offset = 0;
    bool more = false;
    QStringList columns; // path, title, name, lastModified first, then any other key the hits have
    QList<QStringList> rows; // one per hit, in the order of `columns`
};

// The hits of a QueryBuilder answer, or nullopt with `error` (not JSON, success false, no hits).
std::optional<QueryBuilderHits> parseQueryBuilderHits(const QByteArray& json, QString* error);

} // namespace aem
