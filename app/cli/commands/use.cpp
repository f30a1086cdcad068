// SPDX-License-Identifier: Apache-2.0
// aemtoken use [NAME | --clear]: the default credential, for commands whose NAME is left out
#include "commands.h"

#include "atomicfile.h"
#include "cli.h"
#include "credentialstore.h"
#include "format.h"
#include "storefiles.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Use final : public Command
{
public:
    Use()
    {
        name = QStringLiteral("use");
        summary = Tr::tr("set the default credential, used where NAME is left out (AEMTOKEN_CREDENTIAL overrides it)");
        arguments = {
            {QStringLiteral("NAME"), Tr::tr("the stored credential's name; without it, print the default"), true}};
        options = {{QStringLiteral("--clear"), {}, Tr::tr("forget the default credential")}};
    }

    QString argumentsError() const override { return Tr::tr("use takes at most one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const QString path = cli.defaultCredentialFile();
        if (a.has(QStringLiteral("--clear"))) {
            if (!a.positional.isEmpty())
                return cli.usage(*this, Tr::tr("give NAME or --clear, not both"));
            QFile f(path);
            if (f.exists() && !f.remove())
                return cli.fail(QStringLiteral("%1: %2").arg(path, f.errorString()));
            return cli.finish(Cli::Success);
        }
        if (a.positional.isEmpty()) {
            QString origin;
            const QString current = cli.defaultCredential(&origin);
            if (current.isEmpty())
                return cli.fail(Tr::tr("no default credential; set one with: aemtoken use NAME"));
            outLine(current);
            if (origin == QLatin1String("AEMTOKEN_CREDENTIAL"))
                errLine(Tr::tr("(from AEMTOKEN_CREDENTIAL)"));
            return cli.finish(Cli::Success);
        }
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        QString error;
        if (!ensurePrivateDir(QFileInfo(path).absolutePath(), &error)
            || !writeFileAtomically(path, Cli::defaultCredentialContent(*rec), true, &error))
            return cli.fail(error);
        if (qEnvironmentVariableIsSet("AEMTOKEN_CREDENTIAL"))
            errLine(Tr::tr("note: AEMTOKEN_CREDENTIAL is set and wins over this default"));
        cli.finish(Cli::Success);
    }
};
} // namespace

std::unique_ptr<Command> makeUseCommand()
{
    return std::make_unique<Use>();
}

} // namespace aem::cli
