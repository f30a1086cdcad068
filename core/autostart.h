// SPDX-License-Identifier: Apache-2.0
#pragma once

// Start at login: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/<application id>.desktop,
// that starts the window hidden in the tray. Written and removed by Settings; nothing else.

#include <QString>

namespace aem::autostart {

// Where the entry goes (under QStandardPaths::GenericConfigLocation).
QString entryPath();
bool isEnabled();
// Writes (atomically) or removes the entry; `program` is the executable to start. False and
// `error` (naming the file) when that fails.
bool setEnabled(bool enabled, const QString& program, QString* error = nullptr);
// The entry's text for `program` (desktop-entry quoting of the Exec line).
QByteArray entryText(const QString& program);

} // namespace aem::autostart
