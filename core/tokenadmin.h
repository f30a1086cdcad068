// SPDX-License-Identifier: Apache-2.0
#pragma once

// Asking IMS about a token (/ims/validate_token/v1) and revoking it (/ims/invalidate_token/v2),
// then dropping it from the cache. Revoking *credentials* is not an API: it is done in the AEM
// Developer Console or by Adobe support (see revokeCredentialsHelp()).

#include "credentialstore.h"
#include "imsclient.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace aem {

class Clock;
class TokenProvider;

struct ValidationResult
{
    bool ok = false; // IMS answered
    bool valid = false; // and said the token is valid
    QString reason; // why not, or what failed
    QDateTime expiresAt;
    std::optional<ImsError> imsError; // when IMS failed (not when it answered "not valid")
};

class TokenAdmin : public QObject
{
    Q_OBJECT
public:
    // `retry` is the policy of its IMS calls: the same as the token provider's (Services does so).
    TokenAdmin(CredentialStore& store, TokenProvider& tokens, QNetworkAccessManager* nam, const Clock& clock,
               RetryPolicy retry = {}, QObject* parent = nullptr);

    // Validates the credential's current token (minting one if none is cached).
    void validate(const QString& name, QObject* context, std::function<void(const ValidationResult&)> done);
    // Revokes the cached token of a service credential and forgets it.
    void revoke(const QString& name, QObject* context, std::function<void(bool ok, const QString& message)> done);

    static QString revokeCredentialsHelp();

private:
    CredentialStore& m_store;
    TokenProvider& m_tokens;
    QPointer<QNetworkAccessManager> m_nam;
    const Clock& m_clock;
    RetryPolicy m_retry;
};

// The IMS host for a credential: its imsEndpoint, or for a local development token the host of
// its "as" claim (ims-na1 -> ims-na1.adobelogin.com).
QString imsHostFor(const CredentialRecord& record, const QByteArray& token);

} // namespace aem
