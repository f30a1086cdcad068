// SPDX-License-Identifier: Apache-2.0
#include "services.h"

#include "clock.h"
#include "network.h"
#include "secretstore.h"
#include "tokenadmin.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QNetworkAccessManager>

#include <algorithm>

namespace aem {

Services::Services(Options options, QObject* parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_clock(m_options.clock ? m_options.clock : &SystemClock::instance())
{
    if (m_options.secrets) {
        m_secrets = m_options.secrets;
    } else {
        m_ownSecrets = std::make_unique<KeychainSecretStore>(m_options.keychainService);
        m_secrets = m_ownSecrets.get();
    }
    m_store = std::make_unique<CredentialStore>(m_options.location, *m_secrets, *m_clock);
}

// The token service, the admin and the provider go before the network access manager and the store they use.
Services::~Services()
{
    m_tokenService.reset();
    m_admin.reset();
    m_tokens.reset();
    m_nam.reset();
}

QNetworkAccessManager& Services::nam()
{
    if (!m_nam) {
        if (m_options.proxy)
            applyProxy(*m_options.proxy);
        m_nam = std::make_unique<QNetworkAccessManager>();
        Q_EMIT networkAccessManagerMade(m_nam.get());
    }
    return *m_nam;
}

RetryPolicy Services::retryPolicy() const
{
    RetryPolicy r = m_options.retry;
    if (m_options.maxTimeMs > 0)
        r.totalMs = std::min(r.totalMs, m_options.maxTimeMs);
    return r;
}

TokenProvider& Services::tokens()
{
    if (!m_tokens) {
        TokenProvider::Options o;
        o.reuseMarginMs = m_options.reuseMarginMs;
        o.retry = retryPolicy();
        o.lazyNam = [this] { return &nam(); }; // a cached token makes no network access manager
        m_tokens = std::make_unique<TokenProvider>(source(), nullptr, *m_clock, o);
    }
    return *m_tokens;
}

TokenAdmin& Services::admin()
{
    if (!m_admin)
        m_admin = std::make_unique<TokenAdmin>(source(), tokenService(), &nam(), *m_clock, retryPolicy());
    return *m_admin;
}

TokenService& Services::tokenService()
{
    if (!m_tokenService) {
        m_tokenService = std::make_unique<TokenService>(source(), tokens(), *m_clock);
        // Renewal is the window's to switch on (from its settings); a command line that renews
        // other credentials' tokens while it runs would surprise.
        TokenService::Config c = m_tokenService->config();
        c.renewalEnabled = false;
        m_tokenService->setConfig(c);
    }
    return *m_tokenService;
}

bool Services::trustCaFiles(QString* error)
{
    if (m_caFilesRead)
        return true;
    return setCaFiles(m_options.caFiles, error);
}

bool Services::setCaFiles(const QStringList& files, QString* error)
{
    m_options.caFiles = files;
    m_caFilesRead = true;
    bool ok = true;
    QList<QSslCertificate> cas;
    for (const QString& file : files) {
        QString why;
        if (const auto c = readCaFile(file, &why)) {
            cas += *c;
        } else if (ok) {
            ok = false;
            if (error)
                *error = why;
        }
    }
    if (!cas.isEmpty() || m_trust)
        setExtraCas(cas);
    return ok;
}

void Services::setProxy(const ProxyConfig& proxy)
{
    m_options.proxy = proxy;
    if (m_nam) // else applied before the first connection
        applyProxy(proxy);
}

void Services::setReuseMargin(qint64 ms)
{
    m_options.reuseMarginMs = ms;
    if (m_tokens)
        m_tokens->setReuseMargin(ms);
}

void Services::setExtraCas(const QList<QSslCertificate>& cas)
{
    QObject::disconnect(m_trust);
    m_trust = trustExtraCas(&nam(), cas);
}

} // namespace aem
