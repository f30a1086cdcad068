// SPDX-License-Identifier: Apache-2.0
#include "singleinstance.h"

#include "mainwindow.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDir>
#include <QFileInfo>
#include <QMetaMethod>
#include <QUrl>

namespace aem::ui {

namespace {
constexpr int kCallTimeoutMs = 10000;
constexpr int kMaxFiles = 64; // what one Open carries; more are not credential files
constexpr qsizetype kMaxPathLength = 4096; // PATH_MAX
} // namespace

QString SingleInstance::serviceName(bool sandbox)
{
    return sandbox ? QStringLiteral(AEMTOKEN_APP_ID ".Sandbox") : QStringLiteral(AEMTOKEN_APP_ID);
}

QString SingleInstance::objectPath()
{
    return QStringLiteral("/org/aemtoken/TokenManager");
}

bool SingleInstance::busAvailable()
{
    return QDBusConnection::sessionBus().isConnected();
}

SingleInstance::SingleInstance(const QString& service, QObject* parent) : QObject(parent), m_service(service)
{
}

SingleInstance::~SingleInstance()
{
    if (!m_registered)
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.unregisterObject(objectPath());
    bus.unregisterService(m_service);
}

QString SingleInstance::absolutePath(const QString& argument)
{
    if (argument.isEmpty())
        return {};
    if (argument.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        const QUrl url(argument);
        return url.isLocalFile() ? QFileInfo(url.toLocalFile()).absoluteFilePath() : QString();
    }
    if (argument.contains(QLatin1String("://")))
        return {};
    return QFileInfo(argument).absoluteFilePath();
}

SingleInstance::Role SingleInstance::claim(const QStringList& files, QString* why)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        if (why)
            *why = tr("no D-Bus session bus (%1): running without single-instance").arg(bus.lastError().message());
        return Role::Alone;
    }
    // Twice: the owner may quit between the failed claim and the call.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!bus.registerObject(objectPath(), this, QDBusConnection::ExportScriptableSlots)) {
            if (why)
                *why = tr("cannot export %1 on the session bus: running without single-instance").arg(objectPath());
            return Role::Alone;
        }
        const QDBusReply<QDBusConnectionInterface::RegisterServiceReply> reply = bus.interface()->registerService(
            m_service, QDBusConnectionInterface::DontQueueService, QDBusConnectionInterface::DontAllowReplacement);
        if (reply.isValid() && reply.value() == QDBusConnectionInterface::ServiceRegistered) {
            m_registered = true;
            return Role::Primary;
        }
        bus.unregisterObject(objectPath());
        if (!reply.isValid()) {
            if (why)
                *why = tr("cannot own %1 on the session bus (%2): running without single-instance")
                           .arg(m_service, reply.error().message());
            return Role::Alone;
        }
        if (call(files, why))
            return Role::Handed;
        if (bus.interface()->isServiceRegistered(m_service).value())
            return Role::Alone; // the owner is there but does not answer: `why` says so
    }
    return Role::Alone;
}

bool SingleInstance::call(const QStringList& files, QString* why)
{
    QDBusMessage m =
        QDBusMessage::createMethodCall(m_service, objectPath(), QStringLiteral(AEMTOKEN_APP_ID),
                                       files.isEmpty() ? QStringLiteral("Activate") : QStringLiteral("Open"));
    if (!files.isEmpty())
        m << files;
    const QDBusMessage answer = QDBusConnection::sessionBus().call(m, QDBus::Block, kCallTimeoutMs);
    if (answer.type() == QDBusMessage::ReplyMessage)
        return true;
    if (why)
        *why = tr("the running window (%1 on the session bus) did not answer (%2): running without single-instance")
                   .arg(m_service, answer.errorMessage());
    return false;
}

void SingleInstance::Activate()
{
    if (!isSignalConnected(QMetaMethod::fromSignal(&SingleInstance::activateRequested)))
        m_activatePending = true;
    Q_EMIT activateRequested();
}

void SingleInstance::Open(const QStringList& files)
{
    // Only absolute local paths, a bounded number: the caller resolved them in its own directory.
    QStringList paths;
    for (const QString& f : files) {
        if (paths.size() >= kMaxFiles)
            break;
        // A path no file system takes, or no regular file (a FIFO, a device, a directory): not
        // even queued (the import reads only regular files anyway).
        if (f.size() > kMaxPathLength || !QDir::isAbsolutePath(f) || f.contains(QChar(0)))
            continue;
        const QString path = QDir::cleanPath(f);
        if (QFileInfo(path).isFile() && !paths.contains(path))
            paths << path;
    }
    Activate();
    if (paths.isEmpty())
        return;
    if (!isSignalConnected(QMetaMethod::fromSignal(&SingleInstance::openRequested)))
        m_pendingFiles << paths;
    Q_EMIT openRequested(paths);
}

void bindToWindow(SingleInstance& instance, MainWindow& window)
{
    QObject::connect(&instance, &SingleInstance::activateRequested, &window, [&window] {
        window.showNormal();
        window.raise();
        window.activateWindow();
    });
    QObject::connect(&instance, &SingleInstance::openRequested, &window, [&window](const QStringList& files) {
        for (const QString& f : files)
            window.importFile(f);
    });
    // Calls answered while the window was being built (an event loop inside a keychain call).
    if (instance.takeActivatePending())
        Q_EMIT instance.activateRequested();
    if (const QStringList files = instance.takePendingFiles(); !files.isEmpty())
        Q_EMIT instance.openRequested(files);
}

} // namespace aem::ui
