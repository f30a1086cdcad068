// SPDX-License-Identifier: Apache-2.0
#include "testsupport.h"

#include "jwt.h"
#include "network.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTcpSocket>

namespace aem::test {

QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);
}

const PrivateKey& rsaKey(int which)
{
    static const PrivateKey keys[2] = {PrivateKey::generateRsa(2048), PrivateKey::generateRsa(2048)};
    return keys[which & 1];
}

static QString pem(QByteArray text, bool crlf)
{
    text.replace("\r\n", "\n");
    if (crlf)
        text.replace("\n", "\r\n");
    return QString::fromLatin1(text);
}

QJsonObject serviceIntegration(const ServiceJsonSpec& spec)
{
    const PrivateKey& key = rsaKey(0);
    Certificate::Spec c;
    c.commonName = spec.clientId;
    c.notBefore = spec.expired ? fixedNow().addDays(-400) : fixedNow().addDays(-10);
    c.notAfter = spec.expired ? fixedNow().addDays(-35) : fixedNow().addDays(355);
    const Certificate cert = Certificate::create(c, key, key);
    QByteArray keyPem;
    if (spec.ecKey)
        keyPem = PrivateKey::generateEc().toPkcs8Pem();
    else {
        const PrivateKey& k = spec.mismatchedKey ? rsaKey(1) : key;
        keyPem = spec.pkcs8 ? k.toPkcs8Pem() : k.toPkcs1Pem();
    }
    QJsonObject integration {
        {QStringLiteral("imsEndpoint"), spec.imsEndpoint},
        {QStringLiteral("technicalAccount"),
         QJsonObject {{QStringLiteral("clientId"), spec.clientId},
                      {QStringLiteral("clientSecret"), spec.clientSecret}}},
        {QStringLiteral("email"), QStringLiteral("0f1e2d3c-aaaa-bbbb-cccc-000000000000@techacct.adobe.com")},
        {QStringLiteral("id"), QStringLiteral("ABCDAE10A495E8C@techacct.adobe.com")},
        {QStringLiteral("org"), QStringLiteral("1234ABCD@AdobeOrg")},
        {QStringLiteral("privateKey"), pem(keyPem, spec.crlf)},
        {QStringLiteral("publicKey"), pem(cert.toPem(), spec.crlf)},
        {QStringLiteral("certificateExpirationDate"), c.notAfter.toString(Qt::ISODateWithMs)}};
    if (spec.metascopesArray)
        integration.insert(QStringLiteral("metascopes"),
                           QJsonArray {QStringLiteral("ent_aem_cloud_api"), QStringLiteral("ent_cloudmgr_sdk")});
    else
        integration.insert(QStringLiteral("metascopes"), QStringLiteral("ent_aem_cloud_api,ent_cloudmgr_sdk"));
    return integration;
}

QByteArray serviceJson(const ServiceJsonSpec& spec)
{
    const QJsonObject integration = serviceIntegration(spec);
    if (!spec.wrapper)
        return QJsonDocument(integration).toJson();
    return QJsonDocument(QJsonObject {{QStringLiteral("ok"), true},
                                      {QStringLiteral("integration"), integration},
                                      {QStringLiteral("statusCode"), 200}})
        .toJson();
}

QByteArray imsShapedToken(const QDateTime& created, qint64 lifetimeMs, const QString& clientId)
{
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
                              {QStringLiteral("kid"), QStringLiteral("ims_na1-key-at-1")}};
    const QJsonObject claims {{QStringLiteral("type"), QStringLiteral("access_token")},
                              {QStringLiteral("client_id"), clientId},
                              {QStringLiteral("user_id"), QStringLiteral("TESTUSER@AdobeID")},
                              {QStringLiteral("created_at"), QString::number(created.toMSecsSinceEpoch())},
                              {QStringLiteral("expires_in"), QString::number(lifetimeMs)}};
    const QByteArray input = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + base64UrlEncode(rsaKey(1).signSha256(input));
}

IsolatedHome::IsolatedHome()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString p = m_dir.path();
    qputenv("HOME", p.toLocal8Bit());
    qputenv("XDG_DATA_HOME", (p + QStringLiteral("/data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (p + QStringLiteral("/config")).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", (p + QStringLiteral("/cache")).toLocal8Bit());
}

SandboxFixture::SandboxFixture() : m_sandbox(std::make_unique<sandbox::Sandbox>())
{
    sandbox::Sandbox::Options o;
    o.dir = m_dir.path();
    m_ok = m_sandbox->start(o, &m_error);
    if (m_ok) {
        const auto cas = readCaFile(m_sandbox->caFile(), &m_error);
        m_ok = cas.has_value();
        if (m_ok)
            m_cas = *cas;
    }
}

void SandboxFixture::trustIn(QNetworkAccessManager* nam) const
{
    trustExtraCas(nam, m_cas);
}

TunnelProxy::TunnelProxy(quint16 targetPort) : m_targetPort(targetPort)
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket* client = m_server.nextPendingConnection())
            tunnel(client);
    });
}

bool TunnelProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost);
}

quint16 TunnelProxy::port() const
{
    return m_server.serverPort();
}

void TunnelProxy::tunnel(QTcpSocket* client)
{
    QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    auto head = std::make_shared<QByteArray>();
    auto* upstream = new QTcpSocket(client);
    QObject::connect(client, &QTcpSocket::readyRead, client, [this, client, upstream, head] {
        if (upstream->state() == QAbstractSocket::ConnectedState) {
            upstream->write(client->readAll());
            return;
        }
        head->append(client->readAll());
        while (head->contains("\r\n\r\n") && upstream->state() == QAbstractSocket::UnconnectedState) {
            const qsizetype end = head->indexOf("\r\n\r\n") + 4;
            const QByteArray request = head->left(end);
            head->remove(0, end);
            const QByteArray line = request.left(request.indexOf("\r\n"));
            connects << line;
            if (!line.startsWith("CONNECT ")) {
                client->write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
                client->disconnectFromHost();
                return;
            }
            if (!requiredCredentials.isEmpty()
                && !request.contains(
                    QByteArray("\r\nProxy-Authorization: Basic " + requiredCredentials.toBase64() + "\r\n"))) {
                ++challenges;
                client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                              "Proxy-Authenticate: Basic realm=\"test proxy\"\r\nContent-Length: 0\r\n\r\n");
                continue;
            }
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        }
    });
    QObject::connect(upstream, &QTcpSocket::connected, client,
                     [client] { client->write("HTTP/1.1 200 Connection established\r\n\r\n"); });
    QObject::connect(upstream, &QTcpSocket::readyRead, client,
                     [client, upstream] { client->write(upstream->readAll()); });
    QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
    QObject::connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
}

} // namespace aem::test
