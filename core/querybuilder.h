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
    int offset = 0; // p.offset: the first hit of the page (0-based); sent when above 0
    bool guessTotal = false; // p.guessTotal=true: AEM stops counting early, `total` is a lower bound
    QString orderBy; // @jcr:content/jcr:title, path, nodename …
    bool descending = false;
};

inline constexpr int kQueryBuilderMaxLimit = 10000;
inline constexpr int kQueryBuilderMaxOffset = 100000000;
// The most columns a page of hits is shown in (path, title, name, lastModified and the first other
// keys the hits have); the others are counted in QueryBuilderHits::hiddenColumns.
inline constexpr int kQueryBuilderMaxColumns = 64;
// The largest answer the parsers of AEM's tools read (QueryBuilder, GraphQL lists).
inline constexpr qsizetype kMaxAemToolAnswerBytes = 16 * 1024 * 1024;

// "/bin/querybuilder.json?…" with every key and value percent-encoded, or nullopt with `error`
// naming the field that is wrong.
std::optional<QString> queryBuilderPath(const QueryBuilderForm& form, QString* error);

struct QueryBuilderHits
{
    int total = 0;
    int offset = 0;
    bool more = false; // AEM has more hits than this page (with guessTotal: more than `total`)
    QStringList columns; // path, title, name, lastModified first, then any other key the hits have
    QList<QStringList> rows; // one per hit, in the order of `columns`
    int hiddenColumns = 0; // keys beyond kQueryBuilderMaxColumns, not shown
    int extraHits = 0; // hits beyond the most asked for, not made into rows
};

// The hits of a QueryBuilder answer, at most `maxHits` of them made into rows (the limit asked: a
// server sending more is counted in extraHits), or nullopt with `error` (too large, not JSON,
// success false, no hits, a total or offset that is not a number).
std::optional<QueryBuilderHits> parseQueryBuilderHits(const QByteArray& json, QString* error,
                                                      int maxHits = kQueryBuilderMaxLimit);

// Where a page of hits sits among all of them, for "Hits 21–40 of 134" and Previous/Next.
struct QueryBuilderPage
{
    int first = 0; // 1-based number of the first hit shown; 0 when the page is empty
    int last = 0; // 1-based number of the last hit shown
    int total = 0;
    bool totalIsLowerBound = false; // guessTotal asked and AEM says there are more: "of more than total"
    bool hasPrevious = false;
    bool hasNext = false;
    int previousOffset = 0;
    int nextOffset = 0;
};

// The page `hits` is, asked with `form` (its limit, offset and guessTotal).
QueryBuilderPage queryBuilderPage(const QueryBuilderForm& form, const QueryBuilderHits& hits);

} // namespace aem
