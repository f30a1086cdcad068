// SPDX-License-Identifier: Apache-2.0
// aemtoken import FILE|- [--name NAME] [--author URL] [--publish URL] [--preview URL]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "credentials.h"
#include "credentialstore.h"
#include "environment.h"
#include "format.h"
#include "wording.h"

#include <QCoreApplication>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Import final : public Command
{
public:
    Import()
    {
        name = QStringLiteral("import");
        summary = Tr::tr("store service credentials, OAuth Server-to-Server credentials or a local development token; "
                         "prints the name");
        arguments = {{QStringLiteral("FILE|-"), Tr::tr("the Developer Console JSON file, or - for standard input")}};
        options = {{QStringLiteral("--name"), QStringLiteral("NAME"),
                    Tr::tr("the name to store it under (default: derived from the file)")},
                   {QStringLiteral("--author"), QStringLiteral("URL"), Tr::tr("the author tier's base URL")},
                   {QStringLiteral("--publish"), QStringLiteral("URL"), Tr::tr("the publish tier's base URL")},
                   {QStringLiteral("--preview"), QStringLiteral("URL"), Tr::tr("the preview tier's base URL")}};
    }

    QString argumentsError() const override { return Tr::tr("import takes one FILE (or - for stdin)"); }

    void run(Cli& cli, const Args& a) const override
    {
        const QString file = a.positional.first();
        const QString label = file == QLatin1String("-") ? QStringLiteral("stdin") : file;
        CredentialStore::ImportOptions opts;
        opts.name = a.value(QStringLiteral("--name"));
        for (const auto& [opt, target] : {std::pair {QStringLiteral("--author"), &opts.author},
                                          std::pair {QStringLiteral("--publish"), &opts.publish},
                                          std::pair {QStringLiteral("--preview"), &opts.preview}}) {
            if (!a.values.contains(opt))
                continue;
            QString why;
            *target = normaliseBaseUrl(a.value(opt), &why);
            if (!target->isValid())
                return cli.usage(*this, QStringLiteral("%1 %2").arg(opt, why));
        }
        QString error;
        auto data = readInput(file, kMaxCredentialFileSize, &error);
        if (!data)
            return cli.fail(error);
        const ParseResult parsed = parseCredentialJson(*data, SystemClock::instance());
        data->fill('\0');
        if (!parsed.ok()) {
            // One line: the headline in plain words, the field and the parser's words after it.
            for (const Problem& p : parsed.problems)
                if (p.severity == Problem::Error)
                    return cli.fail(QStringLiteral("%1: %2").arg(label, problemLine(p)));
            return cli.fail(QStringLiteral("%1: %2").arg(label, parsed.firstError()));
        }
        // As `check` says them: the headline, then (indented) the field and the checker's words.
        for (const Problem& p : parsed.problems) {
            errLine(Tr::tr("warning: %1").arg(problemHeadline(p)));
            if (problemDetail(p) != problemHeadline(p))
                errLine(QStringLiteral("  ") + problemDetail(p));
        }
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        store->importCredential(*parsed.credential, opts, &cli, [c = &cli](const CredentialStore::ImportResult& r) {
            if (!r.ok)
                return c->fail(r.error);
            if (r.replaced)
                errLine(Tr::tr("replaced the earlier import of \"%1\"").arg(r.name));
            if (!r.warning.isEmpty())
                errLine(r.warning);
            outLine(r.name);
            c->finish(Cli::Success);
        });
    }
};
} // namespace

std::unique_ptr<Command> makeImportCommand()
{
    return std::make_unique<Import>();
}

} // namespace aem::cli
