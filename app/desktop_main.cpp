// SPDX-License-Identifier: Apache-2.0
#include "appcontext.h"
#include "appsettings.h"
#include "i18n.h"
#include "mainwindow.h"
#include "network.h"
#include "processhygiene.h"
#include "singleinstance.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSystemTrayIcon>
#include <QTimer>

#include <cstdio>

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
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     Tr::tr("Say on standard error how the program starts (single instance)."));
    parser.addOption(verbose);
    const QCommandLineOption hidden(QStringLiteral("hidden"),
                                    Tr::tr("Start with the window hidden in the tray (start at login)."));
    parser.addOption(hidden);
    parser.addPositionalArgument(QStringLiteral("files"), Tr::tr("Credential files to import (JSON)."),
                                 QStringLiteral("[FILE.json…]"));
    parser.process(app);

    QStringList files;
    for (const QString& arg : parser.positionalArguments()) {
        const QString path = aem::ui::SingleInstance::absolutePath(arg);
        if (!path.isEmpty())
            files << path;
    }
    // Before anything opens the store or the keychain: a second launch hands over and leaves.
    // --sandbox runs have their own name: they share one throw-away store, which each run clears.
    aem::ui::SingleInstance instance(aem::ui::SingleInstance::serviceName(parser.isSet(sandbox)));
    QString alone = QStringLiteral("--quit-after-first-paint: running without single-instance");
    // The cold-start probe measures a start, never a hand-over to a window already running.
    const auto role = parser.isSet(probe) && aem::ui::SingleInstance::busAvailable()
        ? aem::ui::SingleInstance::Role::Alone
        : instance.claim(files, &alone);
    switch (role) {
    case aem::ui::SingleInstance::Role::Handed: return 0;
    case aem::ui::SingleInstance::Role::Alone:
        // Only under --verbose: running alone is how it always was without a session bus.
        if (parser.isSet(verbose) && std::fprintf(stderr, "aem-token-manager: %s\n", qPrintable(alone)) < 0)
            return 1; // stderr is gone: nothing else could say so either
        break;
    case aem::ui::SingleInstance::Role::Primary:
        if (parser.isSet(verbose)
            && std::fprintf(stderr, "aem-token-manager: %s\n",
                            qPrintable(Tr::tr("owns %1 on the session bus: later launches raise this window")
                                           .arg(aem::ui::SingleInstance::serviceName(parser.isSet(sandbox)))))
                < 0)
            return 1;
        break;
    }

    aem::ui::AppContext::Options options;
    options.sandbox = parser.isSet(sandbox);
    aem::ui::AppContext context(options);
    aem::ui::MainWindow window(context);
    aem::ui::bindToWindow(instance, window);
    QObject::connect(&app, &QApplication::lastWindowClosed, &app, [&window, &context] {
        // Closing hides the window while it lives on in the tray (Settings: close to tray).
        if (!window.isVisible() && !(QSystemTrayIcon::isSystemTrayAvailable() && context.settings().closeToTray))
            QApplication::quit();
    });
    if (parser.isSet(probe)) {
        auto* filter = new FirstPaintQuits(&window);
        window.installEventFilter(filter);
    }
    if (!parser.isSet(hidden) || !QSystemTrayIcon::isSystemTrayAvailable())
        window.show();
    context.start();
    for (const QString& f : files)
        window.importFile(f); // queued: one import preview after the other
    return app.exec();
}
