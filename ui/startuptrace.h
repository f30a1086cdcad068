// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace aem::ui {

// With AEMTOKEN_STARTUP_TRACE set, the window says on standard error how long each step of its
// start took (milliseconds since main() began, and since the step before): where a cold start
// spends its time, without a profiler. Off, a mark costs one branch.
namespace StartupTrace {
void begin(); // first thing in main()
void mark(const char* step); // a step has ended
bool enabled();
// Marks its step when it goes out of scope (the end of main(): what closing costs).
struct Scope
{
    explicit Scope(const char* step) : m_step(step) { }
    ~Scope() { mark(m_step); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    const char* m_step;
};
} // namespace StartupTrace

} // namespace aem::ui
