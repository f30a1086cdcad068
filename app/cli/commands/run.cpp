// SPDX-License-Identifier: Apache-2.0
// aemtoken run FILE.http [--target NAME] [--request NAME]... [--json] [--allow-file-auth]
//              [--store-secret VAR] [--allow-production]
//
// Runs the requests of a collection (core/httpfile.h) one after the other against a credential:
// one line per request with its status and time, exit 1 when any failed.
#include "commands.h"

#include "aemrequest.h"
#include "aemsession.h"
#include "cli.h"
#include "environment.h"
#include "envtype.h"
#include "format.h"
#include "httpbodyfile.h"
#include "httpfile.h"
#include "jsonout.h"
#include "output.h"
#include "passwordinput.h"
#include "processhygiene.h"
#include "productionguard.h"
#include "secretstore.h"
#include "services.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

#include <unistd.h>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// Text from the file as the terminal shows it: control characters (escapes that would retitle
// the window, write the clipboard or erase what is shown) as \xNN, never sent raw.
QString shown(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text)
        if (c.category() == QChar::Other_Control)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    return out;
}

struct Outcome
{
    qsizetype index = 0;
    QString name;
    QByteArray method;
    QString url;
    int status = 0; // 0: no answer
    qint64 elapsedMs = -1;
    bool passed = false;
    QString why; // empty when passed
};

class Runner : public QObject
{
public:
    Runner(Cli* cli, QString path, HttpFile file, QList<qsizetype> selected, CredentialRecord record,
           bool allowFileAuth, QString collection)
        : QObject(cli),
          m_cli(cli),
          m_path(std::move(path)),
          m_file(std::move(file)),
          m_selected(std::move(selected)),
          m_record(std::move(record)),
          m_allowFileAuth(allowFileAuth),
          m_collection(std::move(collection))
    {
        auto base = [](const QUrl& u) {
            QString s = u.toString(QUrl::FullyEncoded);
            while (s.endsWith(QLatin1Char('/')))
                s.chop(1);
            return s;
        };
        for (const auto& [key, url] : {std::pair {QStringLiteral("author"), m_record.environment.author},
                                       std::pair {QStringLiteral("publish"), m_record.environment.publish},
                                       std::pair {QStringLiteral("preview"), m_record.environment.preview}})
            if (url.isValid() && !url.isEmpty())
                m_target.insert(key, base(url));
    }

    ~Runner() override
    {
        for (auto it = m_secrets.begin(); it != m_secrets.end(); ++it)
            wipeSecret(it.value());
    }

    void start()
    {
        // The secrets the selected requests use, read from the keychain before anything is sent.
        QSet<QString> used;
        for (qsizetype i : std::as_const(m_selected)) {
            if (m_file.requests[i].hasOwnAuthorization()) // refused if it uses one (next())
                continue;
            used += httpReferencedNames(m_file.requests[i]);
            if (httpUsesEverySecret(m_file.requests[i])) // "<@ FILE": its content is read when sent
                used += QSet<QString>(m_file.secrets.cbegin(), m_file.secrets.cend());
        }
        for (const QString& s : std::as_const(m_file.secrets))
            if (used.contains(s))
                m_toRead << s;
        readSecret(0);
    }

private:
    void readSecret(qsizetype i)
    {
        if (i >= m_toRead.size())
            return next();
        const QString name = m_toRead[i];
        m_cli->services().secrets().read(
            httpSecretKey(m_collection, name), this, [this, i, name](const SecretResult& r) {
                if (r.ok()) {
                    QByteArray data = r.data;
                    m_secrets.insert(name, QString::fromUtf8(data));
                    wipeSecret(data);
                } else if (r.error == SecretResult::NotFound) {
                    m_missing << name;
                } else {
                    return m_cli->fail(
                        shown(Tr::tr("cannot read the secret %1 of the collection %2 from %3: %4")
                                  .arg(name, m_collection, m_cli->services().secrets().backendName(), r.errorString)));
                }
                readSecret(i + 1);
            });
    }

    void next()
    {
        if (m_index >= m_selected.size())
            return done();
        const qsizetype i = m_selected[m_index++];
        const HttpFileRequest& r = m_file.requests[i];
        Outcome o;
        o.index = i;
        o.name = m_file.displayName(i);
        o.method = r.method.toUpper();
        o.url = r.target;
        // Sent as written, to a host the file chose: never with a keychain secret.
        if (r.hasOwnAuthorization())
            if (const QString why = httpAsWrittenProblem(m_file, i); !why.isEmpty()) {
                o.why = why;
                return report(o);
            }
        for (const QString& name : httpReferencedNames(r))
            if (m_missing.contains(name)) {
                o.why = Tr::tr("the secret %1 of the collection %2 is not in the keychain: store it with aemtoken "
                               "run FILE --store-secret %1")
                            .arg(name, m_collection);
                return report(o);
            }
        QString error;
        // Dynamic variables ({{$uuid}}, {{$timestamp}}): fresh for each send, time from the clock.
        const HttpDynamicSource dynamic {&m_cli->services().clock(), nullptr};
        const QHash<QString, QString> values = httpVariablesFor(m_file, i, m_target, m_secrets);
        auto resolved = resolveHttpRequest(r, values, &error, dynamic);
        // A body "< FILE" is read now, when it is sent, and only from a regular file.
        if (!resolved || !loadHttpBodyFile(&*resolved, m_path, values, &error, dynamic)) {
            o.why = error;
            return report(o);
        }
        AemRequestSpec spec;
        spec.method = resolved->method;
        spec.headers = resolved->headers;
        spec.body = resolved->body;
        if (!resolved->bodyFile.isEmpty()) {
            spec.bodyFromFile = httpBodyFilePath(m_path, resolved->bodyFile);
            spec.bodyFromFileAsIs = !resolved->bodyFileVariables;
        }
        spec.timeoutMs = m_cli->timeoutMs();
        if (resolved->ownAuthorization) {
            // The file's own Authorization: no token attached, and only to a host the file names.
            const QUrl url(resolved->url, QUrl::StrictMode);
            if (!m_allowFileAuth) {
                o.why = Tr::tr("line %1: the request carries its own Authorization header; it is sent as written "
                               "(without a token) only with --allow-file-auth")
                            .arg(r.line);
                return report(o);
            }
            if (!url.isValid() || url.host().isEmpty()
                || url.authority().toLower() != httpRequestNamedHost(m_file, i)) {
                o.why = Tr::tr("line %1: a request with its own Authorization header goes only to a host written "
                               "in the file, not to {{author}} or another variable's host")
                            .arg(r.line);
                return report(o);
            }
            if (url.scheme() != QLatin1String("https")
                && !(url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))) {
                o.why = Tr::tr("line %1: refusing to send an Authorization header over plain http to %2")
                            .arg(r.line)
                            .arg(url.host());
                return report(o);
            }
            spec.url = url;
            spec.asWritten = true;
            o.url = url.toString();
            m_cli->prepareTls();
            auto* req = new AemRequest(&m_cli->nam(), spec, QByteArray(), this);
            connect(req, &AemRequest::finished, this, [this, req, o]() mutable {
                req->deleteLater();
                const AemAnswer& a = req->answer();
                judge(
                    &o, a.status, a.elapsedMs, a.error, a.status >= 200 && a.status < 300 ? QString() : [&] {
                        return a.status >= 300 && a.status < 400
                            ? Tr::tr("AEM answered %1 (not followed)").arg(a.status)
                            : Tr::tr("AEM answered %1").arg(a.status);
                    }());
                report(o);
            });
            req->start();
            return;
        }
        spec.url = resolveAemTarget(m_record, resolved->url, {}, &error);
        if (!spec.url.isValid()) {
            o.why = Tr::tr("line %1: %2").arg(r.line).arg(error);
            return report(o);
        }
        o.url = spec.url.toString();
        auto* session = new AemSession(m_cli->tokens(), &m_cli->nam(), m_record, spec, this);
        connect(session, &AemSession::tokenWarning, this, [](const QString& w) { errLine(w); });
        connect(session, &AemSession::sending, this, [this] { m_cli->prepareTls(); });
        connect(session, &AemSession::finished, this, [this, session, o]() mutable {
            session->deleteLater();
            judge(&o, session->status(), session->elapsedMs(), session->errorString(), session->failureText());
            report(o);
        });
        session->start();
    }

    // Passed: the status the file expects (# @expect status N), else a 2xx.
    void judge(Outcome* o, int status, qint64 elapsedMs, const QString& error, const QString& failure) const
    {
        const HttpFileRequest& r = m_file.requests[o->index];
        o->status = status;
        o->elapsedMs = elapsedMs;
        if (!error.isEmpty() || status == 0) {
            o->why = error.isEmpty() ? Tr::tr("no answer") : error;
            return;
        }
        const QList<int> expected = r.expectStatus;
        if (expected.isEmpty()) {
            o->passed = status >= 200 && status < 300;
            if (!o->passed)
                o->why = failure;
            return;
        }
        o->passed = expected.contains(status);
        if (!o->passed) {
            QStringList e;
            for (int s : expected)
                e << QString::number(s);
            o->why = Tr::tr("expected status %1, got %2").arg(e.join(QLatin1String(" or "))).arg(status);
        }
    }

    void report(Outcome o)
    {
        // A secret used in the URL (?key={{apiKey}}) is shown as its {{name}}, never its value.
        QList<QPair<QString, QString>> masks;
        for (auto it = m_secrets.cbegin(); it != m_secrets.cend(); ++it)
            masks.append({it.value(), QStringLiteral("{{%1}}").arg(it.key())});
        o.url = maskSecretsInUrl(o.url, masks);
        // The reason may quote the URL or its host (a URL refused after substitution).
        o.why = maskSecretsInUrl(o.why, masks);
        m_outcomes << o;
        m_anyFailed = m_anyFailed || !o.passed;
        if (!m_cli->json()) {
            // The path and query as shown above (not re-encoded), without the scheme and host.
            const qsizetype scheme = o.url.indexOf(QLatin1String("://"));
            const qsizetype slash = scheme < 0 ? -1 : o.url.indexOf(QLatin1Char('/'), scheme + 3);
            const QString path = scheme < 0 ? o.url : slash < 0 ? QStringLiteral("/") : o.url.mid(slash);
            QString line = QStringLiteral("%1  %2 %3  %4  %5")
                               .arg(o.name, QString::fromLatin1(o.method), path,
                                    o.status ? QString::number(o.status) : QStringLiteral("-"),
                                    o.elapsedMs >= 0 ? Tr::tr("%1 ms").arg(o.elapsedMs) : QStringLiteral("-"));
            if (!o.passed)
                line += QStringLiteral("  ") + Tr::tr("FAILED: %1").arg(o.why);
            outLine(shown(line));
        }
        if (m_cli->out().failed())
            return m_cli->finish(Cli::Failure);
        // The next request on the next turn of the loop: the answer's objects are gone by then.
        QMetaObject::invokeMethod(
            this, [this] { next(); }, Qt::QueuedConnection);
    }

    void done()
    {
        if (m_cli->json()) {
            QJsonArray arr;
            for (const Outcome& o : std::as_const(m_outcomes))
                arr.append(QJsonObject {
                    {QStringLiteral("name"), o.name},
                    {QStringLiteral("method"), QString::fromLatin1(o.method)},
                    {QStringLiteral("url"), o.url},
                    {QStringLiteral("status"), o.status ? QJsonValue(o.status) : QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("elapsed_ms"),
                     o.elapsedMs >= 0 ? QJsonValue(o.elapsedMs) : QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("passed"), o.passed},
                    {QStringLiteral("error"), stringOrNull(o.why)}});
            writeOut(QJsonDocument(arr).toJson(QJsonDocument::Indented));
        }
        if (m_anyFailed && !m_cli->json()) {
            qsizetype failed = 0;
            for (const Outcome& o : std::as_const(m_outcomes))
                failed += o.passed ? 0 : 1;
            errLine(Tr::tr("%n of %1 requests failed", nullptr, int(failed)).arg(m_outcomes.size()));
        }
        m_cli->finish(m_anyFailed ? Cli::Failure : Cli::Success);
    }

    Cli* m_cli;
    QString m_path;
    HttpFile m_file;
    QList<qsizetype> m_selected;
    CredentialRecord m_record;
    bool m_allowFileAuth;
    QString m_collection;
    QHash<QString, QString> m_target;
    QHash<QString, QString> m_secrets;
    QStringList m_toRead;
    QSet<QString> m_missing;
    qsizetype m_index = 0;
    QList<Outcome> m_outcomes;
    bool m_anyFailed = false;
};

class Run final : public Command
{
public:
    Run()
    {
        name = QStringLiteral("run");
        summary = Tr::tr("run the requests of an .http collection; one line each, exit 1 if any failed");
        arguments = {{QStringLiteral("FILE"), Tr::tr("the .http file (JetBrains HTTP Client / REST Client format)")}};
        options = {
            {QStringLiteral("--target"), QStringLiteral("NAME"),
             Tr::tr("the credential to run against (default: --from, AEMTOKEN_FROM, the default)")},
            {QStringLiteral("--request"), QStringLiteral("NAME"), Tr::tr("run only this request; may be repeated"),
             true},
            {QStringLiteral("--json"), {}, Tr::tr("print the results as a JSON array")},
            {QStringLiteral("--allow-file-auth"),
             {},
             Tr::tr("send requests carrying their own Authorization header as written (to the host each one names)")},
            {QStringLiteral("--store-secret"), QStringLiteral("VAR"),
             Tr::tr("store the secret variable VAR of the file in the keychain, read from standard input")},
            allowProductionOption()};
        options += fromOptions(true);
        notes = Tr::tr("A request passes with a 2xx answer, or with a status its \"# @expect status N\" names.\n"
                       "Exit status: 0 when every request passed; 1 when any failed; 2 for a usage error.");
        notes += QLatin1Char('\n')
            + Tr::tr("To a production credential, requests other than GET, HEAD or OPTIONS are sent only with\n"
                     "--allow-production or when confirmed on a terminal (one question for the whole run, before\n"
                     "the first is sent); else nothing is sent, exit 1.");
    }

    QString argumentsError() const override { return Tr::tr("run takes one FILE"); }

    void run(Cli& cli, const Args& a) const override
    {
        const QString path = a.positional.last();
        QString error;
        const auto data = readInput(path, kMaxHttpFileBytes, &error);
        if (!data)
            return cli.fail(error);
        auto file = parseHttpFile(*data, &error);
        if (!file)
            return cli.fail(QStringLiteral("%1: %2").arg(path, error));
        if (!file->problems.isEmpty())
            return cli.fail(shown(QStringLiteral("%1: %2").arg(path, file->problems.first())));
        // What the file holds that is not run (other tools' directives, response handlers): kept, shown.
        if (cli.verbose())
            for (const QString& u : file->unknownConstructs())
                errLine(shown(Tr::tr("%1: kept, not understood: %2").arg(path, u)));
        const QString collection = httpCollectionName(*file, path);
        if (a.has(QStringLiteral("--store-secret")))
            return storeSecret(cli, *file, collection, a.value(QStringLiteral("--store-secret")));
        QList<qsizetype> selected;
        const QStringList wanted = a.values.value(QStringLiteral("--request"));
        if (wanted.isEmpty()) {
            for (qsizetype i = 0; i < file->requests.size(); ++i)
                selected << i;
        } else {
            QStringList names;
            for (qsizetype i = 0; i < file->requests.size(); ++i)
                names << file->displayName(i);
            for (const QString& w : wanted) {
                const qsizetype i = names.indexOf(w);
                if (i < 0)
                    return cli.usage(*this,
                                     shown(Tr::tr("%1 has no request named \"%2\" (it has: %3)")
                                               .arg(path, w, names.join(QLatin1String(", ")))));
                selected << i;
            }
        }
        if (selected.isEmpty())
            return cli.fail(Tr::tr("%1 holds no request").arg(path));
        const auto rec = cli.credential(a.value(QStringLiteral("--target")));
        if (!rec)
            return;
        // One decision for the whole run, before the first request is sent.
        if (!confirmProduction(cli, *rec,
                               productionMethods(*file, selected, *rec, a.has(QStringLiteral("--allow-file-auth"))), {},
                               a.has(QStringLiteral("--allow-production"))))
            return;
        auto* runner = new Runner(&cli, path, std::move(*file), selected, *rec,
                                  a.has(QStringLiteral("--allow-file-auth")), collection);
        runner->start();
    }

private:
    // The method of each selected request that would go with the credential's token to a
    // production credential (core/envtype.h): those with the token, and those sent as written to
    // a host of the credential.
    static QList<QByteArray> productionMethods(const HttpFile& file, const QList<qsizetype>& selected,
                                               const CredentialRecord& rec, bool allowFileAuth)
    {
        QList<QByteArray> methods;
        for (qsizetype i : selected) {
            const HttpFileRequest& r = file.requests[i];
            bool toCredential = !r.hasOwnAuthorization();
            if (!toCredential && allowFileAuth) {
                const QString host = httpRequestNamedHost(file, i);
                toCredential = !host.isEmpty() && rec.environment.ownsUrl(QUrl(QStringLiteral("https://") + host));
            }
            if (toCredential && needsProductionConfirmation(rec, QString::fromLatin1(r.method.toUpper())))
                methods << r.method.toUpper();
        }
        return methods;
    }

    void storeSecret(Cli& cli, const HttpFile& file, const QString& collection, const QString& var) const
    {
        if (!file.secrets.contains(var))
            return cli.usage(
                *this,
                Tr::tr("%1 is not a secret variable of this file (declare it with # @secret %1)").arg(var.left(60)));
        QString error;
        // Typed on a terminal: asked with the echo off, never shown on the screen.
        auto value = ::isatty(STDIN_FILENO) ? readPasswordFromTty(Tr::tr("Value of %1: ").arg(var), &error)
                                            : readInput(QStringLiteral("-"), 64 * 1024, &error);
        if (!value)
            return cli.fail(error);
        if (value->endsWith('\n'))
            value->chop(1);
        if (value->endsWith('\r'))
            value->chop(1);
        if (value->isEmpty())
            return cli.fail(Tr::tr("no value for %1 on standard input").arg(var));
        Cli* c = &cli;
        cli.services().secrets().write(
            httpSecretKey(collection, var), *value, c, [c, var, collection](const SecretResult& r) {
                if (!r.ok())
                    return c->fail(Tr::tr("cannot store the secret %1 in %2: %3")
                                       .arg(var, c->services().secrets().backendName(), r.errorString));
                errLine(
                    shown(Tr::tr("stored the secret %1 of the collection %2 in the keychain").arg(var, collection)));
                c->finish(Cli::Success);
            });
        wipeSecret(*value);
    }
};
} // namespace

std::unique_ptr<Command> makeRunCommand()
{
    return std::make_unique<Run>();
}

} // namespace aem::cli
