// SPDX-License-Identifier: Apache-2.0
// The one curl builder: every argument reaches curl as it was, whatever quotes, spaces, $,
// backslashes or line breaks it holds (checked through a real `sh -c`), the token stays in
// $AEM_TOKEN unless asked inline, and the command runs against the sandbox as-is.

#include "curlcommand.h"
#include "testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestCurlCommand : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;

    // The arguments `sh -c` hands to curl: a shell function named curl prints them, one per NUL,
    // then what it reads on its standard input as "stdin:…" (where the token must be).
    static QStringList argumentsAfterShell(const QString& command, const QString& token = {})
    {
        QProcess sh;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AEM_TOKEN"), token);
        sh.setProcessEnvironment(env);
        sh.start(QStringLiteral("sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; "
                                 "printf 'stdin:%s\\0' \"$(cat)\"; }\n")
                      + command});
        sh.closeWriteChannel();
        if (!sh.waitForFinished(10000) || sh.exitCode() != 0)
            return {QStringLiteral("<sh failed>")};
        QStringList out = QString::fromUtf8(sh.readAllStandardOutput()).split(QChar(u'\0'));
        out.removeLast(); // after the last NUL
        return out;
    }

private Q_SLOTS:
    void shellQuoteSurvivesTheShell_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("plain") << QStringLiteral("abc");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces") << QStringLiteral("  two  spaces  ");
        QTest::newRow("single quotes") << QStringLiteral("it's 'quoted'");
        QTest::newRow("double quotes") << QStringLiteral("say \"hi\"");
        QTest::newRow("dollar and backticks") << QStringLiteral("$HOME ${PATH} $(id) `id`");
        QTest::newRow("backslashes") << QStringLiteral("a\\b\\\\c\\n");
        QTest::newRow("line breaks") << QStringLiteral("line 1\nline 2\r\n\ttab");
        QTest::newRow("glob and separators") << QStringLiteral("* ? [a] ; & | > <");
        QTest::newRow("non-ASCII") << QStringLiteral("café — ☃");
    }

    void shellQuoteSurvivesTheShell()
    {
        QFETCH(QString, word);
        QCOMPARE(argumentsAfterShell(QStringLiteral("curl ") + shellQuote(word)),
                 (QStringList {word, QStringLiteral("stdin:")}));
    }

    void headersAndBodyReachCurlUnchanged()
    {
        AemRequestSpec spec;
        spec.method = "POST";
        spec.url = QUrl(QStringLiteral("https://author.example.com/content/it's here?q=a b&x=$y"));
        spec.headers = {{"X-Note", "it's \"quoted\" $HOME `id`"},
                        {"Content-Type", "application/json"},
                        {"Authorization", "Bearer ignored"}};
        spec.body = "{\"it's\": \"$HOME\",\n \"two\": \"lines\\n\"}\n";
        const QStringList args = argumentsAfterShell(curlCommand(spec), QStringLiteral("tok.en"));
        const QStringList expected {QStringLiteral("-sS"), QStringLiteral("-g"), QStringLiteral("-H"),
                                    QStringLiteral("@-"), QStringLiteral("-X"), QStringLiteral("POST"),
                                    QStringLiteral("-H"), QStringLiteral("X-Note: it's \"quoted\" $HOME `id`"),
                                    QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                                    QStringLiteral("--data-raw"), QString::fromUtf8(spec.body),
                                    spec.url.toString(QUrl::FullyEncoded),
                                    // from $AEM_TOKEN, on curl's standard input
                                    QStringLiteral("stdin:Authorization: Bearer tok.en")};
        QCOMPARE(args, expected);
    }

    // curl reads "--data-binary @name" as "upload the file name": a typed body that starts with
    // @ must be sent as the text it is (--data-raw), as the tester sends it.
    void bodyStartingWithAtIsTextNotAFile()
    {
        AemRequestSpec spec;
        spec.method = "POST";
        spec.url = QUrl(QStringLiteral("https://author.example.com/bin/receive"));
        spec.body = "@/etc/hostname";
        const QStringList args = argumentsAfterShell(curlCommand(spec), QStringLiteral("t"));
        const qsizetype at = args.indexOf(QStringLiteral("@/etc/hostname"));
        QVERIFY(at > 0);
        QCOMPARE(args.at(at - 1), QStringLiteral("--data-raw"));
        QVERIFY(!args.contains(QStringLiteral("--data-binary")));
        // A chosen body file is still streamed by curl from the file.
        spec.body.clear();
        spec.bodyFile = QStringLiteral("/tmp/payload.json");
        const QStringList fileArgs = argumentsAfterShell(curlCommand(spec), QStringLiteral("t"));
        QVERIFY(fileArgs.contains(QStringLiteral("@/tmp/payload.json")));
        QCOMPARE(fileArgs.at(fileArgs.indexOf(QStringLiteral("@/tmp/payload.json")) - 1),
                 QStringLiteral("--data-binary"));
        // A collection's "< FILE" read into the body: curl reads the file, the bytes are not copied.
        spec.bodyFile.clear();
        spec.body = "{\"from\": \"the file\"}";
        spec.bodyFromFile = QStringLiteral("/tmp/collection/body.json");
        spec.bodyFromFileAsIs = true;
        const QString fromCollection = curlCommand(spec);
        QVERIFY2(fromCollection.contains(QLatin1String("--data-binary '@/tmp/collection/body.json'")),
                 qPrintable(fromCollection));
        QVERIFY(!fromCollection.contains(QLatin1String("the file")));
        // "<@ FILE": substituted, so the bytes themselves.
        spec.bodyFromFileAsIs = false;
        QVERIFY(curlCommand(spec).contains(QLatin1String("the file")));
    }

    void tokenStaysInTheEnvironmentUnlessInline()
    {
        AemRequestSpec spec;
        spec.url = QUrl(QStringLiteral("https://author.example.com/libs/granite/security/currentuser.json"));
        const QString viaEnv = curlCommand(spec);
        QVERIFY(viaEnv.contains(QLatin1String("$AEM_TOKEN")));
        QVERIFY(!viaEnv.contains(QLatin1String("-X"))); // a GET without body
        const QString inlined = curlCommand(spec, "eyJhbGciOiJSUzI1NiJ9.e30.sig");
        QVERIFY(!inlined.contains(QLatin1String("$AEM_TOKEN")));
        // Never in curl's argv (ps shows it to every local user): on its standard input.
        QCOMPARE(argumentsAfterShell(inlined),
                 (QStringList {QStringLiteral("-sS"), QStringLiteral("-g"), QStringLiteral("-H"), QStringLiteral("@-"),
                               spec.url.toString(),
                               QStringLiteral("stdin:Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig")}));
        QCOMPARE(
            inlined,
            QStringLiteral("printf 'Authorization: Bearer %s\\n' 'eyJhbGciOiJSUzI1NiJ9.e30.sig' | curl -sS -g -H @- "
                           "'https://author.example.com/libs/granite/security/currentuser.json'"));
    }

    // A collection's own Authorization (sent as written): on curl's standard input like the
    // token, never in its argv, exactly as the file wrote it, quotes and all; no token.
    void asWrittenAuthorizationGoesOnStandardInput()
    {
        AemRequestSpec spec;
        spec.asWritten = true;
        spec.url = QUrl(QStringLiteral("https://files.example.com/x.json"));
        spec.headers = {{"X-Trace", "t-1"}, {"Authorization", "Basic it's-$HOME"}};
        const QString command = curlCommandAsWritten(spec);
        QVERIFY(!command.contains(QLatin1String("Bearer")));
        QVERIFY(!command.contains(QLatin1String("$AEM_TOKEN")));
        QCOMPARE(argumentsAfterShell(command),
                 (QStringList {QStringLiteral("-sS"), QStringLiteral("-g"), QStringLiteral("-H"), QStringLiteral("@-"),
                               QStringLiteral("-H"), QStringLiteral("X-Trace: t-1"), spec.url.toString(),
                               QStringLiteral("stdin:Authorization: Basic it's-$HOME")}));
        QVERIFY(command.startsWith(QLatin1String("printf '%s\\n' 'Authorization: Basic it'\\''s-$HOME' | curl ")));
    }
};

QTEST_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
