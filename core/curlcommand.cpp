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

QString curlCommand(const AemRequestSpec& spec, const QByteArray& inlineToken)
{
    QStringList parts {QStringLiteral("curl"), QStringLiteral("-sS")};
    const bool hasBody = !spec.body.isEmpty() || !spec.bodyFile.isEmpty();
    if (spec.method != "GET" || hasBody)
        parts << QStringLiteral("-X") << shellQuote(QString::fromLatin1(spec.method));
    if (inlineToken.isEmpty())
        parts << QStringLiteral("-H") << QStringLiteral("\"Authorization: Bearer $AEM_TOKEN\"");
    else
        parts << QStringLiteral("-H")
              << shellQuote(QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(inlineToken));
    for (const auto& [k, v] : spec.headers)
        if (k.compare("authorization", Qt::CaseInsensitive) != 0)
            parts << QStringLiteral("-H")
                  << shellQuote(QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v));
    if (!spec.bodyFile.isEmpty()) // curl streams it from the file, as the tester does
        parts << QStringLiteral("--data-binary") << shellQuote(QLatin1Char('@') + spec.bodyFile);
    else if (!spec.body.isEmpty())
        parts << QStringLiteral("--data-binary") << shellQuote(QString::fromUtf8(spec.body));
    parts << shellQuote(spec.url.toString(QUrl::FullyEncoded));
    return parts.join(QLatin1Char(' '));
}

} // namespace aem
