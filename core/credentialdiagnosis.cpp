// SPDX-License-Identifier: Apache-2.0
#include "credentialdiagnosis.h"

#include "aemrequest.h"
#include "clock.h"
#include "countdown.h"
#include "credentialcheck.h"
#include "credentialsource.h"
#include "environment.h"
#include "imsclient.h"
#include "network.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::CredentialDiagnosis)
};

constexpr qint64 kMaxAemBody = 256 * 1024; // currentuser.json is a few hundred bytes

const QStringList kImsSteps {QStringLiteral("ims_dns"), QStringLiteral("ims_tls"), QStringLiteral("ims_exchange")};
const QStringList kAemSteps {QStringLiteral("aem_author"), QStringLiteral("aem_user"), QStringLiteral("aem_read")};

// The proxy a connection to `url` takes (none: a NoProxy proxy).
QNetworkProxy proxyFor(const QUrl& url)
{
    const QList<QNetworkProxy> l = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    return l.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : l.first();
}

bool usesProxy(const QNetworkProxy& p)
{
    return p.type() == QNetworkProxy::HttpProxy || p.type() == QNetworkProxy::Socks5Proxy;
}

QString proxyName(const QNetworkProxy& p)
{
    return p.hostName() + QLatin1Char(':') + QString::number(p.port());
}

QString reimportAction(const CredentialRecord& r)
{
    return Tr::tr("import a fresh copy from the Developer Console: aemtoken import FILE --name %1")
        .arg(shellWord(r.name));
}
} // namespace

QString diagnosisStatusId(DiagnosisStep::Status s)
{
    switch (s) {
    case DiagnosisStep::Ok: return QStringLiteral("ok");
    case DiagnosisStep::Warning: return QStringLiteral("warning");
    case DiagnosisStep::Failed: return QStringLiteral("failed");
    case DiagnosisStep::Skipped: break;
    }
    return QStringLiteral("skipped");
}

CredentialDiagnosis::CredentialDiagnosis(Deps deps, QObject* parent) : QObject(parent), m_deps(std::move(deps))
{
}

CredentialDiagnosis::~CredentialDiagnosis() = default;

void CredentialDiagnosis::add(const QString& code, DiagnosisStep::Status s, const QString& message,
                              const QString& action)
{
    m_steps.append(DiagnosisStep {code, s, message, action});
    Q_EMIT stepFinished(m_steps.last());
}

void CredentialDiagnosis::skipRest(const QStringList& codes, const QString& why)
{
    for (const QString& code : codes)
        if (std::none_of(m_steps.cbegin(), m_steps.cend(), [&](const DiagnosisStep& s) { return s.code == code; }))
            add(code, DiagnosisStep::Skipped, why);
}

void CredentialDiagnosis::run(const CredentialRecord& record, std::function<void(const QList<DiagnosisStep>&)> done)
{
    m_record = record;
    m_done = std::move(done);
    const QUrl ims(QStringLiteral("https://") + record.imsEndpoint);
    m_imsHost = ims.host();
    m_imsPort = ims.port(443);
    if (record.kind == CredentialKind::Local) {
        // No IMS and no token: what can be checked is AEM itself (aemtoken request NAME /path).
        add(QStringLiteral("local_target"), DiagnosisStep::Ok,
            Tr::tr("a local AEM target at %1: no IMS, no token").arg(record.environment.author.toString()));
        skipRest(
            kImsSteps + kAemSteps,
            Tr::tr("a local AEM target; try: aemtoken request %1 %2").arg(shellWord(record.name), currentUserPath()));
        return finish();
    }
    m_deps.source.readSecrets(record, this, [this](std::optional<CredentialSecrets> s, const SourceError& failure) {
        const QString& error = failure.message;
        const bool local = m_record.kind == CredentialKind::LocalDev;
        const QString code = local ? QStringLiteral("token_readable") : QStringLiteral("secrets_readable");
        if (!s) {
            add(code, DiagnosisStep::Failed, Tr::tr("the secrets cannot be read from the keychain: %1").arg(error),
                Tr::tr("unlock the keychain, or %1").arg(reimportAction(m_record)));
            const QString why = Tr::tr("the secrets could not be read");
            skipRest(local ? QStringList {QStringLiteral("token_valid")}
                         : m_record.kind == CredentialKind::OAuth
                         ? QStringList {QStringLiteral("client_secret")}
                         : QStringList {QStringLiteral("key_matches_certificate"), QStringLiteral("certificate_valid")},
                     why);
            skipRest(local ? kAemSteps : kImsSteps + kAemSteps, why);
            return finish();
        }
        onSecrets(&*s);
        s->wipe();
    });
}

void CredentialDiagnosis::onSecrets(CredentialSecrets* secrets)
{
    const ParseResult checked = checkStoredCredential(m_record, *secrets, m_deps.clock);
    auto problem = [&](std::initializer_list<const char*> codes) -> const Problem* {
        for (const Problem& p : checked.problems)
            for (const char* c : codes)
                if (p.code == QLatin1String(c))
                    return &p;
        return nullptr;
    };
    const QDateTime now = m_deps.clock.now();
    bool blocked = false;
    switch (m_record.kind) {
    case CredentialKind::Service: {
        add(QStringLiteral("secrets_readable"), DiagnosisStep::Ok,
            Tr::tr("the private key and client secret are in the keychain"));
        if (const Problem* p = problem(
                {"missing_field", "invalid_private_key", "key_not_rsa", "invalid_certificate", "key_mismatch"})) {
            add(QStringLiteral("key_matches_certificate"), DiagnosisStep::Failed, p->toString(),
                Tr::tr("a certificate and its key belong together: %1").arg(reimportAction(m_record)));
            add(QStringLiteral("certificate_valid"), DiagnosisStep::Skipped, Tr::tr("no usable certificate"));
            blocked = true;
            break;
        }
        add(QStringLiteral("key_matches_certificate"), DiagnosisStep::Ok,
            Tr::tr("the private key matches the certificate (SHA-256 %1)")
                .arg(m_record.certificateFingerprint.left(23)));
        const QDateTime notAfter = m_record.certificateNotAfter;
        const qint64 days = now.daysTo(notAfter);
        const QString addCertificate =
            Tr::tr("add a new certificate in the Developer Console, then import the new JSON");
        if (const Problem* p = problem({"certificate_expired", "certificate_not_yet_valid"})) {
            add(QStringLiteral("certificate_valid"), DiagnosisStep::Failed, p->toString(), addCertificate);
            blocked = true;
        } else if (problem({"certificate_expiring"})) {
            add(QStringLiteral("certificate_valid"), DiagnosisStep::Warning,
                Tr::tr("the certificate expires in %1, on %2").arg(formatDays(days), isoUtcSeconds(notAfter)),
                addCertificate);
        } else {
            add(QStringLiteral("certificate_valid"), DiagnosisStep::Ok,
                Tr::tr("the certificate is valid for %1, until %2").arg(formatDays(days), isoUtcSeconds(notAfter)));
        }
        break;
    }
    case CredentialKind::OAuth:
        add(QStringLiteral("secrets_readable"), DiagnosisStep::Ok, Tr::tr("the client secrets are in the keychain"));
        if (secrets->clientSecrets.isEmpty()) {
            add(QStringLiteral("client_secret"), DiagnosisStep::Failed, Tr::tr("no client secret is stored"),
                reimportAction(m_record));
            blocked = true;
        } else {
            add(QStringLiteral("client_secret"), DiagnosisStep::Ok,
                Tr::tr("%n client secret(s), tried in order", nullptr, int(secrets->clientSecrets.size())));
        }
        break;
    case CredentialKind::LocalDev: {
        const QString download =
            Tr::tr("download a new local development token from the Developer Console and import it");
        if (const Problem* p = problem({"token_malformed"})) {
            add(QStringLiteral("token_readable"), DiagnosisStep::Failed, p->toString(), download);
            add(QStringLiteral("token_valid"), DiagnosisStep::Skipped, Tr::tr("no usable token"));
            skipRest(kAemSteps, Tr::tr("no usable token"));
            return finish();
        }
        add(QStringLiteral("token_readable"), DiagnosisStep::Ok, Tr::tr("the token is in the keychain"));
        const QDateTime expires = m_record.localTokenExpiresAt;
        if (expires.isValid() && expires <= now) {
            add(QStringLiteral("token_valid"), DiagnosisStep::Failed,
                Tr::tr("the token expired at %1").arg(isoUtcSeconds(expires)), download);
            skipRest(kAemSteps, Tr::tr("the token expired"));
            return finish();
        }
        if (!expires.isValid())
            add(QStringLiteral("token_valid"), DiagnosisStep::Warning, Tr::tr("the token's expiry is unknown"));
        else
            add(QStringLiteral("token_valid"), DiagnosisStep::Ok,
                Tr::tr("the token is valid for %1").arg(formatDuration(now.msecsTo(expires))));
        return exchange();
    }
    case CredentialKind::Local: break; // handled in run()
    }
    if (blocked) {
        skipRest(kImsSteps + kAemSteps, Tr::tr("the credential cannot sign in as it is"));
        return finish();
    }
    lookUpIms();
}

void CredentialDiagnosis::lookUpIms()
{
    const QUrl url(QStringLiteral("https://%1:%2/").arg(m_imsHost).arg(m_imsPort));
    const QNetworkProxy proxy = proxyFor(url);
    if (usesProxy(proxy)) {
        // The proxy looks the name up: nothing to learn from the local resolver.
        add(QStringLiteral("ims_dns"), DiagnosisStep::Ok,
            Tr::tr("IMS host %1 is reached through the proxy %2, which looks its name up")
                .arg(m_imsHost, proxyName(proxy)));
        return probeTls();
    }
    // The resolver has no timeout of its own: a silent DNS server is reported, not waited for.
    auto* timeout = new QTimer(this);
    timeout->setSingleShot(true);
    timeout->start(m_deps.timeoutMs); // before the lookup, which may answer at once
    auto id = std::make_shared<int>(-1);
    *id = QHostInfo::lookupHost(m_imsHost, this, [this, timeout = QPointer<QTimer>(timeout)](const QHostInfo& info) {
        if (!timeout || !timeout->isActive())
            return; // reported already
        timeout->stop();
        timeout->deleteLater();
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            add(QStringLiteral("ims_dns"), DiagnosisStep::Failed,
                Tr::tr("IMS host %1 does not resolve: %2").arg(m_imsHost, info.errorString()),
                Tr::tr("check the network and DNS, or the IMS endpoint of the credential (aemtoken check %1); behind "
                       "a proxy, set https_proxy")
                    .arg(shellWord(m_record.name)));
            skipRest(kImsSteps + kAemSteps, Tr::tr("IMS cannot be reached"));
            return finish();
        }
        add(QStringLiteral("ims_dns"), DiagnosisStep::Ok,
            Tr::tr("IMS host %1 resolves (%n address(es))", nullptr, int(info.addresses().size())).arg(m_imsHost));
        probeTls();
    });
    connect(timeout, &QTimer::timeout, this, [this, timeout, id] {
        QHostInfo::abortHostLookup(*id);
        timeout->deleteLater();
        add(QStringLiteral("ims_dns"), DiagnosisStep::Failed,
            Tr::tr("IMS host %1 did not resolve within %2 s").arg(m_imsHost).arg(m_deps.timeoutMs / 1000.0),
            Tr::tr("check the network and DNS; behind a proxy, set https_proxy"));
        skipRest(kImsSteps + kAemSteps, Tr::tr("IMS cannot be reached"));
        finish();
    });
}

void CredentialDiagnosis::probeTls()
{
    if (m_deps.beforeConnect)
        m_deps.beforeConnect();
    const QUrl url(QStringLiteral("https://%1:%2/").arg(m_imsHost).arg(m_imsPort));
    const QNetworkProxy proxy = proxyFor(url);
    QNetworkRequest req(url);
    req.setTransferTimeout(m_deps.timeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_deps.nam->head(req);
    reply->setParent(this);
    auto sslErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, this, [sslErrors](const QList<QSslError>& errors) {
        for (const QSslError& e : errors)
            *sslErrors << e.errorString();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, sslErrors, proxy] {
        reply->deleteLater();
        const QString via = usesProxy(proxy) ? Tr::tr(" through the proxy %1").arg(proxyName(proxy)) : QString();
        const bool answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
        if (answered) {
            add(QStringLiteral("ims_tls"), DiagnosisStep::Ok, Tr::tr("TLS to %1 verifies%2").arg(m_imsHost, via));
            return exchange();
        }
        QString message, action;
        switch (reply->error()) {
        case QNetworkReply::SslHandshakeFailedError:
            message = Tr::tr("TLS to %1%2 does not verify: %3")
                          .arg(m_imsHost, via,
                               sslErrors->isEmpty() ? reply->errorString() : sslErrors->join(QStringLiteral("; ")));
            action = Tr::tr("a proxy or firewall that inspects TLS presents its own certificate: pass its CA with "
                            "--ca-file PEM (or AEMTOKEN_CA_FILE)");
            break;
        case QNetworkReply::ConnectionRefusedError:
            message = Tr::tr("%1 port %2 refused the connection").arg(m_imsHost).arg(m_imsPort);
            action = Tr::tr("a firewall blocks outgoing HTTPS, or the IMS endpoint is wrong; behind a proxy, set "
                            "https_proxy");
            break;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            message = Tr::tr("%1 did not answer within %2 s%3").arg(m_imsHost).arg(m_deps.timeoutMs / 1000.0).arg(via);
            action = Tr::tr("check the network and the proxy; --timeout SECONDS waits longer");
            break;
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
            message = Tr::tr("the proxy %1 failed: %2").arg(proxyName(proxy), reply->errorString());
            action = Tr::tr("check the proxy address (https_proxy or the system settings)");
            break;
        case QNetworkReply::ProxyAuthenticationRequiredError:
            message = Tr::tr("the proxy %1 wants a sign-in").arg(proxyName(proxy));
            action = explainProxyAuthentication(reply->errorString());
            break;
        default:
            message = Tr::tr("cannot connect to %1%2: %3").arg(m_imsHost, via, reply->errorString());
            action = Tr::tr("check the network and the proxy (https_proxy)");
            break;
        }
        add(QStringLiteral("ims_tls"), DiagnosisStep::Failed, message, action);
        skipRest(kImsSteps + kAemSteps, Tr::tr("IMS cannot be reached"));
        finish();
    });
}

void CredentialDiagnosis::exchange()
{
    if (m_deps.beforeConnect)
        m_deps.beforeConnect();
    m_deps.tokens.token(m_record.id, false, this, [this](const TokenResult& t) { onToken(t); });
}

void CredentialDiagnosis::onToken(const TokenResult& t)
{
    const bool local = m_record.kind == CredentialKind::LocalDev;
    if (!t.ok) {
        if (local) {
            add(QStringLiteral("aem_author"), DiagnosisStep::Failed, t.error);
            skipRest(kAemSteps, Tr::tr("no token"));
            return finish();
        }
        QString action = Tr::tr("try again later: aemtoken token %1 --fresh").arg(shellWord(m_record.name));
        if (t.imsError && t.imsError->kind == ImsError::Http && t.imsError->httpStatus >= 400
            && t.imsError->httpStatus < 500 && t.imsError->httpStatus != 429)
            action = reimportAction(m_record);
        else if (t.imsError && t.imsError->kind == ImsError::Tls)
            action = Tr::tr("pass the CA of the proxy with --ca-file PEM");
        add(QStringLiteral("ims_exchange"), DiagnosisStep::Failed, t.error, action);
        skipRest(kAemSteps, Tr::tr("no token"));
        return finish();
    }
    if (!local) {
        const QString left = formatDuration(m_deps.clock.now().msecsTo(t.expiresAt));
        add(QStringLiteral("ims_exchange"), DiagnosisStep::Ok,
            t.fromCache ? Tr::tr("the cached token is still valid for %1 (not minted again)").arg(left)
                        : Tr::tr("IMS issued a token, valid for %1").arg(left));
    }
    askAem(t.accessToken);
}

void CredentialDiagnosis::askAem(const QByteArray& token)
{
    if (m_record.environment.author.isEmpty()) {
        add(QStringLiteral("aem_author"), DiagnosisStep::Failed, Tr::tr("the credential has no AEM author URL"),
            Tr::tr("aemtoken set %1 --author URL").arg(shellWord(m_record.name)));
        skipRest(kAemSteps, Tr::tr("no AEM author URL"));
        return finish();
    }
    QString error;
    AemRequestSpec spec;
    spec.url = resolveAemTarget(m_record, currentUserPath(), {}, &error);
    spec.timeoutMs = m_deps.timeoutMs;
    if (!spec.url.isValid()) {
        add(QStringLiteral("aem_author"), DiagnosisStep::Failed, error,
            Tr::tr("aemtoken set %1 --author URL").arg(shellWord(m_record.name)));
        skipRest(kAemSteps, Tr::tr("no usable AEM author URL"));
        return finish();
    }
    auto* req = new AemRequest(m_deps.nam, spec, token, this);
    auto body = std::make_shared<QByteArray>();
    connect(req, &AemRequest::dataReceived, this, [body](const QByteArray& chunk) {
        if (body->size() < kMaxAemBody)
            body->append(chunk.left(kMaxAemBody - body->size()));
    });
    connect(req, &AemRequest::finished, this, [this, req, body, token] {
        req->deleteLater();
        const QString host = m_record.environment.author.host();
        if (!req->answer().error.isEmpty()) {
            add(QStringLiteral("aem_author"), DiagnosisStep::Failed,
                Tr::tr("AEM author %1 does not answer: %2").arg(host, req->answer().error),
                Tr::tr("check the author URL (aemtoken set %1 --author URL), the network and the proxy")
                    .arg(shellWord(m_record.name)));
            skipRest(kAemSteps, Tr::tr("AEM does not answer"));
            return finish();
        }
        const int status = req->answer().status;
        if (status < 200 || status > 299) {
            add(QStringLiteral("aem_author"), DiagnosisStep::Failed,
                Tr::tr("AEM author %1 answers, but: %2").arg(host, explainAemStatus(status, m_record)),
                status == 401 ? Tr::tr("check that the credential belongs to this environment's author, then try "
                                       "aemtoken token %1 --fresh")
                                    .arg(shellWord(m_record.name))
                              : QString());
            skipRest(kAemSteps, Tr::tr("AEM refused the token"));
            return finish();
        }
        add(QStringLiteral("aem_author"), DiagnosisStep::Ok,
            Tr::tr("AEM author %1 answers (HTTP %2 in %3 ms)").arg(host).arg(status).arg(req->answer().elapsedMs));
        const QJsonObject me = QJsonDocument::fromJson(*body).object();
        const QString user = me.value(QLatin1String("authorizableId")).toString();
        if (user.isEmpty() || user == QLatin1String("anonymous")) {
            add(QStringLiteral("aem_user"), DiagnosisStep::Failed,
                user.isEmpty()
                    ? Tr::tr("AEM did not say who the token is (no authorizableId in %1)").arg(currentUserPath())
                    : Tr::tr("AEM treats the token as anonymous"),
                Tr::tr("the author URL may point at something else than AEM: aemtoken set %1 --author URL")
                    .arg(shellWord(m_record.name)));
            skipRest(kAemSteps, Tr::tr("AEM does not know the user"));
            return finish();
        }
        add(QStringLiteral("aem_user"), DiagnosisStep::Ok, Tr::tr("AEM says you are %1").arg(user));
        readContent(token, user);
    });
    req->start();
}

void CredentialDiagnosis::readContent(const QByteArray& token, const QString& user)
{
    QString error;
    AemRequestSpec spec;
    spec.url = resolveAemTarget(m_record, diagnosisReadPath(), {}, &error);
    spec.timeoutMs = m_deps.timeoutMs;
    auto* req = new AemRequest(m_deps.nam, spec, token, this);
    connect(req, &AemRequest::finished, this, [this, req, user] {
        req->deleteLater();
        const QString path = diagnosisReadPath().chopped(5); // without ".json"
        const int status = req->answer().status;
        const QString grant =
            Tr::tr("an AEM administrator grants %1 read access to %2 (a group in the User Administration)")
                .arg(user, path);
        if (!req->answer().error.isEmpty())
            add(QStringLiteral("aem_read"), DiagnosisStep::Failed,
                Tr::tr("reading %1 failed: %2").arg(path, req->answer().error));
        else if (status >= 200 && status <= 299)
            add(QStringLiteral("aem_read"), DiagnosisStep::Ok, Tr::tr("%1 may read %2").arg(user, path));
        else if (status == 404)
            // AEM hides what a user may not read: 404, not 403.
            add(QStringLiteral("aem_read"), DiagnosisStep::Warning,
                Tr::tr("%1 cannot see %2 (404: missing, or not readable by this user)").arg(user, path), grant);
        else if (status == 403)
            add(QStringLiteral("aem_read"), DiagnosisStep::Failed, Tr::tr("%1 may not read %2 (403)").arg(user, path),
                grant);
        else
            add(QStringLiteral("aem_read"), DiagnosisStep::Failed,
                Tr::tr("reading %1: %2").arg(path, explainAemStatus(status, m_record)));
        finish();
    });
    req->start();
}

void CredentialDiagnosis::finish()
{
    if (m_done) {
        auto done = std::move(m_done);
        m_done = nullptr;
        done(m_steps);
    }
}

} // namespace aem
