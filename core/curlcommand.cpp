// SPDX-License-Identifier: Apache-2.0
#include "curlcommand.h"

#include <QStringList>

namespace aem {

QString shellQuote(const QString& s)
{
    QString out = s;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

namespace {
// The method, headers (never an Authorization), body and URL after `parts`.
QString appendRequest(QStringList parts, const AemRequestSpec& spec)
{
    const bool hasBody = !spec.body.isEmpty() || !spec.bodyFile.isEmpty();
    if (spec.method != "GET" || hasBody)
        parts << QStringLiteral("-X") << shellQuote(QString::fromLatin1(spec.method));
    for (const auto& [k, v] : spec.headers)
        if (k.compare("authorization", Qt::CaseInsensitive) != 0)
            parts << QStringLiteral("-H")
                  << shellQuote(QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v));
    if (!spec.bodyFile.isEmpty()) // curl streams it from the file, as the tester does
        parts << QStringLiteral("--data-binary") << shellQuote(QLatin1Char('@') + spec.bodyFile);
    else if (!spec.bodyFromFile.isEmpty() && spec.bodyFromFileAsIs) // a collection's "< FILE": the file
        parts << QStringLiteral("--data-binary") << shellQuote(QLatin1Char('@') + spec.bodyFromFile);
    else if (!spec.body.isEmpty()) // --data-raw: a body that starts with @ is text, not a file name
        parts << QStringLiteral("--data-raw") << shellQuote(QString::fromUtf8(spec.body));
    parts << shellQuote(spec.url.toString(QUrl::FullyEncoded));
    return parts.join(QLatin1Char(' '));
}
} // namespace

QString curlCommand(const AemRequestSpec& spec, const QByteArray& inlineToken)
{
    // The token reaches curl on its standard input (-H @-), written by printf, a shell builtin:
    // in curl's argv every local user would read it (ps, /proc/PID/cmdline).
    const QString token =
        inlineToken.isEmpty() ? QStringLiteral("\"$AEM_TOKEN\"") : shellQuote(QString::fromLatin1(inlineToken));
    QStringList parts {QStringLiteral("printf 'Authorization: Bearer %s\\n'"),
                       token,
                       QStringLiteral("|"),
                       QStringLiteral("curl"),
                       QStringLiteral("-sS"),
                       QStringLiteral("-g"), // no [] {} globbing
                       QStringLiteral("-H"),
                       QStringLiteral("@-")};
    return appendRequest(parts, spec);
}

QString curlCommandAsWritten(const AemRequestSpec& spec)
{
    QStringList lines;
    for (const auto& [k, v] : spec.headers)
        if (k.compare("authorization", Qt::CaseInsensitive) == 0)
            lines << shellQuote(QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v));
    if (lines.isEmpty())
        return localCurlCommand(spec, {});
    // printf is a shell builtin: the header reaches curl through the pipe, not the process list.
    QStringList parts {QStringLiteral("printf '%s\\n'")};
    parts << lines << QStringLiteral("|") << QStringLiteral("curl") << QStringLiteral("-sS") << QStringLiteral("-g")
          << QStringLiteral("-H") << QStringLiteral("@-");
    return appendRequest(parts, spec);
}

QString localCurlCommand(const AemRequestSpec& spec, const QString& basicUser)
{
    // No token; with HTTP Basic, -u USER without a password: curl asks for it on the terminal.
    QStringList parts {QStringLiteral("curl"), QStringLiteral("-sS"), QStringLiteral("-g")};
    if (!basicUser.isEmpty())
        parts << QStringLiteral("-u") << shellQuote(basicUser);
    return appendRequest(parts, spec);
}

} // namespace aem
