// SPDX-License-Identifier: Apache-2.0
#include "storewatcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace aem {

namespace {

constexpr auto kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

// mkpath, but every directory it creates is 0700 whatever the umask.
void makePrivatePath(const QString& path)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    QStringList missing;
    for (QString p = clean; !p.isEmpty() && !QFileInfo::exists(p); p = QFileInfo(p).path()) {
        missing.prepend(p);
        if (p == QFileInfo(p).path())
            break;
    }
    for (const QString& dir : std::as_const(missing))
        if (QDir().mkdir(dir))
            QFile::setPermissions(dir, kOwnerOnly);
}

// What identifies one version of a file: replaced atomically it gets a new inode, rewritten in
// place a new modification time (nanoseconds) or size.
QByteArray fileState(const QString& path)
{
    struct stat st
    { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return QByteArrayLiteral("-");
    return QByteArray::number(qulonglong(st.st_ino)) + ':' + QByteArray::number(qlonglong(st.st_size)) + ':'
        + QByteArray::number(qlonglong(st.st_mtim.tv_sec)) + '.' + QByteArray::number(qlonglong(st.st_mtim.tv_nsec));
}

} // namespace

StoreWatcher::StoreWatcher(const StoreLocation& location, QObject* parent)
    : QObject(parent),
      m_dataDir(location.dataDir),
      m_metadataFile(location.dataDir + QStringLiteral("/credentials.json")),
      m_tokensDir(location.cacheDir + QStringLiteral("/tokens"))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(50);
    connect(&m_coalesce, &QTimer::timeout, this, &StoreWatcher::check);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_coalesce, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_coalesce, qOverload<>(&QTimer::start));
    rewatch();
    m_metadataState = metadataState();
    m_tokensState = tokensState();
}

bool StoreWatcher::isWatching() const
{
    const QStringList dirs = m_watcher.directories();
    return dirs.contains(m_dataDir) && dirs.contains(m_tokensDir);
}

void StoreWatcher::setCoalesceMs(int ms)
{
    m_coalesce.setInterval(ms);
}

void StoreWatcher::rewatch()
{
    // A directory deleted under us (rm -rf of the cache) loses its watch: make it again.
    for (const QString& dir : {m_dataDir, m_tokensDir}) {
        makePrivatePath(dir);
        if (!m_watcher.directories().contains(dir))
            m_watcher.addPath(dir);
    }
    // The files themselves too, for writers that rewrite in place rather than rename.
    QStringList files;
    if (QFileInfo::exists(m_metadataFile))
        files << m_metadataFile;
    const QStringList tokens = QDir(m_tokensDir).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& name : tokens)
        files << m_tokensDir + QLatin1Char('/') + name;
    const QStringList watched = m_watcher.files();
    for (const QString& f : std::as_const(files))
        if (!watched.contains(f))
            m_watcher.addPath(f);
}

QByteArray StoreWatcher::metadataState() const
{
    return fileState(m_metadataFile);
}

QByteArray StoreWatcher::tokensState() const
{
    QByteArray state;
    const QStringList tokens = QDir(m_tokensDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : tokens)
        state += QFile::encodeName(name) + '=' + fileState(m_tokensDir + QLatin1Char('/') + name) + ';';
    return state;
}

void StoreWatcher::check()
{
    rewatch();
    const QByteArray metadata = metadataState();
    const QByteArray tokens = tokensState();
    const bool metadataMoved = metadata != m_metadataState;
    const bool tokensMoved = tokens != m_tokensState;
    m_metadataState = metadata;
    m_tokensState = tokens;
    if (metadataMoved)
        Q_EMIT metadataChanged();
    if (tokensMoved)
        Q_EMIT tokensChanged();
}

} // namespace aem
