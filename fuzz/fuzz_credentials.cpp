// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: anything handed to the credential parser (and the JWT decoder behind it)
// must produce a result or a message, never a crash, a hang or a leak.

#include "credentials.h"
#include "fakes.h" // ManualClock
#include "jwt.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const aem::ManualClock clock(QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC));
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const aem::ParseResult r = aem::parseCredentialJson(input, clock);
    if (r.ok() == r.firstError().isEmpty()) {
        // ok() and "no error message" must agree.
    } else {
        __builtin_trap();
    }
    (void)aem::decodeJwt(input);
    return 0;
}
