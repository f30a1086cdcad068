// SPDX-License-Identifier: Apache-2.0
// The window's actions where the hand expects them (menu bar, context menu, toolbar: the same
// QActions), disabled when they cannot act, copy buttons in the details, the keyboard's way
// through the window, the paste box's keys, and the right pane scrolling at a 2x font. Offscreen,
// against the sandbox, with an in-memory keychain; each test from an empty store.

#include "actionicons.h"
#include "addlocaldialog.h"
#include "aemtools.h"
#include "appcontext.h"
#include "compareview.h"
#include "credentialactions.h"
#include "credentialentry.h"
#include "credentiallistmodel.h"
#include "envtype.h"
#include "envtypemenu.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "rotationdialog.h"
#include "settingsdialog.h"
#include "testsupport.h"
#include "tokenpanel.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGuiActions : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;

    QString import(const QString& name, const QString& author)
    {
        QApplication::clipboard()->setText(QString::fromUtf8(m_sandbox->sandbox().createServiceCredentials({})));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    dialog = m_window->findChild<ImportDialog*>();
                    return dialog && dialog->isVisible();
                },
                10000))
            return {};
        dialog->findChild<QLineEdit*>(QStringLiteral("importAuthor"))->setText(author);
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(name);
        dialog->findChild<QPushButton*>(QStringLiteral("importAccept"))->click();
        if (!imported.wait(10000))
            return {};
        return imported.first().first().toString();
    }
    CredentialActions& actions() { return m_window->credentialActions(); }
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("credentialTable")); }
    QString accessibleName(QWidget* w)
    {
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w);
        return a ? a->text(QAccessible::Name) : QString();
    }

    // The first control of `top`'s focus chain that Tab stops at takes the focus.
    static void focusFirst(QWidget* top)
    {
        for (QWidget* w = top->nextInFocusChain(); w && w != top; w = w->nextInFocusChain())
            if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy()) {
                w->setFocus(Qt::TabFocusReason);
                return;
            }
    }

    // `top` shown and active, its first control focused, Tab goes round it (below).
    void walkWindow(QWidget* top)
    {
        QVERIFY(top);
        QVERIFY(QTest::qWaitForWindowExposed(top));
        top->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(top));
        focusFirst(top);
        QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->window() == top);
        tabGoesRound(top);
    }

    // Tab from the focused control goes round `top`: every shown, enabled control that takes Tab
    // is reached, and each one reached has an accessible name.
    void tabGoesRound(QWidget* top)
    {
        QList<QWidget*> reached;
        for (int i = 0; i < 300; ++i) {
            QWidget* w = QApplication::focusWidget();
            QVERIFY(w);
            if (reached.contains(w))
                break;
            reached << w;
            QTest::keyClick(w, Qt::Key_Tab);
        }
        QVERIFY2(reached.size() >= 2, qPrintable(top->objectName())); // the rotation has two at first
        QStringList wrong; // all of them at once, for the one who fixes them
        const auto what = [](QWidget* w) {
            return QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()));
        };
        for (QWidget* w : top->findChildren<QWidget*>()) {
            if (!w->isVisibleTo(top) || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus) || w->focusProxy()
                || w->window() != top)
                continue;
            if (!reached.contains(w))
                wrong << QStringLiteral("not reached by Tab: ") + what(w);
        }
        for (QWidget* w : reached)
            if (accessibleName(w).isEmpty())
                wrong << QStringLiteral("no accessible name: ") + what(w);
        QVERIFY2(wrong.isEmpty(),
                 qPrintable(top->objectName() + QStringLiteral(": ") + wrong.join(QStringLiteral("; "))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
    }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        AppSettings s;
        s.extraCaFile = m_sandbox->sandbox().caFile();
        s.clipboardClearSeconds = 0;
        const QString settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        QVERIFY(s.save(settingsPath));
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path());
        o.secrets = m_secrets.get();
        o.clock = m_clock.get();
        o.settingsPath = settingsPath;
        m_context = std::make_unique<AppContext>(o);
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_context.reset();
        m_clock.reset();
        m_secrets.reset();
        m_tmp.reset();
        QApplication::setFont(QFont());
    }

    void nothingSelectedDisablesEveryTokenAction()
    {
        for (QAction* a : {actions().getToken(), actions().renew(), actions().copyToken(), actions().copyHeader(),
                           actions().copyCurl(), actions().openInTester(), actions().validate(), actions().revoke(),
                           actions().rename(), actions().remove()}) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->objectName()));
            QCOMPARE(a->toolTip(), QStringLiteral("Select a credential first"));
        }
        QVERIFY(actions().tester()->isEnabled()); // the tester opens without a credential
    }

    void contextMenuAndToolbarShareTheActionsOfTheRowAskedAbout()
    {
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        QCOMPARE(import(QStringLiteral("other"), QString()), QStringLiteral("other"));
        m_window->selectCredential(QStringLiteral("dev"));
        // A right click on the row of "other" selects it and shows the menu.
        const QModelIndex otherRow =
            table()->model()->index(table()
                                        ->model()
                                        ->match(table()->model()->index(0, 0), Qt::DisplayRole, QStringLiteral("other"))
                                        .value(0)
                                        .row(),
                                    0);
        QVERIFY(otherRow.isValid());
        Q_EMIT table()->customContextMenuRequested(table()->visualRect(otherRow).center());
        QMenu* menu = actions().contextMenu();
        QTRY_VERIFY(menu->isVisible());
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("other"));
        for (QAction* a : {actions().getToken(), actions().copyToken(), actions().copyHeader(), actions().copyCurl(),
                           actions().openInTester(), actions().validate(), actions().rename(), actions().remove()})
            QVERIFY2(menu->actions().contains(a), qPrintable(a->objectName()));
        menu->hide();
        // "other" without an author URL (the sandbox's client ids name an environment).
        m_window->findChild<QLineEdit*>(QStringLiteral("authorUrl"))->clear();
        m_window->findChild<QPushButton*>(QStringLiteral("saveUrls"))->click();
        QTRY_VERIFY(!m_context->store().find(QStringLiteral("other"))->environment.author.isValid());
        // Without an author host, no curl command; no token yet, nothing to validate.
        QTRY_VERIFY(!actions().copyCurl()->isEnabled());
        QVERIFY(actions().copyCurl()->toolTip().contains(QStringLiteral("author URL")));
        QVERIFY(!actions().validate()->isEnabled());
        QVERIFY(actions().getToken()->isEnabled() && actions().copyToken()->isEnabled());
        // The toolbar holds the very same actions.
        auto* bar = m_window->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        for (QAction* a : {actions().getToken(), actions().copyToken(), actions().copyCurl(), actions().validate()})
            QVERIFY(bar->actions().contains(a));
        // Acting from the menu acts on the row selected: Copy token mints for "other".
        m_clock->set(QDateTime::currentDateTimeUtc());
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        actions().copyToken()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->tokenPanel().hasToken(), 15000);
        QCOMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("other"));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges + 1);
        QTRY_VERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("ey")));
        QVERIFY(actions().validate()->isEnabled()); // a token now
        // Rename from the same actions, Ctrl+Return in its field.
        actions().rename()->trigger();
        QDialog* rename = nullptr;
        QTRY_VERIFY((rename = m_window->findChild<QDialog*>(QStringLiteral("renameDialog"))) && rename->isVisible());
        auto* field = rename->findChild<QLineEdit*>(QStringLiteral("renameName"));
        field->setText(QStringLiteral("other-renamed"));
        rename->activateWindow();
        field->setFocus();
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!rename->isVisible());
        QVERIFY(m_context->store().find(QStringLiteral("other-renamed")).has_value());
        QTRY_COMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("other-renamed"));
    }

    void environmentTypeMenuSetsTheStoredType()
    {
        EnvTypeMenu& env = actions().envType();
        QVERIFY(!env.menu()->isEnabled()); // nothing selected
        QCOMPARE(import(QStringLiteral("shop"), m_sandbox->sandbox().baseUrl()), QStringLiteral("shop"));
        m_window->selectCredential(QStringLiteral("shop"));
        QTRY_VERIFY(env.menu()->isEnabled());
        QVERIFY(env.action(EnvType::None)->isChecked());
        // Unset, the details show what the name suggests ("shop" says nothing).
        auto* typeLabel = m_window->findChild<QLabel*>(QStringLiteral("envType"));
        QVERIFY(typeLabel);
        QCOMPARE(typeLabel->text(), QStringLiteral("not set"));
        // In the context menu and the menu bar's Token menu, the same submenu.
        QVERIFY(actions().contextMenu()->actions().contains(env.menu()->menuAction()));
        bool inMenuBar = false;
        for (QAction* top : m_window->menuBar()->actions())
            inMenuBar = inMenuBar || (top->menu() && top->menu()->actions().contains(env.menu()->menuAction()));
        QVERIFY(inMenuBar);
        // Production: stored, checked alone, the list's badge says it.
        env.action(EnvType::Production)->trigger();
        QCOMPARE(m_context->store().find(QStringLiteral("shop"))->envType, EnvType::Production);
        QTRY_VERIFY(env.action(EnvType::Production)->isChecked());
        QVERIFY(!env.action(EnvType::None)->isChecked() && !env.action(EnvType::Stage)->isChecked());
        QTRY_COMPARE(typeLabel->text(), QStringLiteral("Production"));
        const int row = m_window->model().rowOf(QStringLiteral("shop"));
        QTRY_COMPARE(m_window->model().index(row, CredentialListModel::EnvTypeColumn).data().toString(),
                     QStringLiteral("PROD"));
        env.action(EnvType::Stage)->trigger();
        QCOMPARE(m_context->store().find(QStringLiteral("shop"))->envType, EnvType::Stage);
        QTRY_VERIFY(env.action(EnvType::Stage)->isChecked());
        QVERIFY(!env.action(EnvType::Production)->isChecked());
        env.action(EnvType::None)->trigger();
        QCOMPARE(m_context->store().find(QStringLiteral("shop"))->envType, EnvType::None);
        // None chosen: the suggestion from the name or hosts (greyed in the view), else a dash.
        const bool suggested = suggestEnvType(*m_context->store().find(QStringLiteral("shop"))) != EnvType::None;
        QTRY_COMPARE(m_window->model().index(row, CredentialListModel::EnvTypeColumn).data().toString(),
                     suggested ? QStringLiteral("DEV") : QStringLiteral("—")); // DEV: a localhost sandbox
        // A name that says "prod", unset: the hint names it.
        QCOMPARE(import(QStringLiteral("shop-prod"), m_sandbox->sandbox().baseUrl()), QStringLiteral("shop-prod"));
        m_window->selectCredential(QStringLiteral("shop-prod"));
        QTRY_VERIFY(typeLabel->text().contains(QLatin1String("suggest Production")));
        QVERIFY(env.action(EnvType::None)->isChecked());
    }

    void copyButtonsCopyTheValues()
    {
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        m_window->selectCredential(QStringLiteral("dev"));
        for (const char* name : {"clientId", "technicalAccount", "org", "certFingerprint"}) {
            auto* value = m_window->findChild<QLabel*>(QLatin1String(name));
            auto* copy = m_window->findChild<QToolButton*>(QLatin1String(name) + QStringLiteral("Copy"));
            QVERIFY2(value && copy && !value->text().isEmpty(), name);
            QVERIFY(copy->isEnabled());
            QVERIFY(!accessibleName(copy).isEmpty());
            copy->click();
            // As it is: the fingerprint is shown with a break allowed after each colon (U+200B),
            // never copied with them.
            QCOMPARE(QApplication::clipboard()->text(), QString(value->text()).remove(QChar(0x200B)));
            QVERIFY(!QApplication::clipboard()->text().contains(QChar(0x200B)));
        }
        QVERIFY(QApplication::clipboard()->text().count(QLatin1Char(':')) == 31); // the SHA-256 pairs
        // ...so its 95 characters wrap instead of widening the pane past a 1024-pixel screen.
        auto* fingerprint = m_window->findChild<QLabel*>(QStringLiteral("certFingerprint"));
        QVERIFY2(fingerprint->minimumSizeHint().width() < fingerprint->fontMetrics().averageCharWidth() * 40,
                 qPrintable(QString::number(fingerprint->minimumSizeHint().width())));
        auto* author = m_window->findChild<QLineEdit*>(QStringLiteral("authorUrl"));
        m_window->findChild<QToolButton*>(QStringLiteral("authorUrlCopy"))->click();
        QCOMPARE(QApplication::clipboard()->text(), author->text());
        QVERIFY(author->text().startsWith(QStringLiteral("https://")));
    }

    // Tab from the list reaches every focusable control of the window, and each has a name a
    // screen reader reads; arrows move the selection.
    void tabReachesEveryControlWithAName()
    {
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        QCOMPARE(import(QStringLiteral("other"), m_sandbox->sandbox().baseUrl()), QStringLiteral("other"));
        m_window->activateWindow();
        table()->setFocus();
        QTRY_VERIFY(table()->hasFocus());
        m_window->selectCredential(QStringLiteral("dev"));
        table()->setCurrentIndex(table()->selectionModel()->selectedRows().value(0));
        QTest::keyClick(table(), Qt::Key_Down);
        QTRY_COMPARE(m_window->tokenPanel().credentialName(), QStringLiteral("other"));

        tabGoesRound(m_window.get());
    }

    // The same in the windows the tester opens: the tester, its AEM tools (each page) and the
    // comparison.
    void tabReachesEveryControlOfTheTesterAndItsWindows()
    {
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        m_window->selectCredential(QStringLiteral("dev"));
        RequestTester* tester = m_window->openRequestTester();
        walkWindow(tester);
        QVERIFY(!QTest::currentTestFailed());
        AemToolsWindow* tools = tester->openAemTools();
        for (int page = 0; page < tools->tabs()->count(); ++page) {
            tools->tabs()->setCurrentIndex(page);
            walkWindow(tools);
            QVERIFY(!QTest::currentTestFailed());
        }
        walkWindow(tester->openCompare());
    }

    // And in every dialog: each control reached by Tab, each with a name.
    void tabReachesEveryControlOfTheDialogs()
    {
        const auto walk = [this](QDialog* dialog) {
            QVERIFY(dialog);
            walkWindow(dialog);
            dialog->reject();
        };
        const auto opened = [this](const char* action, const auto* type) -> QDialog* {
            using Dialog = std::remove_cv_t<std::remove_pointer_t<decltype(type)>>;
            for (Dialog* old : m_window->findChildren<Dialog*>())
                delete old;
            m_window->findChild<QAction*>(QLatin1String(action))->trigger();
            Dialog* d = nullptr;
            return QTest::qWaitFor([&] { return (d = m_window->findChild<Dialog*>()) && d->isVisible(); }, 10000)
                ? d
                : nullptr;
        };
        walk(opened("actionSettings", static_cast<SettingsDialog*>(nullptr)));
        QVERIFY(!QTest::currentTestFailed());
        walk(opened("actionOAuthForm", static_cast<OAuthForm*>(nullptr)));
        QVERIFY(!QTest::currentTestFailed());
        walk(opened("actionAddLocal", static_cast<AddLocalDialog*>(nullptr)));
        QVERIFY(!QTest::currentTestFailed());
        QApplication::clipboard()->setText(QString::fromUtf8(m_sandbox->sandbox().createServiceCredentials({})));
        walk(opened("actionPaste", static_cast<ImportDialog*>(nullptr)));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        walk(m_window->openRotation(QStringLiteral("dev")));
    }

    void pasteBoxTabMovesOnAndCtrlReturnReads()
    {
        m_window->openPasteBox();
        PasteBox* box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<PasteBox*>()) && box->isVisible());
        auto* text = box->findChild<QPlainTextEdit*>(QStringLiteral("pasteText"));
        box->activateWindow();
        text->setFocus();
        QTRY_VERIFY(text->hasFocus());
        text->setPlainText(QString::fromUtf8(m_sandbox->sandbox().createServiceCredentials({})));
        const QString before = text->toPlainText();
        QTest::keyClick(text, Qt::Key_Tab);
        QCOMPARE(text->toPlainText(), before);
        QVERIFY(!text->hasFocus());
        text->setFocus();
        QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!box->isVisible());
        QTRY_VERIFY(m_window->findChild<ImportDialog*>() && m_window->findChild<ImportDialog*>()->isVisible());
    }

    // At a 2x font the right pane keeps its contents' minimum size and scrolls, so the token
    // row's Show button is whole.
    // The theme's icon when it has one; else a drawing in the text colour, drawn once per palette
    // (not again for every copy button), and the style's standard icon for the others.
    void iconsComeFromTheThemeElseAreDrawnOnce()
    {
        const QString oldName = QIcon::themeName();
        const QStringList oldPaths = QIcon::themeSearchPaths();
        const QStringList oldFallback = QIcon::fallbackSearchPaths();
        const auto restore = qScopeGuard([&] {
            QIcon::setThemeSearchPaths(oldPaths);
            QIcon::setFallbackSearchPaths(oldFallback);
            QIcon::setThemeName(oldName);
        });
        QTemporaryDir themes;
        QVERIFY(QDir(themes.path()).mkpath(QStringLiteral("green/16x16/actions")));
        QFile index(themes.path() + QStringLiteral("/green/index.theme"));
        QVERIFY(index.open(QIODevice::WriteOnly));
        QVERIFY(index.write("[Icon Theme]\nName=green\nDirectories=16x16/actions\n\n"
                            "[16x16/actions]\nSize=16\nType=Fixed\n")
                > 0);
        index.close();
        QPixmap green(16, 16);
        green.fill(Qt::green);
        QVERIFY(green.save(themes.path() + QStringLiteral("/green/16x16/actions/edit-copy.png")));
        QIcon::setThemeSearchPaths({themes.path()});
        QIcon::setFallbackSearchPaths({});
        QIcon::setThemeName(QStringLiteral("green"));

        QWidget widget;
        QCOMPARE(actionIcon(ActionIcon::Copy, &widget).pixmap(16).toImage().pixelColor(8, 8), QColor(Qt::green));

        QIcon::setThemeName(QStringLiteral("no-such-theme"));
        const QIcon drawn = actionIcon(ActionIcon::Copy, &widget);
        QVERIFY(!drawn.availableSizes().isEmpty());
        QCOMPARE(actionIcon(ActionIcon::Copy, &widget).cacheKey(), drawn.cacheKey()); // drawn once
        auto inkPixels = [](const QIcon& icon, const QColor& ink) {
            const QImage image = icon.pixmap(32).toImage();
            int n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    n += image.pixelColor(x, y).rgb() == ink.rgb() && image.pixelColor(x, y).alpha() > 200;
            return n;
        };
        QVERIFY(inkPixels(drawn, widget.palette().color(QPalette::WindowText)) > 10);
        QPalette red = widget.palette();
        red.setColor(QPalette::WindowText, QColor(255, 0, 0));
        widget.setPalette(red);
        const QIcon redDrawn = actionIcon(ActionIcon::Copy, &widget);
        QVERIFY(redDrawn.cacheKey() != drawn.cacheKey());
        QVERIFY(inkPixels(redDrawn, QColor(255, 0, 0)) > 10);
        // No theme icon and a standard one to fall back on.
        QVERIFY(!actionIcon(ActionIcon::Import, &widget).availableSizes().isEmpty());
        QVERIFY(!actionIcon(ActionIcon::Remove, &widget).isNull());
    }

    void rightPaneScrollsAtDoubleFont()
    {
        QCOMPARE(import(QStringLiteral("dev"), m_sandbox->sandbox().baseUrl()), QStringLiteral("dev"));
        m_window->selectCredential(QStringLiteral("dev"));
        QFont big = QApplication::font();
        big.setPointSizeF(big.pointSizeF() * 2);
        QApplication::setFont(big);
        m_window->resize(1024, 700);
        auto* scroll = m_window->findChild<QScrollArea*>(QStringLiteral("detailScroll"));
        QVERIFY(scroll && scroll->widget()->isAncestorOf(&m_window->tokenPanel()));
        QTRY_VERIFY(scroll->widget()->width() >= scroll->widget()->minimumSizeHint().width());
        auto* show = m_window->findChild<QToolButton*>(QStringLiteral("revealToken"));
        QVERIFY(show->width() >= show->minimumSizeHint().width());
        if (scroll->widget()->width() > scroll->viewport()->width())
            QVERIFY(scroll->horizontalScrollBar()->isVisible());
        QVERIFY(m_window->width() <= 1024 && m_window->height() <= 700);
    }
};

QTEST_MAIN(TestGuiActions)
#include "tst_gui_actions.moc"
