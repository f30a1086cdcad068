// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where secrets live: the OS keychain behind a small asynchronous interface, so unit tests can
// use an in-memory fake (tests/support/fakes.h; core ships none). There is deliberately no plaintext implementation.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace aem {

struct SecretResult
{
    // Unavailable: no keychain at all (no D-Bus session, no Secret Service). Locked: it is
    // there but locked and could not be unlocked now. AccessDenied: the user or the system
    // refused. Unsupported: this backend cannot do that call (e.g. list on macOS).
    enum Error { NoError, NotFound, Unavailable, Locked, AccessDenied, Unsupported, OtherError };
    Error error = NoError;
    QString errorString; // from the backend; never contains the secret
    QByteArray data; // for reads
    QStringList keys; // for list()

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
    // Every key of ours in the keychain, locked ones included, without reading a secret.
    virtual void list(QObject* context, SecretCallback done);
    // Whether the keychain can be used now: NoError, Locked or Unavailable.
    virtual void probe(QObject* context, SecretCallback done);
    // Asks the user to unlock the keychain where a prompt can be shown.
    virtual void unlock(QObject* context, SecretCallback done);
};

// The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows). `service` separates stores, e.g. the sandbox's throw-away one.
//
// On Linux the Secret Service itself (SecretService, over D-Bus) fills what QtKeychain cannot
// do: list our items, tell a locked collection from a missing item (QtKeychain reports a read
// of a locked collection as "not found" and a delete there as success, while the item stays),
// and show the unlock prompt.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service);
    ~KeychainSecretStore() override;
    QString backendName() const override;
    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;
    void list(QObject* context, SecretCallback done) override;
    void probe(QObject* context, SecretCallback done) override;
    void unlock(QObject* context, SecretCallback done) override;

private:
    class SecretService* secretService();
    // `r` stands unless the collection turns out to be locked or absent.
    void explainFailure(SecretResult r, QObject* context, SecretCallback done);
    QString m_service;
    std::unique_ptr<class SecretService> m_secretService;
};

// Delivers `result` to `done` on the next event-loop turn, unless `context` died.
void deliverLater(QObject* context, SecretCallback done, SecretResult result);

} // namespace aem
