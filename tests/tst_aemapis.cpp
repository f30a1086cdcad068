// SPDX-License-Identifier: Apache-2.0
// AEM's common APIs without memorising them: the QueryBuilder form made into an encoded query
// (p.offset, p.guessTotal) and its hits into rows and pages; GraphQL bodies (variables refused
// unless a JSON object), persisted-query paths with encoded parameters, the persisted-query list
// in each shape it comes in, declared variables and the endpoint list; the JSON tree's paths,
// values and filters (by key, by JSONPath); Assets HTTP API and .1.json listings made into
// folders; and the sandbox's QueryBuilder (paging), GraphQL, persisted queries and their list,
// Assets and listing endpoints behind the bearer check.

// (A "//" inside a raw string reads as a comment to moc: URLs in the fixtures are written https:\/\/.)

#include "aempath.h"
#include "contentlisting.h"
#include "graphqlrequest.h"
#include "jsontree.h"
#include "plaintooltip.h"
#include "querybuilder.h"
#include "requestbody.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace aem;
using namespace aem::test;
using namespace Qt::StringLiterals;

class TestAemApis : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QByteArray m_token;

    struct Answer
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    Answer call(const QByteArray& method, const QString& path, const QByteArray& body = {},
                const QByteArray& token = "use")
    {
        QNetworkAccessManager nam;
        m_sandbox->trustIn(&nam);
        QNetworkRequest req(QUrl(m_sandbox->sandbox().baseUrl() + path));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + (token == "use" ? m_token : token));
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply* reply = nam.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        Answer a;
        if (!done.wait(30000))
            return a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        reply->deleteLater();
        return a;
    }

    static QStringList paths(const QJsonObject& qb)
    {
        QStringList out;
        for (const QJsonValue& h : qb.value(QLatin1String("hits")).toArray())
            out.append(h.toObject().value(QLatin1String("path")).toString());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
        m_token = QJsonDocument::fromJson(m_sandbox->sandbox().createLocalDevToken(3600 * 1000))
                      .object()
                      .value(QLatin1String("accessToken"))
                      .toString()
                      .toLatin1();
        QVERIFY(!m_token.isEmpty());
    }

    void queryBuilderPathEncodes()
    {
        QueryBuilderForm f;
        f.path = QStringLiteral("/content/dam");
        f.type = QStringLiteral("dam:Asset");
        f.properties = {{QStringLiteral("jcr:content/metadata/dc:format"), QStringLiteral("image/jpeg")},
                        {QString(), QString()}, // an empty row is skipped
                        {QStringLiteral("jcr:content/jcr:title"), QStringLiteral("A&B = 100% #1 été")}};
        f.fulltext = QStringLiteral("surf camp");
        f.limit = 5;
        f.orderBy = QStringLiteral("@jcr:content/jcr:title");
        f.descending = true;
        QString error;
        const auto path = queryBuilderPath(f, &error);
        QVERIFY2(path, qPrintable(error));
        QCOMPARE(*path,
                 QStringLiteral(
                     "/bin/querybuilder.json?path=/content/dam&type=dam:Asset"
                     "&1_property=jcr:content/metadata/dc:format&1_property.value=image/jpeg"
                     "&2_property=jcr:content/jcr:title&2_property.value=A%26B%20%3D%20100%25%20%231%20%C3%A9t%C3%A9"
                     "&fulltext=surf%20camp&orderby=@jcr:content/jcr:title&orderby.sort=desc&p.limit=5"));
        // What the server reads back is what was typed.
        const QueryItems back = parseQuery(*path);
        QCOMPARE(back.at(5).second, QStringLiteral("A&B = 100% #1 été"));
        QCOMPARE(back.at(6).second, QStringLiteral("surf camp"));
    }

    void queryBuilderFormRefusesBadFields()
    {
        QString error;
        QueryBuilderForm f;
        f.path = QStringLiteral("content/dam");
        QVERIFY(!queryBuilderPath(f, &error));
        QVERIFY2(error.contains(QLatin1String("path")), qPrintable(error));
        f.path = QStringLiteral("/content");
        f.limit = 0;
        QVERIFY(!queryBuilderPath(f, &error));
        QVERIFY2(error.contains(QLatin1String("limit")), qPrintable(error));
        f.limit = -1;
        f.properties = {{QString(), QStringLiteral("x")}};
        QVERIFY(!queryBuilderPath(f, &error));
        QVERIFY2(error.contains(QLatin1String("no name")), qPrintable(error));
        f.properties = {{QStringLiteral("a"), QStringLiteral("x\r\ny")}};
        QVERIFY(!queryBuilderPath(f, &error));
        f.properties.clear();
        QCOMPARE(queryBuilderPath(f, &error).value_or(QString()),
                 QStringLiteral("/bin/querybuilder.json?path=/content&p.limit=-1"));
    }

    void queryBuilderPagesWithOffset()
    {
        QueryBuilderForm f;
        f.path = QStringLiteral("/content/sandbox");
        f.type = QStringLiteral("cq:Page");
        f.limit = 20;
        f.offset = 40;
        f.guessTotal = true;
        QString error;
        QCOMPARE(queryBuilderPath(f, &error).value_or(error),
                 QStringLiteral("/bin/querybuilder.json?path=/content/sandbox&type=cq:Page&p.offset=40&p.limit=20"
                                "&p.guessTotal=true"));
        f.offset = -1;
        QVERIFY(!queryBuilderPath(f, &error));
        QVERIFY2(error.contains(QLatin1String("offset")), qPrintable(error));
        f.offset = 0;
        f.guessTotal = false;
        QVERIFY(!queryBuilderPath(f, &error).value_or(QString()).contains(QLatin1String("p.offset")));

        // Where a page sits: the middle, the last, the first; an exact total, then a guessed one.
        auto hits = [](int total, int offset, int shown, bool more) {
            QueryBuilderHits h;
            h.total = total;
            h.offset = offset;
            h.more = more;
            for (int i = 0; i < shown; ++i)
                h.rows.append(QStringList {QStringLiteral("/p%1").arg(offset + i)});
            return h;
        };
        // The page asked for: the form's offset is where the answer starts.
        auto page = [&f, &hits](int total, int offset, int shown, bool more) {
            f.offset = offset;
            return queryBuilderPage(f, hits(total, offset, shown, more));
        };
        QueryBuilderPage p = page(134, 20, 20, true);
        QCOMPARE(p.first, 21);
        QCOMPARE(p.last, 40);
        QCOMPARE(p.total, 134);
        QVERIFY(!p.totalIsLowerBound);
        QVERIFY(p.hasPrevious && p.hasNext);
        QCOMPARE(p.previousOffset, 0);
        QCOMPARE(p.nextOffset, 40);
        p = page(134, 120, 14, false);
        QCOMPARE(p.first, 121);
        QCOMPARE(p.last, 134);
        QVERIFY(p.hasPrevious && !p.hasNext);
        QCOMPARE(p.previousOffset, 100);
        p = page(134, 0, 20, true);
        QVERIFY(!p.hasPrevious && p.hasNext);
        p = page(134, 10, 20, true); // an offset off the grid goes back to 0
        QCOMPARE(p.previousOffset, 0);
        f.guessTotal = true;
        p = page(20, 0, 20, true);
        QVERIFY(p.totalIsLowerBound);
        QVERIFY(p.hasNext); // the total is only what AEM counted
        QCOMPARE(p.nextOffset, 20);
        p = page(45, 40, 5, false);
        QVERIFY(!p.totalIsLowerBound && !p.hasNext);
        f.limit = -1; // all on one page: no paging
        p = page(45, 0, 45, false);
        QVERIFY(!p.hasPrevious && !p.hasNext);
        p = page(0, 0, 0, false);
        QCOMPARE(p.first, 0);
    }

    void queryBuilderPagingDoesNotBelieveALyingOffset()
    {
        // A server that answers every page with offset 0 (or any offset but the one asked):
        // Next once went back to the same page for ever.
        QueryBuilderForm f;
        f.limit = 20;
        f.offset = 20;
        QueryBuilderHits h;
        h.total = 1000;
        h.offset = 0; // the lie
        h.more = true;
        for (int i = 0; i < 20; ++i)
            h.rows.append(QStringList {QStringLiteral("/p%1").arg(i)});
        QueryBuilderPage p = queryBuilderPage(f, h);
        QCOMPARE(p.first, 21);
        QCOMPARE(p.last, 40);
        QCOMPARE(p.nextOffset, 40);
        QCOMPARE(p.previousOffset, 0);
        h.offset = 1999999999; // far ahead: no jump to it
        p = queryBuilderPage(f, h);
        QCOMPARE(p.nextOffset, 40);
        // A total that never ends stops at the largest offset the form sends.
        f.offset = kQueryBuilderMaxOffset - 10;
        h.total = 2000000000;
        p = queryBuilderPage(f, h);
        QVERIFY(!p.hasNext);
        QVERIFY(p.hasPrevious);
    }

    void queryBuilderHitsBeyondTheLimitAreNotRows()
    {
        // 20 asked, 5000 sent: each became a row of every column (a table of 64 x 5000 cells on
        // the GUI thread, from 64 KiB of "{},").
        QByteArray json = "{\"success\":true,\"hits\":[";
        for (int i = 0; i < 5000; ++i)
            json += "{\"path\":\"/p" + QByteArray::number(i) + "\"},";
        json += "{}]}";
        QString error;
        const auto hits = parseQueryBuilderHits(json, &error, 20);
        QVERIFY2(hits, qPrintable(error));
        QCOMPARE(hits->rows.size(), 20);
        QCOMPARE(hits->extraHits, 4981);
        QCOMPARE(hits->rows.last().first(), QStringLiteral("/p19"));
        // Without a limit: at most kQueryBuilderMaxLimit.
        const auto all = parseQueryBuilderHits(json, &error);
        QVERIFY2(all, qPrintable(error));
        QCOMPARE(all->rows.size(), 5001);
        QCOMPARE(all->extraHits, 0);
    }

    void queryBuilderColumnsAreBounded()
    {
        // A hostile answer with 20000 distinct keys in its hits: each became a column (20000
        // columns times every row in the window's table), found by a linear search per key.
        QJsonArray hits;
        for (int h = 0; h < 4; ++h) {
            QJsonObject hit {{QStringLiteral("path"), QStringLiteral("/content/dam/h%1").arg(h)}};
            for (int k = 0; k < 5000; ++k)
                hit.insert(QStringLiteral("k%1_%2").arg(h).arg(k), k);
            hits.append(hit);
        }
        const QByteArray json =
            QJsonDocument(QJsonObject {{QStringLiteral("success"), true}, {QStringLiteral("hits"), hits}}).toJson();
        QString error;
        const auto parsed = parseQueryBuilderHits(json, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->columns.size(), kQueryBuilderMaxColumns);
        QCOMPARE(parsed->columns.first(), QStringLiteral("path"));
        QCOMPARE(parsed->hiddenColumns, 20001 - kQueryBuilderMaxColumns);
        QCOMPARE(parsed->rows.size(), 4);
        for (const QStringList& row : parsed->rows)
            QCOMPARE(row.size(), kQueryBuilderMaxColumns);
        QCOMPARE(parsed->rows.at(3).at(0), QStringLiteral("/content/dam/h3"));
    }

    void queryBuilderHitsBecomeRows()
    {
        QString error;
        const auto hits = parseQueryBuilderHits(
            R"({"success":true,"results":2,"total":7,"more":true,"offset":0,"hits":[
                {"name":"a.jpg","path":"/content/dam/a.jpg","title":"A","lastModified":"2026-01-01","size":12},
                {"path":"/content/dam/b.jpg","title":"B","extra":{"k":1}}]})",
            &error);
        QVERIFY2(hits, qPrintable(error));
        QCOMPARE(hits->total, 7);
        QVERIFY(hits->more);
        QCOMPARE(hits->columns,
                 (QStringList {QStringLiteral("path"), QStringLiteral("title"), QStringLiteral("name"),
                               QStringLiteral("lastModified"), QStringLiteral("size"), QStringLiteral("extra")}));
        QCOMPARE(hits->rows.size(), 2);
        QCOMPARE(hits->rows.at(0).at(4), QStringLiteral("12"));
        QCOMPARE(hits->rows.at(1).at(2), QString());
        QCOMPARE(hits->rows.at(1).at(5), QStringLiteral("{\"k\":1}"));
        QVERIFY(!parseQueryBuilderHits("{\"success\":false,\"errorMessage\":\"bad predicate\"}", &error));
        QVERIFY2(error.contains(QLatin1String("bad predicate")), qPrintable(error));
        QVERIFY(!parseQueryBuilderHits("<html>", &error));
        QVERIFY2(error.contains(QLatin1String("not JSON")), qPrintable(error));
        QVERIFY(!parseQueryBuilderHits("{\"jcr:title\":\"x\"}", &error));
        QVERIFY2(error.contains(QLatin1String("no hits")), qPrintable(error));
        QVERIFY(!parseQueryBuilderHits(R"({"success":true,"total":"many","hits":[]})", &error));
        QVERIFY2(error.contains(QLatin1String("total")), qPrintable(error));
        QVERIFY(!parseQueryBuilderHits(R"({"success":true,"offset":-3,"hits":[]})", &error));
        QVERIFY2(error.contains(QLatin1String("offset")), qPrintable(error));
        QVERIFY(!parseQueryBuilderHits(QByteArray(kMaxAemToolAnswerBytes + 1, ' '), &error));
        QVERIFY2(error.contains(QLatin1String("limit")), qPrintable(error));
    }

    void graphqlVariablesMustBeAnObject()
    {
        QString error;
        const auto body = graphqlBody(QStringLiteral("query($slug:String){adventureList{items{title}}}"),
                                      QStringLiteral(" {\"slug\": \"bali\"} "), &error);
        QVERIFY2(body, qPrintable(error));
        const QJsonObject o = QJsonDocument::fromJson(*body).object();
        QCOMPARE(o.value(QLatin1String("variables")).toObject().value(QLatin1String("slug")).toString(),
                 QStringLiteral("bali"));
        QVERIFY(o.value(QLatin1String("query")).toString().startsWith(QLatin1String("query($slug")));
        const auto noVariables = graphqlBody(QStringLiteral("{a}"), QStringLiteral("  \n"), &error);
        QVERIFY(noVariables);
        QVERIFY(!QJsonDocument::fromJson(*noVariables).object().contains(QLatin1String("variables")));
        QVERIFY(!graphqlBody(QStringLiteral("{a}"), QStringLiteral("{slug: bali}"), &error));
        QVERIFY2(error.contains(QLatin1String("not JSON")), qPrintable(error));
        QVERIFY(!graphqlBody(QStringLiteral("{a}"), QStringLiteral("[1,2]"), &error));
        QVERIFY2(error.contains(QLatin1String("object")), qPrintable(error));
        QVERIFY(!graphqlBody(QStringLiteral("  "), {}, &error));
    }

    void persistedQueryParametersAreEncoded()
    {
        QString error;
        QCOMPARE(persistedQueryPath(QStringLiteral("global/adventures"), {}, &error).value_or(QString()),
                 QStringLiteral("/graphql/execute.json/global/adventures"));
        // As Adobe's headless client writes them: ";name=value" for each, the whole percent-encoded.
        QCOMPARE(persistedQueryPath(QStringLiteral("/graphql/execute.json/wknd-shared/by-slug"),
                                    {{QStringLiteral("slug"), QStringLiteral("bali surf=a/c?d#e&f é")},
                                     {QStringLiteral(" n "), QStringLiteral("1")}},
                                    &error)
                     .value_or(QString()),
                 QStringLiteral("/graphql/execute.json/wknd-shared/by-slug"
                                "%3Bslug%3Dbali%20surf%3Da%2Fc%3Fd%23e%26f%20%C3%A9%3Bn%3D1"));
        QVERIFY(!persistedQueryPath(QStringLiteral("adventures"), {}, &error));
        QVERIFY(!persistedQueryPath(QStringLiteral("global/../x/y"), {}, &error));
        QVERIFY(!persistedQueryPath(QStringLiteral("global/a"), {{QString(), QStringLiteral("v")}}, &error));
        // What the form cannot carry is refused, naming the parameter.
        QVERIFY(
            !persistedQueryPath(QStringLiteral("global/a"), {{QStringLiteral("slug"), QStringLiteral("a;b")}}, &error));
        QVERIFY2(error.contains(QLatin1String("slug")) && error.contains(QLatin1String("POST")), qPrintable(error));
        QVERIFY(
            !persistedQueryPath(QStringLiteral("global/a"), {{QStringLiteral("a=b"), QStringLiteral("1")}}, &error));
        QVERIFY2(error.contains(QLatin1String("a=b")), qPrintable(error));
        QVERIFY(
            !persistedQueryPath(QStringLiteral("global/a"), {{QStringLiteral("a"), QStringLiteral("x\ny")}}, &error));
    }

    void persistedQueryListsInEveryShape()
    {
        QString error;
        // AEM's own: configurations with their queries.
        auto list = parsePersistedQueries(
            R"([{"configurationName":"wknd","queries":[
                  {"path":{"shortForm":"/wknd/adventures","longForm":"/wknd/settings/graphql/persistentQueries/adventures"},
                   "data":{"query":"{ adventureList { items { title } } }"}},
                  {"path":{"longForm":"/conf/wknd/settings/graphql/persistentQueries/by-slug"},"data":{}},
                  {"data":{"query":"{x}"}}]},
                {"configurationName":"global","queries":[]}])",
            &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->queries.size(), 2);
        QCOMPARE(list->queries.at(0).shortPath(), QStringLiteral("wknd/adventures"));
        QCOMPARE(list->queries.at(0).query, QStringLiteral("{ adventureList { items { title } } }"));
        QCOMPARE(list->queries.at(1).shortPath(), QStringLiteral("wknd/by-slug"));
        QVERIFY(list->queries.at(1).query.isEmpty());
        QCOMPARE(list->skipped, QStringList {QStringLiteral("[0].queries[2].path: missing")});
        // A flat array of entries whose path is the repository path.
        list = parsePersistedQueries(
            R"([{"path":"/conf/sandbox/settings/graphql/persistentQueries/articles","query":"{ a }"},
                {"path":"/sandbox/by-author"}, {"path":"/content/dam/x.jpg"}, 3])",
            &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->queries.size(), 2);
        QCOMPARE(list->queries.at(0).configuration, QStringLiteral("sandbox"));
        QCOMPARE(list->queries.at(0).name, QStringLiteral("articles"));
        QCOMPARE(list->queries.at(0).query, QStringLiteral("{ a }"));
        QCOMPARE(list->queries.at(1).shortPath(), QStringLiteral("sandbox/by-author"));
        QCOMPARE(list->skipped.size(), 2);
        QVERIFY2(list->skipped.at(0).startsWith(QLatin1String("[2].path: not a persisted query path")),
                 qPrintable(list->skipped.at(0)));
        QCOMPARE(list->skipped.at(1), QStringLiteral("[3]: not an object"));
        // An object of entries, and one configuration as an object.
        list = parsePersistedQueries(
            R"({"articles":{"path":"/conf/sandbox/settings/graphql/persistentQueries/articles"},"x":1})", &error);
        QVERIFY2(list && list->queries.size() == 1, qPrintable(error));
        QCOMPARE(list->queries.first().shortPath(), QStringLiteral("sandbox/articles"));
        list = parsePersistedQueries(R"({"configurationName":"c","queries":[{"name":"q"}]})", &error);
        QVERIFY2(list && list->queries.size() == 1, qPrintable(error));
        QCOMPARE(list->queries.first().shortPath(), QStringLiteral("c/q"));
        // A name the app would not run is named and left out.
        list = parsePersistedQueries(R"([{"path":"/c/q r"}])", &error);
        QVERIFY(list && list->queries.isEmpty());
        QVERIFY2(list->skipped.first().contains(QLatin1String("c/q r")), qPrintable(list->skipped.first()));
        // Not a list at all.
        QVERIFY(!parsePersistedQueries("<html>", &error));
        QVERIFY2(error.contains(QLatin1String("not JSON")), qPrintable(error));
        QVERIFY(!parsePersistedQueries("42", &error));
        QVERIFY(!parsePersistedQueries(QByteArray(kMaxAemToolAnswerBytes + 1, ' '), &error));
        QVERIFY2(error.contains(QString::number(kMaxAemToolAnswerBytes + 1)), qPrintable(error));
    }

    void graphqlVariablesAreDeclared()
    {
        const QList<GraphqlVariable> v = graphqlVariables(
            QStringLiteral("query ByAuthor($author: String!, $limit: Int = 10, $tags: [String!]!\n$x: Boolean) "
                           "{ articleList(filter: {a: $author}) { items { title } } }"));
        QCOMPARE(v.size(), 4);
        QCOMPARE(v.at(0).name, QStringLiteral("author"));
        QCOMPARE(v.at(0).type, QStringLiteral("String!"));
        QVERIFY(v.at(0).required);
        QCOMPARE(v.at(1).name, QStringLiteral("limit"));
        QVERIFY(!v.at(1).required); // a default value
        QCOMPARE(v.at(2).type, QStringLiteral("[String!]!"));
        QVERIFY(v.at(2).required);
        QVERIFY(!v.at(3).required);
        QVERIFY(graphqlVariables(QStringLiteral("{ articleList(filter: {a: 1}) { items { title } } }")).isEmpty());
        QVERIFY(graphqlVariables(QString()).isEmpty());
    }

    void graphqlEndpointsAndErrors()
    {
        QString error;
        const auto eps = parseGraphqlEndpoints(
            R"({"endpoints":[{"configurationName":"global","url":"/content/_cq_graphql/global/endpoint.json"},
                             {"path":"/content/cq:graphql/wknd/endpoint"}]})",
            &error);
        QVERIFY2(eps, qPrintable(error));
        QCOMPARE(eps->size(), 2);
        QCOMPARE(eps->at(1).configuration, QStringLiteral("wknd"));
        QCOMPARE(eps->at(1).url, QStringLiteral("/content/_cq_graphql/wknd/endpoint.json"));
        QVERIFY(!parseGraphqlEndpoints("{}", &error));
        // Sling's listing of /content/cq:graphql, two levels down: configurations with an endpoint.
        const auto listed = parseGraphqlEndpoints(
            R"({"jcr:primaryType":"sling:Folder","wknd":{"jcr:primaryType":"sling:Folder","endpoint":{}},
                "global":{"endpoint":{"jcr:title":"Global"}},"empty":{"jcr:primaryType":"sling:Folder"},
                "jcr:title":"GraphQL"})",
            &error);
        QVERIFY2(listed, qPrintable(error));
        QCOMPARE(listed->size(), 2);
        QCOMPARE(listed->at(0).configuration, QStringLiteral("global")); // global first
        QCOMPARE(listed->at(1).url, QStringLiteral("/content/_cq_graphql/wknd/endpoint.json"));
        // A folder with none is an empty list, not an error.
        QVERIFY(parseGraphqlEndpoints(R"({"jcr:primaryType":"sling:Folder"})", &error)
                    .value_or(QList<GraphqlEndpoint> {{}})
                    .isEmpty());
        QVERIFY(!parseGraphqlEndpoints(R"({"a":1})", &error));
        QVERIFY(!parseGraphqlEndpoints(QByteArray(kMaxAemToolAnswerBytes + 1, ' '), &error));
        QCOMPARE(graphqlErrors(R"({"errors":[{"message":"Invalid Syntax"}]})"),
                 QStringList {QStringLiteral("Invalid Syntax")});
        QVERIFY(graphqlErrors(R"({"data":{}})").isEmpty());
    }

    void pathOnThisAem_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        // (Slashes joined in code: moc reads "//" in a literal as a comment.)
        const QString slash = QStringLiteral("/");
        QTest::newRow("path") << QStringLiteral("/content/dam/a b.json?x=1") << true;
        QTest::newRow("dots in a name") << QStringLiteral("/content/a..b/.hidden/x.1.json") << true;
        QTest::newRow("absolute") << QString(QStringLiteral("https:") + slash + slash
                                             + QStringLiteral("evil.example/x"))
                                  << false;
        QTest::newRow("scheme-relative") << QString(slash + slash + QStringLiteral("evil.example/x")) << false;
        QTest::newRow("encoded scheme-relative") << QStringLiteral("/%2Fevil.example/x") << false;
        QTest::newRow("backslash") << QStringLiteral("/\\evil.example/x") << false;
        QTest::newRow("encoded backslash") << QStringLiteral("/%5Cevil.example/x") << false;
        QTest::newRow("dot-dot") << QStringLiteral("/api/assets/../../bin/x.json") << false;
        QTest::newRow("encoded dot-dot") << QStringLiteral("/api/assets/%2E%2e/x.json") << false;
        QTest::newRow("dot") << QStringLiteral("/api/./x.json") << false;
        QTest::newRow("CRLF") << QStringLiteral("/x\r\nHost: evil") << false;
        QTest::newRow("encoded CRLF") << QStringLiteral("/x%0D%0AHost:%20evil") << false;
        QTest::newRow("NUL") << QStringLiteral("/x%00.json") << false;
        QTest::newRow("relative") << QStringLiteral("content/x") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void pathOnThisAem()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QCOMPARE(isPathOnThisAem(url), ok);
    }

    void graphqlEndpointsFromTheServerStayOnItsHost()
    {
        // A hostile endpoint list: each url is where the query goes, with the token. Only a path
        // on the AEM that answered is kept; the others are named.
        QString error;
        QStringList skipped;
        // (Built in code: moc reads "//" in a raw string as a comment.)
        QJsonArray hostile;
        const QList<QPair<QString, QString>> entries {
            {QStringLiteral("a"), QStringLiteral("https://evil.example/graphql")},
            {QStringLiteral("b"),
             QStringLiteral("/") + QStringLiteral("/evil.example/content/_cq_graphql/b/endpoint.json")},
            {QStringLiteral("c"), QStringLiteral("/\\evil.example/x")},
            {QStringLiteral("d"), QStringLiteral("/content/_cq_graphql/d/../../../bin/querybuilder.json")},
            {QStringLiteral("e"), QStringLiteral("/content/_cq_graphql/e/%2e%2e/%2E%2E/x.json")},
            {QStringLiteral("f"), QStringLiteral("/content/x\r\nX-Evil: 1")},
            {QStringLiteral("g"), QStringLiteral("http:/evil.example/x")},
        };
        for (const auto& [name, url] : entries)
            hostile.append(QJsonObject {{QStringLiteral("configurationName"), name}, {QStringLiteral("url"), url}});
        hostile.append(QJsonObject {{QStringLiteral("configurationName"), QStringLiteral("h/../..")},
                                    {QStringLiteral("path"), QStringLiteral("/conf/h/x")}});
        hostile.append(QJsonObject {{QStringLiteral("configurationName"), QStringLiteral("ok")},
                                    {QStringLiteral("url"), QStringLiteral("/content/_cq_graphql/ok/endpoint.json")}});
        const auto eps = parseGraphqlEndpoints(QJsonDocument(hostile).toJson(), &error, &skipped);
        QVERIFY2(eps, qPrintable(error));
        QCOMPARE(eps->size(), 1);
        QCOMPARE(eps->first().configuration, QStringLiteral("ok"));
        QCOMPARE(skipped.size(), 8);
        QVERIFY2(skipped.first().contains(QLatin1String("https://evil.example/graphql")), qPrintable(skipped.first()));
        // Many entries: at most kMaxGraphqlEndpoints kept, the skipped lines bounded too.
        QByteArray many = "[";
        for (int i = 0; i < 3 * kMaxGraphqlEndpoints; ++i)
            many += "{\"configurationName\":\"c" + QByteArray::number(i)
                + "\"},{\"url\":\"/"
                  "/x\"},";
        many += "3]";
        skipped.clear();
        const auto lots = parseGraphqlEndpoints(many, &error, &skipped);
        QVERIFY2(lots, qPrintable(error));
        QCOMPARE(lots->size(), kMaxGraphqlEndpoints);
        QVERIFY(skipped.size() <= kMaxSkippedLines + 1);
    }

    void persistedQuerySkippedLinesAreBounded()
    {
        // 16 MiB of "3," is 8 million entries that are not objects: one line each, 500 MB once.
        QByteArray json = "[";
        json.reserve(2 * 1000000 + 2);
        for (int i = 0; i < 1000000; ++i)
            json += "3,";
        json += "3]";
        QString error;
        const auto list = parsePersistedQueries(json, &error);
        QVERIFY2(list, qPrintable(error));
        QVERIFY(list->queries.isEmpty());
        QCOMPARE(list->skipped.size(), kMaxSkippedLines + 1);
        QCOMPARE(list->skipped.first(), QStringLiteral("[0]: not an object"));
        QVERIFY2(list->skipped.last().contains(QLatin1String("999901")), qPrintable(list->skipped.last()));
    }

    void jsonTreeDepthIsBounded()
    {
        // Deeply nested JSON: the tree is built, searched and written back by recursion, so its
        // depth has a stated limit and a refusal that names it; the old tree is gone.
        auto nested = [](int depth) {
            QByteArray out = QByteArray("[").repeated(depth);
            out.append('1');
            out.append(QByteArray("]").repeated(depth));
            return out;
        };
        JsonTreeModel m;
        QVERIFY(m.setJson(nested(kMaxJsonTreeDepth)).isEmpty());
        QVERIFY(!m.isEmpty());
        const QString error = m.setJson(nested(kMaxJsonTreeDepth + 1));
        QCOMPARE(
            error,
            QStringLiteral("The JSON is nested deeper than %1 levels: not shown as a tree.").arg(kMaxJsonTreeDepth));
        QVERIFY(m.isEmpty());
        QVERIFY(!m.setJson(nested(100000)).isEmpty()); // Qt's parser stops there first
        QVERIFY(m.isEmpty());
    }

    void jsonPathDeepScansDoNotMultiply()
    {
        // "..*" after "..*": each node once, not once per ancestor (a chain 200 deep made 200
        // copies of every node per step, 200^3 for "$..*..*..*", typed on the GUI thread).
        QByteArray json = QByteArray("{\"a\":").repeated(200);
        json.append('1');
        json.append(QByteArray("}").repeated(200));
        JsonTreeModel m;
        QVERIFY(m.setJson(json).isEmpty());
        QString error;
        const auto all = m.select(QStringLiteral("$..*..*..*"), &error);
        QVERIFY2(all, qPrintable(error));
        QCOMPARE(all->size(), 198); // every node but the first two levels
        QCOMPARE(QSet<const JsonTreeModel::Node*>(all->cbegin(), all->cend()).size(), all->size());
    }

    void jsonTreeToolTipsAreNeverMarkup()
    {
        // A hostile key: the tooltip (the node's path) once was "$['<b>Sign in</b>']", drawn as
        // markup; and a megabyte key a megabyte tooltip laid out on hover.
        const QString longKey(1024 * 1024, QLatin1Char('k'));
        const QByteArray json =
            QJsonDocument(QJsonObject {{QStringLiteral("<b>Sign in</b>"), 1}, {longKey, 2}}).toJson();
        JsonTreeModel m;
        QVERIFY(m.setJson(json).isEmpty());
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.index(0, 0).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("<p style=\"white-space:pre-wrap\">$['&lt;b&gt;Sign in&lt;/b&gt;']</p>"));
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("<b>Sign in</b>")); // shown as it is
        QVERIFY(m.index(1, 0).data(Qt::ToolTipRole).toString().size() < kMaxToolTipChars + 100);
    }

    void jsonTreePathsAndValues()
    {
        JsonTreeModel m;
        QVERIFY(m.setJson(R"({"hits":[{"path":"/a","jcr:title":"it's"},{"n":1.5,"ok":true,"z":null}],"total":2})")
                    .isEmpty());
        QCOMPARE(m.rowCount(), 2);
        const QModelIndex hits = m.index(0, 0);
        QCOMPARE(m.data(hits).toString(), QStringLiteral("hits"));
        QCOMPARE(m.rowCount(hits), 2);
        const QModelIndex first = m.index(0, 0, hits);
        QCOMPARE(m.path(first), QStringLiteral("$.hits[0]"));
        QCOMPARE(m.valueText(first), QStringLiteral("{\"jcr:title\":\"it's\",\"path\":\"/a\"}"));
        const QModelIndex title = m.index(0, 0, first);
        QCOMPARE(m.path(title), QStringLiteral("$.hits[0]['jcr:title']"));
        QCOMPARE(m.valueText(title), QStringLiteral("it's"));
        QCOMPARE(m.parent(title), first);
        const QModelIndex second = m.index(1, 0, hits);
        QCOMPARE(m.valueText(m.index(0, 0, second)), QStringLiteral("1.5"));
        QCOMPARE(m.data(m.index(1, JsonTreeModel::TypeColumn, second)).toString(), QStringLiteral("boolean"));
        QCOMPARE(m.valueText(m.index(2, 0, second)), QStringLiteral("null"));
        QCOMPARE(m.valueText(m.index(1, 0)), QStringLiteral("2"));
        // The path of a node selects that node again.
        QString error;
        const auto again = m.select(m.path(title), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->size(), 1);
        QCOMPARE(m.indexOf(again->first()), title);
        QVERIFY(!m.setJson("{oops").isEmpty());
        QVERIFY(m.isEmpty());
    }

    void jsonPathSelects()
    {
        JsonTreeModel m;
        QVERIFY(
            m.setJson(R"({"a":{"b":[10,20,30]},"hits":[{"path":"/x","jcr:content":{"path":"/x/c"}},{"path":"/y"}]})")
                .isEmpty());
        QString error;
        auto texts = [&](const QString& p) {
            QStringList out;
            const auto sel = m.select(p, &error);
            if (!sel)
                return QStringList {QStringLiteral("error")};
            for (const auto* n : *sel)
                out.append(JsonTreeModel::valueTextOf(n));
            return out;
        };
        QCOMPARE(texts(QStringLiteral("$.a.b[2]")), QStringList {QStringLiteral("30")});
        QCOMPARE(texts(QStringLiteral("$.a.b[-1]")), QStringList {QStringLiteral("30")});
        QCOMPARE(texts(QStringLiteral("$['a'][\"b\"][0]")), QStringList {QStringLiteral("10")});
        QCOMPARE(texts(QStringLiteral("$.a.b[*]")).size(), 3);
        QCOMPARE(texts(QStringLiteral("$.hits[*].path")), (QStringList {QStringLiteral("/x"), QStringLiteral("/y")}));
        QCOMPARE(texts(QStringLiteral("$..path")),
                 (QStringList {QStringLiteral("/x/c"), QStringLiteral("/x"), QStringLiteral("/y")})); // keys in order
        QCOMPARE(texts(QStringLiteral("$.hits[0]['jcr:content'].path")), QStringList {QStringLiteral("/x/c")});
        QCOMPARE(texts(QStringLiteral("$.a.*")).size(), 1);
        QCOMPARE(texts(QStringLiteral("$.nothing")), QStringList());
        QCOMPARE(texts(QStringLiteral("$..*")).size(), 12); // every node below the root
        QCOMPARE(texts(QStringLiteral("$..[0]")),
                 (QStringList {QStringLiteral("10"),
                               QStringLiteral("{\"jcr:content\":{\"path\":\"/x/c\"},\"path\":\"/x\"}")}));
        QCOMPARE(texts(QStringLiteral("$.a.b[x]")), QStringList {QStringLiteral("error")});
        QVERIFY2(error.contains(QLatin1String("character 7")), qPrintable(error));
        QCOMPARE(texts(QStringLiteral("a.b")), QStringList {QStringLiteral("error")});
        QCOMPARE(texts(QStringLiteral("$.a.b[1")), QStringList {QStringLiteral("error")});
    }

    void jsonTreeFilters()
    {
        JsonTreeModel m;
        QVERIFY(m.setJson(R"({"a":{"title":"one","deep":{"k":1}},"b":{"other":2},"title":"top"})").isEmpty());
        JsonTreeFilter f;
        f.setSourceModel(&m);
        QCOMPARE(f.rowCount(), 3);
        // By key: the keys holding the text, their ancestors, nothing else.
        QVERIFY(f.setFilter(QStringLiteral("TITLE")).isEmpty());
        QCOMPARE(f.matchCount(), 2);
        QCOMPARE(f.rowCount(), 2); // a (for a.title) and title
        const QModelIndex a = f.index(0, 0);
        QCOMPARE(f.data(a).toString(), QStringLiteral("a"));
        QCOMPARE(f.rowCount(a), 1);
        // By JSONPath: the node selected and what is under it.
        QVERIFY(f.setFilter(QStringLiteral("$.a.deep")).isEmpty());
        QCOMPARE(f.matchCount(), 1);
        QCOMPARE(f.rowCount(), 1);
        const QModelIndex deep = f.index(0, 0, f.index(0, 0));
        QCOMPARE(f.data(deep).toString(), QStringLiteral("deep"));
        QCOMPARE(f.rowCount(deep), 1);
        // "$" is the whole document.
        QVERIFY(f.setFilter(QStringLiteral("$")).isEmpty());
        QCOMPARE(f.rowCount(), 3);
        QCOMPARE(f.rowCount(f.index(0, 0)), 2);
        // A bad JSONPath keeps every node and says why.
        QVERIFY(!f.setFilter(QStringLiteral("$.a[")).isEmpty());
        QCOMPARE(f.rowCount(), 3);
        QVERIFY(f.setFilter(QString()).isEmpty());
        QCOMPARE(f.rowCount(), 3);
        // A new document is filtered as the old one was.
        QVERIFY(f.setFilter(QStringLiteral("other")).isEmpty());
        QVERIFY(m.setJson(R"({"x":{"other":1},"y":2,"z":{"other":3}})").isEmpty());
        QCOMPARE(f.rowCount(), 2);
    }

    void contentListings()
    {
        QString error;
        const auto assets = parseContentListing(QStringLiteral("/api/assets/wknd.json"),
                                                R"({"class":["assets/folder"],"properties":{"name":"wknd"},"entities":[
                {"class":["assets/folder"],"properties":{"name":"adventures","dc:title":"Adventures"},
                 "links":[{"rel":["self"],"href":"https:\/\/h/api/assets/wknd/adventures.json"}]},
                {"class":["assets/folder"],"properties":{"name":"no link"}},
                {"class":["assets/asset"],"properties":{"name":"logo.png"}}]})",
                                                &error);
        QVERIFY2(assets, qPrintable(error));
        QCOMPARE(assets->size(), 3);
        QVERIFY(assets->at(0).folder);
        QCOMPARE(assets->at(0).title, QStringLiteral("Adventures"));
        QCOMPARE(assets->at(0).childrenPath, QStringLiteral("/api/assets/wknd/adventures.json"));
        QCOMPARE(assets->at(1).childrenPath, QStringLiteral("/api/assets/wknd/no%20link.json"));
        QVERIFY(!assets->at(2).folder);
        const auto sling = parseContentListing(QStringLiteral("/content/wknd.1.json"),
                                               R"({"jcr:primaryType":"cq:Page","jcr:content":{"jcr:title":"WKND"},
                "en":{"jcr:primaryType":"cq:Page"},"img.png":{"jcr:primaryType":"dam:Asset"},"x":1})",
                                               &error);
        QVERIFY2(sling, qPrintable(error));
        QCOMPARE(sling->size(), 2);
        QCOMPARE(sling->at(0).name, QStringLiteral("en"));
        QCOMPARE(sling->at(0).childrenPath, QStringLiteral("/content/wknd/en.1.json"));
        QVERIFY(!sling->at(1).folder);
        QVERIFY(!parseContentListing(QStringLiteral("/bin/querybuilder.json"), "{}", &error));
        QVERIFY(!parseContentListing(QStringLiteral("/api/assets.json"), "{\"a\":1}", &error));
        QVERIFY2(error.contains(QLatin1String("Assets")), qPrintable(error));
    }

    void contentListingsFromAHostileServer()
    {
        QString error;
        // A self link that climbs out of the Assets API, plainly or percent-encoded: the folder's
        // own path is listed instead.
        const auto assets = parseContentListing(QStringLiteral("/api/assets/wknd.json"),
                                                R"({"class":["assets/folder"],"entities":[
                {"class":["assets/folder"],"properties":{"name":"a"},
                 "links":[{"rel":["self"],"href":"/api/assets/../../bin/querybuilder.json"}]},
                {"class":["assets/folder"],"properties":{"name":"b"},
                 "links":[{"rel":["self"],"href":"/api/assets/%2e%2e/%2E%2E/bin/querybuilder.json"}]},
                {"class":["assets/folder"],"properties":{"name":"c"},
                 "links":[{"rel":["self"],"href":"/api/assets/wknd/c\u0000.json"}]}]})",
                                                &error);
        QVERIFY2(assets, qPrintable(error));
        QCOMPARE(assets->size(), 3);
        QCOMPARE(assets->at(0).childrenPath, QStringLiteral("/api/assets/wknd/a.json"));
        QCOMPARE(assets->at(1).childrenPath, QStringLiteral("/api/assets/wknd/b.json"));
        QCOMPARE(assets->at(2).childrenPath, QStringLiteral("/api/assets/wknd/c.json"));
        // Sling names that are no child: ".", "..", control characters.
        const auto sling = parseContentListing(QStringLiteral("/content/wknd.1.json"),
                                               R"({".":{},"..":{},"a\nb":{},"ok":{}})", &error);
        QVERIFY2(sling, qPrintable(error));
        QCOMPARE(sling->size(), 1);
        QCOMPARE(sling->first().name, QStringLiteral("ok"));
        // Too large, and too many children: bounded, the rest counted.
        QVERIFY(!parseContentListing(QStringLiteral("/content/wknd.1.json"),
                                     QByteArray(kMaxAemToolAnswerBytes + 1, ' '), &error));
        QVERIFY2(error.contains(QLatin1String("bytes")), qPrintable(error));
        QByteArray many = "{";
        for (int i = 0; i < kMaxContentEntries + 5; ++i)
            many += "\"n" + QByteArray::number(i) + "\":{},";
        many += "\"last\":{}}";
        int hidden = 0;
        const auto lots = parseContentListing(QStringLiteral("/content/wknd.1.json"), many, &error, &hidden);
        QVERIFY2(lots, qPrintable(error));
        QCOMPARE(lots->size(), kMaxContentEntries);
        QCOMPARE(hidden, 6);
    }

    void sandboxNeedsTheToken()
    {
        QCOMPARE(call("GET", QStringLiteral("/bin/querybuilder.json?path=/content"), {}, {}).status, 401);
        QCOMPARE(call("GET", QStringLiteral("/graphql/execute.json/global/adventures"), {}, "not.a.token").status, 401);
        QCOMPARE(call("GET", QStringLiteral("/api/assets/wknd.json"), {}, {}).status, 401);
    }

    void sandboxQueryBuilder()
    {
        QueryBuilderForm f;
        f.path = QStringLiteral("/content/dam");
        f.type = QStringLiteral("dam:Asset");
        f.fulltext = QStringLiteral("SURF");
        f.orderBy = QStringLiteral("@jcr:content/jcr:title");
        QString error;
        Answer a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
        QCOMPARE(a.status, 200);
        QCOMPARE(paths(a.json()),
                 (QStringList {QStringLiteral("/content/dam/wknd/adventures/guide.pdf"),
                               QStringLiteral("/content/dam/wknd/adventures/bali-surf-camp.jpg")}));
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 2);
        QCOMPARE(a.json().value(QLatin1String("success")).toBool(), true);
        const auto hits = parseQueryBuilderHits(a.body, &error);
        QVERIFY2(hits, qPrintable(error));
        QCOMPARE(hits->rows.at(1).at(1), QStringLiteral("Bali Surf Camp"));
        // A property predicate, a limit, more, descending order.
        f.fulltext.clear();
        f.properties = {{QStringLiteral("jcr:content/metadata/dc:format"), QStringLiteral("image/jpeg")}};
        f.limit = 1;
        f.descending = true;
        a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
        QCOMPARE(paths(a.json()),
                 QStringList {QStringLiteral("/content/dam/wknd/adventures/yosemite-backpacking.jpg")});
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 2);
        QCOMPARE(a.json().value(QLatin1String("more")).toBool(), true);
        QCOMPARE(call("GET", QStringLiteral("/bin/querybuilder.json?p.limit=x")).status, 400);
    }

    void sandboxQueryBuilderPages()
    {
        QueryBuilderForm f;
        f.path = QStringLiteral("/content/sandbox");
        f.type = QStringLiteral("cq:Page");
        f.orderBy = QStringLiteral("path");
        f.limit = 20;
        QString error;
        QStringList seen;
        for (int offset : {0, 20, 40}) {
            f.offset = offset;
            const Answer a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
            QCOMPARE(a.status, 200);
            const QJsonObject o = a.json();
            QCOMPARE(o.value(QLatin1String("total")).toInt(), 45);
            QCOMPARE(o.value(QLatin1String("offset")).toInt(), offset);
            QCOMPARE(o.value(QLatin1String("results")).toInt(), offset == 40 ? 5 : 20);
            QCOMPARE(o.value(QLatin1String("more")).toBool(), offset < 40);
            seen += paths(o);
        }
        QCOMPARE(seen.size(), 45);
        QCOMPARE(seen.first(), QStringLiteral("/content/sandbox/page-01"));
        QCOMPARE(seen.last(), QStringLiteral("/content/sandbox/page-45"));
        QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), 45); // no page twice
        // Beyond the end: no hits, the total still true.
        f.offset = 60;
        Answer a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
        QCOMPARE(a.json().value(QLatin1String("hits")).toArray().size(), 0);
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 45);
        // p.guessTotal=true counts to the end of the page and says there are more.
        f.offset = 20;
        f.guessTotal = true;
        a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 40);
        QCOMPARE(a.json().value(QLatin1String("more")).toBool(), true);
        const auto hits = parseQueryBuilderHits(a.body, &error);
        QVERIFY2(hits, qPrintable(error));
        const QueryBuilderPage page = queryBuilderPage(f, *hits);
        QVERIFY(page.totalIsLowerBound && page.hasNext);
        QCOMPARE(page.first, 21);
        // …and a number counts to that number; past the last hit, the exact total.
        a = call(
            "GET",
            QStringLiteral("/bin/querybuilder.json?path=/content/sandbox&type=cq:Page&p.limit=10&p.guessTotal=30"));
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 30);
        QCOMPARE(a.json().value(QLatin1String("more")).toBool(), true);
        f.offset = 40;
        a = call("GET", queryBuilderPath(f, &error).value_or(QString()));
        QCOMPARE(a.json().value(QLatin1String("total")).toInt(), 45);
        QCOMPARE(a.json().value(QLatin1String("more")).toBool(), false);
        QCOMPARE(call("GET", QStringLiteral("/bin/querybuilder.json?p.guessTotal=lots")).status, 400);
    }

    void sandboxGraphql()
    {
        Answer a = call("GET", QString::fromLatin1(kGraphqlEndpointsListPath));
        QCOMPARE(a.status, 200);
        QString error;
        const auto eps = parseGraphqlEndpoints(a.body, &error);
        QVERIFY2(eps && eps->size() == 2, qPrintable(error + QString::fromUtf8(a.body)));
        QCOMPARE(eps->first().url, graphqlEndpointPath(QStringLiteral("global")));
        QCOMPARE(eps->at(1).url, graphqlEndpointPath(QStringLiteral("sandbox")));
        // The repository spelling answers too, and a configuration without an endpoint does not.
        QCOMPARE(call("GET", QStringLiteral("/content/cq:graphql.2.json")).body, a.body);
        QVERIFY(call("POST", QStringLiteral("/content/_cq_graphql/wknd/endpoint.json"), "{}").status >= 400);
        a = call("POST", eps->at(1).url,
                 graphqlBody(QStringLiteral("{ articleList { items { title } } }"), {}, &error).value_or(QByteArray()));
        QCOMPARE(a.json()[u"data"_s][u"articleList"_s][u"items"_s].toArray().size(), 3);
        const QByteArray body = graphqlBody(QStringLiteral("query($slug:String){adventureList{items{title slug}}}"),
                                            QStringLiteral("{\"slug\":\"bali-surf-camp\"}"), &error)
                                    .value_or(QByteArray());
        a = call("POST", eps->first().url, body);
        QCOMPARE(a.status, 200);
        const QJsonArray items = a.json()[u"data"_s][u"adventureList"_s][u"items"_s].toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()[u"title"_s].toString(), QStringLiteral("Bali Surf Camp"));
        a = call("POST", eps->first().url,
                 graphqlBody(QStringLiteral("{nothing{x}}"), {}, &error).value_or(QByteArray()));
        QCOMPARE(a.status, 200);
        QVERIFY(!graphqlErrors(a.body).isEmpty());
        QCOMPARE(call("POST", eps->first().url, "not json").status, 400);
        // The persisted query, with and without a parameter.
        a = call("GET", QStringLiteral("/graphql/execute.json/global/adventures"));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json()[u"data"_s][u"adventureList"_s][u"items"_s].toArray().size(), 2);
        a = call("GET",
                 persistedQueryPath(QStringLiteral("global/adventures"),
                                    {{QStringLiteral("slug"), QStringLiteral("yosemite-backpacking")}}, &error)
                     .value_or(QString()));
        QCOMPARE(a.json()[u"data"_s][u"adventureList"_s][u"items"_s].toArray().size(), 1);
        QCOMPARE(call("GET", QStringLiteral("/graphql/execute.json/global/missing")).status, 404);
    }

    void sandboxListsAndRunsPersistedQueries()
    {
        Answer a = call("GET", QString::fromLatin1(kPersistedQueriesListPath));
        QCOMPARE(a.status, 200);
        QVERIFY(QJsonDocument::fromJson(a.body).isArray()); // AEM's shape
        QString error;
        const auto list = parsePersistedQueries(a.body, &error);
        QVERIFY2(list, qPrintable(error));
        QVERIFY(list->skipped.isEmpty());
        QStringList names;
        for (const PersistedQuery& q : list->queries)
            names.append(q.shortPath());
        QCOMPARE(names,
                 (QStringList {QStringLiteral("global/adventures"), QStringLiteral("sandbox/articles"),
                               QStringLiteral("sandbox/articles-by-author")}));
        const QList<GraphqlVariable> vars = graphqlVariables(list->queries.at(2).query);
        QCOMPARE(vars.size(), 1);
        QCOMPARE(vars.first().name, QStringLiteral("author"));
        QVERIFY(vars.first().required);
        // One configuration's list.
        a = call("GET", QString::fromLatin1(kPersistedQueriesListPath) + QStringLiteral("/sandbox"));
        QCOMPARE(parsePersistedQueries(a.body, &error).value_or(PersistedQueryList {}).queries.size(), 2);
        QCOMPARE(call("GET", QString::fromLatin1(kPersistedQueriesListPath) + QStringLiteral("/none")).status, 404);
        // Each runs by its name; the variable, encoded as AEM's client does, reaches it.
        a = call("GET", persistedQueryPath(names.at(1), {}, &error).value_or(QString()));
        QCOMPARE(a.json()[u"data"_s][u"articleList"_s][u"items"_s].toArray().size(), 3);
        a = call("GET", persistedQueryPath(names.at(2), {}, &error).value_or(QString()));
        QVERIFY2(graphqlErrors(a.body).value(0).contains(QLatin1String("author")), a.body.constData());
        const QString byAda =
            persistedQueryPath(names.at(2), {{QStringLiteral("author"), QStringLiteral("Ada Lovelace")}}, &error)
                .value_or(QString());
        QVERIFY(byAda.endsWith(QLatin1String("articles-by-author%3Bauthor%3DAda%20Lovelace")));
        a = call("GET", byAda);
        const QJsonArray items = a.json()[u"data"_s][u"articleList"_s][u"items"_s].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.first()[u"author"_s].toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(call("GET", QString::fromLatin1(kPersistedQueriesListPath), {}, {}).status, 401);
    }

    void sandboxAssetsAndListings()
    {
        QString error;
        Answer a = call("GET", QStringLiteral("/api/assets.json"));
        QCOMPARE(a.status, 200);
        auto list = parseContentListing(QStringLiteral("/api/assets.json"), a.body, &error);
        QVERIFY2(list && list->size() == 1, qPrintable(error));
        QCOMPARE(list->first().name, QStringLiteral("wknd"));
        a = call("GET", list->first().childrenPath);
        QCOMPARE(a.status, 200);
        list = parseContentListing(QStringLiteral("/api/assets/wknd.json"), a.body, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("adventures"));
        QVERIFY(list->at(0).folder);
        QVERIFY(!list->at(1).folder);
        a = call("GET", list->at(0).childrenPath);
        QCOMPARE(parseContentListing(list->at(0).childrenPath, a.body, &error).value_or(QList<ContentEntry>()).size(),
                 3);
        QCOMPARE(call("GET", QStringLiteral("/api/assets/none.json")).status, 404);
        // Sling's listing of /content, one level down at a time.
        a = call("GET", QStringLiteral("/content.1.json"));
        QCOMPARE(a.status, 200);
        list = parseContentListing(QStringLiteral("/content.1.json"), a.body, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->size(), 4); // dam, wknd, cq:graphql, sandbox
        a = call("GET", QStringLiteral("/content/wknd/en.1.json"));
        QCOMPARE(a.json()[u"adventures"_s][u"jcr:content"_s][u"jcr:title"_s].toString(), QStringLiteral("Adventures"));
        QCOMPARE(call("GET", QStringLiteral("/content/none.1.json")).status, 404);
        // The existing answers stay.
        QCOMPARE(call("GET", QStringLiteral("/content/dam.json")).json()[u"jcr:title"_s].toString(),
                 QStringLiteral("Assets"));
    }
};

QTEST_GUILESS_MAIN(TestAemApis)
#include "tst_aemapis.moc"
