// SPDX-License-Identifier: Apache-2.0
#pragma once

// The services one window works with, wired once: keychain, credential store, network, token
// provider, renewal, settings, and (with --sandbox) the emulator, as a child process, with its own store.

#include "appsettings.h"
#include "credentialstore.h"
#include "metadatafile.h"
#include "requesthistory.h"
#include "secretstore.h"
#include "services.h"
#include "tokenadmin.h"
#include "tokenprovider.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QObject>

#include <functional>
#include <memory>

namespace aem {
class Clock;
class TokenService;
class StoreWatcher;
} // namespace aem

namespace aem::ui {

class SandboxProcess;

class AppContext : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool sandbox = false;
        StoreLocation location = StoreLocation::standard();
        QString keychainService = QStringLiteral(AEMTOKEN_APP_ID);
        QString settingsPath = AppSettings::defaultPath();
        const Clock* clock = nullptr; // default: the system clock
        SecretStore* secrets = nullptr; // default: the OS keychain
        // The store's credentials.json read ahead (desktop_main, while the window system starts):
        // taken only if the file still holds the same bytes when the store loads.
        MetadataFile prefetched;
    };

    explicit AppContext(Options options, QObject* parent = nullptr);
    ~AppContext() override;

    // With `sandbox`: starts the emulator (`aemtoken sandbox`, a child process that lives as long
    // as this context) and imports its demo credentials (asynchronously; sandboxReady() or
    // sandboxFailed() follows).
    void start();

    bool isSandbox() const { return m_options.sandbox; }
    const Clock& clock() const { return *m_clock; }
    SecretStore& secrets() { return m_services->secrets(); }
    CredentialStore& store() { return m_services->store(); }

    // Token state, hand-out and renewal; what the window shows of tokens comes from here.
    TokenService& tokenService() { return *m_tokenService; }
    QNetworkAccessManager& nam() { return m_services->nam(); }
    // Calls `use` with the network access manager once it exists: now, or when first used (it is
    // not made for this: a window that never connects never loads it).
    void whenNamMade(QObject* context, const std::function<void(QNetworkAccessManager&)>& use);
    SandboxProcess* sandbox() { return m_sandbox.get(); }
    RequestHistory& history() { return *m_history; }
    TokenAdmin& admin() { return m_services->admin(); }

    const AppSettings& settings() const { return m_settings; }
    // Applied at once; false when the file could not be written (settingsPath() names it).
    bool setSettings(const AppSettings& s);
    const QString& settingsPath() const { return m_options.settingsPath; }

    // Re-reads the credential list and announces credentialsChanged() if it differs from what
    // was last announced (another process changed it). Done on every change the watcher sees;
    // call it before acting on a selection that may have gone stale.
    void syncStore();
    StoreWatcher* watcher() { return m_watcher.get(); }

Q_SIGNALS:
    // The stored credentials differ from what the views were last told (another process, or
    // this one through another store object): views reload their rows.
    void credentialsChanged();
    // A cached token's expiry changed on disk (another process minted, renewed or revoked).
    void tokensChanged();
    void sandboxReady();
    void sandboxFailed(const QString& error);
    // The sandbox child ended after it was ready: its credentials cannot get tokens any more.
    void sandboxStopped(const QString& reason);
    void settingsChanged();

private:
    void updateTrust();
    QStringList caFiles() const; // the settings' CA file and, in --sandbox mode, the sandbox's
    void configureTokenService();
    void importSandboxDemo(const QList<QByteArray>& files);
    void importSandboxLocal();
    void clearSandboxStore(std::function<void()> then);

    Options m_options;
    // Keychain, store, network, trust, tokens and admin, as the command line has them too.
    std::unique_ptr<Services> m_services;
    const Clock* m_clock = nullptr; // m_services's
    CredentialStore* m_store = nullptr; // m_services's
    TokenService* m_tokenService = nullptr; // m_services's
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<RequestHistory> m_history;
    AppSettings m_settings;
    std::unique_ptr<StoreWatcher> m_watcher;
    QList<CredentialRecord> m_announced; // the records views were last told about
};

} // namespace aem::ui
