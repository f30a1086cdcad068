// SPDX-License-Identifier: Apache-2.0
// The window in French: the catalogue is embedded, the main window and an error message are
// translated, and English stays the default.

#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "credentials.h"
#include "dialogs.h"
#include "i18n.h"
#include "importdialog.h"
#include "imsclient.h"
#include "mainwindow.h"
#include "requeststatusarea.h"
#include "requesttester.h"
#include "secretstore.h"
#include "settingsdialog.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QKeySequence>
#include <QLabel>
#include <QLayout>
#include <QMenuBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace aem;
using namespace aem::ui;

class TestI18n : public QObject
{
    Q_OBJECT

    test::IsolatedHome m_home;
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;

    std::unique_ptr<AppContext> context()
    {
        AppContext::Options o;
        o.location = StoreLocation::under(m_dir.path());
        o.secrets = &m_secrets;
        o.settingsPath = m_dir.path() + QStringLiteral("/settings.ini");
        return std::make_unique<AppContext>(o);
    }

private Q_SLOTS:
    void cleanup() { removeTranslations(); }

    // Qt's own strings — standard buttons, key names in shortcuts — come from Qt's catalogue
    // (Debian's qt6-translations-l10n), loaded beside ours, so the French window has no English
    // "Cancel" or "Del".
    void qtOwnStringsFollowTheLanguage()
    {
        QVERIFY(installTranslations(QStringLiteral("fr")).startsWith(QLatin1String("fr")));
        QDialogButtonBox box(QDialogButtonBox::Cancel | QDialogButtonBox::Yes);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Annuler"));
        QCOMPARE(box.button(QDialogButtonBox::Yes)->text(), QStringLiteral("&Oui"));
        QCOMPARE(QKeySequence(Qt::Key_Delete).toString(QKeySequence::NativeText), QStringLiteral("Suppr"));
        auto w = context();
        MainWindow main(*w);
        QCOMPARE(main.windowTitle(), QStringLiteral("Gestionnaire de jetons AEM"));
        removeTranslations();
        QCOMPARE(QDialogButtonBox(QDialogButtonBox::Cancel).button(QDialogButtonBox::Cancel)->text(),
                 QStringLiteral("Cancel"));
    }

    void englishByDefault()
    {
        auto ctx = context();
        MainWindow w(*ctx);
        QCOMPARE(w.windowTitle(), QStringLiteral("AEM Token Manager"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&File"));
    }

    void frenchWindowAndErrors()
    {
        QTranslator fr;
        QVERIFY(fr.load(QLocale(QLocale::French), QStringLiteral("aem-token-manager"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")));
        QApplication::installTranslator(&fr);
        auto ctx = context();
        MainWindow w(*ctx);
        w.show();
        QCOMPARE(w.windowTitle(), QStringLiteral("Gestionnaire de jetons AEM"));
        QStringList menus;
        for (QAction* a : w.menuBar()->actions())
            menus << a->text();
        QCOMPARE(menus,
                 (QStringList {QStringLiteral("&Fichier"), QStringLiteral("&Jeton"), QStringLiteral("Affic&hage"),
                               QStringLiteral("O&utils"), QStringLiteral("&Aide")}));
        auto* getToken = w.findChild<QPushButton*>(QStringLiteral("getToken"));
        QCOMPARE(getToken->text(), QStringLiteral("&Obtenir le jeton"));
        // An error where the user looks, in French.
        QApplication::clipboard()->clear();
        w.findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        QVERIFY2(w.errorText().startsWith(QStringLiteral("Le presse-papiers ne contient pas de texte")),
                 qPrintable(w.errorText()));
        // The core library's explanations too (they reach the window as they are).
        QCOMPARE(
            explainImsError(401, QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter")),
            QStringLiteral(
                "IMS a refusé le secret client : il est erroné ou a été renouvelé dans la Developer Console"));
        const ParseResult bad =
            parseCredentialJson("{\"integration\":{\"technicalAccount\":3}}", SystemClock::instance());
        QCOMPARE(bad.firstError(), QStringLiteral("integration.imsEndpoint: est absent"));
        QApplication::removeTranslator(&fr);
    }

    // French runs longer than English: every button, check box and one-line label of the main
    // window, the import preview, Settings, the request tester and the proxy sign-in still shows
    // its whole text.
    void frenchTextFits()
    {
        QTranslator fr;
        QVERIFY(fr.load(QLocale(QLocale::French), QStringLiteral("aem-token-manager"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")));
        QApplication::installTranslator(&fr);
        const auto restore = qScopeGuard([&fr] { QApplication::removeTranslator(&fr); });
        const ManualClock clock(test::fixedNow());
        const ParseResult parsed = parseCredentialJson(test::serviceJson(), clock);
        QVERIFY(parsed.ok());
        // A stored credential, so the token panel and the details show.
        auto ctx = context();
        bool stored = false;
        ctx->store().importCredential(*parsed.credential, {}, this,
                                      [&stored](const CredentialStore::ImportResult& r) { stored = r.ok; });
        QTRY_VERIFY(stored);
        MainWindow main(*ctx);
        SettingsDialog settings(AppSettings {});
        CredentialStore store(StoreLocation::under(m_dir.path() + QStringLiteral("/import")), m_secrets, clock);
        ImportDialog import(*parsed.credential, parsed.problems, QStringLiteral("service.json"), store,
                            test::fixedNow());
        ClipboardGuard clipboard(QApplication::clipboard());
        RequestTester tester(*ctx, ctx->history(), clipboard);
        tester.resize(1100, 720);
        QStringList cut;
        const auto check = [&cut](QWidget* top) {
            for (QAbstractButton* b : top->findChildren<QAbstractButton*>()) {
                if (b->isVisibleTo(top) && !b->text().isEmpty() && b->width() < b->sizeHint().width())
                    cut << QStringLiteral("%1: button \"%2\" %3 px < %4 px")
                               .arg(QString::fromLatin1(top->metaObject()->className()), b->text())
                               .arg(b->width())
                               .arg(b->sizeHint().width());
            }
            for (QLabel* l : top->findChildren<QLabel*>()) {
                if (l->isVisibleTo(top) && !l->wordWrap() && !l->text().isEmpty() && l->width() < l->sizeHint().width())
                    cut << QStringLiteral("%1: label \"%2\" %3 px < %4 px")
                               .arg(QString::fromLatin1(top->metaObject()->className()), l->text().left(60))
                               .arg(l->width())
                               .arg(l->sizeHint().width());
            }
        };
        for (QWidget* top : std::initializer_list<QWidget*> {&main, &settings, &import, &tester}) {
            top->show();
            QVERIFY(QTest::qWaitForWindowExposed(top));
            check(top);
            top->hide();
        }
        // The proxy sign-in, a modal dialog of its own.
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            QVERIFY(dialog && QTest::qWaitForWindowExposed(dialog));
            seen = dialog->objectName() == QLatin1String("proxySignIn");
            check(dialog);
            if (const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS"); !dir.isEmpty())
                dialog->grab().save(dir + QStringLiteral("/proxy-sign-in-fr.png"));
            static_cast<QDialog*>(dialog)->reject();
        });
        QVERIFY(!Dialogs::proxySignIn(&main, QStringLiteral("proxy.example.com:3128"), QStringLiteral("corp"),
                                      QStringLiteral("alice")));
        QVERIFY(seen);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
    }

    // The request tester in French at 1024×700 (its window 1024×660 under a title bar): the whole
    // request side fits, and a long status (a request not sent to production, an answer with a
    // long reason) is shown whole, wrapped, never cut and never widening the window.
    void frenchTesterFitsAt1024x700()
    {
        QTranslator fr;
        QVERIFY(fr.load(QLocale(QLocale::French), QStringLiteral("aem-token-manager"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")));
        QApplication::installTranslator(&fr);
        const auto restore = qScopeGuard([&fr] { QApplication::removeTranslator(&fr); });
        auto ctx = context();
        ClipboardGuard clipboard(QApplication::clipboard());
        RequestTester tester(*ctx, ctx->history(), clipboard);
        tester.resize(1024, 660);
        tester.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tester));
        auto* area = tester.findChild<RequestStatusArea*>(QStringLiteral("testerStatusArea"));
        QVERIFY(area);
        const QStringList statuses {
            QCoreApplication::translate("aem::ui::RequestTester",
                                        "Not sent: %1 is a production credential and the %2 request was not "
                                        "confirmed.")
                .arg(QStringLiteral("shop-production-author"), QStringLiteral("DELETE")),
            QStringLiteral("503 Service Unavailable · 12 345 ms · 1,2 Mo"),
        };
        for (const QString& status : statuses) {
            area->setStatus(status);
            area->setNotice(QStringLiteral("Jeton copié ; le presse-papiers sera vidé dans 30 s"));
            area->setExplanation(QStringLiteral("AEM a refusé le jeton (401) : il a peut-être expiré ou été "
                                                "révoqué ; demandez-en un nouveau puis renvoyez la requête."));
            // Every nested layout (the splitter's panes have their own) settles.
            for (int i = 0; i < 4; ++i)
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QVERIFY2(tester.minimumSizeHint().width() <= 1024,
                     qPrintable(QString::number(tester.minimumSizeHint().width())));
            QCOMPARE(tester.width(), 1024);
            QStringList cut;
            const QRect inside = tester.rect();
            for (QWidget* w : tester.findChildren<QWidget*>()) {
                if (!w->isVisibleTo(&tester) || w->isWindow() || w->visibleRegion().isEmpty())
                    continue;
                const QRect at(w->mapTo(&tester, QPoint(0, 0)), w->size());
                auto* l = qobject_cast<QLabel*>(w);
                auto* b = qobject_cast<QAbstractButton*>(w);
                if ((l || b) && !inside.contains(at))
                    cut << QStringLiteral("%1 \"%2\" outside the window")
                               .arg(w->objectName(), l ? l->text().left(40) : b->text());
                if (l && !l->text().isEmpty() && !l->wordWrap() && l->width() < l->sizeHint().width())
                    cut << QStringLiteral("label %1 \"%2\" %3 px < %4 px")
                               .arg(l->objectName(), l->text().left(40))
                               .arg(l->width())
                               .arg(l->sizeHint().width());
                if (l && l->wordWrap() && !l->text().isEmpty() && l->height() < l->heightForWidth(l->width()))
                    cut << QStringLiteral("wrapped label %1 \"%2\" %3 px high < %4 px")
                               .arg(l->objectName(), l->text().left(40))
                               .arg(l->height())
                               .arg(l->heightForWidth(l->width()));
                if (b && !b->text().isEmpty() && b->width() < b->sizeHint().width())
                    cut << QStringLiteral("button %1 \"%2\" %3 px < %4 px")
                               .arg(b->objectName(), b->text())
                               .arg(b->width())
                               .arg(b->sizeHint().width());
            }
            if (const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS"); !dir.isEmpty())
                tester.grab().save(dir + QStringLiteral("/tester-1024-fr-%1.png").arg(statuses.indexOf(status)));
            QVERIFY2(cut.isEmpty(), qPrintable(status + QLatin1Char('\n') + cut.join(QLatin1Char('\n'))));
        }
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
