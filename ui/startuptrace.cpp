// SPDX-License-Identifier: Apache-2.0
#include "startuptrace.h"

#include <QElapsedTimer>
#include <QtGlobal>

#include <cstdio>

namespace aem::ui::StartupTrace {

namespace {
bool g_enabled = false;
QElapsedTimer g_clock;
qint64 g_lastNs = 0;
} // namespace

void begin()
{
    g_enabled = qEnvironmentVariableIsSet("AEMTOKEN_STARTUP_TRACE");
    if (g_enabled)
        g_clock.start();
}

bool enabled()
{
    return g_enabled;
}

void mark(const char* step)
{
    if (!g_enabled)
        return;
    const qint64 ns = g_clock.nsecsElapsed();
    // A trace that cannot be written is no reason to stop the window.
    (void)std::fprintf(stderr, "startup: %8.2f ms  %+8.2f ms  %s\n", double(ns) / 1e6, double(ns - g_lastNs) / 1e6,
                       step);
    g_lastNs = ns;
}

} // namespace aem::ui::StartupTrace
