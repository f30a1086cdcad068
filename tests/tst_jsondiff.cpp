// SPDX-License-Identifier: Apache-2.0
// Two answers compared: objects by key, arrays by position, type changes, the ignore list (keys,
// paths, wildcards), values that both look like timestamps, text bodies line by line, the cap on
// listed differences with the rest counted, cancellation, and a 10 MiB answer compared whole.

#include "jsondiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace aem;

namespace {
JsonDiffResult diff(const char* a, const char* b, const JsonDiffOptions& o = {})
{
    return JsonDiff::compare(QByteArray(a), QByteArray(b), o);
}
QStringList paths(const JsonDiffResult& r)
{
    QStringList p;
    for (const JsonDifference& d : r.differences)
        p.append(d.path);
    return p;
}
// A JSON answer of about `mb` MiB: `hits` objects, every 1000th one different on the right.
QByteArray bigAnswer(int mb, bool right)
{
    QByteArray out = "{\"total\":0,\"hits\":[";
    const qsizetype target = qsizetype(mb) * 1024 * 1024;
    for (int i = 0; out.size() < target; ++i) {
        if (i)
            out += ',';
        out += "{\"jcr:path\":\"/content/dam/site/asset-" + QByteArray::number(i)
            + "\",\"jcr:lastModified\":\"2026-12-0" + (right ? "2" : "1")
            + "T10:00:00.000Z\",\"size\":" + QByteArray::number(right && i % 1000 == 0 ? i + 1 : i)
            + ",\"tags\":[\"a\",\"b\",\"c\"],\"title\":\"Asset number " + QByteArray::number(i) + "\"}";
    }
    return out + "]}";
}
} // namespace

class TestJsonDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void equalDocumentsHaveNoDifference()
    {
        const JsonDiffResult r = diff(R"({"a":1,"b":[1,2,{"c":null}]})", R"({"b":[1,2,{"c":null}],"a":1.0})");
        QVERIFY(r.json);
        QCOMPARE(r.total, 0);
        QVERIFY(r.differences.isEmpty());
    }

    void objectsByKey()
    {
        const JsonDiffResult r = diff(R"({"same":1,"changed":"x","gone":true,"deep":{"k":"v"}})",
                                      R"({"same":1,"changed":"y","new":[1],"deep":{"k":"w"}})");
        QCOMPARE(r.total, 4);
        QHash<QString, JsonDifference> byPath;
        for (const JsonDifference& d : r.differences)
            byPath.insert(d.path, d);
        QCOMPARE(byPath.value(QStringLiteral("$.changed")).kind, JsonDifference::Changed);
        QCOMPARE(byPath.value(QStringLiteral("$.changed")).left, QStringLiteral("\"x\""));
        QCOMPARE(byPath.value(QStringLiteral("$.changed")).right, QStringLiteral("\"y\""));
        QCOMPARE(byPath.value(QStringLiteral("$.gone")).kind, JsonDifference::Removed);
        QCOMPARE(byPath.value(QStringLiteral("$.gone")).left, QStringLiteral("true"));
        QVERIFY(byPath.value(QStringLiteral("$.gone")).right.isEmpty());
        QCOMPARE(byPath.value(QStringLiteral("$.new")).kind, JsonDifference::Added);
        QCOMPARE(byPath.value(QStringLiteral("$.new")).right, QStringLiteral("[1]"));
        QCOMPARE(byPath.value(QStringLiteral("$.deep.k")).kind, JsonDifference::Changed);
    }

    void unusualKeysAreQuotedInThePath()
    {
        const JsonDiffResult r = diff(R"({"a b":{"jcr:content":1}})", R"({"a b":{"jcr:content":2}})");
        QCOMPARE(paths(r), QStringList {QStringLiteral("$[\"a b\"].jcr:content")});
    }

    void arraysByPosition()
    {
        const JsonDiffResult r = diff(R"({"hits":[1,2,3,4]})", R"({"hits":[1,9,3]})");
        QCOMPARE(r.total, 2);
        QCOMPARE(r.differences[0].path, QStringLiteral("$.hits[1]"));
        QCOMPARE(r.differences[0].kind, JsonDifference::Changed);
        QCOMPARE(r.differences[1].path, QStringLiteral("$.hits[3]"));
        QCOMPARE(r.differences[1].kind, JsonDifference::Removed);
        // An element inserted at the front shifts every position: compared by position, not aligned.
        QCOMPARE(diff("[1,2,3]", "[0,1,2,3]").total, 4);
        // A top-level array.
        QCOMPARE(paths(diff("[{\"x\":1}]", "[{\"x\":2}]")), QStringList {QStringLiteral("$[0].x")});
    }

    void typeChanges()
    {
        const JsonDiffResult r = diff(R"({"n":1,"o":{},"s":"1","z":null})", R"({"n":"1","o":[],"s":"1","z":0})");
        QCOMPARE(r.total, 3);
        for (const JsonDifference& d : r.differences)
            QCOMPARE(d.kind, JsonDifference::TypeChanged);
        QCOMPARE(paths(r), (QStringList {QStringLiteral("$.n"), QStringLiteral("$.o"), QStringLiteral("$.z")}));
    }

    void ignoreListByKeyPathAndWildcard()
    {
        const char* left =
            R"({"jcr:lastModified":"a","id":1,"hits":[{"uuid":"x","v":1},{"uuid":"y","v":2}],"Created_At":1})";
        const char* right =
            R"({"jcr:lastModified":"b","id":2,"hits":[{"uuid":"z","v":1},{"uuid":"w","v":3}],"created_at":2})";
        QCOMPARE(diff(left, right).total, 7);
        JsonDiffOptions o;
        o.ignore = {QStringLiteral("JCR:LASTMODIFIED"), QStringLiteral("$.hits[*].uuid"), QStringLiteral("*_at")};
        const JsonDiffResult r = diff(left, right, o);
        QCOMPARE(paths(r), (QStringList {QStringLiteral("$.hits[1].v"), QStringLiteral("$.id")}));
        // jcr:lastModified, the two uuids, and "Created_At" and "created_at" (keys differ in case:
        // each is on one side only).
        QCOMPARE(r.ignored, 5);
        // A member on one side only is removed, unless ignored.
        QCOMPARE(diff(R"({"jcr:created":"x"})", "{}", o).total, 1);
        o.ignore.append(QStringLiteral("jcr:created"));
        const JsonDiffResult one = diff(R"({"jcr:created":"x"})", "{}", o);
        QCOMPARE(one.total, 0);
        QCOMPARE(one.ignored, 1);
    }

    void defaultVolatileKeys()
    {
        JsonDiffOptions o;
        o.ignore = JsonDiffOptions::volatileKeys();
        const JsonDiffResult r =
            diff(R"({"jcr:lastModified":"x","cq:lastReplicated_publish":"x","jcr:uuid":"1","title":"A"})",
                 R"({"jcr:lastModified":"y","cq:lastReplicated_publish":"y","jcr:uuid":"2","title":"B"})", o);
        QCOMPARE(paths(r), QStringList {QStringLiteral("$.title")});
        QCOMPARE(r.ignored, 3);
    }

    void timestampsOnBothSidesCanBeIgnored()
    {
        const char* left =
            R"({"a":"2026-12-01T10:00:00Z","b":"Tue, 01 Dec 2026 10:00:00 GMT","c":"Tue Dec 01 2026 10:00:00 GMT+0100","d":1764583200000,"e":"2026-12-01","f":"x"})";
        const char* right =
            R"({"a":"2026-12-02T11:00:00.123+01:00","b":"Wed, 2 Dec 2026 11:00:00 GMT","c":"Wed Dec 02 2026 11:00:00 GMT+0100","d":1764669600000,"e":"not a date","f":"y"})";
        QCOMPARE(diff(left, right).total, 6);
        JsonDiffOptions o;
        o.ignoreTimestampValues = true;
        const JsonDiffResult r = diff(left, right, o);
        QCOMPARE(paths(r), (QStringList {QStringLiteral("$.e"), QStringLiteral("$.f")}));
        QCOMPARE(r.ignored, 4);
        QVERIFY(!JsonDiff::looksLikeTimestamp(QJsonValue(42)));
        QVERIFY(!JsonDiff::looksLikeTimestamp(QJsonValue(QStringLiteral("12:00"))));
    }

    void textBodiesLineByLine()
    {
        const JsonDiffResult r = diff("one\ntwo\nthree\nfour\n", "one\n2\nthree\nfour\nfive\n");
        QVERIFY(!r.json);
        QVERIFY(!r.leftIsJson && !r.rightIsJson);
        QVERIFY(!r.approximate);
        QCOMPARE(r.total, 2);
        QCOMPARE(r.differences[0].kind, JsonDifference::Changed);
        QCOMPARE(r.differences[0].leftLine, 2);
        QCOMPARE(r.differences[0].rightLine, 2);
        QCOMPARE(r.differences[0].left, QStringLiteral("two"));
        QCOMPARE(r.differences[0].right, QStringLiteral("2"));
        QCOMPARE(r.differences[1].kind, JsonDifference::Added);
        QCOMPARE(r.differences[1].rightLine, 5);
        QCOMPARE(r.differences[1].leftLine, 0);
        // A line inserted is aligned, not counted as every later line changed.
        const JsonDiffResult inserted = diff("a\nb\nc\nd", "a\nX\nb\nc\nd");
        QCOMPARE(inserted.total, 1);
        QCOMPARE(inserted.differences[0].kind, JsonDifference::Added);
        QCOMPARE(inserted.differences[0].rightLine, 2);
        // JSON on one side only: compared as text.
        const JsonDiffResult mixed = diff("{\"a\":1}", "<html>error</html>");
        QVERIFY(!mixed.json);
        QVERIFY(mixed.leftIsJson);
        QVERIFY(!mixed.rightIsJson);
        QCOMPARE(mixed.total, 1);
        // CRLF and LF lines are the same lines.
        QCOMPARE(diff("a\r\nb\r\n", "a\nb\n").total, 0);
    }

    void veryDifferentTextIsComparedByPosition()
    {
        QByteArray a, b;
        for (int i = 0; i < 3000; ++i) {
            a += "left " + QByteArray::number(i) + '\n';
            b += "right " + QByteArray::number(i) + '\n';
        }
        const JsonDiffResult r = diff(a.constData(), b.constData());
        QVERIFY(r.approximate);
        QCOMPARE(r.total, 3000);
        QCOMPARE(r.differences[2999].leftLine, 3000);
    }

    void capListsTheFirstAndCountsTheRest()
    {
        QJsonArray a, b;
        for (int i = 0; i < 500; ++i) {
            a.append(i);
            b.append(i + 1);
        }
        JsonDiffOptions o;
        o.maxDifferences = 100;
        const JsonDiffResult r = JsonDiff::compareValues(a, b, o);
        QCOMPARE(r.differences.size(), 100);
        QCOMPARE(r.total, 500);
        QCOMPARE(r.omitted(), 400);
        QCOMPARE(r.differences.last().path, QStringLiteral("$[99]"));
    }

    void longValuesAreAbbreviated()
    {
        QJsonObject big;
        for (int i = 0; i < 1000; ++i)
            big.insert(QStringLiteral("key%1").arg(i), QStringLiteral("a fairly long value number %1").arg(i));
        const QString s = JsonDiff::abbreviate(big, 80);
        QCOMPARE(s.size(), 81);
        QVERIFY(s.startsWith(QLatin1String("{\"key0\":\"a fairly long value number 0\"")));
        QVERIFY(s.endsWith(QChar(0x2026)));
        QCOMPARE(JsonDiff::abbreviate(QJsonValue(QStringLiteral("a\"b\nc")), 80), QStringLiteral("\"a\\\"b\\nc\""));
    }

    void longKeysDoNotMultiplyIntoEveryPath()
    {
        // A hostile answer: one 1 MiB key above many differing members. Each difference once
        // carried the whole path (2 MiB of UTF-16), 10000 of them 20 GiB.
        const QString longKey(1024 * 1024, QLatin1Char('k'));
        QJsonObject innerA, innerB;
        for (int i = 0; i < 200; ++i) {
            innerA.insert(QStringLiteral("m%1").arg(i), i);
            innerB.insert(QStringLiteral("m%1").arg(i), i + 1);
        }
        const QJsonObject a {{longKey, innerA}}, b {{longKey, innerB}};
        const JsonDiffResult r = JsonDiff::compareValues(a, b, {});
        QCOMPARE(r.total, 200);
        QCOMPARE(r.differences.size(), 200);
        for (const JsonDifference& d : r.differences) {
            QVERIFY2(d.path.size() <= kMaxDifferencePathChars + 1, qPrintable(QString::number(d.path.size())));
            QVERIFY(d.path.startsWith(QLatin1String("$.kkkk")));
            QVERIFY(d.path.contains(QChar(0x2026)));
        }
        QVERIFY(r.differences.first().path.endsWith(QLatin1String("k.m0")));
        // A short path stays whole.
        QCOMPARE(paths(diff(R"({"a":{"b":1}})", R"({"a":{"b":2}})")), QStringList {QStringLiteral("$.a.b")});
    }

    void deepNestingIsComparedWholeBelowTheLimit()
    {
        // The walk recurses once per level: below kMaxJsonDiffDepth a subtree is compared whole,
        // one difference where it starts, and the result says so.
        auto nested = [](int depth, int leaf) {
            QByteArray out = QByteArray("[").repeated(depth);
            out.append(QByteArray::number(leaf));
            out.append(QByteArray("]").repeated(depth));
            return out;
        };
        const JsonDiffResult shallow =
            JsonDiff::compare(nested(kMaxJsonDiffDepth, 1), nested(kMaxJsonDiffDepth, 2), {});
        QVERIFY(shallow.json);
        QVERIFY(!shallow.depthLimited);
        QCOMPARE(shallow.total, 1);
        QCOMPARE(shallow.differences.first().left, QStringLiteral("1"));
        const JsonDiffResult deep = JsonDiff::compare(nested(1000, 1), nested(1000, 2), {});
        QVERIFY(deep.json);
        QVERIFY(deep.depthLimited);
        QCOMPARE(deep.total, 1);
        QCOMPARE(deep.differences.first().kind, JsonDifference::Changed);
        const QString full = QStringLiteral("$") + QStringLiteral("[0]").repeated(kMaxJsonDiffDepth);
        QCOMPARE(deep.differences.first().path, // longer than a difference's path: its two ends
                 full.first(kMaxDifferencePathChars / 2) + QChar(0x2026) + full.last(kMaxDifferencePathChars / 2));
        QVERIFY(deep.differences.first().left.startsWith(QLatin1String("[[[")));
        // Equal deep subtrees are no difference.
        const JsonDiffResult same = JsonDiff::compare(nested(1000, 1), nested(1000, 1), {});
        QCOMPARE(same.total, 0);
    }

    void globAndHeaders()
    {
        QVERIFY(JsonDiff::globMatch(u"x-cache*", u"X-Cache-Hits"));
        QVERIFY(JsonDiff::globMatch(u"*time*", u"responseTimeMs"));
        QVERIFY(JsonDiff::globMatch(u"a?c", u"abc"));
        QVERIFY(!JsonDiff::globMatch(u"a?c", u"ac"));
        QVERIFY(!JsonDiff::globMatch(u"date", u"update"));
        QVERIFY(JsonDiff::headerIgnored(QStringLiteral("date"), JsonDiffOptions::volatileHeaders()));
        QVERIFY(!JsonDiff::headerIgnored(QStringLiteral("Content-Type"), JsonDiffOptions::volatileHeaders()));
    }

    void cancelStopsEarly()
    {
        const QByteArray a = bigAnswer(2, false), b = bigAnswer(2, true);
        std::atomic<bool> cancel {true};
        const JsonDiffResult r = JsonDiff::compare(a, b, {}, &cancel);
        QVERIFY(r.cancelled);
        QVERIFY(r.total < 10);
    }

    void tenMebibyteAnswersCompareWhole()
    {
        const QByteArray a = bigAnswer(10, false), b = bigAnswer(10, true);
        QVERIFY(a.size() >= 10 * 1024 * 1024);
        JsonDiffOptions o;
        const JsonDiffResult all = JsonDiff::compare(a, b, o);
        QVERIFY(all.json);
        QVERIFY(!all.cancelled);
        const qint64 hits = QJsonDocument::fromJson(a).object().value(QLatin1String("hits")).toArray().size();
        QVERIFY(hits > 50000);
        const qint64 sizes = (hits + 999) / 1000;
        QCOMPARE(all.total, hits + sizes); // every timestamp, and every 1000th size
        QCOMPARE(all.differences.size(), o.maxDifferences);
        o.ignore = JsonDiffOptions::volatileKeys();
        const JsonDiffResult quiet = JsonDiff::compare(a, b, o);
        QCOMPARE(quiet.total, sizes);
        QCOMPARE(quiet.ignored, hits);
        QCOMPARE(quiet.differences.first().path, QStringLiteral("$.hits[0].size"));
        QCOMPARE(quiet.differences.first().left, QStringLiteral("0"));
        QCOMPARE(quiet.differences.first().right, QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(TestJsonDiff)
#include "tst_jsondiff.moc"
