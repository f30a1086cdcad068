// SPDX-License-Identifier: Apache-2.0
#include "credentialfile.h"

#include "processhygiene.h"
#include "storefiles.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aem {
namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::CredentialFile)
};

class Fd
{
public:
    explicit Fd(int fd) : m_fd(fd) { }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return Tr::tr("a directory");
    if (S_ISFIFO(mode))
        return Tr::tr("a pipe (FIFO)");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return Tr::tr("a device");
    if (S_ISSOCK(mode))
        return Tr::tr("a socket");
    return Tr::tr("not a regular file");
}

FileIdentity identityOf(const struct stat& st)
{
    return {quint64(st.st_dev), quint64(st.st_ino)};
}
} // namespace

std::optional<ReadFile> readRegularFile(const QString& path, qsizetype limit, QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const Fd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0)
        return fail(describeErrno(errno));
    struct stat st
    { };
    if (::fstat(fd.get(), &st) != 0)
        return fail(describeErrno(errno));
    if (!S_ISREG(st.st_mode))
        return fail(Tr::tr("%1, not a credential file; not read").arg(kindOf(st.st_mode)));
    if (st.st_size > limit)
        return fail(Tr::tr("larger than %1 KiB; credential files are a few kilobytes").arg(limit / 1024));
    // A regular file does not block; clear O_NONBLOCK anyway so a short read means end of file.
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    ReadFile read;
    read.identity = identityOf(st);
    // Sized once, one byte past the limit to notice a file that grew since fstat.
    read.content.resize(limit + 1);
    qsizetype n = 0;
    while (n <= limit) {
        const ssize_t got = ::read(fd.get(), read.content.data() + n, size_t(limit + 1 - n));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const int err = errno;
            wipeSecret(read.content);
            return fail(describeErrno(err));
        }
        if (got == 0)
            break;
        n += got;
    }
    if (n > limit) {
        wipeSecret(read.content);
        return fail(Tr::tr("larger than %1 KiB; credential files are a few kilobytes").arg(limit / 1024));
    }
    // Shrinking keeps the buffer: the bytes past n are zero or were wiped above.
    read.content.truncate(n);
    return read;
}

DeleteResult deleteReadFile(const QString& path, const FileIdentity& identity, const QByteArray& digest, QString* error)
{
    const QString name = QFileInfo(path).fileName();
    auto kept = [&](const QString& why) {
        if (error)
            *error = why;
        return DeleteResult::Kept;
    };
    const QByteArray native = QFile::encodeName(path);
    struct stat link
    { };
    if (::lstat(native.constData(), &link) != 0)
        return kept(Tr::tr("%1 is gone or cannot be read: %2").arg(name, describeErrno(errno)));
    if (S_ISLNK(link.st_mode))
        return kept(Tr::tr("%1 is a link; it was kept, and so was the file it points to").arg(name));
    const Fd fd(::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY));
    if (fd.get() < 0)
        return kept(Tr::tr("%1 is gone or cannot be read: %2").arg(name, describeErrno(errno)));
    struct stat st
    { };
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || (identity.valid() && identityOf(st) != identity)
        || st.st_size > 16 * 1024 * 1024)
        return kept(Tr::tr("%1 changed since it was read, so it was kept").arg(name));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer.data(), size_t(buffer.size()));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), got));
    }
    wipeSecret(buffer);
    if (digest.isEmpty() || hash.result() != digest)
        return kept(Tr::tr("%1 changed since it was read, so it was kept").arg(name));
    // The name must still lead to the file just checked (not one renamed over it meanwhile).
    struct stat again
    { };
    if (::lstat(native.constData(), &again) != 0 || identityOf(again) != identityOf(st))
        return kept(Tr::tr("%1 changed since it was read, so it was kept").arg(name));
    if (::unlink(native.constData()) != 0)
        return kept(Tr::tr("%1 could not be deleted: %2").arg(name, describeErrno(errno)));
    return st.st_nlink > 1 ? DeleteResult::DeletedOtherNamesRemain : DeleteResult::Deleted;
}

} // namespace aem
