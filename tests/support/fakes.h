// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fakes tests use in place of the system's services: a clock that moves only when told to and
// an in-memory keychain with failure injection. They live here, not in core: the programs ship
// none. Link aemfakes (or aemtestsupport, which brings it) and include "fakes.h".

#include "clock.h"
#include "secretstore.h"

#include <QHash>
#include <QPointer>

#include <vector>

namespace aem {

// A clock that only moves when told to; for tests.
// A clock that only moves when told to. Every move is announced by jumps().
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(start.toUTC()) { }
    QDateTime now() const override { return m_now; }
    void set(QDateTime t)
    {
        m_now = t.toUTC();
        Q_EMIT m_jumps.jumped();
    }
    void advanceMs(qint64 ms)
    {
        m_now = m_now.addMSecs(ms);
        Q_EMIT m_jumps.jumped();
    }
    const ClockJumps* jumps() const override { return &m_jumps; }

private:
    QDateTime m_now;
    ClockJumps m_jumps;
};

// In-memory fake with failure injection, for unit tests.
class MemorySecretStore final : public SecretStore
{
public:
    QString backendName() const override { return QStringLiteral("the in-memory test keychain"); }
    // Each call answers on the next turn of the event loop, as a D-Bus job would, so callers
    // that forget to wait are caught.
    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QByteArray& data, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;
    // Lists every key held; fails only while setUnavailable(true).
    void list(QObject* context, SecretCallback done) override;
    void probe(QObject* context, SecretCallback done) override;
    void unlock(QObject* context, SecretCallback done) override;

    // The next `count` calls of read, write or remove fail with `error`.
    void failNext(int count, SecretResult::Error error = SecretResult::Unavailable);
    // Only the call `index` from now (0: the next read, write or remove) fails.
    void failCall(int index, SecretResult::Error error = SecretResult::OtherError);
    void setUnavailable(bool unavailable) { m_unavailable = unavailable; }
    // Every answer comes this long after the call (0: on the next event-loop turn).
    void setDelayMs(int ms) { m_delayMs = ms; }
    // While held, no answer is delivered (those already on their way included): they wait, in
    // order, until holdAnswers(false). Lets a test stop the keychain at an exact point.
    void holdAnswers(bool hold);
    // Delayed answers not delivered yet (delivered or dropped for a dead context).
    int pendingAnswers() const { return m_pending; }
    // Locked: reads, writes and removes fail with Locked, list still answers (as the Secret
    // Service does), unlock() unlocks unless `unlockRefused`.
    void setLocked(bool locked, bool unlockRefused = false)
    {
        m_locked = locked;
        m_unlockRefused = unlockRefused;
    }
    bool isLocked() const { return m_locked; }
    const QHash<QString, QByteArray>& entries() const { return m_entries; }
    QHash<QString, QByteArray>& entries() { return m_entries; }
    int callCount() const { return m_calls; }

private:
    bool injectFailure(QObject* context, const SecretCallback& done);
    void deliver(QObject* context, SecretCallback done, SecretResult result);
    struct HeldAnswer
    {
        QPointer<QObject> context;
        SecretCallback done;
        SecretResult result;
    };
    int m_delayMs = 0;
    int m_pending = 0;
    bool m_held = false;
    std::vector<HeldAnswer> m_heldAnswers;
    QObject m_timers; // the delayed answers die with the store
    QHash<QString, QByteArray> m_entries;
    int m_failCount = 0;
    int m_failAt = -1;
    SecretResult::Error m_failError = SecretResult::Unavailable;
    bool m_unavailable = false;
    bool m_locked = false;
    bool m_unlockRefused = false;
    int m_calls = 0;
};

} // namespace aem
