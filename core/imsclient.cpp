// SPDX-License-Identifier: Apache-2.0
#include "imsclient.h"

#include "clock.h"
#include "credentialrecord.h"
#include "httpsyntax.h"
#include "jwt.h"
#include "network.h"
#include "processhygiene.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Ims)
};

constexpr qint64 kMaxReplySize = 1024 * 1024;

// An answer that is no IMS answer (too large, not JSON).
ImsError badResponse(int httpStatus, const QString& explanation)
{
    ImsError e;
    e.kind = ImsError::BadResponse;
    e.httpStatus = httpStatus;
    e.explanation = explanation;
    return e;
}

} // namespace

QString explainImsError(int status, const QString& code, const QString& description)
{
    const QString d = description.toLower();
    if (code == QLatin1String("invalid_client")) {
        if (d.contains(QLatin1String("secret")))
            return Tr::tr("IMS refused the client secret: it is wrong or was rotated in the Developer Console");
        return Tr::tr("IMS does not know this client id, or it does not match the JWT audience");
    }
    if (code == QLatin1String("invalid_token")) {
        if (d.contains(QLatin1String("signature")) || d.contains(QLatin1String("binding")))
            return Tr::tr("IMS could not match the JWT signature to a certificate: the certificate is expired, revoked "
                          "or not registered for this integration");
        if (d.contains(QLatin1String("expired")))
            return Tr::tr("IMS considers the JWT expired: check this computer's clock");
        return Tr::tr("IMS could not decode the JWT: it is malformed");
    }
    if (code == QLatin1String("invalid_scope"))
        return Tr::tr("the metascopes in the credential are not allowed for this integration");
    if (code == QLatin1String("bad_request"))
        return Tr::tr("IMS refused the JWT claims (technical account id, org, expiry or jti badly formatted)");
    if (code == QLatin1String("unauthorized_client"))
        return Tr::tr("this client is not allowed to use this grant");
    if (status == 429)
        return Tr::tr("IMS is rate-limiting requests; try again later");
    if (status >= 500)
        return Tr::tr("IMS is temporarily unavailable; try again later");
    if (status == 404)
        return Tr::tr("the IMS endpoint does not offer this call: check imsEndpoint");
    return Tr::tr("IMS refused the request");
}

QString ImsError::toString() const
{
    QString s = explanation;
    QStringList ref;
    if (httpStatus)
        ref << QString::number(httpStatus);
    if (!code.isEmpty())
        ref << code;
    QString refText = ref.join(QLatin1Char(' '));
    if (!description.isEmpty())
        refText += (refText.isEmpty() ? QString() : QStringLiteral(": ")) + description;
    if (!refText.isEmpty())
        s += QStringLiteral(" [IMS: ") + refText + QLatin1Char(']');
    if (!debugId.isEmpty())
        s += QStringLiteral(" [x-debug-id: ") + debugId + QLatin1Char(']');
    if (attempts > 1)
        s += QLatin1Char(' ') + Tr::tr("after %n attempt(s)", nullptr, attempts);
    return s;
}

std::optional<qint64> parseRetryAfterMs(const QByteArray& value, const QDateTime& now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 secs = v.toLongLong(&ok);
    if (ok)
        return secs >= 0 ? std::optional<qint64>(secs * 1000) : std::nullopt;
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT"
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!t.isValid())
        return std::nullopt;
    t.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(t));
}

std::optional<AccessToken> accessTokenFromReply(const QJsonObject& body, qint64 unitMs, const QDateTime& now,
                                                QString* error)
{
    const QString token = body.value(QLatin1String("access_token")).toString();
    if (token.isEmpty()) {
        if (error)
            *error = Tr::tr("IMS answered without an access_token");
        return std::nullopt;
    }
    AccessToken out;
    out.token = token.toLatin1();
    if (token.size() > 64 * 1024 || !isToken68(out.token)) {
        out.token.fill('\0');
        if (error)
            *error = Tr::tr("IMS answered with an access_token that is not a well-formed token (not a JWT); not used");
        return std::nullopt;
    }
    if (const auto jwt = decodeJwt(out.token)) {
        const TokenLifetime life = tokenLifetime(jwt->claims);
        if (life.createdAt)
            out.createdAt = *life.createdAt;
        if (life.expiresAt)
            out.expiresAt = *life.expiresAt;
    }
    if (!out.createdAt.isValid())
        out.createdAt = now;
    if (!out.expiresAt.isValid()) {
        const QJsonValue e = body.value(QLatin1String("expires_in"));
        const qint64 n = e.isString() ? e.toString().toLongLong() : qint64(e.toDouble());
        if (n <= 0 || n > kMaxClaimedLifetimeMs) { // also keeps n * unitMs from overflowing
            if (n > kMaxClaimedLifetimeMs) {
                out.expiresAt = now.addMSecs(kMaxClaimedLifetimeMs + 1); // judged below
            } else {
                if (error)
                    *error = Tr::tr("IMS answered without a usable expires_in");
                return std::nullopt;
            }
        } else {
            out.expiresAt = now.addMSecs(n * unitMs);
        }
    }
    // Claims outside sane bounds are not trusted as given.
    if (out.expiresAt <= now) {
        out.cacheable = false;
        out.warning = Tr::tr("IMS issued a token that has already expired (%1); it was not cached: check this "
                             "computer's clock")
                          .arg(isoUtcSeconds(out.expiresAt));
    } else if (now.msecsTo(out.expiresAt) > kMaxClaimedLifetimeMs) {
        out.warning =
            Tr::tr("IMS claims the token is valid until %1, more than 7 days ahead; it is trusted for 24 h only")
                .arg(isoUtcSeconds(out.expiresAt));
        out.expiresAt = now.addMSecs(kUntrustedLifetimeMs);
    }
    return out;
}

ImsRequest::ImsRequest(QNetworkAccessManager* nam, QUrl url, QList<QPair<QString, QByteArray>> form, RetryPolicy policy,
                       const Clock& clock, QObject* parent)
    : QObject(parent), m_nam(nam), m_url(std::move(url)), m_policy(policy), m_clock(clock)
{
    // One buffer, sized first (percent-encoding at most triples a byte), so no reallocation
    // leaves a stray copy of a secret behind; each encoded value is wiped once appended.
    qsizetype size = 0;
    for (const auto& [k, v] : form)
        size += 3 * (k.toUtf8().size() + v.size()) + 2;
    m_payload.reserve(size);
    for (const auto& [k, v] : form) {
        if (!m_payload.isEmpty())
            m_payload += '&';
        m_payload += QUrl::toPercentEncoding(k);
        m_payload += '=';
        QByteArray encoded = v.toPercentEncoding();
        m_payload += encoded;
        wipeSecret(encoded);
    }
    m_timeout.setSingleShot(true);
    m_backoff.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    connect(&m_backoff, &QTimer::timeout, this, &ImsRequest::sendAttempt);
}

ImsRequest::~ImsRequest()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    // The payload (client secret, signed assertion) is shared with the reply's upload data, done
    // with now: fill() would have zeroed a fresh copy of it and left that buffer as it was.
    wipeSharedSecret(m_payload);
    wipeSecret(m_bearer); // the caller's token: its last owner wipes it
}

void ImsRequest::start()
{
    m_started.start();
    m_attempt = 0;
    m_done = false;
    sendAttempt();
}

void ImsRequest::abort()
{
    if (m_done)
        return;
    m_backoff.stop();
    ImsError e;
    e.kind = ImsError::Cancelled;
    e.explanation = Tr::tr("cancelled");
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    finishWith(e);
}

void ImsRequest::sendAttempt()
{
    if (!m_nam) {
        ImsError e;
        e.kind = ImsError::Network;
        e.explanation = Tr::tr("no network access");
        finishWith(e);
        return;
    }
    ++m_attempt;
    m_timedOut = false;
    m_tooLarge = false;
    QNetworkRequest req(m_url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    req.setRawHeader("Accept", "application/json");
    if (!m_bearer.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_bearer);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // see AemRequest: bounded reads
    m_reply = m_nam->post(req, m_payload);
    // Qt reads no more than this ahead; an answer larger than kMaxReplySize is dropped as soon
    // as its Content-Length or its size so far says so, never read whole.
    m_reply->setReadBufferSize(kMaxReplySize + 1);
    auto tooLarge = [this](qint64 size) {
        if (size > kMaxReplySize && m_reply && !m_tooLarge) {
            m_tooLarge = true;
            m_reply->abort();
        }
    };
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this, tooLarge] {
        if (m_reply)
            tooLarge(m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    });
    connect(m_reply, &QNetworkReply::downloadProgress, this,
            [tooLarge](qint64 received, qint64) { tooLarge(received); });
    connect(m_reply, &QNetworkReply::readyRead, this, [this, tooLarge] {
        if (m_reply)
            tooLarge(m_reply->bytesAvailable());
    });
    connect(m_reply, &QNetworkReply::finished, this, &ImsRequest::onReplyFinished);
    const qint64 left = qint64(m_policy.totalMs) - m_started.elapsed();
    m_timeout.start(int(std::clamp<qint64>(std::min<qint64>(m_policy.timeoutMs, left), 1, m_policy.timeoutMs)));
}

void ImsRequest::onReplyFinished()
{
    m_timeout.stop();
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QString host = m_url.host();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError netError = reply->error();
    // An aborted reply is closed: reading it would only make Qt warn.
    const QByteArray data =
        reply->isOpen() && reply->bytesAvailable() <= kMaxReplySize ? reply->read(kMaxReplySize + 1) : QByteArray();

    if (m_timedOut) {
        ImsError e;
        e.kind = ImsError::Timeout;
        e.explanation = Tr::tr("IMS at %1 did not answer within %2 s").arg(host).arg(m_timeout.interval() / 1000.0);
        retryOrFail(e, std::nullopt);
        return;
    }
    if (m_tooLarge || data.size() > kMaxReplySize) {
        finishWith(badResponse(status, Tr::tr("the answer from %1 was larger than 1 MiB and was dropped").arg(host)));
        return;
    }
    if (status == 0) {
        ImsError e;
        e.kind = ImsError::Network;
        e.networkError = int(netError);
        switch (netError) {
        case QNetworkReply::SslHandshakeFailedError:
            e.kind = ImsError::Tls;
            e.explanation =
                Tr::tr("the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA "
                       "certificate as an extra CA file")
                    .arg(host, reply->errorString());
            finishWith(e);
            return;
        case QNetworkReply::HostNotFoundError:
            e.explanation = Tr::tr("cannot resolve %1: check the network connection and the IMS endpoint").arg(host);
            break;
        case QNetworkReply::ConnectionRefusedError:
            e.explanation = Tr::tr("%1 refused the connection").arg(host);
            break;
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
            e.explanation = Tr::tr("the proxy failed (%1)").arg(reply->errorString());
            break;
        case QNetworkReply::ProxyAuthenticationRequiredError:
            e.explanation = explainProxyAuthentication(reply->errorString());
            finishWith(e);
            return;
        case QNetworkReply::OperationCanceledError:
            e.explanation = Tr::tr("the answer from %1 was larger than expected and was dropped").arg(host);
            finishWith(e);
            return;
        default: e.explanation = Tr::tr("network error talking to %1: %2").arg(host, reply->errorString()); break;
        }
        retryOrFail(e, std::nullopt);
        return;
    }

    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
    const QJsonObject obj = doc.object();
    if (status >= 200 && status < 300) {
        if (data.trimmed().isEmpty()) { // /ims/invalidate_token/v2 answers 200 with no body
            finishWith(ImsError {});
            return;
        }
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            finishWith(badResponse(status, Tr::tr("IMS answered %1 with something that is not JSON").arg(status)));
            return;
        }
        m_body = obj;
        finishWith(ImsError {});
        return;
    }
    ImsError e;
    e.kind = ImsError::Http;
    e.httpStatus = status;
    e.code = obj.value(QLatin1String("error")).toString().left(100);
    e.description = obj.value(QLatin1String("error_description")).toString().left(300);
    e.debugId = QString::fromLatin1(reply->rawHeader("x-debug-id").left(100));
    e.explanation = explainImsError(status, e.code, e.description);
    if (status >= 500 || status == 429)
        retryOrFail(e, parseRetryAfterMs(reply->rawHeader("Retry-After"), m_clock.now()));
    else
        finishWith(e);
}

void ImsRequest::retryOrFail(ImsError e, std::optional<qint64> retryAfterMs)
{
    if (m_attempt >= m_policy.maxAttempts) {
        finishWith(e);
        return;
    }
    const qint64 left = qint64(m_policy.totalMs) - m_started.elapsed();
    qint64 delay;
    if (retryAfterMs) {
        if (*retryAfterMs > m_policy.maxRetryAfterMs) {
            e.explanation +=
                QLatin1Char(' ') + Tr::tr("(IMS asks to wait %1 s before retrying)").arg(*retryAfterMs / 1000);
            finishWith(e);
            return;
        }
        delay = *retryAfterMs;
    } else {
        const qint64 exp = qint64(m_policy.baseDelayMs) << std::min(m_attempt - 1, 16);
        const qint64 capped = std::min<qint64>(exp, m_policy.maxDelayMs);
        delay = capped / 2 + QRandomGenerator::global()->bounded(capped / 2 + 1); // jitter
    }
    // Within the overall budget only; a silent server gets one more try only if a whole
    // attempt still fits.
    const qint64 needed =
        delay + (e.kind == ImsError::Timeout ? m_policy.timeoutMs : std::min(m_policy.timeoutMs, 1000));
    if (needed > left) {
        finishWith(e);
        return;
    }
    Q_EMIT retrying(m_attempt + 1, int(delay), e.explanation);
    m_backoff.start(int(delay));
}

void ImsRequest::finishWith(ImsError e)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_backoff.stop();
    e.attempts = m_attempt;
    m_error = e;
    Q_EMIT finished();
}

} // namespace aem
