// The window in French: the catalogue is embedded, the main window and an error message are
// translated, and English stays the default.

#include "appcontext.h"
#include "clock.h"
#include "credentials.h"
#include "imsclient.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenuBar>
#include <QPushButton>
#include <QTest>
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
        QVERIFY(fr.load(QLocale(QLocale::French), QStringLiteral("aem-token-manager"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        QApplication::installTranslator(&fr);
        auto ctx = context();
        MainWindow w(*ctx);
        w.show();
        QCOMPARE(w.windowTitle(), QStringLiteral("Gestionnaire de jetons AEM"));
        QStringList menus;
        for (QAction* a : w.menuBar()->actions())
            menus << a->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Fichier"), QStringLiteral("&Jeton"), QStringLiteral("O&utils"), QStringLiteral("&Aide")}));
        auto* getToken = w.findChild<QPushButton*>(QStringLiteral("getToken"));
        QCOMPARE(getToken->text(), QStringLiteral("&Obtenir le jeton"));
        // An error where the user looks, in French.
        QApplication::clipboard()->clear();
        w.findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        QVERIFY2(w.errorText().startsWith(QStringLiteral("Le presse-papiers ne contient pas de texte")), qPrintable(w.errorText()));
        // The core library's explanations too (they reach the window as they are).
        QCOMPARE(explainImsError(401, QStringLiteral("invalid_client"), QStringLiteral("invalid client_secret parameter")),
                 QStringLiteral("IMS a refusé le secret client : il est erroné ou a été renouvelé dans la Developer Console"));
        const ParseResult bad = parseCredentialJson("{\"integration\":{\"technicalAccount\":3}}", SystemClock::instance());
        QCOMPARE(bad.firstError(), QStringLiteral("integration.imsEndpoint: est absent"));
        QApplication::removeTranslator(&fr);
    }
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
