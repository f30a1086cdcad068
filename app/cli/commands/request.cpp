// aemtoken request NAME [-X METHOD] URL|/PATH [-H 'K: V']... [-d DATA|@FILE] [-i] [-o FILE] [--allow-host HOST]
//
// The token, the request, and on a 401 to a cached token one fresh mint and a retry (to move to
// core's AemSession).
#include "commands.h"

#include "aemrequest.h"
#include "cli.h"
#include "credentialstore.h"
#include "format.h"
#include "httpsyntax.h"
#include "output.h"
#include "tokenprovider.h"

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

// What one `request` sends, kept while it and its retry are under way.
struct Plan
{
    AemRequestSpec spec;
    bool includeHeaders = false;
    QString outFile;
    CredentialRecord record;
    QString name;
};

// Sends with the token; on a 401 with a cached service token, mints once more and retries.
void send(Cli* c, std::shared_ptr<const Plan> plan, bool fresh)
{
    const AemRequestSpec spec = plan->spec;
    const bool includeHeaders = plan->includeHeaders;
    const QString outFile = plan->outFile;
    const CredentialRecord record = plan->record;
    const QString name = plan->name;
    c->tokens().token(name, fresh, c, [=](const TokenResult& t) {
        if (!t.ok)
            return c->fail(t.error);
        if (!t.warning.isEmpty())
            errLine(t.warning);
        const bool mayRetry = !fresh && t.fromCache && canMint(record.kind);
        c->prepareTls();
        auto* req = new AemRequest(&c->nam(), spec, t.accessToken, c);
        // The body's destination: stdout, or -o PATH once the answer is known to be final.
        auto sink = std::make_shared<QPointer<Output>>(outFile.isEmpty() ? &c->out() : nullptr);
        auto retrying = std::make_shared<bool>(false);
        auto sinkFailed = [=] {
            return (*sink && (*sink)->failed()) || c->out().failed();
        };
        QObject::connect(req, &AemRequest::headersReceived, c, [=] {
            if (req->status() == 401 && mayRetry) {
                *retrying = true;
                return;
            }
            if (includeHeaders) {
                QByteArray head = "HTTP/1.1 " + QByteArray::number(req->status()) + ' ' + req->reason() + "\r\n";
                for (const auto& [k, v] : req->responseHeaders())
                    head += k + ": " + v + "\r\n";
                writeOut(head + "\r\n");
            }
            if (!outFile.isEmpty()) {
                auto* out = new Output(req);
                if (!out->openPath(outFile)) {
                    errLine(out->errorString());
                    c->setStdoutErrorShown();
                    *sink = out;
                    return req->abort();
                }
                *sink = out;
            }
            // A slow reader holds the server back instead of filling memory.
            QObject::connect(sink->data(), &Output::drained, req, &AemRequest::resume);
        });
        QObject::connect(req, &AemRequest::dataReceived, c, [=](const QByteArray& chunk) {
            if (*retrying || !*sink)
                return;
            (*sink)->write(chunk);
            if (sinkFailed())
                return req->abort();
            if ((*sink)->isFull())
                req->pause();
        });
        QObject::connect(req, &AemRequest::finished, c, [=] {
            req->deleteLater();
            if (*retrying) {
                errLine(Tr::tr("AEM refused the cached token (401); minting a new one"));
                return send(c, plan, true);
            }
            Output* out = *sink;
            if (out && out->failed()) {
                out->cancel();
                if (!c->stdoutErrorShown())
                    errLine(out->errorString());
                c->setStdoutErrorShown();
                return c->finish(Cli::Failure);
            }
            if (!req->errorString().isEmpty() && !sinkFailed()) {
                if (out && out != &c->out())
                    out->cancel();
                return c->fail(req->errorString());
            }
            if (out && out != &c->out() && !out->commit()) {
                errLine(out->errorString());
                return c->finish(Cli::Failure);
            }
            const int status = req->status();
            if (status >= 300 && status < 400) {
                // Never followed: the token would go wherever the Location says.
                QByteArray location;
                for (const auto& [k, v] : req->responseHeaders())
                    if (k.compare("location", Qt::CaseInsensitive) == 0)
                        location = v;
                if (location.isEmpty())
                    return c->fail(Tr::tr("AEM answered %1 without a Location; not followed").arg(status));
                return c->fail(Tr::tr("AEM answered %1, redirecting to %2; not followed, so the token is not sent there")
                                .arg(status)
                                .arg(QString::fromLatin1(location.left(500))));
            }
            if (status >= 200 && status < 300)
                return c->finish(Cli::Success);
            c->fail(explainAemStatus(status, record));
        });
        req->start();
    });
}

class Request final : public Command
{
public:
    Request()
    {
        name = QStringLiteral("request");
        summary = Tr::tr("call AEM with the credential's token; /PATH uses its author URL");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the stored credential's name")},
                     {QStringLiteral("URL|/PATH"), Tr::tr("a URL on one of the credential's hosts, or a path on its author URL")}};
        options = {{QStringLiteral("-X"), QStringLiteral("METHOD"), Tr::tr("the HTTP method (default GET, or POST with -d)")},
                   {QStringLiteral("-H"), QStringLiteral("'K: V'"), Tr::tr("a request header; may be repeated"), true},
                   {QStringLiteral("-d"), QStringLiteral("DATA|@FILE"), Tr::tr("the request body, or @FILE to send a file (@- for standard input)")},
                   {QStringLiteral("-i"), {}, Tr::tr("print the response status and headers before the body")},
                   {QStringLiteral("-o"), QStringLiteral("FILE"), Tr::tr("write the body to FILE instead of standard output")},
                   {QStringLiteral("--allow-host"), QStringLiteral("HOST"), Tr::tr("also send the token to HOST; may be repeated"), true}};
    }

    QString argumentsError() const override { return Tr::tr("request takes NAME and URL or /PATH"); }

    void run(Cli& cli, const Args& a) const override
    {
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        const QString name = a.positional[0];
        const auto rec = store->find(name);
        if (!rec)
            return cli.fail(Tr::tr("no credential named \"%1\"").arg(name));
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
                return cli.usage(*this, Tr::tr("-H: \"%1\" is not a valid header name").arg(h.left(colon).trimmed().left(60)));
            // A CR or LF would start a header of its own, past the Authorization guard below.
            if (!isHttpHeaderValue(value))
                return cli.usage(*this, Tr::tr("-H: the value of %1 contains a line break or a control character").arg(QString::fromLatin1(key)));
            if (key.compare("authorization", Qt::CaseInsensitive) == 0)
                return cli.usage(*this, Tr::tr("the Authorization header comes from the credential; do not pass one"));
            hasContentType = hasContentType || key.compare("content-type", Qt::CaseInsensitive) == 0;
            spec.headers.append({key, value});
        }
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
                spec.headers.append(qMakePair(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")));
            spec.method = "POST";
        }
        if (a.values.contains(QStringLiteral("-X")))
            spec.method = a.value(QStringLiteral("-X")).toUpper().toLatin1();
        if (!isHttpToken(spec.method))
            return cli.usage(*this, Tr::tr("-X takes an HTTP method such as GET, POST or DELETE"));
        spec.timeoutMs = cli.timeoutMs();
        auto plan = std::make_shared<Plan>();
        plan->spec = spec;
        plan->includeHeaders = a.has(QStringLiteral("-i"));
        plan->outFile = a.value(QStringLiteral("-o"));
        plan->record = *rec;
        plan->name = name;
        send(&cli, plan, false);
    }
};
} // namespace

std::unique_ptr<Command> makeRequestCommand()
{
    return std::make_unique<Request>();
}

} // namespace aem::cli
