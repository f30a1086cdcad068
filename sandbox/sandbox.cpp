#include "sandbox.h"

#include "atomicfile.h"
#include "environment.h"
#include "jwt.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>
#include <QUuid>

namespace aem::sandbox {

namespace {

constexpr qint64 kTokenLifetimeMs = 86399999;
const QString kOrg = QStringLiteral("5ANDB0X0000000000A495E8C@AdobeOrg");

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray imsError(const QString& code, const QString& description)
{
    return json({{QStringLiteral("error"), code}, {QStringLiteral("error_description"), description}});
}

QString randomHex(int bytes)
{
    return QString::fromLatin1(randomBytes(bytes).toHex().toUpper());
}

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

std::optional<qint64> integerClaim(const QJsonValue& v)
{
    if (v.isDouble() && v.toDouble() == double(qint64(v.toDouble())))
        return qint64(v.toDouble());
    return std::nullopt;
}

// The fields of an application/x-www-form-urlencoded or multipart/form-data body (Adobe's Node
// client posts multipart).
QHash<QString, QByteArray> parseForm(const HttpRequest& req)
{
    QHash<QString, QByteArray> out;
    const QByteArray type = req.header("content-type");
    if (type.startsWith("multipart/form-data")) {
        const qsizetype b = type.indexOf("boundary=");
        if (b < 0)
            return out;
        QByteArray boundary = type.mid(b + 9).trimmed();
        if (boundary.startsWith('"') && boundary.endsWith('"'))
            boundary = boundary.mid(1, boundary.size() - 2);
        const QByteArray delimiter = "--" + boundary;
        qsizetype pos = req.body.indexOf(delimiter);
        while (pos >= 0) {
            qsizetype start = pos + delimiter.size();
            if (req.body.mid(start, 2) == "--")
                break;
            start += 2; // CRLF after the delimiter
            const qsizetype next = req.body.indexOf(QByteArray("\r\n" + delimiter), start);
            if (next < 0)
                break;
            const QByteArray part = req.body.mid(start, next - start);
            const qsizetype headEnd = part.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QByteArray head = part.left(headEnd);
                const qsizetype n = head.indexOf("name=\"");
                if (n >= 0) {
                    const qsizetype e = head.indexOf('"', n + 6);
                    out.insert(QString::fromUtf8(head.mid(n + 6, e - n - 6)), part.mid(headEnd + 4));
                }
            }
            pos = next + 2;
        }
        return out;
    }
    QByteArray body = req.body;
    const QUrlQuery form(QString::fromUtf8(body.replace('+', "%20")));
    for (const auto& [k, v] : form.queryItems(QUrl::FullyDecoded))
        out.insert(k, v.toUtf8());
    return out;
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
        m_imsCert = Certificate::create(certSpec(QStringLiteral("ims_na1-key-at-1"), now.addDays(-1), now.addYears(10)), *m_imsKey,
                                        *m_imsKey);
        if (!writeFile(path(QStringLiteral("ims-key.pem")), m_imsKey->toPkcs8Pem(), true, error)
            || !writeFile(path(QStringLiteral("ims-cert.pem")), m_imsCert->toPem(), false, error))
            return false;
    }

    // TLS: a fresh CA and server certificate each start; clients trust ca.pem.
    const PrivateKey caKey = PrivateKey::generateEc();
    const Certificate ca = Certificate::create(
        {QStringLiteral("AEM Token Manager Sandbox CA"), now.addSecs(-3600), now.addDays(30), true, {}, {}}, caKey, caKey);
    const PrivateKey serverKey = PrivateKey::generateEc();
    const Certificate server = Certificate::create(
        // *.sandbox.test (a reserved name that never resolves): for tests that reach the sandbox
        // through an HTTP proxy, which does the name lookup.
        {QStringLiteral("127.0.0.1"), now.addSecs(-3600), now.addDays(30), false,
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
    const QJsonObject demo = QJsonDocument::fromJson(readFile(demoPath)).object().value(QLatin1String("integration")).toObject();
    const bool demoValid = demo.value(QLatin1String("imsEndpoint")).toString() == imsEndpoint()
                           && m_integrations.contains(demo.value(QLatin1String("technicalAccount"))
                                                          .toObject()
                                                          .value(QLatin1String("clientId"))
                                                          .toString());
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
    const QJsonObject state{{QStringLiteral("port"), int(port())},
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
        i.clientId = QStringLiteral("cm-p%1-e%2-integration-%3").arg(program).arg(environment).arg(randomHex(3).toLower());
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

    const QJsonObject integration{
        {QStringLiteral("imsEndpoint"), imsEndpoint()},
        {QStringLiteral("metascopes"), i.metascopes.join(QLatin1Char(','))},
        {QStringLiteral("technicalAccount"),
         QJsonObject{{QStringLiteral("clientId"), i.clientId}, {QStringLiteral("clientSecret"), i.clientSecret}}},
        {QStringLiteral("email"), i.email},
        {QStringLiteral("id"), i.technicalAccountId},
        {QStringLiteral("org"), i.org},
        {QStringLiteral("privateKey"), QString::fromLatin1(crlf(spec.pkcs8 ? key.toPkcs8Pem() : key.toPkcs1Pem()))},
        {QStringLiteral("publicKey"), QString::fromLatin1(crlf(cert.toPem()))},
        {QStringLiteral("certificateExpirationDate"), until.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))}};
    const QJsonObject doc{
        {QStringLiteral("ok"), true}, {QStringLiteral("integration"), integration}, {QStringLiteral("statusCode"), 200}};
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
    QJsonArray secrets;
    if (staleFirst)
        secrets.append(QString(QStringLiteral("p8e-") + QString::fromLatin1(base64UrlEncode(randomBytes(24))))); // never registered
    for (const QString& s : std::as_const(i.oauthSecrets))
        secrets.append(s);
    const QJsonObject doc{{QStringLiteral("client_id"), i.clientId},
                          {QStringLiteral("client_secrets"), secrets},
                          {QStringLiteral("technical_account_email"), i.email},
                          {QStringLiteral("technical_account_id"), i.technicalAccountId},
                          {QStringLiteral("ims_org_id"), i.org},
                          {QStringLiteral("scopes"), QJsonArray::fromStringList(i.metascopes)},
                          {QStringLiteral("ims_endpoint"), imsEndpoint()}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QByteArray Sandbox::createLocalDevToken(qint64 lifetimeMs)
{
    const QString user = QStringLiteral("5ANDB0XDEVE10PER@AdobeID");
    const QByteArray token = issueToken(QStringLiteral("dev-console-prod"), user, lifetimeMs,
                                        QStringLiteral("AdobeID,openid,read_organizations,additional_info.projectedProductContext"));
    const QJsonObject doc{{QStringLiteral("ok"), true},
                          {QStringLiteral("statusCode"), 200},
                          {QStringLiteral("accessToken"), QString::fromLatin1(token)}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QByteArray Sandbox::issueToken(const QString& clientId, const QString& userId, qint64 lifetimeMs, const QString& scope,
                               qint64 backdateMs)
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("x5u"), QStringLiteral("ims_na1-key-at-1.cer")},
                             {QStringLiteral("kid"), QStringLiteral("ims_na1-key-at-1")},
                             {QStringLiteral("itt"), QStringLiteral("at")}};
    const qint64 now = QDateTime::currentMSecsSinceEpoch() - backdateMs;
    const QJsonObject claims{{QStringLiteral("id"), QString(QString::number(now) + QLatin1Char('_') + randomHex(8).toLower())},
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

void Sandbox::failNextExchanges(int count, int status, int retryAfterSecs)
{
    m_failCount = count;
    m_failStatus = status;
    m_failRetryAfter = retryAfterSecs;
}

void Sandbox::delayNextExchanges(int count, int delayMs)
{
    m_delayCount = count;
    m_delayMs = delayMs;
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
        if (req.path == QLatin1String("/ims/token/v3")) {
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
    handleAem(req, res);
}

void Sandbox::handleExchange(const HttpRequest& req, HttpResponder res)
{
    const QList<QPair<QByteArray, QByteArray>> debug{{"x-debug-id", randomHex(8).toLower().toLatin1()}};
    auto fail = [&](int status, const QString& code, const QString& text) {
        res.respond(status, "application/json;charset=UTF-8", imsError(code, text), debug);
    };
    if (m_failCount > 0) {
        --m_failCount;
        QList<QPair<QByteArray, QByteArray>> headers = debug;
        if (m_failRetryAfter > 0)
            headers.append({"Retry-After", QByteArray::number(m_failRetryAfter)});
        res.respond(m_failStatus, "application/json;charset=UTF-8",
                    imsError(QStringLiteral("internal_error"), QStringLiteral("Please try again later")), headers);
        return;
    }
    if (req.method != "POST")
        return fail(405, QStringLiteral("method_not_allowed"), QStringLiteral("Use POST"));
    const QHash<QString, QByteArray> form = parseForm(req);
    const QString clientId = QString::fromUtf8(form.value(QStringLiteral("client_id")));
    const QString secret = QString::fromUtf8(form.value(QStringLiteral("client_secret")));
    const QByteArray jwt = form.value(QStringLiteral("jwt_token")).trimmed();
    const auto it = m_integrations.constFind(clientId);
    if (clientId.isEmpty() || it == m_integrations.cend())
        return fail(400, QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter"));
    const Integration& integ = *it;
    if (secret != integ.clientSecret)
        return fail(401, QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter"));
    const auto decoded = decodeJwt(jwt);
    const QString malformed = QStringLiteral("JWT token is incorrectly formatted, and can not be decoded");
    if (!decoded || decoded->header.value(QLatin1String("alg")).toString() != QLatin1String("RS256"))
        return fail(400, QStringLiteral("invalid_token"), malformed);
    const QJsonObject& c = decoded->claims;
    const auto exp = integerClaim(c.value(QLatin1String("exp")));
    if (!exp)
        return fail(400, QStringLiteral("invalid_token"), malformed);
    const QString host = QString::fromLatin1(req.header("host"));
    const QString aud = c.value(QLatin1String("aud")).toString();
    if (aud != QStringLiteral("https://") + host + QStringLiteral("/c/") + clientId
        && aud != QStringLiteral("https://") + imsEndpoint() + QStringLiteral("/c/") + clientId)
        return fail(400, QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter"));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    bool signatureOk = false;
    for (const QByteArray& pem : integ.certificates) {
        const auto cert = Certificate::fromPem(pem);
        if (cert && cert->info().isValidAt(now) && cert->verifySha256(decoded->signingInput, decoded->signature))
            signatureOk = true;
    }
    if (!signatureOk)
        return fail(400, QStringLiteral("invalid_token"), QStringLiteral("Could not match JWT signature to any of the bindings"));
    if (c.value(QLatin1String("iss")).toString() != integ.org || c.value(QLatin1String("sub")).toString() != integ.technicalAccountId)
        return fail(400, QStringLiteral("bad_request"), QStringLiteral("Invalid issuer or subject in the JWT"));
    if (c.contains(QLatin1String("jti")) && !integerClaim(c.value(QLatin1String("jti"))))
        return fail(400, QStringLiteral("bad_request"), QStringLiteral("jti must be an integer"));
    const qint64 nowS = now.toSecsSinceEpoch();
    if (*exp < nowS - 30)
        return fail(400, QStringLiteral("invalid_token"), QStringLiteral("JWT token is expired"));
    if (*exp > nowS + 24 * 3600 + 30)
        return fail(400, QStringLiteral("bad_request"), QStringLiteral("exp is more than 24 hours ahead"));

    QStringList scopes;
    for (auto i = c.constBegin(); i != c.constEnd(); ++i) {
        static const QRegularExpression re(QStringLiteral("^https://[^/]+/s/([A-Za-z0-9_.-]+)$"));
        const auto m = re.match(i.key());
        if (m.hasMatch() && i.value().toBool())
            scopes << m.captured(1);
    }
    if (scopes.isEmpty())
        return fail(400, QStringLiteral("invalid_scope"), QStringLiteral("No metascopes in the JWT"));
    for (const QString& s : scopes)
        if (!integ.metascopes.contains(s))
            return fail(400, QStringLiteral("invalid_scope"),
                        QStringLiteral("The metascopes in the JWT are not a subset of the metascopes in the binding"));

    // A hostile IMS, for the tests (control/hostile): answers a client must not trust.
    const QString hostile = m_hostileCount > 0 ? m_hostileMode : QString();
    if (m_hostileCount > 0)
        --m_hostileCount;
    if (hostile == QLatin1String("html"))
        return res.respond(200, "text/html", "<html><body><h1>Welcome to the captive portal</h1></body></html>\n");
    if (hostile == QLatin1String("notoken"))
        return res.respond(200, "application/json", json({{QStringLiteral("token_type"), QStringLiteral("bearer")},
                                                         {QStringLiteral("expires_in"), double(kTokenLifetimeMs)}}));
    if (hostile == QLatin1String("crlf"))
        return res.respond(200, "application/json",
                           json({{QStringLiteral("token_type"), QStringLiteral("bearer")},
                                 {QStringLiteral("access_token"), QStringLiteral("evil\r\nX-Injected: yes")},
                                 {QStringLiteral("expires_in"), double(kTokenLifetimeMs)}}));
    if (hostile == QLatin1String("silent"))
        return; // accepts, reads, never answers
    if (hostile == QLatin1String("huge"))
        return res.respondStream(200, "application/json", m_hostileBytes, [](qint64, qint64 max) { return QByteArray(max, ' '); });
    if (hostile == QLatin1String("drip"))
        return res.respondDrip(200, "application/json", QByteArray(4096, ' '), 100);
    const qint64 lifetime = hostile == QLatin1String("farfuture") ? 365LL * 24 * 3600 * 1000 : kTokenLifetimeMs;
    const qint64 backdate = hostile == QLatin1String("expired") ? 2LL * kTokenLifetimeMs : 0;
    const QByteArray token = issueToken(clientId, integ.technicalAccountId, lifetime, scopes.join(QLatin1Char(',')), backdate);
    const QJsonObject reply{{QStringLiteral("token_type"), QStringLiteral("bearer")},
                            {QStringLiteral("access_token"), QString::fromLatin1(token)},
                            {QStringLiteral("expires_in"), double(lifetime)}};
    res.respond(200, "application/json;charset=UTF-8", json(reply), debug);
}

std::optional<QJsonObject> Sandbox::verifiedClaims(const QByteArray& token, QString* reason) const
{
    const auto jwt = decodeJwt(token);
    if (!jwt || !m_imsCert->verifySha256(jwt->signingInput, jwt->signature)) {
        *reason = QStringLiteral("bad_signature");
        return std::nullopt;
    }
    const TokenLifetime life = tokenLifetime(jwt->claims);
    if (!life.expiresAt || *life.expiresAt <= QDateTime::currentDateTimeUtc()) {
        *reason = QStringLiteral("expired");
        return std::nullopt;
    }
    if (m_revoked.contains(token)) {
        *reason = QStringLiteral("revoked");
        return std::nullopt;
    }
    return jwt->claims;
}

void Sandbox::handleClientCredentials(const HttpRequest& req, HttpResponder res)
{
    auto fail = [&](int status, const QString& code, const QString& text) {
        res.respond(status, "application/json;charset=UTF-8", imsError(code, text), {{"x-debug-id", randomHex(8).toLower().toLatin1()}});
    };
    const QHash<QString, QByteArray> form = parseForm(req);
    if (form.value(QStringLiteral("grant_type")) != "client_credentials")
        return fail(400, QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant_type"));
    const auto it = m_integrations.constFind(QString::fromUtf8(form.value(QStringLiteral("client_id"))));
    if (it == m_integrations.cend() || !it->oauth)
        return fail(400, QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter"));
    if (!it->oauthSecrets.contains(QString::fromUtf8(form.value(QStringLiteral("client_secret")))))
        return fail(401, QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter"));
    const QStringList scopes = QString::fromUtf8(form.value(QStringLiteral("scope"))).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& sc : scopes)
        if (!it->metascopes.contains(sc.trimmed()))
            return fail(400, QStringLiteral("invalid_scope"), QStringLiteral("Invalid scope(s): %1").arg(sc.trimmed()));
    const QByteArray token = issueToken(it->clientId, it->technicalAccountId, kTokenLifetimeMs, scopes.join(QLatin1Char(',')));
    res.respond(200, "application/json;charset=UTF-8",
                json({{QStringLiteral("access_token"), QString::fromLatin1(token)},
                      {QStringLiteral("token_type"), QStringLiteral("bearer")},
                      {QStringLiteral("expires_in"), 86399}}));
}

void Sandbox::handleValidate(const HttpRequest& req, HttpResponder res)
{
    const QHash<QString, QByteArray> form = parseForm(req);
    QByteArray token = req.header("authorization");
    token = token.startsWith("Bearer ") ? token.mid(7).trimmed() : form.value(QStringLiteral("token"));
    if (form.value(QStringLiteral("type")) != "access_token" || token.isEmpty())
        return res.respond(400, "application/json", imsError(QStringLiteral("invalid_request"), QStringLiteral("type and token are required")));
    QString reason;
    const auto claims = verifiedClaims(token, &reason);
    if (claims && claims->value(QLatin1String("client_id")).toString() != QString::fromUtf8(form.value(QStringLiteral("client_id"))))
        reason = QStringLiteral("client_id_mismatch");
    if (!reason.isEmpty())
        return res.respond(200, "application/json", json({{QStringLiteral("valid"), false}, {QStringLiteral("reason"), reason}}));
    res.respond(200, "application/json",
                json({{QStringLiteral("valid"), true},
                      {QStringLiteral("token"), *claims},
                      {QStringLiteral("expires_at"), double(tokenLifetime(*claims).expiresAt->toMSecsSinceEpoch())}}));
}

void Sandbox::handleInvalidate(const HttpRequest& req, HttpResponder res)
{
    const QHash<QString, QByteArray> form = parseForm(req);
    const QString clientId = QString::fromUtf8(form.value(QStringLiteral("client_id")));
    const auto it = m_integrations.constFind(clientId);
    if (it == m_integrations.cend())
        return res.respond(400, "application/json", imsError(QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter")));
    const QString secret = QString::fromUtf8(form.value(QStringLiteral("client_secret")));
    if (it->oauth ? !it->oauthSecrets.contains(secret) : secret != it->clientSecret)
        return res.respond(401, "application/json", imsError(QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter")));
    const QByteArray token = form.value(QStringLiteral("token"));
    const auto jwt = decodeJwt(token);
    if (form.value(QStringLiteral("token_type")) != "access_token" || !jwt)
        return res.respond(400, "application/json", imsError(QStringLiteral("invalid_request"), QStringLiteral("token_type and token are required")));
    if (jwt->claims.value(QLatin1String("client_id")).toString() != clientId)
        return res.respond(400, "application/json", imsError(QStringLiteral("invalid_token"), QStringLiteral("token was not issued to this client")));
    m_revoked.insert(token);
    res.respond(200, "application/json", QByteArray());
}

void Sandbox::handleControl(const HttpRequest& req, HttpResponder res)
{
    const QString what = req.path.mid(QStringLiteral("/__sandbox/control/").size());
    auto intParam = [&](const char* name, int def) {
        bool ok = false;
        const int v = req.query.queryItemValue(QLatin1String(name)).toInt(&ok);
        return ok ? v : def;
    };
    if (what == QLatin1String("stats")) {
        res.respond(200, "application/json", json({{QStringLiteral("exchanges"), m_exchanges}}));
    } else if (what == QLatin1String("fail") && req.method == "POST") {
        failNextExchanges(intParam("count", 1), intParam("status", 503), intParam("retryAfter", 0));
        res.respond(204, "text/plain", {});
    } else if (what == QLatin1String("hostile") && req.method == "POST") {
        // The next `count` JWT exchanges answer as `mode` says: html, notoken, crlf, expired,
        // farfuture, silent, huge (`mb` MiB of blanks), drip (1 byte per 100 ms).
        m_hostileMode = req.query.queryItemValue(QStringLiteral("mode"));
        m_hostileCount = intParam("count", 1);
        m_hostileBytes = qint64(std::clamp(intParam("mb", 64), 1, 4096)) * 1024 * 1024;
        res.respond(204, "text/plain", {});
    } else if (what == QLatin1String("delay") && req.method == "POST") {
        delayNextExchanges(intParam("count", 1), intParam("ms", 1000));
        res.respond(204, "text/plain", {});
    } else if (what == QLatin1String("credentials") && req.method == "POST") {
        NewCredentialSpec spec;
        spec.program = intParam("program", 0);
        spec.environment = intParam("environment", 0);
        spec.expiredCertificate = intParam("expired", 0) != 0;
        spec.pkcs8 = intParam("pkcs8", 0) != 0;
        spec.validDays = intParam("validDays", 365);
        spec.rotateClientId = req.query.queryItemValue(QStringLiteral("rotate"));
        spec.revokeOthers = intParam("revokeOthers", 0) != 0;
        res.respond(200, "application/json", createServiceCredentials(spec));
    } else if (what == QLatin1String("oauth-credentials") && req.method == "POST") {
        res.respond(200, "application/json", createOAuthCredentials(intParam("stale", 0) != 0));
    } else if (what == QLatin1String("local-dev-token") && req.method == "POST") {
        res.respond(200, "application/json", createLocalDevToken(intParam("lifetimeMs", int(kTokenLifetimeMs))));
    } else {
        res.respond(404, "application/json", json({{QStringLiteral("error"), QStringLiteral("unknown control")}}));
    }
}

void Sandbox::handleAem(const HttpRequest& req, HttpResponder res)
{
    auto deny = [&](const QString& why) {
        res.respond(401, "application/json", json({{QStringLiteral("status"), 401}, {QStringLiteral("message"), why}}),
                    {{"WWW-Authenticate", "Bearer realm=\"AEM\""}});
    };
    const QByteArray auth = req.header("authorization");
    if (!auth.startsWith("Bearer "))
        return deny(QStringLiteral("Authentication required"));
    const QByteArray token = auth.mid(7).trimmed();
    const auto jwt = decodeJwt(token);
    if (!jwt || !m_imsCert->verifySha256(jwt->signingInput, jwt->signature))
        return deny(QStringLiteral("Invalid token"));
    const QJsonObject& c = jwt->claims;
    const TokenLifetime life = tokenLifetime(c);
    if (c.value(QLatin1String("type")).toString() != QLatin1String("access_token") || !life.expiresAt
        || *life.expiresAt <= QDateTime::currentDateTimeUtc())
        return deny(QStringLiteral("Token expired"));
    if (m_revoked.contains(token))
        return deny(QStringLiteral("Token revoked"));
    const QString clientId = c.value(QLatin1String("client_id")).toString();
    QString user;
    if (clientId == QLatin1String("dev-console-prod")) {
        user = c.value(QLatin1String("user_id")).toString();
    } else if (m_integrations.value(clientId).oauth) {
        user = m_integrations.value(clientId).email; // OAuth clients are bound to this tier in the sandbox
    } else {
        const Environment env = Environment::fromClientId(clientId);
        if (env.program != m_options.program || env.environment != m_options.environment)
            return deny(QStringLiteral("Token is for another environment"));
        user = m_integrations.value(clientId).email;
    }

    const QString p = req.path;
    const bool read = req.method == "GET" || req.method == "HEAD";
    if (p == QLatin1String("/__sandbox/echo")) {
        QJsonObject headers;
        for (auto i = req.headers.constBegin(); i != req.headers.constEnd(); ++i)
            headers.insert(QString::fromLatin1(i.key()),
                           i.key() == "authorization" ? QStringLiteral("Bearer <redacted>") : QString::fromUtf8(i.value()));
        QJsonObject query;
        for (const auto& [k, v] : req.query.queryItems(QUrl::FullyDecoded))
            query.insert(k, v);
        res.respond(200, "application/json",
                    json({{QStringLiteral("method"), QString::fromLatin1(req.method)},
                          {QStringLiteral("path"), p},
                          {QStringLiteral("query"), query},
                          {QStringLiteral("headers"), headers},
                          {QStringLiteral("body"), QString::fromUtf8(req.body)},
                          {QStringLiteral("user"), user}}));
        return;
    }
    if (p.startsWith(QLatin1String("/__sandbox/status/"))) {
        const int status = p.mid(18).toInt();
        res.respond(status >= 200 && status < 600 ? status : 400, "application/json",
                    json({{QStringLiteral("status"), status}, {QStringLiteral("message"), QStringLiteral("as requested")}}));
        return;
    }
    if (p == QLatin1String("/__sandbox/image.png")) {
        // A 16x16 checkerboard, for image previews.
        res.respond(200, "image/png",
                    QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAKUlEQVR4nGP4jwReCzDAES5xnBIDqIEYRcjig1ED7UOJ9hoGYbCSqgEAhib8ENWdO/EAAAAASUVORK5CYII="));
        return;
    }
    if (p == QLatin1String("/__sandbox/slow")) {
        const int ms = std::clamp(req.query.queryItemValue(QStringLiteral("ms")).toInt(), 0, 600000);
        QTimer::singleShot(ms, this, [res, ms]() mutable {
            res.respond(200, "application/json", json({{QStringLiteral("delayedMs"), ms}}));
        });
        return;
    }
    if (p == QLatin1String("/__sandbox/redirect")) {
        // An answer that would take the token elsewhere, if a client followed it.
        const QByteArray to = req.query.queryItemValue(QStringLiteral("to"), QUrl::FullyEncoded).toLatin1();
        return res.respond(302, "text/html", "<a href=\"" + to + "\">moved</a>\n", {{"Location", to}});
    }
    if (p == QLatin1String("/__sandbox/silent"))
        return; // the connection stays open and nothing ever comes
    if (p == QLatin1String("/__sandbox/drip")) {
        const int bytes = std::clamp(req.query.queryItemValue(QStringLiteral("bytes")).toInt(), 1, 1 << 20);
        const int ms = std::clamp(req.query.queryItemValue(QStringLiteral("ms")).toInt(), 1, 10000);
        return res.respondDrip(200, "application/octet-stream", QByteArray(bytes, 'x'), ms);
    }
    if (p == QLatin1String("/__sandbox/large")) {
        // Valid JSON of about `mb` MiB: {"items":[{...},...]} with fixed-width items.
        const qint64 mb = std::clamp<qint64>(req.query.queryItemValue(QStringLiteral("mb")).toLongLong(), 1, 2048);
        auto item = [](qint64 i) -> QByteArray {
            // Fixed width (every item the same size), and valid JSON numbers: no leading zeros.
            return QByteArrayLiteral("{\"id\":") + QByteArray::number(1000000000 + i)
                   + QByteArrayLiteral(",\"title\":\"Asset ") + QByteArray::number(i).rightJustified(9, '0')
                   + QByteArrayLiteral("\",\"path\":\"/content/dam/sandbox/asset-")
                   + QByteArray::number(i).rightJustified(9, '0') + QByteArrayLiteral(".jpg\"}");
        };
        const qint64 itemLen = item(0).size() + 1; // with its comma
        const QByteArray head = "{\"items\":[", tail = "]}";
        const qint64 count = std::max<qint64>(1, (mb * 1024 * 1024 - head.size() - tail.size() + 1) / itemLen);
        const qint64 length = head.size() + count * itemLen - 1 + tail.size();
        res.respondStream(200, "application/json", length, [=](qint64 offset, qint64 max) {
            QByteArray out;
            qint64 pos = offset;
            while (out.size() < max && pos < length) {
                QByteArray piece;
                qint64 pieceStart;
                if (pos < head.size()) {
                    piece = head;
                    pieceStart = 0;
                } else if (pos >= length - tail.size()) {
                    piece = tail;
                    pieceStart = length - tail.size();
                } else {
                    const qint64 idx = (pos - head.size()) / itemLen;
                    piece = item(idx) + (idx + 1 < count ? "," : "");
                    pieceStart = head.size() + idx * itemLen;
                }
                const QByteArray part = piece.mid(pos - pieceStart, max - out.size());
                out += part;
                pos += part.size();
            }
            return out;
        });
        return;
    }
    if (!read)
        return res.respond(403, "application/json",
                           json({{QStringLiteral("status"), 403},
                                 {QStringLiteral("message"),
                                  QStringLiteral("%1 is not allowed to write %2").arg(user, p)}}));
    if (p == QLatin1String("/libs/granite/security/currentuser.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("authorizableId"), user},
                          {QStringLiteral("home"), QString(QStringLiteral("/home/users/system/cq:services/") + user.section(QLatin1Char('@'), 0, 0))},
                          {QStringLiteral("declaredMemberOf"), QJsonArray{QStringLiteral("contributor")}}}));
    } else if (p == QLatin1String("/system/sling/info.sessionInfo.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("userID"), user}, {QStringLiteral("authType"), QStringLiteral("TOKEN")}}));
    } else if (p == QLatin1String("/content/dam.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("jcr:primaryType"), QStringLiteral("sling:Folder")},
                          {QStringLiteral("jcr:title"), QStringLiteral("Assets")}}));
    } else if (p == QLatin1String("/api/assets.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("class"), QJsonArray{QStringLiteral("assets/folder")}},
                          {QStringLiteral("properties"), QJsonObject{{QStringLiteral("name"), QStringLiteral("dam")}}},
                          {QStringLiteral("entities"), QJsonArray{}}}));
    } else {
        res.respond(404, "application/json", json({{QStringLiteral("status"), 404}, {QStringLiteral("message"), QStringLiteral("Not found")}}));
    }
}

} // namespace aem::sandbox
