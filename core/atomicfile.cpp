// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::AtomicFile)
};
} // namespace

bool writeFileAtomically(const QString& path, const QByteArray& data, bool ownerOnly, QString* error)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (ownerOnly ? !ensurePrivateDir(dir, error) : !QDir().mkpath(dir)) {
        if (!ownerOnly && error)
            *error = Tr::tr("cannot create the directory %1").arg(QDir::toNativeSeparators(dir));
        return false;
    }
    QSaveFile f(path);
    const bool ok = f.open(QIODevice::WriteOnly)
        && (!ownerOnly || f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        // The explicit flush matters: Qt 6.4's commit() reports success when the
        // buffered bytes hit a full disk (seen with O_TMPFILE on tmpfs).
        && f.write(data) == data.size() && f.flush() && f.error() == QFileDevice::NoError && f.commit();
    if (!ok && error) {
        // QSaveFile reports the system's words; the probe names the cause in ours (disk full,
        // read-only file system, permission denied) when the directory itself refuses.
        const QString probe = probeWritable(dir);
        *error = Tr::tr("cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), probe.isEmpty() ? f.errorString() : probe);
    }
    return ok;
}

} // namespace aem
