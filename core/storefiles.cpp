#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::StoreFiles)
};
} // namespace

QString describeErrno(int err)
{
    switch (err) {
    case ENOSPC: return Tr::tr("the disk is full");
    case EDQUOT: return Tr::tr("the disk quota is exhausted");
    case EACCES:
    case EPERM: return Tr::tr("permission denied");
    case EROFS: return Tr::tr("read-only file system");
    case ENOENT: return Tr::tr("no such file or directory");
    case ENOTDIR: return Tr::tr("a part of the path is not a directory");
    case EISDIR: return Tr::tr("it is a directory");
    case EIO: return Tr::tr("input/output error");
    case EMFILE:
    case ENFILE: return Tr::tr("too many open files");
    case ENAMETOOLONG: return Tr::tr("the path is too long");
    case EEXIST: return Tr::tr("it already exists");
    default: break;
    }
    return QString::fromLocal8Bit(std::strerror(err));
}

bool ensurePrivateDir(const QString& path, QString* error)
{
    const QString abs = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    auto fail = [&](const QString& dir, int err) {
        if (error)
            *error = Tr::tr("cannot create the directory %1: %2").arg(QDir::toNativeSeparators(dir), describeErrno(err));
        return false;
    };
    const QStringList parts = abs.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString current;
    for (const QString& part : parts) {
        current += QLatin1Char('/') + part;
        const QByteArray native = QFile::encodeName(current);
        struct stat st {};
        if (::stat(native.constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                return fail(current, ENOTDIR);
            continue;
        }
        if (errno != ENOENT)
            return fail(current, errno);
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
            return fail(current, errno);
        // The umask may have taken bits away (0700 & ~umask); set exactly 0700.
        if (::chmod(native.constData(), 0700) != 0)
            return fail(current, errno);
    }
    // An existing directory of ours that is open to others is tightened.
    const QByteArray native = QFile::encodeName(abs);
    struct stat st {};
    if (::stat(native.constData(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 0077) != 0)
        ::chmod(native.constData(), st.st_mode & 0700);
    return true;
}

QString probeWritable(const QString& dir)
{
    QByteArray templ = QFile::encodeName(dir + QStringLiteral("/.probe-XXXXXX"));
    const int fd = ::mkstemp(templ.data());
    if (fd < 0)
        return describeErrno(errno);
    int err = 0;
    const char byte[64] = {};
    if (::write(fd, byte, sizeof byte) != ssize_t(sizeof byte) || ::fsync(fd) != 0)
        err = errno;
    ::close(fd);
    ::unlink(templ.constData());
    return err ? describeErrno(err) : QString();
}

StoreLock::StoreLock(const QString& lockPath) : m_path(lockPath) {}

StoreLock::~StoreLock() = default;

bool StoreLock::lock(int timeoutMs, QString* error)
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!ensurePrivateDir(dir, error))
        return false;
    m_lock = std::make_unique<QLockFile>(m_path);
    // A live holder renews nothing: the lock is only stale when its process is gone, which
    // QLockFile checks by PID at once. The stale time covers a holder frozen for minutes.
    m_lock->setStaleLockTime(5 * 60 * 1000);
    m_heldByOther = false;
    if (m_lock->tryLock(timeoutMs))
        return true;
    m_heldByOther = m_lock->error() == QLockFile::LockFailedError;
    if (error) {
        if (m_lock->error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host, app;
            m_lock->getLockInfo(&pid, &host, &app);
            *error = pid > 0 ? Tr::tr("the credential list is being changed by another process (%1, PID %2); try again when it "
                                  "has finished")
                                   .arg(app.isEmpty() ? Tr::tr("unknown") : app)
                                   .arg(pid)
                             : Tr::tr("the credential list is being changed by another process; try again when it has finished");
        } else {
            const QString why = probeWritable(dir);
            *error = Tr::tr("cannot write in %1: %2")
                         .arg(QDir::toNativeSeparators(dir), why.isEmpty() ? Tr::tr("the lock file cannot be created") : why);
        }
    }
    m_lock.reset();
    return false;
}

void StoreLock::unlock()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

bool StoreLock::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

} // namespace aem
