// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place both programs wire their services: the secret store and the credential store
// on it, the network access manager with the extra CAs it trusts, the token provider and the
// token admin, all built from one Options value. Parts that cost something at start (the
// network access manager, the TLS backend behind the CA files, the token provider) are made on
// first use, so `aemtoken token` with a cached token never loads them.

#include "credentialstore.h"
#include "imsclient.h"
#include "network.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <memory>

class QNetworkAccessManager;

namespace aem {

class Clock;
class SecretStore;
class TokenAdmin;
class TokenProvider;
class TokenService;

class Services : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        StoreLocation location = StoreLocation::standard();
        QString keychainService = QStringLiteral(AEMTOKEN_APP_ID);
        const Clock* clock = nullptr; // default: the system clock
        SecretStore* secrets = nullptr; // default: the OS keychain (tests inject their own)
        // Where tokens come from; default: the store. `--from FILE` gives a credential read from a
        // file for this call only (nothing of it is stored; its tokens cache in the kernel keyring).
        CredentialSource* source = nullptr;
        RetryPolicy retry; // every IMS call: the provider's and the admin's
        int maxTimeMs = 0; // all network work together (--max-time); 0 for none
        qint64 reuseMarginMs = 10 * 60 * 1000; // a cached token is reused while this much remains
        QStringList caFiles; // extra CAs trusted besides the system's
        // Applied process-wide before the first connection; nullopt leaves the process's as it is.
        std::optional<ProxyConfig> proxy;
    };

    explicit Services(Options options, QObject* parent = nullptr);
    ~Services() override;

    const Options& options() const { return m_options; }
    const Clock& clock() const { return *m_clock; }
    SecretStore& secrets() { return *m_secrets; }
    CredentialStore& store() { return *m_store; }
    CredentialSource& source() { return m_options.source ? *m_options.source : *m_store; }
    QNetworkAccessManager& nam();
    // The network access manager if something has used it yet, else null (nothing made).
    QNetworkAccessManager* namIfMade() const { return m_nam.get(); }
    TokenProvider& tokens();
    TokenAdmin& admin();
    // Token state per credential and renewal (what the window shows of tokens).
    TokenService& tokenService();

    // The retry policy of every IMS call, --max-time included.
    RetryPolicy retryPolicy() const;

    // Trusts the CA files of the options (read now, once; later calls do nothing). False with
    // `error` set for a file that cannot be used; the others are trusted all the same.
    bool trustCaFiles(QString* error = nullptr);
    // What the window's settings change while it runs: the CA files trusted (read now; an
    // unreadable one is left out and named in `error`), the proxy, the reuse margin.
    bool setCaFiles(const QStringList& files, QString* error = nullptr);
    void setProxy(const ProxyConfig& proxy);
    void setReuseMargin(qint64 ms);

Q_SIGNALS:
    // nam() has just made the network access manager (its first use).
    void networkAccessManagerMade(QNetworkAccessManager* nam);

private:
    Options m_options;
    const Clock* m_clock;
    std::unique_ptr<SecretStore> m_ownSecrets;
    SecretStore* m_secrets;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenAdmin> m_admin;
    std::unique_ptr<TokenService> m_tokenService;
    void setExtraCas(const QList<QSslCertificate>& cas);

    bool m_caFilesRead = false;
    QMetaObject::Connection m_trust;
};

} // namespace aem
