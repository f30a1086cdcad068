// SPDX-License-Identifier: Apache-2.0
#include "tokenservice.h"

#include "clock.h"
#include "credentialsource.h"
#include "tokenprovider.h"

#include <QPointer>

namespace aem {

namespace {
// The renewal timer never sleeps longer than this: timers stand still while the machine is
// suspended, so a long sleep would wake late; every wake judges against the Clock again.
constexpr int kMaxSleepMs = 1000;
} // namespace

TokenService::TokenService(CredentialSource& source, TokenProvider& tokens, const Clock& clock, QObject* parent)
    : QObject(parent), m_source(source), m_tokens(tokens), m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TokenService::evaluate);
    connect(&m_source, &CredentialSource::changed, this, &TokenService::refresh);
    connect(&m_tokens, &TokenProvider::tokenMinted, this, &TokenService::onMinted);
    connect(&m_tokens, &TokenProvider::retrying, this, &TokenService::retrying);
    connect(&m_tokens, &TokenProvider::minting, this, &TokenService::minting);
    if (const ClockJumps* jumps = m_clock.jumps())
        connect(jumps, &ClockJumps::jumped, this, &TokenService::schedule);
    refresh();
}

TokenService::~TokenService() = default;

void TokenService::setConfig(const Config& config)
{
    if (config == m_config)
        return;
    m_config = config;
    const QStringList ids = m_states.keys();
    for (const QString& id : ids)
        update(id, m_states.value(id));
    schedule();
}

TokenState TokenService::state(const QString& id) const
{
    return m_states.value(id);
}

std::optional<std::pair<QString, QDateTime>> TokenService::soonestExpiry() const
{
    const QDateTime now = m_clock.now();
    std::optional<std::pair<QString, QDateTime>> best;
    for (auto it = m_states.cbegin(); it != m_states.cend(); ++it) {
        const QDateTime& exp = it.value().expiresAt;
        if (exp.isValid() && exp > now && (!best || exp < best->second))
            best = std::make_pair(it.key(), exp);
    }
    return best;
}

std::optional<CredentialRecord> TokenService::recordOf(const QString& id) const
{
    return m_source.byId(id);
}

TokenState TokenService::withRenewal(const QString& id, TokenState s) const
{
    const bool renewed = m_config.renewalEnabled && m_mintable.value(id) && s.expiresAt.isValid();
    s.renewalDueAt = renewed ? s.expiresAt.addMSecs(-m_config.leadMs) : QDateTime();
    return s;
}

void TokenService::update(const QString& id, const TokenState& next)
{
    const TokenState s = withRenewal(id, next);
    const auto it = m_states.constFind(id);
    if (it != m_states.cend() && *it == s)
        return;
    m_states.insert(id, s);
    Q_EMIT changed(id);
}

void TokenService::refresh()
{
    const QList<CredentialRecord> records = m_source.credentials();
    QStringList gone = m_states.keys();
    for (const CredentialRecord& r : records) {
        gone.removeOne(r.id);
        m_mintable.insert(r.id, canMint(r.kind));
        TokenState s = m_states.value(r.id);
        QDateTime created;
        QDateTime expires;
        if (r.kind == CredentialKind::LocalDev) {
            created = r.localTokenCreatedAt;
            expires = r.localTokenExpiresAt;
        } else if (const auto info = m_source.cachedTokenInfo(r)) {
            created = info->createdAt;
            expires = info->expiresAt;
        }
        if (expires != s.expiresAt) {
            s.retryAfter = {}; // a new token: the last failure's wait no longer applies
            // A later token from elsewhere (another process minted it) is the success that ends
            // the last failure.
            if (expires.isValid() && (!s.expiresAt.isValid() || expires > s.expiresAt))
                s.lastFailure.clear();
        }
        s.createdAt = created;
        s.expiresAt = expires;
        s.cached = expires.isValid();
        update(r.id, s);
    }
    for (const QString& id : std::as_const(gone)) {
        m_states.remove(id);
        m_mintable.remove(id);
        Q_EMIT changed(id);
    }
    schedule();
}

void TokenService::token(const QString& id, bool fresh, QObject* context, std::function<void(const TokenResult&)> done)
{
    QPointer<QObject> guard(context);
    const auto rec = recordOf(id);
    if (!rec) {
        TokenResult r;
        r.error = tr("This credential is no longer stored.");
        QTimer::singleShot(0, this, [guard, done, r] {
            if (guard)
                done(r);
        });
        return;
    }
    m_calls[id] += 1;
    TokenState s = state(id);
    s.inFlight = true;
    update(id, s);
    // One ticket per call: the provider's waiter for this caller, so cancel(id, context) ends
    // this caller's wait only (a renewal or another view may wait for the same mint).
    auto* ticket = new QObject(this);
    m_tickets.insert(context, ticket);
    m_tokens.token(id, fresh, ticket, [this, id, guard, done, context, ticket](const TokenResult& r) {
        m_tickets.remove(context, ticket);
        ticket->deleteLater();
        onResult(id, r);
        if (guard)
            done(r);
    });
}

void TokenService::cachedToken(const QString& id, QObject* context, std::function<void(const TokenResult&)> done)
{
    QPointer<QObject> guard(context);
    m_tokens.cachedToken(id, this, [guard, done](const TokenResult& r) {
        if (guard)
            done(r);
    });
}

void TokenService::cancel(const QString& id, QObject* context)
{
    if (!context)
        return m_tokens.cancel(id);
    const QList<QObject*> tickets = m_tickets.values(context);
    for (QObject* ticket : tickets)
        m_tokens.cancel(id, ticket);
}

void TokenService::onResult(const QString& id, const TokenResult& r)
{
    if (int& calls = m_calls[id]; --calls <= 0)
        m_calls.remove(id);
    if (!m_states.contains(id))
        return; // removed meanwhile
    TokenState s = state(id);
    s.inFlight = m_calls.contains(id);
    if (r.ok) {
        if (r.expiresAt != s.expiresAt)
            s.retryAfter = {};
        s.createdAt = r.createdAt;
        s.expiresAt = r.expiresAt;
        // Served from the cache: cached, without asking the cache again.
        s.cached = r.fromCache;
        if (!s.cached) {
            const auto rec = recordOf(id);
            const auto info =
                rec && rec->kind != CredentialKind::LocalDev ? m_source.cachedTokenInfo(*rec) : std::nullopt;
            s.cached = info && info->expiresAt == r.expiresAt;
        }
        s.lastFailure.clear();
    } else if (!r.cancelled) {
        s.lastFailure = r.error;
    }
    update(id, s);
    schedule();
}

void TokenService::onMinted(const QString& id, const QDateTime& expiresAt)
{
    const auto rec = recordOf(id);
    if (!rec || !m_states.contains(id))
        return;
    TokenState s = state(id);
    if (expiresAt != s.expiresAt)
        s.retryAfter = {};
    const auto info = m_source.cachedTokenInfo(*rec);
    s.cached = info && info->expiresAt == expiresAt;
    s.createdAt = s.cached ? info->createdAt : QDateTime();
    s.expiresAt = expiresAt;
    s.lastFailure.clear();
    update(id, s);
    schedule();
}

void TokenService::evaluate()
{
    if (!m_config.renewalEnabled)
        return;
    const QDateTime now = m_clock.now();
    const QStringList ids = m_states.keys();
    for (const QString& id : ids) {
        const TokenState s = m_states.value(id);
        if (!s.renewalDueAt.isValid() || s.inFlight || now < s.renewalDueAt)
            continue;
        if (s.retryAfter.isValid() && now < s.retryAfter)
            continue;
        const auto rec = recordOf(id);
        if (!rec || !canMint(rec->kind))
            continue;
        m_calls[id] += 1;
        TokenState next = s;
        next.inFlight = true;
        update(id, next);
        Q_EMIT renewing(id);
        m_tokens.token(id, true, this, [this, id](const TokenResult& r) {
            if (!r.ok && !r.cancelled && m_states.contains(id)) {
                TokenState failed = m_states.value(id);
                failed.retryAfter = m_clock.now().addMSecs(m_config.retryAfterFailureMs);
                m_states.insert(id, failed); // announced with the result just below
            }
            onResult(id, r);
            if (r.ok && m_states.contains(id)) {
                // A new token already due (a lead time longer than its life): not again at once.
                TokenState s = m_states.value(id);
                if (s.renewalDueAt.isValid() && s.renewalDueAt <= m_clock.now()) {
                    s.retryAfter = m_clock.now().addMSecs(m_config.retryAfterFailureMs);
                    update(id, s);
                    schedule();
                }
            }
            if (r.ok)
                Q_EMIT renewed(id, r.expiresAt);
            else if (!r.cancelled && m_states.contains(id)) // not for one removed meanwhile
                Q_EMIT renewalFailed(id, r.error);
        });
    }
    schedule();
}

void TokenService::schedule()
{
    if (!m_config.renewalEnabled) {
        m_timer.stop();
        return;
    }
    std::optional<QDateTime> next;
    for (const TokenState& s : std::as_const(m_states)) {
        if (!s.renewalDueAt.isValid() || s.inFlight)
            continue;
        QDateTime at = s.renewalDueAt;
        if (s.retryAfter.isValid() && s.retryAfter > at)
            at = s.retryAfter;
        if (!next || at < *next)
            next = at;
    }
    if (!next) {
        m_timer.stop();
        return;
    }
    const qint64 wait = qBound<qint64>(0, m_clock.now().msecsTo(*next), qint64(kMaxSleepMs));
    m_timer.start(int(wait));
}

} // namespace aem
