// SPDX-License-Identifier: Apache-2.0
// The request tester on the offscreen platform against the sandbox: the token is attached,
// headers and bodies go out, failures are explained, foreign hosts need consent, slow answers
// can be cancelled, large answers stream while the event loop keeps running, the history keeps
// no token, and the curl export runs as-is.

#include "aemrequest.h"
#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "credentiallistmodel.h"
#include "dialogs.h"
#include "envtype.h"
#include "mainwindow.h"
#include "requestbody.h"
#include "requestbodyeditor.h"
#include "requesthistoryview.h"
#include "requesttester.h"
#include "responseview.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenservice.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

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
    // Real time at each init() (the sandbox stamps tokens with it); set by tests that show times.
    ManualClock m_clock {QDateTime::currentDateTimeUtc()};
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

    // The sandbox's echo of the last answer.
    QJsonObject echo() const { return QJsonDocument::fromJson(m_tester->rawText().toUtf8()).object(); }
    QJsonObject echoHeaders() const { return echo().value(QLatin1String("headers")).toObject(); }

    int sendAndWait()
    {
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        m_tester->send();
        if (!finished.wait(120000)) { // ASan on a loaded machine is slow
            qWarning("no answer: %s", qPrintable(m_tester->statusText()));
            return -1;
        }
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
        o.clock = &m_clock;
        m_context = std::make_unique<AppContext>(o);
        importNamed(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("dev"));
        sandbox::Sandbox::NewCredentialSpec other;
        other.environment = 9999;
        importNamed(m_sandbox->sandbox().createServiceCredentials(other), QStringLiteral("stage"));
    }

    // Each test on a new window and tester (no hosts allowed yet), "dev" chosen, an empty history.
    void init()
    {
        m_clock.set(QDateTime::currentDateTimeUtc());
        QVERIFY(m_history().clear());
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->selectCredential(QStringLiteral("dev"));
        m_tester = m_window->openRequestTester();
        QVERIFY(QTest::qWaitForWindowExposed(m_tester));
        // As on a desktop screen (the offscreen one is 800×600; the tester fits itself to it).
        m_tester->resize(1100, 720);
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
        if (m_context->store().find(QStringLiteral("shop-prod")))
            QVERIFY(m_context->store().renameCredential(QStringLiteral("shop-prod"), QStringLiteral("dev")));
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::None));
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
        QVERIFY(req.answer().error.contains(QLatin1String("not sent")));
        QCOMPARE(req.answer().status, 0);
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

    void productionAsksBeforeChangingRequests()
    {
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::Production));
        // Refused: nothing reaches the sandbox, the status says so.
        postEcho();
        const int before = m_history().entries().size();
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        m_tester->send();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_history().entries().size(), before);
        QVERIFY2(m_tester->statusText().contains(QLatin1String("Not sent")), qPrintable(m_tester->statusText()));
        QVERIFY(m_tester->rawText().isEmpty());
        // Accepted: sent and echoed.
        Dialogs::setNextAnswer(QMessageBox::Yes);
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(m_history().entries().size(), before + 1);
        // A GET to production never asks: a "no" waiting is not consumed and does not stop it.
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"));
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        // The "no" is still waiting (nobody asked); used up here so no other question sees it.
        QCOMPARE(Dialogs::question(nullptr, QString(), QString(), QMessageBox::Yes | QMessageBox::Cancel,
                                   QMessageBox::Cancel),
                 QMessageBox::Cancel);
        // The same rule for a stage credential's POST: no question.
        QVERIFY(m_context->store().setEnvType(QStringLiteral("dev"), EnvType::Stage));
        postEcho();
        QCOMPARE(sendAndWait(), 200);
    }

    // No type chosen and a name that says production: the list shows PROD as a suggestion, and the
    // tester asks as for a chosen production, saying where the type is chosen. A chosen stage
    // silences the suggestion.
    void suggestedProductionAsksToo()
    {
        QVERIFY(m_context->store().renameCredential(QStringLiteral("dev"), QStringLiteral("shop-prod")));
        QTRY_VERIFY(m_window->model().rowOf(QStringLiteral("shop-prod")) >= 0);
        const QModelIndex badge = m_window->model().index(m_window->model().rowOf(QStringLiteral("shop-prod")),
                                                          CredentialListModel::EnvTypeColumn);
        QCOMPARE(badge.data().toString(), QStringLiteral("PROD"));
        m_tester->setCredential(QStringLiteral("shop-prod"));
        QVERIFY(badge.data(CredentialListModel::EnvTypeSuggestedRole).toBool());
        postEcho();
        const int before = m_history().entries().size();
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        m_tester->send();
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_history().entries().size(), before);
        QVERIFY2(m_tester->statusText().contains(QLatin1String("Not sent")), qPrintable(m_tester->statusText()));
        const QString asked = Dialogs::lastAnsweredQuestion();
        QVERIFY2(asked.contains(QLatin1String("suggest a production environment")), qPrintable(asked));
        QVERIFY2(asked.contains(QLatin1String("Environment type")), qPrintable(asked));
        // Chosen: stage. No question (a "no" waiting would stop it).
        QVERIFY(m_context->store().setEnvType(QStringLiteral("shop-prod"), EnvType::Stage));
        QTRY_COMPARE(badge.data().toString(), QStringLiteral("STAGE"));
        QVERIFY(!badge.data(CredentialListModel::EnvTypeSuggestedRole).toBool());
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("method")).toString(), QStringLiteral("POST"));
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
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/large?mb=8"));
        // A timer that must keep firing while 8 MiB (16 times the preview) arrive and are shown: the event loop returns
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
        QVERIFY(p.size > 8 * 1000 * 1000);
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
        QSignalSpy finished(m_tester, &RequestTester::finished);
        m_tester->rerunHistory(echoRow); // sends it
        QVERIFY(finished.size() == 1 || finished.wait(60000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QTRY_VERIFY(m_tester->rawText().contains(QLatin1String("abc-123")));
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

    void controllerBuildsTheSpecByTheRules()
    {
        // The policy without a widget: RequestTesterController alone.
        RequestHistory history(m_dir.filePath(QStringLiteral("controller-history.json")));
        RequestTesterController c(m_context->store(), m_context->tokenService(), m_context->nam(), history);
        c.setCredential(QStringLiteral("dev"));
        QString error, foreign;
        RequestDraft d;
        d.method = QStringLiteral("get");
        d.pathOrUrl = QStringLiteral("/x?old=1");
        d.params = {{QStringLiteral("q"), QStringLiteral("a b&c")}};
        d.body = QStringLiteral("{\"never\":1}");
        auto spec = c.buildSpec(d, &error, &foreign);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->method, QByteArray("GET"));
        QVERIFY(spec->body.isEmpty());
        QVERIFY(!hasHeader(spec->headers, "Content-Type"));
        QCOMPARE(spec->url.query(QUrl::FullyEncoded), QStringLiteral("q=a%20b%26c")); // the table is the query
        d.method = QStringLiteral("POST");
        d.bodyKind = BodyKind::Form;
        d.body = QStringLiteral("a=1");
        spec = c.buildSpec(d, &error, &foreign);
        QVERIFY(spec);
        QCOMPARE(spec->body, QByteArray("a=1"));
        QVERIFY(spec->headers.contains(
            qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))));
        d.headers = {{QStringLiteral("content-type"), QStringLiteral("text/csv")}};
        spec = c.buildSpec(d, &error, &foreign);
        QVERIFY(spec);
        QCOMPARE(spec->headers.size(), 1); // the user's own, alone
        d.bodyKind = BodyKind::File;
        d.bodyFile = m_dir.filePath(QStringLiteral("absent.bin"));
        QVERIFY(!c.buildSpec(d, &error, &foreign));
        QVERIFY(error.contains(QLatin1String("absent.bin")));
        QVERIFY(RequestTesterController::noBodyReason(QStringLiteral("DELETE")).contains(QLatin1String("DELETE")));
        QVERIFY(RequestTesterController::noBodyReason(QStringLiteral("head")).contains(QLatin1String("HEAD")));
        QCOMPARE(RequestTesterController::noBodyReason(QStringLiteral("PATCH")), QString());
        // A history row goes back to its target, with the path relative to it.
        HistoryEntry e;
        e.at = QDateTime::currentDateTimeUtc();
        e.credential = QStringLiteral("dev");
        e.method = "PUT";
        e.url = m_sandbox->sandbox().baseUrl() + QStringLiteral("/content/a?b=1");
        e.headers = {{"Content-Type", "application/json"}};
        e.body = "{}";
        QVERIFY(history.append(e));
        const auto r = c.rerunOf(0);
        QVERIFY(r);
        QCOMPARE(r->credential, QStringLiteral("dev"));
        QCOMPARE(r->target, RequestTesterController::Author);
        QCOMPARE(r->draft.pathOrUrl, QStringLiteral("/content/a?b=1"));
        QCOMPARE(r->draft.bodyKind, BodyKind::Json);
        QCOMPARE(r->draft.body, QStringLiteral("{}"));
        QVERIFY(!c.rerunOf(5));
        // Gone by name but not by id (renamed since): still found.
        e.credential = QStringLiteral("old name");
        e.credentialId = idOf(m_context->store(), QStringLiteral("dev"));
        QVERIFY(history.append(e));
        const auto renamed = c.rerunOf(0);
        QVERIFY(renamed);
        QCOMPARE(renamed->credential, QStringLiteral("dev"));
        e.credentialId.clear();
        QVERIFY(history.append(e));
        QVERIFY(!c.rerunOf(0));
    }

    void getAndDeleteNeverSendTheBody()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"), {}, "{\"left\":\"over\"}");
        // Shown as holding text, switched off with the reason.
        QCOMPARE(m_tester->bodyTabTitle(), QStringLiteral("Body \u2022"));
        QVERIFY(!m_tester->bodyEditor().isSent());
        QVERIFY(m_tester->bodyEditor().reason().contains(QLatin1String("GET")));
        QVERIFY(!m_tester->findChild<QPlainTextEdit*>(QStringLiteral("testerBody"))->isEnabled());
        m_tester->findChild<QTabWidget*>(QStringLiteral("testerRequestTabs"))->setCurrentIndex(2);
        QCOMPARE(sendAndWait(), 200);
        shot(QStringLiteral("8-tester-get-body"));
        QCOMPARE(echo().value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(echo().value(QLatin1String("body")).toString(), QString());
        QVERIFY(!echoHeaders().contains(QLatin1String("content-type")));
        m_tester->setRequest("DELETE", QStringLiteral("/__sandbox/echo"), {}, "{\"left\":\"over\"}");
        QVERIFY(!m_tester->bodyEditor().isSent());
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("method")).toString(), QStringLiteral("DELETE"));
        QCOMPARE(echo().value(QLatin1String("body")).toString(), QString());
        QVERIFY(!echoHeaders().contains(QLatin1String("content-type")));
        // The text was kept: POST sends it.
        m_tester->findChild<QComboBox*>(QStringLiteral("testerMethod"))->setCurrentText(QStringLiteral("POST"));
        QVERIFY(m_tester->bodyEditor().isSent());
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString(), QStringLiteral("{\"left\":\"over\"}"));
        // An empty body: no mark.
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"));
        QCOMPARE(m_tester->bodyTabTitle(), QStringLiteral("Body"));
    }

    void bodyTypesSetContentTypeAndTheUsersHeaderWins()
    {
        const QList<QPair<BodyKind, QString>> kinds {
            {BodyKind::Json, QStringLiteral("application/json")},
            {BodyKind::Form, QStringLiteral("application/x-www-form-urlencoded")},
            {BodyKind::Text, QStringLiteral("text/plain; charset=utf-8")}};
        for (const auto& [kind, type] : kinds) {
            m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"), {}, "a=1", kind);
            QCOMPARE(sendAndWait(), 200);
            QCOMPARE(echoHeaders().value(QLatin1String("content-type")).toString(), type);
            QCOMPARE(echo().value(QLatin1String("body")).toString(), QStringLiteral("a=1"));
        }
        m_tester->setRequest("PUT", QStringLiteral("/__sandbox/echo"),
                             {{"content-TYPE", "application/vnd.custom+json"}}, "{}", BodyKind::Json);
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echoHeaders().value(QLatin1String("content-type")).toString(),
                 QStringLiteral("application/vnd.custom+json"));
        // A file body, streamed from the disk, typed by its name.
        const QString file = m_dir.filePath(QStringLiteral("rows.csv"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write("a,b\n1,2\n"), qint64(8));
        f.close();
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"), {}, {}, BodyKind::File);
        QCOMPARE(m_tester->bodyTabTitle(), QStringLiteral("Body"));
        m_tester->bodyEditor().setFilePath(file);
        QCOMPARE(m_tester->bodyTabTitle(), QStringLiteral("Body \u2022"));
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(echo().value(QLatin1String("body")).toString(), QStringLiteral("a,b\n1,2\n"));
        QCOMPARE(echoHeaders().value(QLatin1String("content-type")).toString(), QStringLiteral("text/csv"));
        QCOMPARE(m_tester->controller().lastSpec().bodyFile, file);
        QVERIFY(m_tester->controller().lastSpec().body.isEmpty()); // never read into memory
        // A file that is not there: named, nothing sent.
        const int before = m_history().entries().size();
        m_tester->bodyEditor().setFilePath(m_dir.filePath(QStringLiteral("gone.bin")));
        m_tester->send();
        QVERIFY(!m_tester->isBusy());
        QVERIFY2(m_tester->explanationText().contains(QLatin1String("gone.bin")),
                 qPrintable(m_tester->explanationText()));
        QCOMPARE(m_history().entries().size(), before);
    }

    void parametersAndQueryStayInStep()
    {
        auto* params = m_tester->findChild<QTableWidget*>(QStringLiteral("testerParams"));
        auto* path = m_tester->findChild<QLineEdit*>(QStringLiteral("testerPath"));
        // The path's query fills the table, decoded.
        path->setText(QStringLiteral("/__sandbox/echo?a=1&q=x%20y"));
        QCOMPARE(params->item(0, 0)->text(), QStringLiteral("a"));
        QCOMPARE(params->item(0, 1)->text(), QStringLiteral("1"));
        QCOMPARE(params->item(1, 0)->text(), QStringLiteral("q"));
        QCOMPARE(params->item(1, 1)->text(), QStringLiteral("x y"));
        // An edit in the table rewrites the query, encoded.
        params->item(0, 1)->setText(QStringLiteral("b&c=d"));
        QCOMPARE(m_tester->pathText(), QStringLiteral("/__sandbox/echo?a=b%26c%3Dd&q=x%20y"));
        params->setItem(2, 0, new QTableWidgetItem(QStringLiteral("\u00e9")));
        params->setItem(2, 1, new QTableWidgetItem(QStringLiteral("1+2 %")));
        QCOMPARE(m_tester->pathText(), QStringLiteral("/__sandbox/echo?a=b%26c%3Dd&q=x%20y&%C3%A9=1%2B2%20%25"));
        QVERIFY(params->rowCount() >= 4); // always an empty row to type into
        QVERIFY(!params->item(params->rowCount() - 1, 0));
        // What arrives is what the table says.
        m_tester->findChild<QComboBox*>(QStringLiteral("testerMethod"))->setCurrentText(QStringLiteral("GET"));
        QCOMPARE(sendAndWait(), 200);
        const QJsonObject query = echo().value(QLatin1String("query")).toObject();
        QCOMPARE(query.value(QLatin1String("a")).toString(), QStringLiteral("b&c=d"));
        QCOMPARE(query.value(QLatin1String("q")).toString(), QStringLiteral("x y"));
        QCOMPARE(query.value(QStringLiteral("\u00e9")).toString(), QStringLiteral("1+2 %"));
        // Removing a name removes it from the path; typing in the path empties the table.
        params->item(0, 0)->setText(QString());
        QCOMPARE(m_tester->pathText(), QStringLiteral("/__sandbox/echo?q=x%20y&%C3%A9=1%2B2%20%25"));
        path->setText(QStringLiteral("/__sandbox/echo"));
        QCOMPARE(KeyValueRows(params), 0);
    }

    void historyRowsShowTimeHostMethodStatusAndRerunSends()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo?run=1"));
        QCOMPARE(sendAndWait(), 200);
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/status/404"));
        QCOMPARE(sendAndWait(), 404);
        QTreeView* view = m_tester->historyView().view();
        QAbstractItemModel* model = view->model();
        QCOMPARE(model->rowCount(), 2);
        const QString host = QUrl(m_sandbox->sandbox().baseUrl()).authority();
        QCOMPARE(model->index(1, RequestHistory::HostColumn).data().toString(), host);
        QCOMPARE(model->index(1, RequestHistory::MethodColumn).data().toString(), QStringLiteral("GET"));
        QCOMPARE(model->index(1, RequestHistory::PathColumn).data().toString(),
                 QStringLiteral("/__sandbox/echo?run=1"));
        QVERIFY(!model->index(1, RequestHistory::TimeColumn).data().toString().isEmpty());
        QVERIFY(model->index(1, RequestHistory::StatusColumn).data().toString().contains(QLatin1String("200")));
        QVERIFY(model->index(0, RequestHistory::StatusColumn).data().toString().contains(QLatin1String("404")));
        const QColor ok = model->index(1, RequestHistory::StatusColumn).data(Qt::ForegroundRole).value<QColor>();
        const QColor notFound = model->index(0, RequestHistory::StatusColumn).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(ok.isValid() && notFound.isValid());
        QVERIFY(ok != notFound);
        // Enter on the echo row sends it again, to the same host.
        view->setFocus();
        view->setCurrentIndex(model->index(1, 0));
        QSignalSpy finished(m_tester, &RequestTester::finished);
        QTest::keyClick(view, Qt::Key_Return);
        QVERIFY(m_tester->isBusy() || finished.size() == 1);
        QVERIFY(finished.size() == 1 || finished.wait(60000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QCOMPARE(m_history().entries().size(), 3);
        QCOMPARE(m_history().entries()[0].url, m_history().entries()[2].url);
        m_tester->responseView().setSearchText(QStringLiteral("run"));
        shot(QStringLiteral("9-tester-history"));
        QCOMPARE(QUrl(m_history().entries()[0].url).authority(), host);
        QCOMPARE(m_history().entries()[0].credentialId, idOf(m_context->store(), QStringLiteral("dev")));
        // From another target, too: the host it went to, not the one chosen now.
        m_tester->setTarget(RequestTesterController::Publish);
        QSignalSpy again(m_tester, &RequestTester::finished);
        m_tester->rerunHistory(0);
        QVERIFY(again.size() == 1 || again.wait(60000));
        QCOMPARE(again.first().first().toInt(), 200);
        QCOMPARE(QUrl(m_history().entries()[0].url).authority(), host);
        // Load only puts it in the editor.
        m_tester->setRequest("POST", QStringLiteral("/elsewhere"));
        m_tester->loadHistory(0);
        QVERIFY(!m_tester->isBusy());
        QCOMPARE(m_tester->pathText(), QStringLiteral("/__sandbox/echo?run=1"));
        QCOMPARE(m_history().entries().size(), 4);
    }

    // Entries are stamped by the injected clock (as token expiry is judged), so the time shown is
    // the clock's: the time of day on its day, the date as well once the day has passed.
    void historyTimeComesFromTheInjectedClock()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo?first=1"));
        QCOMPARE(sendAndWait(), 200); // mints at real time; the token is cached for a day
        QCOMPARE(m_history().entries().size(), 1);
        QCOMPARE(m_history().entries()[0].at, m_clock.now()); // to the millisecond: not the wall clock
        // Yesterday at 09:26 local time: the cached token is still good by this clock (and by AEM's).
        const QDateTime sent(QDate::currentDate().addDays(-1), QTime(9, 26, 0));
        m_clock.set(sent);
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo?second=1"));
        QCOMPARE(sendAndWait(), 200);
        QCOMPARE(m_history().entries().size(), 2);
        QCOMPARE(m_history().entries()[0].at, sent.toUTC());
        QAbstractItemModel* model = m_tester->historyView().view()->model();
        QCOMPARE(model->index(0, RequestHistory::PathColumn).data().toString(),
                 QStringLiteral("/__sandbox/echo?second=1"));
        const QLocale locale;
        QCOMPARE(model->index(0, RequestHistory::TimeColumn).data().toString(),
                 locale.toString(QTime(9, 26), QLocale::ShortFormat));
        // Two minutes on, the same day: the same time of day.
        m_clock.advanceMs(2 * 60 * 1000);
        QCOMPARE(model->index(0, RequestHistory::TimeColumn).data().toString(),
                 locale.toString(QTime(9, 26), QLocale::ShortFormat));
        // The next day: the date too.
        m_clock.set(sent.addDays(1));
        QCOMPARE(model->index(0, RequestHistory::TimeColumn).data().toString(),
                 locale.toString(sent, QLocale::ShortFormat));
        // Saved and read back as sent.
        RequestHistory reread(RequestHistory::defaultPath(StoreLocation::under(m_dir.path()).dataDir));
        QVERIFY(reread.load());
        QCOMPARE(reread.entries().value(0).at, sent.toUTC());
    }

    void searchFindsAndCountsMatches()
    {
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"), {}, "needle Needle NEEDLE", BodyKind::Text);
        QCOMPARE(sendAndWait(), 200);
        ResponseView& r = m_tester->responseView();
        // Ctrl+F goes to the search field.
        m_tester->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_tester));
        QTest::keyClick(m_tester, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), m_tester->findChild<QLineEdit*>(QStringLiteral("responseSearch")));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("needle"));
        QCOMPARE(r.matchCount(), 3);
        QCOMPARE(r.currentMatch(), 1);
        QCOMPARE(r.searchStatus(), QStringLiteral("1 of 3"));
        QCOMPARE(m_tester->findChild<QPlainTextEdit*>(QStringLiteral("responsePretty"))->extraSelections().size(), 3);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return); // next
        QCOMPARE(r.currentMatch(), 2);
        r.findNext();
        QCOMPARE(r.currentMatch(), 3);
        r.findNext(); // round again
        QCOMPARE(r.currentMatch(), 1);
        r.findPrevious();
        QCOMPARE(r.currentMatch(), 3);
        r.setSearchText(QStringLiteral("not in there"));
        QCOMPARE(r.matchCount(), 0);
        QCOMPARE(r.searchStatus(), QStringLiteral("No match"));
        // Wrap on and off.
        auto* pretty = m_tester->findChild<QPlainTextEdit*>(QStringLiteral("responsePretty"));
        QCOMPARE(pretty->lineWrapMode(), QPlainTextEdit::NoWrap);
        r.setWrap(true);
        QVERIFY(r.wraps());
        QCOMPARE(pretty->lineWrapMode(), QPlainTextEdit::WidgetWidth);
        r.setWrap(false);
        QCOMPARE(pretty->lineWrapMode(), QPlainTextEdit::NoWrap);
    }

    void statusSurvivesACopyAndTheLayoutStays()
    {
        auto* response = m_tester->findChild<ResponseView*>(QStringLiteral("responseView"));
        const int top = response->mapTo(m_tester, QPoint(0, 0)).y();
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/status/404"));
        QCOMPARE(sendAndWait(), 404);
        QVERIFY(!m_tester->explanationText().isEmpty());
        QCOMPARE(response->mapTo(m_tester, QPoint(0, 0)).y(), top); // the explanation had its room
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"));
        QCOMPARE(sendAndWait(), 200);
        QVERIFY(m_tester->statusText().startsWith(QLatin1String("200")));
        m_tester->copyCurl(false);
        QVERIFY2(m_tester->statusText().startsWith(QLatin1String("200")), qPrintable(m_tester->statusText()));
        QVERIFY2(m_tester->noticeText().contains(QLatin1String("Copied a curl command")),
                 qPrintable(m_tester->noticeText()));
        QCOMPARE(response->mapTo(m_tester, QPoint(0, 0)).y(), top);
    }

    void aNewRequestClearsTheLastAnswer()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/status/404"));
        QCOMPARE(sendAndWait(), 404);
        QVERIFY(m_tester->prettyText().contains(QLatin1String("as requested")));
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/slow?ms=20000"));
        m_tester->send();
        QVERIFY(m_tester->isBusy());
        QCOMPARE(m_tester->prettyText(), QString()); // not the 404 under "Sending…"
        QCOMPARE(m_tester->headersText(), QString());
        m_tester->cancel();
        QTRY_VERIFY(!m_tester->isBusy());
    }

    void inlineTokenCurlAsksInTheTesterAndTheMainWindow()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"));
        QApplication::clipboard()->setText(QStringLiteral("before"));
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        m_tester->copyCurl(true);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
        Dialogs::setNextAnswer(QMessageBox::Yes);
        m_tester->copyCurl(true);
        QTRY_VERIFY(QApplication::clipboard()->text().contains(QLatin1String("%s\\n' 'eyJ")));
        // The main window's Copy curl asks the same question.
        auto* action = m_window->findChild<QAction*>(QStringLiteral("actionCopyCurl"));
        QVERIFY(action);
        QTRY_VERIFY(action->isEnabled());
        QApplication::clipboard()->setText(QStringLiteral("before"));
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        action->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
        Dialogs::setNextAnswer(QMessageBox::Yes);
        action->trigger();
        QTRY_VERIFY(QApplication::clipboard()->text().contains(QLatin1String("%s\\n' 'eyJ")));
    }

private:
    static int KeyValueRows(const QTableWidget* t)
    {
        int n = 0;
        for (int r = 0; r < t->rowCount(); ++r)
            n += t->item(r, 0) && !t->item(r, 0)->text().isEmpty();
        return n;
    }
    RequestHistory& m_history() { return m_context->history(); }
};

QTEST_MAIN(TestTester)
#include "tst_tester.moc"
