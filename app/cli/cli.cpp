// SPDX-License-Identifier: Apache-2.0
#include "cli.h"

#include "command.h"
#include "credentialstore.h"
#include "format.h"
#include "jsonout.h"
#include "output.h"
#include "quietlog.h"
#include "secretstore.h"
#include "services.h"
#include "tokenadmin.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include "clock.h"
#include "filecredentialsource.h"
#include "processhygiene.h"

#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>

namespace aem {

using cli::errLine;

Cli::Cli(QStringList args, QObject* parent) : QObject(parent), m_args(std::move(args)), m_stdout(new Output(this))
{
    m_stdout->openStandardOutput();
    cli::setStandardOutput(m_stdout);
}

Cli::~Cli()
{
    if (cli::standardOutput() == m_stdout)
        cli::setStandardOutput(nullptr);
}

void Cli::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    // A result that did not reach its reader is a failure, whatever the command.
    if (!m_stdout->flush()) {
        if (!m_stdoutErrorShown)
            errLine(m_stdout->errorString());
        m_stdoutErrorShown = true;
        if (code == Success)
            code = Failure;
    }
    if (std::fflush(stdout) != 0 && code == Success)
        code = Failure;
    m_exit = code;
    Q_EMIT done(code);
}

void Cli::fail(const QString& message, int code)
{
    failAs(QStringLiteral("failed"), message, QJsonValue::Null, code);
}

void Cli::failAs(const QString& errorCode, const QString& message, const QJsonValue& ims, int code)
{
    if (m_finished)
        return;
    errLine(message);
    // stdout holds one JSON document or nothing: no error object after the command's output.
    if (m_json && !m_stdout->wroteAnything())
        cli::writeOut(cli::errorJson(errorCode, message, ims));
    finish(code);
}

void Cli::failWithCause(const QString& message, const std::optional<ImsError>& ims, FailureCause cause,
                        const QString& fallbackCode)
{
    if (ims && ims->kind != ImsError::None)
        return failAs(cli::imsErrorCode(*ims), message, cli::imsErrorJson(ims));
    // The cause as it was where the failure happened: never the keychain probed afterwards.
    failAs(cli::failureCode(cause, fallbackCode), message);
}

void Cli::failToken(const TokenResult& t)
{
    failWithCause(t.error, t.imsError, t.cancelled ? FailureCause::Cancelled : t.cause,
                  QStringLiteral("token_unavailable"));
}

void Cli::setJson(bool json)
{
    if (json != m_json)
        cli::useEnglishMessages(json);
    m_json = json;
}

void Cli::globalUsage(const QString& message)
{
    errLine(message);
    if (m_json)
        cli::writeOut(cli::errorJson(QStringLiteral("usage"), message));
    std::fputs(tr("Try '%1'.").arg(QStringLiteral("aemtoken --help")).toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
    finish(Usage);
}

void Cli::usage(const cli::Command& command, const QString& message)
{
    errLine(message);
    if (m_json)
        cli::writeOut(cli::errorJson(QStringLiteral("usage"), message));
    std::fputs(tr("Try '%1'.")
                   .arg(QStringLiteral("aemtoken ") + command.name + QStringLiteral(" --help"))
                   .toUtf8()
                   .constData(),
               stderr);
    std::fputc('\n', stderr);
    finish(Usage);
}

Services& Cli::services()
{
    if (!m_services) {
        Services::Options o;
        o.retry.timeoutMs = m_timeoutMs;
        o.maxTimeMs = m_maxTimeMs;
        if (!m_caFile.isEmpty())
            o.caFiles << m_caFile;
        o.proxy = ProxyConfig {}; // the system's: https_proxy and the desktop's settings
        o.source = m_fileSource.get(); // --from: the file's credential, else the store
        m_services = std::make_unique<Services>(std::move(o));
    }
    return *m_services;
}

CredentialStore& Cli::store()
{
    return services().store();
}

std::optional<CredentialRecord> Cli::credential(const QString& given)
{
    if (given.isEmpty() && m_fileSource)
        return m_fileSource->record();
    QString name = given;
    if (name.isEmpty()) {
        name = defaultCredential();
        if (name.isEmpty()) {
            const QString why =
                tr("which credential? Give NAME, --from FILE, or set a default with: aemtoken use NAME");
            if (m_command)
                usage(*m_command, why);
            else
                failAs(QStringLiteral("usage"), why, {}, Usage);
            return std::nullopt;
        }
    }
    CredentialStore* store = loadedStore();
    if (!store)
        return std::nullopt;
    auto rec = store->find(name);
    if (!rec)
        failAs(QStringLiteral("credential_not_found"), tr("no credential named \"%1\"").arg(name));
    return rec;
}

QString Cli::defaultCredentialFile()
{
    return store().location().dataDir + QStringLiteral("/default-credential");
}

QString Cli::defaultCredential(QString* origin)
{
    const QString env = qEnvironmentVariable("AEMTOKEN_CREDENTIAL").trimmed();
    if (!env.isEmpty()) {
        if (origin)
            *origin = QStringLiteral("AEMTOKEN_CREDENTIAL");
        return env;
    }
    QFile f(defaultCredentialFile());
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4096)
        return {};
    if (origin)
        *origin = f.fileName();
    // "id:ID\nNAME\n" (the credential by its id, so a rename keeps it the default; the name for
    // when it is gone), or one line with a name as older versions wrote it.
    const QStringList lines = QString::fromUtf8(f.read(4096)).split(QLatin1Char('\n'));
    const QString first = lines.value(0).trimmed();
    if (!first.startsWith(QLatin1String("id:")))
        return first;
    const QString id = first.mid(3);
    if (store().load())
        for (const CredentialRecord& r : store().records())
            if (r.id == id)
                return r.name;
    return lines.value(1).trimmed();
}

QByteArray Cli::defaultCredentialContent(const CredentialRecord& r)
{
    return "id:" + r.id.toUtf8() + '\n' + r.name.toUtf8() + '\n';
}

bool Cli::readFromFile(const cli::Args& a, const QString& path)
{
    QString error;
    auto data = cli::readInput(path, kMaxCredentialFileSize, &error);
    if (!data) {
        failAs(QStringLiteral("credential_unreadable"), error);
        return false;
    }
    QStringList warnings;
    if (path != QLatin1String("-")) {
        const QFileInfo info(path);
        if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
            warnings << tr("%1 is readable by other users; make it readable by you only: chmod 600 %1").arg(path);
    }
    FileCredentialSource::Hosts hosts;
    for (const auto& [opt, target] : {std::pair {QStringLiteral("--author"), &hosts.author},
                                      std::pair {QStringLiteral("--publish"), &hosts.publish},
                                      std::pair {QStringLiteral("--preview"), &hosts.preview}}) {
        if (!a.has(opt))
            continue;
        const QUrl url(a.value(opt));
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty()) {
            failAs(QStringLiteral("usage"), tr("%1 takes an https:// URL").arg(opt), {}, Usage);
            return false;
        }
        *target = url;
    }
    // Moved, not copied: a copy would make the wipe below a no-op on the buffer that holds the key.
    QByteArray json = std::move(*data);
    m_fileSource = FileCredentialSource::fromJson(json, path == QLatin1String("-") ? QStringLiteral("stdin") : path,
                                                  hosts, SystemClock::instance(), 10 * 60 * 1000, &error, &warnings);
    wipeSecret(json);
    for (const QString& w : std::as_const(warnings))
        errLine(w);
    if (!m_fileSource) {
        failAs(QStringLiteral("credential_invalid"), error);
        return false;
    }
    if (m_verbose) {
        const QString why = m_fileSource->cacheUnavailableReason();
        if (!why.isEmpty())
            errLine(tr("tokens are not cached between calls: %1").arg(why));
    }
    return true;
}

CredentialStore* Cli::loadedStore()
{
    QString error;
    if (!store().load(&error)) {
        failAs(QStringLiteral("store_unreadable"), error);
        return nullptr;
    }
    return &store();
}

QNetworkAccessManager& Cli::nam()
{
    return services().nam();
}

void Cli::prepareTls()
{
    if (m_tlsReady || m_caFile.isEmpty())
        return;
    m_tlsReady = true;
    QString error;
    if (!services().trustCaFiles(&error))
        errLine(error); // connections then fail with an explained TLS error
}

TokenService& Cli::tokens()
{
    TokenService& t = services().tokenService();
    if (!m_tokensWired) {
        m_tokensWired = true;
        connect(&t, &TokenService::minting, this, &Cli::prepareTls);
        connect(&t, &TokenService::retrying, this, [](const QString&, int attempt, int delayMs, const QString& reason) {
            errLine(tr("%1; retrying (attempt %2) in %3 s").arg(reason).arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1));
        });
    }
    return t;
}

TokenAdmin& Cli::admin()
{
    tokens();
    TokenAdmin& a = services().admin();
    prepareTls();
    return a;
}

QString Cli::applySetting(const QString& key, const QString& value)
{
    if (key == QLatin1String("--verbose")) {
        m_verbose = true;
        setVerboseMessages(true);
    } else if (key == QLatin1String("--ca-file")) {
        m_caFile = value;
    } else {
        // Positive, finite, at least a millisecond and at most a day: "nan" would never
        // expire and 0.0001 would round to 0, which means "no timeout".
        bool ok = false;
        const double secs = value.toDouble(&ok);
        if (!ok || !std::isfinite(secs) || secs < 0.001 || secs > 86400)
            return tr("%1 takes seconds, from 0.001 to 86400").arg(key);
        (key == QLatin1String("--timeout") ? m_timeoutMs : m_maxTimeMs) = int(std::llround(secs * 1000));
    }
    return {};
}

void Cli::start()
{
    QStringList args = m_args;
    // --json anywhere (before "--") asks for machine output, usage errors included; the command's
    // own options decide once they are parsed (runCommand).
    setJson(args.mid(0, args.indexOf(QStringLiteral("--"))).contains(QStringLiteral("--json")));
    // A reader that went away is a write error (EPIPE) to report, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    // Options before the command: --help, --version and the settings (which may also follow it).
    QList<cli::OptionSpec> before = cli::settingOptions();
    QStringList globalNames;
    for (const cli::GlobalOption& g : cli::globalOptions())
        globalNames << g.spec.name;
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-')) && args.first() != QLatin1String("-")) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            cli::writeOut(cli::globalHelpText().toUtf8());
            return finish(Success);
        }
        if (a == QLatin1String("--version")) {
            cli::outLine(QStringLiteral("aemtoken " AEMTOKEN_VERSION));
            return finish(Success);
        }
        if (a == QLatin1String("--"))
            break;
        const QString key = a.section(QLatin1Char('='), 0, 0);
        const auto spec =
            std::find_if(before.cbegin(), before.cend(), [&](const cli::OptionSpec& o) { return o.name == key; });
        if (spec == before.cend()) {
            // An option of a command, put before it, is named as such.
            QString owner;
            for (const cli::Command* c : cli::commands())
                for (const cli::OptionSpec& o : c->options)
                    if (o.name == key && owner.isEmpty())
                        owner = c->name;
            const QString near = cli::nearest(key, globalNames);
            return globalUsage(
                !owner.isEmpty() ? tr("%1 is an option of a command and goes after it (aemtoken %2 %1)").arg(key, owner)
                    : near.isEmpty() ? tr("unknown option %1").arg(key)
                                     : tr("unknown option %1; did you mean %2?").arg(key, near));
        }
        QString value = a.contains(QLatin1Char('=')) ? a.section(QLatin1Char('='), 1) : QString();
        if (spec->isFlag() && a.contains(QLatin1Char('=')))
            return globalUsage(tr("%1 takes no value").arg(key));
        if (!spec->isFlag() && !a.contains(QLatin1Char('='))) {
            if (args.isEmpty())
                return globalUsage(tr("%1 needs a value").arg(key));
            value = args.takeFirst();
        }
        const QString error = applySetting(key, value);
        if (!error.isEmpty())
            return globalUsage(error);
    }
    if (args.isEmpty())
        return globalUsage(tr("which command? %1 lists them").arg(QStringLiteral("aemtoken help")));
    const QString name = args.takeFirst();
    QStringList names;
    for (const cli::Command* c : cli::commands())
        names << c->name;
    if (name == QLatin1String("help")) {
        // `aemtoken help COMMAND`: that command's help, as `aemtoken COMMAND --help` prints it.
        if (args.isEmpty()) {
            cli::writeOut(cli::globalHelpText().toUtf8());
            return finish(Success);
        }
        const cli::Command* c = cli::findCommand(args.first());
        if (!c)
            return globalUsage(unknownCommand(args.first(), names));
        if (args.size() > 1)
            return globalUsage(tr("help takes one COMMAND"));
        cli::writeOut(c->helpText().toUtf8());
        return finish(Success);
    }
    // Hidden: the command table for scripts, the completion and the documentation checks.
    if (name == QLatin1String("__commands")) {
        if (args == QStringList {QStringLiteral("--json")}) {
            cli::writeOut(cli::commandsJson());
        } else {
            for (const cli::Command* c : cli::commands())
                cli::outLine(c->name);
        }
        return finish(Success);
    }
    // Hidden: the stored credentials' names, one a line, for the shell completions. Reads the
    // metadata file only: never the keychain, never the network.
    if (name == QLatin1String("__complete-names")) {
        QString error;
        if (store().load(&error))
            for (const CredentialRecord& r : store().records())
                cli::outLine(r.name);
        return finish(Success);
    }
    const cli::Command* command = cli::findCommand(name);
    if (!command)
        return globalUsage(unknownCommand(name, names));
    runCommand(*command, args);
}

QString Cli::unknownCommand(const QString& name, const QStringList& names)
{
    const QString near = cli::nearest(name, names);
    return near.isEmpty() ? tr("unknown command \"%1\"").arg(name)
                          : tr("unknown command \"%1\"; did you mean \"%2\"?").arg(name, near);
}

void Cli::runCommand(const cli::Command& command, const QStringList& args)
{
    static const cli::OptionSpec help {QStringLiteral("--help"), {}, {}};
    static const cli::OptionSpec shortHelp {QStringLiteral("-h"), {}, {}};
    const QList<cli::OptionSpec> settings = cli::settingOptions();
    const cli::Args a = cli::parseArgs(args, command.options + settings + QList<cli::OptionSpec> {help, shortHelp});
    if (a.error.isEmpty() && (a.has(QStringLiteral("--help")) || a.has(QStringLiteral("-h")))) {
        cli::writeOut(command.helpText().toUtf8());
        return finish(Success);
    }
    // Only a command's own --json counts (not "-d --json", the value of another option).
    if (a.error.isEmpty())
        setJson(a.has(QStringLiteral("--json")));
    if (!a.error.isEmpty())
        return usage(command, a.error);
    // The settings, after the command as before it.
    for (const cli::OptionSpec& o : settings) {
        if (!a.has(o.name))
            continue;
        const QString error = applySetting(o.name, a.value(o.name));
        if (!error.isEmpty())
            return usage(command, error);
    }
    // NAME left out: --from FILE, AEMTOKEN_FROM or the default credential stand for it (an empty
    // NAME first; the words after "--" then begin one later: exec --from FILE -- COMMAND).
    cli::Args given = a;
    auto nameLeftOut = [&given] {
        given.positional.prepend(QString());
        if (given.afterDashDash >= 0)
            ++given.afterDashDash;
    };
    // (Never for remove: what it deletes is named.)
    const bool takesName = !command.arguments.isEmpty() && command.arguments.first().name == QLatin1String("NAME")
        && command.name != QLatin1String("remove");
    const bool takesFrom = std::any_of(command.options.cbegin(), command.options.cend(),
                                       [](const cli::OptionSpec& o) { return o.name == QLatin1String("--from"); });
    const QString fromEnv = qEnvironmentVariable("AEMTOKEN_FROM");
    // A NAME that may be left out anyway (doctor's): only an explicit --from stands for it.
    const bool optionalName = takesName && command.arguments.first().optional;
    if (optionalName && given.positional.isEmpty() && a.has(QStringLiteral("--from"))) {
        if (!readFromFile(a, a.value(QStringLiteral("--from"))))
            return;
        nameLeftOut();
    } else if (!optionalName && takesName && given.positional.size() == command.minArguments() - 1) {
        if (takesFrom && (a.has(QStringLiteral("--from")) || !fromEnv.isEmpty()))
            if (!readFromFile(a, a.has(QStringLiteral("--from")) ? a.value(QStringLiteral("--from")) : fromEnv))
                return;
        nameLeftOut();
    } else if (takesName && a.has(QStringLiteral("--from"))) {
        return usage(command, tr("give NAME or --from FILE, not both"));
    } else if (!takesName && takesFrom && !a.has(QStringLiteral("--target"))
               && (a.has(QStringLiteral("--from")) || !fromEnv.isEmpty())) {
        // A command that names its credential with --target NAME (run): --from stands for it.
        if (!readFromFile(a, a.has(QStringLiteral("--from")) ? a.value(QStringLiteral("--from")) : fromEnv))
            return;
    } else if (!takesName && a.has(QStringLiteral("--target")) && a.has(QStringLiteral("--from"))) {
        return usage(command, tr("give --target NAME or --from FILE, not both"));
    }
    for (const QString& opt : {QStringLiteral("--author"), QStringLiteral("--publish"), QStringLiteral("--preview")})
        if (takesFrom && a.has(opt) && !m_fileSource)
            return usage(command,
                         tr("%1 goes with --from FILE (for a stored credential: aemtoken set NAME %1 URL)").arg(opt));
    if (given.positional.size() < command.minArguments() || given.positional.size() > command.maxArguments())
        return usage(command, command.argumentsError());
    if (m_maxTimeMs > 0) {
        // Like curl's --max-time: whatever is still under way then is abandoned.
        auto* deadline = new QTimer(this);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this] {
            failAs(QStringLiteral("max_time_exceeded"),
                   tr("gave up after %1 s (--max-time)").arg(m_maxTimeMs / 1000.0));
        });
        deadline->start(m_maxTimeMs);
    }
    if (m_caFile.isEmpty())
        m_caFile = qEnvironmentVariable("AEMTOKEN_CA_FILE");
    // The CA file is parsed only when a connection is due (that loads the TLS backend); a
    // cached token needs none. Its absence is reported at once.
    if (!m_caFile.isEmpty() && command.name != QLatin1String("sandbox") && !QFileInfo(m_caFile).isReadable())
        return failAs(QStringLiteral("ca_file_unreadable"), tr("cannot read the CA file %1").arg(m_caFile));
    m_command = &command;
    command.run(*this, given);
}

} // namespace aem
