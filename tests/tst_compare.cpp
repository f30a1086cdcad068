// SPDX-License-Identifier: Apache-2.0
// The request tester's "Compare…" window on the offscreen platform against the sandbox: one
// request sent to two credentials, both statuses shown and the known difference (each
// credential's own user) listed by path; the production question still guards a POST; a
// request sent again discards the answers of the one before; volatile fields are ignored until
// the user says otherwise, and the ignore list is theirs to edit.

#include "appcontext.h"
#include "compareview.h"
#include "dialogs.h"
#include "envtype.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "secretstore.h"
#include "testsupport.h"
#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestCompare : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    RequestTester* m_tester = nullptr;
    CompareView* m_compare = nullptr;

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

    // The paths listed as differing.
    QStringList differingPaths() const
    {
        QStringList paths;
        const QAbstractItemModel* m = m_compare->differencesView().model();
        for (int row = 0; row < m->rowCount(); ++row)
            paths.append(m->index(row, 0).data().toString());
        return paths;
    }

    void shot(const QString& name)
    {
        const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS");
        if (!dir.isEmpty())
            m_compare->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    bool sendAndWaitForComparison()
    {
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        QTest::mouseClick(m_compare->findChild<QPushButton*>(QStringLiteral("compareSend")), Qt::LeftButton);
        return shown.wait(60000);
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
        importNamed(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("stage"));
        // Of another environment: this sandbox refuses its tokens (401).
        sandbox::Sandbox::NewCredentialSpec other;
        other.environment = 9999;
        importNamed(m_sandbox->sandbox().createServiceCredentials(other), QStringLiteral("elsewhere"));
    }

    // Each test on a new window, tester and compare window: "dev" against "stage".
    void init()
    {
        QVERIFY(m_context->history().clear());
        // The comparison options a test chose are kept in the settings: back to the defaults.
        AppSettings defaults = m_context->settings();
        defaults.compareIgnoreList.reset();
        defaults.compareIgnoreVolatile = true;
        defaults.compareIgnoreTimestamps = false;
        QVERIFY(m_context->setSettings(defaults));
        m_window = std::make_unique<MainWindow>(*m_context);
        m_tester = m_window->openRequestTester();
        QVERIFY(QTest::qWaitForWindowExposed(m_tester));
        m_tester->setCredential(QStringLiteral("dev"));
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo"));
        QTest::mouseClick(m_tester->findChild<QPushButton*>(QStringLiteral("testerCompare")), Qt::LeftButton);
        m_compare = m_tester->findChild<CompareView*>();
        QVERIFY(m_compare);
        QVERIFY(QTest::qWaitForWindowExposed(m_compare));
        // The tester's credential first, another one beside it.
        QCOMPARE(m_compare->findChild<QComboBox*>(QStringLiteral("compareLeft"))->currentText(), QStringLiteral("dev"));
        QVERIFY(m_compare->findChild<QComboBox*>(QStringLiteral("compareRight"))->currentText()
                != QLatin1String("dev"));
        m_compare->setCredentials(QStringLiteral("dev"), QStringLiteral("stage"));
        QCOMPARE(m_compare->findChild<QComboBox*>(QStringLiteral("compareLeft"))->currentText(), QStringLiteral("dev"));
        QCOMPARE(m_compare->findChild<QComboBox*>(QStringLiteral("compareRight"))->currentText(),
                 QStringLiteral("stage"));
    }

    void cleanup()
    {
        m_compare = nullptr;
        m_tester = nullptr;
        m_window.reset();
        QVERIFY(m_context->store().setEnvType(QStringLiteral("stage"), EnvType::None));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }

    void oneRequestTwoAnswersSideBySide()
    {
        QVERIFY(m_compare->findChild<QLabel*>(QStringLiteral("compareRequest"))
                    ->text()
                    .startsWith(QLatin1String("GET /__sandbox/echo")));
        QVERIFY(sendAndWaitForComparison());
        for (int side = 0; side < 2; ++side)
            QVERIFY2(m_compare->statusText(side).startsWith(QLatin1String("200 OK")),
                     qPrintable(m_compare->statusText(side)));
        // Each credential is its own technical account: the one known difference.
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("$.user")});
        const QAbstractItemModel* m = m_compare->differencesView().model();
        QVERIFY(m->index(0, 2).data().toString().contains(QLatin1String("techacct")));
        QVERIFY(m->index(0, 2).data() != m->index(0, 3).data());
        QCOMPARE(m->headerData(2, Qt::Horizontal).toString(), QStringLiteral("dev"));
        QCOMPARE(m->headerData(3, Qt::Horizontal).toString(), QStringLiteral("stage"));
        QVERIFY2(m_compare->verdictText().contains(QLatin1String("differ")), qPrintable(m_compare->verdictText()));
        QVERIFY2(m_compare->summaryText().startsWith(QLatin1String("1 difference")),
                 qPrintable(m_compare->summaryText()));
        // The headers of both, name by name.
        const QTableWidget& headers = m_compare->headersView();
        QVERIFY(headers.rowCount() > 0);
        bool contentType = false;
        for (int row = 0; row < headers.rowCount(); ++row)
            if (headers.item(row, 0)->text().compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0)
                contentType = headers.item(row, 1)->text() == headers.item(row, 2)->text();
        QVERIFY(contentType);
        shot(QStringLiteral("8-compare"));
        // Both went into the history, as any request does.
        QCOMPARE(m_context->history().entries().size(), 2);
        // Swapped, for the next request.
        QTest::mouseClick(m_compare->findChild<QToolButton*>(QStringLiteral("compareSwap")), Qt::LeftButton);
        QCOMPARE(m_compare->findChild<QComboBox*>(QStringLiteral("compareLeft"))->currentText(),
                 QStringLiteral("stage"));
        QCOMPARE(m_compare->findChild<QComboBox*>(QStringLiteral("compareRight"))->currentText(),
                 QStringLiteral("dev"));
    }

    void differentStatusesAreTheFirstThingSaid()
    {
        m_compare->setCredentials(QStringLiteral("dev"), QStringLiteral("elsewhere"));
        QVERIFY(sendAndWaitForComparison());
        QVERIFY(m_compare->statusText(0).startsWith(QLatin1String("200")));
        QVERIFY2(m_compare->statusText(1).startsWith(QLatin1String("401")), qPrintable(m_compare->statusText(1)));
        QVERIFY2(m_compare->verdictText().startsWith(QLatin1String("The answers differ: status 200 and 401")),
                 qPrintable(m_compare->verdictText()));
        // Coloured by class, and the refusal explained under it.
        const QString ok = Theme::ok(m_compare->palette()).name(), error = Theme::error(m_compare->palette()).name();
        QVERIFY(m_compare->findChild<QLabel*>(QStringLiteral("compareStatusLeft"))->styleSheet().contains(ok));
        QVERIFY(m_compare->findChild<QLabel*>(QStringLiteral("compareStatusRight"))->styleSheet().contains(error));
        QVERIFY(!m_compare->findChild<QLabel*>(QStringLiteral("compareDetailRight"))->text().isEmpty());
        // The server's reason phrase and error words are shown as they are, never as markup.
        for (const char* name :
             {"compareStatusLeft", "compareStatusRight", "compareDetailLeft", "compareDetailRight", "compareRequest"})
            QCOMPARE(m_compare->findChild<QLabel*>(QString::fromLatin1(name))->textFormat(), Qt::PlainText);
        QVERIFY(!differingPaths().isEmpty());
        // The headers: the refusal's WWW-Authenticate on the right only, marked; Content-Length
        // differs too, until the ignore list names it.
        auto row = [this](const QString& name) {
            const QTableWidget& h = m_compare->headersView();
            for (int r = 0; r < h.rowCount(); ++r)
                if (h.item(r, 0)->text().compare(name, Qt::CaseInsensitive) == 0)
                    return r;
            return -1;
        };
        const QTableWidget& headers = m_compare->headersView();
        const int www = row(QStringLiteral("WWW-Authenticate"));
        QVERIFY(www >= 0);
        QVERIFY(headers.item(www, 1)->text().isEmpty());
        QVERIFY(headers.item(www, 2)->text().startsWith(QLatin1String("Bearer")));
        QVERIFY(headers.item(www, 2)->background().style() != Qt::NoBrush);
        const int before = m_compare->controller().headerDifferences();
        QVERIFY(before >= 2);
        QVERIFY2(m_compare->verdictText().contains(QLatin1String("header")), qPrintable(m_compare->verdictText()));
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        auto* list = m_compare->findChild<QLineEdit*>(QStringLiteral("compareIgnoreList"));
        list->setText(list->text() + QStringLiteral(", content-length"));
        Q_EMIT list->editingFinished();
        QVERIFY(shown.wait(10000));
        QCOMPARE(m_compare->controller().headerDifferences(), before - 1);
        const int length = row(QStringLiteral("Content-Length"));
        QVERIFY(length >= 0);
        QVERIFY(headers.item(length, 1)->font().italic());
        QCOMPARE(headers.item(length, 1)->background().style(), Qt::NoBrush);
    }

    void productionStillAsksBeforeAPost()
    {
        QVERIFY(m_context->store().setEnvType(QStringLiteral("stage"), EnvType::Production));
        m_tester->setRequest("POST", QStringLiteral("/__sandbox/echo"), {}, "{\"title\":\"hello\"}");
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        m_compare->send();
        QVERIFY(!m_compare->controller().isBusy()); // refused: sent to neither
        QCOMPARE(m_context->history().entries().size(), 0);
        QVERIFY2(m_compare->explanationText().contains(QLatin1String("production")),
                 qPrintable(m_compare->explanationText()));
        Dialogs::setNextAnswer(QMessageBox::Yes);
        QVERIFY(sendAndWaitForComparison());
        QCOMPARE(m_context->history().entries().size(), 2);
        QVERIFY(m_compare->statusText(1).startsWith(QLatin1String("200")));
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("$.user")});
    }

    void aRequestSentAgainDiscardsTheOneBefore()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/slow?ms=20000"));
        m_compare->send();
        QVERIFY(m_compare->controller().isBusy());
        // Sent again before the slow answers came: only the new request's answers are shown.
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/echo?second=1"));
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        m_compare->send();
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.size(), 1);
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("$.user")});
        QVERIFY(!m_compare->controller().isBusy());
        QVERIFY(m_compare->controller().answer(CompareController::Left).body.contains("second"));
    }

    void volatileFieldsAreIgnoredUntilAskedFor()
    {
        const QByteArray left = R"({"title":"A","jcr:lastModified":"2026-12-01T10:00:00Z","size":1})";
        const QByteArray right = R"({"title":"A","jcr:lastModified":"2026-12-02T11:00:00Z","size":2})";
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        m_compare->controller().compareBodies(left, right);
        QVERIFY(shown.wait(10000));
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("$.size")});
        QVERIFY2(m_compare->summaryText().contains(QLatin1String("1 ignored")), qPrintable(m_compare->summaryText()));
        // Off: the timestamp differs too.
        m_compare->findChild<QCheckBox*>(QStringLiteral("compareIgnoreVolatile"))->setChecked(false);
        QVERIFY(shown.wait(10000));
        QCOMPARE(differingPaths(), (QStringList {QStringLiteral("$.jcr:lastModified"), QStringLiteral("$.size")}));
        // Back on, with "size" added to the list: the bodies are the same but for what is ignored.
        m_compare->findChild<QCheckBox*>(QStringLiteral("compareIgnoreVolatile"))->setChecked(true);
        QVERIFY(shown.wait(10000));
        auto* list = m_compare->findChild<QLineEdit*>(QStringLiteral("compareIgnoreList"));
        list->setText(list->text() + QStringLiteral(", size"));
        Q_EMIT list->editingFinished();
        QVERIFY(shown.wait(10000));
        QVERIFY(differingPaths().isEmpty());
        QVERIFY2(m_compare->verdictText().startsWith(QLatin1String("The answers are the same, but for 2 ignored")),
                 qPrintable(m_compare->verdictText()));
        // Values that both look like dates, whatever their key.
        list->setText(QString());
        Q_EMIT list->editingFinished();
        QVERIFY(shown.wait(10000));
        QCOMPARE(differingPaths().size(), 2);
        m_compare->findChild<QCheckBox*>(QStringLiteral("compareIgnoreTimestamps"))->setChecked(true);
        QVERIFY(shown.wait(10000));
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("$.size")});
    }

    // The ignore list and its checkboxes are the user's: kept in the settings file, there again
    // in the next compare window (and the next run); a settings file that cannot be written is
    // said, not ignored.
    void ignoreOptionsAreKeptForTheNextWindow()
    {
        auto* list = m_compare->findChild<QLineEdit*>(QStringLiteral("compareIgnoreList"));
        const QString defaults = list->text();
        QVERIFY(defaults.contains(QLatin1String("jcr:lastModified")));
        list->setText(QStringLiteral("size, $.hits[*].id"));
        Q_EMIT list->editingFinished();
        m_compare->findChild<QCheckBox*>(QStringLiteral("compareIgnoreTimestamps"))->setChecked(true);
        m_compare->findChild<QCheckBox*>(QStringLiteral("compareIgnoreVolatile"))->setChecked(false);
        QVERIFY2(m_compare->explanationText().isEmpty(), qPrintable(m_compare->explanationText()));

        const AppSettings saved = AppSettings::load(m_context->settingsPath());
        QCOMPARE(saved.compareIgnoreList, std::optional(QStringLiteral("size, $.hits[*].id")));
        QVERIFY(saved.compareIgnoreTimestamps);
        QVERIFY(!saved.compareIgnoreVolatile);

        // A new window, as on the next open.
        CompareView again(*m_context, m_context->history(), [] { return CompareView::Request {}; });
        QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("compareIgnoreList"))->text(),
                 QStringLiteral("size, $.hits[*].id"));
        QVERIFY(!again.findChild<QLineEdit*>(QStringLiteral("compareIgnoreList"))->isEnabled());
        QVERIFY(again.findChild<QCheckBox*>(QStringLiteral("compareIgnoreTimestamps"))->isChecked());
        QVERIFY(!again.findChild<QCheckBox*>(QStringLiteral("compareIgnoreVolatile"))->isChecked());
        // What the controller compares with is what the window shows: nothing ignored, dates yes.
        QVERIFY(again.controller().options().ignore.isEmpty());
        QVERIFY(again.controller().options().ignoreTimestampValues);

        // The settings file cannot be written (a directory stands in its place, which stops root
        // too): the write fails, and the window says where.
        const QString path = m_context->settingsPath();
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkdir(path));
        again.findChild<QCheckBox*>(QStringLiteral("compareIgnoreTimestamps"))->setChecked(false);
        QVERIFY(QDir().rmdir(path));
        QVERIFY(m_context->setSettings(m_context->settings())); // the file back, for the other tests
        QVERIFY2(again.explanationText().contains(QLatin1String("could not be saved"))
                     && again.explanationText().contains(path),
                 qPrintable(again.explanationText()));
    }

    void textAnswersAreComparedLineByLine()
    {
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        m_compare->controller().compareBodies("<html>\n<p>stage</p>\n</html>\n", "<html>\n<p>prod</p>\n</html>\n");
        QVERIFY(shown.wait(10000));
        QCOMPARE(differingPaths(), QStringList {QStringLiteral("line 2")});
        QVERIFY2(m_compare->summaryText().contains(QLatin1String("compared as text")),
                 qPrintable(m_compare->summaryText()));
    }

    void differencesAreNeverShownAsMarkup()
    {
        // The values are the servers' words: "<p>stage</p>" is shown as it is in the cell and in
        // its tooltip, which Qt would otherwise draw as markup.
        QSignalSpy shown(m_compare, &CompareView::comparisonShown);
        m_compare->controller().compareBodies("<html>\n<p>stage</p>\n</html>\n", "<html>\n<p>prod</p>\n</html>\n");
        QVERIFY(shown.wait(10000));
        const QAbstractItemModel* m = m_compare->differencesView().model();
        QCOMPARE(m->index(0, 2).data().toString(), QStringLiteral("<p>stage</p>"));
        QCOMPARE(m->index(0, 2).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("<p style=\"white-space:pre-wrap\">&lt;p&gt;stage&lt;/p&gt;</p>"));
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
