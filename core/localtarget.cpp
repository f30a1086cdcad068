// SPDX-License-Identifier: Apache-2.0
#include "localtarget.h"

#include "environment.h"
#include "processhygiene.h"

#include <QCoreApplication>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::LocalTarget)
};
} // namespace

QString basicUserProblem(const QString& user)
{
    if (user.isEmpty())
        return Tr::tr("is empty");
    if (user.size() > 256)
        return Tr::tr("is longer than 256 characters");
    for (const QChar c : user)
        if (c == QLatin1Char(':') || c.category() == QChar::Other_Control)
            return Tr::tr("must not contain ':' or control characters");
    return {};
}

QString defaultAccountWarning(const QString& user)
{
    if (user != sdkDefaultUser())
        return {};
    return Tr::tr("\"admin\" is the AEM SDK's default account: fine on this machine, but never use its password "
                  "anywhere else");
}

std::optional<ParsedCredential> localTargetCredential(const QString& author, const QString& publish,
                                                      const QString& user, QByteArray password, QString* error)
{
    auto fail = [error, &password](const QString& m) {
        wipeSecret(password);
        if (error)
            *error = m;
        return std::nullopt;
    };
    ParsedCredential c;
    c.kind = CredentialKind::Local;
    QString why;
    c.local.author = normaliseBaseUrl(author.isEmpty() ? defaultLocalAuthorUrl() : author, &why);
    if (!c.local.author.isValid())
        return fail(Tr::tr("author URL %1").arg(why));
    if (!publish.trimmed().isEmpty()) {
        c.local.publish = normaliseBaseUrl(publish, &why);
        if (!c.local.publish.isValid())
            return fail(Tr::tr("publish URL %1").arg(why));
    }
    if (!user.isEmpty()) {
        if (const QString p = basicUserProblem(user); !p.isEmpty())
            return fail(Tr::tr("user %1").arg(p));
        if (password.isEmpty())
            return fail(Tr::tr("password is empty: a user needs its password"));
        if (password.size() > 4096)
            return fail(Tr::tr("password is longer than 4096 bytes"));
        if (password.contains('\0') || password.contains('\n') || password.contains('\r'))
            return fail(Tr::tr("password must not contain a line break or a NUL byte"));
    } else if (!password.isEmpty()) {
        return fail(Tr::tr("password given without a user"));
    }
    c.local.user = user;
    c.local.password = std::move(password);
    return c;
}

QByteArray basicAuthorization(const QString& user, const QByteArray& password)
{
    QByteArray pair = user.toUtf8() + ':' + password;
    QByteArray value = "Basic " + pair.toBase64();
    wipeSecret(pair);
    return value;
}

} // namespace aem
