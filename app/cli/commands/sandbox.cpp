// SPDX-License-Identifier: Apache-2.0
// aemtoken sandbox [--port N] [--dir DIR]
#include "commands.h"

#include "cli.h"
#include "environment.h"
#include "format.h"
#include "localaem.h"
#include "output.h"
#include "sandbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QStandardPaths>

#include <cstdio>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Sandbox final : public Command
{
public:
    Sandbox()
    {
        name = QStringLiteral("sandbox");
        summary = Tr::tr("run the local IMS + AEM emulator in the foreground");
        options = {
            {QStringLiteral("--port"), QStringLiteral("N"), Tr::tr("the port to listen on (default: any free one)")},
            {QStringLiteral("--dir"), QStringLiteral("DIR"),
             Tr::tr("where to write its CA certificate and demo credentials (default: aemtoken-sandbox in $TMPDIR "
                    "or /tmp)")}};
    }

    QString argumentsError() const override { return Tr::tr("sandbox takes only --port and --dir"); }

    void run(Cli& cli, const Args& a) const override
    {
        sandbox::Sandbox::Options o;
        o.dir = a.value(QStringLiteral("--dir"));
        if (o.dir.isEmpty())
            o.dir =
                QStandardPaths::writableLocation(QStandardPaths::TempLocation) + QStringLiteral("/aemtoken-sandbox");
        if (a.values.contains(QStringLiteral("--port"))) {
            bool ok = false;
            const int port = a.value(QStringLiteral("--port")).toInt(&ok);
            if (!ok || port < 0 || port > 65535)
                return cli.usage(*this, Tr::tr("--port takes a number from 0 to 65535"));
            o.port = quint16(port);
        }
        auto* server = new sandbox::Sandbox(&cli);
        QString error;
        if (!server->start(o, &error))
            return cli.fail(Tr::tr("sandbox: %1").arg(error));
        const QString dir = QDir(o.dir).absolutePath();
        const QString url = server->baseUrl();
        // A local AEM author as the SDK runs it (plain HTTP, Basic sign-in admin:admin, the SDK's
        // default): its URL goes in a file for the window's demo local target.
        auto* local = new sandbox::LocalAem(&cli);
        if (!local->start(sandbox::LocalAem::Options {}, &error))
            return cli.fail(Tr::tr("sandbox: local AEM author: %1").arg(error));
        const QString localUrlFile = dir + QStringLiteral("/local-author.txt");
        QSaveFile urlFile(localUrlFile);
        if (!urlFile.open(QIODevice::WriteOnly) || urlFile.write(local->baseUrl().toUtf8() + '\n') < 0
            || !urlFile.commit())
            return cli.fail(Tr::tr("sandbox: cannot write %1: %2").arg(localUrlFile, urlFile.errorString()));
        // The first line ends with the URL: tests and bench/ read it from there, in any language.
        outLine(Tr::tr("AEM Token Manager sandbox (IMS + AEM author p%1-e%2) listening on %3")
                    .arg(o.program)
                    .arg(o.environment)
                    .arg(url));
        printLabelled({{Tr::tr("CA certificate"), dir + QStringLiteral("/ca.pem")},
                       {Tr::tr("service credentials"), dir + QStringLiteral("/service-credentials.json")},
                       {Tr::tr("OAuth credentials"), dir + QStringLiteral("/oauth-credentials.json")},
                       {Tr::tr("local dev token"), dir + QStringLiteral("/local-dev-token.json")},
                       {Tr::tr("local AEM author (admin:admin)"), local->baseUrl()}},
                      2);
        outLine(Tr::tr("Try:"));
        outLine(QStringLiteral("  export AEMTOKEN_CA_FILE=%1/ca.pem").arg(dir));
        outLine(
            QStringLiteral("  aemtoken import %1/service-credentials.json --name sandbox --author %2").arg(dir, url));
        outLine(QStringLiteral("  aemtoken token sandbox"));
        outLine(QStringLiteral("  aemtoken request sandbox ") + currentUserPath());
        outLine(QStringLiteral(
                    "  echo admin | aemtoken add-local sandbox-local-sdk --author %1 --user admin --password-stdin")
                    .arg(local->baseUrl()));
        outLine(Tr::tr("Press Ctrl+C to stop."));
        if (!cli.out().flush())
            return cli.finish(Cli::Failure); // reports why
        std::fflush(stdout);
        // Runs until the process is interrupted.
    }
};
} // namespace

std::unique_ptr<Command> makeSandboxCommand()
{
    return std::make_unique<Sandbox>();
}

} // namespace aem::cli
