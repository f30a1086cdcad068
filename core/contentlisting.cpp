// SPDX-License-Identifier: Apache-2.0
#include "contentlisting.h"

#include "aempath.h"
#include "querybuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ContentListing)
};

const QRegularExpression& slingPath()
{
    static const QRegularExpression re(QStringLiteral("^(/[^?#]*?)\\.(\\d+|infinity)\\.json$"));
    return re;
}

// Nodes that hold no browsable children of their own.
bool isLeafType(const QString& type)
{
    return type == QLatin1String("dam:Asset") || type == QLatin1String("nt:file")
        || type == QLatin1String("nt:resource");
}
} // namespace

std::optional<ContentApi> contentApiOf(const QString& requestPath)
{
    const QString path = requestPath.section(QLatin1Char('?'), 0, 0);
    if ((path == QLatin1String("/api/assets.json") || path.startsWith(QLatin1String("/api/assets/")))
        && path.endsWith(QLatin1String(".json")))
        return ContentApi::Assets;
    if (slingPath().match(path).hasMatch())
        return ContentApi::Sling;
    return std::nullopt;
}

std::optional<QList<ContentEntry>> parseContentListing(const QString& requestPath, const QByteArray& json,
                                                       QString* error, int* hidden)
{
    auto fail = [&](const QString& why) -> std::optional<QList<ContentEntry>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const auto api = contentApiOf(requestPath);
    if (!api)
        return fail(Tr::tr("%1 is neither an Assets HTTP API path (/api/assets/….json) nor a listing "
                           "(/content/….1.json).")
                        .arg(requestPath));
    if (json.size() > kMaxAemToolAnswerBytes)
        return fail(
            Tr::tr("The listing is %1 bytes, more than the %2 read.").arg(json.size()).arg(kMaxAemToolAnswerBytes));
    if (hidden)
        *hidden = 0;
    // Appends `c`, or counts it when the list is full.
    auto add = [&](QList<ContentEntry>& out, ContentEntry&& c) {
        if (out.size() >= kMaxContentEntries) {
            if (hidden)
                ++*hidden;
            return;
        }
        out.append(std::move(c));
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(Tr::tr("The listing is not a JSON object."));
    const QJsonObject o = doc.object();
    QList<ContentEntry> out;
    if (*api == ContentApi::Assets) {
        if (!o.value(QLatin1String("entities")).isArray() && !o.value(QLatin1String("class")).isArray())
            return fail(Tr::tr("The answer is not an Assets HTTP API folder (no class, no entities)."));
        const QString folder = requestPath.section(QLatin1Char('?'), 0, 0).chopped(5); // without .json
        for (const QJsonValue& v : o.value(QLatin1String("entities")).toArray()) {
            const QJsonObject e = v.toObject();
            const QJsonObject props = e.value(QLatin1String("properties")).toObject();
            ContentEntry c;
            c.name = props.value(QLatin1String("name")).toString();
            c.title = props.value(QLatin1String("dc:title")).toString(props.value(QLatin1String("title")).toString());
            const QJsonArray classes = e.value(QLatin1String("class")).toArray();
            c.type = classes.isEmpty() ? QString() : classes.first().toString();
            c.folder = classes.contains(QLatin1String("assets/folder"));
            if (c.name.isEmpty() || c.name.contains(QLatin1Char('/')))
                continue;
            if (c.folder) {
                QString self;
                for (const QJsonValue& l : e.value(QLatin1String("links")).toArray())
                    if (l.toObject().value(QLatin1String("rel")).toArray().contains(QLatin1String("self")))
                        self = QUrl(l.toObject().value(QLatin1String("href")).toString()).path(QUrl::FullyEncoded);
                // Only a path that stays in the Assets API of this AEM (no "..", even encoded).
                c.childrenPath = self.startsWith(QLatin1String("/api/assets/")) && self.endsWith(QLatin1String(".json"))
                        && isPathOnThisAem(self)
                    ? self
                    : folder + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(c.name))
                        + QStringLiteral(".json");
            }
            add(out, std::move(c));
        }
        return out;
    }
    const QString base = slingPath().match(requestPath.section(QLatin1Char('?'), 0, 0)).captured(1);
    for (auto i = o.constBegin(); i != o.constEnd(); ++i) {
        if (!i.value().isObject() || i.key() == QLatin1String("jcr:content") || i.key().contains(QLatin1Char('/'))
            || i.key() == QLatin1String(".") || i.key() == QLatin1String("..") || !isPathOnThisAem(u'/' + i.key()))
            continue;
        const QJsonObject child = i.value().toObject();
        ContentEntry c;
        c.name = i.key();
        c.type = child.value(QLatin1String("jcr:primaryType")).toString();
        c.title =
            child.value(QLatin1String("jcr:title"))
                .toString(
                    child.value(QLatin1String("jcr:content")).toObject().value(QLatin1String("jcr:title")).toString());
        c.folder = !isLeafType(c.type);
        if (c.folder)
            c.childrenPath = base + QLatin1Char('/') + c.name + QStringLiteral(".1.json");
        add(out, std::move(c));
    }
    return out;
}

} // namespace aem
