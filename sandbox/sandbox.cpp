// SPDX-License-Identifier: Apache-2.0
#include "sandbox.h"
#include "sandbox_p.h"

#include "atomicfile.h"
#include "credentials.h"
#include "jwt.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>
#include <QUuid>

// The sandbox's state, the credentials it hands out, the tokens it issues and the dispatch of
// requests; the endpoints themselves are in imsemulator.cpp, aememulator.cpp and faultinjection.cpp.

namespace aem::sandbox {

namespace {

const QString kOrg = QStringLiteral("5ANDB0X0000000000A495E8C@AdobeOrg");

bool writeFile(const QString& path, const QByteArray& data, bool secret, QString* error)
{
    return writeFileAtomically(path, data, secret, error);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray crlf(QByteArray pem)
{
    return pem.replace("\r\n", "\n").replace("\n", "\r\n");
}

Certificate::Spec certSpec(const QString& cn, const QDateTime& from, const QDateTime& until)
{
    Certificate::Spec spec;
    spec.commonName = cn;
    spec.notBefore = from;
    spec.notAfter = until;
    return spec;
}

} // namespace

QJsonObject Integration::toJson() const
{
    QJsonArray certs;
    for (const QByteArray& c : certificates)
        certs.append(QString::fromLatin1(c));
    return {{QStringLiteral("clientId"), clientId},
            {QStringLiteral("clientSecret"), clientSecret},
            {QStringLiteral("oauth"), oauth},
            {QStringLiteral("oauthSecrets"), QJsonArray::fromStringList(oauthSecrets)},
            {QStringLiteral("org"), org},
            {QStringLiteral("id"), technicalAccountId},
            {QStringLiteral("email"), email},
            {QStringLiteral("metascopes"), QJsonArray::fromStringList(metascopes)},
            {QStringLiteral("certificates"), certs}};
}

Integration Integration::fromJson(const QJsonObject& o)
{
    Integration i;
    i.clientId = o.value(QLatin1String("clientId")).toString();
    i.clientSecret = o.value(QLatin1String("clientSecret")).toString();
    i.oauth = o.value(QLatin1String("oauth")).toBool();
    for (const QJsonValue& v : o.value(QLatin1String("oauthSecrets")).toArray())
        i.oauthSecrets << v.toString();
    i.org = o.value(QLatin1String("org")).toString();
    i.technicalAccountId = o.value(QLatin1String("id")).toString();
    i.email = o.value(QLatin1String("email")).toString();
    for (const QJsonValue& v : o.value(QLatin1String("metascopes")).toArray())
        i.metascopes << v.toString();
    for (const QJsonValue& v : o.value(QLatin1String("certificates")).toArray())
        i.certificates << v.toString().toLatin1();
    return i;
}

Sandbox::Sandbox(QObject* parent) : QObject(parent)
{
    m_server.setHandler([this](const HttpRequest& req, HttpResponder res) { handle(req, res); });
}

Sandbox::~Sandbox() = default;

QString Sandbox::path(const QString& name) const
{
    return m_options.dir + QLatin1Char('/') + name;
}

quint16 Sandbox::port() const
{
    return m_server.port();
}

QString Sandbox::baseUrl() const
{
    return QStringLiteral("https://") + imsEndpoint();
}

QString Sandbox::imsEndpoint() const
{
    return QStringLiteral("127.0.0.1:%1").arg(port());
}

QString Sandbox::caFile() const
{
    return path(QStringLiteral("ca.pem"));
}

bool Sandbox::start(const Options& options, QString* error)
{
    m_options = options;
    m_options.dir = QDir(options.dir).absolutePath();
    if (!QDir().mkpath(m_options.dir)) {
        *error = QStringLiteral("cannot create %1").arg(m_options.dir);
        return false;
    }
    // State from an earlier run.
    const QJsonObject state = QJsonDocument::fromJson(readFile(path(QStringLiteral("state.json")))).object();
    for (const QJsonValue& v : state.value(QLatin1String("integrations")).toArray()) {
        const Integration i = Integration::fromJson(v.toObject());
        m_integrations.insert(i.clientId, i);
    }
    quint16 port = options.port;
    if (port == 0)
        port = quint16(state.value(QLatin1String("port")).toInt());
    if (auto key = PrivateKey::fromPem(readFile(path(QStringLiteral("ims-key.pem"))))) {
        m_imsKey = key;
        m_imsCert = Certificate::fromPem(readFile(path(QStringLiteral("ims-cert.pem"))));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_imsKey || !m_imsCert || !m_imsCert->matches(*m_imsKey)) {
        m_imsKey = PrivateKey::generateRsa(2048);
        m_imsCert = Certificate::create(certSpec(QStringLiteral("ims_na1-key-at-1"), now.addDays(-1), now.addYears(10)),
                                        *m_imsKey, *m_imsKey);
        if (!writeFile(path(QStringLiteral("ims-key.pem")), m_imsKey->toPkcs8Pem(), true, error)
            || !writeFile(path(QStringLiteral("ims-cert.pem")), m_imsCert->toPem(), false, error))
            return false;
    }

    // TLS: a fresh CA and server certificate each start; clients trust ca.pem.
    const PrivateKey caKey = PrivateKey::generateEc();
    const Certificate ca = Certificate::create(
        {QStringLiteral("AEM Token Manager Sandbox CA"), now.addSecs(-3600), now.addDays(30), true, {}, {}}, caKey,
        caKey);
    const PrivateKey serverKey = PrivateKey::generateEc();
    const Certificate server = Certificate::create(
        // *.sandbox.test (a reserved name that never resolves): for tests that reach the sandbox
        // through an HTTP proxy, which does the name lookup.
        {QStringLiteral("127.0.0.1"),
         now.addSecs(-3600),
         now.addDays(30),
         false,
         {QStringLiteral("localhost"), QStringLiteral("ims.sandbox.test"), QStringLiteral("author.sandbox.test")},
         {QStringLiteral("127.0.0.1"), QStringLiteral("::1")}},
        serverKey, caKey, &ca);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(server.toPem(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(serverKey.toPkcs8Pem(), QSsl::Ec, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!writeFile(caFile(), ca.toPem(), false, error))
        return false;
    if (!m_server.listen(QHostAddress::LocalHost, port, tls, error)) {
        // The saved port may be taken; any port will do when none was asked for.
        if (options.port != 0 || !m_server.listen(QHostAddress::LocalHost, 0, tls, error))
            return false;
    }

    // Demo files, in exactly the Developer Console's formats.
    const QString demoPath = path(QStringLiteral("service-credentials.json"));
    const QJsonObject demo =
        QJsonDocument::fromJson(readFile(demoPath)).object().value(QLatin1String("integration")).toObject();
    const bool demoValid = demo.value(QLatin1String("imsEndpoint")).toString() == imsEndpoint()
        && m_integrations.contains(
            demo.value(QLatin1String("technicalAccount")).toObject().value(QLatin1String("clientId")).toString());
    if (!demoValid && !writeFile(demoPath, createServiceCredentials({}), true, error))
        return false;
    if (!writeFile(path(QStringLiteral("local-dev-token.json")), createLocalDevToken(kTokenLifetimeMs), true, error))
        return false;
    if (!QFile::exists(path(QStringLiteral("oauth-credentials.json")))
        && !writeFile(path(QStringLiteral("oauth-credentials.json")), createOAuthCredentials(), true, error))
        return false;
    return saveState(error);
}

bool Sandbox::saveState(QString* error) const
{
    QJsonArray integrations;
    for (const Integration& i : m_integrations)
        integrations.append(i.toJson());
    const QJsonObject state {{QStringLiteral("port"), int(port())},
                             {QStringLiteral("program"), m_options.program},
                             {QStringLiteral("environment"), m_options.environment},
                             {QStringLiteral("integrations"), integrations}};
    return writeFile(path(QStringLiteral("state.json")), QJsonDocument(state).toJson(), true, error);
}

QByteArray Sandbox::createServiceCredentials(const NewCredentialSpec& spec)
{
    const int program = spec.program > 0 ? spec.program : m_options.program;
    const int environment = spec.environment > 0 ? spec.environment : m_options.environment;
    Integration i;
    if (!spec.rotateClientId.isEmpty() && m_integrations.contains(spec.rotateClientId)) {
        i = m_integrations.value(spec.rotateClientId);
        if (spec.revokeOthers)
            i.certificates.clear();
    } else {
        i.clientId =
            QStringLiteral("cm-p%1-e%2-integration-%3").arg(program).arg(environment).arg(randomHex(3).toLower());
        i.clientSecret = QStringLiteral("p8e-") + QString::fromLatin1(base64UrlEncode(randomBytes(24)));
        i.org = kOrg;
        i.technicalAccountId = randomHex(12) + QStringLiteral("@techacct.adobe.com");
        i.email = QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral("@techacct.adobe.com");
        i.metascopes = {QStringLiteral("ent_aem_cloud_api")};
    }
    const PrivateKey key = PrivateKey::generateRsa(2048);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime from = spec.expiredCertificate ? now.addDays(-400) : now.addSecs(-60);
    const QDateTime until = spec.expiredCertificate ? now.addDays(-35) : now.addDays(spec.validDays);
    const Certificate cert = Certificate::create(certSpec(i.clientId, from, until), key, key);
    i.certificates << cert.toPem();
    m_integrations.insert(i.clientId, i);
    QString ignored;
    saveState(&ignored);

    const QJsonObject integration {
        {QStringLiteral("imsEndpoint"), imsEndpoint()},
        {QStringLiteral("metascopes"), i.metascopes.join(QLatin1Char(','))},
        {QStringLiteral("technicalAccount"),
         QJsonObject {{QStringLiteral("clientId"), i.clientId}, {QStringLiteral("clientSecret"), i.clientSecret}}},
        {QStringLiteral("email"), i.email},
        {QStringLiteral("id"), i.technicalAccountId},
        {QStringLiteral("org"), i.org},
        {QStringLiteral("privateKey"), QString::fromLatin1(crlf(spec.pkcs8 ? key.toPkcs8Pem() : key.toPkcs1Pem()))},
        {QStringLiteral("publicKey"), QString::fromLatin1(crlf(cert.toPem()))},
        {QStringLiteral("certificateExpirationDate"), until.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))}};
    const QJsonObject doc {{QStringLiteral("ok"), true},
                           {QStringLiteral("integration"), integration},
                           {QStringLiteral("statusCode"), 200}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QByteArray Sandbox::createOAuthCredentials(bool staleFirst)
{
    Integration i;
    i.oauth = true;
    i.clientId = randomHex(16).toLower();
    i.oauthSecrets << QStringLiteral("p8e-") + QString::fromLatin1(base64UrlEncode(randomBytes(24)));
    i.org = kOrg;
    i.technicalAccountId = randomHex(12) + QStringLiteral("@techacct.adobe.com");
    i.email = QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral("@techacct.adobe.com");
    i.metascopes = {QStringLiteral("openid"), QStringLiteral("AdobeID"), QStringLiteral("read_organizations"),
                    QStringLiteral("additional_info.projectedProductContext")};
    m_integrations.insert(i.clientId, i);
    QString ignored;
    saveState(&ignored);
    OAuthCredential c;
    c.clientId = i.clientId;
    if (staleFirst)
        c.clientSecrets << "p8e-" + base64UrlEncode(randomBytes(24)); // never registered
    for (const QString& s : std::as_const(i.oauthSecrets))
        c.clientSecrets << s.toUtf8();
    c.orgId = i.org;
    c.technicalAccountId = i.technicalAccountId;
    c.technicalAccountEmail = i.email;
    c.scopes = i.metascopes;
    c.imsEndpoint = imsEndpoint();
    return oauthCredentialJson(c);
}

QByteArray Sandbox::createLocalDevToken(qint64 lifetimeMs)
{
    const QString user = QStringLiteral("5ANDB0XDEVE10PER@AdobeID");
    const QByteArray token =
        issueToken(QStringLiteral("dev-console-prod"), user, lifetimeMs,
                   QStringLiteral("AdobeID,openid,read_organizations,additional_info.projectedProductContext"));
    const QJsonObject doc {{QStringLiteral("ok"), true},
                           {QStringLiteral("statusCode"), 200},
                           {QStringLiteral("accessToken"), QString::fromLatin1(token)}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QByteArray Sandbox::issueToken(const QString& clientId, const QString& userId, qint64 lifetimeMs, const QString& scope,
                               qint64 backdateMs)
{
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
                              {QStringLiteral("x5u"), QStringLiteral("ims_na1-key-at-1.cer")},
                              {QStringLiteral("kid"), QStringLiteral("ims_na1-key-at-1")},
                              {QStringLiteral("itt"), QStringLiteral("at")}};
    const qint64 now = QDateTime::currentMSecsSinceEpoch() - backdateMs;
    const QJsonObject claims {
        {QStringLiteral("id"), QString(QString::number(now) + QLatin1Char('_') + randomHex(8).toLower())},
        {QStringLiteral("type"), QStringLiteral("access_token")},
        {QStringLiteral("client_id"), clientId},
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("as"), QStringLiteral("ims-na1")},
        {QStringLiteral("aa_id"), userId},
        {QStringLiteral("ctp"), 0},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("created_at"), QString::number(now)},
        {QStringLiteral("expires_in"), QString::number(lifetimeMs)}};
    const QByteArray input = base64UrlEncode(json(header)) + '.' + base64UrlEncode(json(claims));
    return input + '.' + base64UrlEncode(m_imsKey->signSha256(input));
}

void Sandbox::handle(const HttpRequest& req, HttpResponder res)
{
    if (req.path.startsWith(QLatin1String("/ims/"))) {
        if (req.path == QLatin1String("/ims/exchange/jwt") || req.path == QLatin1String("/ims/exchange/jwt/")) {
            ++m_exchanges;
            if (m_delayCount > 0) {
                --m_delayCount;
                QTimer::singleShot(m_delayMs, this, [this, req, res] { handleExchange(req, res); });
                return;
            }
            handleExchange(req, res);
            return;
        }
        // The client-credentials grant: /ims/token/v3 is what the Developer Console documents,
        // /ims/token/v2 what Adobe's aio-lib-ims calls; one handler answers both.
        if (req.path == QLatin1String("/ims/token/v3") || req.path == QLatin1String("/ims/token/v2")) {
            ++m_exchanges;
            if (m_failCount > 0) {
                --m_failCount;
                res.respond(m_failStatus, "application/json;charset=UTF-8",
                            imsError(QStringLiteral("internal_error"), QStringLiteral("Please try again later")));
                return;
            }
            handleClientCredentials(req, res);
            return;
        }
        if (req.path == QLatin1String("/ims/validate_token/v1")) {
            handleValidate(req, res);
            return;
        }
        if (req.path == QLatin1String("/ims/invalidate_token/v2")) {
            handleInvalidate(req, res);
            return;
        }
        res.respond(404, "application/json", imsError(QStringLiteral("not_found"), QStringLiteral("Unknown endpoint")));
        return;
    }
    if (req.path.startsWith(QLatin1String("/__sandbox/control/"))) {
        handleControl(req, res);
        return;
    }
    ++m_aemRequests;
    if (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS")
        ++m_aemWrites;
    handleAem(req, res);
}

} // namespace aem::sandbox
