// SPDX-License-Identifier: Apache-2.0
#include "httpbodyfile.h"

#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
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
    Q_DECLARE_TR_FUNCTIONS(aem::HttpFile)
};
// The kinds of file are credentialfile.cpp's words, translated once.
struct KindTr
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
        return KindTr::tr("a directory");
    if (S_ISFIFO(mode))
        return KindTr::tr("a pipe (FIFO)");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return KindTr::tr("a device");
    if (S_ISSOCK(mode))
        return KindTr::tr("a socket");
    return KindTr::tr("not a regular file");
}
} // namespace

QString httpBodyFilePath(const QString& httpFilePath, const QString& written)
{
    if (QDir::isAbsolutePath(written))
        return QDir::cleanPath(written);
    return QDir::cleanPath(QFileInfo(httpFilePath).absoluteDir().filePath(written));
}

std::optional<QByteArray> readHttpBodyFile(const QString& path, QString* error, const QString& within)
{
    const QString shown = QDir::toNativeSeparators(path);
    auto fail = [&](const QString& why) -> std::optional<QByteArray> {
        if (error)
            *error = Tr::tr("body file %1: %2").arg(shown, why);
        return std::nullopt;
    };
    const QString outsideWhy = Tr::tr("outside the folder of the .http file (%1); a collection sends only files in its "
                                      "own folder or below it");
    // Looked at before it is opened: opening is not harmless (a FIFO's writer is let go, a device
    // acts on open). The checks are made again on the open descriptor below, where no file
    // swapped in between can escape them.
    {
        struct stat before
        { };
        if (::stat(QFile::encodeName(path).constData(), &before) != 0)
            return fail(describeErrno(errno));
        if (!S_ISREG(before.st_mode))
            return fail(Tr::tr("%1, not a regular file; not read").arg(kindOf(before.st_mode)));
        if (!within.isEmpty()) {
            const QString real = QFileInfo(path).canonicalFilePath();
            const QString root = QDir(within).canonicalPath();
            if (root.isEmpty() || real.isEmpty() || !real.startsWith(root + QLatin1Char('/')))
                return fail(outsideWhy.arg(QDir::toNativeSeparators(root.isEmpty() ? within : root)));
        }
    }
    const Fd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0)
        return fail(describeErrno(errno));
    struct stat st
    { };
    if (::fstat(fd.get(), &st) != 0)
        return fail(describeErrno(errno));
    if (!S_ISREG(st.st_mode))
        return fail(Tr::tr("%1, not a regular file; not read").arg(kindOf(st.st_mode)));
    if (!within.isEmpty()) {
        // Where the open file really is (links followed): the kernel's name for the descriptor,
        // so no link swapped in between a check and the open can move it.
        QString real = QFile::symLinkTarget(QStringLiteral("/proc/self/fd/%1").arg(fd.get()));
        if (real.isEmpty())
            real = QFileInfo(path).canonicalFilePath();
        const QString root = QDir(within).canonicalPath();
        if (root.isEmpty() || real.isEmpty() || !real.startsWith(root + QLatin1Char('/')))
            return fail(outsideWhy.arg(QDir::toNativeSeparators(root.isEmpty() ? within : root)));
    }
    const QString tooLarge = Tr::tr("larger than %1 MiB; a body read from a file may hold at most that")
                                 .arg(kMaxHttpBodyFileBytes / (1024 * 1024));
    if (st.st_size > kMaxHttpBodyFileBytes)
        return fail(tooLarge);
    // A regular file does not block; clear O_NONBLOCK anyway so a short read means end of file.
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    // Sized for what fstat said plus one byte, to notice a file that grew since.
    QByteArray content(qsizetype(st.st_size) + 1, Qt::Uninitialized);
    qsizetype n = 0;
    for (;;) {
        if (n == content.size()) {
            if (content.size() > kMaxHttpBodyFileBytes)
                return fail(tooLarge);
            content.resize(qMin<qsizetype>(content.size() * 2 + 4096, kMaxHttpBodyFileBytes + 1));
        }
        const ssize_t got = ::read(fd.get(), content.data() + n, size_t(content.size() - n));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fail(describeErrno(errno));
        if (got == 0)
            break;
        n += got;
    }
    if (n > kMaxHttpBodyFileBytes)
        return fail(tooLarge);
    content.truncate(n);
    return content;
}

bool loadHttpBodyFile(ResolvedHttpRequest* request, const QString& httpFilePath, const QHash<QString, QString>& values,
                      QString* error, const HttpDynamicSource& dynamic)
{
    if (request->bodyFile.isEmpty())
        return true;
    const QString path = httpBodyFilePath(httpFilePath, request->bodyFile);
    // Only a file beside the collection or below it: a file from someone else's repository must
    // not be able to send ~/.ssh/id_rsa or ../../.aws/credentials with the user's token.
    auto content = readHttpBodyFile(path, error, QFileInfo(httpFilePath).absolutePath());
    if (!content)
        return false;
    if (!request->bodyFileVariables) {
        request->body = std::move(*content);
        return true;
    }
    QString why;
    const auto substituted =
        substituteHttpVariables(QString::fromUtf8(*content), values, request->bodyFileLine, &why, dynamic);
    if (!substituted) {
        if (error)
            *error = Tr::tr("body file %1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    request->body = substituted->toUtf8();
    return true;
}

} // namespace aem
