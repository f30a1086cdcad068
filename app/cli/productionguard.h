// SPDX-License-Identifier: Apache-2.0
#pragma once

// The production guard of `aemtoken request` and `aemtoken run`, the command line's side of the
// request tester's rule (core/envtype.h needsProductionConfirmation()): anything but GET, HEAD
// or OPTIONS sent with a production credential's token (its type chosen, or suggested by its
// name or hosts) goes only with --allow-production, or when the user answers yes on the terminal
// (standard input and standard error both one; anything but y or yes is no). Otherwise the
// command fails before anything is sent: exit 1, one line, with --json the code
// "production_refused".

#include "command.h"
#include "credentialrecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace aem {

class Cli;

namespace cli {

// --allow-production, as both commands list it.
OptionSpec allowProductionOption();

// `methods`: the method of each request about to go with `record`'s token that needs the
// confirmation (empty: nothing to ask, true). `url`: the one request's URL (`request`), or empty
// for a run of several (one question for all of them). True: send. False: nothing may be sent,
// and the command has failed.
bool confirmProduction(Cli& cli, const CredentialRecord& record, const QList<QByteArray>& methods, const QString& url,
                       bool allowed);

} // namespace cli
} // namespace aem
