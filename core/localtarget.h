// SPDX-License-Identifier: Apache-2.0
#pragma once

// A local AEM target: the AEM SDK's quickstart on this machine ("in which case an access token is
// not needed"). Base URLs, no IMS, optionally HTTP Basic sign-in whose password lives in the
// keychain. Shared by `aemtoken add-local` and the window's "Add local AEM SDK" dialog.

#include "credentials.h"

#include <QByteArray>
#include <QString>

namespace aem {

// What the SDK's quickstart listens on by default.
inline QString defaultLocalAuthorUrl()
{
    return QStringLiteral("http://localhost:4502");
}
inline QString defaultLocalPublishUrl()
{
    return QStringLiteral("http://localhost:4503");
}
// The SDK's default account (admin:admin).
inline QString sdkDefaultUser()
{
    return QStringLiteral("admin");
}

// Checks what a user typed and builds the credential to store: URLs normalised (https anywhere,
// plain http only to loopback), a user without ':' or control characters, a password only and
// always with a user. `publish` may be empty. On failure returns nullopt and sets `error` to one
// line naming the field. `password` is moved into the result (the caller wipes its copy).
std::optional<ParsedCredential> localTargetCredential(const QString& author, const QString& publish,
                                                      const QString& user, QByteArray password, QString* error);

// Why `user` cannot be an HTTP Basic user (empty when it can).
QString basicUserProblem(const QString& user);

// The warning for the SDK's default account, or empty for any other user.
QString defaultAccountWarning(const QString& user);

// "Basic base64(user:password)": an Authorization header value (secret; the caller wipes it).
QByteArray basicAuthorization(const QString& user, const QByteArray& password);

} // namespace aem
