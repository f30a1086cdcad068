// SPDX-License-Identifier: Apache-2.0
// The request tester and a request loaded from an .http collection: resolved for the chosen
// credential (collectionfile.h), and, when the file wrote its own Authorization header, sent as
// written without the token only after the user agrees and only to a host the file names.

#include "appcontext.h"
#include "collectionfile.h"
#include "credentialstore.h"
#include "environment.h"
#include "httpsyntax.h"
#include "requesttester.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
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
    aem::ui::loadCollectionRequest(m_context.secrets(), file, index, path, *rec, this,
                                   [this](const std::optional<CollectionDraft>& c, const QString& error) {
                                       if (!c) {
                                           m_controller->reportLoadFailure(error);
                                           Q_EMIT collectionLoaded(error);
                                           return;
                                       }
                                       setTarget(c->target);
                                       loadDraft(c->draft);
                                       m_controller->setCollectionOrigin(c->origin);
                                       m_controller->reportLoadFailure(QString());
                                       Q_EMIT collectionLoaded(QString());
                                   });
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
    m_credential = name;
}

bool RequestTesterController::carriesAuthorization(const RequestDraft& draft)
{
    for (const auto& [k, v] : draft.headers)
        if (k.trimmed().compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
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

void RequestTesterController::sendAsWritten(const RequestDraft& draft)
{
    const QString file = QFileInfo(m_origin->path).fileName();
    QString target = draft.pathOrUrl.trimmed();
    if (!draft.params.isEmpty())
        target = withQuery(target, draft.params);
    const QUrl url(target, QUrl::StrictMode);
    const QString host = url.isValid() ? url.authority().toLower() : QString();
    // Only to the host the file itself wrote: never to the credential's ({{author}}) or a typed one.
    if (host.isEmpty() || m_origin->namedHost.isEmpty() || host != m_origin->namedHost) {
        explain(Tr::tr("Not sent: the Authorization header from %1 goes only to a host written in that file, not "
                       "to %2.")
                    .arg(file, host.isEmpty() ? target.left(80) : host));
        return;
    }
    if (url.scheme() != QLatin1String("https")
        && !(url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))) {
        explain(Tr::tr("Not sent: refusing to send the Authorization header from %1 over plain http to %2.")
                    .arg(file, host));
        return;
    }
    if (!m_prompts.sendAsWritten || !m_prompts.sendAsWritten(m_origin->path, host)) {
        showStatus(Tr::tr("Not sent"));
        explain(Tr::tr("Not sent: sending the Authorization header from %1 to %2 was not confirmed.").arg(file, host));
        return;
    }
    AemRequestSpec spec;
    spec.timeoutMs = 120000;
    spec.asWritten = true;
    spec.url = url;
    spec.method = draft.method.trimmed().toUpper().toLatin1();
    if (!isHttpToken(spec.method)) {
        explain(Tr::tr("The method must be a single word such as GET or POST."));
        return;
    }
    for (const auto& [k, v] : draft.headers) {
        const QByteArray name = k.trimmed().toLatin1(), value = v.toUtf8();
        if (!isHttpToken(name) || !isHttpHeaderValue(value)) {
            explain(Tr::tr("The value of the header %1 contains a line break or a control character.").arg(k.left(60)));
            return;
        }
        spec.headers.append({name, value});
    }
    if (methodTakesBody(spec.method) && draft.bodyKind != BodyKind::File) {
        spec.body = draft.body.toUtf8();
        if (!spec.body.isEmpty() && !hasHeader(spec.headers, "Content-Type"))
            spec.headers.append({"Content-Type", contentTypeFor(draft.bodyKind)});
    }
    start(spec);
}

} // namespace aem::ui
