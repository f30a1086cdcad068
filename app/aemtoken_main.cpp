#include "cli.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aemtoken"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("aemtoken.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEMTOKEN_VERSION));
    aem::Cli cli(QCoreApplication::arguments().mid(1));
    QObject::connect(&cli, &aem::Cli::done, &app, [](int code) { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    QTimer::singleShot(0, &cli, &aem::Cli::start);
    return app.exec();
}
