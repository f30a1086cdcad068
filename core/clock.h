// SPDX-License-Identifier: Apache-2.0
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

// Every expiry decision asks a Clock, so tests can move time in milliseconds
// (ManualClock, in tests/support/fakes.h).
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

} // namespace aem
