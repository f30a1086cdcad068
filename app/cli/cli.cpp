#include "cli.h"

#include "aemrequest.h"
#include "clock.h"
#include "credentialstore.h"
#include "jwt.h"
#include "network.h"
#include "output.h"
#include "quietlog.h"
#include "httpsyntax.h"
#include "sandbox.h"
#include "storedoctor.h"
#include "secretstore.h"
#include "tokenadmin.h"
#include "tokenprovider.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>

#include <cmath>
#include <csignal>
#include <cstdio>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// Option names, commands and placeholders stay as they are in a translation.
QString usageText()
{
    return Tr::tr(
        "Usage: aemtoken [--ca-file PEM] [--timeout SECONDS] COMMAND ...\n"
        "\n"
        "Keeps AEM as a Cloud Service credentials in the OS keychain and prints access tokens.\n"
        "\n"
        "Commands:\n"
        "  import FILE|- [--name NAME] [--author URL] [--publish URL] [--preview URL]\n"
        "                     store service credentials, OAuth Server-to-Server credentials or a\n"
        "                     local development token; prints the name\n"
        "  list [--json]      stored credentials, their environments and expiries\n"
        "  token NAME [--fresh] [--json]\n"
        "                     a valid access token on stdout (cached while >= 10 min remain)\n"
        "  check FILE|NAME [--json]\n"
        "                     offline validation; exit 1 with one line per problem\n"
        "  decode [TOKEN|-|NAME] [--json]\n"
        "                     claims, creation and expiry of a token (stdin when omitted)\n"
        "  request NAME [-X METHOD] URL|/PATH [-H 'K: V']... [-d DATA|@FILE] [-i] [-o FILE] [--allow-host HOST]\n"
        "                     call AEM with the credential's token; /PATH uses its author URL\n"
        "  set NAME [--author URL] [--publish URL] [--preview URL]\n"
        "                     change the hosts a credential's token may be sent to (\"\" clears one)\n"
        "  validate NAME [--json]\n"
        "                     ask IMS whether the credential's current token is valid\n"
        "  revoke NAME        revoke the cached token at IMS and forget it\n"
        "  remove NAME        delete a credential and its keychain entries\n"
        "  doctor [--repair [--delete-orphans]] [--json]\n"
        "                     check that every credential reaches its secrets and every keychain item\n"
        "                     belongs to a credential; --repair finishes interrupted changes, deletes\n"
        "                     orphaned tokens and puts found credentials back on the list\n"
        "  sandbox [--port N] [--dir DIR]\n"
        "                     run the local IMS + AEM emulator in the foreground\n"
        "\n"
        "Options:\n"
        "  --ca-file PEM      trust this CA file too (also AEMTOKEN_CA_FILE); TLS is always verified\n"
        "  --timeout SECONDS  network timeout: per IMS attempt, and for AEM the longest\n"
        "                     silence while waiting for or receiving an answer (default 30)\n"

        "  --version, --help\n"
        "\n"
        "Exit status: 0 success, 1 failure (reason on stderr), 2 usage.\n"
        "Messages follow the locale (LANGUAGE, LC_ALL, LANG); tokens and --json output never change.\n"
        "\n"
        "Revoking credentials (not only a token), for example after a leak: in the environment's AEM\n"
        "Developer Console, Integrations > Technical Accounts, add a new certificate, import the new JSON,\n"
        "then revoke the old private key; or ask Adobe support.\n"
        "No secret is ever accepted as an argument; files follow the XDG base directories.\n")
        + Tr::tr("\n"
                 "More options (before the command):\n"
                 "  --max-time SECONDS the longest the command's network work may take in all\n"
                 "  --verbose          also show Qt's own diagnostics (also AEMTOKEN_DEBUG=1)\n");
}

// Standard output for every command, checked (Cli::finish reports its first error).
Output* g_stdout = nullptr;

void writeOut(const QByteArray& b)
{
    if (g_stdout)
        g_stdout->write(b);
}

void outLine(const QString& s)
{
    writeOut(s.toUtf8() + '\n');
}

void errLine(const QString& s)
{
    const QByteArray b = "aemtoken: " + s.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fflush(stderr);
}

// "label:" as the language writes it (French puts a space before the colon).
QString labelled(const QString& label)
{
    return Tr::tr("%1:", "a label before its value").arg(label);
}

// "label:   value" lines with the values aligned, whatever the labels' length in a translation.
void printLabelled(const QList<std::pair<QString, QString>>& rows, int indent = 0)
{
    QStringList labels;
    qsizetype width = 0;
    for (const auto& row : rows) {
        labels << labelled(row.first);
        width = std::max(width, labels.last().size());
    }
    for (qsizetype i = 0; i < rows.size(); ++i)
        outLine(QString(indent, QLatin1Char(' ')) + labels[i].leftJustified(width + 2) + rows[i].second);
}

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(iso(t)) : QJsonValue(QJsonValue::Null);
}

QString duration(qint64 ms)
{
    if (ms <= 0)
        return Tr::tr("expired");
    const qint64 mins = ms / 60000;
    if (mins < 60)
        return Tr::tr("%1 min").arg(mins);
    if (mins < 48 * 60)
        return Tr::tr("%1 h %2 min").arg(mins / 60).arg(mins % 60);
    return Tr::tr("%1 days").arg(mins / (24 * 60));
}

// Minimal option parsing: values for `valued` options, flags for the rest, positionals in order.
struct Args
{
    QStringList positional;
    QHash<QString, QStringList> values;
    QSet<QString> flags;
    QString error;

    QString value(const QString& k) const { return values.value(k).value(0); }
    bool has(const QString& k) const { return flags.contains(k) || values.contains(k); }
};

Args parseArgs(const QStringList& in, const QSet<QString>& valued, const QSet<QString>& flags)
{
    Args a;
    for (qsizetype i = 0; i < in.size(); ++i) {
        QString arg = in[i];
        if (arg == QLatin1String("-") || !arg.startsWith(QLatin1Char('-'))) {
            a.positional << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
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
        } else {
            a.error = Tr::tr("unknown option %1").arg(arg);
            return a;
        }
    }
    return a;
}

// Reads a file or stdin ("-"), refusing more than `limit` bytes.
std::optional<QByteArray> readInput(const QString& path, qint64 limit, QString* error)
{
    QFile f;
    if (path == QLatin1String("-")) {
        if (!f.open(stdin, QIODevice::ReadOnly)) {
            *error = Tr::tr("cannot read standard input");
            return std::nullopt;
        }
    } else {
        f.setFileName(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: %2").arg(path, f.errorString());
            return std::nullopt;
        }
    }
    // Pipes deliver in pieces: read until end of input or just past the limit, in chunks (a
    // read(n) reserves n bytes up front).
    QByteArray data;
    if (!f.isSequential() && f.size() <= limit)
        data.reserve(f.size());
    while (data.size() <= limit) {
        const QByteArray chunk = f.read(std::min<qint64>(64 * 1024, limit + 1 - data.size()));
        if (chunk.isEmpty())
            break;
        data += chunk;
    }
    if (data.size() > limit) {
        *error = Tr::tr("%1: larger than %2 KiB; not read").arg(path == QLatin1String("-") ? QStringLiteral("stdin") : path).arg(limit / 1024);
        return std::nullopt;
    }
    return data;
}

QJsonObject recordJson(const CredentialRecord& r, const std::optional<CachedTokenInfo>& token)
{
    QJsonObject o{{QStringLiteral("name"), r.name},
                  {QStringLiteral("kind"), kindId(r.kind)},
                  {QStringLiteral("clientId"), canMint(r.kind) ? QJsonValue(r.clientId) : QJsonValue(r.tokenClientId)},
                  {QStringLiteral("program"), r.environment.program ? QJsonValue(r.environment.program) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("environment"), r.environment.environment ? QJsonValue(r.environment.environment) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("author"), r.environment.author.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.environment.author.toString())},
                  {QStringLiteral("publish"), r.environment.publish.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.environment.publish.toString())},
                  {QStringLiteral("preview"), r.environment.preview.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.environment.preview.toString())},
                  {QStringLiteral("importedAt"), isoOrNull(r.importedAt)}};
    if (canMint(r.kind)) {
        o.insert(QStringLiteral("certificateExpiresAt"), isoOrNull(r.certificateNotAfter));
        if (r.kind == CredentialKind::Service)
            o.insert(QStringLiteral("certificateFingerprint"), r.certificateFingerprint);
        o.insert(QStringLiteral("tokenExpiresAt"), isoOrNull(token ? token->expiresAt : QDateTime()));
        o.insert(QStringLiteral("imsEndpoint"), r.imsEndpoint);
        o.insert(QStringLiteral("technicalAccountId"), r.technicalAccountId);
        o.insert(QStringLiteral("email"), r.email);
        o.insert(QStringLiteral("org"), r.org);
        o.insert(r.kind == CredentialKind::OAuth ? QStringLiteral("scopes") : QStringLiteral("metascopes"),
                 QJsonArray::fromStringList(r.metascopes));
    } else {
        o.insert(QStringLiteral("certificateExpiresAt"), QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("tokenExpiresAt"), isoOrNull(r.localTokenExpiresAt));
        o.insert(QStringLiteral("userId"), r.tokenUserId);
    }
    return o;
}

// Rebuilds the Developer Console JSON of a stored credential, so `check NAME` runs the same
// checks as `check FILE`. Stays in memory.
QByteArray consoleJson(const CredentialRecord& r, const CredentialSecrets& s)
{
    if (r.kind == CredentialKind::LocalDev)
        return QJsonDocument(QJsonObject{{QStringLiteral("accessToken"), QString::fromLatin1(s.localDevToken)}}).toJson();
    if (r.kind == CredentialKind::OAuth) {
        QJsonArray secrets;
        for (const QByteArray& sec : s.clientSecrets)
            secrets.append(QString::fromUtf8(sec));
        return QJsonDocument(QJsonObject{{QStringLiteral("client_id"), r.clientId},
                                         {QStringLiteral("client_secrets"), secrets},
                                         {QStringLiteral("ims_org_id"), r.org},
                                         {QStringLiteral("technical_account_id"), r.technicalAccountId},
                                         {QStringLiteral("technical_account_email"), r.email},
                                         {QStringLiteral("scopes"), QJsonArray::fromStringList(r.metascopes)},
                                         {QStringLiteral("ims_endpoint"), r.imsEndpoint}})
            .toJson();
    }
    const QJsonObject integration{
        {QStringLiteral("imsEndpoint"), r.imsEndpoint},
        {QStringLiteral("metascopes"), r.metascopes.join(QLatin1Char(','))},
        {QStringLiteral("technicalAccount"),
         QJsonObject{{QStringLiteral("clientId"), r.clientId}, {QStringLiteral("clientSecret"), QString::fromUtf8(s.clientSecret)}}},
        {QStringLiteral("email"), r.email},
        {QStringLiteral("id"), r.technicalAccountId},
        {QStringLiteral("org"), r.org},
        {QStringLiteral("privateKey"), QString::fromUtf8(s.privateKeyPem)},
        {QStringLiteral("publicKey"), QString::fromLatin1(r.certificatePem)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("integration"), integration}}).toJson();
}

} // namespace

Cli::Cli(QStringList args, QObject* parent) : QObject(parent), m_args(std::move(args)), m_stdout(new Output(this))
{
    m_stdout->openStandardOutput();
    g_stdout = m_stdout;
}

Cli::~Cli()
{
    if (g_stdout == m_stdout)
        g_stdout = nullptr;
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
    errLine(message);
    finish(code);
}

void Cli::usage(const QString& message)
{
    if (!message.isEmpty())
        errLine(message);
    std::fputs(usageText().toUtf8().constData(), stderr);
    finish(Usage);
}

bool Cli::ensureStore()
{
    if (!m_store) {
        m_secrets = std::make_unique<KeychainSecretStore>(QStringLiteral(AEMTOKEN_APP_ID));
        m_store = std::make_unique<CredentialStore>(StoreLocation::standard(), *m_secrets, SystemClock::instance());
    }
    QString error;
    if (!m_store->load(&error)) {
        fail(error);
        return false;
    }
    return true;
}

QNetworkAccessManager* Cli::nam()
{
    if (!m_nam) {
        configureNetwork();
        m_nam = new QNetworkAccessManager(this);
    }
    return m_nam;
}

void Cli::prepareTls()
{
    if (m_tlsReady || m_caFile.isEmpty())
        return;
    m_tlsReady = true;
    QString error;
    if (const auto cas = readCaFile(m_caFile, &error))
        trustExtraCas(nam(), *cas);
    else
        errLine(error); // connections then fail with an explained TLS error
}


TokenProvider* Cli::tokens()
{
    if (!m_tokens) {
        TokenProvider::Options o;
        o.retry.timeoutMs = m_timeoutMs;
        if (m_maxTimeMs > 0)
            o.retry.totalMs = std::min(o.retry.totalMs, m_maxTimeMs);
        m_tokens = new TokenProvider(*m_store, nam(), SystemClock::instance(), o, this);
        connect(m_tokens, &TokenProvider::minting, this, &Cli::prepareTls);
        connect(m_tokens, &TokenProvider::retrying, this, [](const QString&, int attempt, int delayMs, const QString& reason) {
            errLine(tr("%1; retrying (attempt %2) in %3 s").arg(reason).arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1));
        });
    }
    return m_tokens;
}

void Cli::start()
{
    QStringList args = m_args;
    // A reader that went away is a write error (EPIPE) to report, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    // Global options come before the command.
    while (!args.isEmpty() && args.first().startsWith(QLatin1String("--"))) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--help"))
            return usage();
        if (a == QLatin1String("--version")) {
            outLine(QStringLiteral("aemtoken " AEMTOKEN_VERSION));
            return finish(Success);
        }
        if (a == QLatin1String("--verbose")) {
            setVerboseMessages(true);
            continue;
        }
        const QString key = a.section(QLatin1Char('='), 0, 0);
        QString value = a.contains(QLatin1Char('=')) ? a.section(QLatin1Char('='), 1) : QString();
        if (key != QLatin1String("--ca-file") && key != QLatin1String("--timeout") && key != QLatin1String("--max-time"))
            return usage(tr("unknown option %1").arg(a));
        if (!a.contains(QLatin1Char('='))) {
            if (args.isEmpty())
                return usage(tr("%1 needs a value").arg(key));
            value = args.takeFirst();
        }
        if (key == QLatin1String("--ca-file")) {
            m_caFile = value;
        } else {
            // Positive, finite, at least a millisecond and at most a day: "nan" would never
            // expire and 0.0001 would round to 0, which means "no timeout".
            bool ok = false;
            const double secs = value.toDouble(&ok);
            if (!ok || !std::isfinite(secs) || secs < 0.001 || secs > 86400)
                return usage(tr("%1 takes seconds, from 0.001 to 86400").arg(key));
            (key == QLatin1String("--timeout") ? m_timeoutMs : m_maxTimeMs) = int(std::llround(secs * 1000));
        }
    }
    if (args.isEmpty())
        return usage();
    const QString command = args.takeFirst();
    if (command == QLatin1String("help") || command == QLatin1String("-h"))
        return usage();
    if (m_maxTimeMs > 0) {
        // Like curl's --max-time: whatever is still under way then is abandoned.
        auto* deadline = new QTimer(this);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this] {
            fail(tr("gave up after %1 s (--max-time)").arg(m_maxTimeMs / 1000.0));
        });
        deadline->start(m_maxTimeMs);
    }
    if (m_caFile.isEmpty())
        m_caFile = qEnvironmentVariable("AEMTOKEN_CA_FILE");
    // The CA file is parsed only when a connection is due (that loads the TLS backend); a
    // cached token needs none. Its absence is reported at once.
    if (!m_caFile.isEmpty() && command != QLatin1String("sandbox") && !QFileInfo(m_caFile).isReadable())
        return fail(tr("cannot read the CA file %1").arg(m_caFile));

    if (command == QLatin1String("import"))
        cmdImport(args);
    else if (command == QLatin1String("list"))
        cmdList(args);
    else if (command == QLatin1String("token"))
        cmdToken(args);
    else if (command == QLatin1String("check"))
        cmdCheck(args);
    else if (command == QLatin1String("decode"))
        cmdDecode(args);
    else if (command == QLatin1String("request"))
        cmdRequest(args);
    else if (command == QLatin1String("remove"))
        cmdRemove(args);
    else if (command == QLatin1String("set"))
        cmdSet(args);
    else if (command == QLatin1String("validate"))
        cmdValidate(args);
    else if (command == QLatin1String("revoke"))
        cmdRevoke(args);
    else if (command == QLatin1String("sandbox"))
        cmdSandbox(args);
    else if (command == QLatin1String("doctor"))
        cmdDoctor(args);
    else
        usage(tr("unknown command \"%1\"").arg(command));
}

void Cli::cmdImport(QStringList argv)
{
    const Args a = parseArgs(argv, {QStringLiteral("--name"), QStringLiteral("--author"), QStringLiteral("--publish"),
                                    QStringLiteral("--preview")},
                             {});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("import takes one FILE (or - for stdin)") : a.error);
    const QString file = a.positional.first();
    const QString label = file == QLatin1String("-") ? QStringLiteral("stdin") : file;
    CredentialStore::ImportOptions opts;
    opts.name = a.value(QStringLiteral("--name"));
    for (const auto& [opt, target] : {std::pair{QStringLiteral("--author"), &opts.author},
                                      std::pair{QStringLiteral("--publish"), &opts.publish},
                                      std::pair{QStringLiteral("--preview"), &opts.preview}}) {
        if (!a.values.contains(opt))
            continue;
        QString why;
        *target = normaliseBaseUrl(a.value(opt), &why);
        if (!target->isValid())
            return usage(QStringLiteral("%1 %2").arg(opt, why));
    }
    QString error;
    auto data = readInput(file, kMaxCredentialFileSize, &error);
    if (!data)
        return fail(error);
    const ParseResult parsed = parseCredentialJson(*data, SystemClock::instance());
    data->fill('\0');
    if (!parsed.ok())
        return fail(QStringLiteral("%1: %2").arg(label, parsed.firstError()));
    for (const Problem& p : parsed.problems)
        errLine(p.toString());
    if (!ensureStore())
        return;
    m_store->importCredential(*parsed.credential, opts, this, [this](const CredentialStore::ImportResult& r) {
        if (!r.ok)
            return fail(r.error);
        if (r.replaced)
            errLine(tr("replaced the earlier import of \"%1\"").arg(r.name));
        if (!r.warning.isEmpty())
            errLine(r.warning);
        outLine(r.name);
        finish(Success);
    });
}

void Cli::cmdList(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--json")});
    if (!a.error.isEmpty() || !a.positional.isEmpty())
        return usage(a.error.isEmpty() ? tr("list takes no arguments") : a.error);
    if (!ensureStore())
        return;
    const QDateTime now = SystemClock::instance().now();
    if (a.has(QStringLiteral("--json"))) {
        QJsonArray arr;
        for (const CredentialRecord& r : m_store->records())
            arr.append(recordJson(r, m_store->cachedTokenInfo(r)));
        writeOut(QJsonDocument(arr).toJson(QJsonDocument::Indented));
        for (const QString& p : m_store->problems())
            errLine(p);
        return finish(m_store->problems().isEmpty() ? Success : Failure);
    }
    if (m_store->records().isEmpty() && m_store->problems().isEmpty()) {
        errLine(tr("no credentials stored; add one with: aemtoken import FILE"));
        return finish(Success);
    }
    QList<QStringList> rows{{tr("NAME"), tr("KIND"), tr("ENVIRONMENT"),
                             tr("TOKEN"), tr("CERTIFICATE")}};
    for (const CredentialRecord& r : m_store->records()) {
        QString token, cert = QStringLiteral("-");
        QDateTime exp = canMint(r.kind) ? m_store->cachedTokenInfo(r).value_or(CachedTokenInfo{}).expiresAt
                                                          : r.localTokenExpiresAt;
        token = exp.isValid() ? (now < exp ? tr("valid %1").arg(duration(now.msecsTo(exp))) : tr("expired"))
                              : tr("none");
        if (r.kind == CredentialKind::Service && r.certificateNotAfter.isValid()) {
            const qint64 days = now.daysTo(r.certificateNotAfter);
            cert = now > r.certificateNotAfter ? tr("EXPIRED %1").arg(r.certificateNotAfter.date().toString(Qt::ISODate))
                                               : tr("%1 days left").arg(days);
        }
        QString env = r.environment.label();
        if (!r.environment.author.isEmpty())
            env += (env.isEmpty() ? QString() : QStringLiteral(" ")) + r.environment.author.authority();
        rows << QStringList{r.name, kindId(r.kind), env.isEmpty() ? QStringLiteral("-") : env, token, cert};
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList& row : rows)
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row[c].leftJustified(widths[c] + 2) : row[c];
        outLine(line);
    }
    // Records this program cannot read are kept in the file and named here.
    for (const QString& p : m_store->problems())
        errLine(p);
    finish(m_store->problems().isEmpty() ? Success : Failure);
}

void Cli::cmdToken(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--fresh"), QStringLiteral("--json")});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("token takes one NAME") : a.error);
    if (!ensureStore())
        return;
    const bool json = a.has(QStringLiteral("--json"));
    tokens()->token(a.positional.first(), a.has(QStringLiteral("--fresh")), this, [this, json](const TokenResult& t) {
        if (!t.ok)
            return fail(t.error);
        if (!t.warning.isEmpty())
            errLine(t.warning);
        if (json) {
            const qint64 left = SystemClock::instance().now().msecsTo(t.expiresAt) / 1000;
            const QJsonObject o{{QStringLiteral("access_token"), QString::fromLatin1(t.accessToken)},
                                {QStringLiteral("token_type"), QStringLiteral("bearer")},
                                {QStringLiteral("created_at"), isoOrNull(t.createdAt)},
                                {QStringLiteral("expires_at"), isoOrNull(t.expiresAt)},
                                {QStringLiteral("expires_in_s"), double(std::max<qint64>(0, left))},
                                {QStringLiteral("cached"), t.fromCache}};
            writeOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        } else {
            writeOut(t.accessToken + '\n');
        }
        finish(Success);
    });
}

void Cli::cmdCheck(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--json")});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("check takes one FILE or NAME") : a.error);
    const QString target = a.positional.first();
    const bool json = a.has(QStringLiteral("--json"));

    auto report = [this, json, target](const QByteArray& data) {
        const Clock& clock = SystemClock::instance();
        const QDateTime now = clock.now();
        const ParseResult r = parseCredentialJson(data, clock);
        bool blocking = !r.ok();
        QJsonObject out{{QStringLiteral("source"), target}};
        QList<std::pair<QString, QString>> summary; // label, value
        if (r.ok()) {
            const ParsedCredential& c = *r.credential;
            out.insert(QStringLiteral("kind"), kindId(c.kind));
            if (c.kind == CredentialKind::OAuth) {
                const OAuthCredential& o = c.oauth;
                out.insert(QStringLiteral("clientId"), o.clientId);
                out.insert(QStringLiteral("technicalAccountId"), o.technicalAccountId);
                out.insert(QStringLiteral("email"), o.technicalAccountEmail);
                out.insert(QStringLiteral("org"), o.orgId);
                out.insert(QStringLiteral("imsEndpoint"), o.imsEndpoint);
                out.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(o.scopes));
                out.insert(QStringLiteral("clientSecrets"), int(o.clientSecrets.size()));
                summary = {{tr("kind"), tr("OAuth Server-to-Server credentials")},
                           {tr("client id"), o.clientId},
                           {tr("technical account"), o.technicalAccountId},
                           {tr("AEM user (email)"), o.technicalAccountEmail},
                           {tr("org"), o.orgId},
                           {tr("IMS endpoint"), o.imsEndpoint},
                           {tr("scopes"), o.scopes.join(QStringLiteral(", "))},
                           {tr("client secrets"), tr("%1 (tried in order)").arg(o.clientSecrets.size())}};
            } else if (c.kind == CredentialKind::Service) {
                const ServiceCredential& s = c.service;
                const CertificateInfo info = c.certificate->info();
                const Environment env = Environment::fromClientId(s.clientId);
                blocking = blocking || info.notAfter < now;
                out.insert(QStringLiteral("clientId"), s.clientId);
                out.insert(QStringLiteral("technicalAccountId"), s.technicalAccountId);
                out.insert(QStringLiteral("email"), s.email);
                out.insert(QStringLiteral("org"), s.org);
                out.insert(QStringLiteral("imsEndpoint"), s.imsEndpoint);
                out.insert(QStringLiteral("metascopes"), QJsonArray::fromStringList(s.metascopes));
                out.insert(QStringLiteral("environment"), env.label());
                out.insert(QStringLiteral("certificate"),
                           QJsonObject{{QStringLiteral("subject"), info.subjectCommonName},
                                       {QStringLiteral("notBefore"), iso(info.notBefore)},
                                       {QStringLiteral("notAfter"), iso(info.notAfter)},
                                       {QStringLiteral("daysLeft"), double(info.daysLeft(now))},
                                       {QStringLiteral("sha256Fingerprint"), info.sha256Fingerprint},
                                       {QStringLiteral("keyMatches"), c.certificate->matches(*c.privateKey)}});
                summary = {{tr("kind"), tr("service credentials")},
                           {tr("client id"), s.clientId},
                           {tr("environment"), env.isKnown() ? QString(env.label() + QStringLiteral(" (") + env.author.host() + QLatin1Char(')')) : tr("unknown")},
                           {tr("technical account"), s.technicalAccountId},
                           {tr("AEM user (email)"), s.email},
                           {tr("org"), s.org},
                           {tr("IMS endpoint"), s.imsEndpoint},
                           {tr("metascopes"), s.metascopes.join(QStringLiteral(", "))},
                           {tr("certificate"), tr("CN=%1, %2 to %3 (%4 days left)")
                                                   .arg(info.subjectCommonName, iso(info.notBefore), iso(info.notAfter))
                                                   .arg(info.daysLeft(now))},
                           {tr("SHA-256"), info.sha256Fingerprint},
                           {tr("private key"), tr("RSA %1 bits, matches the certificate").arg(c.privateKey->bits())}};
            } else {
                const LocalDevToken& t = c.localDev;
                blocking = blocking || (t.expiresAt && *t.expiresAt <= now);
                out.insert(QStringLiteral("userId"), t.claims.value(QLatin1String("user_id")).toString());
                out.insert(QStringLiteral("clientId"), t.claims.value(QLatin1String("client_id")).toString());
                out.insert(QStringLiteral("expiresAt"), isoOrNull(t.expiresAt.value_or(QDateTime())));
                summary = {{tr("kind"), tr("local development token")},
                           {tr("user"), t.claims.value(QLatin1String("user_id")).toString()},
                           {tr("client id"), t.claims.value(QLatin1String("client_id")).toString()},
                           {tr("expires"), QStringLiteral("%1 (%2)").arg(iso(t.expiresAt.value_or(QDateTime())),
                                                                         t.expiresAt ? duration(now.msecsTo(*t.expiresAt)) : tr("unknown"))}};
            }
        }
        QJsonArray problems;
        for (const Problem& p : r.problems)
            problems.append(QJsonObject{{QStringLiteral("severity"), p.severity == Problem::Error ? QStringLiteral("error") : QStringLiteral("warning")},
                                        {QStringLiteral("field"), p.field},
                                        {QStringLiteral("message"), p.message}});
        out.insert(QStringLiteral("problems"), problems);
        out.insert(QStringLiteral("ok"), !blocking);
        if (json) {
            writeOut(QJsonDocument(out).toJson(QJsonDocument::Indented));
        } else {
            printLabelled(summary);
            for (const Problem& p : r.problems)
                outLine(p.severity == Problem::Error ? QStringLiteral("error: ") + p.toString() : p.toString());
        }
        finish(blocking ? Failure : Success);
    };

    if (target == QLatin1String("-") || QFileInfo(target).isFile()) {
        QString error;
        auto data = readInput(target, kMaxCredentialFileSize, &error);
        if (!data)
            return fail(error);
        report(*data);
        data->fill('\0');
        return;
    }
    if (!ensureStore())
        return;
    const auto rec = m_store->find(target);
    if (!rec)
        return fail(tr("\"%1\" is neither a file nor a stored credential").arg(target));
    m_store->readSecrets(*rec, this, [this, rec = *rec, report](std::optional<CredentialSecrets> s, const QString& error) {
        if (!s)
            return fail(error);
        QByteArray data = consoleJson(rec, *s);
        s->wipe();
        report(data);
        data.fill('\0');
    });
}

void Cli::cmdDecode(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--json")});
    if (!a.error.isEmpty() || a.positional.size() > 1)
        return usage(a.error.isEmpty() ? tr("decode takes at most one TOKEN, NAME or -") : a.error);
    const bool json = a.has(QStringLiteral("--json"));
    auto show = [this, json](const QByteArray& token) {
        QString why;
        const auto jwt = decodeJwt(token, &why);
        if (!jwt)
            return fail(tr("the token %1").arg(why));
        const TokenLifetime life = tokenLifetime(jwt->claims);
        const QDateTime now = SystemClock::instance().now();
        const qint64 left = life.expiresAt ? now.msecsTo(*life.expiresAt) : 0;
        if (json) {
            const QJsonObject o{{QStringLiteral("header"), jwt->header},
                                {QStringLiteral("claims"), jwt->claims},
                                {QStringLiteral("created_at"), isoOrNull(life.createdAt.value_or(QDateTime()))},
                                {QStringLiteral("expires_at"), isoOrNull(life.expiresAt.value_or(QDateTime()))},
                                {QStringLiteral("expires_in_s"), life.expiresAt ? QJsonValue(double(left / 1000)) : QJsonValue(QJsonValue::Null)},
                                {tr("expired"), life.expiresAt ? QJsonValue(left <= 0) : QJsonValue(QJsonValue::Null)}};
            writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        } else {
            const QString expires = life.expiresAt
                ? QString(iso(*life.expiresAt) + QStringLiteral(" (") + (left > 0 ? tr("in %1").arg(duration(left)) : tr("expired")) + QLatin1Char(')'))
                : tr("unknown");
            printLabelled({{tr("header"), QString::fromUtf8(QJsonDocument(jwt->header).toJson(QJsonDocument::Compact))},
                           {tr("created"), life.createdAt ? iso(*life.createdAt) : tr("unknown")},
                           {tr("expires"), expires}});
            outLine(labelled(tr("claims")));
            writeOut(QJsonDocument(jwt->claims).toJson(QJsonDocument::Indented));
        }
        finish(Success);
    };
    const QString arg = a.positional.value(0, QStringLiteral("-"));
    if (arg == QLatin1String("-")) {
        QString error;
        const auto data = readInput(arg, 1024 * 1024, &error);
        if (!data)
            return fail(error);
        return show(data->trimmed());
    }
    if (!arg.contains(QLatin1Char('.')) || isValidCredentialName(arg)) {
        // A stored credential's name: decode its current token.
        if (!ensureStore())
            return;
        if (m_store->find(arg)) {
            tokens()->token(arg, false, this, [this, show](const TokenResult& t) {
                if (!t.ok)
                    return fail(t.error);
                show(t.accessToken);
            });
            return;
        }
    }
    show(arg.toLatin1());
}

void Cli::cmdRequest(QStringList argv)
{
    const Args a = parseArgs(argv,
                             {QStringLiteral("-X"), QStringLiteral("-H"), QStringLiteral("-d"), QStringLiteral("-o"),
                              QStringLiteral("--allow-host")},
                             {QStringLiteral("-i")});
    if (!a.error.isEmpty() || a.positional.size() != 2)
        return usage(a.error.isEmpty() ? tr("request takes NAME and URL or /PATH") : a.error);
    if (!ensureStore())
        return;
    const QString name = a.positional[0];
    const auto rec = m_store->find(name);
    if (!rec)
        return fail(tr("no credential named \"%1\"").arg(name));
    QString error;
    AemRequestSpec spec;
    spec.url = resolveAemTarget(*rec, a.positional[1], a.values.value(QStringLiteral("--allow-host")), &error);
    if (!spec.url.isValid())
        return fail(error);
    bool hasContentType = false;
    for (const QString& h : a.values.value(QStringLiteral("-H"))) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return usage(tr("-H takes 'Name: value'"));
        const QByteArray key = h.left(colon).trimmed().toLatin1();
        const QByteArray value = h.mid(colon + 1).trimmed().toUtf8();
        if (!isHttpToken(key))
            return usage(tr("-H: \"%1\" is not a valid header name").arg(h.left(colon).trimmed().left(60)));
        // A CR or LF would start a header of its own, past the Authorization guard below.
        if (!isHttpHeaderValue(value))
            return usage(tr("-H: the value of %1 contains a line break or a control character").arg(QString::fromLatin1(key)));
        if (key.compare("authorization", Qt::CaseInsensitive) == 0)
            return usage(tr("the Authorization header comes from the credential; do not pass one"));
        hasContentType = hasContentType || key.compare("content-type", Qt::CaseInsensitive) == 0;
        spec.headers.append({key, value});
    }
    if (a.values.contains(QStringLiteral("-d"))) {
        const QString d = a.value(QStringLiteral("-d"));
        if (d.startsWith(QLatin1Char('@'))) {
            // A regular file is streamed as it is sent (any size, never held in memory); a pipe
            // or device is read here, up to a bound.
            const QString path = d.mid(1);
            if (path != QLatin1String("-") && QFileInfo(path).isFile()) {
                QFile probe(path);
                if (!probe.open(QIODevice::ReadOnly))
                    return fail(QStringLiteral("%1: %2").arg(path, probe.errorString()));
                spec.bodyFile = path;
            } else {
                auto data = readInput(path, 16LL * 1024 * 1024, &error);
                if (!data)
                    return fail(error);
                spec.body = *data;
            }
        } else {
            spec.body = d.toUtf8();
        }
        if (!hasContentType)
            spec.headers.append(qMakePair(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")));
        spec.method = "POST";
    }
    if (a.values.contains(QStringLiteral("-X")))
        spec.method = a.value(QStringLiteral("-X")).toUpper().toLatin1();
    if (!isHttpToken(spec.method))
        return usage(tr("-X takes an HTTP method such as GET, POST or DELETE"));
    spec.timeoutMs = m_timeoutMs;
    const bool includeHeaders = a.has(QStringLiteral("-i"));
    const QString outFile = a.value(QStringLiteral("-o"));
    const CredentialRecord record = *rec;

    // Sends with the token; on a 401 with a cached service token, mints once more and retries.
    m_sendRequest = [this, spec, includeHeaders, outFile, record, name](bool fresh) {
        tokens()->token(name, fresh, this, [=, this](const TokenResult& t) {
            if (!t.ok)
                return fail(t.error);
            if (!t.warning.isEmpty())
                errLine(t.warning);
            const bool mayRetry = !fresh && t.fromCache && canMint(record.kind);
            prepareTls();
            auto* req = new AemRequest(nam(), spec, t.accessToken, this);
            // The body's destination: stdout, or -o PATH once the answer is known to be final.
            auto sink = std::make_shared<QPointer<Output>>(outFile.isEmpty() ? m_stdout : nullptr);
            auto retrying = std::make_shared<bool>(false);
            auto sinkFailed = [=, this] {
                return (*sink && (*sink)->failed()) || m_stdout->failed();
            };
            connect(req, &AemRequest::headersReceived, this, [=, this] {
                if (req->status() == 401 && mayRetry) {
                    *retrying = true;
                    return;
                }
                if (includeHeaders) {
                    QByteArray head = "HTTP/1.1 " + QByteArray::number(req->status()) + ' ' + req->reason() + "\r\n";
                    for (const auto& [k, v] : req->responseHeaders())
                        head += k + ": " + v + "\r\n";
                    writeOut(head + "\r\n");
                }
                if (!outFile.isEmpty()) {
                    auto* out = new Output(req);
                    if (!out->openPath(outFile)) {
                        errLine(out->errorString());
                        m_stdoutErrorShown = true;
                        *sink = out;
                        return req->abort();
                    }
                    *sink = out;
                }
                // A slow reader holds the server back instead of filling memory.
                connect(sink->data(), &Output::drained, req, &AemRequest::resume);
            });
            connect(req, &AemRequest::dataReceived, this, [=](const QByteArray& chunk) {
                if (*retrying || !*sink)
                    return;
                (*sink)->write(chunk);
                if (sinkFailed())
                    return req->abort();
                if ((*sink)->isFull())
                    req->pause();
            });
            connect(req, &AemRequest::finished, this, [=, this] {
                req->deleteLater();
                if (*retrying) {
                    errLine(tr("AEM refused the cached token (401); minting a new one"));
                    return m_sendRequest(true);
                }
                Output* out = *sink;
                if (out && out->failed()) {
                    out->cancel();
                    if (!m_stdoutErrorShown)
                        errLine(out->errorString());
                    m_stdoutErrorShown = true;
                    return finish(Failure);
                }
                if (!req->errorString().isEmpty() && !sinkFailed()) {
                    if (out && out != m_stdout)
                        out->cancel();
                    return fail(req->errorString());
                }
                if (out && out != m_stdout && !out->commit()) {
                    errLine(out->errorString());
                    return finish(Failure);
                }
                const int status = req->status();
                if (status >= 300 && status < 400) {
                    // Never followed: the token would go wherever the Location says.
                    QByteArray location;
                    for (const auto& [k, v] : req->responseHeaders())
                        if (k.compare("location", Qt::CaseInsensitive) == 0)
                            location = v;
                    if (location.isEmpty())
                        return fail(tr("AEM answered %1 without a Location; not followed").arg(status));
                    return fail(tr("AEM answered %1, redirecting to %2; not followed, so the token is not sent there")
                                    .arg(status)
                                    .arg(QString::fromLatin1(location.left(500))));
                }
                if (status >= 200 && status < 300)
                    return finish(Success);
                fail(explainAemStatus(status, record));
            });
            req->start();
        });
    };
    m_sendRequest(false);
}

void Cli::cmdRemove(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("remove takes one NAME") : a.error);
    if (!ensureStore())
        return;
    m_store->removeCredential(a.positional.first(), this, [this](bool ok, const QString& error) {
        if (!ok)
            return fail(error);
        finish(Success);
    });
}

void Cli::cmdSet(QStringList argv)
{
    const Args a = parseArgs(argv, {QStringLiteral("--author"), QStringLiteral("--publish"), QStringLiteral("--preview")}, {});
    if (!a.error.isEmpty() || a.positional.size() != 1 || a.values.isEmpty())
        return usage(a.error.isEmpty() ? tr("set takes NAME and at least one of --author, --publish, --preview") : a.error);
    if (!ensureStore())
        return;
    const auto rec = m_store->find(a.positional.first());
    if (!rec)
        return fail(tr("no credential named \"%1\"").arg(a.positional.first()));
    Environment env = rec->environment;
    for (const auto& [opt, target] : {std::pair{QStringLiteral("--author"), &env.author},
                                      std::pair{QStringLiteral("--publish"), &env.publish},
                                      std::pair{QStringLiteral("--preview"), &env.preview}}) {
        if (!a.values.contains(opt))
            continue;
        if (a.value(opt).isEmpty()) {
            *target = QUrl();
            continue;
        }
        QString why;
        *target = normaliseBaseUrl(a.value(opt), &why);
        if (!target->isValid())
            return usage(QStringLiteral("%1 %2").arg(opt, why));
    }
    QString error;
    if (!m_store->setEnvironment(rec->name, env, &error))
        return fail(error);
    finish(Success);
}

TokenAdmin* Cli::admin()
{
    if (!m_admin) {
        m_admin = new TokenAdmin(*m_store, *tokens(), nam(), SystemClock::instance(), this);
        prepareTls();
    }
    return m_admin;
}

void Cli::cmdValidate(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--json")});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("validate takes one NAME") : a.error);
    if (!ensureStore())
        return;
    const bool json = a.has(QStringLiteral("--json"));
    admin()->validate(a.positional.first(), this, [this, json](const ValidationResult& v) {
        if (json)
            writeOut(QJsonDocument(QJsonObject{{QStringLiteral("valid"), v.valid},
                                               {QStringLiteral("reason"), v.reason},
                                               {QStringLiteral("expires_at"), isoOrNull(v.expiresAt)}})
                         .toJson(QJsonDocument::Compact)
                     + '\n');
        if (!v.ok)
            return fail(v.reason);
        if (!v.valid)
            return fail(tr("IMS says the token is not valid (%1)").arg(v.reason.isEmpty() ? tr("no reason given") : v.reason));
        if (!json)
            outLine(tr("valid until %1").arg(iso(v.expiresAt)));
        finish(Success);
    });
}

void Cli::cmdRevoke(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {});
    if (!a.error.isEmpty() || a.positional.size() != 1)
        return usage(a.error.isEmpty() ? tr("revoke takes one NAME") : a.error);
    if (!ensureStore())
        return;
    admin()->revoke(a.positional.first(), this, [this](bool ok, const QString& message) {
        if (!ok)
            return fail(message);
        errLine(message);
        errLine(tr("(this revokes the token only; for the credentials themselves see the Developer Console, "
                   "as `aemtoken help` explains)"));
        finish(Success);
    });
}

void Cli::cmdSandbox(QStringList argv)
{
    const Args a = parseArgs(argv, {QStringLiteral("--port"), QStringLiteral("--dir")}, {});
    if (!a.error.isEmpty() || !a.positional.isEmpty())
        return usage(a.error.isEmpty() ? tr("sandbox takes only --port and --dir") : a.error);
    sandbox::Sandbox::Options o;
    o.dir = a.value(QStringLiteral("--dir"));
    if (o.dir.isEmpty())
        o.dir = QStandardPaths::writableLocation(QStandardPaths::TempLocation) + QStringLiteral("/aemtoken-sandbox");
    if (a.values.contains(QStringLiteral("--port"))) {
        bool ok = false;
        const int port = a.value(QStringLiteral("--port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return usage(tr("--port takes a number from 0 to 65535"));
        o.port = quint16(port);
    }
    m_sandbox = new sandbox::Sandbox(this);
    QString error;
    if (!m_sandbox->start(o, &error))
        return fail(tr("sandbox: %1").arg(error));
    const QString dir = QDir(o.dir).absolutePath();
    const QString url = m_sandbox->baseUrl();
    // The first line ends with the URL: tests and bench/ read it from there, in any language.
    outLine(tr("AEM Token Manager sandbox (IMS + AEM author p%1-e%2) listening on %3").arg(o.program).arg(o.environment).arg(url));
    printLabelled({{tr("CA certificate"), dir + QStringLiteral("/ca.pem")},
                   {tr("service credentials"), dir + QStringLiteral("/service-credentials.json")},
                   {tr("OAuth credentials"), dir + QStringLiteral("/oauth-credentials.json")},
                   {tr("local dev token"), dir + QStringLiteral("/local-dev-token.json")}},
                  2);
    outLine(tr("Try:"));
    outLine(QStringLiteral("  export AEMTOKEN_CA_FILE=%1/ca.pem").arg(dir));
    outLine(QStringLiteral("  aemtoken import %1/service-credentials.json --name sandbox --author %2").arg(dir, url));
    outLine(QStringLiteral("  aemtoken token sandbox"));
    outLine(QStringLiteral("  aemtoken request sandbox /libs/granite/security/currentuser.json"));
    outLine(tr("Press Ctrl+C to stop."));
    if (!m_stdout->flush())
        return finish(Failure); // reports why
    std::fflush(stdout);
    // Runs until the process is interrupted.
}

void Cli::cmdDoctor(QStringList argv)
{
    const Args a = parseArgs(argv, {}, {QStringLiteral("--repair"), QStringLiteral("--delete-orphans"), QStringLiteral("--json")});
    if (!a.error.isEmpty() || !a.positional.isEmpty())
        return usage(a.error.isEmpty() ? tr("doctor takes only --repair, --delete-orphans and --json") : a.error);
    if (a.has(QStringLiteral("--delete-orphans")) && !a.has(QStringLiteral("--repair")))
        return usage(tr("--delete-orphans goes with --repair"));
    // The doctor works on a store whatever state its files are in: no ensureStore().
    if (!m_store) {
        m_secrets = std::make_unique<KeychainSecretStore>(QStringLiteral(AEMTOKEN_APP_ID));
        m_store = std::make_unique<CredentialStore>(StoreLocation::standard(), *m_secrets, SystemClock::instance());
    }
    const bool json = a.has(QStringLiteral("--json"));
    auto* doctor = new StoreDoctor(*m_store, this);
    auto report = [this, json](const QStringList& actions, const DoctorReport& r) {
        if (json) {
            QJsonArray problems;
            for (const DoctorFinding& f : r.findings)
                problems.append(QJsonObject{{QStringLiteral("code"), f.code()},
                                            {QStringLiteral("message"), f.message},
                                            {QStringLiteral("name"), f.name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.name)},
                                            {QStringLiteral("key"), f.key.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.key)}});
            const QJsonObject o{{QStringLiteral("ok"), r.ok()},
                                {QStringLiteral("credentials"), r.credentials},
                                {QStringLiteral("keychain_checked"), r.keychainChecked},
                                {QStringLiteral("keychain_items"), r.keychainChecked ? QJsonValue(r.items) : QJsonValue(QJsonValue::Null)},
                                {QStringLiteral("problems"), problems},
                                {QStringLiteral("actions"), QJsonArray::fromStringList(actions)}};
            writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        } else {
            for (const QString& action : actions)
                outLine(tr("repaired: %1").arg(action));
            for (const DoctorFinding& f : r.findings)
                outLine(QStringLiteral("\u2717 ") + f.message);
            if (r.ok())
                outLine(QStringLiteral("\u2713 ") + tr("the store is consistent: %n credential(s)", nullptr, r.credentials)
                        + (r.keychainChecked ? QLatin1Char(' ') + tr("and %n keychain item(s) of ours", nullptr, r.items) : QString()));
            else if (r.repairable())
                outLine(tr("run `aemtoken doctor --repair` to fix what can be fixed safely"));
            if (!r.keychainChecked && r.ok())
                outLine(tr("(the keychain items were not checked: this keychain cannot list them)"));
        }
        finish(r.ok() ? Success : Failure);
    };
    if (a.has(QStringLiteral("--repair"))) {
        StoreDoctor::RepairOptions o;
        o.deleteUnrecoverable = a.has(QStringLiteral("--delete-orphans"));
        doctor->repair(o, report);
    } else {
        doctor->check([report](const DoctorReport& r) { report({}, r); });
    }
}

} // namespace aem
