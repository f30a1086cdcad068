// SPDX-License-Identifier: Apache-2.0
#include "sandbox.h"
#include "sandbox_p.h"

#include "environment.h"
#include "jwt.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTimer>

// The AEM author tier: bearer tokens checked against what this sandbox issued.

namespace aem::sandbox {

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
    if (const auto canned = m_canned.constFind(p); canned != m_canned.constEnd() && read) {
        m_lastCannedQuery = req.query.toString(QUrl::FullyDecoded);
        return res.respond(canned->status, canned->contentType, canned->body, canned->headers);
    }
    if (p == QLatin1String("/__sandbox/echo")) {
        QJsonObject headers;
        for (auto i = req.headers.constBegin(); i != req.headers.constEnd(); ++i)
            headers.insert(QString::fromLatin1(i.key()),
                           i.key() == "authorization" ? QStringLiteral("Bearer <redacted>")
                                                      : QString::fromUtf8(i.value()));
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
    if (p == QLatin1String("/__sandbox/expect-body")) {
        // 200 when the body's SHA-256 is ?sha256=HEX, else 409: for a client that shows only the
        // status (aemtoken run) to prove which bytes it sent.
        const QString want = req.query.queryItemValue(QStringLiteral("sha256")).toLower();
        const QString got = QString::fromLatin1(QCryptographicHash::hash(req.body, QCryptographicHash::Sha256).toHex());
        res.respond(want == got ? 200 : 409, "application/json",
                    json({{QStringLiteral("sha256"), got}, {QStringLiteral("size"), qint64(req.body.size())}}));
        return;
    }
    if (p.startsWith(QLatin1String("/__sandbox/status/"))) {
        const int status = p.mid(18).toInt();
        res.respond(
            status >= 200 && status < 600 ? status : 400, "application/json",
            json({{QStringLiteral("status"), status}, {QStringLiteral("message"), QStringLiteral("as requested")}}));
        return;
    }
    if (p == QLatin1String("/__sandbox/image.png")) {
        // A 16x16 checkerboard, for image previews.
        res.respond(200, "image/png",
                    QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAKUlEQVR4nGP4jwReCzDAES5xnBI"
                                           "DqIEYRcjig1ED7UOJ9hoGYbCSqgEAhib8ENWdO/EAAAAASUVORK5CYII="));
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
    if (!m_contentReadStatus && handleAemContent(req, res))
        return;
    if (!read)
        return res.respond(
            403, "application/json",
            json({{QStringLiteral("status"), 403},
                  {QStringLiteral("message"), QStringLiteral("%1 is not allowed to write %2").arg(user, p)}}));
    if (m_contentReadStatus
        && (p == QLatin1String("/content") || p.startsWith(QLatin1String("/content/"))
            || p.startsWith(QLatin1String("/content.")))) {
        res.respond(m_contentReadStatus, "application/json",
                    json({{QStringLiteral("status"), m_contentReadStatus},
                          {QStringLiteral("message"),
                           m_contentReadStatus == 404 ? QStringLiteral("Not found") : QStringLiteral("Forbidden")}}));
    } else if (p == currentUserPath()) {
        res.respond(
            200, "application/json",
            json({{QStringLiteral("authorizableId"), user},
                  {QStringLiteral("home"),
                   QString(QStringLiteral("/home/users/system/cq:services/") + user.section(QLatin1Char('@'), 0, 0))},
                  {QStringLiteral("declaredMemberOf"), QJsonArray {QStringLiteral("contributor")}}}));
    } else if (p == QLatin1String("/system/sling/info.sessionInfo.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("userID"), user}, {QStringLiteral("authType"), QStringLiteral("TOKEN")}}));
    } else if (p == QLatin1String("/content/dam.json")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("jcr:primaryType"), QStringLiteral("sling:Folder")},
                          {QStringLiteral("jcr:title"), QStringLiteral("Assets")}}));
    } else {
        res.respond(404, "application/json",
                    json({{QStringLiteral("status"), 404}, {QStringLiteral("message"), QStringLiteral("Not found")}}));
    }
}

} // namespace aem::sandbox
