// SPDX-License-Identifier: Apache-2.0
#include "requesttestercontroller.h"

#include "aemsession.h"
#include "credentialname.h"
#include "credentialstore.h"
#include "curlcommand.h"
#include "environment.h"
#include "envtype.h"
#include "httpsyntax.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QLocale>

namespace aem::ui {

namespace {
// The tester's words, in the tester's translation context whichever class says them.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};
} // namespace

QList<RequestTesterController::Preset> RequestTesterController::presets()
{
    return {{Tr::tr("Who am I (current user)"), currentUserPath()},
            {Tr::tr("Session info"), QStringLiteral("/system/sling/info.sessionInfo.json")},
            {Tr::tr("DAM root"), QStringLiteral("/content/dam.json")},
            {Tr::tr("Assets HTTP API"), QStringLiteral("/api/assets.json")},
            {Tr::tr("GraphQL endpoints"), QStringLiteral("/content/_cq_graphql.2.json")},
            {Tr::tr("Persisted queries"), QStringLiteral("/graphql/list.json")}};
}

QString RequestTesterController::humanSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString RequestTesterController::noBodyReason(const QString& method)
{
    const QByteArray m = method.trimmed().toUpper().toLatin1();
    if (methodTakesBody(m))
        return {};
    if (m == "DELETE")
        return Tr::tr("A DELETE request is sent without a body: AEM ignores one. Choose POST, PUT or PATCH to send "
                      "this body.");
    return Tr::tr("A %1 request has no body: what is here is kept but not sent. Choose POST, PUT or PATCH to send it.")
        .arg(QString::fromLatin1(m.left(20)));
}

RequestTesterController::RequestTesterController(CredentialStore& store, TokenService& tokens,
                                                 QNetworkAccessManager& nam, RequestHistory& history, QObject* parent)
    : QObject(parent), m_store(store), m_tokens(tokens), m_nam(nam), m_history(history)
{
    // Bodies are buffered and prepared for display on their own thread.
    m_sink = new ResponseSink(64 * 1024);
    m_sink->moveToThread(&m_sinkThread);
    connect(&m_sinkThread, &QThread::finished, m_sink, &QObject::deleteLater);
    connect(m_sink, &ResponseSink::ready, this, [this](const ResponsePreview& p) {
        m_preview = p;
        Q_EMIT previewReady(p);
    });
    connect(m_sink, &ResponseSink::saved, this, [this](const QString& path, const QString& error) {
        if (!error.isEmpty())
            explain(error);
        Q_EMIT responseSaved(path, error);
    });
    m_sinkThread.start();
}

RequestTesterController::~RequestTesterController()
{
    if (m_session) {
        // A request on its way ends in the history as cancelled, without telling a window that
        // is going away; a mint in progress is left to finish for its other waiters.
        m_session->disconnect(this);
        if (m_session->wasSent())
            m_session->abort();
        delete m_session;
    }
    m_sinkThread.quit();
    m_sinkThread.wait();
}

QStringList RequestTesterController::credentialNames() const
{
    QStringList names;
    for (const CredentialRecord& r : m_store.records())
        names.append(r.name);
    return names;
}

std::optional<HistoryEntry> RequestTesterController::historyEntry(int row) const
{
    if (row < 0 || row >= m_history.entries().size())
        return std::nullopt;
    return m_history.entries()[row];
}

std::optional<AemRequestSpec> RequestTesterController::buildSpec(const RequestDraft& draft, QString* error,
                                                                 QString* foreignHost) const
{
    const auto rec = m_store.find(m_credential);
    if (!rec) {
        *error = Tr::tr("Choose a credential first.");
        return std::nullopt;
    }
    QString target = draft.pathOrUrl.trimmed();
    if (target.isEmpty()) {
        *error = Tr::tr("Enter a path such as /content/dam.json, or a full URL.");
        return std::nullopt;
    }
    if (target.startsWith(QLatin1Char('/'))) {
        const QUrl bases[] = {rec->environment.author, rec->environment.publish, rec->environment.preview};
        const QString names[] = {Tr::tr("Author"), Tr::tr("Publish"), Tr::tr("Preview")};
        const int t = std::clamp(int(m_target), 0, 2);
        if (bases[t].isEmpty()) {
            *error = Tr::tr("%1 has no %2 URL: set it in the credential's details.").arg(rec->name, names[t].toLower());
            return std::nullopt;
        }
        target = bases[t].toString() + target;
    }
    if (!draft.params.isEmpty())
        target = withQuery(target, draft.params);
    QUrl url(target, QUrl::StrictMode);
    QString why;
    const QUrl resolved = resolveAemTarget(*rec, url.toString(QUrl::FullyEncoded),
                                           QStringList(m_allowedHosts.cbegin(), m_allowedHosts.cend()), &why);
    if (!resolved.isValid()) {
        // A valid https URL to a host that is not the credential's: the user may allow it.
        // (Never for a local target's password: resolveAemTarget refuses it any other host.)
        if (url.isValid() && url.scheme() == QLatin1String("https") && !rec->environment.ownsUrl(url)
            && !(rec->kind == CredentialKind::Local && !rec->basicUser.isEmpty()))
            *foreignHost = url.host();
        *error = why;
        return std::nullopt;
    }
    AemRequestSpec spec;
    spec.timeoutMs = 120000; // of silence; a large answer that keeps flowing is never cut
    spec.method = draft.method.trimmed().toUpper().toLatin1();
    if (!isHttpToken(spec.method)) {
        *error = Tr::tr("The method must be a single word such as GET or POST.");
        return std::nullopt;
    }
    spec.url = resolved;
    for (const auto& [k, v] : draft.headers) {
        // A CR or LF in a value would start a header of its own (a second Authorization).
        const QByteArray name = k.toLatin1(), value = v.toUtf8();
        if (!isHttpToken(name)) {
            *error = Tr::tr("The header name \"%1\" is not valid: use letters, digits and - only.").arg(k.left(60));
            return std::nullopt;
        }
        if (!isHttpHeaderValue(value)) {
            *error = Tr::tr("The value of the header %1 contains a line break or a control character.").arg(k.left(60));
            return std::nullopt;
        }
        spec.headers.append({name, value});
    }
    // A body only for a method that carries one; what the editor holds otherwise stays there.
    if (methodTakesBody(spec.method)) {
        if (draft.bodyKind == BodyKind::File) {
            if (!readCollectionBody(draft, &spec, error))
                return std::nullopt;
            const QString problem = spec.bodyFromFile.isEmpty() ? checkBodyFile(draft.bodyFile) : QString();
            if (!problem.isEmpty()) {
                *error = problem;
                return std::nullopt;
            }
            if (spec.bodyFromFile.isEmpty())
                spec.bodyFile = draft.bodyFile;
        } else {
            spec.body = draft.body.toUtf8();
        }
        if ((!spec.body.isEmpty() || !spec.bodyFile.isEmpty()) && !hasHeader(spec.headers, "Content-Type"))
            spec.headers.append({"Content-Type", contentTypeFor(draft.bodyKind, draft.bodyFile)});
    }
    return spec;
}

std::optional<RequestTesterController::Rerun> RequestTesterController::rerunOf(int row)
{
    const auto e = historyEntry(row);
    if (!e) {
        explain(Tr::tr("That history entry is gone."));
        return std::nullopt;
    }
    // By id first: a credential renamed since is still the one the request went out for.
    std::optional<CredentialRecord> rec;
    for (const CredentialRecord& r : m_store.records())
        if (!e->credentialId.isEmpty() && r.id == e->credentialId)
            rec = r;
    if (!rec)
        rec = m_store.find(e->credential);
    if (!rec) {
        explain(Tr::tr("The credential %1 of this request no longer exists.").arg(e->credential));
        return std::nullopt;
    }
    // Its own Authorization is not in the history: never the token in its place unasked.
    if (e->asWritten && (!m_prompts.rerunWithToken || !m_prompts.rerunWithToken(rec->name))) {
        explain(Tr::tr("Not re-run: this request was sent with its collection's own Authorization header, which the "
                       "history does not keep; open it from the collection again."));
        return std::nullopt;
    }
    Rerun r;
    r.credential = rec->name;
    r.draft.method = QString::fromLatin1(e->method);
    r.draft.pathOrUrl = e->url;
    // Back to the target it went to, when it went to one of the credential's own hosts.
    const QUrl bases[] = {rec->environment.author, rec->environment.publish, rec->environment.preview};
    for (int t = 0; t < 3; ++t) {
        const QString base = bases[t].toString();
        if (!base.isEmpty() && e->url.startsWith(base + QLatin1Char('/'))) {
            r.target = Target(t);
            r.draft.pathOrUrl = e->url.mid(base.size());
            break;
        }
    }
    QByteArray contentType;
    for (const auto& [k, v] : e->headers) {
        r.draft.headers.append({QString::fromLatin1(k), QString::fromUtf8(v)});
        if (k.compare("content-type", Qt::CaseInsensitive) == 0)
            contentType = v.toLower();
    }
    r.draft.bodyKind = contentType.contains("json")                  ? BodyKind::Json
        : contentType.contains("x-www-form-urlencoded")              ? BodyKind::Form
        : contentType.isEmpty() && e->body.trimmed().startsWith('{') ? BodyKind::Json
                                                                     : BodyKind::Text;
    r.draft.body = QString::fromUtf8(e->body);
    if (!e->bodyFile.isEmpty()) {
        r.draft.bodyKind = BodyKind::File;
        r.draft.bodyFile = e->bodyFile;
    }
    return r;
}

void RequestTesterController::sendValued(const RequestDraft& draft)
{
    if (m_origin && m_origin->ownAuthorization && carriesAuthorization(draft))
        return sendAsWritten(draft);
    QString error, foreign;
    auto spec = buildSpec(draft, &error, &foreign);
    if (!spec && !foreign.isEmpty()) {
        if (!m_prompts.sendToForeignHost || !m_prompts.sendToForeignHost(foreign, m_credential)) {
            explain(Tr::tr("Not sent: %1").arg(error));
            return;
        }
        m_allowedHosts.insert(foreign);
        spec = buildSpec(draft, &error, &foreign);
    }
    if (!spec) {
        explain(error);
        return;
    }
    const auto rec = m_store.find(m_credential);
    const QString method = QString::fromLatin1(spec->method);
    if (rec && needsProductionConfirmation(*rec, method)
        && (!m_prompts.sendToProduction
            || !m_prompts.sendToProduction(method, m_credential, rec->envType == EnvType::None))) {
        showStatus(Tr::tr("Not sent: %1 is a production credential and the %2 request was not confirmed.")
                       .arg(m_credential, method));
        return;
    }
    start(*spec);
}

void RequestTesterController::start(const AemRequestSpec& spec)
{
    m_lastSpec = spec;
    const auto rec = m_store.find(m_credential);
    auto* session = new AemSession(m_tokens, &m_nam, rec.value_or(CredentialRecord {}), spec, this);
    m_session = session;
    session->setHistory(&m_history);
    if (m_origin) {
        // A collection's secrets are recorded by name, never by value.
        QList<QPair<QByteArray, QByteArray>> redactions;
        for (const auto& [name, value] : m_origin->secrets)
            redactions.append({value.toUtf8(), QStringLiteral("{{%1}}").arg(name).toUtf8()});
        session->setHistoryRedactions(std::move(redactions));
    }
    session->setSink(m_sink);
    connect(session, &AemSession::tokenRequested, this, [this] {
        showStatus(Tr::tr("Getting the token…"));
        explain(QString());
    });
    connect(session, &AemSession::sending, this, [this] {
        m_expected = -1;
        showStatus(Tr::tr("Sending…"));
    });
    connect(session, &AemSession::headersReceived, this, &RequestTesterController::onHeaders);
    connect(session, &AemSession::dataReceived, this, &RequestTesterController::onData);
    connect(session, &AemSession::finished, this, &RequestTesterController::onFinished);
    setBusy(true);
    session->start();
}

void RequestTesterController::onHeaders()
{
    QString headerText =
        QStringLiteral("HTTP/1.1 %1 %2\n").arg(m_session->status()).arg(QString::fromLatin1(m_session->reason()));
    for (const auto& [k, v] : m_session->responseHeaders())
        headerText += QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v) + QLatin1Char('\n');
    const QByteArray length = m_session->responseHeader("content-length");
    m_expected = length.isEmpty() ? -1 : length.toLongLong();
    Q_EMIT responseHeadersChanged(headerText);
    showStatus(Tr::tr("%1 %2 — receiving…").arg(m_session->status()).arg(QString::fromLatin1(m_session->reason())));
    Q_EMIT progressShown(m_expected > 0);
    m_progressThrottle.start();
}

void RequestTesterController::onData()
{
    if (m_expected > 0 && m_progressThrottle.elapsed() > 100) {
        Q_EMIT progressChanged(int(m_session->bytesReceived() * 1000 / m_expected));
        m_progressThrottle.restart();
    }
}

void RequestTesterController::onFinished()
{
    AemSession* s = m_session;
    s->deleteLater();
    m_session = nullptr;
    if (s->isCancelled() && !s->wasSent()) {
        // Stopped while the token was being minted: nothing went out.
        setBusy(false);
        showStatus(Tr::tr("Cancelled"));
        return;
    }
    if (!s->wasSent()) {
        setBusy(false);
        showStatus(Tr::tr("Not sent"));
        explain(s->errorString());
        if (!s->historyError().isEmpty())
            explain(Tr::tr("The history could not be saved: %1").arg(s->historyError()));
        Q_EMIT finished(0);
        return;
    }
    const int status = s->status();
    showStatus(status ? Tr::tr("%1 %2 · %3 ms · %4")
                            .arg(status)
                            .arg(QString::fromLatin1(s->reason()))
                            .arg(s->elapsedMs())
                            .arg(humanSize(s->bytesReceived()))
                      : Tr::tr("No answer · %1 ms").arg(s->elapsedMs()));
    // A redirect is shown by its status line; only failures are explained.
    if (!s->errorString().isEmpty() || status >= 400)
        explain(s->failureText());
    Q_EMIT progressHidden();
    if (!s->historyError().isEmpty())
        explain(Tr::tr("The history could not be saved: %1").arg(s->historyError()));
    setBusy(false);
    Q_EMIT finished(status);
}

void RequestTesterController::cancel()
{
    if (m_readingBody) {
        dropBodyRead(QString());
        showStatus(Tr::tr("Cancelled"));
        return;
    }
    if (m_busy && m_session)
        m_session->abort(); // finishes with "cancelled"
}

void RequestTesterController::copyCurlValued(const RequestDraft& draft, bool inlineToken)
{
    if (isAsWritten(draft))
        return copyAsWritten(draft);
    QString error, foreign;
    const auto spec = buildSpec(draft, &error, &foreign);
    if (!spec) {
        explain(error);
        return;
    }
    if (const auto local = m_store.find(m_credential); local && !usesToken(local->kind)) {
        // A local AEM target: no token to inline; curl asks for the Basic password itself.
        const QString command = localCurlCommand(*spec, local->basicUser);
        Q_EMIT curlReady(command, holdsCollectionSecret(command));
        Q_EMIT noticeChanged(
            local->basicUser.isEmpty()
                ? Tr::tr("Copied a curl command")
                : Tr::tr("Copied a curl command; curl asks for the password of %1").arg(local->basicUser));
        return;
    }
    if (!inlineToken) {
        const QString command = curlCommand(*spec);
        // A collection's secret in it: cleared from the clipboard like a token.
        Q_EMIT curlReady(command, holdsCollectionSecret(command));
        Q_EMIT noticeChanged(Tr::tr("Copied a curl command; it expects the token in $AEM_TOKEN (aemtoken token %1)")
                                 .arg(shellWord(m_credential)));
        return;
    }
    if (!m_prompts.copyTokenInline || !m_prompts.copyTokenInline())
        return;
    const auto rec = m_store.find(m_credential);
    m_tokens.token(rec ? rec->id : QString(), false, this, [this, spec](const TokenResult& t) {
        if (!t.ok) {
            explain(t.error);
            return;
        }
        Q_EMIT curlReady(curlCommand(*spec, t.accessToken), true);
        Q_EMIT noticeChanged(
            Tr::tr("Copied a curl command with the token inline; the clipboard is cleared after the timeout"));
    });
}

void RequestTesterController::saveResponse(const QString& path)
{
    if (path.isEmpty())
        return;
    QMetaObject::invokeMethod(
        m_sink, [sink = m_sink, path] { sink->saveTo(path); }, Qt::QueuedConnection);
}

void RequestTesterController::setBusy(bool busy)
{
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void RequestTesterController::explain(const QString& text)
{
    Q_EMIT explanationChanged(text);
}

void RequestTesterController::showStatus(const QString& text)
{
    Q_EMIT statusChanged(text);
}

} // namespace aem::ui
