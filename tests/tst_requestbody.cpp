// SPDX-License-Identifier: Apache-2.0
// The request tester's rules without a window: which methods carry a body, the Content-Type of
// each kind of body, body files checked before they are streamed, the ?query as parameters and
// back (percent-encoding both ways), the history's columns and status classes, and curl for a
// file body.

#include "curlcommand.h"
#include "requestbody.h"
#include "requesthistory.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;

class TestRequestBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void methodsWithAndWithoutABody()
    {
        for (const char* m : {"GET", "HEAD", "OPTIONS", "DELETE", "TRACE", "get", " delete "})
            QVERIFY2(!methodTakesBody(m), m);
        for (const char* m : {"POST", "PUT", "PATCH", "PROPFIND", "post"})
            QVERIFY2(methodTakesBody(m), m);
    }

    void contentTypeOfEachKind()
    {
        QCOMPARE(contentTypeFor(BodyKind::Json), QByteArray("application/json"));
        QCOMPARE(contentTypeFor(BodyKind::Form), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(contentTypeFor(BodyKind::Text), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(contentTypeFor(BodyKind::File, QStringLiteral("/tmp/a.json")), QByteArray("application/json"));
        QCOMPARE(contentTypeFor(BodyKind::File, QStringLiteral("/tmp/a.png")), QByteArray("image/png"));
        QCOMPARE(contentTypeFor(BodyKind::File, QStringLiteral("/tmp/no-extension")),
                 QByteArray("application/octet-stream"));
    }

    void headerLookupIgnoresCase()
    {
        const HeaderList h {{"X-A", "1"}, {"content-TYPE", "text/csv"}};
        QVERIFY(hasHeader(h, "Content-Type"));
        QVERIFY(!hasHeader(h, "Accept"));
    }

    void bodyFileIsChecked()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("body.bin"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write("12345"), qint64(5));
        f.close();
        qint64 size = -1;
        QCOMPARE(checkBodyFile(file, &size), QString());
        QCOMPARE(size, qint64(5));
        QVERIFY(checkBodyFile(dir.filePath(QStringLiteral("missing"))).contains(QLatin1String("does not exist")));
        QVERIFY(checkBodyFile(dir.path()).contains(QLatin1String("not a regular file")));
        QVERIFY(checkBodyFile(QString()).contains(QLatin1String("Choose")));
        // Past the limit, without writing 4 GiB: a sparse file.
        const QString big = dir.filePath(QStringLiteral("big.bin"));
        QFile b(big);
        QVERIFY(b.open(QIODevice::WriteOnly));
        QVERIFY(b.resize(kMaxBodyFileBytes + 1));
        b.close();
        QVERIFY(checkBodyFile(big).contains(QLatin1String("larger than 4 GiB")));
    }

    void queryIsParsedAndDecoded()
    {
        const QueryItems items = parseQuery(
            QStringLiteral("/bin/querybuilder.json?path=/content/dam&p.limit=10&q=a%20b+c&e=%C3%A9&flag#top"));
        const QueryItems expected {{QStringLiteral("path"), QStringLiteral("/content/dam")},
                                   {QStringLiteral("p.limit"), QStringLiteral("10")},
                                   {QStringLiteral("q"), QStringLiteral("a b c")},
                                   {QStringLiteral("e"), QStringLiteral("\u00e9")},
                                   {QStringLiteral("flag"), QString()}};
        QCOMPARE(items, expected);
        QVERIFY(parseQuery(QStringLiteral("/content/dam.json")).isEmpty());
        QCOMPARE(parseQuery(QStringLiteral("https://h.example/p?x=1")).size(), 1);
    }

    void paramsAreWrittenBackEncoded()
    {
        const QueryItems items {{QStringLiteral("q"), QStringLiteral("a&b=c d+e#f")},
                                {QStringLiteral("path"), QStringLiteral("/content/dam")},
                                {QStringLiteral("\u00e9t\u00e9"), QStringLiteral("100%")},
                                {QStringLiteral("flag"), QString()}};
        const QString path = withQuery(QStringLiteral("/bin/search?old=1#frag"), items);
        QCOMPARE(
            path,
            QStringLiteral("/bin/search?q=a%26b%3Dc%20d%2Be%23f&path=/content/dam&%C3%A9t%C3%A9=100%25&flag#frag"));
        // And back: the same items.
        QCOMPARE(parseQuery(path), items);
        // No items: no '?'.
        QCOMPARE(withQuery(QStringLiteral("/a?b=1"), {}), QStringLiteral("/a"));
        QCOMPARE(withQuery(QStringLiteral("https://h.example/a"), {{QStringLiteral("x"), QStringLiteral("1")}}),
                 QStringLiteral("https://h.example/a?x=1"));
    }

    // A sign-in form's password, a JSON "password", a ?token= in the query: never in the
    // history file; the rest of the request is kept for re-running.
    void historyKeepsNoPasswordOfABodyOrQuery()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("history.json"));
        RequestHistory h(file);
        HistoryEntry e;
        e.at = QDateTime(QDate(2026, 12, 2), QTime(9, 30), Qt::UTC);
        e.method = "POST";
        e.url = QStringLiteral("https://author.example.com/libs/granite/core/content/login.html/j_security_check"
                               "?resource=%2Fcontent&access_token=SEKRIT-Q&x=1");
        e.body = "j_username=admin&j_password=SEKRIT-B";
        QVERIFY(h.append(e));
        e.url = QStringLiteral("https://author.example.com/bin/x");
        e.body = "{\"user\": \"a\", \"Password\": \"SEKRIT-J\"}";
        QVERIFY(h.append(e));
        e.body = "{\"title\": \"kept\"}";
        QVERIFY(h.append(e));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray written = f.readAll();
        QVERIFY(!written.contains("SEKRIT"));
        QVERIFY(written.contains("resource=%2Fcontent"));
        QVERIFY(written.contains("x=1"));
        QVERIFY(written.contains("kept"));
        QCOMPARE(bodyNamesCredential("{\"client_secret\": 1}"), true);
        QCOMPARE(bodyNamesCredential("{\"title\": 1}"), false);
    }

    void historyRowsHaveTimeHostMethodStatus()
    {
        QTemporaryDir dir;
        RequestHistory h(dir.filePath(QStringLiteral("history.json")));
        HistoryEntry e;
        e.at = QDateTime(QDate(2026, 12, 2), QTime(9, 30), Qt::UTC);
        e.credential = QStringLiteral("dev");
        e.method = "POST";
        e.url = QStringLiteral("https://author-p1-e2.adobeaemcloud.com:8443/content/x?y=1");
        e.status = 404;
        QVERIFY(h.append(e));
        e.status = 201;
        QVERIFY(h.append(e));
        e.status = 0;
        QVERIFY(h.append(e));
        QCOMPARE(h.columnCount(), int(RequestHistory::ColumnCount));
        auto cell = [&h](int row, int column, int role = Qt::DisplayRole) { return h.index(row, column).data(role); };
        QCOMPARE(cell(1, RequestHistory::HostColumn).toString(), QStringLiteral("author-p1-e2.adobeaemcloud.com:8443"));
        QCOMPARE(cell(1, RequestHistory::MethodColumn).toString(), QStringLiteral("POST"));
        QCOMPARE(cell(1, RequestHistory::PathColumn).toString(), QStringLiteral("/content/x?y=1"));
        QVERIFY(!cell(1, RequestHistory::TimeColumn).toString().isEmpty());
        QVERIFY(cell(1, RequestHistory::TimeColumn)
                    .toString()
                    .contains(QLocale().toString(e.at.toLocalTime().time(), QLocale::ShortFormat)));
        // The class, and a cue besides colour: a sign with the number, words for a screen reader.
        QCOMPARE(cell(1, RequestHistory::StatusColumn, RequestHistory::StatusClassRole).toInt(), 2);
        QCOMPARE(cell(2, RequestHistory::StatusColumn, RequestHistory::StatusClassRole).toInt(), 4);
        QCOMPARE(cell(0, RequestHistory::StatusColumn, RequestHistory::StatusClassRole).toInt(), 0);
        QCOMPARE(cell(1, RequestHistory::StatusColumn).toString(), QStringLiteral("\u2713 201"));
        QCOMPARE(cell(2, RequestHistory::StatusColumn).toString(), QStringLiteral("\u2717 404"));
        QCOMPARE(cell(2, RequestHistory::StatusColumn, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("404, client error"));
        QCOMPARE(cell(0, RequestHistory::StatusColumn, Qt::AccessibleTextRole).toString(), QStringLiteral("no answer"));
        QVERIFY(cell(2, 0, RequestHistory::SearchTextRole).toString().contains(QLatin1String("client error")));
        QCOMPARE(statusClass(302), 3);
        QCOMPARE(statusClass(503), 5);
        QCOMPARE(statusClass(99), 0);
    }

    void historyTimeIsShortOnTheSameDay()
    {
        const QDateTime at = QDateTime(QDate(2026, 12, 2), QTime(9, 30, 5), Qt::LocalTime).toUTC();
        const QString time = QLocale().toString(QTime(9, 30, 5), QLocale::ShortFormat);
        QCOMPARE(historyTimeText(at, at.addSecs(60)), time);
        const QString otherDay = historyTimeText(at, at.addDays(3));
        QVERIFY(otherDay.contains(time));
        QVERIFY(otherDay.size() > time.size());
    }

    void historyKeepsTheBodyFilesPath()
    {
        HistoryEntry e;
        e.at = QDateTime(QDate(2026, 12, 2), QTime(9, 30), Qt::UTC);
        e.method = "PUT";
        e.url = QStringLiteral("https://h.example/x");
        e.bodyFile = QStringLiteral("/tmp/a.bin");
        const auto back = HistoryEntry::fromJson(e.toJson());
        QVERIFY(back);
        QCOMPARE(back->bodyFile, e.bodyFile);
    }

    void curlStreamsAFileBody()
    {
        AemRequestSpec spec;
        spec.method = "PUT";
        spec.url = QUrl(QStringLiteral("https://h.example/content/dam/a.png"));
        spec.bodyFile = QStringLiteral("/tmp/it's a.png");
        spec.headers = {{"Content-Type", "image/png"}};
        const QString c = curlCommand(spec);
        QVERIFY2(c.contains(QLatin1String("--data-binary '@/tmp/it'\\''s a.png'")), qPrintable(c));
        QVERIFY(c.contains(QLatin1String("-X 'PUT'")));
    }
};

QTEST_GUILESS_MAIN(TestRequestBody)
#include "tst_requestbody.moc"
