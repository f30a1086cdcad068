// SPDX-License-Identifier: Apache-2.0
// core/httpfile: .http collections parsed, written back, substituted and checked.

#include "httpfile.h"

#include <QTest>

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
                                 "# @expect status banana\nGET /x\n\n### d\nPOST /x\n\n< ./body.json\n");
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
