// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every line aemtoken writes to stderr is its own: Qt's internal warnings ("QIODevice::read:
// device not open" and the like) are dropped unless debugging was asked for with --verbose or
// AEMTOKEN_DEBUG=1, and then they are prefixed so they are recognisable.

namespace aem {

void installQuietMessageHandler();
// --verbose: let Qt's messages through from now on.
void setVerboseMessages(bool verbose);

} // namespace aem
