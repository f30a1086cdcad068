// SPDX-License-Identifier: Apache-2.0
// aemtoken add-local NAME [--author URL] [--publish URL] [--user USER [--password-stdin]]
//
// Stores a local AEM target (the AEM SDK on this machine): no IMS and no token. With --user,
// requests sign in with HTTP Basic; the password is read from the terminal without echo (or from
// stdin with --password-stdin), never from argv, and goes into the keychain only.
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"
#include "format.h"
#include "localtarget.h"
#include "passwordinput.h"
#include "processhygiene.h"

#include <QCoreApplication>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class AddLocal final : public Command
{
public:
    AddLocal()
    {
        name = QStringLiteral("add-local");
        summary = Tr::tr("store a local AEM target (the AEM SDK on this machine): no token, optionally HTTP Basic "
                         "sign-in; prints the name");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the name to store it under")}};
        options = {{QStringLiteral("--author"), QStringLiteral("URL"),
                    Tr::tr("the author's base URL (default: %1)").arg(defaultLocalAuthorUrl())},
                   {QStringLiteral("--publish"), QStringLiteral("URL"),
                    Tr::tr("the publish tier's base URL (e.g. %1)").arg(defaultLocalPublishUrl())},
                   {QStringLiteral("--user"), QStringLiteral("USER"),
                    Tr::tr("sign in with HTTP Basic as USER; the password is asked on the terminal")},
                   {QStringLiteral("--password-stdin"), {}, Tr::tr("with --user: read the password from stdin")}};
    }

    QString argumentsError() const override { return Tr::tr("add-local takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const QString user = a.value(QStringLiteral("--user"));
        const bool fromStdin = a.has(QStringLiteral("--password-stdin"));
        if (fromStdin && user.isEmpty())
            return cli.usage(*this, Tr::tr("--password-stdin needs --user"));
        if (!user.isEmpty())
            if (const QString p = basicUserProblem(user); !p.isEmpty())
                return cli.usage(*this, QStringLiteral("--user %1").arg(p));
        QByteArray password;
        if (!user.isEmpty()) {
            QString error;
            auto p = fromStdin ? readPasswordFromStdin(&error)
                               : readPasswordFromTty(Tr::tr("Password of %1: ").arg(user), &error);
            if (!p)
                return cli.fail(error);
            password = std::move(*p);
        }
        QString error;
        auto cred = localTargetCredential(a.value(QStringLiteral("--author")), a.value(QStringLiteral("--publish")),
                                          user, password, &error);
        wipeSecret(password);
        if (!cred)
            return cli.fail(error);
        if (const QString w = defaultAccountWarning(user); !w.isEmpty())
            errLine(Tr::tr("warning: %1").arg(w));
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        CredentialStore::ImportOptions opts;
        opts.name = a.positional.first();
        auto held = std::make_shared<ParsedCredential>(std::move(*cred));
        store->importCredential(*held, opts, &cli, [c = &cli, held](const CredentialStore::ImportResult& r) {
            wipeSecret(held->local.password);
            if (!r.ok)
                return c->fail(r.error);
            if (r.replaced)
                errLine(Tr::tr("replaced the earlier local target \"%1\"").arg(r.name));
            if (!r.warning.isEmpty())
                errLine(r.warning);
            outLine(r.name);
            c->finish(Cli::Success);
        });
    }
};
} // namespace

std::unique_ptr<Command> makeAddLocalCommand()
{
    return std::make_unique<AddLocal>();
}

} // namespace aem::cli
