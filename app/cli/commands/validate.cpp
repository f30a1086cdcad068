// SPDX-License-Identifier: Apache-2.0
// aemtoken validate NAME [--json]
#include "commands.h"

#include "cli.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "jwt.h"
#include "processhygiene.h"
#include "tokenadmin.h"

#include <QCoreApplication>

#include <QJsonDocument>
#include <algorithm>

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
        options = {{QStringLiteral("--json"), {}, Tr::tr("print valid, reason and expires_at as JSON")},
                   {QStringLiteral("--token"), QStringLiteral("-"),
                    Tr::tr("check the token on stdin instead (never on the command line); at the IMS of NAME, "
                           "--from or its own claims")}};
        options += fromOptions(false);
    }

    QString argumentsError() const override { return Tr::tr("validate takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const bool json = a.has(QStringLiteral("--json"));
        if (a.has(QStringLiteral("--token")))
            return validateGiven(cli, a, json);
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        cli.admin().validate(rec->id, &cli, [c = &cli, json](const ValidationResult& v) { report(*c, json, v); });
    }

private:
    // `validate --token -`: a token from stdin, checked at the IMS of the credential named (NAME
    // or --from), else at the one its own claims name (a local development token's "as").
    void validateGiven(Cli& cli, const Args& a, bool json) const
    {
        if (a.value(QStringLiteral("--token")) != QLatin1String("-"))
            return cli.usage(*this, Tr::tr("--token takes - (the token on stdin): a token is never an argument"));
        QString error;
        const auto data = readInput(QStringLiteral("-"), 64 * 1024, &error);
        if (!data)
            return cli.failAs(QStringLiteral("unreadable_input"), error);
        QByteArray token = data->trimmed();
        const auto jwt = decodeJwt(token);
        const bool clean = std::all_of(token.cbegin(), token.cend(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
        if (token.isEmpty() || !clean || !jwt)
            return cli.failAs(QStringLiteral("token_malformed"), Tr::tr("stdin does not hold an access token (a JWT)"));
        CredentialRecord rec;
        if (!a.positional.first().isEmpty() || cli.fromFile()) {
            const auto named = cli.credential(a.positional.first());
            if (!named)
                return;
            rec = *named;
        } else {
            rec.kind = CredentialKind::LocalDev;
            rec.tokenClientId = jwt->claims.value(QLatin1String("client_id")).toString();
        }
        const auto expires = tokenLifetime(jwt->claims).expiresAt;
        cli.admin().validateToken(rec, token, &cli, [c = &cli, json, expires](ValidationResult v) {
            if (v.ok && v.valid && expires)
                v.expiresAt = *expires;
            report(*c, json, v);
        });
        wipeSecret(token);
    }

    static void report(Cli& cli, bool json, const ValidationResult& v)
    {
        // IMS did not answer (or no token): an error, not a verdict.
        if (!v.ok)
            return cli.failWithCause(v.reason, v.imsError, v.cause, QStringLiteral("token_unavailable"));
        if (json)
            writeOut(QJsonDocument(QJsonObject {{QStringLiteral("valid"), v.valid},
                                                {QStringLiteral("reason"), stringOrNull(v.reason)},
                                                {QStringLiteral("expires_at"), isoOrNull(v.expiresAt)}})
                         .toJson(QJsonDocument::Compact)
                     + '\n');
        if (!v.valid)
            return cli.failAs(QStringLiteral("token_invalid"),
                              Tr::tr("IMS says the token is not valid (%1)")
                                  .arg(v.reason.isEmpty() ? Tr::tr("no reason given") : v.reason));
        if (!json)
            outLine(v.expiresAt.isValid() ? Tr::tr("valid until %1").arg(isoUtcSeconds(v.expiresAt)) : Tr::tr("valid"));
        cli.finish(Cli::Success);
    }
};
} // namespace

std::unique_ptr<Command> makeValidateCommand()
{
    return std::make_unique<Validate>();
}

} // namespace aem::cli
