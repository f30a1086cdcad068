// SPDX-License-Identifier: Apache-2.0
// A request of an .http collection in the request tester, offscreen against the sandbox: resolved
// for the chosen credential (its hosts, the file's variables, secrets from the keychain), refused
// with the variable named when one is unknown or missing, and a file's own Authorization sent as
// written, without the token, only when the user agrees and only to the host the file names.

#include "appcontext.h"
#include "collectionfile.h"
#include "comparecontroller.h"
#include "compareview.h"
#include "envtype.h"
#include "httpbodyfile.h"
#include "localaem.h"
#include "mainwindow.h"
#include "requestbody.h"
#include "requesthistory.h"
#include "requesttester.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <sys/stat.h>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestTesterCollection : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    ManualClock m_clock {QDateTime::currentDateTimeUtc()};
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    RequestTester* m_tester = nullptr;

    QString writeCollection(const QByteArray& text)
    {
        const QString path = m_dir.filePath(QStringLiteral("team.http"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
            return {};
        return path;
    }

    // Loads request `index` of `text` and returns the tester's answer (empty: loaded).
    QString load(const QByteArray& text, qsizetype index = 0, QString* path = nullptr)
    {
        const QString p = writeCollection(text);
        if (path)
            *path = p;
        QString error;
        const auto file = readCollection(p, &error);
        if (!file)
            return QStringLiteral("unreadable: ") + error;
        QSignalSpy loaded(m_tester, &RequestTester::collectionLoaded);
        m_tester->loadCollectionRequest(p, *file, index);
        if (loaded.isEmpty() && !loaded.wait(10000))
            return QStringLiteral("no answer");
        return loaded.first().first().toString();
    }

    int sendAndWait()
    {
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        m_tester->send();
        if (!finished.wait(60000))
            return -1;
        if (finished.first().first().toInt() > 0)
            ready.wait(30000);
        return finished.first().first().toInt();
    }

    void writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size());
    }

    // What a body read posted back is delivered: after it, a stale result would have been applied.
    static void drainBodyReads()
    {
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::sendPostedEvents();
    }

    QJsonObject echo() const { return QJsonDocument::fromJson(m_tester->rawText().toUtf8()).object(); }

    static QString header(const RequestDraft& d, const QString& name)
    {
        for (const auto& [k, v] : d.headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }

    void ensureSecondCredential()
    {
        if (!m_context->store().find(QStringLiteral("dev2"))) {
            const ParseResult parsed =
                parseCredentialJson(m_sandbox->sandbox().createServiceCredentials({}), SystemClock::instance());
            QVERIFY(parsed.ok());
            CredentialStore::ImportOptions io;
            io.name = QStringLiteral("dev2");
            io.author = QUrl(m_sandbox->sandbox().baseUrl());
            bool done = false;
            m_context->store().importCredential(*parsed.credential, io, this,
                                                [&](const CredentialStore::ImportResult& r) {
                                                    QVERIFY2(r.ok, qPrintable(r.error));
                                                    done = true;
                                                });
            QTRY_VERIFY(done);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
        AppSettings s;
        s.extraCaFile = m_sandbox->sandbox().caFile();
        const QString settingsPath = m_dir.path() + QStringLiteral("/settings.ini");
        QVERIFY(s.save(settingsPath));
        AppContext::Options o;
        o.location = StoreLocation::under(m_dir.path());
        o.secrets = &m_secrets;
        o.settingsPath = settingsPath;
        o.clock = &m_clock;
        m_context = std::make_unique<AppContext>(o);
        const ParseResult parsed =
            parseCredentialJson(m_sandbox->sandbox().createServiceCredentials({}), SystemClock::instance());
        QVERIFY(parsed.ok());
        CredentialStore::ImportOptions io;
        io.name = QStringLiteral("dev");
        io.author = QUrl(m_sandbox->sandbox().baseUrl());
        bool done = false;
        m_context->store().importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
    }

    void init()
    {
        m_clock.set(QDateTime::currentDateTimeUtc());
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->selectCredential(QStringLiteral("dev"));
        m_tester = m_window->openRequestTester();
        QVERIFY(QTest::qWaitForWindowExposed(m_tester));
        m_tester->setCredential(QStringLiteral("dev"));
    }

    void cleanup()
    {
        if (m_tester && m_tester->isBusy()) {
            m_tester->cancel();
            QVERIFY(!m_tester->isBusy());
        }
        m_tester = nullptr;
        m_window.reset();
        m_secrets.entries().remove(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")));
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::None));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }

    void substitutesTheCredentialsHostsAndTheFilesVariables()
    {
        const QString error = load("@dam = /content/dam\n"
                                   "@trace = abc-123\n"
                                   "### echo\n"
                                   "POST {{author}}/__sandbox/echo?under={{dam}}\n"
                                   "X-Trace: {{trace}}\n"
                                   "X-Origin: {{author}}\n"
                                   "Content-Type: application/json\n\n"
                                   "{\"path\": \"{{dam}}\"}\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const RequestDraft d = m_tester->requestDraft();
        QCOMPARE(d.method, QStringLiteral("POST"));
        // On the author target: the path, and {{author}} elsewhere as the credential's URL.
        QCOMPARE(m_tester->pathText(), QStringLiteral("/__sandbox/echo?under=/content/dam"));
        QCOMPARE(header(d, QStringLiteral("X-Trace")), QStringLiteral("abc-123"));
        QCOMPARE(header(d, QStringLiteral("X-Origin")), m_sandbox->sandbox().baseUrl());
        QVERIFY(!m_tester->controller().collectionOrigin()->ownAuthorization);
        // Sent as any typed request: the token attached, the body substituted.
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString().trimmed(),
                 QStringLiteral("{\"path\": \"/content/dam\"}"));
        QCOMPARE(echo().value(QLatin1String("headers")).toObject().value(QLatin1String("x-trace")).toString(),
                 QStringLiteral("abc-123"));
    }

    void unknownVariableIsNamedAndNothingLoaded()
    {
        m_tester->setRequest("GET", QStringLiteral("/before"));
        const QString error = load("### x\nGET {{author}}/content/{{nowhere}}.json\n");
        QVERIFY2(error.contains(QLatin1String("nowhere")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(m_tester->explanationText(), error);
        QCOMPARE(m_tester->pathText(), QStringLiteral("/before"));
        QVERIFY(!m_tester->controller().collectionOrigin());
    }

    void secretComesFromTheKeychainAndIsNeverSaved()
    {
        const QByteArray text = "# @secret apiKey\n"
                                "### echo\n"
                                "GET {{author}}/__sandbox/echo\n"
                                "X-Api-Key: {{apiKey}}\n"
                                "X-Client: c-{{apiKey}}\n";
        // Missing from the keychain: named, nothing loaded.
        m_tester->setRequest("GET", QStringLiteral("/before"));
        QString error = load(text);
        QVERIFY2(error.contains(QLatin1String("apiKey")) && error.contains(QLatin1String("keychain")),
                 qPrintable(error));
        QCOMPARE(m_tester->pathText(), QStringLiteral("/before"));

        m_secrets.entries().insert(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")), "k-42-secret");
        QString path;
        error = load(text, 0, &path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(header(m_tester->requestDraft(), QStringLiteral("X-Api-Key")), QStringLiteral("k-42-secret"));
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("headers")).toObject().value(QLatin1String("x-api-key")).toString(),
                 QStringLiteral("k-42-secret"));
        QCOMPARE(echo().value(QLatin1String("headers")).toObject().value(QLatin1String("x-client")).toString(),
                 QStringLiteral("c-k-42-secret"));
        // A curl command with the secret in it is a secret for the clipboard (cleared later).
        QSignalSpy curl(&m_tester->controller(), &RequestTesterController::curlReady);
        m_tester->controller().copyCurl(m_tester->requestDraft(), false);
        QCOMPARE(curl.size(), 1);
        QVERIFY(curl.first().at(0).toString().contains(QLatin1String("k-42-secret")));
        QVERIFY(curl.first().at(1).toBool());
        // The history holds the secret's name, not its value, even in a header not named as a secret.
        const HistoryEntry& last = m_context->history().entries().first(); // newest first
        QVERIFY(hasHeader(last.headers, "X-Client"));
        for (const auto& [k, v] : last.headers)
            QVERIFY2(!v.contains("k-42-secret"), k.constData());
        QFile history(RequestHistory::defaultPath(StoreLocation::under(m_dir.path()).dataDir));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QVERIFY(!history.readAll().contains("k-42-secret"));

        // Saved back into the same collection: the file keeps {{apiKey}}'s name, never its value.
        const auto r =
            requestFromDraft(maskedSecrets(m_tester->requestDraft(), *m_tester->controller().collectionOrigin()),
                             RequestTesterController::Author, QStringLiteral("again"), &error);
        QVERIFY2(r, qPrintable(error));
        QVERIFY2(saveToCollection(path, *r, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        QVERIFY2(saved.startsWith(text), saved.constData());
        QVERIFY2(saved.contains("X-Api-Key: {{apiKey}}"), saved.constData());
        QVERIFY2(saved.contains("X-Client: c-{{apiKey}}"), saved.constData());
        QVERIFY(!saved.contains("k-42-secret"));
    }

    // A secret in the query reaches the history in the URL's encoded form: the history keeps its
    // {{name}} whatever characters the value holds.
    void secretInTheQueryNeverInTheHistory()
    {
        const QByteArray text = "# @secret apiKey\n### q\nGET {{author}}/__sandbox/echo?key={{apiKey}}&x=1\n";
        for (const QByteArray& value : {QByteArray("s3cr3t+v/al=ue x"),
                                        QByteArray("s\xc3\xa9"
                                                   "cr%zz&y#z")}) {
            m_secrets.entries().insert(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")), value);
            const QString error = load(text);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(sendAndWait(), 200);
            const HistoryEntry& last = m_context->history().entries().first(); // newest first
            QVERIFY2(last.url.contains(QLatin1String("{{apiKey}}")), qPrintable(last.url));
            QFile history(RequestHistory::defaultPath(StoreLocation::under(m_dir.path()).dataDir));
            QVERIFY(history.open(QIODevice::ReadOnly));
            const QByteArray saved = history.readAll();
            const QString decoded = QUrl::fromPercentEncoding(saved);
            for (const QByteArray& part : value.split('#'))
                for (const QByteArray& piece : part.split('&'))
                    QVERIFY2(piece.size() < 4 || !decoded.contains(QString::fromUtf8(piece)), piece.constData());
        }
    }

    // A secret in the query, saved back into the collection: {{name}} in the file, whatever
    // characters the value holds, and the value AEM receives is the value stored.
    void secretInTheQuerySavedByName()
    {
        const QByteArray value = "q+7=z/w";
        m_secrets.entries().insert(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")), value);
        QString path;
        QString error = load("# @secret apiKey\n### q\nGET {{author}}/__sandbox/echo?key={{apiKey}}\n", 0, &path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto r =
            requestFromDraft(maskedSecrets(m_tester->requestDraft(), *m_tester->controller().collectionOrigin()),
                             RequestTesterController::Author, QStringLiteral("again"), &error);
        QVERIFY2(r, qPrintable(error));
        QVERIFY2(saveToCollection(path, *r, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        QString decoded = QUrl::fromPercentEncoding(saved);
        decoded.replace(QLatin1Char('+'), QLatin1Char(' '));
        QVERIFY2(!decoded.contains(QLatin1String("q 7=z")), saved.constData());
        // A curl command holding it (encoded) is a secret for the clipboard all the same.
        QSignalSpy curl(&m_tester->controller(), &RequestTesterController::curlReady);
        m_tester->controller().copyCurl(m_tester->requestDraft(), false);
        QCOMPARE(curl.size(), 1);
        QVERIFY2(curl.first().at(1).toBool(), qPrintable(curl.first().at(0).toString()));
        QVERIFY2(saved.count("{{apiKey}}") == 2, saved.constData());
    }

    // Compare… sends the tester's request, a collection's secret filled in, to two credentials:
    // both history entries hold the secret's name, never its value.
    void compareRecordsTheSecretByName()
    {
        ensureSecondCredential();
        if (QTest::currentTestFailed())
            return;
        m_secrets.entries().insert(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")), "cmp-91-secret");
        const QString error = load("# @secret apiKey\n### c\nGET {{author}}/__sandbox/echo?k={{apiKey}}\n"
                                   "X-Api-Key: {{apiKey}}\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CompareView* compare = m_tester->openCompare();
        compare->setCredentials(QStringLiteral("dev"), QStringLiteral("dev2"));
        QSignalSpy finished(&compare->controller(), &CompareController::finished);
        compare->send();
        QVERIFY(finished.wait(60000));
        QFile history(RequestHistory::defaultPath(StoreLocation::under(m_dir.path()).dataDir));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const QByteArray saved = history.readAll();
        QVERIFY2(!saved.contains("cmp-91-secret"), saved.right(600).constData());
        QCOMPARE(m_context->history().entries().first().credential, QStringLiteral("dev2"));
        compare->close();
    }

    // Compare values a collection request's {{$uuid}}, {{$timestamp}} when it sends, once: both
    // sides get the same values, from the injected clock; the editor keeps the template.
    void compareValuesDynamicValuesOnceForBothSides()
    {
        ensureSecondCredential();
        if (QTest::currentTestFailed())
            return;
        const QString error = load("### c\nGET {{author}}/__sandbox/echo?id={{$uuid}}&at={{$timestamp}}\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CompareView* compare = m_tester->openCompare();
        compare->setCredentials(QStringLiteral("dev"), QStringLiteral("dev2"));
        QSignalSpy finished(&compare->controller(), &CompareController::finished);
        compare->send();
        QVERIFY(finished.wait(60000));
        const auto& entries = m_context->history().entries();
        QVERIFY(entries.size() >= 2);
        const QUrlQuery left(QUrl(entries[1].url)), right(QUrl(entries[0].url));
        const QString id = left.queryItemValue(QStringLiteral("id"));
        QVERIFY2(QUuid::fromString(id).version() == QUuid::Random, qPrintable(entries[1].url));
        QCOMPARE(right.queryItemValue(QStringLiteral("id")), id);
        QCOMPARE(left.queryItemValue(QStringLiteral("at")), QString::number(m_clock.now().toSecsSinceEpoch()));
        QVERIFY(m_tester->requestDraft().pathOrUrl.contains(QLatin1String("id={{$uuid}}")));
        compare->close();
    }

    // Compare with a "<@ FILE" body: read on the thread pool first (send() returns with nothing
    // under way yet), its variables filled in, the same bytes to both sides.
    void compareReadsTheBodyFileOffTheGuiThread()
    {
        ensureSecondCredential();
        if (QTest::currentTestFailed())
            return;
        writeFile(m_dir.filePath(QStringLiteral("payload.json")), "{\"at\": \"{{$timestamp}}\", \"d\": \"{{dam}}\"}");
        const QString error = load("@dam = /content/dam\n### c\nPOST {{author}}/__sandbox/echo\n"
                                   "Content-Type: application/json\n\n<@ ./payload.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CompareView* compare = m_tester->openCompare();
        compare->setCredentials(QStringLiteral("dev"), QStringLiteral("dev2"));
        QSignalSpy finished(&compare->controller(), &CompareController::finished);
        compare->send();
        QVERIFY(!compare->controller().isBusy()); // reading, nothing sent yet
        QVERIFY(finished.wait(60000));
        const QString expected =
            QStringLiteral("{\"at\": \"%1\", \"d\": \"/content/dam\"}").arg(m_clock.now().toSecsSinceEpoch());
        for (auto side : {CompareController::Left, CompareController::Right}) {
            const QJsonObject e = QJsonDocument::fromJson(compare->controller().answer(side).body).object();
            QCOMPARE(e.value(QLatin1String("body")).toString(), expected);
        }
        compare->close();
    }

    void ownAuthorizationIsAskedAndSentAsWritten()
    {
        sandbox::LocalAem aem;
        sandbox::LocalAem::Options ao;
        ao.password = "file-pw";
        QString why;
        QVERIFY2(aem.start(ao, &why), qPrintable(why));
        const QByteArray basic = "Basic " + QByteArray("admin:file-pw").toBase64();
        const QByteArray text =
            "### mine\nGET " + aem.baseUrl().toUtf8() + "/__sandbox/echo\nAuthorization: " + basic + "\n";
        QString path;
        const QString error = load(text, 0, &path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_tester->controller().collectionOrigin()->ownAuthorization);

        QStringList asked;
        bool agree = false;
        RequestTesterController::Prompts prompts;
        prompts.sendAsWritten = [&](const QString& file, const QString& host) {
            asked << file + QLatin1Char(' ') + host;
            return agree;
        };
        m_tester->controller().setPrompts(prompts);
        const QString host = QUrl(aem.baseUrl()).authority();

        // Declined: asked once, nothing sent.
        m_tester->send();
        QCOMPARE(asked, QStringList {path + QLatin1Char(' ') + host});
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(aem.requests(), 0);
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("not confirmed")),
                 qPrintable(m_tester->explanationText()));

        // Accepted: the file's header as written, no bearer token.
        agree = true;
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(aem.lastAuthorization(), basic);
        QCOMPARE(aem.bearerRequests(), 0);
        QCOMPARE(echo().value(QLatin1String("user")).toString(), QStringLiteral("admin"));
    }

    // The file chose the host and the collection: its own Authorization never takes a keychain
    // secret along (it could be another collection's), and the secret is not even read.
    void ownAuthorizationNeverCarriesASecret()
    {
        m_secrets.entries().insert(httpSecretKey(QStringLiteral("team"), QStringLiteral("apiKey")), "k-77-secret");
        m_tester->setRequest("GET", QStringLiteral("/before"));
        const QString error = load("# @secret apiKey\n### x\nGET https://files.example.com/x?k={{apiKey}}\n"
                                   "Authorization: Basic YTpi\n");
        QVERIFY2(error.contains(QLatin1String("never carries a keychain secret")), qPrintable(error));
        QCOMPARE(m_tester->pathText(), QStringLiteral("/before"));
        QVERIFY(!m_tester->controller().collectionOrigin());
    }

    void ownAuthorizationGoesOnlyToTheHostTheFileNames()
    {
        const QString error = load("### mine\nGET {{author}}/__sandbox/echo\nAuthorization: Basic YTpi\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        bool asked = false;
        RequestTesterController::Prompts prompts;
        prompts.sendAsWritten = [&](const QString&, const QString&) { return asked = true; };
        m_tester->controller().setPrompts(prompts);
        m_tester->send();
        QVERIFY(!asked);
        QVERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("only to a host written")),
                 qPrintable(m_tester->explanationText()));
    }

    // As written to the host of a production credential: the production question too, after the
    // file's; declined, nothing goes out. The history keeps the request but not the header, and a
    // re-run asks before it could go with the token instead.
    void asWrittenToProductionAsksAndHistoryRerunAsksAgain()
    {
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::Production));
        const QString host = QUrl(m_sandbox->sandbox().baseUrl()).authority();
        const QString error = load("### mine\nPOST " + m_sandbox->sandbox().baseUrl().toUtf8()
                                   + "/__sandbox/echo\nAuthorization: Basic YWRtaW46ZmlsZS1wdw==\n"
                                     "Content-Type: application/json\n\n{\"a\": 1}\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_tester->controller().collectionOrigin()->ownAuthorization);
        QCOMPARE(m_tester->controller().collectionOrigin()->namedHost, host);

        int asWritten = 0;
        QStringList production;
        bool agree = false, rerunAgree = false;
        int rerunAsked = 0;
        RequestTesterController::Prompts prompts;
        prompts.sendAsWritten = [&](const QString&, const QString&) { return ++asWritten > 0; };
        prompts.sendToProduction = [&](const QString& method, const QString& credential, bool) {
            production << method + QLatin1Char(' ') + credential;
            return agree;
        };
        prompts.rerunWithToken = [&](const QString&) {
            ++rerunAsked;
            return rerunAgree;
        };
        m_tester->controller().setPrompts(prompts);
        QVERIFY(m_context->history().clear());

        // Declined: asked both, nothing sent (no history entry, not busy).
        m_tester->send();
        QCOMPARE(asWritten, 1);
        QCOMPARE(production, QStringList {QStringLiteral("POST dev")});
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_context->history().entries().size(), 0);
        QVERIFY2(m_tester->statusText().contains(QLatin1String("production")), qPrintable(m_tester->statusText()));

        // Accepted: sent as written, once.
        agree = true;
        // (The sandbox takes bearer tokens only: the file's Basic header is refused, but it went.)
        QCOMPARE(sendAndWait(), 401);
        QCOMPARE(production.size(), 2);
        QCOMPARE(m_context->history().entries().size(), 1);

        // The history: marked as written, no Authorization, in memory or in the file.
        const HistoryEntry& last = m_context->history().entries().first();
        QVERIFY(last.asWritten);
        QVERIFY(!hasHeader(last.headers, "Authorization"));
        const QString historyPath = RequestHistory::defaultPath(StoreLocation::under(m_dir.path()).dataDir);
        QFile history(historyPath);
        QVERIFY(history.open(QIODevice::ReadOnly));
        QVERIFY(!history.readAll().contains("YWRtaW46ZmlsZS1wdw"));
        RequestHistory reloaded(historyPath);
        QVERIFY(reloaded.load());
        QVERIFY(reloaded.entries().first().asWritten);

        // Re-run: asked; declined, nothing loaded or sent.
        m_tester->setRequest("GET", QStringLiteral("/before"));
        m_tester->rerunHistory(0);
        QCOMPARE(rerunAsked, 1);
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_context->history().entries().size(), 1);
        QCOMPARE(m_tester->pathText(), QStringLiteral("/before"));
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("open it from the collection again")),
                 qPrintable(m_tester->explanationText()));
        // Agreed: the request again, without the file's header (the token goes, as typed).
        rerunAgree = true;
        const auto r = m_tester->controller().rerunOf(0);
        QCOMPARE(rerunAsked, 2);
        QVERIFY(r);
        QVERIFY(header(r->draft, QStringLiteral("Authorization")).isEmpty());
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::None));
    }

    // Copy as curl of an as-written request: the file's own header, on curl's standard input,
    // after the inline-secret question; a secret for the clipboard; never to an unnamed host.
    void curlOfAnAsWrittenRequestCarriesTheFilesHeader()
    {
        QString error = load("### mine\nGET https://files.example.com/x.json\nAuthorization: Basic YTpi\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        bool agree = false;
        int asked = 0;
        RequestTesterController::Prompts prompts;
        prompts.copyTokenInline = [&] {
            ++asked;
            return agree;
        };
        m_tester->controller().setPrompts(prompts);
        QSignalSpy curl(&m_tester->controller(), &RequestTesterController::curlReady);
        m_tester->controller().copyCurl(m_tester->requestDraft(), false);
        QCOMPARE(asked, 1);
        QCOMPARE(curl.size(), 0);
        agree = true;
        m_tester->controller().copyCurl(m_tester->requestDraft(), false);
        QCOMPARE(curl.size(), 1);
        const QString command = curl.first().at(0).toString();
        QCOMPARE(command,
                 QStringLiteral("printf '%s\\n' 'Authorization: Basic YTpi' | curl -sS -g -H @- "
                                "'https://files.example.com/x.json'"));
        QVERIFY(curl.first().at(1).toBool()); // cleared from the clipboard later
        QVERIFY(!command.contains(QLatin1String("AEM_TOKEN")));

        // Its {{author}} is not a host the file names: not copied.
        error = load("### mine\nGET {{author}}/x.json\nAuthorization: Basic YTpi\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_tester->controller().setPrompts(prompts);
        m_tester->controller().copyCurl(m_tester->requestDraft(), true);
        QCOMPARE(curl.size(), 1);
        QVERIFY2(m_tester->explanationText().startsWith(QLatin1String("Not copied:")),
                 qPrintable(m_tester->explanationText()));
    }

    // Compare of an as-written request: as written to both sides, no token, once the user
    // agreed and only to the host the file names.
    void compareSendsAsWrittenOnlyWhenAgreed()
    {
        sandbox::LocalAem aem;
        sandbox::LocalAem::Options ao;
        ao.password = "file-pw";
        QString why;
        QVERIFY2(aem.start(ao, &why), qPrintable(why));
        const QByteArray basic = "Basic " + QByteArray("admin:file-pw").toBase64();
        QString path;
        QString error = load(
            "### mine\nGET " + aem.baseUrl().toUtf8() + "/__sandbox/echo\nAuthorization: " + basic + "\n", 0, &path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto origin = m_tester->controller().collectionOrigin();
        CompareController compare(m_context->store(), m_context->tokenService(), m_context->nam(),
                                  m_context->history());
        QStringList asked;
        bool agree = false;
        compare.setAsWrittenPrompt([&](const QString& file, const QString& host) {
            asked << file + QLatin1Char(' ') + host;
            return agree;
        });
        QSignalSpy explained(&compare, &CompareController::explanationChanged);
        const QString dev = QStringLiteral("dev");
        QVERIFY(!compare.send(m_tester->requestDraft(), RequestTesterController::Author, dev, dev, origin));
        QCOMPARE(asked, QStringList {path + QLatin1Char(' ') + QUrl(aem.baseUrl()).authority()});
        QCOMPARE(aem.requests(), 0);
        QVERIFY(explained.last().first().toString().contains(QLatin1String("not confirmed")));

        agree = true;
        QSignalSpy finished(&compare, &CompareController::finished);
        QVERIFY(compare.send(m_tester->requestDraft(), RequestTesterController::Author, dev, dev, origin));
        QVERIFY(finished.wait(30000));
        QCOMPARE(asked.size(), 2); // one host: asked once
        QCOMPARE(aem.requests(), 2);
        QCOMPARE(aem.bearerRequests(), 0);
        QCOMPARE(aem.lastAuthorization(), basic);
        QCOMPARE(compare.answer(CompareController::Left).status, 200);
        QCOMPARE(compare.answer(CompareController::Right).status, 200);

        // On {{author}}: no host the file names; refused in one line, nothing asked.
        error = load("### mine\nGET {{author}}/__sandbox/echo\nAuthorization: " + basic + "\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!compare.send(m_tester->requestDraft(), RequestTesterController::Author, dev, dev,
                              m_tester->controller().collectionOrigin()));
        QCOMPARE(asked.size(), 2);
        const QString line = explained.last().first().toString();
        QVERIFY2(line.contains(QLatin1String("only to a host written")) && !line.contains(QLatin1Char('\n')),
                 qPrintable(line));
        QCOMPARE(aem.requests(), 2);
    }

    // Compare of an as-written POST to a production credential's host: asked, declined sends
    // to neither side.
    void compareAsksForProductionAsWritten()
    {
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::Production));
        const QString error = load("### mine\nPOST " + m_sandbox->sandbox().baseUrl().toUtf8()
                                   + "/__sandbox/echo\nAuthorization: Basic YTpi\n\n{}\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_context->history().clear());
        CompareController compare(m_context->store(), m_context->tokenService(), m_context->nam(),
                                  m_context->history());
        compare.setAsWrittenPrompt([](const QString&, const QString&) { return true; });
        QStringList production;
        bool agree = false;
        compare.setProductionPrompt([&](const QString& method, const QString& credential, bool) {
            production << method + QLatin1Char(' ') + credential;
            return agree;
        });
        const QString dev = QStringLiteral("dev");
        const auto origin = m_tester->controller().collectionOrigin();
        QVERIFY(!compare.send(m_tester->requestDraft(), RequestTesterController::Author, dev, dev, origin));
        QCOMPARE(production, QStringList {QStringLiteral("POST dev")});
        QVERIFY(!compare.isBusy());
        QCOMPARE(m_context->history().entries().size(), 0);
        agree = true;
        QSignalSpy finished(&compare, &CompareController::finished);
        QVERIFY(compare.send(m_tester->requestDraft(), RequestTesterController::Author, dev, dev, origin));
        QVERIFY(finished.wait(30000));
        QCOMPARE(production.size(), 2); // the same host on both sides: asked once
        QCOMPARE(m_context->history().entries().size(), 2);
        QVERIFY(m_context->history().entries().first().asWritten);
        QVERIFY(m_context->store().setEnvType(dev, EnvType::None));
    }

    // "< FILE": shown in the body tab as the file, not its content; read and sent when sent; the
    // history keeps the path, never the bytes. "<@ FILE": its {{variables}} filled in.
    void bodyFromFileIsShownAsTheFileAndSent()
    {
        const QString body = m_dir.filePath(QStringLiteral("payload.json"));
        const QByteArray bytes = "{\"title\": \"caf\xc3\xa9\", \"keep\": \"{{dam}}\"}";
        {
            QFile f(body);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size());
        }
        const QByteArray text = "@dam = /content/dam\n### raw\nPOST {{author}}/__sandbox/echo\n"
                                "Content-Type: application/json\n\n< ./payload.json\n\n"
                                "### subst\nPOST {{author}}/__sandbox/echo\nContent-Type: application/json\n\n"
                                "<@ ./payload.json\n";
        QString path;
        QString error = load(text, 0, &path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        RequestDraft d = m_tester->requestDraft();
        QCOMPARE(d.bodyKind, BodyKind::File);
        QCOMPARE(d.bodyFile, body);
        QVERIFY(d.body.isEmpty()); // not inlined
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("payload.json")),
                 qPrintable(m_tester->explanationText()));
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString().toUtf8(), bytes);
        const HistoryEntry& h = m_context->history().entries().first();
        QVERIFY(h.body.isEmpty());
        QCOMPARE(h.bodyFile, body);
        // The file as it is when sent, not when loaded.
        {
            QFile f(body);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write("{\"v\": 2}") == 8);
        }
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString(), QStringLiteral("{\"v\": 2}"));
        {
            QFile f(body);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size());
        }
        error = load(text, 1);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_tester->requestDraft().bodyKind, BodyKind::File);
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString(),
                 QStringLiteral("{\"title\": \"caf\u00e9\", \"keep\": \"/content/dam\"}"));
        // Dynamic variables inside a "<@" file: fresh at each send.
        {
            QFile f(body);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write("{{$uuid}}") == 9);
        }
        QCOMPARE(sendAndWait(), 200);
        const QString first = echo().value(QLatin1String("body")).toString();
        QCOMPARE(sendAndWait(), 200);
        const QString second = echo().value(QLatin1String("body")).toString();
        static const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QVERIFY2(uuid.match(first).hasMatch() && uuid.match(second).hasMatch(), qPrintable(first + second));
        QVERIFY(first != second);
        // Gone by the time it is sent: the file and the cause, nothing sent.
        QVERIFY(QFile::remove(body));
        m_tester->send();
        QTRY_VERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("payload.json"))
                     && m_tester->explanationText().contains(QLatin1String("no such file")),
                 qPrintable(m_tester->explanationText()));
    }

    // {{$uuid}}, {{$timestamp}} ... stay in the editor as written (also through a variable holding
    // one) and take fresh values at each send, the time from the injected clock.
    void dynamicValuesAreFreshAtEachSendAndKeptAsWritten()
    {
        const QByteArray text =
            "@stamp = {{$timestamp}}\n### dyn\nPOST {{author}}/__sandbox/echo?id={{$uuid}}&at={{stamp}}\n"
            "X-Request-Id: {{$uuid}}\nContent-Type: application/json\n\n"
            "{\"id\": \"{{$uuid}}\", \"at\": \"{{$timestamp}}\", \"iso\": \"{{$isoTimestamp}}\"}\n";
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        m_clock.set(t0);
        const QString error = load(text);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto keptAsWritten = [this] {
            const RequestDraft d = m_tester->requestDraft();
            QVERIFY2(d.pathOrUrl.contains(QLatin1String("id={{$uuid}}"))
                         && d.pathOrUrl.contains(QLatin1String("at={{$timestamp}}")),
                     qPrintable(d.pathOrUrl));
            QCOMPARE(header(d, QStringLiteral("X-Request-Id")), QStringLiteral("{{$uuid}}"));
            QVERIFY2(d.body.contains(QLatin1String("\"{{$uuid}}\""))
                         && d.body.contains(QLatin1String("{{$isoTimestamp}}")),
                     qPrintable(d.body));
        };
        keptAsWritten();
        static const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QStringList seen;
        for (int send = 0; send < 2; ++send) {
            const QDateTime at = t0.addSecs(90 * send);
            m_clock.set(at);
            QCOMPARE(sendAndWait(), 200);
            const QJsonObject e = echo();
            const QJsonObject query = e.value(QLatin1String("query")).toObject();
            const QJsonObject body =
                QJsonDocument::fromJson(e.value(QLatin1String("body")).toString().toUtf8()).object();
            const QString ids[] = {
                query.value(QLatin1String("id")).toString(),
                e.value(QLatin1String("headers")).toObject().value(QLatin1String("x-request-id")).toString(),
                body.value(QLatin1String("id")).toString()};
            for (const QString& id : ids) {
                QVERIFY2(uuid.match(id).hasMatch(), qPrintable(id));
                QVERIFY2(!seen.contains(id), qPrintable(id)); // each occurrence, each send its own
                seen << id;
            }
            const QString secs = QString::number(at.toSecsSinceEpoch());
            QCOMPARE(query.value(QLatin1String("at")).toString(), secs);
            QCOMPARE(body.value(QLatin1String("at")).toString(), secs);
            QCOMPARE(body.value(QLatin1String("iso")).toString(), at.toString(Qt::ISODate));
            keptAsWritten(); // the editor still holds the template
        }
        // The history records what went out.
        QVERIFY(m_context->history().entries().first().url.contains(seen.at(3)));
        // Saved back to a collection: the template, not the values of one send.
        QString why;
        const auto saved =
            requestFromDraft(m_tester->requestDraft(), RequestTesterController::Author, QStringLiteral("dyn"), &why);
        QVERIFY2(saved, qPrintable(why));
        QVERIFY2(saved->target.contains(QLatin1String("{{$uuid}}")), qPrintable(saved->target));
        QVERIFY(saved->body.contains("{{$isoTimestamp}}"));
    }

    // "< FILE" is read on the thread pool: send() returns with it pending and Send disabled (a
    // second press sends nothing twice); then it goes, whole.
    void bodyFileIsReadOffTheGuiThreadAndSent()
    {
        const QByteArray bytes = "{\"read\": \"off the GUI thread\"}";
        writeFile(m_dir.filePath(QStringLiteral("payload.json")), bytes);
        const QString error =
            load("### f\nPOST {{author}}/__sandbox/echo\nContent-Type: application/json\n\n< ./payload.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto* sendButton = m_tester->findChild<QPushButton*>(QStringLiteral("testerSend"));
        QVERIFY(sendButton && sendButton->isEnabled());
        const qsizetype before = m_context->history().entries().size();
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        QVERIFY(!sendButton->isEnabled());
        QVERIFY2(m_tester->statusText().contains(QLatin1String("payload.json")), qPrintable(m_tester->statusText()));
        m_tester->send();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QVERIFY(ready.wait(30000) || !ready.isEmpty());
        QCOMPARE(echo().value(QLatin1String("body")).toString().toUtf8(), bytes);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(m_context->history().entries().size(), before + 1);
        QVERIFY(m_context->history().entries().first().body.isEmpty()); // the path, never the bytes
        QTRY_VERIFY(sendButton->isEnabled());
    }

    // As written (the file's own Authorization, to its own host): the body file read off the GUI
    // thread as well, the dynamic values valued, then asked and sent.
    void asWrittenBodyFileAndDynamicValuesAtSend()
    {
        sandbox::LocalAem aem;
        sandbox::LocalAem::Options ao;
        ao.password = "file-pw";
        QString why;
        QVERIFY2(aem.start(ao, &why), qPrintable(why));
        const QByteArray bytes = "{\"as\": \"written\"}";
        writeFile(m_dir.filePath(QStringLiteral("payload.json")), bytes);
        const QByteArray basic = "Basic " + QByteArray("admin:file-pw").toBase64();
        const QString error =
            load("### mine\nPOST " + aem.baseUrl().toUtf8() + "/__sandbox/echo\nAuthorization: " + basic
                 + "\nX-Request-Id: {{$uuid}}\nContent-Type: application/json\n\n< ./payload.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        int asked = 0;
        RequestTesterController::Prompts prompts;
        prompts.sendAsWritten = [&](const QString&, const QString&) {
            ++asked;
            return true;
        };
        m_tester->controller().setPrompts(prompts);
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        QCOMPARE(asked, 0); // asked once the body is there
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QVERIFY(ready.wait(30000) || !ready.isEmpty());
        QCOMPARE(asked, 1);
        QCOMPARE(aem.lastAuthorization(), basic);
        QCOMPARE(echo().value(QLatin1String("body")).toString().toUtf8(), bytes);
        const QString id =
            echo().value(QLatin1String("headers")).toObject().value(QLatin1String("x-request-id")).toString();
        QVERIFY2(QUuid::fromString(id).version() == QUuid::Random, qPrintable(id));
        QCOMPARE(header(m_tester->requestDraft(), QStringLiteral("X-Request-Id")), QStringLiteral("{{$uuid}}"));
    }

    // Copied as curl: the values of that moment (never "{{$uuid}}" for the shell), and a "<@ FILE"
    // body read off the GUI thread first: the command comes once it is read.
    void curlCopyValuesTheRequestAndReadsTheBodyFileFirst()
    {
        writeFile(m_dir.filePath(QStringLiteral("payload.json")), "{\"at\": \"{{$timestamp}}\"}");
        const QString error = load("### c\nPOST {{author}}/__sandbox/echo\nX-Request-Id: {{$uuid}}\n"
                                   "Content-Type: application/json\n\n<@ ./payload.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QSignalSpy curl(&m_tester->controller(), &RequestTesterController::curlReady);
        m_tester->controller().copyCurl(m_tester->requestDraft(), false);
        QVERIFY(curl.isEmpty()); // the file is being read
        QVERIFY(!m_tester->isBusy()); // a copy does not hold the tester
        QVERIFY(curl.wait(10000));
        const QString command = curl.first().at(0).toString();
        QVERIFY2(!command.contains(QLatin1String("{{")), qPrintable(command));
        QVERIFY2(command.contains(QString::number(m_clock.now().toSecsSinceEpoch())), qPrintable(command));
        static const QRegularExpression uuid(
            QStringLiteral("X-Request-Id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        QVERIFY2(uuid.match(command).hasMatch(), qPrintable(command));
    }

    // A FIFO with no writer: the window's event loop keeps running, the pipe is refused by name,
    // nothing is sent.
    void fifoBodyIsRefusedWithoutFreezing()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.json"));
        QFile::remove(fifo);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString error = load("### p\nPOST {{author}}/__sandbox/echo\n\n< ./pipe.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const qsizetype before = m_context->history().entries().size();
        int ticks = 0;
        QTimer timer;
        timer.setInterval(0);
        connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
        timer.start();
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody()); // send() did not wait on the pipe
        QTRY_VERIFY(ticks > 0);
        QTRY_VERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("pipe.json"))
                     && m_tester->explanationText().contains(QLatin1String("FIFO")),
                 qPrintable(m_tester->explanationText()));
        QCOMPARE(m_tester->statusText(), QStringLiteral("Not sent"));
        QCOMPARE(m_context->history().entries().size(), before);
        QVERIFY(QFile::remove(fifo));
    }

    // Larger than 16 MiB: refused by its size before it is read, the file named.
    void tooLargeBodyFileIsRefusedByName()
    {
        const QString big = m_dir.filePath(QStringLiteral("big.json"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.resize(kMaxHttpBodyFileBytes + 1));
        }
        const QString error = load("### big\nPUT {{author}}/__sandbox/echo\n\n< ./big.json\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const qsizetype before = m_context->history().entries().size();
        m_tester->send();
        QTRY_VERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("big.json"))
                     && m_tester->explanationText().contains(QLatin1String("16 MiB")),
                 qPrintable(m_tester->explanationText()));
        QCOMPARE(m_context->history().entries().size(), before);
        QVERIFY(QFile::remove(big));
    }

    // A read that ends after the credential changed, another request was put in the editor, or
    // Cancel was pressed is dropped: nothing is sent with it.
    void bodyReadForAnEarlierRequestIsDropped()
    {
        writeFile(m_dir.filePath(QStringLiteral("payload.json")), "{}");
        const QByteArray text = "### f\nPOST {{author}}/__sandbox/echo\n\n< ./payload.json\n";
        QString error = load(text);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const qsizetype before = m_context->history().entries().size();
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        m_tester->controller().setCredential(QStringLiteral("other"));
        QVERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("credential changed")),
                 qPrintable(m_tester->explanationText()));
        drainBodyReads();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_context->history().entries().size(), before);

        m_tester->controller().setCredential(QStringLiteral("dev"));
        error = load(text);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        m_tester->setRequest("GET", QStringLiteral("/content/dam.json"));
        QVERIFY(!m_tester->isBusy());
        drainBodyReads();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_context->history().entries().size(), before);

        error = load(text);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        m_tester->cancel();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_tester->statusText(), QStringLiteral("Cancelled"));
        drainBodyReads();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_context->history().entries().size(), before);

        // Another target (host) chosen meanwhile.
        m_tester->send();
        QVERIFY(m_tester->controller().isReadingBody());
        m_tester->setTarget(RequestTesterController::Publish);
        QVERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("target changed")),
                 qPrintable(m_tester->explanationText()));
        drainBodyReads();
        QCOMPARE(m_context->history().entries().size(), before);
        m_tester->setTarget(RequestTesterController::Author);
        // Not stuck: the next send goes.
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(m_context->history().entries().size(), before + 1);
    }

    void anotherCredentialForgetsTheTie()
    {
        const QString error = load("### mine\nGET https://files.example.com/x\nAuthorization: Basic YTpi\n");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_tester->controller().collectionOrigin());
        // The credential list refilled, the same one chosen: still tied.
        m_tester->setCredential(QStringLiteral("dev"));
        QVERIFY(m_tester->controller().collectionOrigin()->ownAuthorization);
        QCOMPARE(m_tester->controller().collectionOrigin()->credential, QStringLiteral("dev"));
        m_tester->controller().setCredential(QStringLiteral("other"));
        // Untied: its Authorization is no longer the file's to send; nothing re-resolved.
        QVERIFY(!m_tester->controller().collectionOrigin()->ownAuthorization);
        QVERIFY(m_tester->controller().collectionOrigin()->credential.isEmpty());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("open it again")),
                 qPrintable(m_tester->explanationText()));
    }
};

QTEST_MAIN(TestTesterCollection)
#include "tst_testercollection.moc"
