// SPDX-License-Identifier: Apache-2.0
#include "countdown.h"

#include <QCoreApplication>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Countdown)
};
} // namespace

QString formatCountdown(qint64 remainingMs)
{
    const qint64 s = remainingMs > 0 ? remainingMs / 1000 : 0;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return Tr::tr("expired");
    const qint64 mins = ms / 60000;
    if (mins < 1)
        return Tr::tr("%1 s").arg(ms / 1000);
    if (mins < 60)
        return Tr::tr("%1 min").arg(mins);
    if (mins < 48 * 60)
        return Tr::tr("%1 h %2 min").arg(mins / 60).arg(mins % 60);
    return formatDays(mins / (24 * 60));
}

QString formatDays(qint64 days)
{
    // %n: the catalogue picks the plural form (English's own forms come from the _en catalogue).
    // Qt replaces %n only for n >= 0: the sign is put in front.
    if (days < 0)
        return QLatin1Char('-') + Tr::tr("%n day(s)", nullptr, int(-days));
    return Tr::tr("%n day(s)", nullptr, int(days));
}

int msUntilNextTick(qint64 remainingMs)
{
    if (remainingMs <= 0)
        return 1000;
    const int r = int(remainingMs % 1000);
    return r == 0 ? 1000 : r;
}

ExpiryState expiryState(const QDateTime& expiresAt, const QDateTime& now, qint64 expiringWithinMs)
{
    if (!expiresAt.isValid())
        return ExpiryState::None;
    const qint64 left = now.msecsTo(expiresAt);
    if (left <= 0)
        return ExpiryState::Expired;
    return left <= expiringWithinMs ? ExpiryState::Expiring : ExpiryState::Valid;
}

} // namespace aem
