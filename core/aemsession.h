// SPDX-License-Identifier: Apache-2.0
#pragma once

// One call to AEM on behalf of a credential, from the token to the last byte of the answer,
// shared by `aemtoken request`, the request tester and the rotation dialog's test call.
//
//  1. Gets the credential's token from the TokenService (the cached one, or a fresh mint). A local
//     AEM target has none: its HTTP Basic sign-in (if any) is read from the keychain instead.
//  2. Sends the AemRequest: bearer token attached, redirects never followed, body streamed.
//  3. When AEM refuses a *cached* token with 401 and the credential can mint, mints exactly one
//     fresh token and sends once more. Never a second retry, and never when the token was fresh
//     already (setFresh(), or the cache was empty): that 401 is the answer.
//  4. Records one history entry when a history is set (never the token, never Authorization).
//
// Only the final answer reaches the consumer: the refused attempt's headers and body are dropped,
// so headersReceived() comes at most once and dataReceived() carries only the final body.
// Back-pressure as for AemRequest: a consumer that cannot keep up calls pause() inside or after
// dataReceived() and resume() when it can take more. A ResponseSink (usually on a worker thread)
// may be attached instead of, or as well as, a dataReceived() consumer; the session then holds
// the socket back while the sink has more than kSinkHighWater bytes queued.
//
// The job pattern: construct, configure, start(), exactly one finished(); then read status(),
// errorString() and failureText(). Deleting the session aborts whatever is under way.

#include "aemrequest.h"
#include "credentialrecord.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace aem {

class RequestHistory;
class ResponseSink;
class TokenService;
struct TokenResult;

class AemSession : public QObject
{
    Q_OBJECT
public:
    // The most a ResponseSink may have queued before the session stops reading the socket.
    static constexpr qint64 kSinkHighWater = 4 * 1024 * 1024;

    AemSession(TokenService& tokens, QNetworkAccessManager* nam, CredentialRecord credential, AemRequestSpec spec,
               QObject* parent = nullptr);
    ~AemSession() override;

    // Configure before start().
    // Skips the cached token (then a 401 is final: a fresh token is never retried).
    void setFresh(bool fresh) { m_fresh = fresh; }
    // Appends one entry when finished, also for a token that could not be had; none after an
    // abort() that came before anything was sent.
    void setHistory(RequestHistory* history);
    // Each value (a secret filled into the request, such as a collection's) is recorded in the
    // history as its placeholder instead: in the URL, header values and body.
    void setHistoryRedactions(QList<QPair<QByteArray, QByteArray>> valueToPlaceholder)
    {
        m_redactions = std::move(valueToPlaceholder);
    }
    // Feeds `sink` (any thread, queued): begin() when the first attempt goes out, append() for
    // each chunk of the final answer, finish(content type) at the end when anything was sent.
    void setSink(ResponseSink* sink);

    void start();
    // Stops the mint in progress (TokenService::cancel for this session only: a mint others wait for goes on)
    // or aborts the request. finished() follows at once, with errorString() "cancelled".
    void abort();
    // Consumer flow control: no dataReceived() between pause() and resume().
    void pause();
    void resume();

    const CredentialRecord& credential() const { return m_credential; }
    const AemRequestSpec& spec() const { return m_spec; }
    bool isRunning() const { return m_started && !m_finished; }
    // A request went out (then status() 0 means "no answer"; else the token was not had).
    // Some attempt reached AEM (the refused one included, when the retry then failed).
    bool wasSent() const { return m_anySent; }
    // The cached token was refused and the request was sent again with a fresh one.
    bool retried() const { return m_retried; }
    // abort() ended it.
    bool isCancelled() const { return m_cancelled; }

    // Of the final answer (0 / empty when there was none).
    int status() const { return m_answer.status; }
    QByteArray reason() const { return m_answer.reason; }
    HeaderList responseHeaders() const { return m_answer.headers; }
    // The value of a response header (case-insensitive; the last one when repeated), or empty.
    QByteArray responseHeader(const QByteArray& name) const;
    // "HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\n" ("HTTP/2 200" when the answer came over
    // HTTP/2), as `aemtoken request -i` prints it.
    QByteArray responseHead() const;
    qint64 bytesReceived() const { return m_answer.received; }
    qint64 elapsedMs() const { return m_answer.elapsedMs; }

    // Empty when AEM answered (whatever the status); else one line: why no token could be had,
    // why the exchange failed, or "cancelled".
    QString errorString() const { return m_answer.error; }
    // One line for an outcome that is not a success: errorString(), else for a redirect that it
    // was not followed and where it pointed, else what the status means for this credential
    // (explainAemStatus). Empty for a 2xx answer.
    QString failureText() const;
    // Why the history entry could not be saved (empty when it was, or no history is set).
    QString historyError() const { return m_historyError; }

Q_SIGNALS:
    // Asking the TokenService for a token: at start(), and again before the one retry.
    void tokenRequested();
    // The token came with a warning worth showing (e.g. an expiry claim that was not believed).
    void tokenWarning(const QString& warning);
    // The token is in hand and the request goes out now (emitted before it is sent: the place to
    // load extra CA certificates). Once per attempt.
    void sending();
    // AEM refused the cached token (401): a fresh one is minted and the request sent once more.
    void retrying();
    // Of the final answer only.
    void headersReceived();
    void dataReceived(const QByteArray& chunk);
    // Exactly once.
    void finished();

private:
    void startLocal();
    void sendLocal(const QByteArray& authorization);
    void requestToken(bool fresh);
    void onToken(const TokenResult& t, bool fresh);
    void send(const QByteArray& token, bool mayRetry);
    void onRequestFinished(AemRequest* req, bool mayRetry);
    void onSinkConsumed(qint64 bytes);
    void updateFlow();
    void finish(const QString& error);
    void record();

    TokenService& m_tokens;
    QPointer<QNetworkAccessManager> m_nam;
    CredentialRecord m_credential;
    AemRequestSpec m_spec;
    bool m_fresh = false;
    QPointer<RequestHistory> m_history;
    QList<QPair<QByteArray, QByteArray>> m_redactions;
    QPointer<ResponseSink> m_sink;
    QPointer<AemRequest> m_request;
    QByteArray m_localAuthorization; // secret, handed to the request and wiped

    bool m_started = false;
    bool m_finished = false;
    bool m_sent = false;
    bool m_anySent = false; // never reset by the retry
    bool m_retried = false;
    bool m_cancelled = false;
    bool m_waitingForToken = false;
    bool m_refused = false; // the current attempt is the 401 that will be retried: drop its answer
    bool m_consumerPaused = false;
    qint64 m_sinkQueued = 0; // bytes posted to the sink and not yet written by it

    AemAnswer m_answer; // of the final attempt
    QString m_historyError;
};

} // namespace aem
