#pragma once

#include <QDateTime>

namespace aem {

// Every expiry decision asks a Clock, so tests can move time in milliseconds.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    static const Clock& instance();
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(start.toUTC()) {}
    QDateTime now() const override { return m_now; }
    void set(QDateTime t) { m_now = t.toUTC(); }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
};

} // namespace aem
