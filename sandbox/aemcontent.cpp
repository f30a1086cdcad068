// SPDX-License-Identifier: Apache-2.0
#include "sandbox_p.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

// AEM's common read APIs over a small fixed repository, for the request tester's tools: the
// QueryBuilder (/bin/querybuilder.json), GraphQL (endpoint listing, queries, one persisted
// query), the Assets HTTP API (Siren) and Sling's .1.json listings. Called after the bearer check.

namespace aem::sandbox {

namespace {

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
        return QList<Node> {
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
        };
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
    const int total = int(hits.size());
    const QList<const Node*> page = hits.mid(offset, limit < 0 ? -1 : limit);
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
                      {QStringLiteral("more"), offset + int(page.size()) < total},
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

QByteArray graphqlError(const QString& message)
{
    return json({{QStringLiteral("errors"), QJsonArray {QJsonObject {{QStringLiteral("message"), message}}}}});
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
    if (!query.contains(QLatin1String("adventureList")))
        return res.respond(200, "application/json",
                           graphqlError(QStringLiteral("Validation error: the query asks for no field this schema has "
                                                       "(try adventureList)")));
    const QString slug = variables.toObject().value(QLatin1String("slug")).toString();
    res.respond(200, "application/json",
                json({{QStringLiteral("data"),
                       QJsonObject {{QStringLiteral("adventureList"),
                                     QJsonObject {{QStringLiteral("items"), adventures(slug)}}}}}}));
}

void graphqlList(HttpResponder& res)
{
    res.respond(200, "application/json",
                json({{QStringLiteral("endpoints"),
                       QJsonArray {QJsonObject {
                           {QStringLiteral("configurationName"), QStringLiteral("global")},
                           {QStringLiteral("path"), QStringLiteral("/content/cq:graphql/global/endpoint")},
                           {QStringLiteral("url"), QStringLiteral("/content/_cq_graphql/global/endpoint.json")},
                           {QStringLiteral("persistedQueries"),
                            QJsonArray {QStringLiteral("/graphql/execute.json/global/adventures")}}}}}}));
}

// GET /graphql/execute.json/global/adventures[;slug=…]: the one persisted query.
void persistedQuery(const QString& rest, HttpResponder& res)
{
    const QStringList parts = rest.split(QLatin1Char(';'));
    if (parts.first() != QLatin1String("global/adventures"))
        return res.respond(404, "application/json",
                           graphqlError(QStringLiteral("No persisted query at %1").arg(parts.first())));
    QString slug;
    for (const QString& p : parts.mid(1)) {
        const QString key = QUrl::fromPercentEncoding(p.section(QLatin1Char('='), 0, 0).toUtf8());
        if (key == QLatin1String("slug"))
            slug = QUrl::fromPercentEncoding(p.section(QLatin1Char('='), 1).toUtf8());
    }
    res.respond(200, "application/json",
                json({{QStringLiteral("data"),
                       QJsonObject {{QStringLiteral("adventureList"),
                                     QJsonObject {{QStringLiteral("items"), adventures(slug)}}}}}}));
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
        if (n->type == QLatin1String("sling:Folder"))
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
    if (p == QLatin1String("/graphql/list.endpoints.json") && get) {
        graphqlList(res);
        return true;
    }
    if (p == QLatin1String("/content/_cq_graphql/global/endpoint.json")
        || p == QLatin1String("/content/cq:graphql/global/endpoint.json")) {
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
        const QString path = m.captured(1);
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
