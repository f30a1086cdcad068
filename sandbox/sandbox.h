// SPDX-License-Identifier: Apache-2.0
#pragma once

// The built-in emulator of Adobe IMS and an AEM author tier, over real HTTPS on 127.0.0.1.
// IMS checks JWT signatures and claims as the real one does and answers with its error shapes;
// the AEM tier checks bearer tokens. Its state (keys, registered integrations) lives in a
// directory so that a restarted sandbox still accepts what it issued.

#include "crypto.h"
#include "httpserver.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <optional>

namespace aem::sandbox {

struct Integration
{
    QString clientId;
    QString clientSecret;
    QString org;
    QString technicalAccountId;
    QString email;
    QStringList metascopes;
    QList<QByteArray> certificates; // PEM; any of them may sign
    bool oauth = false; // OAuth Server-to-Server: secrets below, scopes in metascopes
    QStringList oauthSecrets;

    QJsonObject toJson() const;
    static Integration fromJson(const QJsonObject& o);
};

class Sandbox : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dir; // state and the files written for clients
        quint16 port = 0; // 0: the port saved in dir, else any free port
        int program = 1234;
        int environment = 5678;
    };

    explicit Sandbox(QObject* parent = nullptr);
    ~Sandbox() override;

    // Creates or loads the state, writes ca.pem, service-credentials.json and
    // local-dev-token.json into dir, and listens on 127.0.0.1.
    bool start(const Options& options, QString* error);

    quint16 port() const;
    QString baseUrl() const; // https://127.0.0.1:<port>
    QString imsEndpoint() const; // 127.0.0.1:<port>
    QString caFile() const;

    // A new service-credentials JSON registered with this sandbox (Developer Console format).
    struct NewCredentialSpec
    {
        int program = 0; // 0: the tier's own
        int environment = 0;
        bool expiredCertificate = false;
        bool pkcs8 = false;
        int validDays = 365; // of the new certificate
        QString rotateClientId; // "Add certificate": a new key and certificate for this integration
        bool revokeOthers = false; // with rotateClientId: the old certificates stop working
    };
    QByteArray createServiceCredentials(const NewCredentialSpec& spec);
    QByteArray createLocalDevToken(qint64 lifetimeMs);
    // OAuth Server-to-Server credentials in the fields Adobe's tools use. With `staleFirst`, the
    // first listed secret is one IMS no longer accepts (a rotation in progress).
    QByteArray createOAuthCredentials(bool staleFirst = false);

    // Fault injection: the next `count` IMS calls answer `status` (with Retry-After if > 0),
    // or are delayed by `delayMs`.
    void failNextExchanges(int count, int status, int retryAfterSecs);
    void delayNextExchanges(int count, int delayMs);

    // Permissions: reads under /content answer `status` from now on (404 as AEM answers a user who
    // may not read a resource, 403 as a dispatcher filter does; 0 lets every user read again).
    void denyContentReads(int status) { m_contentReadStatus = status; }

    int exchangeCount() const { return m_exchanges; }
    // Requests that reached the AEM emulator (anything but IMS and /__sandbox/control/), and
    // those of them that were not GET, HEAD or OPTIONS: a client's "nothing was sent" shows here.
    int aemRequestCount() const { return m_aemRequests; }
    int aemWriteCount() const { return m_aemWrites; }

    // A hostile AEM: GET `path` (without its query) answers `body` from now on, after the bearer
    // check (an empty body forgets it); for the tools' answers that no real AEM sends.
    void cannedAemAnswer(const QString& path, int status, const QByteArray& contentType, const QByteArray& body,
                         const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        if (body.isEmpty())
            m_canned.remove(path);
        else
            m_canned.insert(path, {status, contentType, body, headers});
    }
    // The query of the last request answered from cannedAemAnswer() (decoded).
    QString lastCannedQuery() const { return m_lastCannedQuery; }

private:
    void handle(const HttpRequest& req, HttpResponder res);
    void handleExchange(const HttpRequest& req, HttpResponder res);
    void handleControl(const HttpRequest& req, HttpResponder res);
    void handleValidate(const HttpRequest& req, HttpResponder res);
    void handleClientCredentials(const HttpRequest& req, HttpResponder res); // /ims/token/v3 and /v2
    void handleInvalidate(const HttpRequest& req, HttpResponder res);
    // The claims of a token this sandbox issued and still honours, else nullopt and a reason.
    std::optional<QJsonObject> verifiedClaims(const QByteArray& token, QString* reason) const;
    void handleAem(const HttpRequest& req, HttpResponder res);
    QByteArray issueToken(const QString& clientId, const QString& userId, qint64 lifetimeMs, const QString& scope,
                          qint64 backdateMs = 0);
    bool saveState(QString* error) const;
    QString path(const QString& name) const;

    Options m_options;
    HttpServer m_server;
    std::optional<PrivateKey> m_imsKey;
    std::optional<Certificate> m_imsCert;
    QHash<QString, Integration> m_integrations; // by client id
    QHash<QString, QString> m_localDevUsers; // user id -> email
    int m_exchanges = 0;
    int m_aemRequests = 0;
    int m_aemWrites = 0;
    int m_failCount = 0;
    int m_failStatus = 503;
    int m_failRetryAfter = 0;
    int m_delayCount = 0;
    int m_delayMs = 0;
    struct Canned
    {
        int status = 200;
        QByteArray contentType;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    QHash<QString, Canned> m_canned;
    QString m_lastCannedQuery;
    QString m_hostileMode;
    int m_hostileCount = 0;
    qint64 m_hostileBytes = 0;
    QSet<QByteArray> m_revoked;
    int m_contentReadStatus = 0;
};

} // namespace aem::sandbox
