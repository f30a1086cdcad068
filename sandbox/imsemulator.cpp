// SPDX-License-Identifier: Apache-2.0
#include "sandbox.h"
#include "sandbox_p.h"

#include "environment.h"
#include "jwt.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

// The IMS emulator: JWT and client-credentials exchanges, token validation and invalidation,
// checked as the real IMS checks them and answered in its error shapes.

namespace aem::sandbox {

namespace {

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

} // namespace

void Sandbox::handleExchange(const HttpRequest& req, HttpResponder res)
{
    const QList<QPair<QByteArray, QByteArray>> debug {{"x-debug-id", randomHex(8).toLower().toLatin1()}};
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
        return fail(400, QStringLiteral("invalid_token"),
                    QStringLiteral("Could not match JWT signature to any of the bindings"));
    if (c.value(QLatin1String("iss")).toString() != integ.org
        || c.value(QLatin1String("sub")).toString() != integ.technicalAccountId)
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
        return res.respond(200, "application/json",
                           json({{QStringLiteral("token_type"), QStringLiteral("bearer")},
                                 {QStringLiteral("expires_in"), double(kTokenLifetimeMs)}}));
    if (hostile == QLatin1String("crlf"))
        return res.respond(200, "application/json",
                           json({{QStringLiteral("token_type"), QStringLiteral("bearer")},
                                 {QStringLiteral("access_token"), QStringLiteral("evil\r\nX-Injected: yes")},
                                 {QStringLiteral("expires_in"), double(kTokenLifetimeMs)}}));
    if (hostile == QLatin1String("silent"))
        return; // accepts, reads, never answers
    if (hostile == QLatin1String("huge"))
        return res.respondStream(200, "application/json", m_hostileBytes,
                                 [](qint64, qint64 max) { return QByteArray(max, ' '); });
    if (hostile == QLatin1String("drip"))
        return res.respondDrip(200, "application/json", QByteArray(4096, ' '), 100);
    const qint64 lifetime = hostile == QLatin1String("farfuture") ? 365LL * 24 * 3600 * 1000 : kTokenLifetimeMs;
    const qint64 backdate = hostile == QLatin1String("expired") ? 2LL * kTokenLifetimeMs : 0;
    const QByteArray token =
        issueToken(clientId, integ.technicalAccountId, lifetime, scopes.join(QLatin1Char(',')), backdate);
    const QJsonObject reply {{QStringLiteral("token_type"), QStringLiteral("bearer")},
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

// POST /ims/token/v3 and /ims/token/v2 (docs/protocol.md §6): the same form — urlencoded from
// our client, multipart from aio-lib-ims, which adds org_id — the same checks, the same errors.
void Sandbox::handleClientCredentials(const HttpRequest& req, HttpResponder res)
{
    auto fail = [&](int status, const QString& code, const QString& text) {
        res.respond(status, "application/json;charset=UTF-8", imsError(code, text),
                    {{"x-debug-id", randomHex(8).toLower().toLatin1()}});
    };
    if (req.method != "POST")
        return fail(405, QStringLiteral("method_not_allowed"), QStringLiteral("Use POST"));
    const QHash<QString, QByteArray> form = parseForm(req);
    if (form.value(QStringLiteral("grant_type")) != "client_credentials")
        return fail(400, QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant_type"));
    const auto it = m_integrations.constFind(QString::fromUtf8(form.value(QStringLiteral("client_id"))));
    if (it == m_integrations.cend() || !it->oauth)
        return fail(400, QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter"));
    if (!it->oauthSecrets.contains(QString::fromUtf8(form.value(QStringLiteral("client_secret")))))
        return fail(401, QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter"));
    // Optional (our client sends none); when sent it must be the credential's own org.
    const auto org = form.constFind(QStringLiteral("org_id"));
    if (org != form.cend() && QString::fromUtf8(*org) != it->org)
        return fail(400, QStringLiteral("invalid_request"), QStringLiteral("invalid org_id parameter"));
    const QStringList scopes =
        QString::fromUtf8(form.value(QStringLiteral("scope"))).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& sc : scopes)
        if (!it->metascopes.contains(sc.trimmed()))
            return fail(400, QStringLiteral("invalid_scope"), QStringLiteral("Invalid scope(s): %1").arg(sc.trimmed()));
    const QByteArray token =
        issueToken(it->clientId, it->technicalAccountId, kTokenLifetimeMs, scopes.join(QLatin1Char(',')));
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
        return res.respond(400, "application/json",
                           imsError(QStringLiteral("invalid_request"), QStringLiteral("type and token are required")));
    QString reason;
    const auto claims = verifiedClaims(token, &reason);
    if (claims
        && claims->value(QLatin1String("client_id")).toString()
            != QString::fromUtf8(form.value(QStringLiteral("client_id"))))
        reason = QStringLiteral("client_id_mismatch");
    if (!reason.isEmpty())
        return res.respond(200, "application/json",
                           json({{QStringLiteral("valid"), false}, {QStringLiteral("reason"), reason}}));
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
        return res.respond(400, "application/json",
                           imsError(QStringLiteral("invalid_client"), QStringLiteral("invalid client_id parameter")));
    const QString secret = QString::fromUtf8(form.value(QStringLiteral("client_secret")));
    if (it->oauth ? !it->oauthSecrets.contains(secret) : secret != it->clientSecret)
        return res.respond(
            401, "application/json",
            imsError(QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter")));
    const QByteArray token = form.value(QStringLiteral("token"));
    const auto jwt = decodeJwt(token);
    if (form.value(QStringLiteral("token_type")) != "access_token" || !jwt)
        return res.respond(
            400, "application/json",
            imsError(QStringLiteral("invalid_request"), QStringLiteral("token_type and token are required")));
    if (jwt->claims.value(QLatin1String("client_id")).toString() != clientId)
        return res.respond(
            400, "application/json",
            imsError(QStringLiteral("invalid_token"), QStringLiteral("token was not issued to this client")));
    m_revoked.insert(token);
    res.respond(200, "application/json", QByteArray());
}

} // namespace aem::sandbox
