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
#include "imsclient.h"
#include "jsonout.h"
#include "wording.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// `check --json` before anything is known: every key present, null (jsonout.h).
QJsonObject emptyReport(const QString& source)
{
    QJsonObject o {{QStringLiteral("source"), source}};
    for (const char* key : {"kind",
                            "client_id",
                            "user_id",
                            "technical_account_id",
                            "email",
                            "org",
                            "ims_endpoint",
                            "scopes",
                            "metascopes",
                            "client_secret_count",
                            "program_id",
                            "environment_id",
                            "certificate_subject",
                            "certificate_not_before",
                            "certificate_expires_at",
                            "certificate_expires_in_s",
                            "certificate_sha256",
                            "key_matches_certificate",
                            "expires_at",
                            "expires_in_s"})
        o.insert(QLatin1String(key), QJsonValue::Null);
    return o;
}

// Who a service or OAuth credential is.
void insertIdentity(QJsonObject& out, const QString& clientId, const QString& technicalAccountId, const QString& email,
                    const QString& org, const QString& imsEndpoint)
{
    const Environment env = Environment::fromClientId(clientId);
    out.insert(QStringLiteral("client_id"), stringOrNull(clientId));
    out.insert(QStringLiteral("technical_account_id"), stringOrNull(technicalAccountId));
    out.insert(QStringLiteral("email"), stringOrNull(email));
    out.insert(QStringLiteral("org"), stringOrNull(org));
    out.insert(QStringLiteral("ims_endpoint"), stringOrNull(imsEndpoint));
    out.insert(QStringLiteral("program_id"), idOrNull(env.program));
    out.insert(QStringLiteral("environment_id"), idOrNull(env.environment));
}

class Check final : public Command
{
public:
    Check()
    {
        name = QStringLiteral("check");
        summary = Tr::tr("offline validation; problems on stderr, exit 1 on any error");
        arguments = {{QStringLiteral("FILE|NAME"),
                      Tr::tr("a Developer Console JSON file (- for standard input) or a stored credential's name"),
                      true}};
        options = {{QStringLiteral("--json"), {}, Tr::tr("print what was found and the problems as JSON")},
                   {QStringLiteral("--from"), QStringLiteral("FILE|-"),
                    Tr::tr("check the credential in FILE (or stdin), as the other commands' --from reads it")}};
        notes = Tr::tr("What was found goes to stdout, one line per problem to stderr. An error makes the "
                       "credential\nunusable (a missing field, a key that does not match the certificate, an "
                       "expired or not yet\nvalid certificate or token); a warning does not (a certificate expiring "
                       "within 30 days).\nExit status: 0 with warnings only, 1 on any error, 2 for a usage error.");
    }

    QString argumentsError() const override { return Tr::tr("check takes one FILE or NAME (or --from FILE)"); }

    void run(Cli& cli, const Args& a) const override
    {
        const bool fromFile = a.has(QStringLiteral("--from"));
        if (fromFile == !a.positional.isEmpty())
            return cli.usage(*this, argumentsError());
        const QString target = fromFile ? a.value(QStringLiteral("--from")) : a.positional.first();
        const bool json = a.has(QStringLiteral("--json"));

        // What was read — from the file, or the stored record and its secrets — and its problems.
        auto report = [c = &cli, json, target](const ParseResult& r) {
            const QDateTime now = SystemClock::instance().now();
            bool blocking = !r.ok();
            QJsonObject out = emptyReport(target);
            QList<std::pair<QString, QString>> summary; // label, value
            if (r.ok()) {
                const ParsedCredential& c = *r.credential;
                out.insert(QStringLiteral("kind"), kindJson(c.kind));
                if (c.kind == CredentialKind::OAuth) {
                    const OAuthCredential& o = c.oauth;
                    insertIdentity(out, o.clientId, o.technicalAccountId, o.technicalAccountEmail, o.orgId,
                                   o.imsEndpoint);
                    out.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(o.scopes));
                    out.insert(QStringLiteral("client_secret_count"), int(o.clientSecrets.size()));
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
                    out.insert(QStringLiteral("certificate_subject"), info.subjectCommonName);
                    out.insert(QStringLiteral("certificate_not_before"), isoOrNull(info.notBefore));
                    out.insert(QStringLiteral("certificate_expires_at"), isoOrNull(info.notAfter));
                    out.insert(QStringLiteral("certificate_expires_in_s"), secondsOrNull(now, info.notAfter));
                    out.insert(QStringLiteral("certificate_sha256"), info.sha256Fingerprint);
                    out.insert(QStringLiteral("key_matches_certificate"), c.certificate->matches(*c.privateKey));
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
                } else if (c.kind == CredentialKind::Local) {
                    out.insert(QStringLiteral("author_url"), urlOrNull(c.local.author));
                    out.insert(QStringLiteral("publish_url"), urlOrNull(c.local.publish));
                    out.insert(QStringLiteral("basic_user"), stringOrNull(c.local.user));
                    summary = {
                        {Tr::tr("kind"), Tr::tr("local AEM target (no token)")},
                        {Tr::tr("author"), c.local.author.toString()},
                        {Tr::tr("sign-in"),
                         c.local.user.isEmpty() ? Tr::tr("none") : Tr::tr("HTTP Basic as %1").arg(c.local.user)}};
                } else {
                    const LocalDevToken& t = c.localDev;
                    blocking = blocking || (t.expiresAt && *t.expiresAt <= now);
                    const QString clientId = t.claims.value(QLatin1String("client_id")).toString();
                    const Environment env = Environment::fromClientId(clientId);
                    out.insert(QStringLiteral("user_id"),
                               stringOrNull(t.claims.value(QLatin1String("user_id")).toString()));
                    out.insert(QStringLiteral("client_id"), stringOrNull(clientId));
                    out.insert(QStringLiteral("program_id"), idOrNull(env.program));
                    out.insert(QStringLiteral("environment_id"), idOrNull(env.environment));
                    out.insert(QStringLiteral("expires_at"), isoOrNull(t.expiresAt.value_or(QDateTime())));
                    out.insert(QStringLiteral("expires_in_s"), secondsOrNull(now, t.expiresAt.value_or(QDateTime())));
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
                    {QStringLiteral("code"), p.code},
                    {QStringLiteral("severity"), isError(p) ? QStringLiteral("error") : QStringLiteral("warning")},
                    {QStringLiteral("field"), stringOrNull(p.field)},
                    {QStringLiteral("message"), p.message}});
            }
            out.insert(QStringLiteral("problems"), problems);
            out.insert(QStringLiteral("ok"), !blocking);
            if (json) {
                writeOut(QJsonDocument(out).toJson(QJsonDocument::Indented));
            } else {
                // The summary on stdout, the problems on stderr.
                printLabelled(summary);
                // Each problem in plain words, then (indented) its field and the checker's words
                // for support; --json keeps the codes, fields and messages as they were.
                for (const Problem& p : r.problems) {
                    errLine((isError(p) ? Tr::tr("error: %1") : Tr::tr("warning: %1")).arg(problemHeadline(p)));
                    errLine(QStringLiteral("  ") + problemDetail(p));
                }
            }
            // With --json the problems are on stdout; stderr still gets the one line of the failure.
            if (json && blocking) {
                const auto first = std::find_if(r.problems.cbegin(), r.problems.cend(),
                                                [](const Problem& p) { return p.severity == Problem::Error; });
                const Problem& p = first != r.problems.cend() ? *first : r.problems.value(0);
                return c->failAs(p.code, p.toString());
            }
            c->finish(blocking ? Cli::Failure : Cli::Success);
        };

        if (fromFile || target == QLatin1String("-") || QFileInfo(target).isFile()) {
            QString error;
            auto data = readInput(target, kMaxCredentialFileSize, &error);
            if (!data)
                return cli.failAs(QStringLiteral("unreadable_file"), error);
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
            return cli.failAs(QStringLiteral("credential_not_found"),
                              Tr::tr("\"%1\" is neither a file nor a stored credential").arg(target));
        if (rec->kind == CredentialKind::Local && rec->basicUser.isEmpty())
            return report(checkStoredCredential(*rec, CredentialSecrets {}, SystemClock::instance()));
        store->readSecrets(
            *rec, &cli, [c = &cli, rec = *rec, report](std::optional<CredentialSecrets> s, const SourceError& error) {
                if (!s)
                    return c->failWithCause(error.message, std::nullopt, error.cause,
                                            QStringLiteral("secrets_unreadable"));
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
