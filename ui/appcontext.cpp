// SPDX-License-Identifier: Apache-2.0
#include "appcontext.h"

#include "clock.h"
#include "credentials.h"
#include "localtarget.h"
#include "network.h"
#include "sandboxprocess.h"
#include "storewatcher.h"
#include "tokenservice.h"

#include <QFile>
#include <QStandardPaths>

namespace aem::ui {

namespace {
QJsonArray snapshot(const QList<CredentialRecord>& records)
{
    QJsonArray out;
    for (const CredentialRecord& r : records)
        out.append(r.toJson());
    return out;
}
} // namespace

AppContext::AppContext(Options options, QObject* parent) : QObject(parent), m_options(std::move(options))
{
    if (m_options.sandbox) {
        // The sandbox never mixes with real credentials: its own store and keychain service.
        const QString root = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/aem-token-manager/sandbox");
        m_options.location = StoreLocation::under(root + QStringLiteral("/store"));
        m_options.keychainService = QStringLiteral(AEMTOKEN_APP_ID ".sandbox");
        m_options.settingsPath = root + QStringLiteral("/settings.ini");
    }
    m_settings = AppSettings::load(m_options.settingsPath);
    Services::Options so;
    so.location = m_options.location;
    so.keychainService = m_options.keychainService;
    so.clock = m_options.clock;
    so.secrets = m_options.secrets;
    so.reuseMarginMs = qint64(m_settings.renewLeadMinutes) * 60 * 1000;
    so.proxy = m_settings.proxy();
    so.caFiles = caFiles();
    m_services = std::make_unique<Services>(std::move(so));
    m_clock = &m_services->clock();
    m_store = &m_services->store();
    m_store->primeRead(m_options.prefetched);
    m_options.prefetched = {};
    m_store->load();
    m_tokenService = &m_services->tokenService();
    configureTokenService();
    m_history = std::make_unique<RequestHistory>(RequestHistory::defaultPath(m_options.location.dataDir));
    m_history->load();
    m_services->trustCaFiles();

    // Changes by aemtoken or another window: the list and the tokens follow without polling.
    // What this process writes itself is announced by CredentialStore::changed and not again.
    // Kept as records (shared, not copied) and compared as JSON only when the watcher fires.
    m_announced = m_store->records();
    connect(m_store, &CredentialStore::changed, this, [this] { m_announced = m_store->records(); });
    m_watcher = std::make_unique<StoreWatcher>(m_options.location);
    connect(m_watcher.get(), &StoreWatcher::metadataChanged, this, &AppContext::syncStore);
    // The token service follows first, so what is told of the change reads the new state.
    connect(this, &AppContext::credentialsChanged, m_tokenService, &TokenService::refresh);
    connect(m_watcher.get(), &StoreWatcher::tokensChanged, m_tokenService, &TokenService::refresh);
    connect(m_watcher.get(), &StoreWatcher::tokensChanged, this, &AppContext::tokensChanged);
}

void AppContext::whenNamMade(QObject* context, const std::function<void(QNetworkAccessManager&)>& use)
{
    if (QNetworkAccessManager* nam = m_services->namIfMade()) {
        use(*nam);
        return;
    }
    connect(
        m_services.get(), &Services::networkAccessManagerMade, context,
        [use](QNetworkAccessManager* nam) { use(*nam); }, Qt::SingleShotConnection);
}

void AppContext::configureTokenService()
{
    TokenService::Config c = m_tokenService->config();
    c.renewalEnabled = m_settings.autoRenew;
    c.leadMs = qint64(m_settings.renewLeadMinutes) * 60 * 1000;
    m_tokenService->setConfig(c);
}

void AppContext::syncStore()
{
    // A file that cannot be read now (damaged, half-restored) keeps the list as it was.
    if (!m_store->load())
        return;
    const QList<CredentialRecord>& now = m_store->records();
    if (now.constData() == m_announced.constData() || snapshot(now) == snapshot(m_announced))
        return; // the same list (an unchanged file is not read again), or the same records
    m_announced = now;
    Q_EMIT credentialsChanged();
}

AppContext::~AppContext() = default;

bool AppContext::setSettings(const AppSettings& s)
{
    m_settings = s;
    const bool saved = m_settings.save(m_options.settingsPath);
    m_services->setProxy(m_settings.proxy());
    m_services->setReuseMargin(qint64(m_settings.renewLeadMinutes) * 60 * 1000);
    configureTokenService();
    updateTrust();
    Q_EMIT settingsChanged();
    return saved;
}

QStringList AppContext::caFiles() const
{
    QStringList files;
    if (!m_settings.extraCaFile.isEmpty())
        files << m_settings.extraCaFile;
    if (m_sandbox && m_sandbox->isReady())
        files << m_sandbox->caFile();
    return files;
}

void AppContext::updateTrust()
{
    // An unreadable file is named in the settings dialog when chosen; connections then fail
    // with an explained TLS error.
    m_services->setCaFiles(caFiles());
}

void AppContext::start()
{
    if (!m_options.sandbox)
        return;
    m_sandbox = std::make_unique<SandboxProcess>();
    connect(m_sandbox.get(), &SandboxProcess::failed, this, [this](const QString& error) {
        m_sandbox.release()->deleteLater(); // inside its own signal
        Q_EMIT sandboxFailed(error);
    });
    connect(m_sandbox.get(), &SandboxProcess::stopped, this, &AppContext::sandboxStopped);
    connect(m_sandbox.get(), &SandboxProcess::ready, this, [this] {
        updateTrust();
        QList<QByteArray> files;
        for (const QString& path : m_sandbox->demoFiles()) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                files << f.readAll();
        }
        // The sandbox store is throw-away: start from the demo credentials of this sandbox run.
        clearSandboxStore([this, files] { importSandboxDemo(files); });
    });
    m_sandbox->start();
}

void AppContext::clearSandboxStore(std::function<void()> then)
{
    m_store->load();
    if (m_store->records().isEmpty()) {
        then();
        return;
    }
    const QString name = m_store->records().first().name;
    m_store->removeCredential(name, this, [this, then](bool ok, const QString& error) {
        if (!ok) {
            Q_EMIT sandboxFailed(error);
            return;
        }
        clearSandboxStore(then);
    });
}

void AppContext::importSandboxDemo(const QList<QByteArray>& files)
{
    if (files.isEmpty()) {
        importSandboxLocal();
        return;
    }
    const ParseResult parsed = parseCredentialJson(files.first(), *m_clock);
    const QList<QByteArray> rest = files.mid(1);
    if (!parsed.ok()) {
        Q_EMIT sandboxFailed(parsed.firstError());
        return;
    }
    CredentialStore::ImportOptions o;
    switch (parsed.credential->kind) {
    case CredentialKind::Service: o.name = QStringLiteral("sandbox-service"); break;
    case CredentialKind::OAuth: o.name = QStringLiteral("sandbox-oauth"); break;
    case CredentialKind::LocalDev: o.name = QStringLiteral("sandbox-local-dev"); break;
    case CredentialKind::Local: o.name = QStringLiteral("sandbox-local"); break;
    }
    o.author = QUrl(m_sandbox->baseUrl());
    m_store->importCredential(*parsed.credential, o, this, [this, rest](const CredentialStore::ImportResult& r) {
        if (!r.ok) {
            Q_EMIT sandboxFailed(r.error);
            return;
        }
        importSandboxDemo(rest);
    });
}

void AppContext::importSandboxLocal()
{
    // The child's local AEM author, with the SDK's default sign-in (admin:admin): the password
    // goes to the keychain like the other demo secrets.
    const QString url = m_sandbox ? m_sandbox->localAuthorUrl() : QString();
    if (url.isEmpty()) {
        Q_EMIT sandboxReady(); // an older aemtoken without one
        return;
    }
    QString error;
    auto cred = localTargetCredential(url, {}, sdkDefaultUser(), "admin", &error);
    if (!cred) {
        Q_EMIT sandboxFailed(error);
        return;
    }
    CredentialStore::ImportOptions o;
    o.name = QStringLiteral("sandbox-local-sdk");
    m_store->importCredential(*cred, o, this, [this](const CredentialStore::ImportResult& r) {
        if (!r.ok) {
            Q_EMIT sandboxFailed(r.error);
            return;
        }
        Q_EMIT sandboxReady();
    });
}

} // namespace aem::ui
