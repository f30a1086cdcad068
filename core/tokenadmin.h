// SPDX-License-Identifier: Apache-2.0
#pragma once

// Asking IMS about a token (/ims/validate_token/v1) and revoking it (/ims/invalidate_token/v2),
// then dropping it from the cache. Revoking *credentials* is not an API: it is done in the AEM
// Developer Console or by Adobe support (see revokeCredentialsHelp()).

#include "credentialsource.h"
#include "imsclient.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace aem {

class Clock;
class TokenService;

struct ValidationResult
{
    bool ok = false; // IMS answered
    bool valid = false; // and said the token is valid
    QString reason; // why not, or what failed
    QDateTime expiresAt;
    std::optional<ImsError> imsError; // when IMS failed (not when it answered "not valid")
    FailureCause cause = FailureCause::None; // when !ok: why, set where it failed
};

class TokenAdmin : public QObject
{
    Q_OBJECT
public:
    // `retry` is the policy of its IMS calls: the same as the token provider's (Services does so).
    TokenAdmin(CredentialSource& source, TokenService& tokens, QNetworkAccessManager* nam, const Clock& clock,
               RetryPolicy retry = {}, QObject* parent = nullptr);

    // By credential id. Asks IMS about the token we hold; never mints one to answer (none held:
    // not ok, and the reason says so).
    void validate(const QString& id, QObject* context, std::function<void(const ValidationResult&)> done);
    // Asks IMS about a token the caller has (`validate --token -`), at the credential's IMS.
    void validateToken(const CredentialRecord& record, const QByteArray& token, QObject* context,
                       std::function<void(const ValidationResult&)> done);
    // Revokes the cached token of a service credential and forgets it.
    void revoke(const QString& id, QObject* context, std::function<void(bool ok, const QString& message)> done);

    static QString revokeCredentialsHelp();

private:
    CredentialSource& m_source;
    TokenService& m_tokens;
    QPointer<QNetworkAccessManager> m_nam;
    const Clock& m_clock;
    RetryPolicy m_retry;
};

// The IMS host for a credential: its imsEndpoint, or for a local development token the host of
// its "as" claim (ims-na1 -> ims-na1.adobelogin.com).
QString imsHostFor(const CredentialRecord& record, const QByteArray& token);

} // namespace aem
