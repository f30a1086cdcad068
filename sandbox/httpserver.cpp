// SPDX-License-Identifier: Apache-2.0
#include "httpserver.h"

#include <QSslSocket>
#include <QTimer>

#include <memory>

namespace aem::sandbox {

namespace {
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qint64 kMaxBodyBytes = 16 * 1024 * 1024;
constexpr qint64 kStreamHighWater = 256 * 1024;
} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

void HttpResponder::respond(int status, const QByteArray& contentType, const QByteArray& body,
                            const QList<QPair<QByteArray, QByteArray>>& extraHeaders)
{
    HttpConnection* c = m_connection;
    if (!c)
        return;
    c->sendHead(status, contentType, body.size(), extraHeaders);
    if (!c->m_head)
        c->m_socket->write(body);
    c->finishResponse();
}

void HttpResponder::respondStream(int status, const QByteArray& contentType, qint64 length,
                                  std::function<QByteArray(qint64, qint64)> chunk)
{
    HttpConnection* c = m_connection;
    if (!c)
        return;
    c->sendHead(status, contentType, length, {});
    if (c->m_head)
        return c->finishResponse();
    c->m_streamLength = length;
    c->m_streamOffset = 0;
    c->m_chunk = std::move(chunk);
    c->pump();
}

void HttpResponder::respondDrip(int status, const QByteArray& contentType, const QByteArray& body, int intervalMs)
{
    HttpConnection* c = m_connection;
    if (!c)
        return;
    c->sendHead(status, contentType, body.size(), {});
    if (c->m_head)
        return c->finishResponse();
    auto* timer = new QTimer(c);
    auto sent = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, c, [c, timer, body, sent] {
        if (*sent >= body.size()) {
            timer->deleteLater();
            c->finishResponse();
            return;
        }
        c->m_socket->write(body.mid((*sent)++, 1));
    });
    timer->start(intervalMs);
}

HttpConnection::HttpConnection(QSslSocket* socket, HttpHandler handler, QObject* parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler))
{
    socket->setParent(this);
    connect(socket, &QSslSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, [this] {
        if (m_chunk)
            pump();
    });
    onReadyRead();
}

void HttpConnection::onReadyRead()
{
    m_buffer += m_socket->readAll();
    processBuffer();
}

void HttpConnection::fail(int status, const QByteArray& message)
{
    m_closeAfter = true;
    m_busy = true;
    HttpResponder(this).respond(status, "text/plain", message + '\n');
}

void HttpConnection::processBuffer()
{
    if (m_busy)
        return;
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (m_buffer.size() > kMaxHeaderBytes)
            fail(400, "header too large");
        return;
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        fail(400, "bad request line");
        return;
    }
    HttpRequest req;
    req.method = requestLine[0];
    const QUrl target(QString::fromLatin1(requestLine[1]));
    req.path = target.path();
    req.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            req.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    if (req.headers.contains("transfer-encoding")) {
        fail(411, "chunked request bodies are not supported; send Content-Length");
        return;
    }
    bool ok = true;
    const qint64 length = req.headers.value("content-length", "0").toLongLong(&ok);
    if (!ok || length < 0 || length > kMaxBodyBytes) {
        fail(413, "body too large");
        return;
    }
    if (m_buffer.size() < headEnd + 4 + length)
        return; // wait for the rest of the body
    req.body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    m_closeAfter = req.header("connection").toLower() == "close" || requestLine[2] == "HTTP/1.0";
    m_head = req.method == "HEAD";
    m_busy = true;
    m_handler(req, HttpResponder(this));
}

void HttpConnection::sendHead(int status, const QByteArray& contentType, qint64 length,
                              const QList<QPair<QByteArray, QByteArray>>& extraHeaders)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Content-Type: " + contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    head += "Server: aemtoken-sandbox\r\n";
    for (const auto& [k, v] : extraHeaders)
        head += k + ": " + v + "\r\n";
    if (m_closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    m_socket->write(head);
}

void HttpConnection::pump()
{
    while (m_chunk && m_socket->encryptedBytesToWrite() + m_socket->bytesToWrite() < kStreamHighWater) {
        const qint64 left = m_streamLength - m_streamOffset;
        if (left <= 0) {
            m_chunk = nullptr;
            finishResponse();
            return;
        }
        const QByteArray part = m_chunk(m_streamOffset, std::min<qint64>(left, 64 * 1024));
        if (part.isEmpty()) { // generator gave up: close, the client sees a short body
            m_chunk = nullptr;
            m_socket->disconnectFromHost();
            return;
        }
        m_socket->write(part);
        m_streamOffset += part.size();
    }
}

void HttpConnection::finishResponse()
{
    m_busy = false;
    if (m_closeAfter) {
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_buffer.isEmpty())
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffer, Qt::QueuedConnection);
}

HttpServer::HttpServer(QObject* parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket* s = m_server.nextPendingConnection()) {
            if (auto* ssl = qobject_cast<QSslSocket*>(s))
                new HttpConnection(ssl, m_handler, this);
            else
                s->deleteLater();
        }
    });
}

bool HttpServer::listen(const QHostAddress& address, quint16 port, const QSslConfiguration& tls, QString* error)
{
    m_server.setSslConfiguration(tls);
    m_server.setHandshakeTimeout(10000);
    if (!m_server.listen(address, port)) {
        if (error)
            *error = m_server.errorString();
        return false;
    }
    return true;
}

quint16 HttpServer::port() const
{
    return m_server.serverPort();
}

} // namespace aem::sandbox
