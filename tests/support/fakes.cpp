// SPDX-License-Identifier: Apache-2.0
#include "fakes.h"

#include <QPointer>
#include <QTimer>

namespace aem {

bool MemorySecretStore::injectFailure(QObject* context, const SecretCallback& done)
{
    ++m_calls;
    SecretResult r;
    if (m_unavailable) {
        r.error = SecretResult::Unavailable;
        r.errorString = QStringLiteral("no keychain (test)");
    } else if (m_locked) {
        r.error = SecretResult::Locked;
        r.errorString = QStringLiteral("the collection is locked (test)");
    } else if (m_failAt >= 0) {
        if (m_failAt-- != 0)
            return false;
        r.error = m_failError;
        r.errorString = QStringLiteral("injected failure (test)");
    } else if (m_failCount > 0) {
        --m_failCount;
        r.error = m_failError;
        r.errorString = QStringLiteral("injected failure (test)");
    } else {
        return false;
    }
    deliver(context, done, r);
    return true;
}

void MemorySecretStore::failNext(int count, SecretResult::Error error)
{
    m_failCount = count;
    m_failError = error;
}

void MemorySecretStore::failCall(int index, SecretResult::Error error)
{
    m_failAt = index;
    m_failError = error;
}

void MemorySecretStore::list(QObject* context, SecretCallback done)
{
    SecretResult r;
    if (m_unavailable) {
        r.error = SecretResult::Unavailable;
        r.errorString = QStringLiteral("no keychain (test)");
    } else {
        r.keys = m_entries.keys();
        r.keys.sort();
    }
    deliver(context, std::move(done), r);
}

void MemorySecretStore::probe(QObject* context, SecretCallback done)
{
    SecretResult r;
    if (m_unavailable)
        r.error = SecretResult::Unavailable;
    else if (m_locked)
        r.error = SecretResult::Locked;
    deliver(context, std::move(done), r);
}

void MemorySecretStore::unlock(QObject* context, SecretCallback done)
{
    SecretResult r;
    if (m_unavailable) {
        r.error = SecretResult::Unavailable;
    } else if (m_locked && m_unlockRefused) {
        r.error = SecretResult::Locked;
        r.errorString = QStringLiteral("no prompt can be shown (test)");
    } else {
        m_locked = false;
    }
    deliver(context, std::move(done), r);
}

void MemorySecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    if (injectFailure(context, done))
        return;
    SecretResult r;
    if (auto it = m_entries.constFind(key); it != m_entries.cend())
        r.data = *it;
    else
        r.error = SecretResult::NotFound;
    deliver(context, std::move(done), r);
}

void MemorySecretStore::write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done)
{
    if (injectFailure(context, done))
        return;
    m_entries.insert(key, data);
    deliver(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    if (injectFailure(context, done))
        return;
    SecretResult r;
    if (!m_entries.remove(key))
        r.error = SecretResult::NotFound;
    deliver(context, std::move(done), r);
}

void MemorySecretStore::deliver(QObject* context, SecretCallback done, SecretResult result)
{
    if (m_held) {
        ++m_pending;
        m_heldAnswers.push_back({QPointer<QObject>(context), std::move(done), std::move(result)});
        return;
    }
    if (m_delayMs <= 0)
        return deliverLater(context, std::move(done), std::move(result));
    // A slow keychain (an unlock prompt, a busy daemon): the answer comes much later.
    QPointer<QObject> guard(context);
    ++m_pending;
    QTimer::singleShot(m_delayMs, &m_timers, [this, guard, done = std::move(done), result = std::move(result)] {
        if (m_held) { // held while on its way: it waits with the others
            m_heldAnswers.push_back({guard, done, result});
            return;
        }
        --m_pending;
        if (guard)
            done(result);
    });
}

void MemorySecretStore::holdAnswers(bool hold)
{
    m_held = hold;
    if (hold)
        return;
    auto answers = std::move(m_heldAnswers);
    m_heldAnswers.clear();
    for (auto& a : answers) {
        --m_pending;
        if (a.context)
            deliverLater(a.context, std::move(a.done), std::move(a.result));
    }
}

} // namespace aem
