// SPDX-License-Identifier: Apache-2.0
#include "productionguard.h"

#include "cli.h"
#include "envtype.h"

#include <QCoreApplication>
#include <QStringList>

#include <cerrno>

#include <unistd.h>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

// The prompt on standard error, one line read from standard input (both a terminal): yes only
// for "y" or "yes" in any case; an empty line, the end of input or a read error is no.
bool askYes(const QString& prompt)
{
    const QByteArray p = prompt.toLocal8Bit();
    if (::write(STDERR_FILENO, p.constData(), std::size_t(p.size())) != ssize_t(p.size()))
        return false;
    QByteArray line;
    while (line.size() < 64) {
        char c = 0;
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            break;
        line.append(c);
    }
    const QByteArray answer = line.trimmed().toLower();
    return answer == "y" || answer == "yes";
}
} // namespace

OptionSpec allowProductionOption()
{
    return {QStringLiteral("--allow-production"),
            {},
            Tr::tr("send methods other than GET, HEAD and OPTIONS to a production credential without asking")};
}

bool confirmProduction(Cli& cli, const CredentialRecord& record, const QList<QByteArray>& methods, const QString& url,
                       bool allowed)
{
    if (methods.isEmpty() || allowed)
        return true;
    QStringList distinct;
    for (const QByteArray& m : methods)
        if (!distinct.contains(QString::fromLatin1(m)))
            distinct << QString::fromLatin1(m);
    const QString what = distinct.join(QLatin1String(", "));
    bool suggested = false;
    effectiveEnvType(record, &suggested);
    const QString lead = suggested
        ? Tr::tr("\"%1\" looks like a production credential (by its name or hosts)").arg(record.name)
        : Tr::tr("\"%1\" is a production credential").arg(record.name);
    const int n = int(methods.size());
    const bool single = !url.isEmpty();
    const bool interactive = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
    if (interactive) {
        const QString prompt = single
            ? Tr::tr("%1. Send %2 %3? [y/N] ").arg(lead, what, url)
            : Tr::tr("%1. Send %n requests with %2 to it? [y/N] ", nullptr, n).arg(lead, what);
        if (askYes(prompt))
            return true;
        cli.failAs(QStringLiteral("production_refused"),
                   single ? Tr::tr("%1: %2 not sent (not confirmed)").arg(lead, what)
                          : Tr::tr("%1: nothing was sent (not confirmed)").arg(lead));
        return false;
    }
    cli.failAs(QStringLiteral("production_refused"),
               single
                   ? Tr::tr("%1: %2 not sent without --allow-production").arg(lead, what)
                   : Tr::tr("%1: %n requests with %2 not sent without --allow-production; nothing was sent", nullptr, n)
                         .arg(lead, what));
    return false;
}

} // namespace aem::cli
