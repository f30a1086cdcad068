// SPDX-License-Identifier: Apache-2.0
#include "processhygiene.h"

#include <QByteArray>
#include <QString>

#include <openssl/crypto.h>

#include <sys/resource.h>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace aem {

ProcessHygiene hardenProcess()
{
    ProcessHygiene result;
    // A crash while a private key, client secret or access token is in memory leaves no core
    // file; the hard limit too, so nothing the process starts can turn it back on.
    const rlimit none {0, 0};
    result.coreDisabled = setrlimit(RLIMIT_CORE, &none) == 0;
#if defined(__linux__)
    // Also what RLIMIT_CORE does not cover: with fs.suid_dumpable 0 (the default) the kernel
    // dumps a non-dumpable process nowhere, not even to a core_pattern pipe (systemd-coredump,
    // apport); and no process of the same user can ptrace it or read its memory through /proc.
    result.notDumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
#else
    result.notDumpable = true; // no such switch here: the core limit is what holds
#endif
    return result;
}

void wipeSecret(QByteArray& secret)
{
    if (!secret.isEmpty() && secret.isDetached())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret.clear();
}

void wipeSharedSecret(QByteArray& secret)
{
    // constData() never detaches: this is the buffer every owner shares, not a fresh copy of it
    // (as fill('\0') or data() would make).
    if (!secret.isEmpty() && !secret.isNull())
        OPENSSL_cleanse(const_cast<char*>(secret.constData()), size_t(secret.size()));
    secret.clear();
}

void wipeSecret(QString& secret)
{
    if (!secret.isEmpty() && secret.isDetached())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()) * sizeof(QChar));
    secret.clear();
}

} // namespace aem
