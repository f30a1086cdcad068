// SPDX-License-Identifier: Apache-2.0
// aemtoken request NAME [-X METHOD] URL|/PATH [-H 'K: V']... [-d DATA|@FILE] [-i] [-o FILE] [--allow-host HOST]
//                  [--allow-production]
//
// Parses the request and hands it to core's AemSession (token, request, the one retry on a 401).
#include "commands.h"

#include "aemrequest.h"
#include "aemsession.h"
#include "cli.h"
#include "credentialstore.h"
#include "envtype.h"
#include "format.h"
#include "httpsyntax.h"
#include "output.h"
#include "productionguard.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPointer>

#include <memory>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// Sends with the token through core's AemSession (one fresh mint and retry on a 401 to a cached
// token); streams the final answer to stdout or -o FILE with back-pressure.
void send(Cli* c, const AemRequestSpec& spec, const CredentialRecord& record, bool includeHeaders,
          const QString& outFile)
{
    auto* session = new AemSession(c->tokens(), &c->nam(), record, spec, c);
    QObject::connect(session, &AemSession::tokenWarning, c, [](const QString& w) { errLine(w); });
    QObject::connect(session, &AemSession::sending, c, [c] { c->prepareTls(); });
    QObject::connect(session, &AemSession::retrying, c,
                     [] { errLine(Tr::tr("AEM refused the cached token (401); minting a new one")); });
    // The body's destination: stdout, or -o PATH once the answer is known to be final.
    auto sink = std::make_shared<QPointer<Output>>(outFile.isEmpty() ? &c->out() : nullptr);
    auto sinkFailed = [=] { return (*sink && (*sink)->failed()) || c->out().failed(); };
    QObject::connect(session, &AemSession::headersReceived, c, [=] {
        if (includeHeaders)
            writeOut(session->responseHead());
        if (!outFile.isEmpty()) {
            auto* out = new Output(session);
            *sink = out;
            if (!out->openPath(outFile)) {
                errLine(out->errorString());
                c->setStdoutErrorShown();
                return session->abort();
            }
        }
        // A slow reader holds the server back instead of filling memory.
        QObject::connect(sink->data(), &Output::drained, session, &AemSession::resume);
    });
    QObject::connect(session, &AemSession::dataReceived, c, [=](const QByteArray& chunk) {
        if (!*sink)
            return;
        (*sink)->write(chunk);
        if (sinkFailed())
            return session->abort();
        if ((*sink)->isFull())
            session->pause();
    });
    QObject::connect(session, &AemSession::finished, c, [=] {
        session->deleteLater();
        Output* out = *sink;
        if (out && out->failed()) {
            out->cancel();
            if (!c->stdoutErrorShown())
                errLine(out->errorString());
            c->setStdoutErrorShown();
            return c->finish(Cli::Failure);
        }
        if (!session->errorString().isEmpty() && !sinkFailed()) {
            if (out && out != &c->out())
                out->cancel();
            return c->fail(session->errorString());
        }
        if (out && out != &c->out() && !out->commit()) {
            errLine(out->errorString());
            return c->finish(Cli::Failure);
        }
        if (session->status() >= 200 && session->status() < 300)
            return c->finish(Cli::Success);
        // A 3xx is named with its Location and not followed; other statuses are explained.
        c->fail(session->failureText());
    });
    session->start();
}

class Request final : public Command
{
public:
    Request()
    {
        name = QStringLiteral("request");
        summary = Tr::tr("call AEM with the credential's token; /PATH uses its author URL");
        arguments = {{QStringLiteral("NAME"),
                      Tr::tr("the stored credential's name (left out: --from, AEMTOKEN_FROM, the default)")},
                     {QStringLiteral("URL|/PATH"),
                      Tr::tr("a URL on one of the credential's hosts, or a path on its author URL")}};
        options = {
            {QStringLiteral("-X"), QStringLiteral("METHOD"), Tr::tr("the HTTP method (default GET, or POST with -d)")},
            {QStringLiteral("-H"), QStringLiteral("'K: V'"), Tr::tr("a request header; may be repeated"), true},
            {QStringLiteral("-d"), QStringLiteral("DATA|@FILE"),
             Tr::tr("the request body, or @FILE to send a file (@- for standard input)")},
            {QStringLiteral("-i"), {}, Tr::tr("print the response's protocol, status and headers before the body")},
            {QStringLiteral("-o"), QStringLiteral("FILE"),
             Tr::tr("write the body to FILE instead of standard output (- for standard output)")},
            {QStringLiteral("--allow-host"), QStringLiteral("HOST"),
             Tr::tr("also send the token to HOST; may be repeated"), true},
            allowProductionOption()};
        notes = Tr::tr("Exit status: 0 for a 2xx answer; 1 for a 3xx (not followed: its Location is named), a 4xx "
                       "or a 5xx\n(explained on stderr, the body still written) or when no answer came; 2 for a "
                       "usage error.");
        notes += QLatin1Char('\n')
            + Tr::tr("To a production credential, a method other than GET, HEAD or OPTIONS is sent only with\n"
                     "--allow-production or when confirmed on a terminal; else nothing is sent, exit 1.");
        options += fromOptions(true);
    }

    QString argumentsError() const override { return Tr::tr("request takes NAME and URL or /PATH"); }

    void run(Cli& cli, const Args& a) const override
    {
        // A method that is not an HTTP token (RFC 9110: empty, a space, CR/LF, other separators)
        // is refused before anything is read or sent.
        QByteArray method;
        if (a.values.contains(QStringLiteral("-X"))) {
            method = a.value(QStringLiteral("-X")).toUpper().toLatin1();
            if (!isHttpToken(method) || method.size() > 64)
                return cli.usage(*this, Tr::tr("-X takes an HTTP method such as GET, POST or DELETE"));
        }
        const auto rec = cli.credential(a.positional[0]);
        if (!rec)
            return;
        QString error;
        AemRequestSpec spec;
        spec.url = resolveAemTarget(*rec, a.positional[1], a.values.value(QStringLiteral("--allow-host")), &error);
        if (!spec.url.isValid())
            return cli.fail(error);
        bool hasContentType = false;
        for (const QString& h : a.values.value(QStringLiteral("-H"))) {
            const qsizetype colon = h.indexOf(QLatin1Char(':'));
            if (colon <= 0)
                return cli.usage(*this, Tr::tr("-H takes 'Name: value'"));
            const QByteArray key = h.left(colon).trimmed().toLatin1();
            const QByteArray value = h.mid(colon + 1).trimmed().toUtf8();
            if (!isHttpToken(key))
                return cli.usage(*this,
                                 Tr::tr("-H: \"%1\" is not a valid header name").arg(h.left(colon).trimmed().left(60)));
            // A CR or LF would start a header of its own, past the Authorization guard below.
            if (!isHttpHeaderValue(value))
                return cli.usage(*this,
                                 Tr::tr("-H: the value of %1 contains a line break or a control character")
                                     .arg(QString::fromLatin1(key)));
            if (key.compare("authorization", Qt::CaseInsensitive) == 0)
                return cli.usage(*this, Tr::tr("the Authorization header comes from the credential; do not pass one"));
            hasContentType = hasContentType || key.compare("content-type", Qt::CaseInsensitive) == 0;
            spec.headers.append({key, value});
        }
        // Asked (or refused) before the body is read or anything is sent.
        const QByteArray finalMethod = !method.isEmpty() ? method
            : a.values.contains(QStringLiteral("-d"))    ? QByteArray("POST")
                                                         : spec.method;
        if (needsProductionConfirmation(*rec, QString::fromLatin1(finalMethod))
            && !confirmProduction(cli, *rec, {finalMethod}, spec.url.toString(),
                                  a.has(QStringLiteral("--allow-production"))))
            return;
        if (a.values.contains(QStringLiteral("-d"))) {
            const QString d = a.value(QStringLiteral("-d"));
            if (d.startsWith(QLatin1Char('@'))) {
                // A regular file is streamed as it is sent (any size, never held in memory); a pipe
                // or device is read here, up to a bound.
                const QString path = d.mid(1);
                if (path != QLatin1String("-") && QFileInfo(path).isFile()) {
                    QFile probe(path);
                    if (!probe.open(QIODevice::ReadOnly))
                        return cli.fail(QStringLiteral("%1: %2").arg(path, probe.errorString()));
                    spec.bodyFile = path;
                } else {
                    auto data = readInput(path, 16LL * 1024 * 1024, &error);
                    if (!data)
                        return cli.fail(error);
                    spec.body = *data;
                }
            } else {
                spec.body = d.toUtf8();
            }
            if (!hasContentType)
                spec.headers.append(qMakePair(QByteArrayLiteral("Content-Type"),
                                              QByteArrayLiteral("application/x-www-form-urlencoded")));
            spec.method = "POST";
        }
        if (!method.isEmpty())
            spec.method = method;
        spec.timeoutMs = cli.timeoutMs();
        // -o - is standard output, as without -o.
        const QString outFile = a.value(QStringLiteral("-o"));
        send(&cli, spec, *rec, a.has(QStringLiteral("-i")), outFile == QLatin1String("-") ? QString() : outFile);
    }
};
} // namespace

std::unique_ptr<Command> makeRequestCommand()
{
    return std::make_unique<Request>();
}

} // namespace aem::cli
