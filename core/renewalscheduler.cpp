#include "renewalscheduler.h"

#include "clock.h"
#include "credentialstore.h"
#include "tokenprovider.h"

namespace aem {

RenewalScheduler::RenewalScheduler(CredentialStore& store, TokenProvider& tokens, const Clock& clock, QObject* parent)
    : QObject(parent), m_store(store), m_tokens(tokens), m_clock(clock)
{
}

void RenewalScheduler::track(const QString& name, const QDateTime& expiresAt)
{
    if (!expiresAt.isValid()) {
        forget(name);
        return;
    }
    m_expiry.insert(name, expiresAt);
    m_retryAfter.remove(name);
}

void RenewalScheduler::forget(const QString& name)
{
    m_expiry.remove(name);
    m_retryAfter.remove(name);
}

QDateTime RenewalScheduler::dueAt(const QString& name) const
{
    const QDateTime exp = m_expiry.value(name);
    return exp.isValid() ? exp.addMSecs(-m_leadMs) : QDateTime();
}

void RenewalScheduler::poll()
{
    if (!m_enabled)
        return;
    const QDateTime now = m_clock.now();
    const QStringList names = m_expiry.keys();
    for (const QString& name : names) {
        if (m_inFlight.contains(name) || now < dueAt(name))
            continue;
        if (const QDateTime retry = m_retryAfter.value(name); retry.isValid() && now < retry)
            continue;
        const auto rec = m_store.find(name);
        if (!rec || !canMint(rec->kind)) {
            forget(name);
            continue;
        }
        m_inFlight.insert(name);
        Q_EMIT renewing(name);
        m_tokens.token(name, true, this, [this, name](const TokenResult& r) {
            m_inFlight.remove(name);
            if (r.ok) {
                track(name, r.expiresAt);
                Q_EMIT renewed(name, r.expiresAt);
            } else {
                m_retryAfter.insert(name, m_clock.now().addSecs(60));
                Q_EMIT renewalFailed(name, r.error);
            }
        });
    }
}

} // namespace aem
