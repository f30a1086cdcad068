// SPDX-License-Identifier: Apache-2.0
#include "appcontext.h"
#include "appsettings.h"
#include "i18n.h"
#include "mainwindow.h"
#include "network.h"
#include "processhygiene.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSystemTrayIcon>
#include <QTimer>

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::DesktopMain)
};

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
    aem::hardenProcess(); // before anything holds a secret or starts a thread: no core file, no ptrace
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("aem-token-manager"));
    QApplication::setOrganizationDomain(QStringLiteral("aemtoken.org"));
    QApplication::setApplicationVersion(QStringLiteral(AEMTOKEN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(AEMTOKEN_APP_ID));
    // Keeps running in the tray when the window closes; Quit ends it.
    QApplication::setQuitOnLastWindowClosed(false);

    // Translations before any text is shown: the language chosen in Settings, else the system's.
    aem::installTranslations(aem::AppSettings::load().language);
    // Translated: the platform ends window titles with it (xcb, Windows), the window's own
    // title ends with the same words, so the name shows once.
    QApplication::setApplicationDisplayName(aem::ui::MainWindow::displayName());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Access tokens for AEM as a Cloud Service, secrets in the system keychain."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandbox(
        QStringLiteral("sandbox"),
        Tr::tr("Start the IMS/AEM emulator (aemtoken sandbox) with a separate store and demo credentials."));
    parser.addOption(sandbox);
    // For bench/: exit as soon as the window has painted once (cold-start measurement).
    QCommandLineOption probe(QStringLiteral("quit-after-first-paint"),
                             QStringLiteral("Exit after the first paint (benchmarks)."));
    probe.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(probe);
    parser.process(app);

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
