// SPDX-License-Identifier: Apache-2.0
#pragma once

// Keeps secrets out of crash output and away from other processes of the same user: no core
// file (RLIMIT_CORE 0, soft and hard, so a child cannot raise it again) and not dumpable
// (PR_SET_DUMPABLE 0: no ptrace attach by the same user, /proc/PID/mem, environ, maps and
// smaps owned by root). Called first thing in main(), before Qt starts any thread.

#include <QByteArray>
#include <QString>

namespace aem {

struct ProcessHygiene
{
    bool coreDisabled = false; // RLIMIT_CORE is 0 soft and hard
    bool notDumpable = false; // PR_SET_DUMPABLE is 0 (Linux only; true elsewhere)
};

// Async-signal-safe (only system calls), so it may run in a freshly forked child too. Failures
// are not fatal: the program still runs, just less protected; the result says which part held.
ProcessHygiene hardenProcess();

// Overwrites a secret's bytes with zeros (OPENSSL_cleanse, not optimised away) if this object
// is the buffer's only owner, then empties it. A buffer still shared (implicit sharing: a copy
// handed to a widget or the clipboard) is left to its last owner, which a fill('\0') would only
// have copied, not wiped.
void wipeSecret(QByteArray& secret);
void wipeSecret(QString& secret);
// Overwrites the bytes of the buffer `secret` refers to even while other QByteArrays share it,
// then empties `secret`: the others then hold zeros. Only for a buffer whose other owners are
// done with it (a finished or aborted network reply's upload data); never for one a caller may
// still use.
void wipeSharedSecret(QByteArray& secret);

} // namespace aem
