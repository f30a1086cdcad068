// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading a credential file a user (or another program on the session bus, or a download) named,
// and deleting it after its import, without trusting what the path holds: only a regular file
// is read, never a FIFO or a device (which would block a thread for good or stream without end),
// at most `limit` bytes into a buffer sized once (no copies of a private key left behind in
// freed memory), and the file deleted is the one that was read — not a link's target, not a file
// renamed over the path since.

#include <QByteArray>
#include <QString>

#include <optional>

namespace aem {

struct FileIdentity
{
    quint64 device = 0;
    quint64 inode = 0;
    bool valid() const { return device != 0 || inode != 0; }
    bool operator==(const FileIdentity&) const = default;
};

struct ReadFile
{
    QByteArray content; // secret: the caller wipes it (wipeSecret) when done
    FileIdentity identity;
};

// Opens without following a FIFO's open (O_NONBLOCK), refuses anything but a regular file and
// anything over `limit` bytes before reading; `error` is the cause (the caller names the file).
std::optional<ReadFile> readRegularFile(const QString& path, qsizetype limit, QString* error);

enum class DeleteResult {
    Deleted,
    DeletedOtherNamesRemain, // deleted, but another hard link still holds the same file
    Kept, // `error` says why: a link, changed since it was read, gone, or the cause of the failure
};

// Deletes `path` only if it is still the regular file `identity` that was read, with the same
// content (SHA-256 `digest`); a symbolic link is never followed nor removed (removing the link
// would leave the file it points to). Never blocks on a FIFO.
DeleteResult deleteReadFile(const QString& path, const FileIdentity& identity, const QByteArray& digest,
                            QString* error);

} // namespace aem
