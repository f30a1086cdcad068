// SPDX-License-Identifier: Apache-2.0
#pragma once

// One bearer-authenticated call to an AEM host. Streams the body as it arrives (dataReceived),
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
    // Idle timeout: the request fails when nothing arrives for this long (0: never). A large
    // download that keeps flowing is never cut.
    int timeoutMs = 0;
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

    void start();
    void abort();
    // Flow control for a slow consumer: no dataReceived() between pause() and resume().
    // finished() waits until every byte was handed out.
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }

    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
    // The answer came over HTTP/2 (the reply's Http2WasUsedAttribute), not HTTP/1.x.
    bool http2() const { return m_http2; }
    HeaderList responseHeaders() const { return m_headers; }
    qint64 bytesReceived() const { return m_received; }
    qint64 elapsedMs() const { return m_elapsedMs; }
    // Empty when the exchange completed (whatever the status); else why it did not.
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void headersReceived();
    void dataReceived(const QByteArray& chunk);
    void finished();

private:
    void onReplyFinished();
    void drain();
    void complete();
    void failEarly(const QString& message);
    QString describeNetworkError(QNetworkReply::NetworkError e) const;

    QPointer<QNetworkAccessManager> m_nam;
    AemRequestSpec m_spec;
    QByteArray m_token;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    int m_status = 0;
    QByteArray m_reason;
    bool m_http2 = false;
    HeaderList m_headers;
    qint64 m_received = 0;
    qint64 m_elapsedMs = 0;
    QString m_error;
    bool m_timedOut = false;
    bool m_headersSeen = false;
    bool m_paused = false;
    bool m_replyDone = false;
    bool m_completed = false;
};

} // namespace aem
