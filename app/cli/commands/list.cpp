// SPDX-License-Identifier: Apache-2.0
// aemtoken list [--json]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "countdown.h"
#include "credentialstore.h"
#include "format.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// Kept as they are and shown; said once, without failing the listing.
void noteUnknownEnvTypes(const QList<CredentialRecord>& records)
{
    for (const CredentialRecord& r : records)
        if (r.envType == EnvType::Unknown)
            errLine(Tr::tr("note: \"%1\" has the environment type \"%2\", unknown to this version; it is kept as it "
                           "is (set one with: aemtoken set %3 --env-type %4)")
                        .arg(r.name, r.envTypeText(), shellWord(r.name), envTypeChoices().join(QLatin1Char('|'))));
}

class List final : public Command
{
public:
    List()
    {
        name = QStringLiteral("list");
        summary = Tr::tr("stored credentials, their environments and expiries");
        options = {{QStringLiteral("--json"), {}, Tr::tr("print an array of the stored credentials as JSON")}};
    }

    QString argumentsError() const override { return Tr::tr("list takes no arguments"); }

    void run(Cli& cli, const Args& a) const override
    {
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        const QDateTime now = SystemClock::instance().now();
        if (a.has(QStringLiteral("--json"))) {
            QJsonArray arr;
            for (const CredentialRecord& r : store->records())
                arr.append(recordJson(r, store->cachedTokenInfo(r), now));
            writeOut(QJsonDocument(arr).toJson(QJsonDocument::Indented));
            for (const QString& p : store->problems())
                errLine(p);
            noteUnknownEnvTypes(store->records());
            return cli.finish(store->problems().isEmpty() ? Cli::Success : Cli::Failure);
        }
        if (store->records().isEmpty() && store->problems().isEmpty()) {
            errLine(Tr::tr("no credentials stored; add one with: aemtoken import FILE"));
            return cli.finish(Cli::Success);
        }
        QList<QStringList> rows {{Tr::tr("NAME"), Tr::tr("TYPE"), Tr::tr("KIND"), Tr::tr("ENVIRONMENT"),
                                  Tr::tr("TOKEN"), Tr::tr("CERTIFICATE")}};
        for (const CredentialRecord& r : store->records()) {
            QString token, cert = QStringLiteral("-");
            QDateTime exp = canMint(r.kind) ? store->cachedTokenInfo(r).value_or(CachedTokenInfo {}).expiresAt
                                            : r.localTokenExpiresAt;
            token = !usesToken(r.kind) ? Tr::tr("not needed")
                : exp.isValid()
                ? (now < exp ? Tr::tr("valid %1").arg(formatDuration(now.msecsTo(exp))) : Tr::tr("expired"))
                : Tr::tr("none");
            if (r.kind == CredentialKind::Service && r.certificateNotAfter.isValid()) {
                const qint64 days = now.daysTo(r.certificateNotAfter);
                cert = now > r.certificateNotAfter
                    ? Tr::tr("EXPIRED %1").arg(r.certificateNotAfter.date().toString(Qt::ISODate))
                    : Tr::tr("%n day(s) left", nullptr, int(days));
            }
            QString env = r.environment.label();
            if (!r.environment.author.isEmpty())
                env += (env.isEmpty() ? QString() : QStringLiteral(" ")) + r.environment.author.authority();
            const QString type = r.envType == EnvType::None ? QStringLiteral("-") : r.envTypeText();
            rows << QStringList {r.name, type, kindId(r.kind), env.isEmpty() ? QStringLiteral("-") : env, token, cert};
        }
        printTable(rows);
        // Records this program cannot read are kept in the file and named here.
        for (const QString& p : store->problems())
            errLine(p);
        noteUnknownEnvTypes(store->records());
        cli.finish(store->problems().isEmpty() ? Cli::Success : Cli::Failure);
    }
};
} // namespace

std::unique_ptr<Command> makeListCommand()
{
    return std::make_unique<List>();
}

} // namespace aem::cli
