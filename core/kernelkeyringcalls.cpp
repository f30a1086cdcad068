// SPDX-License-Identifier: Apache-2.0
// The kernel calls of the kernel-keyring cache (libkeyutils), each returning what the kernel
// returned or -errno, and /proc/keys, the only place that still tells an expired key's owner and
// description (keyctl_describe refuses an expired key).
#include "kernelkeyring.h"

#include <QFile>

#include <keyutils.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace aem {

namespace {
long result(long r)
{
    return r < 0 ? -long(errno) : r;
}
} // namespace

long KeyringCalls::keyringId(qint32 keyring, bool create)
{
    return result(keyctl_get_keyring_ID(keyring, create ? 1 : 0));
}

long KeyringCalls::addKey(const QByteArray& description, const QByteArray& payload, qint32 keyring)
{
    return result(add_key("user", description.constData(), payload.constData(), size_t(payload.size()), keyring));
}

long KeyringCalls::search(qint32 keyring, const QByteArray& description)
{
    return result(keyctl_search(keyring, "user", description.constData(), 0));
}

long KeyringCalls::read(qint32 key, QByteArray* out, int max)
{
    // Read straight into the caller's buffer: a secret payload is never copied (the caller wipes
    // the one buffer that held it).
    out->resize(max);
    const long n = result(keyctl_read(key, out->data(), size_t(out->size())));
    if (n >= 0)
        out->resize(int(std::min<long>(n, max)));
    else
        out->clear();
    return n;
}

long KeyringCalls::describe(qint32 key, QByteArray* out)
{
    char* text = nullptr;
    const long n = result(keyctl_describe_alloc(key, &text));
    if (n >= 0 && text)
        *out = QByteArray(text);
    std::free(text);
    return n;
}

long KeyringCalls::update(qint32 key, const QByteArray& payload)
{
    return result(keyctl_update(key, payload.constData(), size_t(payload.size())));
}

long KeyringCalls::setPerm(qint32 key, quint32 perm)
{
    return result(keyctl_setperm(key, perm));
}

long KeyringCalls::setTimeout(qint32 key, unsigned seconds)
{
    return result(keyctl_set_timeout(key, seconds));
}

long KeyringCalls::link(qint32 key, qint32 keyring)
{
    return result(keyctl_link(key, keyring));
}

long KeyringCalls::unlink(qint32 key, qint32 keyring)
{
    return result(keyctl_unlink(key, keyring));
}

long KeyringCalls::procKeys(QByteArray* out)
{
    QFile f(QStringLiteral("/proc/keys"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return -long(f.error() == QFileDevice::PermissionsError ? EACCES : ENOENT);
    *out = f.readAll();
    return out->size();
}

KeyringCalls& KeyringCalls::kernel()
{
    static KeyringCalls calls;
    return calls;
}

std::optional<KeyringCalls::ProcKey> KeyringCalls::parseProcKey(const QByteArray& line)
{
    // "%08x %7s %5d %4s %08x %5d %5d %-9.9s <description>[: <datalen>]" (security/keys/proc.c);
    // the type is cut at 9 characters, the user type's describe adds ": <datalen>".
    const QList<QByteArray> w = line.simplified().split(' ');
    if (w.size() < 9)
        return std::nullopt;
    bool okSerial = false, okPerm = false, okUid = false;
    ProcKey k;
    k.key = qint32(w.at(0).toUInt(&okSerial, 16));
    k.expired = w.at(3) == "expd";
    k.perm = w.at(4).toUInt(&okPerm, 16);
    k.uid = w.at(5).toUInt(&okUid);
    k.type = w.at(7);
    if (!okSerial || !okPerm || !okUid)
        return std::nullopt;
    QByteArray description = w.at(8);
    if (description.endsWith(':') && w.size() == 10)
        description.chop(1); // "desc: 907"
    else if (w.size() != 9)
        return std::nullopt; // a description with spaces: never one of ours
    k.description = description;
    return k;
}

} // namespace aem
