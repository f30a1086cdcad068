// SPDX-License-Identifier: Apache-2.0
#include "downloadwatcher.h"

#include "async.h"
#include "credentialfile.h"
#include "credentials.h"
#include "processhygiene.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::DownloadWatcher)
};
} // namespace

DownloadWatcher::DownloadWatcher(const Clock& clock, QObject* parent) : QObject(parent), m_clock(clock)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(300);
    connect(&m_settle, &QTimer::timeout, this, &DownloadWatcher::scan);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_settle.start(); });
}

QString DownloadWatcher::defaultFolder()
{
    // xdg-user-dirs turns a folder off by pointing it at the home directory
    // (XDG_DOWNLOAD_DIR="$HOME/"), and Qt then answers with HOME: no download folder at all —
    // never watch HOME, nor delete files kept there by default.
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (folder.isEmpty() || QDir(folder).canonicalPath() == QDir(QDir::homePath()).canonicalPath())
        return {};
    return folder;
}

bool DownloadWatcher::watch(const QString& folder, QString* error)
{
    ++m_generation;
    m_settle.stop();
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_seen.clear();
    m_folder.clear();
    if (folder.isEmpty())
        return true;
    const QFileInfo info(folder);
    if (!info.isDir() || !info.isReadable()) {
        if (error)
            *error = Tr::tr("the download folder %1 does not exist or cannot be read").arg(folder);
        return false;
    }
    m_folder = info.absoluteFilePath();
    if (!m_watcher.addPath(m_folder)) {
        if (error)
            *error = Tr::tr("the download folder %1 cannot be watched").arg(m_folder);
        m_folder.clear();
        return false;
    }
    m_seen = listing(); // what is there already is not offered
    return true;
}

QHash<QString, DownloadWatcher::Seen> DownloadWatcher::listing() const
{
    QHash<QString, Seen> out;
    const QFileInfoList entries = QDir(m_folder).entryInfoList(
        {QStringLiteral("*.json")}, QDir::Files | QDir::Readable | QDir::NoSymLinks, QDir::Name | QDir::IgnoreCase);
    for (const QFileInfo& f : entries)
        out.insert(f.fileName(), Seen {f.size(), f.lastModified().toUTC()});
    return out;
}

void DownloadWatcher::scan()
{
    if (m_folder.isEmpty())
        return;
    const QHash<QString, Seen> now = listing();
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        if (m_seen.value(it.key()) == it.value())
            continue;
        examine(QDir(m_folder).filePath(it.key()), it.value());
    }
    m_seen = now;
}

void DownloadWatcher::examine(const QString& path, const Seen& seen)
{
    // Empty (still being created) or far larger than any credential file: not read at all.
    if (seen.size <= 0 || seen.size > kMaxFileSize)
        return;
    const quint64 generation = m_generation;
    runThenCallback(
        this,
        [path, clock = &m_clock]() {
            // A regular file only: one swapped for a FIFO since the listing must not block a
            // pool thread for good.
            std::optional<ReadFile> file = readRegularFile(path, kMaxFileSize, nullptr);
            if (!file)
                return false;
            const bool ok = parseCredentialJson(file->content, *clock).ok();
            wipeSecret(file->content);
            return ok;
        },
        [this, path, generation](bool ok) {
            if (ok && generation == m_generation && QFileInfo::exists(path))
                Q_EMIT credentialFileFound(path);
        });
}

} // namespace aem
