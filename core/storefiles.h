// SPDX-License-Identifier: Apache-2.0
#pragma once

// File-system helpers for the store: private directories whatever the umask, the store's lock
// with the true reason when it cannot be taken, and errno turned into words a user reads.

#include <QString>

namespace aem {

// "the disk is full", "permission denied", "read-only file system", ... for an errno value.
QString describeErrno(int err);

// Creates `path` and any missing parents with mode 0700 (whatever the umask), and tightens
// `path` itself to 0700 when it already exists and belongs to us. On failure `error` names the
// directory and the cause.
bool ensurePrivateDir(const QString& path, QString* error = nullptr);

// Why a file cannot be created in `dir` right now (probes with a temporary file): empty when it
// can. Used to explain a failure whose API gives no errno (QLockFile, QSaveFile).
QString probeWritable(const QString& dir);

// The store's write lock (one writer at a time across processes): flock() on an open descriptor,
// so the kernel releases it when its process ends however it ends, and a live holder is never
// taken over however long it takes (a lock file judged "stale" by its age could be).
class StoreLock
{
public:
    explicit StoreLock(const QString& lockPath);
    ~StoreLock();
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;

    // Waits up to `timeoutMs`; on failure `error` says why: another process (with its PID), or
    // the file-system cause (disk full, permission denied, read-only file system).
    bool lock(int timeoutMs, QString* error);
    void unlock();
    bool isLocked() const;
    // After a failed lock(): whether a live process holds it (worth waiting for).
    bool heldByOther() const { return m_heldByOther; }

private:
    int m_fd = -1;
    QString m_path;
    bool m_heldByOther = false;
};

} // namespace aem
