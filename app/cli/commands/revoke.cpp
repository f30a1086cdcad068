// SPDX-License-Identifier: Apache-2.0
// aemtoken revoke NAME
#include "commands.h"

#include "cli.h"
#include "format.h"
#include "tokenadmin.h"

#include <QCoreApplication>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Revoke final : public Command
{
public:
    Revoke()
    {
        name = QStringLiteral("revoke");
        summary = Tr::tr("revoke the cached token at IMS and forget it");
        arguments = {{QStringLiteral("NAME"),
                      Tr::tr("the stored credential's name (left out: --from, AEMTOKEN_FROM, the default)")}};
        options += fromOptions(false);
    }

    QString argumentsError() const override { return Tr::tr("revoke takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        cli.admin().revoke(rec->id, &cli, [c = &cli](bool ok, const QString& message) {
            if (!ok)
                return c->fail(message);
            errLine(message);
            errLine(Tr::tr("(this revokes the token only; for the credentials themselves see the Developer Console, "
                           "as `aemtoken help` explains)"));
            c->finish(Cli::Success);
        });
    }
};
} // namespace

std::unique_ptr<Command> makeRevokeCommand()
{
    return std::make_unique<Revoke>();
}

} // namespace aem::cli
