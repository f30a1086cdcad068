// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a request body is and where it may go, for the request tester and its curl export:
// which methods carry a body, the Content-Type each kind of body implies (a header the user set
// wins), a body file checked before it is streamed, and the ?query of a path as editable
// parameters (decoded for editing, percent-encoded when written back).

#include "aemrequest.h"

#include <QList>
#include <QPair>
#include <QString>

namespace aem {

enum class BodyKind { Json, Form, Text, File };

// POST, PUT, PATCH and methods this list does not know carry a body; GET, HEAD, OPTIONS, TRACE,
// CONNECT and DELETE do not (a DELETE body has no defined meaning, and AEM ignores it).
bool methodTakesBody(const QByteArray& method);

// application/json, application/x-www-form-urlencoded, text/plain; charset=utf-8, or for a file
// the type its name suggests (application/octet-stream when unknown).
QByteArray contentTypeFor(BodyKind kind, const QString& fileName = {});

// A header named `name` (case-insensitive) is in `headers`.
bool hasHeader(const HeaderList& headers, const QByteArray& name);

// The largest file sent as a body. It is streamed from disk, never read into memory.
inline constexpr qint64 kMaxBodyFileBytes = qint64(4) * 1024 * 1024 * 1024;

// Empty when `path` is a readable regular file of at most kMaxBodyFileBytes (its size in *size);
// else one line naming the file and what is wrong.
QString checkBodyFile(const QString& path, qint64* size = nullptr);

using QueryItems = QList<QPair<QString, QString>>;

// The items of the ?query in "path?query#fragment" (or a full URL), decoded: %XX and '+' read
// as the characters they stand for. An item without '=' has an empty value.
QueryItems parseQuery(const QString& pathOrUrl);

// `pathOrUrl` with its query replaced by `items` (no '?' when there are none), the fragment kept.
// Keys and values are percent-encoded (UTF-8), '&', '=', '+', '#' and spaces included.
QString withQuery(const QString& pathOrUrl, const QueryItems& items);

// One query key or value, percent-encoded.
QString encodeQueryComponent(const QString& text);

} // namespace aem
