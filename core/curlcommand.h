// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place that writes a curl command line for a request (the request tester's "Copy as
// curl", the token panel's "Copy curl"). Every argument is single-quoted for POSIX shells, so a
// header or body with quotes, spaces, $, backslashes or line breaks reaches curl unchanged.

#include "aemrequest.h"

#include <QString>

namespace aem {

// `s` as one POSIX shell word: '...' with each ' written as '\''.
QString shellQuote(const QString& s);

// A curl command for the request, for a POSIX shell. The token is handed to curl on its standard
// input (printf … | curl -H @-), never in curl's argv; it appears as "$AEM_TOKEN" (expanded by
// the shell from the environment) unless `inlineToken` is given; then the command holds a secret.
QString curlCommand(const AemRequestSpec& spec, const QByteArray& inlineToken = {});
// A request sent as written (AemRequestSpec::asWritten): its own Authorization header(s), a
// secret, handed to curl on its standard input like the token (printf … | curl -H @-), never in
// curl's argv; no token.
QString curlCommandAsWritten(const AemRequestSpec& spec);
// For a local AEM target: no token; with HTTP Basic, `-u USER` (curl asks for the password).
QString localCurlCommand(const AemRequestSpec& spec, const QString& basicUser);

} // namespace aem
