// SPDX-License-Identifier: Apache-2.0
// aemtoken token NAME [--fresh] [--json] [--header]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "services.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

class Token final : public Command
{
public:
    Token()
    {
        name = QStringLiteral("token");
        summary = Tr::tr("a valid access token on stdout (cached while >= 10 min remain)");
        arguments = {{QStringLiteral("NAME"),
                      Tr::tr("the stored credential's name (left out: --from, AEMTOKEN_FROM, the default)")}};
        options = {{QStringLiteral("--fresh"), {}, Tr::tr("mint a new token even when the cached one is still good")},
                   {QStringLiteral("--json"), {}, Tr::tr("print the token with its creation and expiry as JSON")},
                   {QStringLiteral("--header"), {}, Tr::tr("print it as an HTTP header: Authorization: Bearer TOKEN")}};
        options += fromOptions(false);
    }

    QString argumentsError() const override { return Tr::tr("token takes one NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const bool json = a.has(QStringLiteral("--json"));
        const bool header = a.has(QStringLiteral("--header"));
        // Two shapes of output at once: refused, not one of them silently dropped.
        if (json && header)
            return cli.usage(*this, Tr::tr("--header and --json cannot be used together"));
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        if (!usesToken(rec->kind))
            return cli.fail(noTokenForLocalTarget(rec->name));
        // The token service hands tokens out in both programs (renewal stays off here); its
        // progress lines go to stderr.
        cli.tokens().token(
            rec->id, a.has(QStringLiteral("--fresh")), &cli, [c = &cli, json, header](const TokenResult& t) {
                if (!t.ok)
                    return c->failToken(t);
                if (!t.warning.isEmpty())
                    errLine(t.warning);
                if (json) {
                    // The keys of the man page's JSON OUTPUT section (jsonout.h).
                    const QJsonValue left = secondsOrNull(c->services().clock().now(), t.expiresAt);
                    const QJsonObject o {{QStringLiteral("access_token"), QString::fromLatin1(t.accessToken)},
                                         {QStringLiteral("token_type"), QStringLiteral("bearer")},
                                         {QStringLiteral("created_at"), isoOrNull(t.createdAt)},
                                         {QStringLiteral("expires_at"), isoOrNull(t.expiresAt)},
                                         {QStringLiteral("expires_in_s"),
                                          left.isNull() ? left : QJsonValue(std::max(0.0, left.toDouble()))},
                                         {QStringLiteral("cached"), t.fromCache}};
                    writeOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
                } else if (header) {
                    // A header line: the token must not be able to end it or start another.
                    if (t.accessToken.contains('\r') || t.accessToken.contains('\n') || t.accessToken.contains('\0'))
                        return c->fail(Tr::tr("the token holds CR, LF or NUL; it cannot go into a header"));
                    writeOut("Authorization: Bearer " + t.accessToken + '\n');
                } else {
                    writeOut(t.accessToken + '\n');
                }
                c->finish(Cli::Success);
            });
    }
};
} // namespace

std::unique_ptr<Command> makeTokenCommand()
{
    return std::make_unique<Token>();
}

} // namespace aem::cli
