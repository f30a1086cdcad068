#include "aemrequest.h"

#include "network.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

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
            return fail(Tr::tr("\"%1\" has no author URL: import it again with an author URL").arg(record.name));
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
        return fail(Tr::tr("refusing to send a token over plain http to %1; use https://").arg(url.host()));
    if (!record.environment.ownsUrl(url)) {
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_token.fill('\0');
}

void AemRequest::start()
{
    QNetworkRequest req(m_spec.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setRawHeader("User-Agent", QByteArrayLiteral("aem-token-manager/" AEMTOKEN_VERSION));
    for (const auto& [k, v] : m_spec.headers)
        if (k.compare("authorization", Qt::CaseInsensitive) != 0)
            req.setRawHeader(k, v);
    req.setRawHeader("Authorization", "Bearer " + m_token);
    m_clock.start();
    auto* body = new QBuffer;
    body->setData(m_spec.body);
    body->open(QIODevice::ReadOnly);
    m_reply = m_nam->sendCustomRequest(req, m_spec.method, body);
    body->setParent(m_reply);
    // Backpressure: a large answer waits in the socket, not in memory, when the reader is busy.
    m_reply->setReadBufferSize(4 * 1024 * 1024);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (m_headersSeen || !m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            return;
        m_headersSeen = true;
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_reason = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        m_headers = m_reply->rawHeaderPairs();
        Q_EMIT headersReceived();
    });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_spec.timeoutMs > 0)
            m_timeout.start(m_spec.timeoutMs); // still flowing
        const QByteArray chunk = m_reply->readAll();
        m_received += chunk.size();
        if (!chunk.isEmpty())
            Q_EMIT dataReceived(chunk);
    });
    connect(m_reply, &QNetworkReply::finished, this, &AemRequest::onFinished);
    if (m_spec.timeoutMs > 0)
        m_timeout.start(m_spec.timeoutMs);
}

void AemRequest::abort()
{
    if (!m_reply)
        return;
    m_error = Tr::tr("cancelled");
    m_reply->disconnect(this);
    m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
    m_elapsedMs = m_clock.elapsed();
    Q_EMIT finished();
}

QString AemRequest::describeNetworkError(QNetworkReply::NetworkError e) const
{
    const QString host = m_spec.url.host();
    switch (e) {
    case QNetworkReply::HostNotFoundError: return Tr::tr("cannot resolve %1: check the URL and the network").arg(host);
    case QNetworkReply::ConnectionRefusedError: return Tr::tr("%1 refused the connection").arg(m_spec.url.authority());
    case QNetworkReply::SslHandshakeFailedError:
        return Tr::tr("the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA certificate as "
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

void AemRequest::onFinished()
{
    m_timeout.stop();
    m_elapsedMs = m_clock.elapsed();
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (const QByteArray rest = reply->readAll(); !rest.isEmpty()) {
        m_received += rest.size();
        Q_EMIT dataReceived(rest);
    }
    if (!m_headersSeen && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) {
        m_headersSeen = true;
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        m_headers = reply->rawHeaderPairs();
        Q_EMIT headersReceived();
    }
    if (m_timedOut) {
        m_error = Tr::tr("%1 sent nothing for %2 s").arg(m_spec.url.host()).arg(m_spec.timeoutMs / 1000.0);
    } else if (m_status == 0) {
        m_reply = reply; // for errorString() in the description
        m_error = describeNetworkError(reply->error());
        m_reply = nullptr;
    } else if (reply->error() != QNetworkReply::NoError && reply->error() < QNetworkReply::ContentAccessDenied) {
        // A transport error after the headers (connection cut mid-body).
        m_error = Tr::tr("the answer from %1 was cut short: %2").arg(m_spec.url.host(), reply->errorString());
    }
    Q_EMIT finished();
}

} // namespace aem
