// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace aem {

// Writes `data` to `path` atomically (QSaveFile: a temporary file renamed over the target),
// creating the directory; owner-only permissions when `ownerOnly`. On failure the old file is
// untouched and `error` names the file and the cause.
bool writeFileAtomically(const QString& path, const QByteArray& data, bool ownerOnly, QString* error = nullptr);

} // namespace aem
