// SPDX-License-Identifier: Apache-2.0
#include "cli.h"
#include "i18n.h"
#include "processhygiene.h"
#include "quietlog.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char* argv[])
{
    aem::hardenProcess(); // before anything holds a secret or starts a thread: no core file, no ptrace
    aem::installQuietMessageHandler();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aemtoken"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("aemtoken.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEMTOKEN_VERSION));
    // Messages in the system's language; tokens and --json output are the same in every one.
    aem::installTranslations();
    aem::Cli cli(QCoreApplication::arguments().mid(1));
    QObject::connect(
        &cli, &aem::Cli::done, &app, [](int code) { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    QTimer::singleShot(0, &cli, &aem::Cli::start);
    return app.exec();
}
