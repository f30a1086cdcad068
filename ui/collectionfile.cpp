// SPDX-License-Identifier: Apache-2.0
#include "collectionfile.h"

#include "atomicfile.h"
#include "credentialrecord.h"
#include "dialogs.h"
#include "httpbodyfile.h"
#include "processhygiene.h"
#include "requestbody.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>

#include <memory>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::CollectionFile)
};

const char* const kTargetVars[] = {"{{author}}", "{{publish}}", "{{preview}}"};
} // namespace

std::optional<HttpFileRequest> requestFromDraft(const RequestDraft& d, RequestTesterController::Target target,
                                                const QString& name, QString* error)
{
    if (d.bodyKind == BodyKind::File && methodTakesBody(d.method.toLatin1())) {
        if (error)
            *error = Tr::tr("a body sent from a file cannot be saved in a collection");
        return std::nullopt;
    }
    HttpFileRequest r;
    r.name = name.simplified();
    r.method = d.method.trimmed().toUpper().toLatin1();
    // The URL as typed when the parameters table holds what it says: {{$uuid}} in the query stays
    // a reference, not "%7B%7B$uuid%7D%7D".
    const QString typed = d.pathOrUrl.trimmed();
    const QString pathOrUrl = d.params.isEmpty() || parseQuery(typed) == d.params ? typed : withQuery(typed, d.params);
    r.target = pathOrUrl.startsWith(QLatin1Char('/')) ? QLatin1String(kTargetVars[target]) + pathOrUrl : pathOrUrl;
    bool hasType = false;
    for (const auto& [k, v] : d.headers) {
        if (k.trimmed().isEmpty())
            continue;
        // Never a token in a file people share: the program attaches it.
        if (k.trimmed().compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
            continue;
        hasType = hasType || k.trimmed().compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0;
        r.headers.append({k.trimmed(), v.trimmed()});
    }
    if (methodTakesBody(r.method) && !d.body.isEmpty()) {
        if (!hasType)
            r.headers.append({QStringLiteral("Content-Type"), QString::fromLatin1(contentTypeFor(d.bodyKind))});
        r.body = d.body.toUtf8();
    }
    return r;
}

std::optional<HttpFileRequest>
requestForCollection(const RequestDraft& draft, RequestTesterController::Target target, const QString& name,
                     const std::optional<RequestTesterController::CollectionOrigin>& origin,
                     const QString& collectionPath, QString* error)
{
    const bool fromFile = origin && !origin->bodyFile.isEmpty() && draft.bodyKind == BodyKind::File
        && draft.bodyFile == origin->bodyFile && methodTakesBody(draft.method.trimmed().toUpper().toLatin1());
    if (!fromFile)
        return requestFromDraft(draft, target, name, error);
    RequestDraft d = draft;
    d.bodyKind = BodyKind::Text;
    d.body.clear();
    auto r = requestFromDraft(d, target, name, error);
    if (!r)
        return r;
    const QDir dir = QFileInfo(collectionPath).absoluteDir();
    const QString relative = dir.relativeFilePath(origin->bodyFile);
    r->bodyFile = relative.startsWith(QLatin1String("..")) || QDir::isAbsolutePath(relative)
        ? origin->bodyFile
        : QStringLiteral("./") + relative;
    r->bodyFileVariables = origin->bodyFileVariables;
    return r;
}

CollectionDraft draftFromRequest(const HttpFile& file, qsizetype index)
{
    const HttpFileRequest& r = file.requests.at(index);
    CollectionDraft c;
    QString target = r.target;
    for (int t = 0; t < 3; ++t)
        if (target.startsWith(QLatin1String(kTargetVars[t]))) {
            c.target = RequestTesterController::Target(t);
            target = target.mid(qsizetype(qstrlen(kTargetVars[t])));
            break;
        }
    // The file's own variables filled in; the rest ({{secret}}, unknown) left for the user.
    const QHash<QString, QString> vars = httpVariablesFor(file, index, {}, {});
    auto fill = [&vars](const QString& text) {
        QString out = text;
        for (auto it = vars.cbegin(); it != vars.cend(); ++it)
            out.replace(QStringLiteral("{{%1}}").arg(it.key()), it.value());
        return out;
    };
    c.draft.method = QString::fromLatin1(r.method);
    c.draft.pathOrUrl = fill(target);
    bool json = false;
    for (const auto& [k, v] : r.headers) {
        c.draft.headers.append({k, fill(v)});
        json = json
            || (k.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0
                && v.contains(QLatin1String("json")));
    }
    c.draft.body = fill(QString::fromUtf8(r.body));
    c.draft.bodyKind = json || c.draft.body.isEmpty() ? BodyKind::Json : BodyKind::Text;
    return c;
}

std::optional<HttpFile> readCollection(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    // Size-checked before it is read.
    if (f.size() > kMaxHttpFileBytes) {
        if (error)
            *error = Tr::tr("%1: larger than %2 MiB").arg(path).arg(kMaxHttpFileBytes / (1024 * 1024));
        return std::nullopt;
    }
    QString why;
    auto file = parseHttpFile(f.read(kMaxHttpFileBytes + 1), &why);
    if (!file && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return file;
}

bool saveToCollection(const QString& path, const HttpFileRequest& request, QString* error)
{
    HttpFile file;
    if (QFileInfo::exists(path)) {
        auto existing = readCollection(path, error);
        if (!existing)
            return false;
        file = std::move(*existing);
    }
    bool replaced = false;
    for (HttpFileRequest& r : file.requests)
        if (!request.name.isEmpty() && r.name == request.name) {
            r = request;
            replaced = true;
            break;
        }
    if (!replaced)
        file.requests.append(request);
    QString why;
    if (!writeFileAtomically(path, writeHttpFile(file), false, &why)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    }
    return true;
}

RequestDraft maskedSecrets(const RequestDraft& draft, const RequestTesterController::CollectionOrigin& origin)
{
    RequestDraft d = draft;
    // The tester holds the query as decoded items ('+' read as a space): back in the URL, a
    // value is found in whatever form it took there, and the URL is kept whole with its {{name}}.
    QList<QPair<QString, QString>> masks;
    for (const auto& [name, value] : origin.secrets)
        masks.append({value, QStringLiteral("{{%1}}").arg(name)});
    const QString url = d.params.isEmpty() ? d.pathOrUrl : withQuery(d.pathOrUrl, d.params);
    if (const QString masked = maskSecretsInUrl(url, masks); masked != url) {
        d.pathOrUrl = masked;
        d.params.clear();
    }
    for (const auto& [name, value] : origin.secrets) {
        if (value.isEmpty())
            continue;
        const QString var = QStringLiteral("{{%1}}").arg(name);
        for (auto& [k, v] : d.headers)
            v.replace(value, var);
        d.body.replace(value, var);
    }
    return d;
}

void saveDraftDialog(QWidget* parent, const RequestDraft& typed, RequestTesterController::Target target,
                     const std::optional<RequestTesterController::CollectionOrigin>& origin)
{
    const RequestDraft draft = origin ? maskedSecrets(typed, *origin) : typed;
    const QString path = QFileDialog::getSaveFileName(parent, Tr::tr("Save to collection"), QString(),
                                                      Tr::tr("HTTP collections (*.http *.rest)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(parent, Tr::tr("Save to collection"), Tr::tr("Request name:"),
                                               QLineEdit::Normal, draft.pathOrUrl.section(QLatin1Char('/'), -1), &ok);
    if (!ok)
        return;
    QString error;
    const auto request = requestForCollection(draft, target, name, origin, path, &error);
    if (!request || !saveToCollection(path, *request, &error))
        QMessageBox::warning(parent, Tr::tr("Save to collection"), error);
}

std::optional<CollectionChoice> openCollectionDialog(QWidget* parent)
{
    const QString path = QFileDialog::getOpenFileName(parent, Tr::tr("Open collection"), QString(),
                                                      Tr::tr("HTTP collections (*.http *.rest);;All files (*)"));
    if (path.isEmpty())
        return std::nullopt;
    QString error;
    const auto file = readCollection(path, &error);
    if (!file || file->requests.isEmpty()) {
        QMessageBox::warning(parent, Tr::tr("Open collection"), file ? Tr::tr("%1 holds no request").arg(path) : error);
        return std::nullopt;
    }
    QStringList names;
    for (qsizetype i = 0; i < file->requests.size(); ++i)
        names << file->displayName(i) + QStringLiteral("  —  ") + QString::fromLatin1(file->requests[i].method)
                + QLatin1Char(' ') + file->requests[i].target;
    // What the file holds that the tester does not use is named, not dropped.
    const QStringList unknown = file->unknownConstructs();
    const QString label = unknown.isEmpty()
        ? Tr::tr("Request:")
        : Tr::tr("Request (kept in the file, not used here: %1):").arg(unknown.mid(0, 3).join(QLatin1String("; ")));
    bool ok = false;
    const QString chosen = QInputDialog::getItem(parent, Tr::tr("Open collection"), label, names, 0, false, &ok);
    if (!ok)
        return std::nullopt;
    return CollectionChoice {path, *file, names.indexOf(chosen)};
}

bool confirmFileAuthorization(QWidget* parent, const QString& file, const QString& host)
{
    return Dialogs::question(parent, Tr::tr("Send the file's Authorization header?"),
                             Tr::tr("This request carries its own Authorization header from %1; send it as written "
                                    "to %2, without the token?")
                                 .arg(QFileInfo(file).fileName(), host),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

bool confirmRerunWithToken(QWidget* parent, const QString& credential)
{
    return Dialogs::question(parent, Tr::tr("Re-run with the token?"),
                             Tr::tr("This request was sent with the Authorization header written in its collection, "
                                    "which the history does not keep. Make it again with the token of %1 instead?")
                                 .arg(credential),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

std::optional<CollectionDraft> resolveCollectionDraft(const HttpFile& file, qsizetype index, const QString& path,
                                                      const CredentialRecord& record,
                                                      const QHash<QString, QString>& secrets, QString* error,
                                                      const HttpDynamicSource& dynamic)
{
    const HttpFileRequest& r = file.requests.at(index);
    if (!r.problems.isEmpty()) {
        if (error)
            *error = r.problems.first();
        return std::nullopt;
    }
    const QUrl bases[] = {record.environment.author, record.environment.publish, record.environment.preview};
    QHash<QString, QString> targetValues;
    QString baseText[3];
    for (int t = 0; t < 3; ++t) {
        if (!bases[t].isValid() || bases[t].isEmpty())
            continue;
        baseText[t] = bases[t].toString(QUrl::FullyEncoded);
        while (baseText[t].endsWith(QLatin1Char('/')))
            baseText[t].chop(1);
        targetValues.insert(QString::fromLatin1(kTargetVars[t]).mid(2).chopped(2), baseText[t]);
    }
    QString why;
    const QHash<QString, QString> values = httpVariablesFor(file, index, targetValues, secrets);
    auto resolved = resolveHttpRequest(r, values, &why, dynamic);
    if (resolved && resolved->ownAuthorization) {
        why = httpAsWrittenProblem(file, index);
        if (!why.isEmpty())
            resolved.reset();
    }
    if (!resolved) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), why);
        return std::nullopt;
    }
    CollectionDraft c;
    c.draft.method = QString::fromLatin1(resolved->method);
    c.draft.pathOrUrl = resolved->url;
    // On one of the credential's targets: the path on it, so the target chooser shows where it goes.
    for (int t = 0; t < 3; ++t)
        if (r.target.startsWith(QLatin1String(kTargetVars[t])) && !baseText[t].isEmpty()
            && resolved->url.startsWith(baseText[t])) {
            c.target = RequestTesterController::Target(t);
            c.draft.pathOrUrl = resolved->url.mid(baseText[t].size());
            break;
        }
    bool json = false;
    for (const auto& [k, v] : resolved->headers) {
        c.draft.headers.append({QString::fromLatin1(k), QString::fromUtf8(v)});
        json = json || (k.compare("content-type", Qt::CaseInsensitive) == 0 && v.contains("json"));
    }
    c.draft.body = QString::fromUtf8(resolved->body);
    c.draft.bodyKind = json || c.draft.body.isEmpty() ? BodyKind::Json : BodyKind::Text;
    if (!resolved->bodyFile.isEmpty()) {
        // "< FILE": the body tab shows the file; it is read only when the request is sent.
        c.draft.bodyKind = BodyKind::File;
        c.draft.bodyFile = httpBodyFilePath(path, resolved->bodyFile);
        c.origin.bodyFile = c.draft.bodyFile;
        c.origin.bodyFileVariables = resolved->bodyFileVariables;
    }
    // For the dynamic values kept as written (HttpDynamicSource::keep), valued at each send.
    c.origin.values = values;
    c.origin.line = r.line;
    c.origin.path = path;
    c.origin.credential = record.name;
    c.origin.ownAuthorization = resolved->ownAuthorization;
    c.origin.namedHost = httpRequestNamedHost(file, index);
    for (const QString& name : std::as_const(file.secrets))
        if (secrets.contains(name))
            c.origin.secrets.append({name, secrets.value(name)});
    return c;
}

namespace {
struct SecretRead
{
    SecretStore* store = nullptr;
    HttpFile file;
    qsizetype index = 0;
    QString path;
    QString collection;
    CredentialRecord record;
    QStringList toRead;
    QHash<QString, QString> values;
    CollectionDraftCallback done;
    HttpDynamicSource dynamic;
};

void readNext(std::shared_ptr<SecretRead> s, QObject* context)
{
    if (s->toRead.isEmpty()) {
        QString error;
        const auto c = resolveCollectionDraft(s->file, s->index, s->path, s->record, s->values, &error, s->dynamic);
        s->done(c, error);
        return;
    }
    const QString name = s->toRead.takeFirst();
    s->store->read(httpSecretKey(s->collection, name), context, [s, name, context](const SecretResult& r) {
        if (r.ok()) {
            QByteArray data = r.data;
            s->values.insert(name, QString::fromUtf8(data));
            wipeSecret(data);
            return readNext(s, context);
        }
        s->done(std::nullopt,
                r.error == SecretResult::NotFound
                    ? Tr::tr("The secret %1 of the collection %2 is not in the keychain: store it with aemtoken run "
                             "FILE --store-secret %1")
                          .arg(name, s->collection)
                    : Tr::tr("Cannot read the secret %1 of the collection %2 from %3: %4")
                          .arg(name, s->collection, s->store->backendName(), r.errorString));
    });
}
} // namespace

void loadCollectionRequest(SecretStore& store, const HttpFile& file, qsizetype index, const QString& path,
                           const CredentialRecord& record, QObject* context, CollectionDraftCallback done,
                           const HttpDynamicSource& dynamic)
{
    auto s = std::make_shared<SecretRead>();
    s->store = &store;
    s->file = file;
    s->index = index;
    s->path = path;
    s->collection = httpCollectionName(file, path);
    s->record = record;
    s->done = std::move(done);
    s->dynamic = dynamic;
    // A request going as written (to a host the file chose) with a secret: refused unread.
    if (file.requests.at(index).hasOwnAuthorization())
        if (const QString why = httpAsWrittenProblem(file, index); !why.isEmpty()) {
            QTimer::singleShot(0, context, [s, why] {
                s->done(std::nullopt, QStringLiteral("%1: %2").arg(QFileInfo(s->path).fileName(), why));
            });
            return;
        }
    // Only the secrets this request uses; none is read for a request that uses none.
    const QSet<QString> used = httpReferencedNames(file.requests.at(index));
    // "<@ FILE" may use any; never one for a request going as written (its host is the file's).
    const bool every = httpUsesEverySecret(file.requests.at(index)) && !file.requests.at(index).hasOwnAuthorization();
    for (const QString& name : std::as_const(file.secrets))
        if (every || used.contains(name))
            s->toRead << name;
    // Always answered later, as the keychain does, whether or not a secret is read.
    QTimer::singleShot(0, context, [s, context] { readNext(s, context); });
}

} // namespace aem::ui
