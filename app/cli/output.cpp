// SPDX-License-Identifier: Apache-2.0
#include "output.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};
} // namespace

Output::Output(QObject* parent) : QObject(parent)
{
}

Output::~Output()
{
    if (m_ownFd && m_fd >= 0)
        ::close(m_fd);
}

void Output::openStandardOutput()
{
    m_name = Tr::tr("standard output");
    m_fd = STDOUT_FILENO;
    struct stat st
    { };
    if (::fstat(STDOUT_FILENO, &st) != 0)
        return; // closed: the first write reports it
    if (S_ISSOCK(st.st_mode)) {
        m_socket = true; // send(MSG_DONTWAIT): non-blocking per call, nothing changes for others
        m_nonBlocking = true;
    } else if (S_ISFIFO(st.st_mode)) {
        const int fd = ::open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            m_fd = fd;
            m_ownFd = true;
            m_nonBlocking = true;
        }
    }
}

bool Output::openPath(const QString& path)
{
    if (path == QLatin1String("-")) {
        openStandardOutput();
        return true;
    }
    m_name = path;
    const QByteArray native = QFile::encodeName(path);
    struct stat st
    { };
    const bool exists = ::stat(native.constData(), &st) == 0;
    if (!exists || S_ISREG(st.st_mode)) {
        m_save = std::make_unique<QSaveFile>(path);
        if (!m_save->open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            setError(m_save->errorString());
            m_save.reset();
            return false;
        }
        return true;
    }
    // A device, FIFO or anything else that is not a regular file: written in place. A FIFO
    // waits here for its reader, as with any other writer.
    const int fd = ::open(native.constData(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        setError(errno);
        return false;
    }
    m_fd = fd;
    m_ownFd = true;
    if (S_ISFIFO(st.st_mode) && ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) == 0)
        m_nonBlocking = true; // our own open file description: nobody else sees the flag
    return true;
}

void Output::setError(int errnum)
{
    setError(qt_error_string(errnum));
}

void Output::setError(const QString& cause)
{
    if (m_error.isEmpty())
        m_error = Tr::tr("cannot write to %1: %2").arg(m_name, cause);
    m_pending.clear();
    m_pendingPos = 0;
    if (m_notifier)
        m_notifier->setEnabled(false);
}

qint64 Output::writeSome(const char* data, qint64 size)
{
    for (;;) {
        const ssize_t n = m_socket ? ::send(m_fd, data, size_t(size), MSG_DONTWAIT | MSG_NOSIGNAL)
                                   : ::write(m_fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        return n;
    }
}

void Output::write(const QByteArray& data)
{
    if (failed() || data.isEmpty())
        return;
    m_wrote = true;
    if (m_save) {
        if (m_save->write(data) != data.size())
            setError(m_save->errorString());
        return;
    }
    if (m_fd < 0)
        openStandardOutput();
    if (m_pendingPos < m_pending.size()) { // already waiting for the reader: keep the order
        m_pending += data;
        m_wasFull = m_wasFull || isFull();
        return;
    }
    m_pending = data;
    m_pendingPos = 0;
    writePending();
}

bool Output::writePending()
{
    while (m_pendingPos < m_pending.size()) {
        const qint64 n = writeSome(m_pending.constData() + m_pendingPos, m_pending.size() - m_pendingPos);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && m_nonBlocking) {
            if (!m_notifier) {
                m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
                connect(m_notifier, &QSocketNotifier::activated, this, &Output::onWritable);
            }
            m_notifier->setEnabled(true);
            m_wasFull = m_wasFull || isFull();
            return true;
        }
        if (n < 0) {
            setError(errno);
            return false;
        }
        if (n == 0) {
            setError(Tr::tr("nothing could be written"));
            return false;
        }
        m_pendingPos += n;
    }
    m_pending.clear();
    m_pendingPos = 0;
    if (m_notifier)
        m_notifier->setEnabled(false);
    return true;
}

void Output::onWritable()
{
    // Compact now and then, so the queue does not grow by what was already written.
    if (m_pendingPos > kHighWater) {
        m_pending.remove(0, m_pendingPos);
        m_pendingPos = 0;
    }
    writePending();
    if (m_wasFull && !isFull()) {
        m_wasFull = false;
        Q_EMIT drained();
    }
}

bool Output::flush()
{
    if (failed())
        return false;
    if (m_save)
        return m_save->flush() || (setError(m_save->errorString()), false);
    while (!failed() && m_pendingPos < m_pending.size()) {
        pollfd p {m_fd, POLLOUT, 0};
        if (::poll(&p, 1, -1) < 0 && errno != EINTR) {
            setError(errno);
            break;
        }
        writePending();
    }
    if (m_wasFull && !failed()) {
        m_wasFull = false;
        Q_EMIT drained();
    }
    return !failed();
}

bool Output::commit()
{
    if (!flush()) {
        cancel();
        return false;
    }
    if (m_save) {
        const bool ok = m_save->commit();
        if (!ok)
            setError(m_save->errorString());
        m_save.reset();
        return ok;
    }
    return true;
}

void Output::cancel()
{
    m_save.reset(); // an uncommitted QSaveFile removes its temporary file: PATH stays as it was
}

} // namespace aem
