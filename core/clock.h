#pragma once

#include <QDateTime>

namespace aem {

// Every expiry decision asks a Clock, so tests can move time in milliseconds
// (ManualClock, in tests/support/fakes.h).
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

} // namespace aem
