#pragma once

// One bearer-authenticated call to an AEM host. Streams the body as it arrives (dataReceived),
// never follows redirects (a redirect could carry the token to another host), and explains
// failures in plain words. Shared by `aemtoken request` and the request tester.

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
    // Idle timeout: the request fails when nothing arrives for this long (0: never). A large
    // download that keeps flowing is never cut.
    int timeoutMs = 0;
};

// Resolves "/path" against the credential's author URL, or checks a full URL: the token only
// goes to the credential's own hosts, or to a host in `allowedHosts`; plain http only to loopback.
QUrl resolveAemTarget(const CredentialRecord& record, const QString& urlOrPath, const QStringList& allowedHosts,
                      QString* error);

// What a failing status most likely means for this credential (protocol.md §7).
QString explainAemStatus(int status, const CredentialRecord& record);

class AemRequest : public QObject
{
    Q_OBJECT
public:
    AemRequest(QNetworkAccessManager* nam, AemRequestSpec spec, QByteArray accessToken, QObject* parent = nullptr);
    ~AemRequest() override;

    void start();
    void abort();

    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
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
    void onFinished();
    QString describeNetworkError(QNetworkReply::NetworkError e) const;

    QPointer<QNetworkAccessManager> m_nam;
    AemRequestSpec m_spec;
    QByteArray m_token;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    int m_status = 0;
    QByteArray m_reason;
    HeaderList m_headers;
    qint64 m_received = 0;
    qint64 m_elapsedMs = 0;
    QString m_error;
    bool m_timedOut = false;
    bool m_headersSeen = false;
};

} // namespace aem
