// SPDX-License-Identifier: Apache-2.0
#include "aemsession.h"

#include "clock.h"
#include "credentials.h"
#include "credentialsource.h"
#include "httpfile.h"
#include "localtarget.h"
#include "processhygiene.h"
#include "requesthistory.h"
#include "responsesink.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QDateTime>
#include <QTimer>

namespace aem {

AemSession::AemSession(TokenService& tokens, QNetworkAccessManager* nam, CredentialRecord credential,
                       AemRequestSpec spec, QObject* parent)
    : QObject(parent), m_tokens(tokens), m_nam(nam), m_credential(std::move(credential)), m_spec(std::move(spec))
{
}

AemSession::~AemSession()
{
    if (m_request) {
        m_request->disconnect(this);
        delete m_request; // aborts its reply
    }
}

void AemSession::setHistory(RequestHistory* history)
{
    m_history = history;
}

void AemSession::setSink(ResponseSink* sink)
{
    if (m_sink)
        m_sink->disconnect(this);
    m_sink = sink;
    if (sink)
        connect(sink, &ResponseSink::consumed, this, &AemSession::onSinkConsumed);
}

void AemSession::start()
{
    if (m_started)
        return;
    m_started = true;
    // Sent as written (an .http file's own Authorization, its host checked by the caller): no
    // token is minted or attached, and no retry on a 401.
    if (m_spec.asWritten)
        return QTimer::singleShot(0, this, [this] {
            if (!m_finished)
                send({}, false);
        });
    if (!usesToken(m_credential.kind))
        return startLocal();
    requestToken(m_fresh);
}

void AemSession::startLocal()
{
    // A local AEM target: no token, and so no mint and no retry on a 401. With sign-in, the
    // password comes from the keychain for this request only.
    if (m_credential.basicUser.isEmpty())
        return QTimer::singleShot(0, this, [this] {
            if (!m_finished)
                sendLocal({});
        });
    m_waitingForToken = true;
    m_tokens.source().readSecrets(m_credential, this,
                                  [this](std::optional<CredentialSecrets> s, const SourceError& error) {
                                      m_waitingForToken = false;
                                      if (m_finished)
                                          return;
                                      if (!s)
                                          return finish(error.message);
                                      QByteArray auth = basicAuthorization(m_credential.basicUser, s->basicPassword);
                                      s->wipe();
                                      sendLocal(auth);
                                      wipeSecret(auth);
                                  });
}

void AemSession::sendLocal(const QByteArray& authorization)
{
    m_localAuthorization = authorization;
    send({}, false);
}

void AemSession::requestToken(bool fresh)
{
    m_waitingForToken = true;
    Q_EMIT tokenRequested();
    // `this` as the context: a session deleted meanwhile never hears back.
    m_tokens.token(m_credential.id, fresh, this, [this, fresh](const TokenResult& t) { onToken(t, fresh); });
}

void AemSession::onToken(const TokenResult& t, bool fresh)
{
    if (m_finished)
        return; // aborted meanwhile
    m_waitingForToken = false;
    if (!t.ok)
        return finish(t.error);
    if (!t.warning.isEmpty())
        Q_EMIT tokenWarning(t.warning);
    // Only a token from the cache may have gone stale behind our back (revoked, or minted for a
    // tier that was since recreated); a fresh one that is refused is refused for good.
    const bool mayRetry = !fresh && !m_retried && t.fromCache && canMint(m_credential.kind);
    send(t.accessToken, mayRetry);
}

void AemSession::send(const QByteArray& token, bool mayRetry)
{
    Q_EMIT sending();
    if (m_finished)
        return; // a `sending` handler aborted
    auto* req = new AemRequest(m_nam, m_spec, token, this);
    if (!usesToken(m_credential.kind)) {
        req->setLocalSignIn(m_localAuthorization);
        wipeSecret(m_localAuthorization);
        m_localAuthorization.clear();
    }
    m_request = req;
    m_sent = true;
    m_anySent = true;
    m_refused = false;
    if (m_sink && !m_retried)
        QMetaObject::invokeMethod(m_sink, &ResponseSink::begin, Qt::QueuedConnection);
    connect(req, &AemRequest::headersReceived, this, [this, req, mayRetry] {
        m_refused = mayRetry && req->answer().status == 401;
        if (m_refused)
            return;
        m_answer = req->answer();
        Q_EMIT headersReceived();
    });
    connect(req, &AemRequest::dataReceived, this, [this, req](const QByteArray& chunk) {
        if (m_refused)
            return;
        m_answer.received = req->answer().received;
        if (m_sink) {
            m_sinkQueued += chunk.size();
            // The chunk is shared, not copied, into the sink's thread.
            QMetaObject::invokeMethod(
                m_sink, [sink = m_sink, chunk] { sink->append(chunk); }, Qt::QueuedConnection);
            updateFlow();
        }
        Q_EMIT dataReceived(chunk); // the consumer may pause(), abort() or delete us here
    });
    connect(req, &AemRequest::finished, this, [this, req, mayRetry] { onRequestFinished(req, mayRetry); });
    updateFlow(); // a consumer that paused before anything was sent stays paused
    req->start();
}

void AemSession::onRequestFinished(AemRequest* req, bool mayRetry)
{
    req->deleteLater();
    m_request = nullptr;
    if (mayRetry && m_refused && !m_cancelled) {
        // The cached token was refused: mint a new one and send once more, and only once.
        m_retried = true;
        m_sent = false;
        m_refused = false;
        Q_EMIT retrying();
        if (!m_finished)
            requestToken(true);
        return;
    }
    m_answer = req->answer();
    finish(m_answer.error);
}

void AemSession::abort()
{
    if (!m_started || m_finished)
        return;
    m_cancelled = true;
    if (m_request) {
        m_request->abort(); // finishes with "cancelled", through onRequestFinished
        return;
    }
    if (m_waitingForToken && usesToken(m_credential.kind))
        m_tokens.cancel(m_credential.id, this); // a mint others wait for goes on for them
    finish(tr("cancelled"));
}

void AemSession::pause()
{
    m_consumerPaused = true;
    updateFlow();
}

void AemSession::resume()
{
    m_consumerPaused = false;
    updateFlow();
}

void AemSession::onSinkConsumed(qint64 bytes)
{
    m_sinkQueued = std::max<qint64>(0, m_sinkQueued - bytes);
    updateFlow();
}

void AemSession::updateFlow()
{
    if (!m_request)
        return;
    const bool hold = m_consumerPaused || (m_sink && m_sinkQueued > kSinkHighWater);
    if (hold && !m_request->isPaused())
        m_request->pause();
    else if (!hold && m_request->isPaused())
        m_request->resume();
}

void AemSession::finish(const QString& error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_answer.error = error;
    if (m_sink && m_sent)
        QMetaObject::invokeMethod(
            m_sink, [sink = m_sink, type = responseHeader("content-type")] { sink->finish(type); },
            Qt::QueuedConnection);
    // What reached AEM is recorded, the refused first attempt too when the retry's mint fails.
    if (m_history && !(m_cancelled && !m_anySent))
        record();
    Q_EMIT finished();
}

void AemSession::record()
{
    HistoryEntry e;
    e.at = m_tokens.clock().now(); // the injected clock, as the token's expiry
    e.credential = m_credential.name;
    e.credentialId = m_credential.id;
    e.method = m_spec.method;
    e.url = m_spec.url.toString();
    e.headers = m_spec.headers;
    e.body = m_spec.body;
    e.bodyFile = m_spec.bodyFile;
    e.asWritten = m_spec.asWritten;
    if (!m_spec.bodyFromFile.isEmpty()) { // never a file's bytes in the history: its path
        e.body.clear();
        e.bodyFile = m_spec.bodyFromFile;
    }
    if (m_anySent) {
        e.status = m_answer.status;
        e.elapsedMs = m_answer.elapsedMs;
        e.bytes = m_answer.received;
    }
    e.error = m_answer.error;
    for (const auto& [value, placeholder] : std::as_const(m_redactions)) {
        if (value.isEmpty())
            continue;
        e.url = maskSecretsInUrl(e.url, {{QString::fromUtf8(value), QString::fromUtf8(placeholder)}});
        for (auto& [k, v] : e.headers)
            v.replace(value, placeholder);
        e.body.replace(value, placeholder);
    }
    QString why;
    if (!m_history->append(e, &why))
        m_historyError = why;
}

QByteArray AemSession::responseHeader(const QByteArray& name) const
{
    QByteArray value;
    for (const auto& [k, v] : m_answer.headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            value = v;
    return value;
}

QByteArray AemSession::responseHead() const
{
    // The protocol the answer came in; HTTP/2 has no reason phrase.
    QByteArray head = m_answer.http2
        ? QByteArray("HTTP/2 " + QByteArray::number(m_answer.status) + "\r\n")
        : QByteArray("HTTP/1.1 " + QByteArray::number(m_answer.status) + ' ' + m_answer.reason + "\r\n");
    for (const auto& [k, v] : m_answer.headers)
        head += k + ": " + v + "\r\n";
    return head + "\r\n";
}

QString AemSession::failureText() const
{
    if (!m_answer.error.isEmpty())
        return m_answer.error;
    if (m_answer.status >= 200 && m_answer.status < 300)
        return {};
    if (m_answer.status >= 300 && m_answer.status < 400) {
        // Never followed: the token would go wherever the Location says.
        const QByteArray location = responseHeader("location");
        if (location.isEmpty())
            return tr("AEM answered %1 without a Location; not followed").arg(m_answer.status);
        return tr("AEM answered %1, redirecting to %2; not followed, so the token is not sent there")
            .arg(m_answer.status)
            .arg(QString::fromLatin1(location.left(500)));
    }
    return explainAemStatus(m_answer.status, m_credential);
}

} // namespace aem
