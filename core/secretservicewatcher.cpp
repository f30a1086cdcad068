// SPDX-License-Identifier: Apache-2.0
#include "secretservicewatcher.h"

#include <QDBusConnection>
#include <QDBusServiceWatcher>

namespace aem {

SecretServiceWatcher::SecretServiceWatcher(QObject* parent) : QObject(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    const QString service = QStringLiteral("org.freedesktop.secrets");
    const QString path = QStringLiteral("/org/freedesktop/secrets");
    const QString iface = QStringLiteral("org.freedesktop.Secret.Service");
    // Any sender: the match must hold across a restart of the service (another unique name).
    bool ok = true;
    for (const char* member : {"CollectionChanged", "CollectionCreated", "CollectionDeleted"})
        ok = bus.connect(QString(), path, iface, QLatin1String(member), this, SLOT(onCollectionSignal())) && ok;
    auto* owner = new QDBusServiceWatcher(service, bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(owner, &QDBusServiceWatcher::serviceOwnerChanged, this, &SecretServiceWatcher::changed);
    m_listening = ok;
}

void SecretServiceWatcher::onCollectionSignal()
{
    Q_EMIT changed();
}

} // namespace aem
