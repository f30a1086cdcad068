// SPDX-License-Identifier: Apache-2.0
#include "tokenadmin.h"

#include "clock.h"
#include "jwt.h"
#include "secretstore.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QTimer>

namespace aem {

TokenAdmin::TokenAdmin(CredentialSource& source, TokenService& tokens, QNetworkAccessManager* nam, const Clock& clock,
                       RetryPolicy retry, QObject* parent)
    : QObject(parent), m_source(source), m_tokens(tokens), m_nam(nam), m_clock(clock), m_retry(retry)
{
}

QString imsHostFor(const CredentialRecord& record, const QByteArray& token)
{
    if (!record.imsEndpoint.isEmpty())
        return record.imsEndpoint;
    const auto jwt = decodeJwt(token);
    QString as = jwt ? jwt->claims.value(QLatin1String("as")).toString() : QString();
    // The claim comes from a file the user imported: only a region name ("ims-na1") may pick
    // the host the token is sent to, never a host or a path of its own.
    static const QRegularExpression region(QStringLiteral("^ims-[a-z0-9]{1,16}$"));
    if (!region.match(as).hasMatch())
        as = QStringLiteral("ims-na1");
    return as + QStringLiteral(".adobelogin.com");
}

QString TokenAdmin::revokeCredentialsHelp()
{
    return tr(
        "Revoking a token ends that token only. To revoke the credentials themselves (for example after a leak):\n"
        "1. In Cloud Manager, open the environment's Developer Console.\n"
        "2. Under Integrations › Technical Accounts, expand the technical account.\n"
        "3. Revoke the private key (certificate) that leaked, after adding a new one if the integration must keep "
        "working.\n"
        "4. If that option is not available to you, ask Adobe support to revoke the credentials.\n"
        "Then import the new service credentials here.");
}

void TokenAdmin::validate(const QString& id, QObject* context, std::function<void(const ValidationResult&)> done)
{
    QPointer<QObject> guard(context);
    m_tokens.cachedToken(id, this, [this, guard, id, done](const TokenResult& t) {
        if (!guard)
            return;
        const auto rec = m_source.byId(id);
        if (!t.ok || !rec) {
            done({false,
                  false,
                  rec ? t.error : tr("the credential is no longer stored"),
                  {},
                  t.imsError,
                  rec ? t.cause : FailureCause::Other});
            return;
        }
        validateToken(*rec, t.accessToken, guard, [done, expires = t.expiresAt](ValidationResult v) {
            if (v.ok && v.valid)
                v.expiresAt = expires;
            done(v);
        });
    });
}

void TokenAdmin::validateToken(const CredentialRecord& rec, const QByteArray& token, QObject* context,
                               std::function<void(const ValidationResult&)> done)
{
    QPointer<QObject> guard(context);
    const QString clientId = canMint(rec.kind) ? rec.clientId : rec.tokenClientId;
    const QUrl url(QStringLiteral("https://") + imsHostFor(rec, token) + QStringLiteral("/ims/validate_token/v1"));
    auto* req = new ImsRequest(
        m_nam, url, {{QStringLiteral("type"), "access_token"}, {QStringLiteral("client_id"), clientId.toUtf8()}},
        m_retry, m_clock, this);
    req->setBearer(token);
    connect(req, &ImsRequest::finished, this, [req, guard, done] {
        req->deleteLater();
        if (!guard)
            return;
        ValidationResult v;
        if (!req->ok()) {
            v.reason = req->error().toString();
            v.imsError = req->error();
            done(v);
            return;
        }
        v.ok = true;
        v.valid = req->body().value(QLatin1String("valid")).toBool();
        v.reason = req->body().value(QLatin1String("reason")).toString();
        done(v);
    });
    req->start();
}

void TokenAdmin::revoke(const QString& id, QObject* context, std::function<void(bool, const QString&)> done)
{
    QPointer<QObject> guard(context);
    m_source.reload();
    const auto rec = m_source.byId(id);
    if (!rec || !canMint(rec->kind)) {
        QTimer::singleShot(0, this, [guard, done, rec] {
            if (guard)
                done(false,
                     !rec ? tr("the credential is no longer stored")
                         : rec->kind == CredentialKind::Local
                         ? noTokenForLocalTarget(rec->name)
                         : tr("\"%1\" is a local development token: it expires by itself and cannot be revoked here")
                               .arg(rec->name));
        });
        return;
    }
    m_tokens.cachedToken(id, this, [this, guard, rec = *rec, done](const TokenResult& t) {
        if (!guard)
            return;
        if (!t.ok) {
            done(false, tr("\"%1\" has no cached token to revoke").arg(rec.name));
            return;
        }
        const QByteArray token = t.accessToken;
        m_source.readSecrets(
            rec, this, [this, guard, rec, token, done](std::optional<CredentialSecrets> s, const SourceError& error) {
                if (!guard)
                    return;
                if (!s) {
                    done(false, error.message);
                    return;
                }
                const QUrl url(QStringLiteral("https://") + rec.imsEndpoint
                               + QStringLiteral("/ims/invalidate_token/v2"));
                auto* req = new ImsRequest(m_nam, url,
                                           {{QStringLiteral("token_type"), "access_token"},
                                            {QStringLiteral("token"), token},
                                            {QStringLiteral("cascading"), "all"},
                                            {QStringLiteral("client_id"), rec.clientId.toUtf8()},
                                            {QStringLiteral("client_secret"),
                                             s->clientSecrets.isEmpty() ? s->clientSecret : s->clientSecrets.first()}},
                                           m_retry, m_clock, this);
                s->wipe();
                connect(req, &ImsRequest::finished, this, [this, req, guard, rec, done] {
                    req->deleteLater();
                    if (!guard)
                        return;
                    if (!req->ok()) {
                        done(false, tr("IMS did not revoke the token: %1").arg(req->error().toString()));
                        return;
                    }
                    // Forget it: the next request mints a new token. Success is reported only once
                    // the keychain has really dropped it.
                    m_source.forgetToken(rec, this, [this, guard, rec, done](const QString& error) {
                        if (!guard)
                            return;
                        if (!error.isEmpty()) {
                            done(false,
                                 tr("IMS revoked the token of \"%1\", but its cached copy was not forgotten: %2")
                                     .arg(rec.name, error));
                            return;
                        }
                        m_tokens.refresh();
                        done(true, tr("revoked the token of \"%1\"; the next request mints a new one").arg(rec.name));
                    });
                });
                req->start();
            });
    });
}

} // namespace aem
