// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared helpers for the tests: credential JSON built from real keys and certificates, an
// in-process sandbox, and isolation from the user's real files. Brings fakes.h along.

#include "credentialsource.h"
#include "crypto.h"
#include "fakes.h" // ManualClock, MemorySecretStore
#include "sandbox.h"

#include <QByteArray>
#include <QDateTime>
#include <QTcpServer>
#include <QTemporaryDir>

#include <QSslCertificate>

#include <memory>

class QNetworkAccessManager;
class QTcpSocket;

namespace aem::test {

// A fixed "now" for tests that judge expiry with a ManualClock.
QDateTime fixedNow();

// RSA-2048 keys are slow to make; each test process makes these once.
const PrivateKey& rsaKey(int which = 0);

struct ServiceJsonSpec
{
    bool wrapper = true; // {"ok":true,"integration":{...},"statusCode":200}
    bool pkcs8 = false; // PKCS#8 instead of PKCS#1
    bool crlf = true; // CRLF line ends in the PEM strings, as the console writes
    bool metascopesArray = false;
    bool expired = false; // certificate expired before fixedNow()
    bool mismatchedKey = false; // privateKey from another pair than publicKey
    bool ecKey = false; // a non-RSA private key
    QString clientId = QStringLiteral("cm-p123-e4567-integration");
    QString clientSecret = QStringLiteral("p8e-TEST-SECRET-VALUE-0123456789");
    QString imsEndpoint = QStringLiteral("ims-na1.adobelogin.com");
};
QJsonObject serviceIntegration(const ServiceJsonSpec& spec = {});
QByteArray serviceJson(const ServiceJsonSpec& spec = {});

// An IMS-shaped token signed by `key` (created_at/expires_in as strings of milliseconds).
QByteArray imsShapedToken(const QDateTime& created, qint64 lifetimeMs,
                          const QString& clientId = QStringLiteral("dev-console-prod"));

// Points QStandardPaths at a temporary HOME/XDG tree for the life of the object.
class IsolatedHome
{
public:
    IsolatedHome();
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

// An in-process sandbox on a free port whose CA the process trusts.
class SandboxFixture
{
public:
    SandboxFixture();
    sandbox::Sandbox& sandbox() { return *m_sandbox; }
    QString dir() const { return m_dir.path(); }
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    // Makes `nam` trust the sandbox's CA (as --ca-file does).
    void trustIn(QNetworkAccessManager* nam) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    bool m_ok = false;
    QString m_error;
    QList<QSslCertificate> m_cas;
};

// A corporate proxy in miniature: HTTP CONNECT tunnels, every one to `targetPort` on the loopback
// whatever host name was asked for (the proxy does the name lookup the client cannot — the
// sandbox's certificate also names ims.sandbox.test and author.sandbox.test for this). Records
// the CONNECT lines it was sent. Optionally wants Basic credentials first.
class TunnelProxy
{
public:
    explicit TunnelProxy(quint16 targetPort);
    bool listen();
    quint16 port() const;
    QList<QByteArray> connects; // every CONNECT line, answered or not
    // When set ("user:password"), a CONNECT without these Basic credentials is answered 407, on a
    // connection kept open for the retry, as corporate proxies do.
    QByteArray requiredCredentials;
    int challenges = 0; // 407s sent

private:
    void tunnel(QTcpSocket* client);
    QTcpServer m_server;
    quint16 m_targetPort;
};

// The id of the credential called `name` in `source`; the name itself when there is none (so a
// call with it fails as a call for a removed credential does).
inline QString idOf(const CredentialSource& source, const QString& name)
{
    const auto rec = source.byName(name);
    return rec ? rec->id : name;
}

} // namespace aem::test
