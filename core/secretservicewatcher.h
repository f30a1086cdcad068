// SPDX-License-Identifier: Apache-2.0
#pragma once

// Tells when the Secret Service may have changed state: a collection locked or unlocked
// (Service.CollectionChanged, which gnome-keyring sends for both), created or deleted, or the
// service itself started, replaced or gone (its bus name). It says nothing of what changed: the
// listener asks again (SecretStore::probe). Without a session bus it never fires; a listener
// that must see a keychain started elsewhere keeps a slow poll besides.

#include <QObject>

namespace aem {

class SecretServiceWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SecretServiceWatcher(QObject* parent = nullptr);
    // Listening on the session bus (false: none to listen on).
    bool listening() const { return m_listening; }

Q_SIGNALS:
    void changed();

private Q_SLOTS:
    void onCollectionSignal();

private:
    bool m_listening = false;
};

} // namespace aem
