// SPDX-License-Identifier: Apache-2.0
#include "sandbox_p.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

// AEM's common read APIs over a small fixed repository, for the request tester's tools: the
// QueryBuilder (/bin/querybuilder.json, with p.offset, p.limit and p.guessTotal over 45 pages
// under /content/sandbox), GraphQL (endpoints found at /content/cq:graphql/<conf>/endpoint,
// queries, persisted queries and their listing /graphql/list.json), the Assets HTTP API (Siren)
// and Sling's .N.json listings. Called after the bearer check.

namespace aem::sandbox {

namespace {

constexpr int kSandboxPages = 45;

struct Node
{
    QString path;
    QString type; // jcr:primaryType
    QString title;
    QString description;
    QString lastModified;
    QJsonObject properties; // more jcr:content properties, for property = value
};

const QList<Node>& repository()
{
    static const QList<Node> nodes = [] {
        auto page = [](const QString& path, const QString& title, const QString& template_) {
            return Node {path,
                         QStringLiteral("cq:Page"),
                         title,
                         {},
                         QStringLiteral("2026-03-02T10:00:00.000Z"),
                         QJsonObject {{QStringLiteral("cq:template"), template_}}};
        };
        auto folder = [](const QString& path, const QString& title) {
            return Node {path, QStringLiteral("sling:Folder"), title, {}, QStringLiteral("2026-01-15T09:30:00.000Z"),
                         {}};
        };
        auto asset = [](const QString& path, const QString& title, const QString& description, const QString& mime,
                        const QString& modified) {
            return Node {path,     QStringLiteral("dam:Asset"),
                         title,    description,
                         modified, QJsonObject {{QStringLiteral("dc:format"), mime}}};
        };
        QList<Node> list {
            folder(QStringLiteral("/content/dam"), QStringLiteral("Assets")),
            folder(QStringLiteral("/content/dam/wknd"), QStringLiteral("WKND")),
            folder(QStringLiteral("/content/dam/wknd/adventures"), QStringLiteral("Adventures")),
            asset(QStringLiteral("/content/dam/wknd/adventures/bali-surf-camp.jpg"), QStringLiteral("Bali Surf Camp"),
                  QStringLiteral("Surfing lessons on the beaches of Bali"), QStringLiteral("image/jpeg"),
                  QStringLiteral("2026-02-10T08:00:00.000Z")),
            asset(QStringLiteral("/content/dam/wknd/adventures/yosemite-backpacking.jpg"),
                  QStringLiteral("Yosemite Backpacking"), QStringLiteral("Three days of hiking in Yosemite"),
                  QStringLiteral("image/jpeg"), QStringLiteral("2026-02-12T08:00:00.000Z")),
            asset(QStringLiteral("/content/dam/wknd/adventures/guide.pdf"), QStringLiteral("Adventure Guide"),
                  QStringLiteral("What to pack for surfing and hiking"), QStringLiteral("application/pdf"),
                  QStringLiteral("2026-02-11T08:00:00.000Z")),
            asset(QStringLiteral("/content/dam/wknd/logo.png"), QStringLiteral("WKND Logo"), {},
                  QStringLiteral("image/png"), QStringLiteral("2026-01-20T08:00:00.000Z")),
            page(QStringLiteral("/content/wknd"), QStringLiteral("WKND"), QStringLiteral("/conf/wknd/templates/home")),
            page(QStringLiteral("/content/wknd/en"), QStringLiteral("English"),
                 QStringLiteral("/conf/wknd/templates/home")),
            page(QStringLiteral("/content/wknd/en/adventures"), QStringLiteral("Adventures"),
                 QStringLiteral("/conf/wknd/templates/list")),
            // GraphQL endpoints live at /content/cq:graphql/<configuration>/endpoint.
            folder(QStringLiteral("/content/cq:graphql"), QStringLiteral("GraphQL")),
            folder(QStringLiteral("/content/cq:graphql/global"), QStringLiteral("Global")),
            Node {QStringLiteral("/content/cq:graphql/global/endpoint"),
                  QStringLiteral("nt:unstructured"),
                  QStringLiteral("Global endpoint"),
                  {},
                  QStringLiteral("2026-01-15T09:30:00.000Z"),
                  {}},
            folder(QStringLiteral("/content/cq:graphql/sandbox"), QStringLiteral("Sandbox")),
            Node {QStringLiteral("/content/cq:graphql/sandbox/endpoint"),
                  QStringLiteral("nt:unstructured"),
                  QStringLiteral("Sandbox endpoint"),
                  {},
                  QStringLiteral("2026-01-15T09:30:00.000Z"),
                  {}},
            page(QStringLiteral("/content/sandbox"), QStringLiteral("Sandbox"),
                 QStringLiteral("/conf/sandbox/templates/home")),
        };
        // Enough pages to page through: /content/sandbox/page-01 … page-45.
        for (int i = 1; i <= kSandboxPages; ++i) {
            const QString n = QStringLiteral("%1").arg(i, 2, 10, QLatin1Char('0'));
            Node p = page(QStringLiteral("/content/sandbox/page-") + n, QStringLiteral("Sandbox page ") + n,
                          QStringLiteral("/conf/sandbox/templates/article"));
            p.lastModified = QStringLiteral("2026-03-%1T10:00:00.000Z").arg(1 + i % 28, 2, 10, QLatin1Char('0'));
            list.append(p);
        }
        return list;
    }();
    return nodes;
}

QString nameOf(const QString& path)
{
    return path.section(QLatin1Char('/'), -1);
}

QString parentOf(const QString& path)
{
    return path.section(QLatin1Char('/'), 0, -2);
}

const Node* findNode(const QString& path)
{
    for (const Node& n : repository())
        if (n.path == path)
            return &n;
    return nullptr;
}

QList<const Node*> childrenOf(const QString& path)
{
    QList<const Node*> out;
    for (const Node& n : repository())
        if (parentOf(n.path) == path)
            out.append(&n);
    return out;
}

QJsonObject notFound()
{
    return {{QStringLiteral("status"), 404}, {QStringLiteral("message"), QStringLiteral("Not found")}};
}

// The value of `name` on a node as the QueryBuilder's property predicate sees it.
QString propertyOf(const Node& n, QString name)
{
    if (name.startsWith(QLatin1String("jcr:content/")))
        name = name.mid(12);
    if (name.startsWith(QLatin1String("metadata/")))
        name = name.mid(9);
    if (name == QLatin1String("jcr:primaryType"))
        return n.type;
    if (name == QLatin1String("jcr:title") || name == QLatin1String("dc:title"))
        return n.title;
    if (name == QLatin1String("jcr:description") || name == QLatin1String("dc:description"))
        return n.description;
    if (name == QLatin1String("cq:lastModified") || name == QLatin1String("jcr:lastModified"))
        return n.lastModified;
    return n.properties.value(name).toString();
}

void queryBuilder(const HttpRequest& req, HttpResponder& res)
{
    const QUrlQuery& q = req.query;
    auto value = [&](const QString& key) { return q.queryItemValue(key, QUrl::FullyDecoded); };
    const QString path = value(QStringLiteral("path"));
    const QString type = value(QStringLiteral("type"));
    const QString fulltext = value(QStringLiteral("fulltext"));
    // property predicates: property=..., 1_property=..., with their .value
    QList<QPair<QString, QString>> properties;
    static const QRegularExpression propertyKey(QStringLiteral("^(\\d+_)?property$"));
    for (const auto& [k, v] : q.queryItems(QUrl::FullyDecoded))
        if (propertyKey.match(k).hasMatch())
            properties.append({v, value(k + QStringLiteral(".value"))});
    bool limitOk = true;
    const QString limitText = value(QStringLiteral("p.limit"));
    const int limit = limitText.isEmpty() ? 10 : limitText.toInt(&limitOk);
    bool offsetOk = true;
    const QString offsetText = value(QStringLiteral("p.offset"));
    const int offset = offsetText.isEmpty() ? 0 : offsetText.toInt(&offsetOk);
    if (!limitOk || !offsetOk || offset < 0) {
        res.respond(400, "application/json",
                    json({{QStringLiteral("success"), false},
                          {QStringLiteral("errorMessage"), QStringLiteral("p.limit and p.offset must be numbers")}}));
        return;
    }

    QList<const Node*> hits;
    for (const Node& n : repository()) {
        if (!path.isEmpty() && !n.path.startsWith(path + QLatin1Char('/')))
            continue;
        if (!type.isEmpty() && n.type != type)
            continue;
        if (!fulltext.isEmpty()
            && !(n.title.contains(fulltext, Qt::CaseInsensitive)
                 || n.description.contains(fulltext, Qt::CaseInsensitive)
                 || nameOf(n.path).contains(fulltext, Qt::CaseInsensitive)))
            continue;
        if (!std::all_of(properties.cbegin(), properties.cend(),
                         [&](const auto& p) { return propertyOf(n, p.first) == p.second; }))
            continue;
        hits.append(&n);
    }
    const QString orderBy = value(QStringLiteral("orderby"));
    if (!orderBy.isEmpty()) {
        auto key = [&](const Node* n) {
            if (orderBy == QLatin1String("path"))
                return n->path;
            if (orderBy == QLatin1String("nodename"))
                return nameOf(n->path);
            return propertyOf(*n, orderBy.startsWith(QLatin1Char('@')) ? orderBy.mid(1) : orderBy);
        };
        std::stable_sort(hits.begin(), hits.end(), [&](const Node* a, const Node* b) { return key(a) < key(b); });
        if (value(QStringLiteral("orderby.sort")) == QLatin1String("desc"))
            std::reverse(hits.begin(), hits.end());
    }
    const int found = int(hits.size());
    const QList<const Node*> page = hits.mid(offset, limit < 0 ? -1 : limit);
    // p.guessTotal: AEM stops counting — at the end of this page for "true", at N (or this page's
    // end, whichever is further) for a number — and says "more" when hits lie beyond the count.
    const QString guessText = value(QStringLiteral("p.guessTotal"));
    int total = found;
    bool more = offset + int(page.size()) < found;
    if (!guessText.isEmpty() && guessText != QLatin1String("false")) {
        bool guessOk = true;
        const int guess = guessText == QLatin1String("true") ? 0 : guessText.toInt(&guessOk);
        if (!guessOk || guess < 0) {
            res.respond(
                400, "application/json",
                json({{QStringLiteral("success"), false},
                      {QStringLiteral("errorMessage"), QStringLiteral("p.guessTotal must be true or a number")}}));
            return;
        }
        total = std::min(found, std::max(guess, offset + int(page.size())));
        more = found > total;
    }
    QJsonArray out;
    for (const Node* n : page)
        out.append(QJsonObject {{QStringLiteral("path"), n->path},
                                {QStringLiteral("excerpt"), n->description},
                                {QStringLiteral("name"), nameOf(n->path)},
                                {QStringLiteral("title"), n->title},
                                {QStringLiteral("lastModified"), n->lastModified},
                                {QStringLiteral("created"), n->lastModified}});
    res.respond(200, "application/json",
                json({{QStringLiteral("success"), true},
                      {QStringLiteral("results"), int(page.size())},
                      {QStringLiteral("total"), total},
                      {QStringLiteral("more"), more},
                      {QStringLiteral("offset"), offset},
                      {QStringLiteral("hits"), out}}));
}

// The GraphQL side: one endpoint (global), a list of adventures, one persisted query.
QJsonArray adventures(const QString& slug)
{
    struct A
    {
        const char* slug;
        const char* title;
        const char* activity;
        double price;
    };
    static const A all[] = {{"bali-surf-camp", "Bali Surf Camp", "Surfing", 5000},
                            {"yosemite-backpacking", "Yosemite Backpacking", "Hiking", 1500}};
    QJsonArray items;
    for (const A& a : all)
        if (slug.isEmpty() || slug == QLatin1String(a.slug))
            items.append(QJsonObject {{QStringLiteral("slug"), QString::fromLatin1(a.slug)},
                                      {QStringLiteral("title"), QString::fromLatin1(a.title)},
                                      {QStringLiteral("activity"), QString::fromLatin1(a.activity)},
                                      {QStringLiteral("price"), a.price}});
    return items;
}

QJsonArray articles(const QString& author)
{
    static const char* const all[][2] = {
        {"Surfing in Bali", "Ada Lovelace"}, {"Hiking Yosemite", "Alan Turing"}, {"Packing light", "Ada Lovelace"}};
    QJsonArray items;
    for (const auto& a : all)
        if (author.isEmpty() || author == QLatin1String(a[1]))
            items.append(QJsonObject {{QStringLiteral("title"), QString::fromLatin1(a[0])},
                                      {QStringLiteral("author"), QString::fromLatin1(a[1])}});
    return items;
}

QByteArray graphqlError(const QString& message)
{
    return json({{QStringLiteral("errors"), QJsonArray {QJsonObject {{QStringLiteral("message"), message}}}}});
}

QByteArray listAnswer(const char* field, const QJsonArray& items)
{
    return json({{QStringLiteral("data"),
                  QJsonObject {{QString::fromLatin1(field), QJsonObject {{QStringLiteral("items"), items}}}}}});
}

// The configuration of an endpoint path (/content/_cq_graphql/<c>/endpoint.json or
// /content/cq:graphql/<c>/endpoint.json) that has an endpoint node, else empty.
QString endpointConfiguration(const QString& path)
{
    static const QRegularExpression re(QStringLiteral("^/content/(?:_cq_|cq:)graphql/([^/]+)/endpoint\\.json$"));
    const QString c = re.match(path).captured(1);
    return !c.isEmpty() && findNode(QStringLiteral("/content/cq:graphql/%1/endpoint").arg(c)) ? c : QString();
}

void graphqlQuery(const HttpRequest& req, HttpResponder& res)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return res.respond(400, "application/json", graphqlError(QStringLiteral("The body is not a JSON object")));
    const QString query = doc.object().value(QLatin1String("query")).toString();
    const QJsonValue variables = doc.object().value(QLatin1String("variables"));
    if (!variables.isUndefined() && !variables.isNull() && !variables.isObject())
        return res.respond(400, "application/json", graphqlError(QStringLiteral("variables must be an object")));
    if (query.count(QLatin1Char('{')) == 0 || query.count(QLatin1Char('{')) != query.count(QLatin1Char('}')))
        return res.respond(200, "application/json", graphqlError(QStringLiteral("Invalid Syntax")));
    if (query.contains(QLatin1String("articleList")))
        return res.respond(
            200, "application/json",
            listAnswer("articleList", articles(variables.toObject().value(QLatin1String("author")).toString())));
    if (!query.contains(QLatin1String("adventureList")))
        return res.respond(200, "application/json",
                           graphqlError(QStringLiteral("Validation error: the query asks for no field this schema has "
                                                       "(try adventureList or articleList)")));
    const QString slug = variables.toObject().value(QLatin1String("slug")).toString();
    res.respond(200, "application/json", listAnswer("adventureList", adventures(slug)));
}

// The persisted queries, as AEM stores them under /conf/<configuration>/settings/graphql/persistentQueries.
struct Persisted
{
    const char* configuration;
    const char* name;
    const char* query;
    const char* requiredVariable; // nullptr when none is needed
};

const Persisted kPersisted[] = {
    {"global", "adventures",
     "query AdventureList($slug: String) { adventureList(filter: {slug: {_expressions: [{value: $slug}]}}) "
     "{ items { slug title activity price } } }",
     nullptr},
    {"sandbox", "articles", "{ articleList { items { title author } } }", nullptr},
    {"sandbox", "articles-by-author",
     "query ArticlesByAuthor($author: String!) { articleList(filter: {author: {_expressions: [{value: $author}]}}) "
     "{ items { title author } } }",
     "author"},
};

// GET /graphql/list.json[/<configuration>]: AEM's listing, one entry per configuration with its queries.
void persistedList(const QString& configuration, HttpResponder& res)
{
    QJsonArray out;
    for (const char* c : {"global", "sandbox"}) {
        if (!configuration.isEmpty() && configuration != QLatin1String(c))
            continue;
        QJsonArray queries;
        for (const Persisted& q : kPersisted)
            if (qstrcmp(q.configuration, c) == 0)
                queries.append(QJsonObject {
                    {QStringLiteral("path"),
                     QJsonObject {{QStringLiteral("shortForm"),
                                   QStringLiteral("/%1/%2").arg(QLatin1String(c), QLatin1String(q.name))},
                                  {QStringLiteral("longForm"),
                                   QStringLiteral("/conf/%1/settings/graphql/persistentQueries/%2")
                                       .arg(QLatin1String(c), QLatin1String(q.name))}}},
                    {QStringLiteral("data"), QJsonObject {{QStringLiteral("query"), QString::fromLatin1(q.query)}}}});
        out.append(QJsonObject {{QStringLiteral("configurationName"), QString::fromLatin1(c)},
                                {QStringLiteral("queries"), queries}});
    }
    if (out.isEmpty())
        return res.respond(404, "application/json",
                           graphqlError(QStringLiteral("No configuration %1").arg(configuration)));
    res.respond(200, "application/json", QJsonDocument(out).toJson(QJsonDocument::Compact));
}

// GET /graphql/execute.json/<configuration>/<name>[;var=value…]: the path arrives decoded, so
// Adobe's encoded form (%3Bvar%3Dvalue) and the plain one read the same.
void persistedQuery(const QString& rest, HttpResponder& res)
{
    const QStringList parts = rest.split(QLatin1Char(';'));
    const Persisted* found = nullptr;
    for (const Persisted& q : kPersisted)
        if (parts.first() == QLatin1String(q.configuration) + QLatin1Char('/') + QLatin1String(q.name))
            found = &q;
    if (!found)
        return res.respond(404, "application/json",
                           graphqlError(QStringLiteral("No persisted query at %1").arg(parts.first())));
    QJsonObject variables;
    for (const QString& p : parts.mid(1))
        variables.insert(p.section(QLatin1Char('='), 0, 0), p.section(QLatin1Char('='), 1));
    if (found->requiredVariable && variables.value(QLatin1String(found->requiredVariable)).toString().isEmpty())
        return res.respond(
            200, "application/json",
            graphqlError(QStringLiteral("Variable '%1' has not been set").arg(QLatin1String(found->requiredVariable))));
    if (qstrcmp(found->configuration, "global") == 0)
        return res.respond(200, "application/json",
                           listAnswer("adventureList", adventures(variables.value(QLatin1String("slug")).toString())));
    res.respond(200, "application/json",
                listAnswer("articleList", articles(variables.value(QLatin1String("author")).toString())));
}

// The Assets HTTP API: Siren entities for a folder under /content/dam.
QJsonObject sirenOf(const Node& n, bool withEntities)
{
    const bool isFolder = n.type != QLatin1String("dam:Asset");
    const QString apiPath = QStringLiteral("/api/assets") + n.path.mid(12) + QStringLiteral(".json");
    QJsonObject properties {{QStringLiteral("name"), nameOf(n.path)}, {QStringLiteral("dc:title"), n.title}};
    if (!isFolder)
        properties.insert(QStringLiteral("dc:format"), n.properties.value(QLatin1String("dc:format")));
    QJsonObject o {{QStringLiteral("class"),
                    QJsonArray {isFolder ? QStringLiteral("assets/folder") : QStringLiteral("assets/asset")}},
                   {QStringLiteral("properties"), properties},
                   {QStringLiteral("links"),
                    QJsonArray {QJsonObject {{QStringLiteral("rel"), QJsonArray {QStringLiteral("self")}},
                                             {QStringLiteral("href"), apiPath}}}}};
    if (withEntities) {
        QJsonArray entities;
        for (const Node* c : childrenOf(n.path))
            entities.append(sirenOf(*c, false));
        o.insert(QStringLiteral("entities"), entities);
        properties.insert(QStringLiteral("srn:paging"),
                          QJsonObject {{QStringLiteral("total"), int(entities.size())}, {QStringLiteral("offset"), 0}});
        o.insert(QStringLiteral("properties"), properties);
    }
    return o;
}

// A Sling JSON rendering of `n` to `depth` levels.
QJsonObject slingOf(const QString& path, int depth)
{
    QJsonObject o;
    if (const Node* n = findNode(path)) {
        o.insert(QStringLiteral("jcr:primaryType"), n->type);
        if (n->type == QLatin1String("sling:Folder") || n->type == QLatin1String("nt:unstructured"))
            o.insert(QStringLiteral("jcr:title"), n->title);
        else
            o.insert(QStringLiteral("jcr:content"),
                     QJsonObject {{QStringLiteral("jcr:primaryType"),
                                   n->type == QLatin1String("cq:Page") ? QStringLiteral("cq:PageContent")
                                                                       : QStringLiteral("dam:AssetContent")},
                                  {QStringLiteral("jcr:title"), n->title}});
    } else {
        o.insert(QStringLiteral("jcr:primaryType"), QStringLiteral("nt:folder")); // /content itself
    }
    if (depth > 0)
        for (const Node* c : childrenOf(path))
            o.insert(nameOf(c->path), slingOf(c->path, depth - 1));
    return o;
}

} // namespace

bool handleAemContent(const HttpRequest& req, HttpResponder& res)
{
    const QString& p = req.path;
    const bool get = req.method == "GET" || req.method == "HEAD";
    if (p == QLatin1String("/bin/querybuilder.json") && get) {
        queryBuilder(req, res);
        return true;
    }
    if ((p == QLatin1String("/graphql/list.json") || p.startsWith(QLatin1String("/graphql/list.json/"))) && get) {
        persistedList(p.mid(19), res);
        return true;
    }
    if (!endpointConfiguration(p).isEmpty()) {
        if (req.method != "POST")
            res.respond(405, "application/json", graphqlError(QStringLiteral("Send the query with POST")));
        else
            graphqlQuery(req, res);
        return true;
    }
    if (p.startsWith(QLatin1String("/graphql/execute.json/")) && get) {
        persistedQuery(p.mid(22), res);
        return true;
    }
    if ((p == QLatin1String("/api/assets.json") || p.startsWith(QLatin1String("/api/assets/"))) && get) {
        QString damPath = p.chopped(5).mid(11); // "/api/assets/x/y.json" → "/x/y"
        if (!p.endsWith(QLatin1String(".json")))
            damPath = p.mid(11);
        const Node* n = findNode(QStringLiteral("/content/dam") + damPath);
        if (!n)
            res.respond(404, "application/json", json(notFound()));
        else
            res.respond(200, "application/json", json(sirenOf(*n, n->type != QLatin1String("dam:Asset"))));
        return true;
    }
    static const QRegularExpression listing(QStringLiteral("^(/content(?:/[^.]+)?)\\.(\\d|infinity)\\.json$"));
    if (const auto m = listing.match(p); m.hasMatch() && get) {
        QString path = m.captured(1);
        path.replace(QLatin1String("/_cq_"), QLatin1String("/cq:")); // Sling's namespace mangling in URLs
        if (path != QLatin1String("/content") && !findNode(path)) {
            res.respond(404, "application/json", json(notFound()));
            return true;
        }
        const int depth = m.captured(2) == QLatin1String("infinity") ? 100 : m.captured(2).toInt();
        res.respond(200, "application/json", json(slingOf(path, depth)));
        return true;
    }
    return false;
}

} // namespace aem::sandbox
