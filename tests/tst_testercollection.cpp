// SPDX-License-Identifier: Apache-2.0
// A request of an .http collection in the request tester, offscreen against the sandbox: resolved
// for the chosen credential (its hosts, the file's variables, secrets from the keychain), refused
// with the variable named when one is unknown or missing, and a file's own Authorization sent as
// written, without the token, only when the user agrees and only to the host the file names.

#include "appcontext.h"
#include "collectionfile.h"
#include "comparecontroller.h"
#include "compareview.h"
#include "localaem.h"
#include "mainwindow.h"
#include "requestbody.h"
#include "requesthistory.h"
#include "requesttester.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestTesterCollection : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
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

    QJsonObject echo() const { return QJsonDocument::fromJson(m_tester->rawText().toUtf8()).object(); }

    static QString header(const RequestDraft& d, const QString& name)
    {
        for (const auto& [k, v] : d.headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
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
