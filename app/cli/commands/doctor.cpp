// SPDX-License-Identifier: Apache-2.0
// aemtoken doctor [NAME] [--repair [--delete-orphans]] [--json]
#include "commands.h"

#include "cli.h"
#include "clock.h"
#include "credentialdiagnosis.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "services.h"
#include "storedoctor.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

void report(Cli& cli, bool json, const QStringList& actions, const DoctorReport& r)
{
    if (json) {
        QJsonArray problems;
        for (const DoctorFinding& f : r.findings)
            problems.append(QJsonObject {
                {QStringLiteral("code"), f.code()},
                {QStringLiteral("message"), f.message},
                {QStringLiteral("name"), f.name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.name)},
                {QStringLiteral("key"), f.key.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.key)}});
        const QJsonObject o {
            {QStringLiteral("ok"), r.ok()},
            {QStringLiteral("credentials"), r.credentials},
            {QStringLiteral("keychain_checked"), r.keychainChecked},
            {QStringLiteral("keychain_items"), r.keychainChecked ? QJsonValue(r.items) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("problems"), problems},
            {QStringLiteral("actions"), QJsonArray::fromStringList(actions)}};
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        for (const QString& action : actions)
            outLine(Tr::tr("repaired: %1").arg(action));
        for (const DoctorFinding& f : r.findings)
            outLine(QStringLiteral("\u2717 ") + f.message);
        if (r.ok())
            outLine(QStringLiteral("\u2713 ")
                    + Tr::tr("the store is consistent: %n credential(s)", nullptr, r.credentials)
                    + (r.keychainChecked ? QStringLiteral("; ")
                               + Tr::tr("%n keychain item(s) of ours, each on the list", nullptr, r.items)
                                         : QString()));
        else if (r.repairable())
            outLine(Tr::tr("run `aemtoken doctor --repair` to fix what can be fixed safely"));
        if (!r.keychainChecked && r.ok())
            outLine(Tr::tr("(the keychain items were not checked: this keychain cannot list them)"));
    }
    // With --json the findings are on stdout; stderr still gets the one line of the failure.
    if (json && !r.ok())
        return cli.failAs(r.findings.first().code(), r.findings.first().message);
    cli.finish(r.ok() ? Cli::Success : Cli::Failure);
}

// What each step of the chain checks, for the line of a skipped one.
QString stepLabel(const QString& code)
{
    static const QHash<QString, const char*> labels {
        {QStringLiteral("secrets_readable"), QT_TRANSLATE_NOOP("aem::Cli", "the secrets in the keychain")},
        {QStringLiteral("key_matches_certificate"), QT_TRANSLATE_NOOP("aem::Cli", "the key and the certificate")},
        {QStringLiteral("certificate_valid"), QT_TRANSLATE_NOOP("aem::Cli", "the certificate's validity")},
        {QStringLiteral("client_secret"), QT_TRANSLATE_NOOP("aem::Cli", "the client secret")},
        {QStringLiteral("token_readable"), QT_TRANSLATE_NOOP("aem::Cli", "the token in the keychain")},
        {QStringLiteral("token_valid"), QT_TRANSLATE_NOOP("aem::Cli", "the token's expiry")},
        {QStringLiteral("ims_dns"), QT_TRANSLATE_NOOP("aem::Cli", "the IMS host's name")},
        {QStringLiteral("ims_tls"), QT_TRANSLATE_NOOP("aem::Cli", "TLS to IMS")},
        {QStringLiteral("ims_exchange"), QT_TRANSLATE_NOOP("aem::Cli", "the token exchange")},
        {QStringLiteral("aem_author"), QT_TRANSLATE_NOOP("aem::Cli", "the AEM author")},
        {QStringLiteral("aem_user"), QT_TRANSLATE_NOOP("aem::Cli", "the AEM user")},
        {QStringLiteral("aem_read"), QT_TRANSLATE_NOOP("aem::Cli", "a read in AEM")}};
    const char* l = labels.value(code);
    return l ? Tr::tr(l) : code;
}

// One line per step: ✓ ok, ! warning, ✗ failed, - skipped; what to do after " — do: ".
QString stepLine(const DiagnosisStep& s)
{
    QString line;
    switch (s.status) {
    case DiagnosisStep::Ok: line = QStringLiteral("\u2713 ") + s.message; break;
    case DiagnosisStep::Warning: line = QStringLiteral("! ") + s.message; break;
    case DiagnosisStep::Failed: line = QStringLiteral("\u2717 ") + s.message; break;
    case DiagnosisStep::Skipped:
        line = QStringLiteral("- ") + Tr::tr("%1: not checked (%2)").arg(stepLabel(s.code), s.message);
        break;
    }
    if (!s.action.isEmpty())
        line += QStringLiteral(" \u2014 ") + Tr::tr("do: %1").arg(s.action);
    return line;
}

// `doctor NAME`: the chain from the credential to an AEM read.
void diagnose(Cli& cli, const QString& name, bool json)
{
    const auto rec = cli.credential(name);
    if (!rec)
        return;
    // The source tokens are made from (the store, or the file of --from).
    CredentialDiagnosis::Deps deps {cli.services().source(), cli.tokens(),    &cli.nam(),
                                    SystemClock::instance(), cli.timeoutMs(), [c = &cli] { c->prepareTls(); }};
    auto* d = new CredentialDiagnosis(std::move(deps), &cli);
    if (!json)
        QObject::connect(d, &CredentialDiagnosis::stepFinished, &cli,
                         [](const DiagnosisStep& s) { outLine(stepLine(s)); });
    d->run(*rec, [c = &cli, json, rec = *rec](const QList<DiagnosisStep>& steps) {
        const auto failed = std::find_if(steps.cbegin(), steps.cend(),
                                         [](const DiagnosisStep& s) { return s.status == DiagnosisStep::Failed; });
        const bool ok = failed == steps.cend();
        if (json) {
            QJsonArray list;
            for (const DiagnosisStep& s : steps)
                list.append(QJsonObject {{QStringLiteral("code"), s.code},
                                         {QStringLiteral("status"), diagnosisStatusId(s.status)},
                                         {QStringLiteral("message"), s.message},
                                         {QStringLiteral("action"), stringOrNull(s.action)}});
            writeOut(QJsonDocument(QJsonObject {{QStringLiteral("name"), rec.name},
                                                {QStringLiteral("kind"), kindJson(rec.kind)},
                                                {QStringLiteral("ok"), ok},
                                                {QStringLiteral("steps"), list}})
                         .toJson(QJsonDocument::Indented));
            if (!ok)
                return c->failAs(failed->code, failed->message);
        }
        c->finish(ok ? Cli::Success : Cli::Failure);
    });
}

class Doctor final : public Command
{
public:
    Doctor()
    {
        name = QStringLiteral("doctor");
        summary = Tr::tr("check the store, or with NAME each step from the credential to an AEM read");
        arguments = {
            {QStringLiteral("NAME"), Tr::tr("a credential: check its whole chain instead of the store"), true}};
        options = {
            {QStringLiteral("--repair"),
             {},
             Tr::tr("finish interrupted changes, delete orphaned tokens and put found credentials back on the list")},
            {QStringLiteral("--delete-orphans"),
             {},
             Tr::tr("with --repair: also delete keychain items that cannot be restored")},
            {QStringLiteral("--json"), {}, Tr::tr("print the findings and actions as JSON")}};
        options += fromOptions(true);
    }

    QString argumentsError() const override
    {
        return Tr::tr("doctor takes at most one NAME, and --repair, --delete-orphans and --json");
    }

    void run(Cli& cli, const Args& a) const override
    {
        if (a.has(QStringLiteral("--delete-orphans")) && !a.has(QStringLiteral("--repair")))
            return cli.usage(*this, Tr::tr("--delete-orphans goes with --repair"));
        const bool json = a.has(QStringLiteral("--json"));
        if (!a.positional.isEmpty()) {
            if (a.has(QStringLiteral("--repair")))
                return cli.usage(*this, Tr::tr("--repair checks the store: it takes no NAME"));
            return diagnose(cli, a.positional.first(), json);
        }
        // The doctor works on a store whatever state its files are in: not loaded first.
        auto* doctor = new StoreDoctor(cli.store(), &cli);
        if (a.has(QStringLiteral("--repair"))) {
            StoreDoctor::RepairOptions o;
            o.deleteUnrecoverable = a.has(QStringLiteral("--delete-orphans"));
            doctor->repair(o, [c = &cli, json](const QStringList& actions, const DoctorReport& r) {
                report(*c, json, actions, r);
            });
        } else {
            doctor->check([c = &cli, json](const DoctorReport& r) { report(*c, json, {}, r); });
        }
    }
};
} // namespace

std::unique_ptr<Command> makeDoctorCommand()
{
    return std::make_unique<Doctor>();
}

} // namespace aem::cli
