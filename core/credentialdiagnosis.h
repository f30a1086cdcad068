// SPDX-License-Identifier: Apache-2.0
#pragma once

// `aemtoken doctor NAME`: the whole chain from a stored credential to an AEM read, one step at
// a time — the secrets readable, the key and certificate (or the client secret, or the local
// development token), the IMS host's name, TLS to IMS through the proxy and CAs in use, the
// exchange, the AEM author, who AEM says the token is, and one read. Each step ends ok, warning,
// failed or skipped (a step it needs failed), with one line and, when something is to be done,
// what. Steps run one after the other, asynchronously; nothing secret reaches a message.

#include "credentialrecord.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QNetworkAccessManager;

namespace aem {

class Clock;
class CredentialSource;
class TokenService;
struct CredentialSecrets;
struct TokenResult;

struct DiagnosisStep
{
    enum Status { Ok, Warning, Failed, Skipped };
    // Stable, for --json: "secrets_readable", "key_matches_certificate", "certificate_valid",
    // "client_secret", "token_readable", "token_valid", "ims_dns", "ims_tls", "ims_exchange",
    // "aem_author", "aem_user", "aem_read".
    QString code;
    Status status = Ok;
    QString message; // one line
    QString action; // what to do; empty when nothing is
};

// "ok", "warning", "failed", "skipped".
QString diagnosisStatusId(DiagnosisStep::Status s);

// The AEM read the last step tries: a folder every environment has.
inline QString diagnosisReadPath()
{
    return QStringLiteral("/content/dam.json");
}

class CredentialDiagnosis : public QObject
{
    Q_OBJECT
public:
    struct Deps
    {
        CredentialSource& source;
        TokenService& tokens;
        QNetworkAccessManager* nam;
        const Clock& clock;
        int timeoutMs = 30000; // per network step
        std::function<void()> beforeConnect; // trusts the CA file before the first connection
    };

    CredentialDiagnosis(Deps deps, QObject* parent = nullptr);
    ~CredentialDiagnosis() override;

    // Runs every step for `record`; `done` gets them all, in order. Once per object.
    void run(const CredentialRecord& record, std::function<void(const QList<DiagnosisStep>&)> done);

Q_SIGNALS:
    void stepFinished(const aem::DiagnosisStep& step);

private:
    void add(const QString& code, DiagnosisStep::Status s, const QString& message, const QString& action = {});
    // Skips every step from `codes` that is still to come, saying why.
    void skipRest(const QStringList& codes, const QString& why);
    void onSecrets(CredentialSecrets* secrets);
    void lookUpIms();
    void probeTls();
    void exchange();
    void onToken(const TokenResult& t);
    void askAem(const QByteArray& token);
    void readContent(const QByteArray& token, const QString& user);
    void finish();

    Deps m_deps;
    CredentialRecord m_record;
    QString m_imsHost;
    int m_imsPort = 443;
    QList<DiagnosisStep> m_steps;
    std::function<void(const QList<DiagnosisStep>&)> m_done;
};

} // namespace aem
