// SPDX-License-Identifier: Apache-2.0
// The window's credential list with dozens of environments: the filter above it (Ctrl+F, Esc,
// what it looks in, the selection and panel following it, "No credential matches"), sorting by
// the column headers, View ▸ Group by program (remembered in the settings), the actions and the
// request tester acting on the row shown whatever the order, and the name column keeping its
// text at 1024×700 before the status columns shrink. Offscreen, with an in-memory keychain and
// an injected clock; each test from an empty store and a new window.

#include "appcontext.h"
#include "credentialactions.h"
#include "credentialcolumns.h"
#include "credentialfilter.h"
#include "credentiallistmodel.h"
#include "credentiallistproxy.h"
#include "envtype.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "testsupport.h"
#include "theme.h"
#include "tokenpanel.h"
#include "tokenservice.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProxyStyle>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOptionHeader>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGuiList : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    QString m_settingsPath;

    void makeWindow()
    {
        m_window.reset();
        m_context.reset();
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path());
        o.secrets = m_secrets.get();
        o.clock = m_clock.get();
        o.settingsPath = m_settingsPath;
        m_context = std::make_unique<AppContext>(o);
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    bool importJson(const QByteArray& json, const QString& name)
    {
        const ParseResult parsed = parseCredentialJson(json, *m_clock);
        if (!parsed.ok())
            return false;
        bool ok = false;
        bool done = false;
        CredentialStore::ImportOptions io;
        io.name = name;
        m_context->store().importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            ok = r.ok;
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 10000) && ok
            && QTest::qWaitFor([&] { return m_window->model().rowOf(name) >= 0; }, 5000);
    }
    bool import(const QString& name, const QString& clientId)
    {
        ServiceJsonSpec spec;
        spec.clientId = clientId;
        return importJson(serviceJson(spec), name);
    }
    // alpha (p1 e1), beta (p2 e2), gamma (p2 e3).
    void importThree()
    {
        QVERIFY(import(QStringLiteral("gamma"), QStringLiteral("cm-p2-e3-integration")));
        QVERIFY(import(QStringLiteral("alpha"), QStringLiteral("cm-p1-e1-integration")));
        QVERIFY(import(QStringLiteral("beta"), QStringLiteral("cm-p2-e2-integration")));
    }
    bool cacheToken(const QString& name, qint64 secondsLeft)
    {
        const auto rec = m_context->store().find(name);
        return rec
            && m_context->store().saveCachedTokenInfo(*rec, {m_clock->now(), m_clock->now().addSecs(secondsLeft)});
    }

    QModelIndex typeCell(const QString& name)
    {
        QAbstractItemModel* m = table()->model();
        for (int row = 0; row < m->rowCount(); ++row)
            if (m->index(row, 0).data(CredentialListModel::NameRole).toString() == name)
                return m->index(row, CredentialListModel::EnvTypeColumn);
        return {};
    }
    // Fitting again changes nothing: a hidden column measured as nothing once came back, was
    // hidden again, and so on at every turn of the event loop (seen under Xvfb at 1024x700).
    bool stableFit(CredentialColumns* columns)
    {
        QHeaderView* header = table()->horizontalHeader();
        auto state = [header] {
            QList<int> out;
            for (int c = 0; c < header->count(); ++c)
                out << (header->isSectionHidden(c) ? -1 : header->sectionSize(c));
            return out;
        };
        const QList<int> before = state();
        for (int i = 0; i < 3; ++i) {
            columns->fit();
            if (state() != before) {
                qWarning() << "fit changed" << before << "to" << state();
                return false;
            }
        }
        return true;
    }
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("credentialTable")); }
    QLineEdit* field() { return m_window->findChild<QLineEdit*>(QStringLiteral("credentialFilter")); }
    QLabel* noMatch() { return m_window->findChild<QLabel*>(QStringLiteral("credentialNoMatch")); }
    QStringList rows()
    {
        QStringList out;
        QAbstractItemModel* m = table()->model();
        for (int row = 0; row < m->rowCount(); ++row)
            out << m->index(row, 0).data(CredentialListModel::NameRole).toString();
        return out;
    }
    QString selected()
    {
        const QModelIndexList s = table()->selectionModel()->selectedRows();
        return s.isEmpty() ? QString() : s.first().data(CredentialListModel::NameRole).toString();
    }
    void clickHeader(int column)
    {
        QHeaderView* header = table()->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    }
    static QStringList list(std::initializer_list<const char*> items)
    {
        QStringList out;
        for (const char* s : items)
            out << QString::fromUtf8(s);
        return out;
    }
    // Whether the table shows `text` in the name column whole (not elided).
    bool nameShownWhole(const QString& text)
    {
        QTableView* t = table();
        const int margin = t->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, t) + 1;
        const int room = t->columnWidth(CredentialListModel::NameColumn) - 2 * margin;
        return t->fontMetrics().horizontalAdvance(text) <= room
            && t->fontMetrics().elidedText(text, Qt::ElideMiddle, room) == text;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(fixedNow());
        m_settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        AppSettings s;
        s.clipboardClearSeconds = 0;
        QVERIFY(s.save(m_settingsPath));
        makeWindow();
    }

    void cleanup()
    {
        m_window.reset();
        m_context.reset();
        m_clock.reset();
        m_secrets.reset();
        m_tmp.reset();
    }

    void ctrlFFocusesTheFilterAndEscClearsIt()
    {
        importThree();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        table()->setFocus();
        QTRY_VERIFY(table()->hasFocus());
        QVERIFY(
            field()->placeholderText().contains(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
        QVERIFY(!field()->accessibleName().isEmpty());
        QTest::keySequence(m_window.get(), QKeySequence::Find);
        QTRY_VERIFY(field()->hasFocus());
        QTest::keyClicks(field(), QStringLiteral("P2"));
        QCOMPARE(rows(), list({"beta", "gamma"}));
        // Esc clears the text (the field keeps the focus); Esc again goes back to the list.
        QTest::keyClick(field(), Qt::Key_Escape);
        QCOMPARE(field()->text(), QString());
        QCOMPARE(rows().size(), 3);
        QVERIFY(field()->hasFocus());
        QTest::keyClick(field(), Qt::Key_Escape);
        QTRY_VERIFY(table()->hasFocus());
        // Ctrl+F selects what was typed, so typing replaces it; Return goes to the list.
        QTest::keySequence(m_window.get(), QKeySequence::Find);
        QTRY_VERIFY(field()->hasFocus());
        QTest::keyClicks(field(), QStringLiteral("alpha"));
        QTest::keyClick(table(), Qt::Key_Escape); // Esc in the list changes nothing
        QTest::keySequence(m_window.get(), QKeySequence::Find);
        QTRY_VERIFY(field()->hasFocus());
        QCOMPARE(field()->selectedText(), QStringLiteral("alpha"));
        QTest::keyClicks(field(), QStringLiteral("e3"));
        QCOMPARE(rows(), list({"gamma"}));
        QTest::keyClick(field(), Qt::Key_Return);
        QTRY_VERIFY(table()->hasFocus());
        QCOMPARE(selected(), QStringLiteral("gamma"));
        // The View menu holds it, with its shortcut.
        QMenu* view = nullptr;
        for (QAction* a : m_window->menuBar()->actions())
            if (a->text() == QLatin1String("&View"))
                view = a->menu();
        QVERIFY(view);
        QVERIFY(view->actions().contains(m_window->credentialFilter().findAction()));
        QVERIFY(view->actions().contains(m_window->credentialFilter().groupAction()));
        QCOMPARE(m_window->credentialFilter().findAction()->shortcut(), QKeySequence(QKeySequence::Find));
    }

    void theSelectionAndThePanelFollowTheFilter()
    {
        importThree();
        m_window->selectCredential(QStringLiteral("alpha"));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("alpha"));
        // The filter hides alpha: the first row shown is selected and shown instead.
        field()->setText(QStringLiteral("p2"));
        QCOMPARE(rows(), list({"beta", "gamma"}));
        QCOMPARE(selected(), QStringLiteral("beta"));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("beta"));
        QVERIFY(noMatch()->isHidden());
        // A row that stays visible stays selected.
        m_window->selectCredential(QStringLiteral("gamma"));
        field()->setText(QStringLiteral("p2 e3"));
        QCOMPARE(selected(), QStringLiteral("gamma"));
        // Nothing matches: nothing selected, nothing shown, the actions off, and it says so.
        field()->setText(QStringLiteral("zzz"));
        QCOMPARE(rows(), QStringList());
        QCOMPARE(selected(), QString());
        QCOMPARE(m_window->tokenPanel().credentialName(), QString());
        QVERIFY(!m_window->credentialActions().getToken()->isEnabled());
        QVERIFY(!m_window->credentialActions().remove()->isEnabled());
        QVERIFY(noMatch()->isVisible());
        QCOMPARE(noMatch()->text(), QStringLiteral("No credential matches “zzz”"));
        // Cleared: all rows, the first selected again.
        field()->clear();
        QCOMPARE(rows().size(), 3);
        QVERIFY(noMatch()->isHidden());
        QCOMPARE(selected(), QStringLiteral("alpha"));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("alpha"));
        // Selecting a credential the filter hides (an import, a rename) clears the filter.
        field()->setText(QStringLiteral("p1"));
        m_window->selectCredential(QStringLiteral("gamma"));
        QCOMPARE(field()->text(), QString());
        QCOMPARE(selected(), QStringLiteral("gamma"));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("gamma"));
    }

    void filterKeepsUpWithTheStore()
    {
        importThree();
        field()->setText(QStringLiteral("p9"));
        QVERIFY(noMatch()->isVisible());
        // Another process (here the store) adds one that matches: it shows, the line goes.
        QVERIFY(import(QStringLiteral("delta"), QStringLiteral("cm-p9-e9-integration")));
        QTRY_COMPARE(rows(), list({"delta"}));
        QVERIFY(noMatch()->isHidden());
        // Removed: nothing matches again.
        bool done = false;
        m_context->store().removeCredential(QStringLiteral("delta"), this, [&](bool, const QString&) { done = true; });
        QTRY_VERIFY(done);
        QTRY_COMPARE(rows(), QStringList());
        QTRY_VERIFY(noMatch()->isVisible());
        QCOMPARE(m_window->tokenPanel().credentialName(), QString());
    }

    void headerClicksSortTheColumns()
    {
        importThree();
        QVERIFY(import(QStringLiteral("Alpha10"), QStringLiteral("cm-p3-e1-integration")));
        QVERIFY(import(QStringLiteral("alpha9"), QStringLiteral("cm-p3-e2-integration")));
        QCOMPARE(rows(), list({"alpha", "alpha9", "Alpha10", "beta", "gamma"}));
        clickHeader(CredentialListModel::NameColumn);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(rows(), list({"gamma", "beta", "Alpha10", "alpha9", "alpha"}));
        // Tokens by the time left: none first, then the one that ends first.
        QVERIFY(cacheToken(QStringLiteral("beta"), 2 * 3600));
        QVERIFY(cacheToken(QStringLiteral("gamma"), 3600));
        m_context->tokenService().refresh();
        clickHeader(CredentialListModel::TokenColumn);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorSection(), int(CredentialListModel::TokenColumn));
        QCOMPARE(table()->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(rows(), list({"alpha", "alpha9", "Alpha10", "gamma", "beta"}));
        // A renewal moves the row (the sort follows the data).
        QVERIFY(cacheToken(QStringLiteral("gamma"), 3 * 3600));
        m_context->tokenService().refresh();
        QTRY_COMPARE(rows(), list({"alpha", "alpha9", "Alpha10", "beta", "gamma"}));
        // Environment: by program, then environment, as numbers.
        clickHeader(CredentialListModel::EnvironmentColumn);
        QCOMPARE(rows(), list({"alpha", "beta", "gamma", "Alpha10", "alpha9"}));
    }

    void actionsAndTesterActOnTheRowShownWhateverTheOrder()
    {
        importThree();
        clickHeader(CredentialListModel::NameColumn); // descending: gamma, beta, alpha
        field()->setText(QStringLiteral("p2"));
        QCOMPARE(rows(), list({"gamma", "beta"}));
        // A right click on the second row shown acts on beta, not on the list's second record.
        const QModelIndex second = table()->model()->index(1, 0);
        Q_EMIT table()->customContextMenuRequested(table()->visualRect(second).center());
        QTRY_VERIFY(m_window->credentialActions().contextMenu()->isVisible());
        m_window->credentialActions().contextMenu()->hide();
        QCOMPARE(selected(), QStringLiteral("beta"));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("beta"));
        // Down moves to the next row shown.
        table()->setCurrentIndex(table()->model()->index(0, 0));
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("gamma"));
        QTest::keyClick(table(), Qt::Key_Down);
        QTRY_COMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("beta"));
        // Open in the tester: the credential selected.
        RequestTester* tester = m_window->openRequestTester();
        QVERIFY(tester);
        QCOMPARE(tester->findChild<QComboBox*>(QStringLiteral("testerCredential"))->currentText(),
                 QStringLiteral("beta"));
        tester->close();
    }

    void groupByProgramIsAViewOptionRemembered()
    {
        QVERIFY(import(QStringLiteral("zeta"), QStringLiteral("cm-p1-e5-integration")));
        QVERIFY(import(QStringLiteral("aardvark"), QStringLiteral("cm-p2-e2-other")));
        importThree();
        QHeaderView* header = table()->horizontalHeader();
        const int env = CredentialListModel::EnvironmentColumn;
        QAction* group = m_window->credentialFilter().groupAction();
        QVERIFY(group->isCheckable() && !group->isChecked());
        QCOMPARE(header->visualIndex(env), env);
        group->trigger();
        // By program then environment; the program once per group, its column first.
        QCOMPARE(rows(), list({"alpha", "zeta", "aardvark", "beta", "gamma"}));
        QCOMPARE(header->visualIndex(env), 0);
        QAbstractItemModel* m = table()->model();
        QCOMPARE(m->index(0, env).data().toString(), QStringLiteral("p1 e1"));
        QCOMPARE(m->index(1, env).data().toString(), QStringLiteral("\u2003\u2003e5"));
        QCOMPARE(m->index(2, env).data().toString(), QStringLiteral("p2 e2"));
        QCOMPARE(m->index(3, env).data().toString(), QStringLiteral("\u2003\u2003e2"));
        QCOMPARE(m->index(4, env).data().toString(), QStringLiteral("\u2003\u2003e3"));
        // The name header still sorts inside an environment; the groups keep their order.
        clickHeader(CredentialListModel::NameColumn);
        QCOMPARE(rows(), list({"alpha", "zeta", "beta", "aardvark", "gamma"}));
        QVERIFY(AppSettings::load(m_settingsPath).groupByProgram);
        QVERIFY(m_context->settings().groupByProgram);

        // A new window (the next start) groups again.
        makeWindow();
        QVERIFY(m_window->credentialFilter().groupAction()->isChecked());
        QCOMPARE(table()->horizontalHeader()->visualIndex(env), 0);
        QCOMPARE(rows(), list({"alpha", "zeta", "aardvark", "beta", "gamma"}));
        m_window->credentialFilter().groupAction()->trigger();
        QCOMPARE(rows(), list({"aardvark", "alpha", "beta", "gamma", "zeta"}));
        QCOMPARE(table()->horizontalHeader()->visualIndex(env), env);
        QCOMPARE(table()->model()->index(2, env).data().toString(), QStringLiteral("p2 e2"));
        QVERIFY(!AppSettings::load(m_settingsPath).groupByProgram);
    }

    // At 1024×700 with long status texts (a valid token, a certificate), the names are whole;
    // the status columns are the ones that give way.
    void nameColumnKeepsItsTextAt1024x700()
    {
        const QStringList names {QStringLiteral("sandbox-local-dev"), QStringLiteral("Expiring cert (p1234 e5678)")};
        QVERIFY(import(names[0], QStringLiteral("cm-p1234-e5679-integration")));
        QVERIFY(import(names[1], QStringLiteral("cm-p1234-e5678-integration")));
        QVERIFY(cacheToken(names[0], 23 * 3600 + 59 * 60));
        m_context->tokenService().refresh();
        m_window->resize(1024, 700);
        QTRY_VERIFY(m_window->width() <= 1024);
        auto* columns = table()->findChild<CredentialColumns*>();
        QVERIFY(columns);
        QTRY_VERIFY(!columns->pending()); // sized for the texts shown now
        for (const QString& name : names)
            QVERIFY2(nameShownWhole(name),
                     qPrintable(QStringLiteral("%1 in %2 px").arg(name).arg(table()->columnWidth(0))));
        // The status columns gave way: the kind left first, the token's life and the type stay
        // readable (ten characters at least, or whole).
        QHeaderView* header = table()->horizontalHeader();
        QVERIFY(header->isSectionHidden(CredentialListModel::KindColumn));
        QVERIFY(!header->isSectionHidden(CredentialListModel::TokenColumn));
        QVERIFY(!header->isSectionHidden(CredentialListModel::EnvTypeColumn));
        const int token = table()->columnWidth(CredentialListModel::TokenColumn);
        QVERIFY(token < static_cast<QAbstractItemView*>(table())->sizeHintForColumn(CredentialListModel::TokenColumn));
        QVERIFY(token >= table()->fontMetrics().averageCharWidth() * 10);
        // Every column inside the table's width: no sideways scrolling at this size.
        QVERIFY(header->length() <= table()->viewport()->width());
        // A title wider than its section is drawn elided at its end, not cut at both ends
        // ("vironme", seen at 1024x700), and its tooltip says it whole.
        struct Labels : QProxyStyle
        {
            Labels() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) { }
            void drawControl(ControlElement e, const QStyleOption* o, QPainter* p, const QWidget* w) const override
            {
                if (const auto* h = qstyleoption_cast<const QStyleOptionHeader*>(o); h && e == CE_HeaderLabel)
                    drawn.append({h->text, h->rect.width(), h->fontMetrics.horizontalAdvance(h->text)});
                QProxyStyle::drawControl(e, o, p, w);
            }
            struct Label
            {
                QString text;
                int room;
                int width;
            };
            mutable QList<Label> drawn;
        } labels;
        header->setStyle(&labels);
        header->grab();
        header->setStyle(nullptr);
        QCOMPARE(labels.drawn.size(), header->count() - header->hiddenSectionCount());
        bool elided = false;
        for (const auto& label : std::as_const(labels.drawn)) {
            QVERIFY2(label.width <= label.room, qPrintable(label.text));
            elided = elided || label.text.endsWith(QChar(0x2026));
        }
        QVERIFY(elided); // at this width some title is shortened
        QVERIFY(stableFit(columns));
        QCOMPARE(table()->model()->headerData(CredentialListModel::EnvironmentColumn, Qt::Horizontal, Qt::ToolTipRole),
                 QVariant(QStringLiteral("Environment")));
        // A wide window gives every column what it wants.
        m_window->resize(1600, 1000);
        QTRY_VERIFY(table()->viewport()->width() > 700);
        QTRY_VERIFY(!columns->pending());
        QVERIFY(table()->columnWidth(CredentialListModel::TokenColumn)
                >= table()->fontMetrics().horizontalAdvance(QStringLiteral("valid for 23 h 59 min")));
        QCOMPARE(header->hiddenSectionCount(), 0); // every column back
        for (const QString& name : names)
            QVERIFY(nameShownWhole(name));
    }

    // The type column as drawn: a chosen production bold in the warning colour; a suggested one
    // (nothing chosen, the name says it) slanted in the placeholder colour, with where to choose
    // in its tooltip; nothing chosen nor suggested, a dash.
    void envTypeSuggestionIsGreyedAndChosenProductionWarns()
    {
        QVERIFY(import(QStringLiteral("shop-prod"), QStringLiteral("cm-p1-e1-integration")));
        QVERIFY(import(QStringLiteral("billing"), QStringLiteral("cm-p1-e2-integration")));
        QVERIFY(import(QStringLiteral("checkout"), QStringLiteral("cm-p1-e3-integration")));
        QVERIFY(m_context->store().setEnvType(QStringLiteral("checkout"), EnvType::Production));
        QTRY_COMPARE(typeCell(QStringLiteral("checkout")).data().toString(), QStringLiteral("PROD"));
        struct Open : QStyledItemDelegate
        {
            using QStyledItemDelegate::initStyleOption;
        };
        // The view's own delegate, through its (protected, virtual) initStyleOption.
        auto drawn = [this](const QModelIndex& i) {
            QStyleOptionViewItem o;
            o.initFrom(table()->viewport());
            auto* delegate = qobject_cast<QStyledItemDelegate*>(table()->itemDelegateForIndex(i));
            void (QStyledItemDelegate::*init)(QStyleOptionViewItem*, const QModelIndex&) const = &Open::initStyleOption;
            (delegate->*init)(&o, i);
            return o;
        };
        const QPalette palette = table()->viewport()->palette();
        const QStyleOptionViewItem chosen = drawn(typeCell(QStringLiteral("checkout")));
        QCOMPARE(chosen.text, QStringLiteral("PROD"));
        QVERIFY(chosen.font.bold());
        QVERIFY(!chosen.font.italic());
        QCOMPARE(chosen.palette.color(QPalette::Text), Theme::warning(palette));
        const QStyleOptionViewItem guessed = drawn(typeCell(QStringLiteral("shop-prod")));
        QCOMPARE(guessed.text, QStringLiteral("PROD"));
        QVERIFY(guessed.font.italic());
        QVERIFY(!guessed.font.bold());
        QCOMPARE(guessed.palette.color(QPalette::Text), palette.color(QPalette::PlaceholderText));
        QVERIFY(guessed.palette.color(QPalette::Text) != Theme::warning(palette));
        QVERIFY(typeCell(QStringLiteral("shop-prod"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("choose it under Environment type")));
        const QStyleOptionViewItem none = drawn(typeCell(QStringLiteral("billing")));
        QCOMPARE(none.text, QStringLiteral("—"));
        QVERIFY(!none.font.italic());
        // The Environment type menu is where it is chosen: choosing there makes it plain.
        m_window->selectCredential(QStringLiteral("shop-prod"));
        QAction* stage = m_window->findChild<QAction*>(QStringLiteral("actionEnvTypeStage"));
        QVERIFY(stage);
        stage->trigger();
        QTRY_COMPARE(typeCell(QStringLiteral("shop-prod")).data().toString(), QStringLiteral("STAGE"));
        const QStyleOptionViewItem plain = drawn(typeCell(QStringLiteral("shop-prod")));
        QVERIFY(!plain.font.italic());
        QCOMPARE(plain.palette.color(QPalette::Text), palette.color(QPalette::Text));
    }

    // The empty list beside the welcome page, at 1024x700: its titles fit without sideways
    // scrolling (the least needed columns leave), and every one is back once there is room.
    void emptyListFitsBesideTheWelcome()
    {
        auto* columns = table()->findChild<CredentialColumns*>();
        QVERIFY(columns);
        QTRY_VERIFY(!columns->pending());
        // Narrower still, as larger fonts make it: the least needed titles have to leave.
        const int roomAt1024 = table()->viewport()->width();
        m_window->resize(800, 700);
        QTRY_VERIFY(table()->viewport()->width() < roomAt1024);
        QTRY_VERIFY(!columns->pending());
        QVERIFY(table()->horizontalHeader()->isSectionHidden(CredentialListModel::KindColumn));
        QHeaderView* header = table()->horizontalHeader();
        QVERIFY2(header->length() <= table()->viewport()->width(),
                 qPrintable(
                     QStringLiteral("%1 px of titles in %2").arg(header->length()).arg(table()->viewport()->width())));
        QVERIFY(!header->isSectionHidden(CredentialListModel::NameColumn));
        QVERIFY(!header->isSectionHidden(CredentialListModel::TokenColumn));
        QVERIFY(stableFit(columns));
    }

    // The rule alone: room for all, the name takes the rest; short of room, the others give way
    // the widest first down to their least; below that the name shrinks to its own least.
    void columnRule()
    {
        const QList<int> wanted {200, 50, 100, 150};
        const QList<int> least {100, 30, 40, 40};
        QCOMPARE(CredentialColumns::distribute(600, 0, wanted, least, 300), QList<int>({300, 50, 100, 150}));
        // 200 for the name leaves 200 for 300 wanted: the two widest are cut to 75, the short one whole.
        QCOMPARE(CredentialColumns::distribute(400, 0, wanted, least, 300), QList<int>({200, 50, 75, 75}));
        QCOMPARE(CredentialColumns::distribute(401, 0, wanted, least, 300), QList<int>({201, 50, 75, 75}));
        // A name wanting more than its most keeps its most; it is elided.
        QCOMPARE(CredentialColumns::distribute(400, 0, {900, 50, 100, 150}, least, 250), QList<int>({250, 50, 50, 50}));
        // The cap never cuts below a column's least.
        QCOMPARE(CredentialColumns::distribute(330, 0, wanted, {100, 30, 60, 40}, 300), QList<int>({200, 30, 60, 40}));
        // Too narrow: the others at their least, the name at what is left but never below its least.
        QCOMPARE(CredentialColumns::distribute(250, 0, wanted, least, 300), QList<int>({140, 30, 40, 40}));
        QCOMPARE(CredentialColumns::distribute(150, 0, wanted, least, 300), QList<int>({100, 30, 40, 40}));
    }

    // Rather than cut a column below what can be read (80 here), the next one of the drop order
    // leaves and the others share its room; a column narrower than that whole is not "cut".
    void columnRuleDropsTheLeastNeededFirst()
    {
        const QList<int> wanted {200, 50, 100, 150};
        const QList<int> least {100, 30, 40, 40};
        const QList<int> order {3, 2};
        QCOMPARE(CredentialColumns::fitColumns(600, 0, wanted, least, 300, 80, order), QList<int>({300, 50, 100, 150}));
        // {200, 50, 75, 75} would cut the third: the fourth leaves, the name takes its room.
        QCOMPARE(CredentialColumns::fitColumns(400, 0, wanted, least, 300, 80, order), QList<int>({250, 50, 100, 0}));
        // Narrower: the fourth leaves, then the third ({200, 50, 50} still cut it).
        QCOMPARE(CredentialColumns::fitColumns(300, 0, wanted, least, 300, 80, order), QList<int>({250, 50, 0, 0}));
        // Nothing left to drop: the rule of distribute() alone.
        QCOMPARE(CredentialColumns::fitColumns(400, 0, wanted, least, 300, 80, {}), QList<int>({200, 50, 75, 75}));
    }
};

QTEST_MAIN(TestGuiList)
#include "tst_gui_list.moc"
