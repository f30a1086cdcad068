// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading what the AEM Developer Console hands out: service credentials and local development
// tokens (docs/protocol.md §1, §2). Parsing is pure: no I/O, no keychain.

#include "crypto.h"

#include <QByteArray>
#include <QDateTime>
#include <QDebug>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace aem {

class Clock;

// Service credentials (JWT exchange), a local development token, OAuth Server-to-Server
// credentials (client credentials grant), or a local AEM target (the AEM SDK on this machine:
// no token at all, optionally HTTP Basic sign-in).
enum class CredentialKind { Service, LocalDev, OAuth, Local };
QString kindId(CredentialKind k); // "service" | "local-dev" | "oauth-s2s" | "local"
std::optional<CredentialKind> kindFromId(const QString& id);
// Whether the app can mint (and renew) tokens for this kind itself.
inline bool canMint(CredentialKind k)
{
    return k != CredentialKind::LocalDev && k != CredentialKind::Local;
}
// Whether requests of this kind carry an access token (a local target never does).
inline bool usesToken(CredentialKind k)
{
    return k != CredentialKind::Local;
}

inline constexpr qsizetype kMaxCredentialFileSize = 1024 * 1024;
inline constexpr int kMaxJsonDepth = 32;

struct ServiceCredential
{
    QString imsEndpoint; // bare host[:port]
    QStringList metascopes;
    QString clientId;
    QByteArray clientSecret; // secret
    QString email; // AEM technical-account user
    QString technicalAccountId;
    QString org;
    QByteArray privateKeyPem; // secret
    QByteArray certificatePem;
    std::optional<QDateTime> certificateExpirationDate; // as written in the file, if present
};

// OAuth Server-to-Server credentials from the Adobe Developer Console (the fields Adobe's tools use).
struct OAuthCredential
{
    QString clientId;
    QList<QByteArray> clientSecrets; // secret; several while a secret is being rotated, tried in order
    QString orgId;
    QString technicalAccountId;
    QString technicalAccountEmail;
    QStringList scopes;
    QString imsEndpoint = QStringLiteral("ims-na1.adobelogin.com");
};

// A local AEM target (the AEM SDK's quickstart): base URLs and, for HTTP Basic sign-in, a user
// and its password (secret; empty user: no sign-in, nothing in the keychain).
struct LocalTarget
{
    QUrl author;
    QUrl publish;
    QString user;
    QByteArray password; // secret
};

struct LocalDevToken
{
    QByteArray accessToken; // secret
    QJsonObject claims;
    std::optional<QDateTime> createdAt;
    std::optional<QDateTime> expiresAt;
};

// One thing wrong with an input: the field it concerns (JSON path, or empty for the whole file)
// and a short human message. Never contains secret material.
struct Problem
{
    // Error: the input cannot be used or stored (the result holds no credential). Unusable: it
    // was read and can be stored, but cannot authenticate as it is (an expired or not yet valid
    // certificate, an expired token): `aemtoken check` counts it as an error. Warning: it works,
    // but something deserves attention (a certificate expiring within 30 days).
    enum Severity { Error, Warning, Unusable };
    Severity severity = Error;
    QString field;
    QString message;
    // Stable, for scripts (check --json): "missing_field", "key_mismatch", "certificate_expired"...
    // (the man page lists them). Not part of equality: tests compare what people read.
    QString code;
    // The same in plain words for the headline ("The certificate expires in 19 days (21 Dec
    // 2026)"); empty when the code's default headline says it (wording.h problemHeadline).
    // Not part of equality either.
    QString headline;

    QString toString() const;
    friend bool operator==(const Problem& a, const Problem& b)
    {
        return a.severity == b.severity && a.field == b.field && a.message == b.message;
    }
};
QDebug operator<<(QDebug d, const Problem& p);

struct ParsedCredential
{
    CredentialKind kind = CredentialKind::Service;
    ServiceCredential service;
    LocalDevToken localDev;
    OAuthCredential oauth;
    LocalTarget local;
    // Present for service credentials that parsed.
    std::optional<Certificate> certificate;
    std::optional<PrivateKey> privateKey;
};

struct ParseResult
{
    std::optional<ParsedCredential> credential; // set only when there are no errors
    QList<Problem> problems; // errors and warnings, in file order

    bool ok() const { return credential.has_value(); }
    QString firstError() const;
};

// Reads either JSON kind, auto-detected. Errors make the result unusable; Unusable problems (an
// expired certificate or token) and warnings (an unusual key size) do not. `clock` judges expiry.
ParseResult parseCredentialJson(const QByteArray& json, const Clock& clock);

// OAuth Server-to-Server credentials as the Developer Console writes them (indented), for
// parseCredentialJson. The JSON holds the client secrets: the caller wipes it.
QByteArray oauthCredentialJson(const OAuthCredential& c);

// Secrets kept in the keychain for one credential, serialised as a small JSON object.
struct CredentialSecrets
{
    QByteArray privateKeyPem;
    QByteArray clientSecret;
    QByteArray localDevToken;
    QList<QByteArray> clientSecrets; // OAuth
    QByteArray basicPassword; // a local target's HTTP Basic password

    QByteArray toJson() const;
    static std::optional<CredentialSecrets> fromJson(const QByteArray& json);
    void wipe();
};

} // namespace aem
