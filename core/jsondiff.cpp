// SPDX-License-Identifier: Apache-2.0
#include "jsondiff.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace aem {

QStringList JsonDiffOptions::volatileKeys()
{
    return {QStringLiteral("jcr:created"),
            QStringLiteral("jcr:createdBy"),
            QStringLiteral("jcr:lastModified"),
            QStringLiteral("jcr:lastModifiedBy"),
            QStringLiteral("jcr:uuid"),
            QStringLiteral("cq:lastModified"),
            QStringLiteral("cq:lastModifiedBy"),
            QStringLiteral("cq:lastReplicated*"),
            QStringLiteral("cq:lastReplicationAction*"),
            QStringLiteral("cq:lastRolledout*"),
            QStringLiteral("lastModified*"),
            QStringLiteral("created"),
            QStringLiteral("date"),
            QStringLiteral("*timestamp*"),
            QStringLiteral("*_at")};
}

QStringList JsonDiffOptions::volatileHeaders()
{
    return {QStringLiteral("Date"),          QStringLiteral("Age"),           QStringLiteral("Expires"),
            QStringLiteral("Set-Cookie"),    QStringLiteral("ETag"),          QStringLiteral("Last-Modified"),
            QStringLiteral("X-Request-Id"),  QStringLiteral("X-Vhost"),       QStringLiteral("X-Cache*"),
            QStringLiteral("X-Served-By"),   QStringLiteral("X-Timer"),       QStringLiteral("CF-Ray"),
            QStringLiteral("Server-Timing"), QStringLiteral("X-Dispatcher*"), QStringLiteral("Via")};
}

namespace JsonDiff {

bool globMatch(QStringView pattern, QStringView text)
{
    // Iterative, with one backtrack point: linear for the patterns people type.
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size()
            && (pattern[p] == QLatin1Char('?') || pattern[p].toCaseFolded() == text[t].toCaseFolded())) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

bool headerIgnored(const QString& name, const QStringList& patterns)
{
    for (const QString& p : patterns)
        if (globMatch(p, name))
            return true;
    return false;
}

namespace {

// `shape`: 'd' a digit, 'a' a letter, anything else itself; matched as a prefix of `s`.
bool hasShape(QStringView s, const char* shape)
{
    const qsizetype n = qsizetype(std::strlen(shape));
    if (s.size() < n)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = s[i];
        const char want = shape[i];
        if (want == 'd' ? !c.isDigit() : want == 'a' ? !c.isLetter() : c != QLatin1Char(want))
            return false;
    }
    return true;
}

} // namespace

bool looksLikeTimestamp(const QJsonValue& value)
{
    if (value.isDouble()) {
        // Epoch milliseconds, 2001 to 2286.
        const double d = value.toDouble();
        return d >= 1e12 && d < 1e13 && d == std::floor(d);
    }
    if (!value.isString())
        return false;
    const QString s = value.toString();
    return hasShape(s, "dddd-dd-dd") // ISO 8601
        || hasShape(s, "aaa, dd aaa dddd dd:dd") // HTTP (RFC 9110)
        || hasShape(s, "aaa, d aaa dddd dd:dd")
        || hasShape(s, "aaa aaa dd dddd dd:dd"); // ECMAScript, as Sling writes dates
}

namespace {

void appendString(QString& out, const QString& s, qsizetype budget)
{
    out += QLatin1Char('"');
    for (qsizetype i = 0; i < s.size() && out.size() <= budget; ++i) {
        const QChar c = s[i];
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (c == QLatin1Char('\n')) {
            out += QLatin1String("\\n");
        } else if (c.unicode() < 0x20) {
            out += QLatin1Char(' ');
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
}

void write(QString& out, const QJsonValue& v, qsizetype budget)
{
    switch (v.type()) {
    case QJsonValue::Null: out += QLatin1String("null"); break;
    case QJsonValue::Bool: out += v.toBool() ? QLatin1String("true") : QLatin1String("false"); break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        out += (d == std::floor(d) && std::abs(d) < 1e15) ? QString::number(qint64(d)) : QString::number(d, 'g', 15);
        break;
    }
    case QJsonValue::String: appendString(out, v.toString(), budget); break;
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        out += QLatin1Char('[');
        bool first = true;
        for (const QJsonValue& e : a) {
            if (out.size() > budget)
                break;
            if (!first)
                out += QLatin1Char(',');
            first = false;
            write(out, e, budget);
        }
        out += QLatin1Char(']');
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out += QLatin1Char('{');
        bool first = true;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (out.size() > budget)
                break;
            if (!first)
                out += QLatin1Char(',');
            first = false;
            appendString(out, it.key(), budget);
            out += QLatin1Char(':');
            write(out, it.value(), budget);
        }
        out += QLatin1Char('}');
        break;
    }
    case QJsonValue::Undefined: break;
    }
}

bool plainKey(const QString& key)
{
    if (key.isEmpty() || key[0].isDigit())
        return false;
    for (const QChar c : key)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char(':') || c == QLatin1Char('-')
              || c == QLatin1Char('@')))
            return false;
    return true;
}

// `path` as a difference carries it: whole when short, else its start and end around "…".
QString shownPath(const QString& path)
{
    if (path.size() <= kMaxDifferencePathChars)
        return path;
    const qsizetype head = kMaxDifferencePathChars / 2;
    const qsizetype tail = kMaxDifferencePathChars - head;
    return path.first(head) + QChar(0x2026) + path.last(tail);
}

// Collects differences up to the cap and counts the rest; checks the cancel flag now and then.
class Collector
{
public:
    Collector(const JsonDiffOptions& o, const std::atomic<bool>* cancel, JsonDiffResult& r)
        : m_o(o), m_cancel(cancel), m_r(r)
    {
    }

    bool stopped()
    {
        if ((++m_steps & 0xfff) == 0 && m_cancel && m_cancel->load(std::memory_order_relaxed))
            m_r.cancelled = true;
        return m_r.cancelled;
    }
    bool full() const { return m_r.differences.size() >= m_o.maxDifferences; }
    void add(JsonDifference d)
    {
        ++m_r.total;
        if (!full())
            m_r.differences.append(std::move(d));
    }
    QString abbreviated(const QJsonValue& v) const { return abbreviate(v, m_o.maxValueChars); }

protected:
    const JsonDiffOptions& m_o;
    const std::atomic<bool>* m_cancel;
    JsonDiffResult& m_r;
    quint64 m_steps = 0;
};

class Walker : public Collector
{
public:
    Walker(const JsonDiffOptions& o, const std::atomic<bool>* cancel, JsonDiffResult& r) : Collector(o, cancel, r)
    {
        for (const QString& p : o.ignore) {
            const QString t = p.trimmed();
            if (t.startsWith(QLatin1Char('$')))
                m_pathPatterns.append(t);
            else if (!t.isEmpty())
                m_keyPatterns.append(t);
        }
        m_path = QStringLiteral("$");
    }

    void walk(const QJsonValue& a, const QJsonValue& b)
    {
        if (stopped())
            return;
        if (a.type() != b.type()) {
            if (m_o.ignoreTimestampValues && looksLikeTimestamp(a) && looksLikeTimestamp(b))
                ++m_r.ignored;
            else
                difference(JsonDifference::TypeChanged, &a, &b);
            return;
        }
        if ((a.isObject() || a.isArray()) && m_depth >= kMaxJsonDiffDepth) {
            // Too deep to walk on: the subtrees as a whole, one difference where they start.
            m_r.depthLimited = true;
            if (a != b)
                difference(JsonDifference::Changed, &a, &b);
            return;
        }
        ++m_depth;
        if (a.isObject())
            walkObject(a.toObject(), b.toObject());
        else if (a.isArray())
            walkArray(a.toArray(), b.toArray());
        --m_depth;
        if (a.isObject() || a.isArray())
            return;
        if (a == b)
            return;
        if (m_o.ignoreTimestampValues && looksLikeTimestamp(a) && looksLikeTimestamp(b))
            ++m_r.ignored;
        else
            difference(JsonDifference::Changed, &a, &b);
    }

private:
    void difference(JsonDifference::Kind kind, const QJsonValue* a, const QJsonValue* b)
    {
        JsonDifference d;
        d.kind = kind;
        if (!full()) {
            d.path = shownPath(m_path);
            if (a)
                d.left = abbreviated(*a);
            if (b)
                d.right = abbreviated(*b);
        }
        add(std::move(d));
    }

    void pushKey(const QString& key)
    {
        if (plainKey(key)) {
            m_path += QLatin1Char('.');
            m_path += key;
        } else {
            QString quoted;
            appendString(quoted, key, std::numeric_limits<qsizetype>::max());
            m_path += QLatin1Char('[') + quoted + QLatin1Char(']');
        }
    }

    bool keyIgnored(const QString& key)
    {
        if (!m_keyPatterns.isEmpty()) {
            auto it = m_keyCache.constFind(key);
            if (it == m_keyCache.constEnd()) {
                bool hit = false;
                for (const QString& p : std::as_const(m_keyPatterns))
                    hit = hit || globMatch(p, key);
                it = m_keyCache.insert(key, hit);
            }
            if (*it)
                return true;
        }
        return pathIgnored();
    }
    bool pathIgnored() const
    {
        for (const QString& p : m_pathPatterns)
            if (globMatch(p, m_path))
                return true;
        return false;
    }

    void walkObject(const QJsonObject& a, const QJsonObject& b)
    {
        const qsizetype depth = m_path.size();
        for (auto it = a.constBegin(); it != a.constEnd() && !m_r.cancelled; ++it) {
            const QString key = it.key();
            pushKey(key);
            const auto other = b.constFind(key);
            const QJsonValue value = it.value();
            if (keyIgnored(key)) {
                if (other == b.constEnd() || QJsonValue(other.value()) != value)
                    ++m_r.ignored;
            } else if (other == b.constEnd()) {
                difference(JsonDifference::Removed, &value, nullptr);
            } else {
                walk(value, other.value());
            }
            m_path.truncate(depth);
        }
        for (auto it = b.constBegin(); it != b.constEnd() && !stopped(); ++it) {
            const QString key = it.key();
            if (a.contains(key))
                continue;
            pushKey(key);
            const QJsonValue value = it.value();
            if (keyIgnored(key))
                ++m_r.ignored;
            else
                difference(JsonDifference::Added, nullptr, &value);
            m_path.truncate(depth);
        }
    }

    void walkArray(const QJsonArray& a, const QJsonArray& b)
    {
        const qsizetype depth = m_path.size();
        const qsizetype n = std::max(a.size(), b.size());
        for (qsizetype i = 0; i < n && !stopped(); ++i) {
            m_path += QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
            const QJsonValue va = i < a.size() ? a.at(i) : QJsonValue(QJsonValue::Undefined);
            const QJsonValue vb = i < b.size() ? b.at(i) : QJsonValue(QJsonValue::Undefined);
            if (!m_pathPatterns.isEmpty() && pathIgnored()) {
                if (va != vb)
                    ++m_r.ignored;
            } else if (i >= b.size()) {
                difference(JsonDifference::Removed, &va, nullptr);
            } else if (i >= a.size()) {
                difference(JsonDifference::Added, nullptr, &vb);
            } else {
                walk(va, vb);
            }
            m_path.truncate(depth);
        }
    }

    QStringList m_keyPatterns;
    QStringList m_pathPatterns;
    QHash<QString, bool> m_keyCache;
    QString m_path;
    int m_depth = 0; // objects and arrays walked into above the current value
};

std::vector<QByteArrayView> splitLines(const QByteArray& text, qsizetype cap, bool* cut)
{
    std::vector<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        if (qsizetype(lines.size()) >= cap) {
            *cut = true;
            break;
        }
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        qsizetype stop = end;
        if (stop > start && text[stop - 1] == '\r')
            --stop;
        lines.emplace_back(text.constData() + start, stop - start);
        start = end + 1;
    }
    return lines;
}

QString lineText(QByteArrayView line, int maxChars)
{
    QString s = QString::fromUtf8(line.first(std::min(line.size(), qsizetype(maxChars) * 4)));
    if (s.size() > maxChars) {
        s.truncate(maxChars);
        s += QChar(0x2026);
    }
    return s;
}

} // namespace

QString abbreviate(const QJsonValue& value, int maxChars)
{
    QString out;
    write(out, value, maxChars);
    if (out.size() > maxChars) {
        out.truncate(maxChars);
        out += QChar(0x2026);
    }
    return out;
}

JsonDiffResult compareValues(const QJsonValue& left, const QJsonValue& right, const JsonDiffOptions& options,
                             const std::atomic<bool>* cancel)
{
    JsonDiffResult r;
    r.json = r.leftIsJson = r.rightIsJson = true;
    Walker(options, cancel, r).walk(left, right);
    return r;
}

JsonDiffResult compareText(const QByteArray& left, const QByteArray& right, const JsonDiffOptions& options,
                           const std::atomic<bool>* cancel)
{
    JsonDiffResult r;
    Collector out(options, cancel, r);
    bool cut = false;
    const auto a = splitLines(left, options.maxTextLines, &cut);
    const auto b = splitLines(right, options.maxTextLines, &cut);
    r.approximate = cut;
    // Each line hashed once: the alignment compares up to 4e6 pairs, and long lines that differ
    // only at their end (a hostile answer's 2000 lines of 16 KiB) were each read in full per pair.
    std::vector<size_t> hashA(a.size()), hashB(b.size());
    for (size_t k = 0; k < a.size(); ++k)
        hashA[k] = qHash(a[k]);
    for (size_t k = 0; k < b.size(); ++k)
        hashB[k] = qHash(b[k]);
    auto same = [&](qsizetype i, qsizetype j) {
        return hashA[size_t(i)] == hashB[size_t(j)] && a[size_t(i)] == b[size_t(j)];
    };
    qsizetype head = 0;
    while (head < qsizetype(a.size()) && head < qsizetype(b.size()) && same(head, head))
        ++head;
    qsizetype ta = a.size(), tb = b.size();
    while (ta > head && tb > head && same(ta - 1, tb - 1)) {
        --ta;
        --tb;
    }
    const qsizetype n = ta - head, m = tb - head;
    auto emit = [&](JsonDifference::Kind kind, qsizetype i, qsizetype j) {
        JsonDifference d;
        d.kind = kind;
        if (i >= 0) {
            d.leftLine = int(i + 1);
            if (!out.full())
                d.left = lineText(a[i], options.maxValueChars);
        }
        if (j >= 0) {
            d.rightLine = int(j + 1);
            if (!out.full())
                d.right = lineText(b[j], options.maxValueChars);
        }
        out.add(std::move(d));
    };
    if (n == 0 && m == 0)
        return r;
    if (n * m > 4'000'000) {
        // Too different to align: line k against line k.
        r.approximate = true;
        for (qsizetype k = 0; k < std::max(n, m) && !out.stopped(); ++k) {
            if (k < n && k < m) {
                if (!same(head + k, head + k))
                    emit(JsonDifference::Changed, head + k, head + k);
            } else if (k < n) {
                emit(JsonDifference::Removed, head + k, -1);
            } else {
                emit(JsonDifference::Added, -1, head + k);
            }
        }
        return r;
    }
    // Longest common subsequence of the middle, suffix form; it is at most 2000 lines long
    // (n * m <= 4e6), so 16 bits per cell hold it.
    const qsizetype w = m + 1;
    std::vector<quint16> L(size_t((n + 1) * w), 0);
    for (qsizetype i = n - 1; i >= 0; --i) {
        if (out.stopped())
            return r;
        for (qsizetype j = m - 1; j >= 0; --j)
            L[size_t(i * w + j)] = same(head + i, head + j)
                ? quint16(L[size_t((i + 1) * w + j + 1)] + 1)
                : std::max(L[size_t((i + 1) * w + j)], L[size_t(i * w + j + 1)]);
    }
    // Walk it; a run of removed lines followed by added ones pairs up as changed lines.
    std::vector<qsizetype> removed, added;
    auto flush = [&] {
        const size_t pairs = std::min(removed.size(), added.size());
        for (size_t k = 0; k < pairs; ++k)
            emit(JsonDifference::Changed, removed[k], added[k]);
        for (size_t k = pairs; k < removed.size(); ++k)
            emit(JsonDifference::Removed, removed[k], -1);
        for (size_t k = pairs; k < added.size(); ++k)
            emit(JsonDifference::Added, -1, added[k]);
        removed.clear();
        added.clear();
    };
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(head + i, head + j)) {
            flush();
            ++i;
            ++j;
        } else if (j >= m || (i < n && L[size_t((i + 1) * w + j)] >= L[size_t(i * w + j + 1)])) {
            removed.push_back(head + i++);
        } else {
            added.push_back(head + j++);
        }
    }
    flush();
    return r;
}

JsonDiffResult compare(const QByteArray& left, const QByteArray& right, const JsonDiffOptions& options,
                       const std::atomic<bool>* cancel)
{
    auto parse = [](const QByteArray& body, QJsonValue* out) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            return false;
        *out = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        return true;
    };
    QJsonValue a, b;
    const bool leftJson = !left.trimmed().isEmpty() && parse(left, &a);
    if (cancel && cancel->load()) {
        JsonDiffResult r;
        r.cancelled = true;
        return r;
    }
    const bool rightJson = !right.trimmed().isEmpty() && parse(right, &b);
    JsonDiffResult r =
        leftJson && rightJson ? compareValues(a, b, options, cancel) : compareText(left, right, options, cancel);
    r.leftIsJson = leftJson;
    r.rightIsJson = rightJson;
    return r;
}

} // namespace JsonDiff

} // namespace aem
