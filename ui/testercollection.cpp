// SPDX-License-Identifier: Apache-2.0
// The request tester and a request loaded from an .http collection: resolved for the chosen
// credential (collectionfile.h), its dynamic values ({{$uuid}}, {{$timestamp}}) kept as written
// and valued at each send, its "< FILE" body read off the GUI thread when sent, and, when the
// file wrote its own Authorization header, sent as written without the token only after the user
// agrees and only to a host the file names.

#include "appcontext.h"
#include "async.h"
#include "clock.h"
#include "collectionfile.h"
#include "credentialstore.h"
#include "curlcommand.h"
#include "environment.h"
#include "envtype.h"
#include "httpbodyfile.h"
#include "httpsyntax.h"
#include "requesttester.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};

// The time the user sent at, for {{$timestamp}} in a body valued on another thread: the injected
// clock is read on the GUI thread only.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime at) : m_at(std::move(at)) { }
    QDateTime now() const override { return m_at; }

private:
    QDateTime m_at;
};
} // namespace

void RequestTester::loadCollectionRequest(const QString& path, const HttpFile& file, qsizetype index)
{
    const auto rec = m_context.store().find(m_controller->credential());
    if (!rec) {
        const QString why = Tr::tr("Choose a credential first: a collection request is resolved for it.");
        m_controller->reportLoadFailure(why);
        Q_EMIT collectionLoaded(why);
        return;
    }
    // The keychain answers later; `this` as the context: a tester closed meanwhile hears nothing.
    aem::ui::loadCollectionRequest(
        m_context.secrets(), file, index, path, *rec, this,
        [this](const std::optional<CollectionDraft>& c, const QString& error) {
            if (!c) {
                m_controller->reportLoadFailure(error);
                Q_EMIT collectionLoaded(error);
                return;
            }
            setTarget(c->target);
            loadDraft(c->draft);
            m_controller->setCollectionOrigin(c->origin);
            // A body "< FILE": named, not inlined; read when sent.
            m_controller->reportLoadFailure(
                c->origin.bodyFile.isEmpty() ? QString()
                    : c->origin.bodyFileVariables
                    ? Tr::tr("The body is read from %1 when sent, with its {{variables}} "
                             "filled in.")
                          .arg(QDir::toNativeSeparators(c->origin.bodyFile))
                    : Tr::tr("The body is read from %1 when sent.").arg(QDir::toNativeSeparators(c->origin.bodyFile)));
            Q_EMIT collectionLoaded(QString());
        },
        // {{$uuid}}, {{$timestamp}} ... checked, kept as written: each send values them.
        HttpDynamicSource {&m_context.clock(), nullptr, true});
    m_controller->setClock(&m_context.clock());
}

void RequestTesterController::setCredential(const QString& name)
{
    if (m_origin && !m_origin->credential.isEmpty() && m_origin->credential != name) {
        // Not re-resolved: what is in the editor was filled in for the other credential.
        explain(Tr::tr("The request from %1 was resolved for %2; open it again to resolve it for %3.")
                    .arg(QFileInfo(m_origin->path).fileName(), m_origin->credential, name));
        m_origin->credential.clear();
        m_origin->ownAuthorization = false;
        m_origin->namedHost.clear();
    }
    if (name != m_credential)
        dropBodyRead(Tr::tr("Not sent: the credential changed while the body file was being read."));
    m_credential = name;
}

void RequestTesterController::setTarget(Target t)
{
    if (t != m_target)
        dropBodyRead(Tr::tr("Not sent: the target changed while the body file was being read."));
    m_target = t;
}

void RequestTesterController::setCollectionOrigin(std::optional<CollectionOrigin> origin)
{
    dropBodyRead(Tr::tr("Not sent: another request was loaded while the body file was being read."));
    m_origin = std::move(origin);
}

std::optional<RequestDraft> RequestTesterController::valuedForSend(const RequestDraft& draft,
                                                                   const CollectionOrigin* origin, const Clock* clock,
                                                                   QString* error)
{
    if (!origin)
        return draft;
    // Each send its own values, from the injected clock; the editor keeps what was written.
    const HttpDynamicSource dynamic {clock, nullptr};
    bool ok = true;
    auto value = [&](QString* text) {
        if (!ok || !text->contains(QLatin1String("{{")))
            return;
        const auto v = substituteHttpVariables(*text, origin->values, origin->line, error, dynamic);
        ok = v.has_value();
        if (ok)
            *text = *v;
    };
    RequestDraft d = draft;
    value(&d.pathOrUrl);
    for (auto& [k, v] : d.params) {
        value(&k);
        value(&v);
    }
    for (auto& [k, v] : d.headers)
        value(&v);
    // A body that is not sent is not valued (nor refused).
    if (d.bodyKind != BodyKind::File && methodTakesBody(d.method.trimmed().toUpper().toLatin1()))
        value(&d.body);
    if (!ok)
        return std::nullopt;
    return d;
}

void RequestTesterController::send(const RequestDraft& typed)
{
    if (m_busy)
        return;
    QString error;
    const auto draft = valuedForSend(typed, m_origin ? &*m_origin : nullptr, m_clock, &error);
    if (!draft) {
        explain(Tr::tr("Not sent: %1").arg(error));
        return;
    }
    if (needsCollectionBody(*draft))
        return readBodyThen(*draft, true, [this](const RequestDraft& d) { sendValued(d); });
    sendValued(*draft);
}

void RequestTesterController::copyCurl(const RequestDraft& typed, bool inlineToken)
{
    QString error;
    const auto draft = valuedForSend(typed, m_origin ? &*m_origin : nullptr, m_clock, &error);
    if (!draft) {
        explain(Tr::tr("Not copied: %1").arg(error));
        return;
    }
    if (needsCollectionBody(*draft))
        return readBodyThen(*draft, false,
                            [this, inlineToken](const RequestDraft& d) { copyCurlValued(d, inlineToken); });
    copyCurlValued(*draft, inlineToken);
}

bool RequestTesterController::needsCollectionBody(const RequestDraft& draft) const
{
    return takesCollectionBody(draft, m_origin ? &*m_origin : nullptr);
}

bool RequestTesterController::takesCollectionBody(const RequestDraft& draft, const CollectionOrigin* origin)
{
    return origin && !origin->bodyFile.isEmpty() && draft.bodyKind == BodyKind::File
        && draft.bodyFile == origin->bodyFile && methodTakesBody(draft.method.trimmed().toUpper().toLatin1());
}

void RequestTesterController::readCollectionBodyLater(QObject* context, const CollectionOrigin& origin,
                                                      const Clock* clock, std::function<void(CollectionBody)> done)
{
    // With the checks of core/httpbodyfile.h (size before reading, never a FIFO or a device):
    // a slow disk or a network mount stalls a pool thread, never the window. The injected clock
    // is read here, on the caller's thread.
    const QDateTime at = (clock ? clock : &SystemClock::instance())->now();
    // Only what the read needs goes to the pool: the values (secrets among them) only for "<@".
    ResolvedHttpRequest request;
    request.bodyFile = origin.bodyFile;
    request.bodyFileVariables = origin.bodyFileVariables;
    const QHash<QString, QString> values = origin.bodyFileVariables ? origin.values : QHash<QString, QString>();
    runThenCallback(
        context,
        [path = origin.path, request, values, at] {
            const FixedClock clock(at);
            ResolvedHttpRequest r = request;
            CollectionBody out;
            out.ok = loadHttpBodyFile(&r, path, values, &out.error, HttpDynamicSource {&clock, nullptr});
            out.body = std::move(r.body);
            return out;
        },
        std::move(done));
}

void RequestTesterController::readBodyThen(const RequestDraft& draft, bool sending,
                                           std::function<void(const RequestDraft&)> then)
{
    const quint64 generation = m_generation;
    if (sending) {
        m_readingBody = true;
        setBusy(true); // Send disabled: never a half-read body; Cancel drops the read
        explain(QString());
        showStatus(Tr::tr("Reading %1…").arg(QFileInfo(m_origin->bodyFile).fileName()));
    }
    auto read = [this, generation, sending, draft, then = std::move(then)](CollectionBody r) {
        if (generation != m_generation)
            return; // read for a credential or a request no longer in the tester
        if (sending) {
            m_readingBody = false;
            setBusy(false);
        }
        if (!r.ok) {
            if (sending)
                showStatus(Tr::tr("Not sent"));
            explain(r.error);
            return;
        }
        m_readBody = std::move(r.body);
        then(draft);
        m_readBody.reset();
    };
    readCollectionBodyLater(this, *m_origin, m_clock, std::move(read));
}

void RequestTesterController::dropBodyRead(const QString& why)
{
    ++m_generation;
    if (!m_readingBody)
        return;
    m_readingBody = false;
    setBusy(false);
    if (!why.isEmpty()) {
        showStatus(Tr::tr("Not sent"));
        explain(why);
    }
}

bool RequestTesterController::carriesAuthorization(const RequestDraft& draft)
{
    for (const auto& [k, v] : draft.headers)
        if (k.trimmed().compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool RequestTesterController::readCollectionBody(const RequestDraft& draft, AemRequestSpec* spec, QString* error) const
{
    return readCollectionBody(draft, m_origin ? &*m_origin : nullptr, m_clock, spec, error,
                              m_readBody ? &*m_readBody : nullptr);
}

bool RequestTesterController::readCollectionBody(const RequestDraft& draft, const CollectionOrigin* origin,
                                                 const Clock* clock, AemRequestSpec* spec, QString* error,
                                                 const QByteArray* readBody)
{
    if (!origin || origin->bodyFile.isEmpty() || draft.bodyKind != BodyKind::File || draft.bodyFile != origin->bodyFile)
        return true;
    if (readBody) {
        spec->body = *readBody; // read off the GUI thread by readBodyThen
    } else {
        // Read now, with the checks of core/httpbodyfile.h (never a FIFO or a device, at most 16 MiB).
        ResolvedHttpRequest r;
        r.bodyFile = origin->bodyFile;
        r.bodyFileVariables = origin->bodyFileVariables;
        if (!loadHttpBodyFile(&r, origin->path, origin->values, error, HttpDynamicSource {clock, nullptr}))
            return false;
        spec->body = std::move(r.body);
    }
    spec->bodyFile.clear();
    spec->bodyFromFile = origin->bodyFile; // the history records the path, never the bytes
    spec->bodyFromFileAsIs = !origin->bodyFileVariables; // copied as curl: "@FILE", not the bytes
    return true;
}

bool RequestTesterController::holdsCollectionSecret(const QString& text) const
{
    if (!m_origin)
        return false;
    // In any form the value took in a URL (encoded, '+' read as a space), not only as it is.
    QList<QPair<QString, QString>> masks;
    for (const auto& [name, value] : m_origin->secrets)
        if (!value.isEmpty())
            masks.append({value, QStringLiteral("{{%1}}").arg(name)});
    return !masks.isEmpty() && maskSecretsInUrl(text, masks) != text;
}

std::optional<AemRequestSpec> RequestTesterController::asWrittenSpec(const RequestDraft& draft,
                                                                     const CollectionOrigin& origin, QString* error,
                                                                     QString* hostOut, const Clock* clock,
                                                                     const QByteArray* readBody)
{
    const QString file = QFileInfo(origin.path).fileName();
    QString target = draft.pathOrUrl.trimmed();
    if (!draft.params.isEmpty())
        target = withQuery(target, draft.params);
    const QUrl url(target, QUrl::StrictMode);
    const QString host = url.isValid() ? url.authority().toLower() : QString();
    if (hostOut)
        *hostOut = host;
    // Only to the host the file itself wrote: never to the credential's ({{author}}) or a typed one.
    if (host.isEmpty() || origin.namedHost.isEmpty() || host != origin.namedHost) {
        *error = Tr::tr("the Authorization header from %1 goes only to a host written in that file, not to %2.")
                     .arg(file, host.isEmpty() ? target.left(80) : host);
        return std::nullopt;
    }
    if (url.scheme() != QLatin1String("https")
        && !(url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))) {
        *error = Tr::tr("refusing to send the Authorization header from %1 over plain http to %2.").arg(file, host);
        return std::nullopt;
    }
    AemRequestSpec spec;
    spec.timeoutMs = 120000;
    spec.asWritten = true;
    spec.url = url;
    spec.method = draft.method.trimmed().toUpper().toLatin1();
    if (!isHttpToken(spec.method)) {
        *error = Tr::tr("The method must be a single word such as GET or POST.");
        return std::nullopt;
    }
    for (const auto& [k, v] : draft.headers) {
        const QByteArray name = k.trimmed().toLatin1(), value = v.toUtf8();
        if (!isHttpToken(name) || !isHttpHeaderValue(value)) {
            *error = Tr::tr("The value of the header %1 contains a line break or a control character.").arg(k.left(60));
            return std::nullopt;
        }
        spec.headers.append({name, value});
    }
    if (methodTakesBody(spec.method) && draft.bodyKind == BodyKind::File) {
        if (!readCollectionBody(draft, &origin, clock, &spec, error, readBody))
            return std::nullopt;
        if (spec.bodyFromFile.isEmpty()) {
            *error = Tr::tr("a request with the Authorization header from %1 sends no other file than the one the "
                            "collection names.")
                         .arg(file);
            return std::nullopt;
        }
        if (!hasHeader(spec.headers, "Content-Type"))
            spec.headers.append({"Content-Type", contentTypeFor(BodyKind::File, draft.bodyFile)});
    } else if (methodTakesBody(spec.method)) {
        spec.body = draft.body.toUtf8();
        if (!spec.body.isEmpty() && !hasHeader(spec.headers, "Content-Type"))
            spec.headers.append({"Content-Type", contentTypeFor(draft.bodyKind)});
    }
    return spec;
}

const CredentialRecord* RequestTesterController::productionOwner(const CredentialStore& store, const QUrl& url,
                                                                 const QString& method)
{
    // Where the request goes decides, not the credential it was resolved for.
    for (const CredentialRecord& r : store.records())
        if (r.environment.ownsUrl(url) && needsProductionConfirmation(r, method))
            return &r;
    return nullptr;
}

void RequestTesterController::sendAsWritten(const RequestDraft& draft)
{
    const QString file = QFileInfo(m_origin->path).fileName();
    QString error, host;
    const auto spec = asWrittenSpec(draft, *m_origin, &error, &host, m_clock, m_readBody ? &*m_readBody : nullptr);
    if (!spec) {
        explain(Tr::tr("Not sent: %1").arg(error));
        return;
    }
    if (!m_prompts.sendAsWritten || !m_prompts.sendAsWritten(m_origin->path, host)) {
        showStatus(Tr::tr("Not sent"));
        explain(Tr::tr("Not sent: sending the Authorization header from %1 to %2 was not confirmed.").arg(file, host));
        return;
    }
    const QString method = QString::fromLatin1(spec->method);
    const CredentialRecord* production = productionOwner(m_store, spec->url, method);
    if (production
        && (!m_prompts.sendToProduction
            || !m_prompts.sendToProduction(method, production->name, production->envType == EnvType::None))) {
        showStatus(Tr::tr("Not sent: %1 is a production credential and the %2 request was not confirmed.")
                       .arg(production->name, method));
        return;
    }
    start(*spec);
}

void RequestTesterController::copyAsWritten(const RequestDraft& draft)
{
    // The file's own Authorization goes into the command (on curl's standard input, never its
    // argv): a secret, asked for as an inline token is, and cleared from the clipboard.
    QString error;
    const auto spec = asWrittenSpec(draft, *m_origin, &error, nullptr, m_clock, m_readBody ? &*m_readBody : nullptr);
    if (!spec) {
        explain(Tr::tr("Not copied: %1").arg(error));
        return;
    }
    if (!m_prompts.copyTokenInline || !m_prompts.copyTokenInline())
        return;
    Q_EMIT curlReady(curlCommandAsWritten(*spec), true);
    Q_EMIT noticeChanged(Tr::tr("Copied a curl command with the Authorization header from %1 inline; the clipboard "
                                "is cleared after the timeout")
                             .arg(QFileInfo(m_origin->path).fileName()));
}

} // namespace aem::ui
