// SPDX-License-Identifier: Apache-2.0
// aemtoken validate NAME [--json]
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "tokenadmin.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Validate final : public Command
{
public:
    Validate()
    {
        name = QStringLiteral("validate");
        summary = Tr::tr("ask IMS whether the credential's current token is valid");
        arguments = {{QStringLiteral("NAME"),
                      Tr::tr("the stored credential's name (left out: --from, AEMTOKEN_FROM, the default)")}};
        options = {{QStringLiteral("--json"), {}, Tr::tr("print valid, reason and expires_at as JSON")}};
        options += fromOptions(false);
    }

    QString argumentsError() const override { return Tr::tr("validate takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        const bool json = a.has(QStringLiteral("--json"));
        cli.admin().validate(rec->id, &cli, [c = &cli, json](const ValidationResult& v) {
            // IMS did not answer (or no token): an error, not a verdict.
            if (!v.ok)
                return c->failWithCause(v.reason, v.imsError, QStringLiteral("token_unavailable"));
            if (json)
                writeOut(QJsonDocument(QJsonObject {{QStringLiteral("valid"), v.valid},
                                                    {QStringLiteral("reason"), stringOrNull(v.reason)},
                                                    {QStringLiteral("expires_at"), isoOrNull(v.expiresAt)}})
                             .toJson(QJsonDocument::Compact)
                         + '\n');
            if (!v.valid)
                return c->failAs(QStringLiteral("token_invalid"),
                                 Tr::tr("IMS says the token is not valid (%1)")
                                     .arg(v.reason.isEmpty() ? Tr::tr("no reason given") : v.reason));
            if (!json)
                outLine(Tr::tr("valid until %1").arg(isoUtcSeconds(v.expiresAt)));
            c->finish(Cli::Success);
        });
    }
};
} // namespace

std::unique_ptr<Command> makeValidateCommand()
{
    return std::make_unique<Validate>();
}

} // namespace aem::cli
