// SPDX-License-Identifier: Apache-2.0
#include "secretstore.h"

#include <QCoreApplication>
#include <QTimer>

#include <qt6keychain/keychain.h>

#if !defined(Q_OS_MACOS) && !defined(Q_OS_WIN)
#define AEM_SECRET_SERVICE 1
#include "secretservice.h"
#endif

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::SecretStore)
};
} // namespace

void deliverLater(QObject* context, SecretCallback done, SecretResult result)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context, [guard, done = std::move(done), result = std::move(result)] {
        if (guard)
            done(result);
    });
}

void SecretStore::list(QObject* context, SecretCallback done)
{
    SecretResult r;
    r.error = SecretResult::Unsupported;
    r.errorString = Tr::tr("this keychain cannot list its items");
    deliverLater(context, std::move(done), r);
}

void SecretStore::probe(QObject* context, SecretCallback done)
{
    deliverLater(context, std::move(done), {});
}

void SecretStore::unlock(QObject* context, SecretCallback done)
{
    SecretResult r;
    r.error = SecretResult::Unsupported;
    deliverLater(context, std::move(done), r);
}

namespace {

SecretResult::Error mapError(QKeychain::Error e)
{
    switch (e) {
    case QKeychain::NoError: return SecretResult::NoError;
    case QKeychain::EntryNotFound: return SecretResult::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return SecretResult::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented: return SecretResult::Unavailable;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError: break;
    }
    return SecretResult::OtherError;
}

template<typename Job>
void runJob(Job* job, QObject* context, SecretCallback done, std::function<void(Job*, SecretResult&)> onSuccess = {})
{
    // Never write secrets to a plaintext QSettings file, whatever the platform offers.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [job, guard, done = std::move(done), onSuccess](QKeychain::Job*) {
                         if (!guard)
                             return;
                         SecretResult r;
                         r.error = mapError(job->error());
                         if (r.ok() && onSuccess)
                             onSuccess(job, r);
                         if (!r.ok())
                             r.errorString = job->errorString();
                         // libsecret reports a missing D-Bus session or Secret Service as a generic error.
                         if (r.error == SecretResult::OtherError
                             && (r.errorString.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive)
                                 || r.errorString.contains(QLatin1String("DBus"), Qt::CaseInsensitive)
                                 || r.errorString.contains(QLatin1String("org.freedesktop.secrets"))
                                 || r.errorString.contains(QLatin1String("No such secret collection"))
                                 || r.errorString.contains(QLatin1String("connect"), Qt::CaseInsensitive)))
                             r.error = SecretResult::Unavailable;
                         done(r);
                     });
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service) : m_service(std::move(service))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return Tr::tr("the macOS Keychain");
#elif defined(Q_OS_WIN)
    return Tr::tr("the Windows Credential Manager");
#else
    return Tr::tr("the Secret Service keychain (GNOME Keyring or KWallet)");
#endif
}

#if defined(AEM_SECRET_SERVICE)
namespace {

SecretResult fromService(const SecretServiceError& e)
{
    SecretResult r;
    r.errorString = e.errorString;
    switch (e.code) {
    case SecretServiceError::NoError: break;
    case SecretServiceError::NoSessionBus:
    case SecretServiceError::NoService:
    case SecretServiceError::NoCollection: r.error = SecretResult::Unavailable; break;
    case SecretServiceError::Locked:
    case SecretServiceError::NoPrompter:
    case SecretServiceError::TimedOut: r.error = SecretResult::Locked; break;
    case SecretServiceError::Denied:
    case SecretServiceError::Dismissed: r.error = SecretResult::AccessDenied; break;
    case SecretServiceError::Failed: r.error = SecretResult::OtherError; break;
    }
    return r;
}

SecretResult fromState(const SecretServiceState& s)
{
    SecretResult r;
    if (s.kind == SecretServiceState::Locked) {
        r.error = SecretResult::Locked;
        r.errorString = s.error.errorString;
    } else if (s.kind == SecretServiceState::Absent) {
        r = fromService(s.error);
        if (r.ok())
            r.error = SecretResult::Unavailable;
    }
    return r;
}

} // namespace

SecretService* KeychainSecretStore::secretService()
{
    if (!m_secretService)
        m_secretService = std::make_unique<SecretService>(m_service);
    return m_secretService.get();
}

void KeychainSecretStore::explainFailure(SecretResult r, QObject* context, SecretCallback done)
{
    secretService()->state(context, [r, done](const SecretServiceState& s) {
        const SecretResult state = fromState(s);
        done(state.ok() ? r : state);
    });
}

void KeychainSecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob<QKeychain::ReadPasswordJob>(
        job, context,
        [this, context, done](const SecretResult& r) {
            // QtKeychain answers "not found" for an item of a locked collection.
            if (r.ok())
                done(r);
            else
                explainFailure(r, context, done);
        },
        [](QKeychain::ReadPasswordJob* j, SecretResult& r) { r.data = j->binaryData(); });
}

void KeychainSecretStore::write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(data);
    runJob<QKeychain::WritePasswordJob>(job, context, [this, context, done](const SecretResult& r) {
        if (r.ok())
            done(r);
        else
            explainFailure(r, context, done);
    });
}

void KeychainSecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    // On a locked collection QtKeychain's delete reports success and the item stays: ask first,
    // and check afterwards that the item is really gone.
    secretService()->state(context, [this, key, context, done](const SecretServiceState& s) {
        const SecretResult state = fromState(s);
        if (!state.ok())
            return done(state);
        auto* job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(key);
        runJob<QKeychain::DeletePasswordJob>(job, context, [this, key, context, done](const SecretResult& r) {
            if (!r.ok())
                return explainFailure(r, context, done);
            secretService()->listItems(context, [key, done, r](const SecretServiceItems& items) {
                SecretResult checked = r;
                if (!items.ok()) { // an unchecked deletion is not a deletion
                    checked = fromService(items.error);
                    if (checked.ok())
                        checked.error = SecretResult::OtherError;
                }
                for (const SecretServiceItem& i : items.items)
                    if (i.key == key) {
                        checked.error = i.locked ? SecretResult::Locked : SecretResult::OtherError;
                        checked.errorString = Tr::tr("the keychain kept the item after deleting it");
                    }
                done(checked);
            });
        });
    });
}

void KeychainSecretStore::list(QObject* context, SecretCallback done)
{
    secretService()->listItems(context, [done](const SecretServiceItems& items) {
        SecretResult r = fromService(items.error);
        for (const SecretServiceItem& i : items.items)
            r.keys << i.key;
        done(r);
    });
}

void KeychainSecretStore::probe(QObject* context, SecretCallback done)
{
    secretService()->state(context, [done](const SecretServiceState& s) { done(fromState(s)); });
}

void KeychainSecretStore::unlock(QObject* context, SecretCallback done)
{
    secretService()->unlock(context, [done](const SecretServiceError& e) { done(fromService(e)); });
}

#else

void KeychainSecretStore::explainFailure(SecretResult r, QObject* context, SecretCallback done)
{
    deliverLater(context, std::move(done), r);
}

void KeychainSecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob<QKeychain::ReadPasswordJob>(
        job, context, std::move(done),
        [](QKeychain::ReadPasswordJob* j, SecretResult& r) { r.data = j->binaryData(); });
}

void KeychainSecretStore::write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(data);
    runJob<QKeychain::WritePasswordJob>(job, context, std::move(done));
}

void KeychainSecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob<QKeychain::DeletePasswordJob>(job, context, std::move(done));
}

void KeychainSecretStore::list(QObject* context, SecretCallback done)
{
    SecretStore::list(context, std::move(done));
}

void KeychainSecretStore::probe(QObject* context, SecretCallback done)
{
    SecretStore::probe(context, std::move(done));
}

void KeychainSecretStore::unlock(QObject* context, SecretCallback done)
{
    SecretStore::unlock(context, std::move(done));
}

#endif

} // namespace aem
