// SPDX-License-Identifier: Apache-2.0
// Every test program speaks English with its plural forms ("1 day", "2 days"), whatever the
// machine's locale, as the programs do once installTranslations() ran. Compiled into each test
// (an object of a static library nobody references would be dropped by the linker).
#include "i18n.h"

#include <QCoreApplication>

namespace {
void installEnglish()
{
    aem::installTranslations(QStringLiteral("en"));
}
} // namespace
Q_COREAPP_STARTUP_FUNCTION(installEnglish)
