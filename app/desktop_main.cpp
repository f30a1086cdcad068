// SPDX-License-Identifier: Apache-2.0
#include "appcontext.h"
#include "appsettings.h"
#include "i18n.h"
#include "mainwindow.h"
#include "metadatafile.h"
#include "network.h"
#include "processhygiene.h"
#include "singleinstance.h"
#include "startuptrace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSystemTrayIcon>
#include <QTimer>

#include <cstdio>
#include <future>

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::DesktopMain)
};

// The first paint: said in the startup trace, and the end of a cold-start probe (bench/), which
// says "painted" on standard output when the window's first paint is done, then quits.
class FirstPaint : public QObject
{
public:
    FirstPaint(bool quit, QObject* parent) : QObject(parent), m_quit(quit) { }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            aem::ui::StartupTrace::mark("first paint begins");
            // Queued: runs once the paint (the window and its children) is done and flushed.
            QTimer::singleShot(0, this, [this] {
                aem::ui::StartupTrace::mark("first paint done");
                if (!m_quit)
                    return;
                // The bench's clock stops here: what closing costs is not the start's.
                if (std::fputs("painted\n", stdout) < 0 || std::fflush(stdout) != 0)
                    QApplication::exit(1);
                else
                    QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_quit;
    bool m_seen = false;
};
} // namespace

int main(int argc, char* argv[])
{
    aem::ui::StartupTrace::begin();
    const aem::ui::StartupTrace::Scope traced("closed (window, services, QApplication)");
    aem::hardenProcess(); // before anything holds a secret or starts a thread: no core file, no ptrace
    // The credential list (no secrets in it) is read and parsed beside the window system's start, which
    // mostly waits; the store takes the result only if the file still holds the same bytes then.
    const QString metadataPath = aem::StoreLocation::standard().dataDir + QStringLiteral("/credentials.json");
    auto prefetch = std::async(std::launch::async, [metadataPath] { return aem::MetadataFile::read(metadataPath); });
    QApplication app(argc, argv);
    aem::ui::StartupTrace::mark("QApplication");
    aem::MetadataFile prefetched = prefetch.get(); // no second thread from here on
    aem::ui::StartupTrace::mark("credential list read (beside QApplication)");
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
    aem::ui::StartupTrace::mark("settings and translations");

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
                             QStringLiteral("Say \"painted\" and exit after the first paint (benchmarks)."));
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
    aem::ui::StartupTrace::mark("command line");

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

    aem::ui::StartupTrace::mark("single instance");
    aem::ui::AppContext::Options options;
    options.sandbox = parser.isSet(sandbox);
    options.prefetched = std::move(prefetched);
    aem::ui::AppContext context(options);
    aem::ui::StartupTrace::mark("services, store, history");
    aem::ui::MainWindow window(context);
    aem::ui::StartupTrace::mark("main window built");
    aem::ui::bindToWindow(instance, window);
    QObject::connect(&app, &QApplication::lastWindowClosed, &app, [&window, &context] {
        // Closing hides the window while it lives on in the tray (Settings: close to tray).
        if (!window.isVisible() && !(QSystemTrayIcon::isSystemTrayAvailable() && context.settings().closeToTray))
            QApplication::quit();
    });
    if (parser.isSet(probe) || aem::ui::StartupTrace::enabled())
        window.installEventFilter(new FirstPaint(parser.isSet(probe), &window));
    if (!parser.isSet(hidden) || !QSystemTrayIcon::isSystemTrayAvailable())
        window.show();
    aem::ui::StartupTrace::mark("window shown");
    context.start();
    for (const QString& f : files)
        window.importFile(f); // queued: one import preview after the other
    const int status = app.exec();
    aem::ui::StartupTrace::mark("event loop left");
    return status;
}
