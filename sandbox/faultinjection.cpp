// SPDX-License-Identifier: Apache-2.0
#include "sandbox.h"
#include "sandbox_p.h"

// Fault injection: the /__sandbox/control/ endpoints and their C++ counterparts, which make the
// next IMS calls fail, stall or answer in hostile shapes, and hand out new credentials.

namespace aem::sandbox {

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

void Sandbox::handleControl(const HttpRequest& req, HttpResponder res)
{
    const QString what = req.path.mid(QStringLiteral("/__sandbox/control/").size());
    auto intParam = [&](const char* name, int def) {
        bool ok = false;
        const int v = req.query.queryItemValue(QLatin1String(name)).toInt(&ok);
        return ok ? v : def;
    };
    if (what == QLatin1String("stats")) {
        res.respond(200, "application/json",
                    json({{QStringLiteral("exchanges"), m_exchanges},
                          {QStringLiteral("aem_requests"), m_aemRequests},
                          {QStringLiteral("aem_writes"), m_aemWrites}}));
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
    } else if (what == QLatin1String("deny-reads") && req.method == "POST") {
        // Reads under /content answer `status` (0: allowed again).
        const int status = intParam("status", 404);
        denyContentReads(status >= 400 && status < 600 ? status : 0);
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

} // namespace aem::sandbox
