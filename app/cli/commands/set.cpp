// SPDX-License-Identifier: Apache-2.0
// aemtoken set NAME [--name NEW] [--env-type TYPE] [--author URL] [--publish URL] [--preview URL]
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"
#include "environment.h"
#include "envtype.h"

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
        summary = Tr::tr("rename a credential, say what environment it opens, or change the hosts its token may be "
                         "sent to (\"\" clears one)");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the stored credential's name")}};
        options = {{QStringLiteral("--name"), QStringLiteral("NEW"),
                    Tr::tr("rename it (quote a name with spaces); its default-credential status, history and "
                           "token follow")},
                   {QStringLiteral("--env-type"), envTypeChoices().join(QLatin1Char('|')),
                    Tr::tr("the kind of environment, shown by list")},
                   {QStringLiteral("--author"), QStringLiteral("URL"), Tr::tr("the author tier's base URL")},
                   {QStringLiteral("--publish"), QStringLiteral("URL"), Tr::tr("the publish tier's base URL")},
                   {QStringLiteral("--preview"), QStringLiteral("URL"), Tr::tr("the preview tier's base URL")}};
    }

    QString argumentsError() const override
    {
        return Tr::tr("set takes NAME and at least one of --name, --env-type, --author, --publish, --preview");
    }

    void run(Cli& cli, const Args& a) const override
    {
        if (a.values.isEmpty())
            return cli.usage(*this, argumentsError());
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        std::optional<EnvType> envType;
        if (a.values.contains(QStringLiteral("--env-type"))) {
            envType = envTypeFromId(a.value(QStringLiteral("--env-type")).trimmed().toLower());
            if (!envType || a.value(QStringLiteral("--env-type")).trimmed().isEmpty())
                return cli.usage(*this,
                                 Tr::tr("--env-type takes one of: %1").arg(envTypeChoices().join(QLatin1String(", "))));
        }
        const QString newName = a.value(QStringLiteral("--name"));
        if (a.values.contains(QStringLiteral("--name"))) {
            if (const QString problem = credentialNameProblem(newName); !problem.isEmpty())
                return cli.usage(*this, QStringLiteral("--name: %1").arg(problem));
        }
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
        const bool hosts = a.values.contains(QStringLiteral("--author"))
            || a.values.contains(QStringLiteral("--publish")) || a.values.contains(QStringLiteral("--preview"));
        // The rename first (the check most likely to refuse: a name taken), the rest by the new
        // name. The id stays, so what refers to the credential (the default credential, the
        // tester's history, cached tokens) follows.
        QString target = rec->name;
        if (a.values.contains(QStringLiteral("--name")) && newName != rec->name) {
            if (!cli.store().renameCredential(rec->name, newName, &error))
                return cli.fail(error);
            target = newName;
        }
        if (hosts && !cli.store().setEnvironment(target, env, &error))
            return cli.fail(error);
        if (envType && !cli.store().setEnvType(target, *envType, &error))
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
