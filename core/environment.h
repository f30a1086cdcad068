// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QUrl>

namespace aem {

// AEM's "who am I" (the user a token acts as): the request every "test the token" action sends.
inline QString currentUserPath()
{
    return QStringLiteral("/libs/granite/security/currentuser.json");
}

// The AEM environment a credential opens: derived from a client id "cm-p<P>-e<E>[-...]",
// with author/publish/preview URLs that the user may override (local SDK, sandbox).
struct Environment
{
    int program = 0;
    int environment = 0;
    QUrl author;
    QUrl publish;
    QUrl preview;

    static Environment fromClientId(const QString& clientId);
    bool isKnown() const { return program > 0 && environment > 0; }
    QString label() const; // "p123 e4567" or empty

    // Whether `url` points at one of this environment's hosts (scheme, host and port).
    bool ownsUrl(const QUrl& url) const;

    friend bool operator==(const Environment&, const Environment&) = default;
};

// Normalises what a user types for a base URL ("author-p1-e2.adobeaemcloud.com",
// "https://x/", "http://localhost:4502"). Returns an invalid QUrl with `error` set when unusable.
QUrl normaliseBaseUrl(const QString& text, QString* error = nullptr);

bool isLoopbackHost(const QString& host);

} // namespace aem
