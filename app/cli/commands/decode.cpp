// SPDX-License-Identifier: Apache-2.0
// aemtoken decode [TOKEN|-|NAME] [--json]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "countdown.h"
#include "credentialrecord.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "jwt.h"
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

void show(Cli& cli, bool json, const QByteArray& token)
{
    QString why;
    const auto jwt = decodeJwt(token, &why);
    if (!jwt)
        return cli.failAs(QStringLiteral("token_malformed"), Tr::tr("the token %1").arg(why));
    const TokenLifetime life = tokenLifetime(jwt->claims);
    const QDateTime now = SystemClock::instance().now();
    const qint64 left = life.expiresAt ? now.msecsTo(*life.expiresAt) : 0;
    if (json) {
        const QJsonObject o {
            {QStringLiteral("header"), jwt->header},
            {QStringLiteral("claims"), jwt->claims},
            {QStringLiteral("created_at"), isoOrNull(life.createdAt.value_or(QDateTime()))},
            {QStringLiteral("expires_at"), isoOrNull(life.expiresAt.value_or(QDateTime()))},
            {QStringLiteral("expires_in_s"), secondsOrNull(now, life.expiresAt.value_or(QDateTime()))},
            {QStringLiteral("expired"), life.expiresAt ? QJsonValue(left <= 0) : QJsonValue(QJsonValue::Null)}};
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        const QString expires = life.expiresAt
            ? QString(isoUtcSeconds(*life.expiresAt) + QStringLiteral(" (")
                      + (left > 0 ? Tr::tr("in %1").arg(formatDuration(left)) : Tr::tr("expired")) + QLatin1Char(')'))
            : Tr::tr("unknown");
        printLabelled({{Tr::tr("header"), QString::fromUtf8(QJsonDocument(jwt->header).toJson(QJsonDocument::Compact))},
                       {Tr::tr("created"), life.createdAt ? isoUtcSeconds(*life.createdAt) : Tr::tr("unknown")},
                       {Tr::tr("expires"), expires}});
        outLine(labelled(Tr::tr("claims")));
        writeOut(QJsonDocument(jwt->claims).toJson(QJsonDocument::Indented));
    }
    cli.finish(Cli::Success);
}

class Decode final : public Command
{
public:
    Decode()
    {
        name = QStringLiteral("decode");
        summary = Tr::tr("claims, creation and expiry of a token (stdin when omitted)");
        arguments = {{QStringLiteral("TOKEN|-|NAME"),
                      Tr::tr("a token, - for standard input, or a stored credential's name for its current token"),
                      true}};
        options = {{QStringLiteral("--json"), {}, Tr::tr("print header, claims, creation and expiry as JSON")}};
        options += fromOptions(false);
    }

    QString argumentsError() const override { return Tr::tr("decode takes at most one TOKEN, NAME or -"); }

    void run(Cli& cli, const Args& a) const override
    {
        const bool json = a.has(QStringLiteral("--json"));
        if (a.has(QStringLiteral("--from"))) {
            // The current token of the credential in FILE (read for this call, stored nowhere).
            if (!a.positional.isEmpty())
                return cli.usage(*this, Tr::tr("give TOKEN, NAME or --from FILE, not several"));
            if (!cli.readFromFile(a, a.value(QStringLiteral("--from"))))
                return;
            const auto rec = cli.credential(QString());
            if (!rec)
                return;
            cli.tokens().token(rec->id, false, &cli, [c = &cli, json](const TokenResult& t) {
                if (!t.ok)
                    return c->failToken(t);
                show(*c, json, t.accessToken);
            });
            return;
        }
        const QString arg = a.positional.value(0, QStringLiteral("-"));
        if (arg == QLatin1String("-")) {
            QString error;
            const auto data = readInput(arg, 1024 * 1024, &error);
            if (!data)
                return cli.failAs(QStringLiteral("unreadable_input"), error);
            return show(cli, json, data->trimmed());
        }
        if (!arg.contains(QLatin1Char('.')) || isValidCredentialName(arg)) {
            // A stored credential's name: decode its current token.
            CredentialStore* store = cli.loadedStore();
            if (!store)
                return;
            if (const auto rec = store->find(arg)) {
                cli.tokens().token(rec->id, false, &cli, [c = &cli, json](const TokenResult& t) {
                    if (!t.ok)
                        return c->failToken(t);
                    show(*c, json, t.accessToken);
                });
                return;
            }
        }
        show(cli, json, arg.toLatin1());
    }
};
} // namespace

std::unique_ptr<Command> makeDecodeCommand()
{
    return std::make_unique<Decode>();
}

} // namespace aem::cli
