// SPDX-License-Identifier: Apache-2.0
#pragma once

// One bearer-authenticated call to an AEM host (or, for a local AEM target, HTTP Basic or none). Streams the body as it arrives (dataReceived),
// never follows redirects (a redirect could carry the token to another host), and explains
// failures in plain words. Shared by `aemtoken request` and the request tester.
//
// Back-pressure: the body is handed out in chunks of at most kChunkBytes, and a consumer that
// cannot keep up calls pause(); nothing more is read from the reply until resume(). The reply's
// read buffer is bounded, so Qt then stops reading the socket and TCP holds the sender back:
// memory stays flat whatever the size of the answer or the speed of the consumer.

#include "credentialstore.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace aem {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct AemRequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    // When set, the body is streamed from this regular file instead (never held in memory).
    QString bodyFile;
    // The file `body` was read from (an .http request's "< FILE"): a history entry records this
    // path in place of the bytes, which may hold secrets.
    QString bodyFromFile;
    bool bodyFromFileAsIs = false; // `body` is that file's bytes unchanged ("< FILE", not "<@")
    // Idle timeout: the request fails when nothing arrives for this long (0: never). A large
    // download that keeps flowing is never cut.
    int timeoutMs = 0;
    // Sent as written, with no token: the Authorization among `headers` (an .http file's own)
    // goes as it is. Only for a request whose sender checked the host (aemtoken run).
    bool asWritten = false;
};

// What AEM answered to one request, or why it did not.
struct AemAnswer
{
    int status = 0; // 0 and the rest empty until the head came
    QByteArray reason;
    bool http2 = false; // the reply's Http2WasUsedAttribute: over HTTP/2, not HTTP/1.x
    HeaderList headers;
    qint64 received = 0;
    qint64 elapsedMs = 0;
    // Empty when the exchange completed (whatever the status); else one line: why it did not.
    QString error;
};

// Resolves "/path" against the credential's author URL, or checks a full URL: the token only
// goes to the credential's own hosts, or to a host in `allowedHosts`; plain http only to loopback.
QUrl resolveAemTarget(const CredentialRecord& record, const QString& urlOrPath, const QStringList& allowedHosts,
                      QString* error);

// What a failing status most likely means for this credential (docs/protocol.md §7).
QString explainAemStatus(int status, const CredentialRecord& record);

class AemRequest : public QObject
{
    Q_OBJECT
public:
    AemRequest(QNetworkAccessManager* nam, AemRequestSpec spec, QByteArray accessToken, QObject* parent = nullptr);
    ~AemRequest() override;

    static constexpr qint64 kChunkBytes = 256 * 1024;

    // For a local AEM target, before start(): no bearer token; `authorization` ("Basic ...",
    // secret, wiped with the request) or, when empty, no Authorization header at all.
    void setLocalSignIn(QByteArray authorization);

    void start();
    void abort();
    // Flow control for a slow consumer: no dataReceived() between pause() and resume().
    // finished() waits until every byte was handed out.
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }

    // What came back so far; complete once finished() was emitted.
    const AemAnswer& answer() const { return m_answer; }

    // For tests only (nothing in the program sets it): called with the Authorization buffer right
    // after its bytes were overwritten in place, the way every ending wipes it.
    static void setWipeObserverForTesting(std::function<void(const QByteArray&)> observer);

Q_SIGNALS:
    void headersReceived();
    void dataReceived(const QByteArray& chunk);
    void finished();

private:
    void onReplyFinished();
    // Status, reason and headers once the reply has them (emits headersReceived once).
    void takeHead();
    void drain();
    void complete();
    void failEarly(const QString& message);
    QString describeNetworkError(QNetworkReply::NetworkError e) const;
    // Every ending comes here exactly once (finished, failed, timed out, cancelled, destroyed):
    // the reply let go, the Authorization wiped, and finished() emitted when `notify`.
    void end(bool notify);
    // Overwrites the Authorization bytes handed to the reply: now when the reply let go of them,
    // else as soon as Qt's network thread does (aemrequest.cpp).
    void wipeHeader(bool replyLetGo);

    QPointer<QNetworkAccessManager> m_nam;
    AemRequestSpec m_spec;
    QByteArray m_token;
    QByteArray m_localAuthorization; // secret
    QByteArray m_authorizationHeader; // "Bearer " + token, as handed to the reply: secret
    bool m_local = false;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    AemAnswer m_answer;
    bool m_timedOut = false;
    bool m_headersSeen = false;
    bool m_paused = false;
    bool m_replyDone = false;
    bool m_completed = false;
    bool m_started = false; // a reply was made
};

} // namespace aem
