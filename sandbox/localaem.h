// SPDX-License-Identifier: Apache-2.0
#pragma once

// A local AEM author as the AEM SDK's quickstart runs it: plain HTTP on 127.0.0.1, no IMS, and
// HTTP Basic sign-in (admin:admin unless told otherwise) or, with requireSignIn off, anonymous
// reads. Answers the few paths the AEM emulator answers (currentuser.json, /__sandbox/echo,
// /__sandbox/status/N, /content/*.json). For tests and `aemtoken sandbox --local-port`.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTcpServer>

namespace aem::sandbox {

class LocalAem : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        quint16 port = 0; // 0: any free port
        QString user = QStringLiteral("admin");
        QByteArray password = "admin";
        bool requireSignIn = true; // false: anonymous requests are answered as "anonymous"
    };

    explicit LocalAem(QObject* parent = nullptr);
    ~LocalAem() override;

    bool start(const Options& options, QString* error);
    quint16 port() const;
    QString baseUrl() const; // http://127.0.0.1:<port>
    // Requests that came with an Authorization header starting "Bearer " (must stay 0).
    int bearerRequests() const { return m_bearer; }
    // Requests answered so far.
    int requests() const { return m_requests; }
    // The Authorization header of the last request (empty when it had none).
    QByteArray lastAuthorization() const { return m_lastAuthorization; }

private:
    class Server;
    Server* m_server = nullptr;
    Options m_options;
    int m_bearer = 0;
    int m_requests = 0;
    QByteArray m_lastAuthorization;
};

} // namespace aem::sandbox
