// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>

#include <optional>

class QNetworkAccessManager;

namespace aem {

// Reads an extra CA file (a corporate proxy's CA, the sandbox's ca.pem). Cheap: call at start
// so a bad file is reported at once. Returns nullopt with `error` set when unusable.
std::optional<QList<QSslCertificate>> readCaFile(const QString& path, QString* error);

// Which proxy connections take: the system's (https_proxy, the desktop's settings), none, or one
// given by host and port.
struct ProxyConfig
{
    enum class Mode { System, None, Manual };
    Mode mode = Mode::System;
    QString host;
    quint16 port = 0;
    bool operator==(const ProxyConfig&) const = default;
};

// Applies the proxy choice process-wide (Services does, before its first connection).
void applyProxy(const ProxyConfig& proxy);

// What to do when a proxy answers 407 (it wants the user to sign in). Not a transient error: no
// retry helps until the credentials change.
QString explainProxyAuthentication(const QString& proxyError);

// Trusts `extraCas` in addition to the system's roots for replies of `nam`. TLS stays fully
// verified: a reply whose chain Qt cannot anchor in the system roots is let through only when
// OpenSSL verifies that same chain against the extra CAs, including host name and validity.
// (Handing the CAs to QSslConfiguration would end the lazy loading of the system roots and cost
// ~100 ms on every start.)
// Returns the connection, to undo with QObject::disconnect when the CAs change.
QMetaObject::Connection trustExtraCas(QNetworkAccessManager* nam, const QList<QSslCertificate>& extraCas);

// Whether `chain` (leaf first) is valid for `host` at `now` when anchored in `anchors`.
bool verifyChainWithAnchors(const QList<QSslCertificate>& chain, const QString& host,
                            const QList<QSslCertificate>& anchors, const QDateTime& now);

} // namespace aem
