// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace aem {

class PrivateKey;

QByteArray base64UrlEncode(const QByteArray& data);
// Accepts missing padding; returns nullopt on characters outside the base64url alphabet.
std::optional<QByteArray> base64UrlDecode(const QByteArray& data);

// A JWT split into its parts. Nothing is verified here.
struct DecodedJwt
{
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // "header.payload", as signed
    QByteArray signature;
};

// Parses "xxx.yyy.zzz". On failure returns nullopt with a short reason that never quotes the token.
std::optional<DecodedJwt> decodeJwt(const QByteArray& token, QString* error = nullptr);

// Creation and expiry of a token, from its own claims:
// IMS tokens carry created_at and expires_in as strings (or numbers) of milliseconds;
// other JWTs carry the standard exp/iat in seconds.
struct TokenLifetime
{
    std::optional<QDateTime> createdAt;
    std::optional<QDateTime> expiresAt;
};
TokenLifetime tokenLifetime(const QJsonObject& claims);

// Signs `claims` as an RS256 JWT. Returns an empty array if the key cannot sign.
QByteArray signJwtRs256(const QJsonObject& claims, const PrivateKey& key);

// The claims IMS expects in the JWT exchanged at /ims/exchange/jwt (docs/protocol.md §3).
struct ExchangeClaimsInput
{
    QString imsEndpoint; // bare host[:port]
    QString clientId;
    QString org;
    QString technicalAccountId;
    QStringList metascopes; // short names or full https://.../s/... URLs
    QDateTime expiresAt;
};
QJsonObject exchangeJwtClaims(const ExchangeClaimsInput& in);
// "ent_aem_cloud_api" -> "https://<ims>/s/ent_aem_cloud_api"; full URLs are kept.
QString metascopeClaim(const QString& imsEndpoint, const QString& metascope);

} // namespace aem
