// SPDX-License-Identifier: Apache-2.0
#pragma once

// A readable name to suggest when a credential is imported, instead of its raw client id: the
// program and environment ("p1234-e5678" for cm-p1234-e5678-integration-…), else the technical
// account's organisation, else the local token's user; always one that `taken` does not hold.

#include "credentials.h"

#include <QStringList>

namespace aem {

// The readable base ("p1234-e5678", "oauth-1a2b3c4d", "local-dev-jdoe"), before it is made unique.
QString readableCredentialName(const ParsedCredential& c);
// `base`, or "base-2", "base-3"… whichever `taken` does not hold (compared case-sensitively, as
// names are).
QString uniqueCredentialName(const QString& base, const QStringList& taken);
// A name taken from a file (a client id, when the command line imports without a name): as it
// is when it needs no quoting in a shell (shellWord), else made of letters, digits, '.', '_' and
// '-' only — a file cannot choose a name holding "$(…)", "*" or quotes.
QString plainCredentialName(const QString& fromFile);
// Both: what the import preview suggests.
QString suggestedCredentialName(const ParsedCredential& c, const QStringList& taken);

} // namespace aem
