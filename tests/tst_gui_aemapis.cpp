// SPDX-License-Identifier: Apache-2.0
// AEM's common APIs in the window, offscreen against the sandbox: the QueryBuilder form fills
// the hits table and pages through them (Previous/Next, off at the ends, "of more than" when the
// total is guessed); GraphQL lists the endpoints, runs a query with variables (refused, unsent,
// when they are not a JSON object), lists the persisted queries and runs the one chosen (at once,
// or once its required variable is filled in) and one typed by name; the content browser walks Assets
// folders and content listings by double-click; the response view's tree filters and copies
// paths. Every call goes through the tester (its history shows it) and none while it is busy.

#include "aemtools.h"
#include "appcontext.h"
#include "clock.h"
#include "compareview.h"
#include "contentbrowser.h"
#include "elidingheader.h"
#include "graphqlpanel.h"
#include "jsontree.h"
#include "jsontreeview.h"
#include "mainwindow.h"
#include "querybuilderpanel.h"
#include "requesttester.h"
#include "responseview.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProxyStyle>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyleFactory>
#include <QStyleOptionHeader>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGuiAemApis : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    RequestTester* m_tester = nullptr;
    AemToolsWindow* m_tools = nullptr;

    template<typename T> T* child(const char* name) const
    {
        T* w = m_tools->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no %s", name);
        return w;
    }

    QStringList lastUrls() const
    {
        QStringList out;
        for (const HistoryEntry& e : m_context->history().entries())
            out.append(e.url);
        return out;
    }

    // The texts of a column of the first `n` rows under `index` of a tree model.
    static QStringList texts(const QAbstractItemModel* m, const QModelIndex& parent, int column = 0)
    {
        QStringList out;
        for (int r = 0; r < m->rowCount(parent); ++r)
            out.append(m->index(r, column, parent).data().toString());
        return out;
    }

    void doubleClick(QTreeWidget* tree, QTreeWidgetItem* item)
    {
        tree->scrollToItem(item);
        const QRect r = tree->visualItemRect(item);
        // The view takes a double-click only on the item a press went to first.
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, r.center());
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

    // Each test on a new window, tester and tools window, "dev" chosen, an empty history.
    void init()
    {
        QVERIFY(m_context->history().clear());
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->selectCredential(QStringLiteral("dev"));
        m_tester = m_window->openRequestTester();
        QVERIFY(QTest::qWaitForWindowExposed(m_tester));
        m_tester->setCredential(QStringLiteral("dev"));
        QTest::mouseClick(m_tester->findChild<QPushButton*>(QStringLiteral("testerAemApis")), Qt::LeftButton);
        m_tools = m_tester->findChild<AemToolsWindow*>();
        QVERIFY(m_tools);
        QCOMPARE(m_tester->openAemTools(), m_tools); // one window, shown again
        QVERIFY(QTest::qWaitForWindowExposed(m_tools));
    }

    void cleanup()
    {
        for (const char* path : {"/bin/querybuilder.json", "/content/_cq_graphql.2.json", "/content.1.json"})
            m_sandbox->sandbox().cannedAemAnswer(QString::fromLatin1(path), 0, {}, {});
        if (m_tester && m_tester->isBusy())
            m_tester->cancel();
        m_tools = nullptr;
        m_tester = nullptr;
        m_window.reset();
    }

    void cleanupTestCase() { m_context.reset(); }

    // Every table and tree of the main window, the tester, its tools and the comparison elides
    // a title too wide for its column at its end (Qt 6.4's header clipped a centred one at both
    // ends) and says it whole in a tooltip, and none turns bold with a selected row.
    void everyColumnTitleIsElidedNotCut()
    {
        CompareView* compare = m_tester->openCompare();
        QVERIFY(compare);
        int horizontal = 0;
        for (QWidget* top : std::initializer_list<QWidget*> {m_window.get(), m_tester, m_tools, compare}) {
            for (QHeaderView* h : top->findChildren<QHeaderView*>()) {
                if (h->orientation() != Qt::Horizontal)
                    continue;
                ++horizontal;
                QVERIFY2(isElidingHeader(h), qPrintable(h->parent()->objectName()));
                QVERIFY(!h->highlightSections());
            }
        }
        QVERIFY(horizontal >= 8); // list, claims, hits, browser, tree, history, headers, diff...
        // As drawn: the hits table with a long title in a narrow column.
        auto* hits = child<QTableWidget>("qbHits");
        hits->setColumnCount(2);
        hits->setHorizontalHeaderLabels({QStringLiteral("jcr:content/metadata/dc:title"), QStringLiteral("Path")});
        hits->horizontalHeader()->setStretchLastSection(false);
        hits->setColumnWidth(0, hits->fontMetrics().horizontalAdvance(QStringLiteral("jcr:content")));
        struct Labels : QProxyStyle
        {
            Labels() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) { }
            void drawControl(ControlElement e, const QStyleOption* o, QPainter* p, const QWidget* w) const override
            {
                if (const auto* h = qstyleoption_cast<const QStyleOptionHeader*>(o); h && e == CE_HeaderLabel)
                    drawn.append(h->text);
                QProxyStyle::drawControl(e, o, p, w);
            }
            mutable QStringList drawn;
        } labels;
        QHeaderView* header = hits->horizontalHeader();
        header->setStyle(&labels);
        header->grab();
        header->setStyle(nullptr);
        QCOMPARE(labels.drawn.size(), 2);
        QVERIFY2(labels.drawn[0].startsWith(QStringLiteral("jcr:")) && labels.drawn[0].endsWith(QChar(0x2026)),
                 qPrintable(labels.drawn[0]));
        QCOMPARE(labels.drawn[1], QStringLiteral("Path"));
    }

    // Tab leaves every table, tree and text box of the windows the tester opens later (the tools,
    // the comparison) as it does in the main window: it moves focus, it types no tab.
    void tabLeavesTheToolsAndTheComparison()
    {
        CompareView* compare = m_tester->openCompare();
        QVERIFY(compare);
        QVERIFY(QTest::qWaitForWindowExposed(compare));
        int views = 0, edits = 0;
        for (QWidget* top : std::initializer_list<QWidget*> {m_tools, compare}) {
            for (QAbstractItemView* v : top->findChildren<QAbstractItemView*>()) {
                if (qobject_cast<QComboBox*>(v->parentWidget()) || v->inherits("QComboBoxListView"))
                    continue; // a combo box's popup list
                ++views;
                QVERIFY2(!v->tabKeyNavigation(), qPrintable(v->objectName()));
            }
            for (QPlainTextEdit* e : top->findChildren<QPlainTextEdit*>()) {
                ++edits;
                QVERIFY2(e->tabChangesFocus(), qPrintable(e->objectName()));
            }
        }
        QVERIFY(views >= 5);
        QVERIFY(edits >= 2); // the GraphQL query and its variables
        m_tools->tabs()->setCurrentIndex(1);
        m_tools->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_tools));
        auto* query = child<QPlainTextEdit>("gqlQuery");
        const QString before = query->toPlainText();
        query->setFocus();
        QTRY_VERIFY(query->hasFocus());
        QTest::keyClick(query, Qt::Key_Tab);
        QTRY_VERIFY(!query->hasFocus());
        QCOMPARE(query->toPlainText(), before);
    }

    void queryBuilderFormShowsTheHits()
    {
        m_tools->tabs()->setCurrentIndex(0);
        auto* path = child<QLineEdit>("qbPath");
        path->clear();
        QTest::keyClicks(path, QStringLiteral("/content/dam/wknd"));
        child<QComboBox>("qbType")->setCurrentText(QStringLiteral("dam:Asset"));
        QTest::keyClicks(child<QLineEdit>("qbFulltext"), QStringLiteral("surf"));
        child<QComboBox>("qbOrderBy")->setCurrentText(QStringLiteral("@jcr:content/jcr:title"));
        QCOMPARE(child<QLabel>("qbQuery")->text(),
                 QStringLiteral("/bin/querybuilder.json?path=/content/dam/wknd&type=dam:Asset&fulltext=surf"
                                "&orderby=@jcr:content/jcr:title&p.limit=20"));
        QSignalSpy shown(&m_tools->queryBuilder(), &QueryBuilderPanel::hitsShown);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.first().first().toInt(), 2);
        QTableWidget* hits = m_tools->queryBuilder().hitsTable();
        QCOMPARE(hits->rowCount(), 2);
        QCOMPARE(hits->horizontalHeaderItem(0)->text(), QStringLiteral("path"));
        QCOMPARE(hits->horizontalHeaderItem(1)->text(), QStringLiteral("title"));
        QCOMPARE(hits->item(0, 1)->text(), QStringLiteral("Adventure Guide"));
        QCOMPARE(hits->item(1, 0)->text(), QStringLiteral("/content/dam/wknd/adventures/bali-surf-camp.jpg"));
        QVERIFY(m_tools->queryBuilder().statusText().startsWith(
            QLatin1String("2 hit"))); // "2 hits." once the catalogue has it
        // Through the tester: its history has the call, its response view the answer.
        QCOMPARE(lastUrls().size(), 1);
        QVERIFY(lastUrls().first().endsWith(child<QLabel>("qbQuery")->text()));
        QVERIFY(m_tester->rawText().contains(QLatin1String("\"total\":2")));
        // A double-click on a hit puts it in the tester, unsent.
        QTest::mouseClick(hits->viewport(), Qt::LeftButton, {}, hits->visualItemRect(hits->item(1, 0)).center());
        QTest::mouseDClick(hits->viewport(), Qt::LeftButton, {}, hits->visualItemRect(hits->item(1, 0)).center());
        QCOMPARE(m_tester->pathText(), QStringLiteral("/content/dam/wknd/adventures/bali-surf-camp.jpg.json"));
        QCOMPARE(lastUrls().size(), 1);

        // A property row and a limit of one: the table says there are more.
        auto* props = child<QTableWidget>("qbProperties");
        props->setItem(0, 0, new QTableWidgetItem(QStringLiteral("jcr:content/metadata/dc:format")));
        props->setItem(0, 1, new QTableWidgetItem(QStringLiteral("image/jpeg")));
        child<QLineEdit>("qbFulltext")->clear();
        child<QSpinBox>("qbLimit")->setValue(1);
        shown.clear();
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        QCOMPARE(hits->rowCount(), 1);
        QCOMPARE(hits->item(0, 1)->text(), QStringLiteral("Bali Surf Camp"));
        QCOMPARE(m_tools->queryBuilder().statusText(), QStringLiteral("Hits 1–1 of 2."));
        QVERIFY(!m_tools->queryBuilder().previousButton()->isEnabled());
        QVERIFY(m_tools->queryBuilder().nextButton()->isEnabled());
    }

    void queryBuilderPagesForwardAndBack()
    {
        QueryBuilderPanel& qb = m_tools->queryBuilder();
        QueryBuilderForm f;
        f.path = QStringLiteral("/content/sandbox");
        f.type = QStringLiteral("cq:Page");
        f.orderBy = QStringLiteral("path");
        f.limit = 20;
        qb.setForm(f);
        QPushButton* previous = child<QPushButton>("qbPrevious");
        QPushButton* next = child<QPushButton>("qbNext");
        QVERIFY(!previous->isEnabled() && !next->isEnabled()); // nothing shown yet
        QSignalSpy shown(&qb, &QueryBuilderPanel::hitsShown);
        auto press = [&](QPushButton* b) {
            shown.clear();
            QTest::mouseClick(b, Qt::LeftButton);
            QVERIFY(!previous->isEnabled() && !next->isEnabled()); // not while the page is on its way
            QVERIFY(shown.wait(30000));
        };
        press(child<QPushButton>("qbRun"));
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 1–20 of 45."));
        QVERIFY(!previous->isEnabled());
        QVERIFY(next->isEnabled());
        QCOMPARE(qb.hitsTable()->item(0, 0)->text(), QStringLiteral("/content/sandbox/page-01"));
        press(next);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 21–40 of 45."));
        QVERIFY(previous->isEnabled() && next->isEnabled());
        QCOMPARE(qb.hitsTable()->item(0, 0)->text(), QStringLiteral("/content/sandbox/page-21"));
        QVERIFY(lastUrls().first().contains(QLatin1String("&p.offset=20&p.limit=20")));
        press(next);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 41–45 of 45."));
        QCOMPARE(qb.hitsTable()->rowCount(), 5);
        QVERIFY(previous->isEnabled());
        QVERIFY(!next->isEnabled()); // the end
        press(previous);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 21–40 of 45."));
        press(previous);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 1–20 of 45."));
        QVERIFY(!previous->isEnabled()); // the start
        QVERIFY(!lastUrls().first().contains(QLatin1String("p.offset")));
        QCOMPARE(lastUrls().size(), 5);
        // The page follows the query that was run, not edits made since.
        child<QLineEdit>("qbPath")->setText(QStringLiteral("/content/dam"));
        press(next);
        QCOMPARE(qb.hitsTable()->item(0, 0)->text(), QStringLiteral("/content/sandbox/page-21"));

        // A guessed total: "more than", and Next until AEM has counted them all.
        child<QLineEdit>("qbPath")->setText(QStringLiteral("/content/sandbox"));
        child<QCheckBox>("qbGuessTotal")->setChecked(true);
        QVERIFY(child<QLabel>("qbQuery")->text().endsWith(QLatin1String("&p.limit=20&p.guessTotal=true")));
        press(child<QPushButton>("qbRun"));
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 1–20 of more than 20."));
        QVERIFY(next->isEnabled());
        press(next);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 21–40 of more than 40."));
        press(next);
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 41–45 of 45."));
        QVERIFY(!next->isEnabled());
    }

    void queryBuilderNextGoesOnPastALyingOffset()
    {
        // A hostile QueryBuilder: every page says offset 0 and that 1000 more hits follow.
        QJsonArray hits;
        for (int i = 0; i < 20; ++i)
            hits.append(QJsonObject {{QStringLiteral("path"), QStringLiteral("/content/x/p%1").arg(i)}});
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/bin/querybuilder.json"), 200, "application/json",
                                             QJsonDocument(QJsonObject {{QStringLiteral("success"), true},
                                                                        {QStringLiteral("total"), 1000},
                                                                        {QStringLiteral("offset"), 0},
                                                                        {QStringLiteral("more"), true},
                                                                        {QStringLiteral("hits"), hits}})
                                                 .toJson());
        QueryBuilderPanel& qb = m_tools->queryBuilder();
        QSignalSpy shown(&qb, &QueryBuilderPanel::hitsShown);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        QCOMPARE(qb.statusText(), QStringLiteral("Hits 1–20 of 1000."));
        for (int page = 1; page <= 2; ++page) {
            shown.clear();
            QTest::mouseClick(child<QPushButton>("qbNext"), Qt::LeftButton);
            QVERIFY(shown.wait(30000));
            QCOMPARE(qb.statusText(), QStringLiteral("Hits %1–%2 of 1000.").arg(page * 20 + 1).arg(page * 20 + 20));
            QVERIFY2(m_sandbox->sandbox().lastCannedQuery().contains(QStringLiteral("p.offset=%1").arg(page * 20)),
                     qPrintable(m_sandbox->sandbox().lastCannedQuery()));
        }
    }

    void aHitOnAnotherHostIsNotPutInTheTester()
    {
        // A hostile hit's "path" is a URL: a double-click once put it in the tester, one Send
        // away from the token going there (for any host the user allowed).
        QJsonArray hits;
        hits.append(QJsonObject {
            {QStringLiteral("path"), QString(QStringLiteral("https:/") + QStringLiteral("/evil.example/x"))}});
        hits.append(
            QJsonObject {{QStringLiteral("path"), QString(QStringLiteral("/") + QStringLiteral("/evil.example/x"))}});
        hits.append(QJsonObject {{QStringLiteral("path"), QStringLiteral("/content/dam/ok")}});
        m_sandbox->sandbox().cannedAemAnswer(
            QStringLiteral("/bin/querybuilder.json"), 200, "application/json",
            QJsonDocument(QJsonObject {{QStringLiteral("success"), true}, {QStringLiteral("hits"), hits}}).toJson());
        QueryBuilderPanel& qb = m_tools->queryBuilder();
        QSignalSpy shown(&qb, &QueryBuilderPanel::hitsShown);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(shown.wait(30000));
        QTableWidget* table = qb.hitsTable();
        QCOMPARE(table->rowCount(), 3);
        const QString before = m_tester->pathText();
        for (int row = 0; row < 2; ++row) {
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                              table->visualItemRect(table->item(row, 0)).center());
            QTest::mouseDClick(table->viewport(), Qt::LeftButton, {},
                               table->visualItemRect(table->item(row, 0)).center());
            QCOMPARE(m_tester->pathText(), before);
        }
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->item(2, 0)).center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->item(2, 0)).center());
        QCOMPARE(m_tester->pathText(), QStringLiteral("/content/dam/ok.json"));
    }

    void aRedirectIsNotFollowedAndSaysSo()
    {
        // AEM (or a proxy) redirects the query: the token must not follow it, and the status
        // line names the redirect, not "not JSON".
        const QString target =
            m_sandbox->sandbox().baseUrl() + QStringLiteral("/content/_cq_graphql.2.json?followed=1");
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/content/_cq_graphql.2.json"), 200, "application/json",
                                             "{\"followed\":true}");
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/bin/querybuilder.json"), 302, "text/html",
                                             "<a href=\"x\">moved</a>", {{"Location", target.toUtf8()}});
        QSignalSpy failed(&m_tools->queryBuilder(), &QueryBuilderPanel::failed);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QVERIFY2(!m_sandbox->sandbox().lastCannedQuery().contains(QLatin1String("followed")),
                 qPrintable(m_sandbox->sandbox().lastCannedQuery()));
        const QString status = m_tools->queryBuilder().statusText();
        QVERIFY2(status.contains(QLatin1String("302")) && status.contains(QLatin1String("redirect")),
                 qPrintable(status));
    }

    void hitsBeyondTheLimitAreNotShown()
    {
        // 20 asked, 3000 sent (about 50 KiB, under what the tools read): 20 rows, the rest counted.
        QByteArray json = "{\"success\":true,\"total\":3000,\"hits\":[";
        for (int i = 0; i < 3000; ++i)
            json += "{\"path\":\"/p" + QByteArray::number(i) + "\"},";
        json.chop(1);
        json += "]}";
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/bin/querybuilder.json"), 200, "application/json", json);
        QueryBuilderPanel& qb = m_tools->queryBuilder();
        QSignalSpy shown(&qb, &QueryBuilderPanel::hitsShown);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY2(shown.wait(30000), qPrintable(qb.statusText()));
        QCOMPARE(qb.hitsTable()->rowCount(), 20);
        QVERIFY2(qb.statusText().startsWith(QStringLiteral("Hits 1–20 of 3000.")), qPrintable(qb.statusText()));
        QVERIFY2(qb.statusText().contains(QLatin1String("2980")), qPrintable(qb.statusText()));
    }

    // An answer larger than the tester shows (its first 64 KiB) is read whole for the tools, off
    // the GUI thread: 20 hits with long titles, about 200 KiB, fill the table; one larger than
    // what the tools read is refused with its size.
    void largeAnswersAreReadWholeUpToTheirLimit()
    {
        QJsonArray hits;
        for (int i = 0; i < 20; ++i)
            hits.append(QJsonObject {{QStringLiteral("path"), QStringLiteral("/content/dam/a%1").arg(i)},
                                     {QStringLiteral("jcr:title"), QString(10000, QLatin1Char('t'))}});
        const QByteArray big = QJsonDocument(QJsonObject {{QStringLiteral("success"), true},
                                                          {QStringLiteral("total"), 20},
                                                          {QStringLiteral("hits"), hits}})
                                   .toJson(QJsonDocument::Compact);
        QVERIFY(big.size() > 128 * 1024);
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/bin/querybuilder.json"), 200, "application/json", big);
        QueryBuilderPanel& qb = m_tools->queryBuilder();
        QSignalSpy shown(&qb, &QueryBuilderPanel::hitsShown);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY2(shown.wait(30000), qPrintable(qb.statusText()));
        QCOMPARE(qb.hitsTable()->rowCount(), 20);
        QCOMPARE(qb.statusText(), QStringLiteral("20 hits."));

        QByteArray huge = "{\"success\":true,\"total\":1,\"hits\":[{\"path\":\"/p\",\"t\":\"";
        huge += QByteArray(ToolRequests::kMaxAnswer + 1024 * 1024, 'x');
        huge += "\"}]}";
        m_sandbox->sandbox().cannedAemAnswer(QStringLiteral("/bin/querybuilder.json"), 200, "application/json", huge);
        QSignalSpy failed(&qb, &QueryBuilderPanel::failed);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QVERIFY2(qb.statusText().contains(QLatin1String("(9.0 MB) is larger than the 8.0 MB")),
                 qPrintable(qb.statusText()));
        QVERIFY(!m_tools->requests().isBusy());
    }

    void serverTextIsNeverMarkup()
    {
        // AEM's own words in the status lines (an errorMessage, GraphQL errors, names) are plain
        // text: a hostile answer must not draw links, pictures or a fake prompt in the window.
        const QString markup = QStringLiteral("<b>Session expired</b> <a href=\"https://evil.example/\">sign in</a>");
        m_sandbox->sandbox().cannedAemAnswer(
            QStringLiteral("/bin/querybuilder.json"), 200, "application/json",
            QJsonDocument(QJsonObject {{QStringLiteral("success"), false}, {QStringLiteral("errorMessage"), markup}})
                .toJson());
        QSignalSpy failed(&m_tools->queryBuilder(), &QueryBuilderPanel::failed);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        auto* status = child<QLabel>("qbStatus");
        QVERIFY2(status->text().contains(markup), qPrintable(status->text()));
        QCOMPARE(status->textFormat(), Qt::PlainText);
        QCOMPARE(child<QLabel>("gqlStatus")->textFormat(), Qt::PlainText);
        QCOMPARE(child<QLabel>("browseStatus")->textFormat(), Qt::PlainText);
    }

    void graphqlEndpointsOnOtherHostsAreLeftOut()
    {
        // A hostile endpoint list: the query (and the token) would go to evil.example.
        const QString absolute = QStringLiteral("https:/") + QStringLiteral("/evil.example/graphql");
        const QString schemeRelative = QStringLiteral("/") + QStringLiteral("/evil.example/graphql");
        QJsonArray endpoints;
        endpoints.append(QJsonObject {{QStringLiteral("configurationName"), QStringLiteral("x")},
                                      {QStringLiteral("url"), absolute}});
        endpoints.append(QJsonObject {{QStringLiteral("configurationName"), QStringLiteral("y")},
                                      {QStringLiteral("url"), schemeRelative}});
        m_sandbox->sandbox().cannedAemAnswer(
            QStringLiteral("/content/_cq_graphql.2.json"), 200, "application/json",
            QJsonDocument(QJsonObject {{QStringLiteral("endpoints"), endpoints}}).toJson());
        GraphqlPanel& g = m_tools->graphql();
        QSignalSpy answered(&g, &GraphqlPanel::answered);
        const int before = g.endpoints()->count();
        QTest::mouseClick(child<QPushButton>("gqlList"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY(!answered.first().first().toBool());
        QVERIFY2(g.statusText().contains(QLatin1String("is not a path on this AEM")), qPrintable(g.statusText()));
        QCOMPARE(g.endpoints()->count(), before);
        for (int i = 0; i < g.endpoints()->count(); ++i)
            QVERIFY(!g.endpoints()->itemText(i).contains(QLatin1String("evil")));
        // Typed by hand, "//host" is refused too, unsent.
        const int sent = int(lastUrls().size());
        g.endpoints()->setEditText(schemeRelative);
        g.setQuery(QStringLiteral("{ a }"));
        answered.clear();
        QTest::mouseClick(child<QPushButton>("gqlRun"), Qt::LeftButton);
        QCOMPARE(answered.size(), 1);
        QVERIFY(!answered.first().first().toBool());
        QCOMPARE(lastUrls().size(), sent);
    }

    void queryBuilderRefusesABadPathUnsent()
    {
        auto* path = child<QLineEdit>("qbPath");
        path->setText(QStringLiteral("content/dam"));
        QSignalSpy failed(&m_tools->queryBuilder(), &QueryBuilderPanel::failed);
        QTest::mouseClick(child<QPushButton>("qbRun"), Qt::LeftButton);
        QCOMPARE(failed.size(), 1);
        QVERIFY(m_tools->queryBuilder().statusText().contains(QLatin1String("must start with /")));
        QVERIFY(lastUrls().isEmpty());
        QVERIFY(!m_tester->isBusy());
    }

    void graphqlListsEndpointsAndRunsAQuery()
    {
        GraphqlPanel& g = m_tools->graphql();
        QSignalSpy answered(&g, &GraphqlPanel::answered);
        g.endpoints()->clear();
        QTest::mouseClick(child<QPushButton>("gqlList"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        QCOMPARE(g.endpoints()->count(), 2);
        QCOMPARE(g.endpoints()->currentText(), QStringLiteral("/content/_cq_graphql/global/endpoint.json"));
        QCOMPARE(g.endpoints()->itemText(1), QStringLiteral("/content/_cq_graphql/sandbox/endpoint.json"));
        QVERIFY(lastUrls().first().endsWith(QLatin1String("/content/_cq_graphql.2.json")));

        // Variables that are not a JSON object: refused, nothing sent.
        const int sent = int(lastUrls().size());
        g.setQuery(QStringLiteral("query($slug:String){adventureList{items{title slug}}}"),
                   QStringLiteral("{slug: bali}"));
        answered.clear();
        QTest::mouseClick(child<QPushButton>("gqlRun"), Qt::LeftButton);
        QCOMPARE(answered.size(), 1);
        QVERIFY(!answered.first().first().toBool());
        QVERIFY2(g.statusText().contains(QLatin1String("not JSON")), qPrintable(g.statusText()));
        QCOMPARE(lastUrls().size(), sent);

        child<QPlainTextEdit>("gqlVariables")->setPlainText(QStringLiteral("{\"slug\": \"bali-surf-camp\"}"));
        answered.clear();
        QTest::mouseClick(child<QPushButton>("gqlRun"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        QCOMPARE(m_context->history().entries().first().method, QByteArray("POST"));
        JsonTreeView& tree = g.result();
        tree.setFilterText(QStringLiteral("$.data.adventureList.items[*].title"));
        QVERIFY(tree.filterStatus().startsWith(QLatin1String("1 match")));
        const auto sel = tree.model().select(QStringLiteral("$.data.adventureList.items[0].title"), nullptr);
        QVERIFY(sel && sel->size() == 1);
        QCOMPARE(JsonTreeModel::valueTextOf(sel->first()), QStringLiteral("Bali Surf Camp"));

        // A query the schema does not know: the GraphQL errors in the status line.
        g.setQuery(QStringLiteral("{ nothing { x } }"));
        answered.clear();
        QTest::mouseClick(child<QPushButton>("gqlRun"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY(!answered.first().first().toBool());
        QVERIFY2(g.statusText().startsWith(QLatin1String("GraphQL errors: Validation error")),
                 qPrintable(g.statusText()));
    }

    void graphqlRunsThePersistedQuery()
    {
        GraphqlPanel& g = m_tools->graphql();
        g.setPersisted(QStringLiteral("global/adventures"),
                       {{QStringLiteral("slug"), QStringLiteral("yosemite-backpacking")}});
        QSignalSpy answered(&g, &GraphqlPanel::answered);
        QTest::mouseClick(child<QPushButton>("gqlRunPersisted"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        QVERIFY2(lastUrls().first().endsWith(
                     QLatin1String("/graphql/execute.json/global/adventures%3Bslug%3Dyosemite-backpacking")),
                 qPrintable(lastUrls().first()));
        JsonTreeView& tree = g.result();
        tree.setFilterText(QStringLiteral("title"));
        QVERIFY(tree.filterStatus().startsWith(QLatin1String("1 match")));
        const auto sel = tree.model().select(QStringLiteral("$..title"), nullptr);
        QVERIFY(sel && sel->size() == 1);
        QCOMPARE(JsonTreeModel::valueTextOf(sel->first()), QStringLiteral("Yosemite Backpacking"));
        // A name that is not configuration/query: refused unsent.
        g.setPersisted(QStringLiteral("adventures"));
        answered.clear();
        QTest::mouseClick(child<QPushButton>("gqlRunPersisted"), Qt::LeftButton);
        QCOMPARE(answered.size(), 1);
        QVERIFY(g.statusText().contains(QLatin1String("configuration/query")));
    }

    void graphqlListsAndChoosesPersistedQueries()
    {
        m_tools->tabs()->setCurrentIndex(1);
        GraphqlPanel& g = m_tools->graphql();
        QComboBox* list = g.persistedQueries();
        QVERIFY(!list->isEnabled()); // nothing listed yet
        QSignalSpy answered(&g, &GraphqlPanel::answered);
        QTest::mouseClick(child<QPushButton>("gqlListPersisted"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        QVERIFY(lastUrls().first().endsWith(QLatin1String("/graphql/list.json")));
        QVERIFY2(g.statusText().startsWith(QLatin1String("3 persisted quer")), // "queries" once the catalogue has it
                 qPrintable(g.statusText()));
        QVERIFY(list->isEnabled());
        QCOMPARE(list->count(), 3);
        QCOMPARE(list->currentText(), QStringLiteral("global/adventures")); // the name typed already
        QVERIFY(list->itemData(2, Qt::ToolTipRole).toString().contains(QLatin1String("$author: String!")));

        // One without variables runs as soon as it is chosen.
        answered.clear();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(list->currentText(), QStringLiteral("sandbox/articles"));
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        QCOMPARE(g.persistedName(), QStringLiteral("sandbox/articles"));
        QVERIFY(lastUrls().first().endsWith(QLatin1String("/graphql/execute.json/sandbox/articles")));
        auto sel = g.result().model().select(QStringLiteral("$.data.articleList.items[*].title"), nullptr);
        QVERIFY(sel && sel->size() == 3);

        // One with a required variable waits for it, its row ready to type into.
        const int sent = int(lastUrls().size());
        answered.clear();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(g.persistedName(), QStringLiteral("sandbox/articles-by-author"));
        QCOMPARE(lastUrls().size(), sent);
        QVERIFY2(g.statusText().contains(QLatin1String("needs author")), qPrintable(g.statusText()));
        auto* params = child<QTableWidget>("gqlPersistedParams");
        QCOMPARE(params->item(0, 0)->text(), QStringLiteral("author"));
        params->setItem(0, 1, new QTableWidgetItem(QStringLiteral("Ada Lovelace")));
        QTest::mouseClick(child<QPushButton>("gqlRunPersisted"), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        QVERIFY2(answered.first().first().toBool(), qPrintable(g.statusText()));
        // (the history shows the space decoded; what the sandbox read is in the answer below)
        QVERIFY2(lastUrls().first().contains(
                     QLatin1String("/graphql/execute.json/sandbox/articles-by-author%3Bauthor%3DAda")),
                 qPrintable(lastUrls().first()));
        sel = g.result().model().select(QStringLiteral("$.data.articleList.items[*].author"), nullptr);
        QVERIFY(sel && sel->size() == 2);
        QCOMPARE(JsonTreeModel::valueTextOf(sel->first()), QStringLiteral("Ada Lovelace"));
        // Chosen again, the value typed stays and it runs at once.
        answered.clear();
        QTest::keyClick(list, Qt::Key_Up);
        QVERIFY(answered.wait(30000));
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(params->item(0, 0)->text(), QStringLiteral("author"));
        QVERIFY(answered.wait(30000));
        QVERIFY(lastUrls().first().contains(QLatin1String("articles-by-author%3Bauthor%3DAda")));
    }

    void browserGoesDownAssetFoldersByDoubleClick()
    {
        m_tools->tabs()->setCurrentIndex(2);
        ContentBrowser& b = m_tools->browser();
        QTreeWidget* tree = b.tree();
        QSignalSpy listed(&b, &ContentBrowser::listed);
        QTest::mouseClick(child<QPushButton>("browseLoad"), Qt::LeftButton);
        QVERIFY(listed.wait(30000));
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem* wknd = tree->topLevelItem(0);
        QCOMPARE(wknd->text(0), QStringLiteral("wknd"));
        listed.clear();
        doubleClick(tree, wknd);
        QVERIFY2(listed.wait(30000), qPrintable(b.statusText()));
        QCOMPARE(wknd->childCount(), 2);
        QVERIFY(wknd->isExpanded());
        QTreeWidgetItem* adventures = wknd->child(0);
        QCOMPARE(adventures->text(0), QStringLiteral("adventures"));
        QCOMPARE(adventures->text(2), QStringLiteral("assets/folder"));
        QCOMPARE(wknd->child(1)->text(0), QStringLiteral("logo.png"));
        listed.clear();
        doubleClick(tree, adventures);
        QVERIFY(listed.wait(30000));
        QCOMPARE(adventures->childCount(), 3);
        QCOMPARE(lastUrls().first().section(QLatin1Char('/'), 3), QStringLiteral("api/assets/wknd/adventures.json"));
        // An asset is not a folder: nothing is sent.
        const int sent = int(lastUrls().size());
        b.open(adventures->child(0));
        QVERIFY(b.statusText().endsWith(QLatin1String("is not a folder.")));
        QCOMPARE(lastUrls().size(), sent);
    }

    void browserWalksContentListings()
    {
        m_tools->tabs()->setCurrentIndex(2);
        ContentBrowser& b = m_tools->browser();
        b.setApi(1);
        QCOMPARE(child<QLineEdit>("browseRoot")->text(), QStringLiteral("/content.1.json"));
        QSignalSpy listed(&b, &ContentBrowser::listed);
        b.loadRoot();
        QVERIFY(listed.wait(30000));
        QTreeWidget* tree = b.tree();
        QCOMPARE(tree->topLevelItemCount(), 4); // cq:graphql, dam, sandbox, wknd
        QTreeWidgetItem* wknd = tree->topLevelItem(3);
        QCOMPARE(wknd->text(0), QStringLiteral("wknd"));
        listed.clear();
        doubleClick(tree, wknd);
        QVERIFY(listed.wait(30000));
        QCOMPARE(wknd->childCount(), 1);
        QCOMPARE(wknd->child(0)->text(1), QStringLiteral("English"));
        QVERIFY(lastUrls().first().endsWith(QLatin1String("/content/wknd.1.json")));
    }

    void toolsWaitWhileTheTesterIsBusy()
    {
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/slow?ms=60000"));
        m_tester->send();
        QVERIFY(m_tester->isBusy());
        QSignalSpy failed(&m_tools->queryBuilder(), &QueryBuilderPanel::failed);
        m_tools->queryBuilder().run();
        QCOMPARE(failed.size(), 1);
        QVERIFY2(m_tools->queryBuilder().statusText().contains(QLatin1String("busy")),
                 qPrintable(m_tools->queryBuilder().statusText()));
        m_tester->cancel();
        QTRY_VERIFY(!m_tester->isBusy());
    }

    void toolsReportARequestTheTesterRefuses()
    {
        m_tester->controller().setCredential(QStringLiteral("gone"));
        QSignalSpy listed(&m_tools->browser(), &ContentBrowser::listed);
        QSignalSpy failed(&m_tools->browser(), &ContentBrowser::failed);
        m_tools->browser().loadRoot();
        QCOMPARE(failed.size(), 1); // at once: nothing was sent
        QVERIFY(listed.isEmpty());
        QVERIFY(!m_tools->browser().statusText().isEmpty());
        QVERIFY(!m_tools->requests().isBusy());
        QVERIFY(lastUrls().isEmpty());
    }

    void responseTreeFiltersAndCopiesPaths()
    {
        m_tester->setRequest("GET", QStringLiteral("/bin/querybuilder.json?path=/content/wknd&orderby=path"));
        QSignalSpy ready(m_tester, &RequestTester::responseReady);
        m_tester->send();
        QVERIFY(ready.wait(30000));
        ResponseView& view = m_tester->responseView();
        view.showTree();
        JsonTreeView& tree = view.tree();
        QVERIFY(!tree.model().isEmpty());
        tree.setFilterText(QStringLiteral("$.hits[*].title"));
        QVERIFY(tree.filterStatus().startsWith(QLatin1String("2 match")));
        QTreeView* v = tree.tree();
        const QModelIndex hitsRow = v->model()->index(0, 0);
        QCOMPARE(hitsRow.data().toString(), QStringLiteral("hits"));
        QCOMPARE(texts(v->model(), hitsRow), (QStringList {QStringLiteral("[0]"), QStringLiteral("[1]")}));
        const QModelIndex title = v->model()->index(0, 0, v->model()->index(0, 0, hitsRow));
        QCOMPARE(title.data().toString(), QStringLiteral("title"));
        tree.copyPath(title);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("$.hits[0].title"));
        tree.copyValue(title);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("English"));
        tree.setFilterText(QStringLiteral("$.hits["));
        QVERIFY(tree.filterStatus().startsWith(QLatin1String("JSONPath: ")));
        QCOMPARE(v->model()->rowCount(), tree.model().rowCount());
        // A new request empties the tree.
        m_tester->setRequest("GET", QStringLiteral("/__sandbox/image.png"));
        ready.clear();
        m_tester->send();
        QVERIFY(ready.wait(30000));
        QVERIFY(tree.model().isEmpty());
    }
};

QTEST_MAIN(TestGuiAemApis)
#include "tst_gui_aemapis.moc"
