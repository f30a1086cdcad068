#pragma once

// Where secrets live: the OS keychain behind a small asynchronous interface, so unit tests can
// use an in-memory fake. There is deliberately no plaintext implementation.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace aem {

struct SecretResult
{
    enum Error { NoError, NotFound, Unavailable, AccessDenied, OtherError };
    Error error = NoError;
    QString errorString; // from the backend; never contains the secret
    QByteArray data;     // for reads

    bool ok() const { return error == NoError; }
};
using SecretCallback = std::function<void(const SecretResult&)>;

// Calls always complete asynchronously (never inside the call), on the caller's thread, and the
// callback is dropped if `context` has been destroyed by then.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // Human name of the backend for messages, e.g. "the Secret Service keychain".
    virtual QString backendName() const = 0;
    virtual void read(const QString& key, QObject* context, SecretCallback done) = 0;
    virtual void write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done) = 0;
    virtual void remove(const QString& key, QObject* context, SecretCallback done) = 0;
};

// The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows). `service` separates stores, e.g. the sandbox's throw-away one.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service);
    QString backendName() const override;
    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;

private:
    QString m_service;
};

// In-memory fake with failure injection, for unit tests.
class MemorySecretStore final : public SecretStore
{
public:
    QString backendName() const override { return QStringLiteral("the in-memory test keychain"); }
    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;

    // The next `count` calls of any kind fail with `error`.
    void failNext(int count, SecretResult::Error error = SecretResult::Unavailable);
    void setUnavailable(bool unavailable) { m_unavailable = unavailable; }
    const QHash<QString, QByteArray>& entries() const { return m_entries; }
    int callCount() const { return m_calls; }

private:
    bool injectFailure(QObject* context, const SecretCallback& done);
    QHash<QString, QByteArray> m_entries;
    int m_failCount = 0;
    SecretResult::Error m_failError = SecretResult::Unavailable;
    bool m_unavailable = false;
    int m_calls = 0;
};

// Delivers `result` to `done` on the next event-loop turn, unless `context` died.
void deliverLater(QObject* context, SecretCallback done, SecretResult result);

} // namespace aem
