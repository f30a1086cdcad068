// SPDX-License-Identifier: Apache-2.0
// aemtoken exec NAME [--fresh] [--with-password] -- COMMAND [ARGS...]
//
// Runs COMMAND (found on PATH like a shell does, not through a shell) with AEM_TOKEN and the
// credential's AEM_AUTHOR_URL, AEM_PUBLISH_URL and AEM_PREVIEW_URL (where known) in its
// environment, and exits with its status (128+N when it died of signal N, 127 not found, 126
// not executable).
//
// The token goes only into the environment block handed to posix_spawnp: never into an argv,
// never setenv() in this process (so /proc/self/environ and any other child never hold it).
// Inherited AEM_TOKEN and AEM_*_URL are dropped first (a URL of another environment would
// mislead). Our copies are wiped right after the spawn.
//
// The child stays in our process group, with our stdin/stdout/stderr, every other descriptor
// closed (like sudo: descriptors above 2 are not passed on), default signal dispositions (our
// ignored SIGPIPE included) and an empty signal mask. (glibc's posix_spawn leaves its internal
// real-time signals 32 and 33 ignored in the child; glibc programs install their own handlers.)
//
// Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH are caught while the
// child runs and forwarded to it from the handler (kill() is async-signal-safe; a handler works
// whichever of Qt's threads the kernel picks). Not forwarded: those the kernel itself sent
// (si_code SI_KERNEL) — Ctrl-C, Ctrl-\, a window resize, a hangup of the terminal — since the
// terminal signals the whole foreground process group and the child, in our group, already got
// its own; forwarding would deliver it twice. Signals from another process (kill, timeout,
// systemd) come with SI_USER/SI_QUEUE/SI_TKILL and are forwarded once. One that arrives before
// the child exists is kept and delivered right after the spawn.
//
// The main thread then blocks in waitpid(): no busy loop, and nothing of ours needs the event
// loop while the child runs (the CLI does not renew tokens; nothing is queued for stdout).
// --max-time, which bounds our network work, thus stops counting once the token is had.
#include "commands.h"

#include "cli.h"
#include "credentialrecord.h"
#include "credentialsource.h"
#include "format.h"
#include "processhygiene.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

constexpr std::array<int, 7> kForwarded {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
constexpr std::array<const char*, 6> kOurVariables {
    "AEM_TOKEN=", "AEM_AUTHOR_URL=", "AEM_PUBLISH_URL=", "AEM_PREVIEW_URL=", "AEM_USER=", "AEM_PASSWORD="};

std::atomic<pid_t> g_child {0};
std::atomic<unsigned> g_pending {0}; // bit N: signal N arrived and was not delivered yet
static_assert(std::atomic<pid_t>::is_always_lock_free && std::atomic<unsigned>::is_always_lock_free);

// Whoever clears a signal's pending bit delivers it: the handler once the child exists, else
// the spawning code right after it stored the child's pid. Exactly once either way.
void forwardSignal(int sig, siginfo_t* info, void*)
{
    if (info && info->si_code == SI_KERNEL)
        return; // from the terminal: the child, in our process group, got it too
    const int savedErrno = errno;
    const unsigned bit = 1u << sig;
    g_pending.fetch_or(bit);
    const pid_t child = g_child.load();
    if (child > 0 && (g_pending.fetch_and(~bit) & bit))
        ::kill(child, sig);
    errno = savedErrno;
}

class SignalForwarding
{
public:
    SignalForwarding()
    {
        struct sigaction sa = {};
        sa.sa_sigaction = forwardSignal;
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&sa.sa_mask);
        for (std::size_t i = 0; i < kForwarded.size(); ++i)
            ::sigaction(kForwarded[i], &sa, &m_old[i]);
    }
    ~SignalForwarding()
    {
        g_child.store(0);
        for (std::size_t i = 0; i < kForwarded.size(); ++i)
            ::sigaction(kForwarded[i], &m_old[i], nullptr);
        g_pending.store(0);
    }
    void childStarted(pid_t pid)
    {
        g_child.store(pid);
        const unsigned early = g_pending.exchange(0);
        for (int sig : kForwarded)
            if (early & (1u << sig))
                ::kill(pid, sig);
    }
    SignalForwarding(const SignalForwarding&) = delete;
    SignalForwarding& operator=(const SignalForwarding&) = delete;

private:
    std::array<struct sigaction, kForwarded.size()> m_old {};
};

QByteArray urlVariable(const char* name, const QUrl& url)
{
    if (!url.isValid() || url.isEmpty())
        return {};
    return QByteArray(name) + '=' + url.toString(QUrl::FullyEncoded | QUrl::StripTrailingSlash).toUtf8();
}

// Runs the child and waits for it; returns the exit status aemtoken should end with. `secrets`
// ("AEM_TOKEN=...", or a local target's "AEM_USER=..." and "AEM_PASSWORD=...", or none) are wiped.
int runChild(const QStringList& command, const Environment& where, std::vector<QByteArray>& secrets)
{
    std::vector<QByteArray> args;
    for (const QString& a : command)
        args.push_back(QFile::encodeName(a));
    std::vector<char*> argv;
    for (QByteArray& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<QByteArray> ours;
    for (QByteArray& secret : secrets) {
        ours.push_back(QByteArray(secret.constData(), secret.size())); // a buffer of its own, wiped below
        wipeSecret(secret);
    }
    const std::size_t secretCount = ours.size();
    for (const auto& [name, url] :
         {std::pair {"AEM_AUTHOR_URL", where.author}, std::pair {"AEM_PUBLISH_URL", where.publish},
          std::pair {"AEM_PREVIEW_URL", where.preview}})
        if (QByteArray v = urlVariable(name, url); !v.isEmpty())
            ours.push_back(v);
    std::vector<char*> envp;
    for (char** e = environ; e && *e; ++e) {
        bool replaced = false;
        for (const char* prefix : kOurVariables)
            replaced = replaced || qstrncmp(*e, prefix, qstrlen(prefix)) == 0;
        if (!replaced)
            envp.push_back(*e);
    }
    for (QByteArray& v : ours)
        envp.push_back(v.data());
    envp.push_back(nullptr);

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE); // ignored in aemtoken: a child must not inherit that
    for (int sig : kForwarded)
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addclosefrom_np(&files, 3);

    std::fflush(stdout);
    std::fflush(stderr);
    int result = 1;
    {
        SignalForwarding forwarding; // before the spawn: a signal in between is kept, then delivered
        pid_t pid = 0;
        const int err = posix_spawnp(&pid, argv[0], &files, &attr, argv.data(), envp.data());
        for (std::size_t i = 0; i < secretCount; ++i)
            wipeSecret(ours[i]);
        if (err != 0) {
            const QString shown = command.first();
            if (err == ENOENT && !shown.contains(QLatin1Char('/'))) {
                errLine(Tr::tr("%1: command not found").arg(shown));
                result = 127;
            } else {
                errLine(QStringLiteral("%1: %2").arg(shown, qt_error_string(err)));
                result = err == ENOENT ? 127 : 126;
            }
        } else {
            forwarding.childStarted(pid);
            int status = 0;
            pid_t w;
            while ((w = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) { }
            if (w < 0)
                errLine(Tr::tr("cannot wait for %1: %2").arg(command.first(), qt_error_string(errno)));
            else if (WIFEXITED(status))
                result = WEXITSTATUS(status);
            else if (WIFSIGNALED(status))
                result = 128 + WTERMSIG(status);
        }
    }
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    return result;
}

class Exec final : public Command
{
public:
    Exec()
    {
        name = QStringLiteral("exec");
        summary = Tr::tr("run COMMAND with AEM_TOKEN and the AEM_*_URL of the credential in its environment");
        arguments = {{QStringLiteral("NAME"), Tr::tr("the stored credential's name")},
                     {QStringLiteral("COMMAND"), Tr::tr("the program to run, found on PATH (not through a shell)")},
                     {QStringLiteral("ARGS..."), Tr::tr("its arguments"), true}};
        trailingFrom = 1;
        options = {{QStringLiteral("--fresh"), {}, Tr::tr("mint a new token even when the cached one is still good")},
                   {QStringLiteral("--with-password"),
                    {},
                    Tr::tr("for a local AEM target with sign-in: also hand the child AEM_USER and AEM_PASSWORD")}};
        options += fromOptions(true);
    }

    QString argumentsError() const override { return Tr::tr("exec takes NAME -- COMMAND [ARGS...]"); }

    void run(Cli& cli, const Args& a) const override
    {
        if (a.afterDashDash != 1)
            return cli.usage(*this, argumentsError());
        const auto rec = cli.credential(a.positional.first());
        if (!rec)
            return;
        const QStringList command = a.positional.mid(1);
        const Environment where = rec->environment;
        if (!usesToken(rec->kind))
            return runLocal(cli, *rec, command, a.has(QStringLiteral("--with-password")));
        if (a.has(QStringLiteral("--with-password")))
            return cli.usage(*this, Tr::tr("--with-password is only for a local AEM target (aemtoken add-local)"));
        cli.tokens().token(
            rec->id, a.has(QStringLiteral("--fresh")), &cli, [c = &cli, command, where](const TokenResult& t) {
                if (!t.ok)
                    return c->failToken(t);
                if (t.accessToken.contains('\0'))
                    return c->fail(Tr::tr("the token holds a NUL byte; it cannot go into an environment variable"));
                if (!t.warning.isEmpty())
                    errLine(t.warning);
                // Our own copy (to wipe), and the child only once the token service's callback
                // stack has unwound: it may still have bookkeeping to do.
                QByteArray token = QByteArray("AEM_TOKEN=") + t.accessToken;
                QTimer::singleShot(0, c, [c, command, where, token]() mutable {
                    std::vector<QByteArray> secrets;
                    secrets.push_back(std::move(token)); // the only owner now: runChild's wipe reaches it
                    const int status = runChild(command, where, secrets);
                    c->finish(status);
                });
                wipeSecret(token); // the timer's copy owns it now; this is a no-op while shared
            });
    }

private:
    // A local AEM target: no AEM_TOKEN; the URLs, and with --with-password its sign-in.
    void runLocal(Cli& cli, const CredentialRecord& rec, const QStringList& command, bool withPassword) const
    {
        const Environment where = rec.environment;
        if (!withPassword)
            return QTimer::singleShot(0, &cli, [c = &cli, command, where] {
                std::vector<QByteArray> none;
                c->finish(runChild(command, where, none));
            });
        if (rec.basicUser.isEmpty())
            return cli.fail(Tr::tr("\"%1\" has no sign-in: there is no password to hand over (add it again with "
                                   "aemtoken add-local %2 --user USER)")
                                .arg(rec.name, shellWord(rec.name)));
        cli.tokens().source().readSecrets(
            rec, &cli,
            [c = &cli, command, where, user = rec.basicUser](std::optional<CredentialSecrets> s,
                                                             const SourceError& error) {
                if (!s)
                    return c->fail(error.message);
                if (s->basicPassword.contains('\0'))
                    return c->fail(Tr::tr("the password holds a NUL byte; it cannot go into an environment variable"));
                QByteArray pass = QByteArray("AEM_PASSWORD=") + s->basicPassword;
                s->wipe();
                QTimer::singleShot(0, c, [c, command, where, user, pass]() mutable {
                    std::vector<QByteArray> secrets;
                    secrets.push_back(QByteArray("AEM_USER=") + user.toUtf8());
                    secrets.push_back(std::move(pass));
                    c->finish(runChild(command, where, secrets));
                });
                wipeSecret(pass);
            });
    }
};
} // namespace

std::unique_ptr<Command> makeExecCommand()
{
    return std::make_unique<Exec>();
}

} // namespace aem::cli
