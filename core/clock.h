#pragma once

#include <QDateTime>
#include <QObject>

namespace aem {

// Announces that a clock jumped (a manual clock was set or advanced), so what waits on it can
// judge again at once instead of at its next timer.
class ClockJumps : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void jumped();
};

// Every expiry decision asks a Clock, so tests can move time in milliseconds.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    // Jumps of this clock, when it announces them (nullptr: it does not).
    virtual const ClockJumps* jumps() const { return nullptr; }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    static const Clock& instance();
};

// A clock that only moves when told to; for tests. Every move is announced by jumps().
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(start.toUTC()) {}
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

} // namespace aem
