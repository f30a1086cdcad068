// SPDX-License-Identifier: Apache-2.0
#include "storefiles.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
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
            *error =
                Tr::tr("cannot create the directory %1: %2").arg(QDir::toNativeSeparators(dir), describeErrno(err));
        return false;
    };
    const QStringList parts = abs.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString current;
    for (const QString& part : parts) {
        current += QLatin1Char('/') + part;
        const QByteArray native = QFile::encodeName(current);
        struct stat st
        { };
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
    struct stat st
    { };
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

StoreLock::StoreLock(const QString& lockPath) : m_path(lockPath)
{
}

StoreLock::~StoreLock()
{
    unlock();
}

bool StoreLock::lock(int timeoutMs, QString* error)
{
    m_heldByOther = false;
    if (m_fd >= 0)
        return true;
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!ensurePrivateDir(dir, error))
        return false;
    const QByteArray name = QFile::encodeName(m_path);
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (error)
            *error = Tr::tr("cannot write in %1: %2").arg(QDir::toNativeSeparators(dir), describeErrno(errno));
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
            break;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            if (error)
                *error = Tr::tr("cannot lock %1: %2").arg(QDir::toNativeSeparators(m_path), describeErrno(errno));
            ::close(fd);
            return false;
        }
        if (deadline.hasExpired()) {
            m_heldByOther = true;
            if (error) {
                char buf[32] = {};
                const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
                const qint64 pid = n > 0 ? QByteArray(buf, int(n)).trimmed().toLongLong() : 0;
                *error = pid > 0
                    ? Tr::tr("the credential list is being changed by another process (PID %1); try again when it "
                             "has finished")
                          .arg(pid)
                    : Tr::tr("the credential list is being changed by another process; try again when it has finished");
            }
            ::close(fd);
            return false;
        }
        QThread::msleep(20);
    }
    // Who holds it, for the message another process may show. Best effort: the lock is what counts.
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.constData(), size_t(pid.size()), 0) != pid.size()) {
        // A full disk can refuse even these few bytes; the caller's writes will say so.
    }
    m_fd = fd;
    return true;
}

void StoreLock::unlock()
{
    if (m_fd < 0)
        return;
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
    m_fd = -1;
}

bool StoreLock::isLocked() const
{
    return m_fd >= 0;
}

} // namespace aem
