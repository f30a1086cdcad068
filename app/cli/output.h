// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where `aemtoken` writes its results: standard output or `-o PATH`. Every write is checked; the
// first error is kept (with the destination and the cause, e.g. "cannot write to standard
// output: No space left on device") and later writes are dropped.
//
// -o to a regular file (or a new path) is atomic: a temporary file renamed over PATH on commit().
// Anything else — a character device, a FIFO — is opened and written in place, never replaced.
//
// Pipes, FIFOs and sockets are written without blocking: what they cannot take yet waits in a
// small queue, isFull() tells the producer to pause, and drained() says when to go on. (For a
// pipe on standard output we open our own description of it, /proc/self/fd/1, so O_NONBLOCK
// never leaks to the shell or the other processes sharing it.)

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSaveFile;
class QSocketNotifier;

namespace aem {

class Output : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kHighWater = 1024 * 1024;

    explicit Output(QObject* parent = nullptr);
    ~Output() override;

    // Standard output.
    void openStandardOutput();
    // -o PATH ("-" is standard output). False with errorString() set when it cannot be opened.
    bool openPath(const QString& path);

    void write(const QByteArray& data);
    bool isFull() const { return m_pending.size() - m_pendingPos > kHighWater; }
    bool failed() const { return !m_error.isEmpty(); }
    // Whether anything was handed to write() (--json then prints no error object after it).
    bool wroteAnything() const { return m_wrote; }
    QString errorString() const { return m_error; }

    // Writes everything still queued, waiting as long as the reader needs. False on an error.
    bool flush();
    // The end of a successful write: flush, then for the atomic file the rename over PATH.
    bool commit();
    // Drops the atomic file's temporary copy (a failed request leaves PATH as it was).
    void cancel();

Q_SIGNALS:
    // The queue was emptied after isFull(): the producer may go on.
    void drained();

private:
    void setError(int errnum);
    void setError(const QString& cause);
    // Writes from the queue without blocking; returns false on an error.
    bool writePending();
    qint64 writeSome(const char* data, qint64 size); // -1 with errno set
    void onWritable();

    QString m_name; // "standard output" or the path, for messages
    int m_fd = -1;
    bool m_ownFd = false;
    bool m_socket = false;
    bool m_nonBlocking = false;
    std::unique_ptr<QSaveFile> m_save;
    QByteArray m_pending;
    qsizetype m_pendingPos = 0;
    QSocketNotifier* m_notifier = nullptr;
    bool m_wasFull = false;
    bool m_wrote = false;
    QString m_error;
};

} // namespace aem
