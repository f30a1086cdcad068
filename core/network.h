#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace aem {

// Reads an extra CA file (a corporate proxy's CA, the sandbox's ca.pem): cheap, call at start
// so a bad file is reported at once. Returns nullopt with `error` set when unusable.
std::optional<QList<QSslCertificate>> readCaFile(const QString& path, QString* error);

// Process-wide network set-up before the first request: the system proxy is honoured, and the
// extra CAs are trusted on top of the system's. TLS verification itself is never turned off.
// Listing the system CAs costs tens of milliseconds, so this runs only when a request is due.
void configureNetwork(const QList<QSslCertificate>& extraCas);

} // namespace aem
