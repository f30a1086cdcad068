// SPDX-License-Identifier: Apache-2.0
#pragma once

// Watches one folder (the user's download folder) for Developer Console credential files that
// land there after it started: a *.json file (not a symbolic link) of at most 1 MiB that core's credential parser
// accepts. Parsing runs off the GUI thread; the content (it holds secrets) is wiped after. Files
// already there when watching begins are left alone; a file is looked at again only when its
// size or modification time changes (a download still being written, or downloaded again).

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace aem {

class Clock;

class DownloadWatcher : public QObject
{
    Q_OBJECT
public:
    explicit DownloadWatcher(const Clock& clock, QObject* parent = nullptr);

    // The user's download folder (QStandardPaths::DownloadLocation: the XDG download dir).
    static QString defaultFolder();

    // Starts watching `folder` (an empty string stops); false (and `error`) when it cannot be read.
    bool watch(const QString& folder, QString* error = nullptr);
    QString folder() const { return m_folder; }
    // Looks at the folder now (the watcher does so by itself shortly after every change).
    void scan();

    static constexpr qint64 kMaxFileSize = 1024 * 1024;

Q_SIGNALS:
    // A credential file arrived: `path` is absolute.
    void credentialFileFound(const QString& path);

private:
    struct Seen
    {
        qint64 size = -1;
        QDateTime modified;
        bool operator==(const Seen&) const = default;
    };
    QHash<QString, Seen> listing() const;
    void examine(const QString& path, const Seen& seen);

    const Clock& m_clock;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; // changes come in bursts while a browser writes
    QString m_folder;
    QHash<QString, Seen> m_seen; // file name -> what was last looked at
    quint64 m_generation = 0; // parses started for an earlier folder are dropped
};

} // namespace aem
