// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to the sandbox's sources: small helpers its IMS, AEM and control endpoints share.

#include "crypto.h"
#include "httpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace aem::sandbox {

inline constexpr qint64 kTokenLifetimeMs = 86399999;

inline QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline QByteArray imsError(const QString& code, const QString& description)
{
    return json({{QStringLiteral("error"), code}, {QStringLiteral("error_description"), description}});
}

inline QString randomHex(int bytes)
{
    return QString::fromLatin1(randomBytes(bytes).toHex().toUpper());
}

// QueryBuilder, GraphQL, the Assets HTTP API and .N.json listings (aemcontent.cpp), after the
// bearer check: false when `req` is none of them.
bool handleAemContent(const HttpRequest& req, HttpResponder& res);

} // namespace aem::sandbox
