// SPDX-License-Identifier: Apache-2.0
#include "clock.h"

namespace aem {

const Clock& SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace aem
