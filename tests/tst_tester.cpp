// SPDX-License-Identifier: Apache-2.0
// The request tester on the offscreen platform against the sandbox: the token is attached,
// headers and bodies go out, failures are explained, foreign hosts need consent, slow answers
// can be cancelled, large answers stream while the event loop keeps running, the history keeps
// no token, and the curl export runs as-is.

#include "aemrequest.h"
#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenservice.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestTester : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    RequestTester* m_tester = nullptr;

    void importNamed(const QByteArray& json, const QString& name)
    {
        const ParseResult parsed = parseCredentialJson(json, SystemClock::instance());
        QVERIFY(parsed.ok());
        CredentialStore::ImportOptions o;
        o.name = name;
        o.author = QUrl(m_sandbox->sandbox().baseUrl());
        bool done = false;
        m_context->store().importCredential(*parsed.credential, o, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
    }

    void shot(const QString& name)
    {
        const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS");
        if (!dir.isEmpty())
            m_tester->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    void postEcho()
    {
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"),
                             {{"X-Trace", "abc-123"}, {"Content-Type", "application/json"}}, "{\"title\":\"hello\"}");
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
        importNamed(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("dev"));
        sandbox::Sandbox::NewCredentialSpec other;
        other.environment = 9999;
        importNamed(m_sandbox->sandbox().createServiceCredentials(other), QStringLiteral("stage"));
    }

    // Each test on a new window and tester (no hosts allowed yet), "dev" chosen, an empty history.
    void init()
    {
        QVERIFY(m_history().clear());
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
        m_window.reset(); // and its tester
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }

    void testConnectionShowsWhoAemThinksYouAre()
    {
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        QTest::mouseClick(m_tester->findChild<QPushButton*>(QStringLiteral("testConnection")), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QVERIFY(ready.wait(10000));
        QVERIFY(m_tester->statusText().startsWith(QLatin1String("200")));
        QVERIFY(m_tester->prettyText().contains(QLatin1String("\"authorizableId\": ")));
        QVERIFY(m_tester->prettyText().contains(QLatin1String("techacct.adobe.com")));
        QVERIFY(m_tester->headersText().contains(QLatin1String("Content-Type: application/json")));
        shot(QStringLiteral("6-tester"));
    }

    void postWithHeadersAndJsonBodyIsEchoed()
    {
        postEcho();
        QCOMPARE(sendAndWait(), 200);
        const QJsonObject echo = QJsonDocument::fromJson(m_tester->rawText().toUtf8()).object();
        QCOMPARE(echo.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(echo.value(QLatin1String("body")).toString(), QStringLiteral("{\"title\":\"hello\"}"));
        QCOMPARE(echo.value(QLatin1String("headers")).toObject().value(QLatin1String("x-trace")).toString(),
                 QStringLiteral("abc-123"));
        QCOMPARE(echo.value(QLatin1String("headers")).toObject().value(QLatin1String("authorization")).toString(),
                 QStringLiteral("Bearer <redacted>"));
    }

    void headerInjectionIsRefused()
    {
        const int before = m_history().entries().size();
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"), {{"X-A", "a\r\nAuthorization: Bearer evil"}});
        m_tester->send();
        QVERIFY(!m_tester->isBusy()); // refused before anything was sent
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("line break")),
                 qPrintable(m_tester->explanationText()));
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"), {{"Bad Name", "x"}});
        m_tester->send();
        QVERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("is not valid")),
                 qPrintable(m_tester->explanationText()));
        QCOMPARE(m_history().entries().size(), before);
    }

    void coreRefusesInjectionToo()
    {
        // The last line of defence, for any caller that forgot to check.
        QNetworkAccessManager nam;
        aem::AemRequestSpec spec;
        spec.url = QUrl(m_sandbox->sandbox().baseUrl() + QStringLiteral("/__sandbox/echo"));
        spec.headers = {{"X-A", "a\r\nAuthorization: Bearer evil"}};
        aem::AemRequest req(&nam, spec, "token");
        QSignalSpy finished(&req, &aem::AemRequest::finished);
        req.start();
        QVERIFY(finished.wait(10000));
        QVERIFY(req.errorString().contains(QLatin1String("not sent")));
        QCOMPARE(req.status(), 0);
    }

    void imagesArePreviewed()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/image.png"));
        QCOMPARE(sendAndWait(), 200);
        auto* image = m_tester->findChild<QLabel*>(QStringLiteral("responseImage"));
        QTRY_VERIFY(!image->pixmap().isNull());
        QCOMPARE(image->pixmap().size(), QSize(16, 16));
        QVERIFY(m_tester->lastPreview().isImage);
    }

    void forbiddenNamesTheTechnicalAccountUser()
    {
        m_tester->setRequest("POST", QStringLiteral("/content/site/page"), {}, "title=x");
        QCOMPARE(sendAndWait(), 403);
        const QString email = m_context->store().find(QStringLiteral("dev"))->email;
        QVERIFY2(m_tester->explanationText().contains(email), qPrintable(m_tester->explanationText()));
        QVERIFY(m_tester->explanationText().contains(QLatin1String("administrator")));
    }

    void unauthorizedExplainsTheLikelyCause()
    {
        // A token of another environment (e9999) against this author (e5678).
        m_tester->setCredential(QStringLiteral("stage"));
        m_tester->setRequest("GET", QStringLiteral("/content/dam.json"));
        QCOMPARE(sendAndWait(), 401);
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("another environment")),
                 qPrintable(m_tester->explanationText()));
        m_tester->setCredential(QStringLiteral("dev"));
    }

    void foreignHostNeedsConsent()
    {
        // localhost is the sandbox too, but not one of the credential's hosts (127.0.0.1).
        const QString url =
            m_sandbox->sandbox().baseUrl().replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"))
            + QStringLiteral("/content/dam.json");
        m_tester->setRequest("GET", url);
        const int before = m_history().entries().size();
        Dialogs::setNextAnswer(QMessageBox::No);
        m_tester->send();
        QVERIFY(!m_tester->isBusy());
        QVERIFY(m_tester->explanationText().contains(QLatin1String("Not sent")));
        QCOMPARE(m_history().entries().size(), before);
        Dialogs::setNextAnswer(QMessageBox::Yes);
        QCOMPARE(sendAndWait(), 200);
        // Allowed once, allowed for the session: no second question.
        QCOMPARE(sendAndWait(), 200);
    }

    void cancelASlowAnswer()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/slow?ms=20000"));
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QElapsedTimer t;
        t.start();
        m_tester->send();
        QTRY_VERIFY(m_tester->statusText().contains(QLatin1String("Sending")));
        QTest::qWait(200);
        QTest::keyClick(m_tester, Qt::Key_Escape);
        QVERIFY(finished.size() == 1 || finished.wait(10000)); // a cancel usually finishes at once
        QVERIFY(!m_tester->isBusy());
        QVERIFY(m_tester->explanationText().contains(QLatin1String("cancelled")));
        QVERIFY(t.elapsed() < 15000);
    }

    void largeAnswerStreamsWhileTheEventLoopRuns()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/large?mb=24"));
        // A timer that must keep firing while 24 MiB arrive and are shown: the event loop returns
        // between chunks. No wall-clock threshold here (a loaded CI machine stalls anything);
        // bench/testerbench measures the real stall figure.
        int ticksWhileReceiving = 0;
        QTimer timer;
        timer.setInterval(5);
        connect(&timer, &QTimer::timeout, this, [&] {
            if (m_tester->isBusy() && m_tester->statusText().contains(QLatin1String("receiving")))
                ++ticksWhileReceiving;
        });
        timer.start();
        QCOMPARE(sendAndWait(), 200);
        timer.stop();
        // A body read in one blocking piece would let the timer fire once at most (missed ticks
        // coalesce) while the status says "receiving".
        QVERIFY2(ticksWhileReceiving >= 2, qPrintable(QString::number(ticksWhileReceiving)));
        const ResponsePreview& p = m_tester->lastPreview();
        QVERIFY(p.size > 24 * 1000 * 1000);
        QVERIFY(p.truncated);
        QVERIFY(m_tester->findChild<QLabel*>(QStringLiteral("responseTruncated"))->isVisible());
        QVERIFY(m_tester->prettyText().startsWith(QLatin1String("{\n  \"items\": [")));
        shot(QStringLiteral("7-tester-large"));
        // Save writes the whole body, byte for byte.
        const QString out = m_dir.path() + QStringLiteral("/large.json");
        QSignalSpy saved(m_tester, &RequestTester::responseSaved);
        m_tester->saveResponse(out);
        QVERIFY(saved.wait(30000));
        QCOMPARE(saved.first().at(1).toString(), QString());
        QCOMPARE(QFileInfo(out).size(), p.size);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError pe;
        QJsonDocument::fromJson(f.readAll(), &pe);
        QCOMPARE(pe.error, QJsonParseError::NoError);
    }

    void historyKeepsNoTokenAndReruns()
    {
        // Five requests of several kinds, the echo with its header among them.
        postEcho();
        QCOMPARE(sendAndWait(), 200);
        m_tester->setRequest("GET", QStringLiteral("/libs/granite/security/currentuser.json"));
        QCOMPARE(sendAndWait(), 200);
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/image.png"));
        QCOMPARE(sendAndWait(), 200);
        m_tester->setRequest("POST", QStringLiteral("/content/site/page"), {}, "title=x");
        QCOMPARE(sendAndWait(), 403);
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/status/404"));
        QCOMPARE(sendAndWait(), 404);
        QVERIFY(m_history().entries().size() >= 5);
        QFile f(RequestHistory::defaultPath(m_context->store().location().dataDir));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY(data.contains("/__sandbox/echo"));
        QVERIFY(data.contains("X-Trace"));
        QVERIFY(!data.contains("Bearer"));
        QVERIFY(!data.contains("eyJ")); // no JWT of any kind
        // Another window (another run) sees the same history.
        RequestHistory again(f.fileName());
        QVERIFY(again.load());
        QCOMPARE(again.entries().size(), m_history().entries().size());
        // Re-run the echo request from the history.
        int echoRow = -1;
        for (int i = 0; i < again.entries().size(); ++i)
            if (again.entries()[i].url.endsWith(QLatin1String("/__sandbox/echo")))
                echoRow = i;
        QVERIFY(echoRow >= 0);
        m_tester->rerunHistory(echoRow);
        QCOMPARE(sendAndWait(), 200);
        QVERIFY(m_tester->rawText().contains(QLatin1String("abc-123")));
    }

    void curlExportRunsAsIs()
    {
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo?via=curl"), {{"Content-Type", "application/json"}},
                             "{\"it's\":\"quoted\"}");
        m_tester->copyCurl(false);
        const QString command = QApplication::clipboard()->text();
        QVERIFY(command.contains(QLatin1String("$AEM_TOKEN")));
        QVERIFY(!command.contains(QLatin1String("eyJ")));
        // Run it with the token in the environment, as the status line tells.
        TokenResult token;
        bool done = false;
        m_context->tokenService().token(idOf(m_context->store(), QStringLiteral("dev")), false, this,
                                        [&](const TokenResult& t) {
                                            token = t;
                                            done = true;
                                        });
        QTRY_VERIFY(done);
        QVERIFY(token.ok);
        QProcess sh;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AEM_TOKEN"), QString::fromLatin1(token.accessToken));
        env.insert(QStringLiteral("CURL_CA_BUNDLE"), m_sandbox->sandbox().caFile());
        sh.setProcessEnvironment(env);
        QSignalSpy exited(&sh, &QProcess::finished);
        sh.start(QStringLiteral("sh"), {QStringLiteral("-c"), command});
        QVERIFY(exited.wait(30000)); // the sandbox answers from this event loop: never block it
        QCOMPARE(sh.exitCode(), 0);
        const QJsonObject echo = QJsonDocument::fromJson(sh.readAllStandardOutput()).object();
        QCOMPARE(echo.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(echo.value(QLatin1String("body")).toString(), QStringLiteral("{\"it's\":\"quoted\"}"));
        QCOMPARE(echo.value(QLatin1String("query")).toObject().value(QLatin1String("via")).toString(),
                 QStringLiteral("curl"));
    }

private:
    RequestHistory& m_history() { return m_context->history(); }
};

QTEST_MAIN(TestTester)
#include "tst_tester.moc"
