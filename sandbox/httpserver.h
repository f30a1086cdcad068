// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small HTTP/1.1 server over TLS (QSslServer), enough to emulate IMS and an AEM tier in
// tests: Content-Length bodies, keep-alive, delayed and streamed responses with flow control.

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QUrlQuery>

#include <functional>

class QSslSocket;

namespace aem::sandbox {

struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

class HttpConnection;

// Answers one request. Exactly one of the respond functions is called, possibly later.
class HttpResponder
{
public:
    explicit HttpResponder(HttpConnection* c) : m_connection(c) { }
    bool alive() const { return !m_connection.isNull(); }
    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const QList<QPair<QByteArray, QByteArray>>& extraHeaders = {});
    // Streams `length` bytes produced by `chunk(offset, maxBytes)` as the socket drains.
    void respondStream(int status, const QByteArray& contentType, qint64 length,
                       std::function<QByteArray(qint64 offset, qint64 maxBytes)> chunk);
    // Sends `body` one byte every `intervalMs` (a server that keeps the connection barely alive).
    void respondDrip(int status, const QByteArray& contentType, const QByteArray& body, int intervalMs);

private:
    QPointer<HttpConnection> m_connection;
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QSslSocket* socket, HttpHandler handler, QObject* parent);

private:
    friend class HttpResponder;
    void onReadyRead();
    void processBuffer();
    void sendHead(int status, const QByteArray& contentType, qint64 length,
                  const QList<QPair<QByteArray, QByteArray>>& extraHeaders);
    void finishResponse();
    void pump();
    void fail(int status, const QByteArray& message);

    QSslSocket* m_socket;
    HttpHandler m_handler;
    QByteArray m_buffer;
    bool m_busy = false;
    bool m_closeAfter = false;
    bool m_head = false; // HEAD: the headers of the answer, never its body
    qint64 m_streamLength = 0;
    qint64 m_streamOffset = 0;
    std::function<QByteArray(qint64, qint64)> m_chunk;
};

class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(QObject* parent = nullptr);
    bool listen(const QHostAddress& address, quint16 port, const QSslConfiguration& tls, QString* error);
    quint16 port() const;
    void setHandler(HttpHandler h) { m_handler = std::move(h); }

private:
    QSslServer m_server;
    HttpHandler m_handler;
};

QByteArray reasonPhrase(int status);

} // namespace aem::sandbox
