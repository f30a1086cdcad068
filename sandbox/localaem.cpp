// SPDX-License-Identifier: Apache-2.0
#include "localaem.h"

#include "environment.h"
#include "httpserver.h"
#include "sandbox_p.h"

#include <QJsonObject>
#include <QSslSocket>

// Plain HTTP: the sockets are QSslSockets that never start encryption, so HttpConnection serves
// them as it serves the TLS ones.

namespace aem::sandbox {

class LocalAem::Server : public QTcpServer
{
public:
    Server(HttpHandler handler, QObject* parent) : QTcpServer(parent), m_handler(std::move(handler)) { }

protected:
    void incomingConnection(qintptr fd) override
    {
        auto* socket = new QSslSocket;
        if (!socket->setSocketDescriptor(fd)) {
            delete socket;
            return;
        }
        new HttpConnection(socket, m_handler, this);
    }

private:
    HttpHandler m_handler;
};

LocalAem::LocalAem(QObject* parent) : QObject(parent)
{
}

LocalAem::~LocalAem() = default;

bool LocalAem::start(const Options& options, QString* error)
{
    m_options = options;
    m_server = new Server(
        [this](const HttpRequest& req, HttpResponder res) {
            ++m_requests;
            const QByteArray auth = req.header("authorization");
            m_lastAuthorization = auth;
            if (auth.startsWith("Bearer "))
                ++m_bearer;
            QString user;
            if (auth.startsWith("Basic ")) {
                const QByteArray pair = QByteArray::fromBase64(auth.mid(6).trimmed());
                const qsizetype colon = pair.indexOf(':');
                if (colon > 0 && pair.left(colon) == m_options.user.toUtf8()
                    && pair.mid(colon + 1) == m_options.password)
                    user = m_options.user;
            } else if (auth.isEmpty() && !m_options.requireSignIn) {
                user = QStringLiteral("anonymous");
            }
            if (user.isEmpty())
                return res.respond(401, "text/html", "<html><body>Unauthorized</body></html>",
                                   {{"WWW-Authenticate", "Basic realm=\"Sling (Development)\""}});
            const QString p = req.path;
            if (p == currentUserPath())
                return res.respond(
                    200, "application/json",
                    json(QJsonObject {{QStringLiteral("authorizableId"), user},
                                      {QStringLiteral("name"), user},
                                      {QStringLiteral("home"), QString(QStringLiteral("/home/users/") + user)}}));
            if (p == QLatin1String("/__sandbox/echo")) {
                QJsonObject headers;
                for (auto i = req.headers.constBegin(); i != req.headers.constEnd(); ++i)
                    headers.insert(QString::fromLatin1(i.key()),
                                   i.key() == "authorization"
                                       ? QString::fromLatin1(i.value().left(6)) + QStringLiteral("<redacted>")
                                       : QString::fromUtf8(i.value()));
                return res.respond(200, "application/json",
                                   json(QJsonObject {{QStringLiteral("method"), QString::fromLatin1(req.method)},
                                                     {QStringLiteral("path"), p},
                                                     {QStringLiteral("headers"), headers},
                                                     {QStringLiteral("body"), QString::fromUtf8(req.body)},
                                                     {QStringLiteral("user"), user}}));
            }
            if (p.startsWith(QLatin1String("/__sandbox/status/"))) {
                const int status = p.mid(18).toInt();
                return res.respond(status >= 200 && status < 600 ? status : 400, "application/json",
                                   json(QJsonObject {{QStringLiteral("status"), status}}));
            }
            if (p.startsWith(QLatin1String("/content/")) && p.endsWith(QLatin1String(".json")))
                return res.respond(
                    200, "application/json",
                    json(QJsonObject {{QStringLiteral("jcr:primaryType"), QStringLiteral("sling:Folder")},
                                      {QStringLiteral("jcr:createdBy"), user}}));
            res.respond(404, "text/plain", "Not Found\n");
        },
        this);
    if (!m_server->listen(QHostAddress::LocalHost, options.port)) {
        if (error)
            *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 LocalAem::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QString LocalAem::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

} // namespace aem::sandbox
