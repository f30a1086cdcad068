// SPDX-License-Identifier: Apache-2.0
#include "jwt.h"

#include "crypto.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonValue>
#include <QTimeZone>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Jwt)
};
} // namespace

QByteArray base64UrlEncode(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> base64UrlDecode(const QByteArray& data)
{
    auto r =
        QByteArray::fromBase64Encoding(data, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    return *r;
}

std::optional<DecodedJwt> decodeJwt(const QByteArray& token, QString* error)
{
    auto fail = [error](const char* why) -> std::optional<DecodedJwt> {
        if (error)
            *error = Tr::tr(why);
        return std::nullopt;
    };
    const QByteArray t = token.trimmed();
    const QList<QByteArray> parts = t.split('.');
    if (parts.size() != 3)
        return fail(QT_TRANSLATE_NOOP("aem::Jwt", "is not a JWT (expected three dot-separated parts)"));
    const auto header = base64UrlDecode(parts[0]);
    const auto payload = base64UrlDecode(parts[1]);
    const auto sig = base64UrlDecode(parts[2]);
    if (!header || !payload || !sig)
        return fail(QT_TRANSLATE_NOOP("aem::Jwt", "is not a JWT (invalid base64url)"));
    QJsonParseError pe;
    const QJsonDocument h = QJsonDocument::fromJson(*header, &pe);
    if (pe.error != QJsonParseError::NoError || !h.isObject())
        return fail(QT_TRANSLATE_NOOP("aem::Jwt", "is not a JWT (header is not a JSON object)"));
    const QJsonDocument p = QJsonDocument::fromJson(*payload, &pe);
    if (pe.error != QJsonParseError::NoError || !p.isObject())
        return fail(QT_TRANSLATE_NOOP("aem::Jwt", "is not a JWT (payload is not a JSON object)"));
    DecodedJwt out;
    out.header = h.object();
    out.claims = p.object();
    out.signingInput = parts[0] + '.' + parts[1];
    out.signature = *sig;
    return out;
}

namespace {

// IMS writes numbers as strings ("86399999"); accept both, refuse anything else.
std::optional<qint64> integerClaim(const QJsonValue& v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= 0 && d < 9.0e15)
            return qint64(d);
        return std::nullopt;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        if (ok && n >= 0)
            return n;
    }
    return std::nullopt;
}

} // namespace

TokenLifetime tokenLifetime(const QJsonObject& claims)
{
    TokenLifetime out;
    const auto createdMs = integerClaim(claims.value(QLatin1String("created_at")));
    const auto lifeMs = integerClaim(claims.value(QLatin1String("expires_in")));
    if (createdMs) {
        out.createdAt = QDateTime::fromMSecsSinceEpoch(*createdMs, Qt::UTC);
        if (lifeMs)
            out.expiresAt = QDateTime::fromMSecsSinceEpoch(*createdMs + *lifeMs, Qt::UTC);
    }
    if (!out.createdAt) {
        if (const auto iat = integerClaim(claims.value(QLatin1String("iat"))))
            out.createdAt = QDateTime::fromSecsSinceEpoch(*iat, Qt::UTC);
    }
    if (!out.expiresAt) {
        if (const auto exp = integerClaim(claims.value(QLatin1String("exp"))))
            out.expiresAt = QDateTime::fromSecsSinceEpoch(*exp, Qt::UTC);
    }
    return out;
}

QByteArray signJwtRs256(const QJsonObject& claims, const PrivateKey& key)
{
    if (!key.isRsa())
        return {};
    static const QByteArray header = base64UrlEncode(R"({"alg":"RS256","typ":"JWT"})");
    const QByteArray input = header + '.' + base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray sig = key.signSha256(input);
    if (sig.isEmpty())
        return {};
    return input + '.' + base64UrlEncode(sig);
}

QString metascopeClaim(const QString& imsEndpoint, const QString& metascope)
{
    if (metascope.startsWith(QLatin1String("https://")) || metascope.startsWith(QLatin1String("http://")))
        return metascope;
    return QStringLiteral("https://") + imsEndpoint + QStringLiteral("/s/") + metascope;
}

QJsonObject exchangeJwtClaims(const ExchangeClaimsInput& in)
{
    QJsonObject c;
    c.insert(QLatin1String("iss"), in.org);
    c.insert(QLatin1String("sub"), in.technicalAccountId);
    c.insert(QLatin1String("aud"),
             QString(QStringLiteral("https://") + in.imsEndpoint + QStringLiteral("/c/") + in.clientId));
    c.insert(QLatin1String("exp"), double(in.expiresAt.toSecsSinceEpoch()));
    for (const QString& m : in.metascopes)
        c.insert(metascopeClaim(in.imsEndpoint, m), true);
    return c;
}

} // namespace aem
