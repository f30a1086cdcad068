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

// The children in the answer to `requestPath`, or nullopt with `error`.
std::optional<QList<ContentEntry>> parseContentListing(const QString& requestPath, const QByteArray& json,
                                                       QString* error);

} // namespace aem
