#pragma once

#include <QString>

namespace aem {

// Process-wide network set-up, called once at start: the system proxy is honoured, and an
// extra CA file (a corporate proxy's CA, the sandbox's) is trusted on top of the system CAs.
// TLS verification itself is never turned off.
bool configureNetwork(const QString& extraCaFile, QString* error);

} // namespace aem
