// SPDX-License-Identifier: Apache-2.0
// aemtoken check FILE|NAME [--json]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "countdown.h"
#include "credentialcheck.h"
#include "credentials.h"
#include "credentialstore.h"
#include "environment.h"
#include "format.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// Who a service or OAuth credential is, in `check --json`.
void insertIdentity(QJsonObject& out, const QString& clientId, const QString& technicalAccountId, const QString& email,
                    const QString& org, const QString& imsEndpoint)
{
    out.insert(QStringLiteral("clientId"), clientId);
    out.insert(QStringLiteral("technicalAccountId"), technicalAccountId);
    out.insert(QStringLiteral("email"), email);
    out.insert(QStringLiteral("org"), org);
    out.insert(QStringLiteral("imsEndpoint"), imsEndpoint);
}

class Check final : public Command
{
public:
    Check()
    {
        name = QStringLiteral("check");
        summary = Tr::tr("offline validation; problems on stderr, exit 1 on any error");
        arguments = {{QStringLiteral("FILE|NAME"),
                      Tr::tr("a Developer Console JSON file (- for standard input) or a stored credential's name")}};
        options = {{QStringLiteral("--json"), {}, Tr::tr("print what was found and the problems as JSON")}};
        notes = Tr::tr("What was found goes to stdout, one line per problem to stderr. An error makes the "
                       "credential\nunusable (a missing field, a key that does not match the certificate, an "
                       "expired or not yet\nvalid certificate or token); a warning does not (a certificate expiring "
                       "within 30 days).\nExit status: 0 with warnings only, 1 on any error, 2 for a usage error.");
    }

    QString argumentsError() const override { return Tr::tr("check takes one FILE or NAME"); }

    void run(Cli& cli, const Args& a) const override
    {
        const QString target = a.positional.first();
        const bool json = a.has(QStringLiteral("--json"));

        // What was read — from the file, or the stored record and its secrets — and its problems.
        auto report = [c = &cli, json, target](const ParseResult& r) {
            const QDateTime now = SystemClock::instance().now();
            bool blocking = !r.ok();
            QJsonObject out {{QStringLiteral("source"), target}};
            QList<std::pair<QString, QString>> summary; // label, value
            if (r.ok()) {
                const ParsedCredential& c = *r.credential;
                out.insert(QStringLiteral("kind"), kindId(c.kind));
                if (c.kind == CredentialKind::OAuth) {
                    const OAuthCredential& o = c.oauth;
                    insertIdentity(out, o.clientId, o.technicalAccountId, o.technicalAccountEmail, o.orgId,
                                   o.imsEndpoint);
                    out.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(o.scopes));
                    out.insert(QStringLiteral("clientSecrets"), int(o.clientSecrets.size()));
                    summary = {{Tr::tr("kind"), Tr::tr("OAuth Server-to-Server credentials")},
                               {Tr::tr("client id"), o.clientId},
                               {Tr::tr("technical account"), o.technicalAccountId},
                               {Tr::tr("AEM user (email)"), o.technicalAccountEmail},
                               {Tr::tr("org"), o.orgId},
                               {Tr::tr("IMS endpoint"), o.imsEndpoint},
                               {Tr::tr("scopes"), o.scopes.join(QStringLiteral(", "))},
                               {Tr::tr("client secrets"), Tr::tr("%1 (tried in order)").arg(o.clientSecrets.size())}};
                } else if (c.kind == CredentialKind::Service) {
                    const ServiceCredential& s = c.service;
                    const CertificateInfo info = c.certificate->info();
                    const Environment env = Environment::fromClientId(s.clientId);
                    insertIdentity(out, s.clientId, s.technicalAccountId, s.email, s.org, s.imsEndpoint);
                    out.insert(QStringLiteral("metascopes"), QJsonArray::fromStringList(s.metascopes));
                    out.insert(QStringLiteral("environment"), env.label());
                    out.insert(QStringLiteral("certificate"),
                               QJsonObject {{QStringLiteral("subject"), info.subjectCommonName},
                                            {QStringLiteral("notBefore"), isoUtcSeconds(info.notBefore)},
                                            {QStringLiteral("notAfter"), isoUtcSeconds(info.notAfter)},
                                            {QStringLiteral("daysLeft"), double(info.daysLeft(now))},
                                            {QStringLiteral("sha256Fingerprint"), info.sha256Fingerprint},
                                            {QStringLiteral("keyMatches"), c.certificate->matches(*c.privateKey)}});
                    summary = {
                        {Tr::tr("kind"), Tr::tr("service credentials")},
                        {Tr::tr("client id"), s.clientId},
                        {Tr::tr("environment"),
                         env.isKnown()
                             ? QString(env.label() + QStringLiteral(" (") + env.author.host() + QLatin1Char(')'))
                             : Tr::tr("unknown")},
                        {Tr::tr("technical account"), s.technicalAccountId},
                        {Tr::tr("AEM user (email)"), s.email},
                        {Tr::tr("org"), s.org},
                        {Tr::tr("IMS endpoint"), s.imsEndpoint},
                        {Tr::tr("metascopes"), s.metascopes.join(QStringLiteral(", "))},
                        {Tr::tr("certificate"),
                         (info.daysLeft(now) >= 0
                              ? Tr::tr("CN=%1, %2 to %3 (%n day(s) left)", nullptr, int(info.daysLeft(now)))
                              : Tr::tr("CN=%1, %2 to %3 (expired %n day(s) ago)", nullptr, int(-info.daysLeft(now))))
                             .arg(info.subjectCommonName, isoUtcSeconds(info.notBefore), isoUtcSeconds(info.notAfter))},
                        {Tr::tr("SHA-256"), info.sha256Fingerprint},
                        {Tr::tr("private key"),
                         Tr::tr("RSA %1 bits, matches the certificate").arg(c.privateKey->bits())}};
                } else {
                    const LocalDevToken& t = c.localDev;
                    out.insert(QStringLiteral("userId"), t.claims.value(QLatin1String("user_id")).toString());
                    out.insert(QStringLiteral("clientId"), t.claims.value(QLatin1String("client_id")).toString());
                    out.insert(QStringLiteral("expiresAt"), isoOrNull(t.expiresAt.value_or(QDateTime())));
                    summary = {{Tr::tr("kind"), Tr::tr("local development token")},
                               {Tr::tr("user"), t.claims.value(QLatin1String("user_id")).toString()},
                               {Tr::tr("client id"), t.claims.value(QLatin1String("client_id")).toString()},
                               {Tr::tr("expires"),
                                QStringLiteral("%1 (%2)").arg(isoUtcSeconds(t.expiresAt.value_or(QDateTime())),
                                                              t.expiresAt ? formatDuration(now.msecsTo(*t.expiresAt))
                                                                          : Tr::tr("unknown"))}};
                }
            }
            // What makes the credential unusable (an expired certificate, a key that does not match
            // it) is an error; what only deserves attention is a warning.
            const auto isError = [](const Problem& p) { return p.severity != Problem::Warning; };
            QJsonArray problems;
            for (const Problem& p : r.problems) {
                blocking = blocking || isError(p);
                problems.append(QJsonObject {
                    {QStringLiteral("severity"), isError(p) ? QStringLiteral("error") : QStringLiteral("warning")},
                    {QStringLiteral("field"), p.field},
                    {QStringLiteral("message"), p.message}});
            }
            out.insert(QStringLiteral("problems"), problems);
            out.insert(QStringLiteral("ok"), !blocking);
            if (json) {
                writeOut(QJsonDocument(out).toJson(QJsonDocument::Indented));
            } else {
                // The summary on stdout, the problems on stderr.
                printLabelled(summary);
                for (const Problem& p : r.problems)
                    errLine(isError(p) ? Tr::tr("error: %1").arg(p.toString()) : p.toString());
            }
            c->finish(blocking ? Cli::Failure : Cli::Success);
        };

        if (target == QLatin1String("-") || QFileInfo(target).isFile()) {
            QString error;
            auto data = readInput(target, kMaxCredentialFileSize, &error);
            if (!data)
                return cli.fail(error);
            const ParseResult parsed = parseCredentialJson(*data, SystemClock::instance());
            data->fill('\0');
            report(parsed);
            return;
        }
        CredentialStore* store = cli.loadedStore();
        if (!store)
            return;
        const auto rec = store->find(target);
        if (!rec)
            return cli.fail(Tr::tr("\"%1\" is neither a file nor a stored credential").arg(target));
        store->readSecrets(*rec, &cli,
                           [c = &cli, rec = *rec, report](std::optional<CredentialSecrets> s, const QString& error) {
                               if (!s)
                                   return c->fail(error);
                               const ParseResult checked = checkStoredCredential(rec, *s, SystemClock::instance());
                               s->wipe();
                               report(checked);
                           });
    }
};
} // namespace

std::unique_ptr<Command> makeCheckCommand()
{
    return std::make_unique<Check>();
}

} // namespace aem::cli
