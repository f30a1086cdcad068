// SPDX-License-Identifier: Apache-2.0
#pragma once

// The body of an .http request written as "< FILE" or "<@ FILE" (core/httpfile.h), read only when
// the request is sent, with the checks of core/credentialfile.h: only a regular file (a symbolic
// link to one is fine), at most kMaxHttpBodyFileBytes; a FIFO, a device or a file outside the
// allowed folder is refused before it is opened, and checked again on the open descriptor
// (O_NONBLOCK), so that nothing swapped in between escapes. Its bytes go into the request and nowhere else: a history entry records
// the file's path, never its content (AemRequestSpec::bodyFromFile).

#include "httpfile.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace aem {

// The most a body file may hold: it is read into memory to be sent (and substituted for "<@").
constexpr qint64 kMaxHttpBodyFileBytes = qint64(16) * 1024 * 1024;

// `written` (as in "< ./x.json", variables substituted) relative to the directory of the .http
// file at `httpFilePath`; an absolute path stays as it is.
QString httpBodyFilePath(const QString& httpFilePath, const QString& written);

// The content of the regular file at `path`; nullopt with one line naming the file and the
// cause (no such file, permission denied, a FIFO, a directory, too large, or — with `within` —
// a file that, links followed, is not inside the directory `within` or below it).
std::optional<QByteArray> readHttpBodyFile(const QString& path, QString* error, const QString& within = {});

// Reads the body file of `request` (resolved from the .http file at `httpFilePath`, and only from
// that file's folder or below it, links followed) into its
// body, substituting `values` and dynamic variables in it for "<@"; false with the line saying
// why. Does nothing for a request without a body file.
bool loadHttpBodyFile(ResolvedHttpRequest* request, const QString& httpFilePath, const QHash<QString, QString>& values,
                      QString* error, const HttpDynamicSource& dynamic = {});

} // namespace aem
