// SPDX-License-Identifier: Apache-2.0
#include "credentialcheck.h"

#include "localtarget.h"

#include "clock.h"
#include "countdown.h"
#include "credentialrecord.h"
#include "httpsyntax.h"
#include "jwt.h"
#include "wording.h"

#include <QCoreApplication>

#include <algorithm>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Credentials)
};
} // namespace

namespace detail {

QString missingAemUser()
{
    return Tr::tr("is missing: the AEM user to grant permissions to is unknown");
}

void checkPrivateKey(ParsedCredential& out, ProblemList& r)
{
    const ServiceCredential& s = out.service;
    if (s.privateKeyPem.isEmpty())
        return;
    QString why;
    out.privateKey = PrivateKey::fromPem(s.privateKeyPem, &why);
    if (!out.privateKey) {
        r.error("invalid_private_key", QStringLiteral("privateKey"), why);
    } else if (!out.privateKey->isRsa()) {
        r.error("key_not_rsa", QStringLiteral("privateKey"), Tr::tr("is not an RSA key (IMS needs RS256)"));
        out.privateKey.reset();
    } else if (out.privateKey->bits() < 2048) {
        r.warning("weak_key", QStringLiteral("privateKey"),
                  Tr::tr("is a %1-bit RSA key; the Developer Console issues 2048-bit keys").arg(out.privateKey->bits()),
                  Tr::tr("The private key is weak (%1 bits); the Developer Console issues 2048-bit keys")
                      .arg(out.privateKey->bits()));
    }
}

void checkCertificate(ParsedCredential& out, ProblemList& r, const Clock& clock)
{
    const ServiceCredential& s = out.service;
    if (!s.certificatePem.isEmpty()) {
        QString why;
        out.certificate = Certificate::fromPem(s.certificatePem, &why);
        if (!out.certificate)
            r.error("invalid_certificate", QStringLiteral("publicKey"), why);
    }
    if (out.certificate && out.privateKey && !out.certificate->matches(*out.privateKey))
        r.error("key_mismatch", QStringLiteral("privateKey"), Tr::tr("does not match the certificate in publicKey"));
    if (!out.certificate)
        return;
    const CertificateInfo info = out.certificate->info();
    const QDateTime now = clock.now();
    if (info.notAfter < now)
        r.unusable(
            "certificate_expired", QStringLiteral("publicKey"),
            Tr::tr("certificate expired on %1; IMS will refuse it: add a new certificate in the Developer Console")
                .arg(isoUtcSeconds(info.notAfter)),
            Tr::tr("%1: add a new certificate in the Developer Console")
                .arg(certificateExpiryHeadline(info.notAfter, now)));
    else if (info.notBefore > now)
        r.unusable("certificate_not_yet_valid", QStringLiteral("publicKey"),
                   Tr::tr("certificate is not valid before %1").arg(isoUtcSeconds(info.notBefore)),
                   Tr::tr("The certificate is not valid before %1").arg(userDateTime(info.notBefore)));
    else if (info.daysLeft(now) < 30)
        r.warning("certificate_expiring", QStringLiteral("publicKey"),
                  Tr::tr("certificate expires in %1, on %2")
                      .arg(formatDays(info.daysLeft(now)), isoUtcSeconds(info.notAfter)),
                  certificateExpiryHeadline(info.notAfter, now));
    if (!s.clientId.isEmpty() && !info.subjectCommonName.isEmpty() && info.subjectCommonName != s.clientId)
        r.warning("certificate_subject_mismatch", QStringLiteral("publicKey"),
                  Tr::tr("certificate is issued to \"%1\", not to the client id").arg(info.subjectCommonName),
                  Tr::tr("The certificate was issued to \"%1\", not to this client").arg(info.subjectCommonName));
}

void checkLocalDevToken(const QString& token, ParsedCredential& out, ProblemList& r, const Clock& clock)
{
    // It is sent as "Authorization: Bearer <token>": nothing but token68 characters.
    if (!isToken68(token.toLatin1()) || token.size() > 64 * 1024) {
        r.error("token_malformed", QStringLiteral("accessToken"), Tr::tr("is not a well-formed token (not a JWT)"));
        return;
    }
    QString why;
    const auto jwt = decodeJwt(token.toLatin1(), &why);
    if (!jwt) {
        r.error("token_malformed", QStringLiteral("accessToken"), why);
        return;
    }
    out.localDev.accessToken = token.toLatin1();
    out.localDev.claims = jwt->claims;
    const TokenLifetime life = tokenLifetime(jwt->claims);
    out.localDev.createdAt = life.createdAt;
    out.localDev.expiresAt = life.expiresAt;
    if (!life.expiresAt)
        r.warning("token_no_expiry", QStringLiteral("accessToken"),
                  Tr::tr("has no expiry (neither created_at + expires_in nor exp)"));
    else if (*life.expiresAt <= clock.now())
        r.unusable(
            "token_expired", QStringLiteral("accessToken"),
            Tr::tr("expired at %1: download a new one from the Developer Console").arg(isoUtcSeconds(*life.expiresAt)),
            Tr::tr("The token %1 (%2) — download a new one from the Developer Console")
                .arg(expiredAgoPhrase(*life.expiresAt, clock.now()), userDateTime(*life.expiresAt)));
    else if (clock.now().msecsTo(*life.expiresAt) > 7LL * 24 * 3600 * 1000)
        r.warning("token_lifetime_suspicious", QStringLiteral("accessToken"),
                  Tr::tr("claims to be valid until %1, more than 7 days ahead (local development tokens live 24 h)")
                      .arg(isoUtcSeconds(*life.expiresAt)),
                  Tr::tr("The token claims to be valid until %1, far longer than local development tokens live")
                      .arg(userDateTime(*life.expiresAt)));
}

} // namespace detail

ParseResult checkStoredCredential(const CredentialRecord& record, const CredentialSecrets& secrets, const Clock& clock)
{
    ParseResult result;
    ParsedCredential c;
    c.kind = record.kind;
    switch (record.kind) {
    case CredentialKind::Service: {
        detail::ProblemList r(result.problems, QStringLiteral("integration."));
        ServiceCredential& s = c.service;
        copyFromRecord(record, s);
        s.clientSecret = secrets.clientSecret;
        if (s.email.isEmpty())
            r.warning("missing_aem_user", QStringLiteral("email"), detail::missingAemUser());
        s.privateKeyPem = secrets.privateKeyPem;
        if (s.privateKeyPem.isEmpty())
            r.error("missing_field", QStringLiteral("privateKey"), Tr::tr("is missing"));
        detail::checkPrivateKey(c, r);
        if (s.certificatePem.isEmpty())
            r.error("missing_field", QStringLiteral("publicKey"), Tr::tr("is missing"));
        detail::checkCertificate(c, r, clock);
        break;
    }
    case CredentialKind::OAuth: {
        detail::ProblemList r(result.problems, {});
        OAuthCredential& o = c.oauth;
        copyFromRecord(record, o);
        o.clientSecrets = secrets.clientSecrets;
        if (o.orgId.isEmpty())
            r.warning("missing_field", QStringLiteral("ims_org_id"), Tr::tr("is missing"));
        if (o.technicalAccountEmail.isEmpty())
            r.warning("missing_aem_user", QStringLiteral("technical_account_email"), detail::missingAemUser());
        break;
    }
    case CredentialKind::LocalDev: {
        detail::ProblemList r(result.problems, {});
        detail::checkLocalDevToken(QString::fromLatin1(secrets.localDevToken), c, r, clock);
        break;
    }
    case CredentialKind::Local: {
        detail::ProblemList r(result.problems, {});
        c.local.author = record.environment.author;
        c.local.publish = record.environment.publish;
        c.local.user = record.basicUser;
        if (!c.local.author.isValid() || c.local.author.isEmpty())
            r.error("missing_field", QStringLiteral("author"), Tr::tr("is missing"));
        if (!record.basicUser.isEmpty() && secrets.basicPassword.isEmpty())
            r.error("missing_field", QStringLiteral("password"), Tr::tr("is missing"));
        if (const QString w = defaultAccountWarning(record.basicUser); !w.isEmpty())
            r.warning("default_account", QStringLiteral("user"), w);
        break;
    }
    }
    const bool hasError = std::any_of(result.problems.cbegin(), result.problems.cend(),
                                      [](const Problem& p) { return p.severity == Problem::Error; });
    if (!hasError)
        result.credential = std::move(c);
    return result;
}

} // namespace aem
