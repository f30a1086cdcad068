// SPDX-License-Identifier: Apache-2.0
#pragma once

// Compares two answers to the same request (two environments): as JSON when both bodies are
// JSON — objects by key, arrays by position — else as text lines. What differs comes back as a
// list of paths (`$.hits[3].jcr:lastModified`) with both values abbreviated, capped, with the
// total beyond the cap counted. Keys that differ between environments by nature (timestamps,
// replication marks) can be ignored by name, by path or by looking like a timestamp on both sides.
//
// Pure and thread-free: callers run it off the GUI thread (a 10 MiB answer takes a while to
// parse) and may stop it early through `cancel`.

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace aem {

// The longest path a difference carries: a longer one (a hostile answer's megabyte key) keeps its
// start and its end around "…", so that 10000 differences never hold 10000 copies of the key.
inline constexpr int kMaxDifferencePathChars = 512;

// The deepest level the walk goes down to, one call per level; a subtree below it is compared
// whole (JsonDiffResult::depthLimited). Qt's parser itself stops at 1024.
inline constexpr int kMaxJsonDiffDepth = 256;

struct JsonDifference
{
    enum Kind { Added, Removed, Changed, TypeChanged };
    Kind kind = Changed;
    QString path; // a JSON path for JSON bodies; empty for text lines
    QString left; // abbreviated; empty when absent on that side
    QString right;
    int leftLine = 0; // text bodies: 1-based line numbers, 0 when the line is not on that side
    int rightLine = 0;
};

struct JsonDiffOptions
{
    // Each entry: a key name (`jcr:created`) or a path (`$.hits[*].id`), `*` and `?` as wildcards,
    // compared without regard to case. A member that matches is not compared at all.
    QStringList ignore;
    // Two differing values that both look like a date or time (ISO 8601, HTTP or ECMAScript
    // dates, epoch milliseconds) count as equal.
    bool ignoreTimestampValues = false;
    int maxDifferences = 10000; // kept in the list; the rest are only counted
    int maxValueChars = 160; // per abbreviated value
    int maxTextLines = 500000; // per side, for the text comparison

    // The names AEM changes on every environment by itself, the default ignore list.
    static QStringList volatileKeys();
    // The response headers that differ between any two answers (Date, request ids, cookies).
    static QStringList volatileHeaders();
};

struct JsonDiffResult
{
    bool json = false; // compared as JSON; else as text lines
    bool leftIsJson = false;
    bool rightIsJson = false;
    bool approximate = false; // text too different to align line by line: compared by position
    bool cancelled = false;
    bool depthLimited = false; // a subtree nested deeper than kMaxJsonDiffDepth was compared whole
    QList<JsonDifference> differences; // at most maxDifferences
    qint64 total = 0; // every difference found, the listed ones included
    qint64 ignored = 0; // members skipped by the ignore list or as timestamps
    qint64 omitted() const { return total - differences.size(); }
};

namespace JsonDiff {

// Parses both bodies and compares them (as text when either is not a JSON object or array).
JsonDiffResult compare(const QByteArray& left, const QByteArray& right, const JsonDiffOptions& options,
                       const std::atomic<bool>* cancel = nullptr);
// Two parsed documents (for a comparison run again with other options).
JsonDiffResult compareValues(const QJsonValue& left, const QJsonValue& right, const JsonDiffOptions& options,
                             const std::atomic<bool>* cancel = nullptr);
// Line by line: common lines aligned (a longest common subsequence when the differing middle is
// small enough, else by position, marked approximate).
JsonDiffResult compareText(const QByteArray& left, const QByteArray& right, const JsonDiffOptions& options,
                           const std::atomic<bool>* cancel = nullptr);

bool looksLikeTimestamp(const QJsonValue& value);
// `pattern` against `text`, `*` any run and `?` one character, without regard to case.
bool globMatch(QStringView pattern, QStringView text);
// Compact JSON, cut to about `maxChars` with "…".
QString abbreviate(const QJsonValue& value, int maxChars);
// Whether the header `name` is ignored by the patterns (names compared without regard to case).
bool headerIgnored(const QString& name, const QStringList& patterns);

} // namespace JsonDiff

} // namespace aem
