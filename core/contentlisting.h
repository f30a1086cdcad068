// SPDX-License-Identifier: Apache-2.0
#pragma once

// A folder of AEM content as a list of children, whether the answer came from the Assets HTTP
// API (/api/assets/<folder>.json, Siren: class, properties, entities, links) or from Sling's
// listing of a node (/content/<path>.1.json): each child's name, title, type and, for a folder,
// the request that lists its own children in the same API.

#include <QList>
#include <QString>

#include <optional>

namespace aem {

struct ContentEntry
{
    QString name;
    QString title;
    QString type; // assets/folder, assets/asset, or the jcr:primaryType
    bool folder = false;
    QString childrenPath; // for a folder: the GET that lists it
};

// "/api/assets/wknd.json" or "/content/wknd.1.json" → the same kind of path for the folder.
enum class ContentApi { Assets, Sling };
std::optional<ContentApi> contentApiOf(const QString& requestPath);

// The most children a listing shows; the others are counted in `hidden`.
inline constexpr int kMaxContentEntries = 10000;

// The children in the answer to `requestPath` (at most kMaxContentEntries, `hidden` counting the
// rest), or nullopt with `error` (too large, not JSON, not that API's shape). A folder's Assets
// "self" link is followed only when it stays in /api/assets/ on this AEM; names that are no child
// (".", "..", control characters) are left out.
std::optional<QList<ContentEntry>> parseContentListing(const QString& requestPath, const QByteArray& json,
                                                       QString* error, int* hidden = nullptr);

} // namespace aem
