// SPDX-License-Identifier: Apache-2.0
#include "expirynotifier.h"

#include "clock.h"
#include "countdown.h"
#include "credentialstore.h"
#include "tokenservice.h"

namespace aem {

namespace {
// Timers stand still while the machine is suspended: every wake judges against the Clock again.
constexpr qint64 kMaxSleepMs = 1000;
constexpr qint64 kDayMs = 24 * 3600 * 1000LL;

QString tokenKey(const CredentialRecord& r, const QDateTime& expires)
{
    return QStringLiteral("token:") + r.name + expires.toString(Qt::ISODate);
}
QString certificateKey(const QString& name)
{
    return QStringLiteral("cert:") + name;
}
} // namespace

ExpiryNotifier::ExpiryNotifier(const CredentialStore& store, const TokenService& tokens, const Clock& clock,
                               QObject* parent)
    : QObject(parent), m_store(store), m_tokens(tokens), m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ExpiryNotifier::check);
    connect(&m_tokens, &TokenService::changed, this, &ExpiryNotifier::check);
    connect(&m_store, &CredentialStore::changed, this, &ExpiryNotifier::check);
    if (const ClockJumps* jumps = m_clock.jumps())
        connect(jumps, &ClockJumps::jumped, this, &ExpiryNotifier::check);
    m_timer.start(0);
}

void ExpiryNotifier::setPolicy(const Policy& policy)
{
    m_policy = policy;
    check();
}

void ExpiryNotifier::forgetCertificate(const QString& name)
{
    m_notified.remove(certificateKey(name));
    check();
}

void ExpiryNotifier::once(const QString& key, const QString& title, const QString& text)
{
    if (m_notified.contains(key) || !m_policy.enabled)
        return;
    m_notified.insert(key);
    Q_EMIT notify(title, text);
}

void ExpiryNotifier::check()
{
    const QDateTime now = m_clock.now();
    std::optional<QDateTime> next; // the soonest instant a warning not given yet becomes due
    auto later = [&](const QDateTime& due) {
        if (due > now && (!next || due < *next))
            next = due;
    };
    const qint64 tokenMs = qint64(m_policy.tokenMinutes) * 60 * 1000;
    for (const CredentialRecord& r : m_store.records()) {
        const QDateTime exp = m_tokens.expiresAt(r.id);
        const qint64 left = exp.isValid() ? now.msecsTo(exp) : -1;
        const bool renewsItself = canMint(r.kind) && m_policy.autoRenew;
        if (left > 0 && !renewsItself) {
            if (left <= tokenMs)
                once(tokenKey(r, exp), tr("Token expires soon"),
                     r.kind == CredentialKind::LocalDev
                         ? tr("The local development token %1 expires in %2. Get a new one from the Developer "
                              "Console.")
                               .arg(r.name, formatDuration(left))
                         : tr("The token of %1 expires in %2.").arg(r.name, formatDuration(left)));
            else if (!m_notified.contains(tokenKey(r, exp)))
                later(exp.addMSecs(-tokenMs));
        }
        if (r.kind == CredentialKind::Service && r.certificateNotAfter.isValid()) {
            const qint64 days = now.msecsTo(r.certificateNotAfter) / kDayMs;
            if (days < m_policy.certificateDays)
                once(certificateKey(r.name), tr("Certificate expires soon"),
                     days < 0
                         ? tr("The certificate of %1 has expired: add a new one in the Developer Console.").arg(r.name)
                         : tr("The certificate of %1 expires in %2: add a new one in the Developer Console.")
                               .arg(r.name, formatDays(days)));
            else if (!m_notified.contains(certificateKey(r.name)))
                // Whole days left drop below the limit one millisecond after this instant.
                later(r.certificateNotAfter.addMSecs(-qint64(m_policy.certificateDays) * kDayMs + 1));
        }
    }
    schedule(m_policy.enabled && next ? *next : QDateTime());
}

void ExpiryNotifier::schedule(const QDateTime& due)
{
    m_nextDue = due;
    if (!due.isValid()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(0, m_clock.now().msecsTo(due), kMaxSleepMs)));
}

} // namespace aem
