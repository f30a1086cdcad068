// SPDX-License-Identifier: Apache-2.0
// AEM's common APIs without memorising them: the QueryBuilder form made into an encoded query and
// its hits into rows; GraphQL bodies (variables refused unless a JSON object), persisted-query
// paths with encoded parameters and the endpoint list; the JSON tree's paths, values and filters
// (by key, by JSONPath); Assets HTTP API and .1.json listings made into folders; and the sandbox's
// QueryBuilder, GraphQL, persisted query, Assets and listing endpoints behind the bearer check.

// (A "//" inside a raw string reads as a comment to moc: URLs in the fixtures are written https:\/\/.)

#include "contentlisting.h"
#include "graphqlrequest.h"
#include "jsontree.h"
#include "querybuilder.h"
#include "requestbody.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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
        QCOMPARE(
            persistedQueryPath(QStringLiteral("/graphql/execute.json/wknd-shared/by-slug"),
                               {{QStringLiteral("slug"), QStringLiteral("bali surf;a=b/c?d#e&f")},
                                {QStringLiteral("n"), QStringLiteral("1")}},
                               &error)
                .value_or(QString()),
            QStringLiteral("/graphql/execute.json/wknd-shared/by-slug;slug=bali%20surf%3Ba%3Db%2Fc%3Fd%23e%26f;n=1"));
        QVERIFY(!persistedQueryPath(QStringLiteral("adventures"), {}, &error));
        QVERIFY(!persistedQueryPath(QStringLiteral("global/../x/y"), {}, &error));
        QVERIFY(!persistedQueryPath(QStringLiteral("global/a"), {{QString(), QStringLiteral("v")}}, &error));
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
        QCOMPARE(graphqlErrors(R"({"errors":[{"message":"Invalid Syntax"}]})"),
                 QStringList {QStringLiteral("Invalid Syntax")});
        QVERIFY(graphqlErrors(R"({"data":{}})").isEmpty());
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

    void sandboxGraphql()
    {
        Answer a = call("GET", QString::fromLatin1(kGraphqlListPath));
        QCOMPARE(a.status, 200);
        QString error;
        const auto eps = parseGraphqlEndpoints(a.body, &error);
        QVERIFY2(eps && !eps->isEmpty(), qPrintable(error));
        QCOMPARE(eps->first().url, graphqlEndpointPath(QStringLiteral("global")));
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
        QCOMPARE(list->size(), 2); // dam, wknd
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
