// SPDX-License-Identifier: Apache-2.0
#include "command.h"

#include "commands/commands.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

constexpr int kColumn = 21; // where descriptions start in help

QString optionUsage(const OptionSpec& o)
{
    return o.isFlag() ? o.name : o.name + QLatin1Char(' ') + o.valueName;
}

QString bracketed(const OptionSpec& o)
{
    return QLatin1Char('[') + optionUsage(o) + QLatin1Char(']') + (o.repeatable ? QStringLiteral("...") : QString());
}

// "  term              description", the description on a line of its own when the term is long.
QString helpRow(const QString& term, const QString& description)
{
    const QString left = QStringLiteral("  ") + term;
    if (left.size() < kColumn - 1)
        return left.leftJustified(kColumn) + description + QLatin1Char('\n');
    return left + QLatin1Char('\n') + QString(kColumn, QLatin1Char(' ')) + description + QLatin1Char('\n');
}
} // namespace

Args parseArgs(const QStringList& in, const QList<OptionSpec>& options)
{
    QSet<QString> valued, flags;
    for (const OptionSpec& o : options)
        (o.isFlag() ? flags : valued) << o.name;
    Args a;
    for (qsizetype i = 0; i < in.size(); ++i) {
        QString arg = in[i];
        if (arg == QLatin1String("-") || !arg.startsWith(QLatin1Char('-'))) {
            a.positional << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            a.afterDashDash = a.positional.size();
            a.positional << in.mid(i + 1);
            break;
        }
        QString value;
        bool hasInline = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            value = arg.section(QLatin1Char('='), 1);
            arg = arg.section(QLatin1Char('='), 0, 0);
            hasInline = true;
        }
        if (valued.contains(arg)) {
            if (!hasInline) {
                if (i + 1 >= in.size()) {
                    a.error = Tr::tr("%1 needs a value").arg(arg);
                    return a;
                }
                value = in[++i];
            }
            a.values[arg] << value;
        } else if (flags.contains(arg) && !hasInline) {
            a.flags << arg;
        } else if (flags.contains(arg)) {
            a.error = Tr::tr("%1 takes no value").arg(arg);
            return a;
        } else {
            const QString near =
                nearest(arg, QStringList(valued.cbegin(), valued.cend()) + QStringList(flags.cbegin(), flags.cend()));
            a.error = near.isEmpty() ? Tr::tr("unknown option %1").arg(arg)
                                     : Tr::tr("unknown option %1; did you mean %2?").arg(arg, near);
            return a;
        }
    }
    return a;
}

namespace {
// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// neighbours cost one each.
int editDistance(const QString& a, const QString& b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(size_t(n + 1), std::vector<int>(size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({d[size_t(i - 1)][size_t(j)] + 1, d[size_t(i)][size_t(j - 1)] + 1,
                              d[size_t(i - 1)][size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, d[size_t(i - 2)][size_t(j - 2)] + 1);
            d[size_t(i)][size_t(j)] = v;
        }
    }
    return d[size_t(n)][size_t(m)];
}
} // namespace

QString nearest(const QString& word, const QStringList& candidates)
{
    // Words of thousands of characters are not typos worth a quadratic table.
    if (word.isEmpty() || word.size() > 64)
        return {};
    QStringList prefixed;
    for (const QString& c : candidates)
        if (c.startsWith(word) && word.size() >= 2 + (word.startsWith(QLatin1String("--")) ? 2 : 0))
            prefixed << c;
    if (prefixed.size() == 1)
        return prefixed.first();
    QString best;
    int bestDistance = 0;
    for (const QString& c : candidates) {
        const int d = editDistance(word, c);
        const int allowed = std::max<int>(1, int(c.size()) / 3);
        if (d <= allowed && (best.isEmpty() || d < bestDistance)) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

QString Command::synopsis() const
{
    QStringList parts {name};
    const qsizetype trailing = trailingFrom < 0 ? arguments.size() : trailingFrom;
    auto argument = [](const ArgumentSpec& a) {
        return a.optional ? QLatin1Char('[') + a.name + QLatin1Char(']') : a.name;
    };
    for (qsizetype i = 0; i < trailing; ++i)
        parts << argument(arguments[i]);
    for (const OptionSpec& o : options)
        parts << bracketed(o);
    if (trailing < arguments.size())
        parts << QStringLiteral("--");
    for (qsizetype i = trailing; i < arguments.size(); ++i)
        parts << argument(arguments[i]);
    return parts.join(QLatin1Char(' '));
}

QString Command::helpText() const
{
    QString text = Tr::tr("Usage: %1").arg(QStringLiteral("aemtoken ") + synopsis()) + QLatin1Char('\n') + summary
        + QLatin1Char('\n');
    if (!arguments.isEmpty()) {
        text += QLatin1Char('\n') + Tr::tr("Arguments:") + QLatin1Char('\n');
        for (const ArgumentSpec& a : arguments)
            text += helpRow(a.name, a.description);
    }
    if (!options.isEmpty()) {
        text += QLatin1Char('\n') + Tr::tr("Options:") + QLatin1Char('\n');
        for (const OptionSpec& o : options)
            text += helpRow(optionUsage(o), o.description);
    }
    if (!notes.isEmpty())
        text += QLatin1Char('\n') + notes + QLatin1Char('\n');
    return text;
}

int Command::minArguments() const
{
    int n = 0;
    for (const ArgumentSpec& a : arguments)
        n += a.optional ? 0 : 1;
    return n;
}

int Command::maxArguments() const
{
    return trailingFrom >= 0 ? std::numeric_limits<int>::max() : int(arguments.size());
}

QList<OptionSpec> fromOptions(bool hosts)
{
    QList<OptionSpec> o {{QStringLiteral("--from"), QStringLiteral("FILE|-"),
                          Tr::tr("use the credential in FILE (or stdin) for this "
                                 "call only, storing nothing; also AEMTOKEN_FROM")}};
    if (hosts)
        for (const QString& tier : {QStringLiteral("author"), QStringLiteral("publish"), QStringLiteral("preview")})
            o << OptionSpec {QStringLiteral("--") + tier, QStringLiteral("URL"),
                             Tr::tr("with --from: the %1 URL when the file does not "
                                    "name it")
                                 .arg(tier)};
    return o;
}

const QList<const Command*>& commands()
{
    // Made on first use: after main() installed the translations their texts use.
    static const std::vector<std::unique_ptr<Command>> owned = [] {
        std::vector<std::unique_ptr<Command>> v;
        for (auto make : {makeImportCommand, makeAddLocalCommand, makeListCommand, makeTokenCommand, makeExecCommand,
                          makeCheckCommand, makeDecodeCommand, makeRequestCommand, makeRunCommand, makeSetCommand,
                          makeValidateCommand, makeRevokeCommand, makeRemoveCommand, makeUseCommand, makeDoctorCommand,
                          makeSandboxCommand})
            v.push_back(make());
        return v;
    }();
    static const QList<const Command*> all = [] {
        QList<const Command*> l;
        for (const auto& c : owned)
            l << c.get();
        return l;
    }();
    return all;
}

const Command* findCommand(const QString& name)
{
    for (const Command* c : commands())
        if (c->name == name)
            return c;
    return nullptr;
}

const QList<GlobalOption>& globalOptions()
{
    static const QList<GlobalOption> all {
        {{QStringLiteral("--ca-file"), QStringLiteral("PEM"),
          Tr::tr("trust this CA file too (also AEMTOKEN_CA_FILE); TLS is always verified")},
         true},
        {{QStringLiteral("--timeout"), QStringLiteral("SECONDS"),
          Tr::tr("network timeout: per IMS attempt, and for AEM the longest silence while waiting for or receiving an "
                 "answer (default 30)")},
         true},
        {{QStringLiteral("--max-time"), QStringLiteral("SECONDS"),
          Tr::tr("the longest the command's network work may take in all")},
         false},
        {{QStringLiteral("--verbose"), {}, Tr::tr("also show Qt's own diagnostics (also AEMTOKEN_DEBUG=1)")}, false},
        {{QStringLiteral("--version"), {}, Tr::tr("print the version")}, false},
        {{QStringLiteral("--help"),
          {},
          Tr::tr("this help; aemtoken help COMMAND or aemtoken COMMAND --help for one command")},
         false},
    };
    return all;
}

QList<OptionSpec> settingOptions()
{
    QList<OptionSpec> l;
    for (const GlobalOption& g : globalOptions())
        if (g.spec.name != QLatin1String("--help") && g.spec.name != QLatin1String("--version"))
            l << g.spec;
    return l;
}

QString globalHelpText()
{
    QStringList synopsis {QStringLiteral("aemtoken")};
    for (const GlobalOption& g : globalOptions())
        if (g.inSynopsis)
            synopsis << bracketed(g.spec);
    synopsis << QStringLiteral("COMMAND ...");
    QString text = Tr::tr("Usage: %1").arg(synopsis.join(QLatin1Char(' '))) + QStringLiteral("\n\n")
        + Tr::tr("Keeps AEM as a Cloud Service credentials in the OS keychain and prints access tokens.")
        + QStringLiteral("\n\n") + Tr::tr("Commands:") + QLatin1Char('\n');
    for (const Command* c : commands())
        text += helpRow(c->synopsis(), c->summary);
    text += QLatin1Char('\n') + Tr::tr("Options (before or after the command):") + QLatin1Char('\n');
    for (const GlobalOption& g : globalOptions())
        text += helpRow(optionUsage(g.spec), g.spec.description);
    text += QLatin1Char('\n')
        + Tr::tr("Exit status: 0 success, 1 failure (reason on stderr), 2 usage.\n"
                 "Messages follow the locale (LANGUAGE, LC_ALL, LANG; LC_ALL=C gives English whatever LANGUAGE "
                 "says);\ntokens and --json output never change.\n"
                 "Environment: AEMTOKEN_CA_FILE (as --ca-file), AEMTOKEN_DEBUG=1 (as --verbose), https_proxy and\n"
                 "no_proxy (the proxy; http://USER:PASSWORD@HOST:PORT for one that wants a sign-in),\n"
                 "AEMTOKEN_FROM=FILE (as --from FILE), AEMTOKEN_CREDENTIAL (the default credential, as use NAME).\n"
                 "\n"
                 "Revoking credentials (not only a token), for example after a leak: in the environment's AEM\n"
                 "Developer Console, Integrations > Technical Accounts, add a new certificate, import the new JSON,\n"
                 "then revoke the old private key; or ask Adobe support.\n"
                 "No secret is ever accepted as an argument; files follow the XDG base directories.\n");
    return text;
}

namespace {
QJsonObject optionJson(const OptionSpec& o)
{
    return QJsonObject {{QStringLiteral("name"), o.name},
                        {QStringLiteral("value"), o.isFlag() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.valueName)},
                        {QStringLiteral("repeatable"), o.repeatable},
                        {QStringLiteral("description"), o.description}};
}
} // namespace

QByteArray commandsJson()
{
    QJsonArray global;
    for (const GlobalOption& g : globalOptions()) {
        QJsonObject o = optionJson(g.spec);
        o.insert(QStringLiteral("synopsis"), g.inSynopsis);
        global.append(o);
    }
    QJsonArray list;
    for (const Command* c : commands()) {
        QJsonArray args, opts;
        for (const ArgumentSpec& a : c->arguments)
            args.append(QJsonObject {{QStringLiteral("name"), a.name},
                                     {QStringLiteral("optional"), a.optional},
                                     {QStringLiteral("description"), a.description}});
        for (const OptionSpec& o : c->options)
            opts.append(optionJson(o));
        list.append(QJsonObject {{QStringLiteral("name"), c->name},
                                 {QStringLiteral("summary"), c->summary},
                                 {QStringLiteral("synopsis"), c->synopsis()},
                                 {QStringLiteral("arguments"), args},
                                 {QStringLiteral("options"), opts}});
    }
    return QJsonDocument(QJsonObject {{QStringLiteral("global_options"), global}, {QStringLiteral("commands"), list}})
        .toJson(QJsonDocument::Indented);
}

} // namespace aem::cli
