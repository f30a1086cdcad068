// SPDX-License-Identifier: Apache-2.0
#include "credentialnaming.h"

#include "credentialname.h"
#include "environment.h"

#include <QRegularExpression>

namespace aem {

namespace {

// Letters, digits, '.', '_' and '-' only (what every name rule accepts), lower case, no run of
// dashes, at most `max` characters.
QString slug(const QString& text, int max = 40)
{
    QString s;
    for (const QChar ch : text.toLower()) {
        if ((ch >= QLatin1Char('a') && ch <= QLatin1Char('z')) || (ch >= QLatin1Char('0') && ch <= QLatin1Char('9'))
            || ch == QLatin1Char('.') || ch == QLatin1Char('_'))
            s += ch;
        else if (!s.endsWith(QLatin1Char('-')))
            s += QLatin1Char('-');
    }
    s = s.left(max);
    while (s.startsWith(QLatin1Char('-')) || s.startsWith(QLatin1Char('.')) || s.startsWith(QLatin1Char('_')))
        s.remove(0, 1);
    while (s.endsWith(QLatin1Char('-')) || s.endsWith(QLatin1Char('.')))
        s.chop(1);
    return s;
}

QString environmentName(const QString& clientId)
{
    const Environment env = Environment::fromClientId(clientId);
    return env.isKnown() ? QStringLiteral("p%1-e%2").arg(env.program).arg(env.environment) : QString();
}

// "1A2B3C4D5E@AdobeOrg" -> "1a2b3c4d"; an e-mail "jane.doe@example.com" -> "jane.doe".
QString accountPart(const QString& id, int max)
{
    return slug(id.section(QLatin1Char('@'), 0, 0), max);
}

} // namespace

QString readableCredentialName(const ParsedCredential& c)
{
    switch (c.kind) {
    case CredentialKind::Service: {
        if (const QString env = environmentName(c.service.clientId); !env.isEmpty())
            return env;
        if (const QString org = accountPart(c.service.org, 8); !org.isEmpty())
            return QStringLiteral("service-") + org;
        return QStringLiteral("service");
    }
    case CredentialKind::OAuth: {
        if (const QString env = environmentName(c.oauth.clientId); !env.isEmpty())
            return env;
        if (const QString org = accountPart(c.oauth.orgId, 8); !org.isEmpty())
            return QStringLiteral("oauth-") + org;
        return QStringLiteral("oauth");
    }
    case CredentialKind::Local: return QStringLiteral("local");
    case CredentialKind::LocalDev: break;
    }
    const QJsonObject& claims = c.localDev.claims;
    for (const char* key : {"user_id", "sub"}) {
        if (const QString user = accountPart(claims.value(QLatin1String(key)).toString(), 30); !user.isEmpty())
            return QStringLiteral("local-dev-") + user;
    }
    return QStringLiteral("local-dev");
}

QString plainCredentialName(const QString& fromFile)
{
    if (!fromFile.isEmpty() && shellWord(fromFile) == fromFile)
        return fromFile;
    const QString s = slug(fromFile, kMaxCredentialNameLength);
    return s.isEmpty() ? QStringLiteral("credential") : s;
}

QString uniqueCredentialName(const QString& base, const QStringList& taken)
{
    if (!taken.contains(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = QStringLiteral("%1-%2").arg(base).arg(i);
        if (!taken.contains(candidate))
            return candidate;
    }
}

QString suggestedCredentialName(const ParsedCredential& c, const QStringList& taken)
{
    return uniqueCredentialName(readableCredentialName(c), taken);
}

} // namespace aem
