// SPDX-License-Identifier: Apache-2.0
#pragma once

// One `aemtoken` command: its name, one-line summary, positional arguments and options — the
// table that parsing, `--help`, usage errors and the hidden `__commands --json` listing (which
// the man page, the bash completion and README are checked against) are all made from — and
// the entry point that runs it. Each command lives in a file of its own under commands/.

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace aem {

class Cli;

namespace cli {

struct OptionSpec
{
    QString name; // "--json", "-X"
    QString valueName; // "METHOD"; empty for a flag
    QString description; // one line, translated
    bool repeatable = false;
    bool isFlag() const { return valueName.isEmpty(); }
};

struct ArgumentSpec
{
    QString name; // "NAME", "FILE|-"
    QString description; // one line, translated
    bool optional = false;
};

// What a command line held, parsed against a command's options.
struct Args
{
    QStringList positional;
    QHash<QString, QStringList> values;
    QSet<QString> flags;
    QString error;
    qsizetype afterDashDash = -1; // where in `positional` the words after "--" begin; -1: no "--"

    QString value(const QString& k) const { return values.value(k).value(0); }
    bool has(const QString& k) const { return flags.contains(k) || values.contains(k); }
};

// Values for options that take one, flags for the rest, positionals in order; "--" ends options.
// An unknown option's error names the nearest known one.
Args parseArgs(const QStringList& in, const QList<OptionSpec>& options);

// The candidate nearest to `word` (a prefix of one candidate only, or within a small edit
// distance, transpositions counting once), or an empty string when none is close.
QString nearest(const QString& word, const QStringList& candidates);

class Command
{
public:
    virtual ~Command() = default;

    QString name;
    QString summary; // one line, translated
    QList<ArgumentSpec> arguments;
    QList<OptionSpec> options;
    QString notes; // after the options in its help (exit statuses, defaults); may be empty
    // From this argument on, the arguments come after "--" and any number of them may follow
    // (exec's COMMAND [ARGS...]); -1 for none. The synopsis puts the options before the "--".
    int trailingFrom = -1;

    // The usage error for a wrong count of positional arguments ("token takes one NAME").
    virtual QString argumentsError() const = 0;
    // Runs with arguments already parsed and counted; ends with cli.finish() exactly once.
    virtual void run(Cli& cli, const Args& args) const = 0;

    // "token NAME [--fresh] [--json]"
    QString synopsis() const;
    // The help of `aemtoken CMD --help` and of its usage errors.
    QString helpText() const;
    int minArguments() const;
    int maxArguments() const;
};

// The commands in the order help lists them.
// --from FILE|- (the credential read for this call, stored nowhere) and, with `hosts`, the
// --author/--publish/--preview URLs that go with it: for the commands that take a NAME.
QList<OptionSpec> fromOptions(bool hosts);

const QList<const Command*>& commands();
const Command* findCommand(const QString& name);

// The options that come before the command.
struct GlobalOption
{
    OptionSpec spec;
    bool inSynopsis = false; // shown in the one-line synopsis too
};
const QList<GlobalOption>& globalOptions();
// The options that set something for any command (--ca-file, --timeout, --max-time, --verbose):
// accepted before or after the command name.
QList<OptionSpec> settingOptions();

// `aemtoken --help`.
QString globalHelpText();
// `aemtoken __commands --json`: the table for scripts and the documentation checks.
QByteArray commandsJson();

} // namespace cli
} // namespace aem
