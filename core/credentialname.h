// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a credential may be called. Names are free-form ("Expiring cert (p1234 e5678)") but
// stay usable as one quoted word on a command line and as one line of text: at most
// kMaxCredentialNameLength characters, no control or invisible formatting characters (CR,
// LF, NUL, tabs, bidirectional overrides), no leading or trailing white space, and no leading
// '-' (it would read as an option). Names are unique without regard to case ("Prod" and
// "prod" cannot both be stored: a user who types either means the same credential); a name
// may be looked up in any case when no record has it exactly.

#include <QString>

namespace aem {

inline constexpr int kMaxCredentialNameLength = 80;

// Empty when `name` is acceptable, else one line saying what is wrong with it.
QString credentialNameProblem(const QString& name);
bool isValidCredentialName(const QString& name);

// The form names are compared in for uniqueness: Unicode-composed and case-folded.
QString credentialNameKey(const QString& name);
bool sameCredentialName(const QString& a, const QString& b);

// A name as one word to paste into a POSIX shell, for the commands messages suggest: as it is
// when it holds only letters, digits and ._-@+=:,/ , else single-quoted.
QString shellWord(const QString& name);

} // namespace aem
