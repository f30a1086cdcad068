// SPDX-License-Identifier: Apache-2.0
// core/httpfile: .http collections parsed, written back, substituted and checked.

#include "fakes.h"
#include "httpbodyfile.h"
#include "httpfile.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using namespace aem;

namespace {
// A file as a colleague wrote it in another tool: CRLF and LF mixed, comments, directives we do
// not know, a response handler, a query continued on the next line, a missing final newline.
const QByteArray kForeign = "# Team collection\r\n"
                            "@base = /content/dam\r\n"
                            "// @no-log\n"
                            "\n"
                            "### list assets\n"
                            "# @no-redirect\n"
                            "GET {{author}}{{base}}.json\n"
                            "    ?limit=10\n"
                            "Accept: application/json\n"
                            "\n"
                            "> {% client.test(\"ok\", function() {}); %}\n"
                            "\n"
                            "###\n"
                            "# @name create\n"
                            "# @expect status 201 200\n"
                            "POST {{author}}/api/assets/x HTTP/1.1\n"
                            "Content-Type: application/json\n"
                            "\n"
                            "{\"a\": 1,\n"
                            " \"b\": \"{{base}}\"}\n"
                            "\n"
                            "\n"
                            "### last\n"
                            "{{publish}}/content.json";
} // namespace

class TestHttpFile : public QObject
{
    Q_OBJECT

    static HttpFile parse(const QByteArray& data)
    {
        QString error;
        const auto f = parseHttpFile(data, &error);
        if (!f)
            qWarning() << error;
        return f.value_or(HttpFile {});
    }

    static HttpFile sample()
    {
        HttpFile f;
        f.collection = QStringLiteral("team");
        f.variables = {{QStringLiteral("base"), QStringLiteral("/content/dam"), 0}};
        f.secrets = {QStringLiteral("apiKey")};
        HttpFileRequest a;
        a.name = QStringLiteral("assets");
        a.method = "GET";
        a.target = QStringLiteral("{{author}}{{base}}.json");
        a.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}")}};
        a.expectStatus = {200};
        HttpFileRequest b;
        b.name = QStringLiteral("post");
        b.nameInDirective = true;
        b.method = "POST";
        b.target = QStringLiteral("/bin/x");
        b.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}};
        b.body = "{\n  \"x\": 1\n}";
        f.requests = {a, b};
        return f;
    }

private Q_SLOTS:
    void parsesRequestsVariablesAndDirectives()
    {
        const HttpFile f = parse(kForeign);
        QCOMPARE(f.variables.size(), 1);
        QCOMPARE(f.variables[0].name, QStringLiteral("base"));
        QCOMPARE(f.variables[0].value, QStringLiteral("/content/dam"));
        QCOMPARE(f.requests.size(), 3);
        const HttpFileRequest& a = f.requests[0];
        QCOMPARE(a.name, QStringLiteral("list assets"));
        QCOMPARE(a.method, QByteArray("GET"));
        QCOMPARE(a.target, QStringLiteral("{{author}}{{base}}.json?limit=10"));
        QCOMPARE(a.headers.size(), 1);
        QCOMPARE(a.notes, QStringList {QStringLiteral("# @no-redirect")});
        QCOMPARE(a.trailer.size(), 1);
        QVERIFY(a.body.isEmpty());
        QVERIFY(a.problems.isEmpty());
        const HttpFileRequest& b = f.requests[1];
        QCOMPARE(b.name, QStringLiteral("create"));
        QVERIFY(b.nameInDirective);
        QCOMPARE(b.expectStatus, (QList<int> {201, 200}));
        QCOMPARE(b.httpVersion, QStringLiteral("HTTP/1.1"));
        QCOMPARE(b.body, QByteArray("{\"a\": 1,\n \"b\": \"{{base}}\"}"));
        const HttpFileRequest& c = f.requests[2];
        QCOMPARE(c.method, QByteArray("GET"));
        QCOMPARE(c.target, QStringLiteral("{{publish}}/content.json"));
        QCOMPARE(f.displayName(2), QStringLiteral("last"));
        // The constructs we do not understand are listed for the user, not dropped.
        const QStringList unknown = f.unknownConstructs();
        QCOMPARE(unknown.size(), 3);
        QVERIFY(unknown.join(QLatin1Char('\n')).contains(QLatin1String("@no-log")));
        QVERIFY(unknown.join(QLatin1Char('\n')).contains(QLatin1String("client.test")));
    }

    void foreignFileUnchangedIsByteStable() { QCOMPARE(writeHttpFile(parse(kForeign)), kForeign); }

    void foreignFileEditedIsContentStable()
    {
        HttpFile f = parse(kForeign);
        f.requests[0].headers.append({QStringLiteral("X-Trace"), QStringLiteral("1")});
        const QByteArray written = writeHttpFile(f);
        // The untouched blocks keep their bytes; the edited one is rewritten with its directive and
        // handler kept.
        QVERIFY(written.contains("\"b\": \"{{base}}\"}\n"));
        QVERIFY(written.startsWith("# Team collection\r\n@base = /content/dam\r\n"));
        const HttpFile again = parse(written);
        QCOMPARE(again.requests.size(), f.requests.size());
        for (qsizetype i = 0; i < f.requests.size(); ++i)
            QVERIFY2(again.requests[i].sameContent(f.requests[i]), qPrintable(QString::number(i)));
        QCOMPARE(again.variables, f.variables);
        QCOMPARE(again.unknownConstructs(), f.unknownConstructs());
    }

    void ourOutputIsByteStable()
    {
        const QByteArray first = writeHttpFile(sample());
        const HttpFile reopened = parse(first);
        QCOMPARE(reopened.requests.size(), 2);
        QVERIFY(reopened.requests[0].sameContent(sample().requests[0]));
        QVERIFY(reopened.requests[1].sameContent(sample().requests[1]));
        QCOMPARE(reopened.secrets, sample().secrets);
        QCOMPARE(reopened.collection, QStringLiteral("team"));
        QCOMPARE(writeHttpFile(reopened), first);
        QCOMPARE(writeHttpFile(parse(writeHttpFile(reopened))), first);
    }

    void secretValueNeverWritten()
    {
        HttpFile f = sample();
        // A value for the secret got into the model (e.g. typed into the editor): never written.
        f.variables.append({QStringLiteral("apiKey"), QStringLiteral("s3cr3t-value"), 0});
        const QByteArray out = writeHttpFile(f);
        QVERIFY(!out.contains("s3cr3t-value"));
        QVERIFY(out.contains("# @secret apiKey"));
        // A file that carries one is refused, and not written back with it.
        const QByteArray withValue = "# @secret apiKey\n@apiKey = s3cr3t-value\n\n### a\nGET /x\n";
        const HttpFile parsed = parse(withValue);
        QCOMPARE(parsed.problems.size(), 1);
        QVERIFY(parsed.problems[0].contains(QLatin1String("apiKey")));
        QVERIFY(!parsed.problems[0].contains(QLatin1String("s3cr3t")));
        QVERIFY(!writeHttpFile(parsed).contains("s3cr3t-value"));
        QCOMPARE(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")),
                 QStringLiteral("collection-secret:team:apiKey"));
        QVERIFY(
            !httpSecretKey(QStringLiteral("t"), QStringLiteral("credential")).endsWith(QLatin1String("/credential")));
    }

    void substitutesVariables()
    {
        const HttpFile f = parse(kForeign);
        const QHash<QString, QString> target {{QStringLiteral("author"), QStringLiteral("https://author.example")},
                                              {QStringLiteral("publish"), QStringLiteral("https://publish.example")}};
        QString error;
        const auto a = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, target, {}), &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->url, QStringLiteral("https://author.example/content/dam.json?limit=10"));
        const auto b = resolveHttpRequest(f.requests[1], httpVariablesFor(f, 1, target, {}), &error);
        QVERIFY2(b, qPrintable(error));
        QCOMPARE(b->method, QByteArray("POST"));
        QCOMPARE(b->body, QByteArray("{\"a\": 1,\n \"b\": \"/content/dam\"}"));
        QVERIFY(!b->ownAuthorization);
        // The target's {{author}} wins over a file variable of that name.
        const HttpFile own = parse("@author = https://elsewhere.example\n\n### o\nGET {{author}}/x\n");
        const auto o = resolveHttpRequest(own.requests[0], httpVariablesFor(own, 0, target, {}), &error);
        QVERIFY(o);
        QCOMPARE(o->url, QStringLiteral("https://author.example/x"));
        // A variable whose value holds another.
        const HttpFile nested = parse("@root = {{author}}/content\n\n### n\nGET {{ root }}/x.json\n");
        const auto n = resolveHttpRequest(nested.requests[0], httpVariablesFor(nested, 0, target, {}), &error);
        QVERIFY2(n, qPrintable(error));
        QCOMPARE(n->url, QStringLiteral("https://author.example/content/x.json"));
    }

    void unknownVariableNamesItAndTheLine()
    {
        const HttpFile f = parse("### a\nGET /x\nX-Key: {{nope}}\n");
        QString error;
        QVERIFY(!resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error));
        QVERIFY2(error.contains(QLatin1String("nope")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("line 3")), qPrintable(error));
        // Variables that refer to each other end with an error, not a loop.
        const HttpFile loop = parse("@a = {{b}}\n@b = {{a}}\n\n### l\nGET /{{a}}\n");
        QVERIFY(!resolveHttpRequest(loop.requests[0], httpVariablesFor(loop, 0, {}, {}), &error));
    }

    void lineBreakInHeaderAfterSubstitutionRefused()
    {
        const HttpFile f = parse("# @secret apiKey\n\n### a\nGET /x\nX-Api-Key: {{apiKey}}\n");
        QString error;
        const QHash<QString, QString> secret {{QStringLiteral("apiKey"), QStringLiteral("abc\r\nAuthorization: x")}};
        QVERIFY(!resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, secret), &error));
        QVERIFY2(error.contains(QLatin1String("X-Api-Key")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("abc")), "the value (maybe a secret) is never in the message");
        // A clean secret goes through.
        const QHash<QString, QString> clean {{QStringLiteral("apiKey"), QStringLiteral("abc")}};
        const auto ok = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, clean), &error);
        QVERIFY(ok);
        QCOMPARE(ok->headers.value(0).second, QByteArray("abc"));
    }

    void badLinesAreProblemsOfTheirRequest()
    {
        const HttpFile f = parse("### a\nGE T /x HTTP/1.1 extra\n\n### b\nGET /x\nnot a header\n\n### c\n"
                                 "# @expect status banana\nGET /x\n\n### d\nPOST /x\n\n<@latin1 ./body.json\n");
        QCOMPARE(f.requests.size(), 4);
        for (const HttpFileRequest& r : f.requests)
            QVERIFY2(!r.problems.isEmpty(), qPrintable(r.name));
        QString error;
        QVERIFY(!resolveHttpRequest(f.requests[1], {}, &error));
        QVERIFY2(error.startsWith(QLatin1String("line 6")), qPrintable(error));
    }

    void ownAuthorizationAndNamedHosts()
    {
        const HttpFile f = parse("@other = https://api.example.com:8443/v1\n\n### a\nGET https://aem.example.com/x\n"
                                 "Authorization: Basic YTpi\n\n### b\nGET {{author}}/y\n\n### c\nGET "
                                 "https://{{host}}/z\n");
        QVERIFY(f.requests[0].hasOwnAuthorization());
        QVERIFY(!f.requests[1].hasOwnAuthorization());
        QCOMPARE(httpFileNamedHosts(f),
                 (QStringList {QStringLiteral("api.example.com:8443"), QStringLiteral("aem.example.com")}));
        QCOMPARE(httpRequestNamedHost(f, 0), QStringLiteral("aem.example.com"));
        QCOMPARE(httpRequestNamedHost(f, 1), QString()); // the target's host, not the file's
        QCOMPARE(httpRequestNamedHost(f, 2), QString());
        const HttpFile viaVar = parse("@api = https://API.example.com:8443/v1\n# @secret s\n\n### a\nGET {{api}}/x\n\n"
                                      "### b\nGET {{s}}/x\n\n### c\nGET /x\n");
        QCOMPARE(httpRequestNamedHost(viaVar, 0), QStringLiteral("api.example.com:8443"));
        QCOMPARE(httpRequestNamedHost(viaVar, 1), QString());
        QCOMPARE(httpRequestNamedHost(viaVar, 2), QString());
        QString error;
        const auto a = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error);
        QVERIFY(a && a->ownAuthorization);
    }

    void limitsChecked()
    {
        QString error;
        QVERIFY(!parseHttpFile(QByteArray(kMaxHttpFileBytes + 1, 'a'), &error));
        QVERIFY2(error.contains(QLatin1String("MiB")), qPrintable(error));
        QVERIFY(!parseHttpFile(QByteArray("### a\nGET /x\0y\n", 15), &error));
        QVERIFY2(error.contains(QLatin1String("NUL")), qPrintable(error));
        // A file of nothing but separators: refused before a request is built for each.
        QByteArray separators;
        for (qsizetype i = 0; i <= kMaxHttpFileRequests; ++i)
            separators += "###\n";
        QVERIFY(!parseHttpFile(separators, &error));
        QVERIFY2(error.contains(QString::number(kMaxHttpFileRequests)), qPrintable(error));
        separators.chop(4);
        QVERIFY(parseHttpFile(separators, &error));
        // Empty input: an empty collection, written back empty.
        const auto empty = parseHttpFile({}, &error);
        QVERIFY(empty && empty->requests.isEmpty());
        QCOMPARE(writeHttpFile(*empty), QByteArray());
    }

    // "< FILE" and "<@ FILE": the body read from a file, kept verbatim, written back the same.
    void bodyFromFileParsedAndKept()
    {
        const QByteArray foreign = "### raw\r\nPOST {{author}}/api/x\r\nContent-Type: application/json\r\n\r\n"
                                   "<   ./payloads/{{name}}.json\r\n\r\n> {% client.log(1); %}\r\n\r\n"
                                   "### subst\nPUT /y\n\n\n<@ /abs/body.txt\n";
        const HttpFile f = parse(foreign);
        QCOMPARE(f.requests.size(), 2);
        const HttpFileRequest& raw = f.requests[0];
        QVERIFY2(raw.problems.isEmpty(), qPrintable(raw.problems.value(0)));
        QCOMPARE(raw.bodyFile, QStringLiteral("./payloads/{{name}}.json"));
        QVERIFY(!raw.bodyFileVariables);
        QCOMPARE(raw.bodyFileLine, 5);
        QVERIFY(raw.body.isEmpty());
        QCOMPARE(raw.trailer, QStringList {QStringLiteral("> {% client.log(1); %}")});
        const HttpFileRequest& subst = f.requests[1];
        QVERIFY2(subst.problems.isEmpty(), qPrintable(subst.problems.value(0)));
        QCOMPARE(subst.bodyFile, QStringLiteral("/abs/body.txt"));
        QVERIFY(subst.bodyFileVariables);
        // Byte-stable for a file others wrote, unchanged.
        QCOMPARE(writeHttpFile(f), foreign);
        QVERIFY(httpReferencedNames(raw).contains(QStringLiteral("name")));
        QVERIFY(!httpUsesEverySecret(raw));
        QVERIFY(httpUsesEverySecret(subst));
        // Made in the program: written as "< PATH", read back to the same content, byte-stable.
        HttpFile made;
        HttpFileRequest r;
        r.name = QStringLiteral("upload");
        r.method = "POST";
        r.target = QStringLiteral("{{author}}/x");
        r.bodyFile = QStringLiteral("./body.json");
        made.requests = {r};
        r.name = QStringLiteral("upload2");
        r.bodyFileVariables = true;
        made.requests << r;
        const QByteArray written = writeHttpFile(made);
        QVERIFY2(written.contains("\n\n< ./body.json\n"), written.constData());
        QVERIFY2(written.contains("\n\n<@ ./body.json\n"), written.constData());
        const HttpFile again = parse(written);
        QCOMPARE(again.requests.size(), 2);
        QVERIFY(again.requests[0].sameContent(made.requests[0]));
        QVERIFY(again.requests[1].sameContent(made.requests[1]));
        QCOMPARE(writeHttpFile(again), written);
        // A changed request is written in the canonical form, still with its "<" line.
        HttpFile changed = f;
        changed.requests[0].headers.append({QStringLiteral("X-A"), QStringLiteral("b")});
        const QByteArray rewritten = writeHttpFile(changed);
        QVERIFY2(rewritten.contains("\n\n< ./payloads/{{name}}.json\n> {% client.log(1); %}\n"), rewritten.constData());
        QVERIFY(parse(rewritten).requests[0].sameContent(changed.requests[0]));
    }

    void bodyFileProblems()
    {
        const HttpFile f = parse("### a\nPOST /x\n\n< ./a.json\n{\"more\": 1}\n\n### b\nPOST /x\n\n<\n\n"
                                 "### c\nPOST /x\n\n{\"a\": 1}\n< ./not-a-file-line.json\n");
        QCOMPARE(f.requests.size(), 3);
        QVERIFY(!f.requests[0].problems.isEmpty());
        QVERIFY2(f.requests[0].problems[0].startsWith(QLatin1String("line 5")), qPrintable(f.requests[0].problems[0]));
        // "<" alone is not "< FILE": body text, as any other tool reads it.
        QVERIFY(f.requests[1].bodyFile.isEmpty());
        // Not the first line of the body: the body's text, as written.
        QVERIFY(f.requests[2].problems.isEmpty());
        QVERIFY(f.requests[2].bodyFile.isEmpty());
        QVERIFY(f.requests[2].body.endsWith("< ./not-a-file-line.json"));
    }

    void bodyFileResolvedAndRead()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString http = dir.filePath(QStringLiteral("c.http"));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("payloads")));
        const QByteArray content = "{\"id\": \"{{id}}\", \"t\": {{$timestamp}}}\n\xff\x01";
        {
            QFile b(dir.filePath(QStringLiteral("payloads/one.json")));
            QVERIFY(b.open(QIODevice::WriteOnly) && b.write(content) == content.size());
        }
        QCOMPARE(httpBodyFilePath(http, QStringLiteral("./payloads/one.json")),
                 dir.filePath(QStringLiteral("payloads/one.json")));
        QCOMPARE(httpBodyFilePath(http, QStringLiteral("/etc/x.json")), QStringLiteral("/etc/x.json"));
        const HttpFile f = parse("@which = one\n@id = abc\n\n### raw\nPOST /x\n\n< ./payloads/{{which}}.json\n\n"
                                 "### subst\nPOST /x\n\n<@ payloads/{{which}}.json\n");
        ManualClock clock(QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        const HttpDynamicSource dynamic {&clock, nullptr};
        QString error;
        const QHash<QString, QString> vars = httpVariablesFor(f, 1, {}, {});
        auto raw = resolveHttpRequest(f.requests[0], vars, &error, dynamic);
        QVERIFY2(raw, qPrintable(error));
        QCOMPARE(raw->bodyFile, QStringLiteral("./payloads/one.json"));
        QVERIFY(raw->body.isEmpty()); // not read until sent
        QVERIFY2(loadHttpBodyFile(&*raw, http, vars, &error, dynamic), qPrintable(error));
        QCOMPARE(raw->body, content); // raw: the bytes as they are
        auto subst = resolveHttpRequest(f.requests[1], vars, &error, dynamic);
        QVERIFY2(subst && loadHttpBodyFile(&*subst, http, vars, &error, dynamic), qPrintable(error));
        QVERIFY2(subst->body.startsWith("{\"id\": \"abc\", \"t\": 1700000000}\n"), subst->body.constData());
        // An unknown variable inside a "<@" file names the file and the variable.
        const HttpFile unknown = parse("### u\nPOST /x\n\n<@ ./payloads/one.json\n");
        auto u = resolveHttpRequest(unknown.requests[0], {}, &error, dynamic);
        QVERIFY(u);
        QVERIFY(!loadHttpBodyFile(&*u, http, {}, &error, dynamic));
        QVERIFY2(error.contains(QLatin1String("one.json")) && error.contains(QLatin1String("{{id}}")),
                 qPrintable(error));
    }

    // A body file outside the collection's folder is never read, however it is named: absolute,
    // "../", or a link inside the folder pointing out. Absolute paths inside the folder are fine.
    void bodyFileOutsideTheCollectionFolderIsRefused()
    {
        QTemporaryDir dir, elsewhere;
        QVERIFY(dir.isValid() && elsewhere.isValid());
        const QString http = dir.filePath(QStringLiteral("c.http"));
        const QString secret = elsewhere.filePath(QStringLiteral("id_rsa"));
        {
            QFile f(secret);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("PRIVATE") == 7);
            QFile in(dir.filePath(QStringLiteral("in.json")));
            QVERIFY(in.open(QIODevice::WriteOnly) && in.write("{}") == 2);
        }
        QVERIFY(QFile::link(secret, dir.filePath(QStringLiteral("link.json"))));
        const QString up = QStringLiteral("../") + QFileInfo(elsewhere.path()).fileName() + QStringLiteral("/id_rsa");
        for (const QString& written : {secret, up, QStringLiteral("./link.json")}) {
            ResolvedHttpRequest r;
            r.bodyFile = written;
            QString error;
            QVERIFY2(!loadHttpBodyFile(&r, http, {}, &error), qPrintable(written));
            QVERIFY2(error.contains(QLatin1String("outside the folder")), qPrintable(error));
            QVERIFY(r.body.isEmpty());
        }
        ResolvedHttpRequest inside;
        inside.bodyFile = dir.filePath(QStringLiteral("in.json"));
        QString error;
        QVERIFY2(loadHttpBodyFile(&inside, http, {}, &error), qPrintable(error));
        QCOMPARE(inside.body, QByteArray("{}"));
    }

    void bodyFileNotAFileIsNeverOpened()
    {
        // Opening is not harmless: a FIFO's writer is let go, a device acts on open (a watchdog
        // starts, a tape rewinds), and a file outside the collection's folder was opened before
        // being refused. inotify sees every open: none may happen for what is refused.
        QTemporaryDir dir, elsewhere;
        QVERIFY(dir.isValid() && elsewhere.isValid());
        const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString outside = elsewhere.filePath(QStringLiteral("secret.json"));
        {
            QFile f(outside);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{}") == 2);
        }
        const int in = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        QVERIFY(in >= 0);
        QVERIFY(::inotify_add_watch(in, QFile::encodeName(fifo).constData(), IN_OPEN) >= 0);
        QVERIFY(::inotify_add_watch(in, QFile::encodeName(outside).constData(), IN_OPEN) >= 0);
        auto opened = [in] {
            char buffer[4096];
            return ::read(in, buffer, sizeof buffer) > 0;
        };
        QString error;
        QVERIFY(!readHttpBodyFile(fifo, &error));
        QVERIFY2(error.contains(QLatin1String("FIFO")), qPrintable(error));
        QVERIFY2(!opened(), "the FIFO was opened");
        QVERIFY(!readHttpBodyFile(outside, &error, dir.path()));
        QVERIFY2(error.contains(QLatin1String("outside the folder")), qPrintable(error));
        QVERIFY2(!opened(), "the file outside the folder was opened");
        // What is read is opened, once (the watch works).
        QVERIFY(readHttpBodyFile(outside, &error));
        QVERIFY(opened());
        ::close(in);
    }

    void bodyFileRefusals()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        // Missing: the file and the cause.
        QVERIFY(!readHttpBodyFile(dir.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY2(error.contains(QLatin1String("missing.json")) && error.contains(QLatin1String("no such file")),
                 qPrintable(error));
        // A directory.
        QVERIFY(!readHttpBodyFile(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("directory")), qPrintable(error));
        // A FIFO: refused at once, never waited on.
        const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!readHttpBodyFile(fifo, &error));
        QVERIFY2(error.contains(QLatin1String("FIFO")) && error.contains(QLatin1String("pipe.json")),
                 qPrintable(error));
        // Larger than the cap (a sparse file: no 16 MiB written).
        const QString big = dir.filePath(QStringLiteral("big.bin"));
        {
            QFile b(big);
            QVERIFY(b.open(QIODevice::WriteOnly) && b.resize(kMaxHttpBodyFileBytes + 1));
        }
        QVERIFY(!readHttpBodyFile(big, &error));
        QVERIFY2(error.contains(QLatin1String("big.bin")) && error.contains(QLatin1String("16 MiB")),
                 qPrintable(error));
        // Unreadable (not as root, who reads everything).
        const QString locked = dir.filePath(QStringLiteral("locked.json"));
        {
            QFile b(locked);
            QVERIFY(b.open(QIODevice::WriteOnly) && b.write("{}") == 2);
        }
        QVERIFY(QFile::setPermissions(locked, QFileDevice::WriteOwner));
        if (::geteuid() != 0) {
            QVERIFY(!readHttpBodyFile(locked, &error));
            QVERIFY2(error.contains(QLatin1String("locked.json")) && error.contains(QLatin1String("ermission")),
                     qPrintable(error));
        }
        // A symbolic link to a regular file is read; exactly the cap is fine.
        const QString target = dir.filePath(QStringLiteral("target.json"));
        {
            QFile b(target);
            QVERIFY(b.open(QIODevice::WriteOnly) && b.write("{\"ok\": true}") == 12);
        }
        QVERIFY(QFile::link(target, dir.filePath(QStringLiteral("link.json"))));
        const auto viaLink = readHttpBodyFile(dir.filePath(QStringLiteral("link.json")), &error);
        QVERIFY2(viaLink, qPrintable(error));
        QCOMPARE(*viaLink, QByteArray("{\"ok\": true}"));
        // A link to the FIFO is refused as the FIFO.
        QVERIFY(QFile::link(fifo, dir.filePath(QStringLiteral("tofifo.json"))));
        QVERIFY(!readHttpBodyFile(dir.filePath(QStringLiteral("tofifo.json")), &error));
        QVERIFY2(error.contains(QLatin1String("FIFO")), qPrintable(error));
    }

    void dynamicVariables()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC));
        QRandomGenerator random(42);
        const HttpDynamicSource dynamic {&clock, &random};
        QString error;
        const auto text = substituteHttpVariables(
            QStringLiteral("{{$uuid}} {{$uuid}} {{ $random.uuid }} {{$guid}} {{$timestamp}} {{$isoTimestamp}} "
                           "{{$randomInt}} {{$randomInt 5 7}} {{$randomInt -3 -2}}"),
            {}, 1, &error, dynamic);
        QVERIFY2(text, qPrintable(error));
        const QStringList parts = text->split(QLatin1Char(' '));
        QCOMPARE(parts.size(), 9);
        static const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        for (int i = 0; i < 4; ++i)
            QVERIFY2(uuid.match(parts[i]).hasMatch(), qPrintable(parts[i]));
        // Each occurrence its own value (as the JetBrains client does).
        QVERIFY(parts[0] != parts[1]);
        QCOMPARE(parts[4], QString::number(QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC).toSecsSinceEpoch()));
        QCOMPARE(parts[5], QStringLiteral("2026-03-04T05:06:07Z"));
        const int r = parts[6].toInt();
        QVERIFY(r >= 0 && r < 1000);
        QVERIFY(parts[7] == QLatin1String("5") || parts[7] == QLatin1String("6"));
        QCOMPARE(parts[8], QStringLiteral("-3"));
        // Time is the injected clock's.
        clock.advanceMs(10000);
        QCOMPARE(*substituteHttpVariables(QStringLiteral("{{$timestamp}}"), {}, 1, &error, dynamic),
                 QString::number(QDateTime(QDate(2026, 3, 4), QTime(5, 6, 17), Qt::UTC).toSecsSinceEpoch()));
        // Two sends of the same request differ.
        const HttpFile f = parse("@id = {{$uuid}}\n\n### a\nPOST /x?id={{id}}\nX-Req: {{$randomInt 0 1000000000}}\n\n"
                                 "{\"id\": \"{{id}}\"}\n");
        const auto a = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error, dynamic);
        const auto b = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error, dynamic);
        QVERIFY2(a && b, qPrintable(error));
        QVERIFY(a->url != b->url);
        QVERIFY(a->headers != b->headers);
        QVERIFY(uuid.match(a->url.mid(6)).hasMatch());
        // Not a reference: a name with spaces stays as written, as before.
        QCOMPARE(*substituteHttpVariables(QStringLiteral("{{a b}}"), {}, 1, &error, dynamic),
                 QStringLiteral("{{a b}}"));
    }

    // `keep` (the request tester at load): each {{$name}} checked but left as written, also where
    // a variable holds one; the rest substituted; valued later, a fresh value each time.
    void keptDynamicVariablesStayAsWritten()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC));
        HttpDynamicSource keep {&clock, nullptr, true};
        QString error;
        const HttpFile f = parse("@id = {{$uuid}}\n@p = /x\n\n### a\nPOST {{p}}?id={{id}}&n={{$randomInt 1 9}}\n"
                                 "X-At: {{ $timestamp }}\n\n{\"at\": \"{{$isoTimestamp}}\"}\n");
        const auto kept = resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error, keep);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->url, QStringLiteral("/x?id={{$uuid}}&n={{$randomInt 1 9}}"));
        QCOMPARE(kept->headers.first().second, QByteArray("{{ $timestamp }}"));
        QCOMPARE(kept->body, QByteArray("{\"at\": \"{{$isoTimestamp}}\"}"));
        // Checked all the same: a bad one is refused now, by line.
        QVERIFY(!substituteHttpVariables(QStringLiteral("{{$randomInt 9 3}}"), {}, 4, &error, keep));
        QVERIFY2(error.contains(QLatin1String("line 4")), qPrintable(error));
        QVERIFY(!substituteHttpVariables(QStringLiteral("{{$nope}} {{x}}"), {}, 4, &error, keep));
        QVERIFY(!substituteHttpVariables(QStringLiteral("{{$uuid}} {{x}}"), {}, 4, &error, keep));
        QVERIFY2(error.contains(QLatin1String("{{x}}")), qPrintable(error));
        // Valued later: each occurrence from the clock of that moment.
        const HttpDynamicSource now {&clock, nullptr};
        clock.advanceMs(60000);
        QCOMPARE(*substituteHttpVariables(QString::fromUtf8(kept->headers.first().second), {}, 1, &error, now),
                 QString::number(QDateTime(QDate(2026, 3, 4), QTime(5, 7, 7), Qt::UTC).toSecsSinceEpoch()));
    }

    void unknownDynamicVariableIsAnError()
    {
        QString error;
        QVERIFY(!substituteHttpVariables(QStringLiteral("x {{$nope}}"), {}, 7, &error));
        QVERIFY2(error.startsWith(QLatin1String("line 7")) && error.contains(QLatin1String("{{$nope}}")),
                 qPrintable(error));
        for (const char* bad : {"{{$randomInt 5}}", "{{$randomInt 9 3}}", "{{$randomInt a b}}", "{{$uuid 3}}"}) {
            QVERIFY2(!substituteHttpVariables(QString::fromLatin1(bad), {}, 2, &error), bad);
            QVERIFY2(error.contains(QLatin1String("line 2")), qPrintable(error));
        }
        const HttpFile f = parse("### a\nGET /x\nX-Id: {{$whatever}}\n");
        QVERIFY(!resolveHttpRequest(f.requests[0], {}, &error));
        QVERIFY2(error.contains(QLatin1String("$whatever")) && error.contains(QLatin1String("line 3")),
                 qPrintable(error));
    }

    // Variables that each hold another several times grow exponentially with the nesting (a
    // few hundred bytes of file could ask for terabytes): refused once the request would pass the
    // size of the largest file, before it is built, naming the line.
    void nestedVariablesCannotExhaustMemory()
    {
        QByteArray text = "@v0 = " + QByteArray(1000, 'a') + "\n";
        for (int i = 1; i <= 5; ++i) {
            text += "@v" + QByteArray::number(i) + " = ";
            for (int k = 0; k < 10; ++k)
                text += "{{v" + QByteArray::number(i - 1) + "}}";
            text += "\n";
        }
        text += "\n### big\nPOST /x\nX-Small: {{v1}}\n\n{{v5}}\n";
        QVERIFY(text.size() < 2048);
        const HttpFile f = parse(text);
        QString error;
        QVERIFY(!resolveHttpRequest(f.requests[0], httpVariablesFor(f, 0, {}, {}), &error));
        QVERIFY2(error.contains(QLatin1String("MiB")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("line 12")), qPrintable(error));
        // Many header lines, each below the limit, share one budget.
        QByteArray many = "@v0 = " + QByteArray(1000, 'a') + "\n@v1 = ";
        for (int k = 0; k < 100; ++k)
            many += "{{v0}}";
        many += "\n\n### many\nGET /x\n";
        for (int k = 0; k < 60; ++k)
            many += "X-H" + QByteArray::number(k) + ": {{v1}}\n";
        const HttpFile m = parse(many);
        QVERIFY(!resolveHttpRequest(m.requests[0], httpVariablesFor(m, 0, {}, {}), &error));
        QVERIFY2(error.contains(QLatin1String("MiB")), qPrintable(error));
        // Within the limit: as before.
        const HttpFile ok = parse("@v0 = abc\n@v1 = {{v0}}{{v0}}\n\n### ok\nGET /{{v1}}\n");
        const auto r = resolveHttpRequest(ok.requests[0], httpVariablesFor(ok, 0, {}, {}), &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->url, QStringLiteral("/abcabc"));
    }

    void hostHeaderOfTheFileRefused()
    {
        const HttpFile f = parse("### a\nGET {{author}}/x\nAccept: */*\nhost: other-program.example\n");
        QString error;
        QVERIFY(!resolveHttpRequest(
            f.requests[0],
            httpVariablesFor(f, 0, {{QStringLiteral("author"), QStringLiteral("https://a.example")}}, {}), &error));
        QVERIFY2(error.contains(QLatin1String("line 4")) && error.contains(QLatin1String("host")), qPrintable(error));
    }

    void secretMaskedInEveryFormOfTheUrl()
    {
        const QString key = QStringLiteral("{{k}}");
        auto mask = [&](const QString& url, const QString& value) { return maskSecretsInUrl(url, {{value, key}}); };
        QCOMPARE(mask(QStringLiteral("https://h/x?a=s3cr3t&b=1"), QStringLiteral("s3cr3t")),
                 QStringLiteral("https://h/x?a={{k}}&b=1"));
        QCOMPARE(mask(QStringLiteral("https://h/x?a=s%2B3%3D&b=1"), QStringLiteral("s+3=")),
                 QStringLiteral("https://h/x?a={{k}}&b=1"));
        QCOMPARE(mask(QStringLiteral("https://h/x?a=kAy"), QStringLiteral("k%41y")),
                 QStringLiteral("https://h/x?a={{k}}"));
        QCOMPARE(mask(QStringLiteral("https://h/x?a=k\u00e9y%25zz"), QStringLiteral("k\u00e9y%zz")),
                 QStringLiteral("https://h/x?a={{k}}"));
        QCOMPARE(mask(QStringLiteral("https://h/x?a=s3 v"), QStringLiteral("s3+v")),
                 QStringLiteral("https://h/x?a={{k}}"));
        // Nothing to mask: the URL as it was, still encoded.
        QCOMPARE(mask(QStringLiteral("https://h/x?a=%26"), QStringLiteral("other")),
                 QStringLiteral("https://h/x?a=%26"));
    }

    void singleRequestWithoutSeparator()
    {
        const QByteArray one = "GET https://aem.example.com/content.json\nAccept: */*\n";
        const HttpFile f = parse(one);
        QCOMPARE(f.requests.size(), 1);
        QCOMPARE(f.displayName(0), QStringLiteral("#1"));
        QCOMPARE(writeHttpFile(f), one);
    }
};

QTEST_GUILESS_MAIN(TestHttpFile)
#include "tst_httpfile.moc"
