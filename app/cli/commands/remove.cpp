// SPDX-License-Identifier: Apache-2.0
// aemtoken remove NAME
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"

#include <QCoreApplication>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Remove final : public Command
{
public:
    Remove()
    {
        name = QStringLiteral("remove");
        summary = Tr::tr("delete a credential and its keychain entries");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the stored credential's name")}};
    }

    QString argumentsError() const override { return Tr::tr("remove takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        store->removeCredential(a.positional.first(), &cli, [c = &cli](bool ok, const QString& error) {
            if (!ok)
                return c->fail(error);
            c->finish(Cli::Success);
        });
    }
};
} // namespace

std::unique_ptr<Command> makeRemoveCommand()
{
    return std::make_unique<Remove>();
}

} // namespace aem::cli
