// SPDX-License-Identifier: Apache-2.0
// aemtoken set NAME [--author URL] [--publish URL] [--preview URL]
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"
#include "environment.h"

#include <QCoreApplication>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Set final : public Command
{
public:
    Set()
    {
        name = QStringLiteral("set");
        summary = Tr::tr("change the hosts a credential's token may be sent to (\"\" clears one)");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the stored credential's name")}};
        options = {{QStringLiteral("--author"), QStringLiteral("URL"), Tr::tr("the author tier's base URL")},
                   {QStringLiteral("--publish"), QStringLiteral("URL"), Tr::tr("the publish tier's base URL")},
                   {QStringLiteral("--preview"), QStringLiteral("URL"), Tr::tr("the preview tier's base URL")}};
    }

    QString argumentsError() const override
    {
        return Tr::tr("set takes NAME and at least one of --author, --publish, --preview");
    }

    void run(Cli& cli, const Args& a) const override
    {
        if (a.values.isEmpty())
            return cli.usage(*this, argumentsError());
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        Environment env = rec->environment;
        for (const auto& [opt, target] : {std::pair {QStringLiteral("--author"), &env.author},
                                          std::pair {QStringLiteral("--publish"), &env.publish},
                                          std::pair {QStringLiteral("--preview"), &env.preview}}) {
            if (!a.values.contains(opt))
                continue;
            if (a.value(opt).isEmpty()) {
                *target = QUrl();
                continue;
            }
            QString why;
            *target = normaliseBaseUrl(a.value(opt), &why);
            if (!target->isValid())
                return cli.usage(*this, QStringLiteral("%1 %2").arg(opt, why));
        }
        QString error;
        if (!cli.store().setEnvironment(rec->name, env, &error))
            return cli.fail(error);
        cli.finish(Cli::Success);
    }
};
} // namespace

std::unique_ptr<Command> makeSetCommand()
{
    return std::make_unique<Set>();
}

} // namespace aem::cli
