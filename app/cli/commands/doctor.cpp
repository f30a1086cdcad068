// SPDX-License-Identifier: Apache-2.0
// aemtoken doctor [--repair [--delete-orphans]] [--json]
#include "commands.h"

#include "cli.h"
#include "format.h"
#include "storedoctor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

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

class Doctor final : public Command
{
public:
    Doctor()
    {
        name = QStringLiteral("doctor");
        summary =
            Tr::tr("check that every credential reaches its secrets and every keychain item belongs to a credential");
        options = {
            {QStringLiteral("--repair"),
             {},
             Tr::tr("finish interrupted changes, delete orphaned tokens and put found credentials back on the list")},
            {QStringLiteral("--delete-orphans"),
             {},
             Tr::tr("with --repair: also delete keychain items that cannot be restored")},
            {QStringLiteral("--json"), {}, Tr::tr("print the findings and actions as JSON")}};
    }

    QString argumentsError() const override
    {
        return Tr::tr("doctor takes only --repair, --delete-orphans and --json");
    }

    void run(Cli& cli, const Args& a) const override
    {
        if (a.has(QStringLiteral("--delete-orphans")) && !a.has(QStringLiteral("--repair")))
            return cli.usage(*this, Tr::tr("--delete-orphans goes with --repair"));
        // The doctor works on a store whatever state its files are in: not loaded first.
        const bool json = a.has(QStringLiteral("--json"));
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
