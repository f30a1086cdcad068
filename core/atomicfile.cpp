#include "atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace aem {

bool writeFileAtomically(const QString& path, const QByteArray& data, bool ownerOnly, QString* error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    const bool ok = f.open(QIODevice::WriteOnly)
                    && (!ownerOnly || f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                    && f.write(data) == data.size() && f.commit();
    if (!ok && error)
        *error = QCoreApplication::translate("aem::AtomicFile", "cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), f.errorString());
    return ok;
}

} // namespace aem
