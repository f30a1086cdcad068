// SPDX-License-Identifier: Apache-2.0
#include "passwordinput.h"

#include "processhygiene.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

void dropLineBreak(QByteArray& b)
{
    if (b.endsWith('\n'))
        b.chop(1);
    if (b.endsWith('\r'))
        b.chop(1);
}

// Reads from `fd` until a line break (`line`) or the end, at most kMaxPasswordBytes + 1 bytes.
std::optional<QByteArray> readFd(int fd, bool line, const QString& what, QString* error)
{
    QByteArray buf(kMaxPasswordBytes + 1, '\0');
    qsizetype n = 0;
    while (n < buf.size()) {
        const ssize_t r = ::read(fd, buf.data() + n, line ? 1 : std::size_t(buf.size() - n));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            wipeSecret(buf);
            if (error)
                *error = Tr::tr("cannot read the password from %1: %2").arg(what, qt_error_string(errno));
            return std::nullopt;
        }
        if (r == 0)
            break;
        n += r;
        if (line && buf[n - 1] == '\n')
            break;
    }
    if (n > kMaxPasswordBytes) {
        wipeSecret(buf);
        if (error)
            *error = Tr::tr("the password from %1 is longer than %2 bytes").arg(what).arg(kMaxPasswordBytes);
        return std::nullopt;
    }
    QByteArray out(buf.constData(), n);
    wipeSecret(buf);
    dropLineBreak(out);
    return out;
}
} // namespace

std::optional<QByteArray> readPasswordFromTty(const QString& prompt, QString* error)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (error)
            *error = Tr::tr("no terminal to read the password from; give it on standard input with --password-stdin");
        return std::nullopt;
    }
    termios old {};
    const bool isTerm = ::tcgetattr(fd, &old) == 0;
    if (isTerm) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const QByteArray p = prompt.toLocal8Bit();
    if (::write(fd, p.constData(), std::size_t(p.size())) < 0) { } // the prompt is a courtesy
    auto result = readFd(fd, true, QStringLiteral("/dev/tty"), error);
    if (isTerm)
        ::tcsetattr(fd, TCSAFLUSH, &old);
    ::close(fd);
    return result;
}

std::optional<QByteArray> readPasswordFromStdin(QString* error)
{
    return readFd(STDIN_FILENO, false, QStringLiteral("stdin"), error);
}

} // namespace aem::cli
