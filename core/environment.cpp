// SPDX-License-Identifier: Apache-2.0
#include "environment.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Environment)
};
} // namespace

Environment Environment::fromClientId(const QString& clientId)
{
    static const QRegularExpression re(QStringLiteral("^cm-p(\\d+)-e(\\d+)(?:-.*)?$"));
    Environment env;
    const auto m = re.match(clientId);
    if (!m.hasMatch())
        return env;
    env.program = m.captured(1).toInt();
    env.environment = m.captured(2).toInt();
    if (!env.isKnown())
        return Environment {};
    const QString suffix = QStringLiteral("-p%1-e%2.adobeaemcloud.com").arg(env.program).arg(env.environment);
    env.author = QUrl(QStringLiteral("https://author") + suffix);
    env.publish = QUrl(QStringLiteral("https://publish") + suffix);
    env.preview = QUrl(QStringLiteral("https://preview") + suffix);
    return env;
}

QString Environment::label() const
{
    return isKnown() ? QStringLiteral("p%1 e%2").arg(program).arg(environment) : QString();
}

static bool sameOrigin(const QUrl& a, const QUrl& b)
{
    if (!a.isValid() || !b.isValid())
        return false;
    const int defA = a.scheme() == QLatin1String("http") ? 80 : 443;
    const int defB = b.scheme() == QLatin1String("http") ? 80 : 443;
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(defA) == b.port(defB);
}

bool Environment::ownsUrl(const QUrl& url) const
{
    return sameOrigin(url, author) || sameOrigin(url, publish) || sameOrigin(url, preview);
}

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

QUrl normaliseBaseUrl(const QString& text, QString* error)
{
    auto fail = [error](const char* why) {
        if (error)
            *error = Tr::tr(why);
        return QUrl();
    };
    QString t = text.trimmed();
    if (t.isEmpty())
        return fail(QT_TRANSLATE_NOOP("aem::Environment", "is empty"));
    if (!t.contains(QLatin1String("://")))
        t.prepend(QStringLiteral("https://"));
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(QT_TRANSLATE_NOOP("aem::Environment", "is not a valid URL"));
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return fail(QT_TRANSLATE_NOOP("aem::Environment", "must start with https://"));
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()))
        return fail(
            QT_TRANSLATE_NOOP("aem::Environment", "must use https:// (plain http is only allowed for localhost)"));
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return fail(QT_TRANSLATE_NOOP("aem::Environment", "must be a plain base URL, without user, query or fragment"));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

} // namespace aem
