// SPDX-License-Identifier: Apache-2.0
#include "expirynotifier.h"

#include "clock.h"
#include "countdown.h"
#include "tokenservice.h"

namespace aem {

ExpiryNotifier::ExpiryNotifier(const TokenService& tokens, const Clock& clock, QObject* parent)
    : QObject(parent), m_tokens(tokens), m_clock(clock)
{
}

void ExpiryNotifier::forgetCertificate(const QString& name)
{
    m_notified.remove(QStringLiteral("cert:") + name);
}

void ExpiryNotifier::once(const QString& key, const QString& title, const QString& text)
{
    if (m_notified.contains(key) || !m_policy.enabled)
        return;
    m_notified.insert(key);
    Q_EMIT notify(title, text);
}

void ExpiryNotifier::check(const QList<CredentialRecord>& records)
{
    const QDateTime now = m_clock.now();
    for (const CredentialRecord& r : records) {
        const QDateTime exp = m_tokens.expiresAt(r.id);
        const qint64 left = exp.isValid() ? now.msecsTo(exp) : -1;
        const bool renewsItself = canMint(r.kind) && m_policy.autoRenew;
        if (left > 0 && left <= qint64(m_policy.tokenMinutes) * 60 * 1000 && !renewsItself)
            once(QStringLiteral("token:") + r.name + exp.toString(Qt::ISODate), tr("Token expires soon"),
                 r.kind == CredentialKind::LocalDev
                     ? tr("The local development token %1 expires in %2. Get a new one from the Developer Console.")
                           .arg(r.name, formatDuration(left))
                     : tr("The token of %1 expires in %2.").arg(r.name, formatDuration(left)));
        if (r.kind == CredentialKind::Service && r.certificateNotAfter.isValid()) {
            const qint64 days = now.msecsTo(r.certificateNotAfter) / (24 * 3600 * 1000);
            if (days < m_policy.certificateDays)
                once(QStringLiteral("cert:") + r.name, tr("Certificate expires soon"),
                     days < 0
                         ? tr("The certificate of %1 has expired: add a new one in the Developer Console.").arg(r.name)
                         : tr("The certificate of %1 expires in %2: add a new one in the Developer Console.")
                               .arg(r.name, formatDays(days)));
        }
    }
}

} // namespace aem
