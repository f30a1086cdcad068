// SPDX-License-Identifier: Apache-2.0
#pragma once

// Time left on tokens and certificates, as users read it.

#include <QDateTime>
#include <QString>

namespace aem {

enum class ExpiryState { None, Valid, Expiring, Expired };

// "hh:mm:ss" of what remains (hours may exceed 24), "00:00:00" at or below zero.
QString formatCountdown(qint64 remainingMs);
// "3 h 12 min", "47 min", "2 days", "expired".
QString formatDuration(qint64 remainingMs);
// Milliseconds until formatCountdown(remaining) next changes: re-arming a single-shot timer with
// this keeps the display on second boundaries of the expiry, so it never drifts.
int msUntilNextTick(qint64 remainingMs);
// "1 day", "12 days" (until translations supply plural forms, English reads right).
QString formatDays(qint64 days);

ExpiryState expiryState(const QDateTime& expiresAt, const QDateTime& now, qint64 expiringWithinMs);

} // namespace aem
