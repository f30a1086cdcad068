// SPDX-License-Identifier: Apache-2.0
#include "aemrequest.h"

#include "httpsyntax.h"
#include "network.h"
#include "processhygiene.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

#include <functional>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::AemRequest)
};
} // namespace

QUrl resolveAemTarget(const CredentialRecord& record, const QString& urlOrPath, const QStringList& allowedHosts,
                      QString* error)
{
    auto fail = [error](const QString& m) {
        if (error)
            *error = m;
        return QUrl();
    };
    QUrl url;
    if (urlOrPath.startsWith(QLatin1Char('/'))) {
        if (!record.environment.author.isValid() || record.environment.author.isEmpty())
            return fail(Tr::tr("\"%1\" has no author URL: give it one with aemtoken set %2 --author URL")
                            .arg(record.name, shellWord(record.name)));
        url = record.environment.author;
        const QUrl rel(urlOrPath);
        url.setPath(url.path() + rel.path());
        url.setQuery(rel.query());
    } else {
        url = QUrl(urlOrPath, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(Tr::tr("\"%1\" is neither a URL nor a /path").arg(urlOrPath));
    }
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return fail(Tr::tr("only https:// URLs are supported"));
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()))
        return fail(record.kind == CredentialKind::Local
                        ? Tr::tr("refusing plain http to %1: plain http is only for this machine (localhost); use "
                                 "https://")
                              .arg(url.host())
                        : Tr::tr("refusing to send a token over plain http to %1; use https://").arg(url.host()));
    if (!record.environment.ownsUrl(url)) {
        // A password is reversible and does not expire: it never goes where a token may be let.
        if (record.kind == CredentialKind::Local && !record.basicUser.isEmpty())
            return fail(Tr::tr("%1 is not one of the hosts of \"%2\"; its password goes only to them (give it the "
                               "host with aemtoken add-local %3 --author URL or --publish URL)")
                            .arg(url.authority(), record.name, shellWord(record.name)));
        bool allowed = false;
        for (const QString& h : allowedHosts)
            allowed = allowed || h.compare(url.host(), Qt::CaseInsensitive) == 0
                || h.compare(url.authority(), Qt::CaseInsensitive) == 0;
        if (!allowed)
            return fail(Tr::tr("%1 is not one of the hosts of \"%2\"; the token is only sent there after you allow "
                               "the host explicitly")
                            .arg(url.authority(), record.name));
    }
    return url;
}

QString explainAemStatus(int status, const CredentialRecord& r)
{
    switch (status) {
    case 401:
        if (r.kind == CredentialKind::Local)
            return r.basicUser.isEmpty()
                ? Tr::tr("AEM wants a sign-in (401): add the target again with a user (aemtoken add-local %1 --user "
                         "USER)")
                      .arg(shellWord(r.name))
                : Tr::tr("AEM refused the sign-in of %1 (401): check the user and its password").arg(r.basicUser);
        return Tr::tr("AEM refused the token (401): it expired, was revoked, or belongs to another environment than %1")
            .arg(r.environment.author.host());
    case 403:
        if (canMint(r.kind) && !r.email.isEmpty())
            return Tr::tr("AEM denied the request (403): the technical account user %1 lacks permission; an AEM "
                          "administrator must grant it")
                .arg(r.email);
        return Tr::tr("AEM denied the request (403): your AEM user lacks permission for it");
    case 404: return Tr::tr("AEM has nothing at this path (404)");
    case 405: return Tr::tr("AEM does not allow this method here (405)");
    case 429: return Tr::tr("AEM is rate-limiting requests (429); try again later");
    default: break;
    }
    if (status >= 500)
        return Tr::tr("AEM failed with %1; the environment may be starting, updating or down").arg(status);
    return Tr::tr("AEM answered %1").arg(status);
}

AemRequest::AemRequest(QNetworkAccessManager* nam, AemRequestSpec spec, QByteArray accessToken, QObject* parent)
    : QObject(parent), m_nam(nam), m_spec(std::move(spec)), m_token(std::move(accessToken))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

AemRequest::~AemRequest()
{
    end(false);
    wipeSecret(m_token); // shared with the caller's token: its last owner wipes it
}

namespace {
std::function<void(const QByteArray&)>& wipeObserver()
{
    static std::function<void(const QByteArray&)> observer;
    return observer;
}

// Overwrites the buffer in place, under every owner, then lets it go.
void wipeInPlace(QByteArray& secret)
{
    if (secret.isEmpty())
        return;
    const QByteArray same = secret; // the same bytes, for the observer to see them wiped
    wipeSharedSecret(secret);
    if (wipeObserver())
        wipeObserver()(same);
}

// The Authorization of a reply aborted midway: Qt's network thread may still be reading it (it
// holds a copy of the request until the abort reaches it), so it is overwritten once that thread
// let go (this is its last owner), or after kGiveUpMs, long after the abort reached it.
class DeferredWipe final : public QObject
{
public:
    static constexpr int kPollMs = 10;
    static constexpr int kGiveUpMs = 2000;

    DeferredWipe(QByteArray secret, QObject* parent) : QObject(parent), m_secret(std::move(secret))
    {
        m_age.start();
        m_poll.setInterval(kPollMs);
        connect(&m_poll, &QTimer::timeout, this, [this] {
            if (m_secret.isDetached() || m_age.elapsed() >= kGiveUpMs) {
                m_poll.stop();
                wipeInPlace(m_secret);
                deleteLater();
            }
        });
        m_poll.start();
    }
    ~DeferredWipe() override { wipeInPlace(m_secret); }

private:
    QByteArray m_secret;
    QTimer m_poll;
    QElapsedTimer m_age;
};
} // namespace

void AemRequest::setWipeObserverForTesting(std::function<void(const QByteArray&)> observer)
{
    wipeObserver() = std::move(observer);
}

void AemRequest::end(bool notify)
{
    m_completed = true;
    m_timeout.stop();
    // Once the reply is done with the request (finished, timed out, or never made), nothing else
    // reads the Authorization: it is overwritten now.
    const bool replyLetGo = m_replyDone || !m_started;
    if (QNetworkReply* reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        if (!m_replyDone)
            reply->abort();
        reply->deleteLater();
    }
    wipeHeader(replyLetGo);
    if (notify)
        Q_EMIT finished();
}

void AemRequest::wipeHeader(bool replyLetGo)
{
    // The Authorization sent (Bearer …, or a local target's Basic holding the password) is
    // shared with the QNetworkRequest inside the reply, so wipeSecret() would see it shared and
    // leave it: the bytes are overwritten in place, under every owner, once nothing reads them.
    for (QByteArray* secret : {&m_authorizationHeader, &m_localAuthorization}) {
        if (secret->isEmpty())
            continue;
        if (replyLetGo) {
            wipeInPlace(*secret);
        } else {
            QObject* owner = m_nam ? static_cast<QObject*>(m_nam.data()) : QCoreApplication::instance();
            if (owner)
                new DeferredWipe(std::move(*secret), owner);
            else
                wipeInPlace(*secret); // no event loop left to wait on: now
            secret->clear();
        }
    }
}

void AemRequest::setLocalSignIn(QByteArray authorization)
{
    m_local = true;
    wipeSecret(m_token);
    m_token.clear();
    m_localAuthorization = std::move(authorization);
}

void AemRequest::failEarly(const QString& message)
{
    m_answer.error = message;
    // finished() after start() returns, as for any other outcome.
    QTimer::singleShot(0, this, [this] {
        if (!m_completed)
            end(true);
    });
}

void AemRequest::start()
{
    m_clock.start();
    // Last line of defence (callers check first): a CR or LF would let a value start a header
    // of its own, e.g. a second Authorization.
    if (!isHttpToken(m_spec.method))
        return failEarly(
            Tr::tr("the method \"%1\" is not a valid HTTP method").arg(QString::fromLatin1(m_spec.method.left(40))));
    for (const auto& [k, v] : m_spec.headers) {
        if (!isHttpToken(k))
            return failEarly(Tr::tr("the header name \"%1\" is not valid").arg(QString::fromLatin1(k.left(60))));
        if (isTransportHeader(k))
            return failEarly(Tr::tr("the header %1 is set by the program, not by a request; not sent")
                                 .arg(QString::fromLatin1(k.left(60))));
        if (!isHttpHeaderValue(v))
            return failEarly(Tr::tr("the value of the header %1 contains a line break or a control character; not sent")
                                 .arg(QString::fromLatin1(k.left(60))));
    }
    if (!m_spec.asWritten && !m_local && !isToken68(m_token))
        return failEarly(Tr::tr("the access token is not well-formed; not sent"));
    if (m_local && !isHttpHeaderValue(m_localAuthorization))
        return failEarly(Tr::tr("the sign-in is not well-formed; not sent"));
    QNetworkRequest req(m_spec.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // HTTP/1.1 only: Qt's HTTP/2 reopens the flow-control window as data arrives, not as the
    // application reads it, so over HTTP/2 a slow consumer would not hold the server back and a
    // large answer would pile up in memory. Over HTTP/1.1 the bounded read buffer stops the
    // socket, and TCP does the rest.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setRawHeader("User-Agent", QByteArrayLiteral("aem-token-manager/" AEMTOKEN_VERSION));
    for (const auto& [k, v] : m_spec.headers)
        if (m_spec.asWritten || k.compare("authorization", Qt::CaseInsensitive) != 0)
            req.setRawHeader(k, v);
    // As written (a collection's own Authorization, agreed to): nothing attached. A local AEM
    // target gets HTTP Basic or nothing: never a bearer token.
    if (!m_spec.asWritten && !m_local) {
        m_authorizationHeader = "Bearer " + m_token;
        req.setRawHeader("Authorization", m_authorizationHeader);
    } else if (!m_spec.asWritten && !m_localAuthorization.isEmpty()) {
        req.setRawHeader("Authorization", m_localAuthorization);
    }
    QIODevice* body = nullptr;
    if (!m_spec.bodyFile.isEmpty()) {
        auto* file = new QFile(m_spec.bodyFile);
        if (!file->open(QIODevice::ReadOnly)) {
            const QString why = file->errorString();
            delete file;
            return failEarly(Tr::tr("cannot read %1: %2").arg(m_spec.bodyFile, why));
        }
        req.setHeader(QNetworkRequest::ContentLengthHeader, file->size());
        body = file;
    } else if (!m_spec.body.isEmpty() || m_spec.method != "GET") {
        auto* buffer = new QBuffer;
        buffer->setData(m_spec.body);
        buffer->open(QIODevice::ReadOnly);
        body = buffer;
    }
    if (m_spec.method == "HEAD")
        m_reply = m_nam->head(req); // a custom "HEAD" would wait for a body that never comes
    else
        m_reply = m_nam->sendCustomRequest(req, m_spec.method, body);
    m_started = true;
    if (body)
        body->setParent(m_reply);
    // The bound that makes pause() hold the socket: Qt reads no more than this ahead of us.
    m_reply->setReadBufferSize(1024 * 1024);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &AemRequest::takeHead);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_spec.timeoutMs > 0 && !m_paused)
            m_timeout.start(m_spec.timeoutMs); // still flowing
        drain();
    });
    connect(m_reply, &QNetworkReply::finished, this, &AemRequest::onReplyFinished);
    if (m_spec.timeoutMs > 0)
        m_timeout.start(m_spec.timeoutMs);
}

void AemRequest::pause()
{
    m_paused = true;
    // Waiting for our own consumer is not the server's silence.
    m_timeout.stop();
}

void AemRequest::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_spec.timeoutMs > 0 && m_reply && !m_replyDone)
        m_timeout.start(m_spec.timeoutMs);
    QTimer::singleShot(0, this, &AemRequest::drain);
}

void AemRequest::drain()
{
    QPointer<AemRequest> self(this);
    while (self && m_reply && !m_paused && m_reply->isOpen() && m_reply->bytesAvailable() > 0) {
        const QByteArray chunk = m_reply->read(kChunkBytes);
        if (chunk.isEmpty())
            break;
        m_answer.received += chunk.size();
        Q_EMIT dataReceived(chunk); // the consumer may pause(), abort() or delete us here
    }
    if (self && m_replyDone && !m_paused)
        complete();
}

void AemRequest::abort()
{
    if (!m_reply || m_completed)
        return;
    m_answer.error = Tr::tr("cancelled");
    m_answer.elapsedMs = m_clock.elapsed();
    end(true);
}

QString AemRequest::describeNetworkError(QNetworkReply::NetworkError e) const
{
    const QString host = m_spec.url.host();
    switch (e) {
    case QNetworkReply::HostNotFoundError: return Tr::tr("cannot resolve %1: check the URL and the network").arg(host);
    case QNetworkReply::ConnectionRefusedError: return Tr::tr("%1 refused the connection").arg(m_spec.url.authority());
    case QNetworkReply::SslHandshakeFailedError:
        return Tr::tr(
                   "the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA certificate as "
                   "an extra CA file")
            .arg(host, m_reply ? m_reply->errorString() : QString());
    case QNetworkReply::RemoteHostClosedError: return Tr::tr("%1 closed the connection early").arg(host);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return Tr::tr("the proxy failed: %1").arg(m_reply ? m_reply->errorString() : QString());
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return explainProxyAuthentication(m_reply ? m_reply->errorString() : QString());
    default: return Tr::tr("network error talking to %1: %2").arg(host, m_reply ? m_reply->errorString() : QString());
    }
}

void AemRequest::takeHead()
{
    if (m_headersSeen || !m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        return;
    m_headersSeen = true;
    m_answer.status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_answer.reason = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    m_answer.http2 = m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    m_answer.headers = m_reply->rawHeaderPairs();
    Q_EMIT headersReceived();
}

void AemRequest::onReplyFinished()
{
    m_timeout.stop();
    m_replyDone = true;
    m_answer.elapsedMs = m_clock.elapsed();
    takeHead(); // a head that came with the end
    drain(); // completes once the rest was handed out
}

void AemRequest::complete()
{
    if (m_completed || !m_reply)
        return;
    QNetworkReply* reply = m_reply;
    if (m_timedOut) {
        m_answer.error = Tr::tr("%1 sent nothing for %2 s").arg(m_spec.url.host()).arg(m_spec.timeoutMs / 1000.0);
    } else if (m_answer.status == 0) {
        m_answer.error = describeNetworkError(reply->error());
    } else if (reply->error() != QNetworkReply::NoError && reply->error() < QNetworkReply::ContentAccessDenied) {
        // A transport error after the headers (connection cut mid-body).
        m_answer.error = Tr::tr("the answer from %1 was cut short: %2").arg(m_spec.url.host(), reply->errorString());
    }
    end(true);
}

} // namespace aem
