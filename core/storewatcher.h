// SPDX-License-Identifier: Apache-2.0
#pragma once

// Tells an open window that another process (aemtoken, a second window) changed the store:
// the credential list (credentials.json in the data dir) or the cached tokens' expiry
// (tokens/<id>.json in the cache dir). Driven by the file system's change notifications, not by
// polling. Writers replace files atomically (a temporary file renamed over the target), which
// drops a watch on the file itself, so the directories are watched and the file watches are
// added again after every change. A burst of changes (an import touches several files) gives one
// signal, and only when the watched files really differ from what was last announced — lock
// files, temporary files and the request history do not count.

#include "credentialstore.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace aem {

class StoreWatcher : public QObject
{
    Q_OBJECT
public:
    // Creates the data dir and the cache's tokens dir (owner-only) if missing, so they can be
    // watched before the first credential is imported.
    explicit StoreWatcher(const StoreLocation& location, QObject* parent = nullptr);

    // Whether both directories are watched (false when the system refused, e.g. out of inotify
    // watches: the window then only sees its own changes).
    bool isWatching() const;
    QString tokensDir() const { return m_tokensDir; }

    // How long a burst may last before the one signal (default 50 ms).
    void setCoalesceMs(int ms);

Q_SIGNALS:
    void metadataChanged();
    void tokensChanged();

private:
    void rewatch();
    void check();
    QByteArray metadataState() const;
    QByteArray tokensState() const;

    QString m_dataDir;
    QString m_metadataFile;
    QString m_tokensDir;
    QFileSystemWatcher m_watcher;
    QTimer m_coalesce;
    QByteArray m_metadataState;
    QByteArray m_tokensState;
};

} // namespace aem
