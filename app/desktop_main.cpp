#include "appcontext.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "network.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QTranslator>
#include <QSystemTrayIcon>
#include <QTimer>

namespace {
class FirstPaintQuits : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            QTimer::singleShot(0, qApp, &QApplication::quit);
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("aem-token-manager"));
    QApplication::setApplicationDisplayName(QStringLiteral("AEM Token Manager"));
    QApplication::setOrganizationDomain(QStringLiteral("aemtoken.org"));
    QApplication::setApplicationVersion(QStringLiteral(AEMTOKEN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(AEMTOKEN_APP_ID));
    // Keeps running in the tray when the window closes; Quit ends it.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Access tokens for AEM as a Cloud Service, secrets in the system keychain."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
                                     QStringLiteral("Start the built-in IMS/AEM emulator with a separate store and demo credentials."));
    parser.addOption(sandbox);
    // For bench/: exit as soon as the window has painted once (cold-start measurement).
    QCommandLineOption probe(QStringLiteral("quit-after-first-paint"), QStringLiteral("Exit after the first paint (benchmarks)."));
    probe.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(probe);
    parser.process(app);

    // Translations before any widget exists: the language chosen in Settings, else the system's.
    const aem::AppSettings settings = aem::AppSettings::load();
    const QLocale locale = settings.language.isEmpty() ? QLocale::system() : QLocale(settings.language);
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(locale, QStringLiteral("aem-token-manager"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);

    aem::configureNetwork();
    aem::ui::AppContext::Options options;
    options.sandbox = parser.isSet(sandbox);
    aem::ui::AppContext context(options);
    aem::ui::MainWindow window(context);
    QObject::connect(&app, &QApplication::lastWindowClosed, &app, [&window] {
        if (!window.isVisible() && !QSystemTrayIcon::isSystemTrayAvailable())
            QApplication::quit();
    });
    if (parser.isSet(probe)) {
        auto* filter = new FirstPaintQuits(&window);
        window.installEventFilter(filter);
    }
    window.show();
    context.start();
    return app.exec();
}
