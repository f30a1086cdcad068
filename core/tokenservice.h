// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one owner of token state in a program, per credential id: the current token's expiry (and
// whether the cache holds it), whether a mint is in flight, when renewal is due and what the last
// failure was. Hands tokens out through TokenProvider (which keeps minting, caching and the
// cross-process lock), renews service and OAuth tokens ahead of expiry on its own timer judged
// against the injected Clock (exact after a suspend, testable in milliseconds), and announces
// every change with the credential's id. Models and widgets read it and keep no copies.

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace aem {

class Clock;
class CredentialSource;
class TokenProvider;
struct CredentialRecord;
struct TokenResult;

struct TokenState
{
    QDateTime createdAt;
    QDateTime expiresAt; // invalid: no token known
    bool cached = false; // the cache (or, for a local development token, the record) holds it
    bool inFlight = false; // a token is being fetched or minted through this service
    QDateTime renewalDueAt; // invalid: not renewed automatically
    QString lastFailure; // of the last renewal or request; cleared by the next success
    QDateTime retryAfter; // after a failed renewal, not before this

    bool operator==(const TokenState&) const = default;
};

class TokenService : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        bool renewalEnabled = true;
        qint64 leadMs = 10 * 60 * 1000; // renew this long before expiry
        qint64 retryAfterFailureMs = 60 * 1000; // after a failed renewal, wait this long
        bool operator==(const Config&) const = default;
    };

    TokenService(CredentialSource& source, TokenProvider& tokens, const Clock& clock, QObject* parent = nullptr);
    // What tokens are made from (a local AEM target's sign-in is read from it directly).
    CredentialSource& source() const { return m_source; }
    // The clock its expiry and renewal are judged by (also what stamps the history it feeds).
    const Clock& clock() const { return m_clock; }
    ~TokenService() override;

    void setConfig(const Config& config);
    const Config& config() const { return m_config; }

    // The state of credential `id` (a default TokenState for an unknown id).
    TokenState state(const QString& id) const;
    QDateTime expiresAt(const QString& id) const { return state(id).expiresAt; }
    QDateTime renewalDueAt(const QString& id) const { return state(id).renewalDueAt; }
    // The soonest live token expiry: (id, expiresAt).
    std::optional<std::pair<QString, QDateTime>> soonestExpiry() const;

    // A token for `id`: the cached one, or (or with `fresh`) a newly minted one; callers asking
    // at the same time share one mint. `done` is called unless `context` died first.
    void token(const QString& id, bool fresh, QObject* context, std::function<void(const TokenResult&)> done);
    // The cached token while it has not expired, whatever the reuse margin; never mints.
    void cachedToken(const QString& id, QObject* context, std::function<void(const TokenResult&)> done);
    // `context` stops waiting for the token of `id` (its calls get a "cancelled" result); the
    // mint goes on while another caller (a renewal, another view) waits. Without a context the
    // mint stops for everyone.
    void cancel(const QString& id, QObject* context = nullptr);

public Q_SLOTS:
    // Re-reads the records and their cached tokens' expiry (another process minted, renewed,
    // revoked, imported or removed); announces what changed.
    void refresh();
    // Judges renewal now (also done by the service's own timer and on every clock jump).
    void evaluate();

Q_SIGNALS:
    // Anything in state(id) changed.
    void changed(const QString& id);
    void renewing(const QString& id);
    void renewed(const QString& id, const QDateTime& expiresAt);
    void renewalFailed(const QString& id, const QString& error);
    // A mint for `id` is being retried (IMS busy or unreachable): for progress lines.
    void retrying(const QString& id, int attempt, int delayMs, const QString& reason);
    // A mint for `id` starts (the cache could not serve it).
    void minting(const QString& id);

private:
    std::optional<CredentialRecord> recordOf(const QString& id) const;
    void update(const QString& id, const TokenState& next);
    void onResult(const QString& id, const TokenResult& r);
    void onMinted(const QString& id, const QDateTime& expiresAt);
    TokenState withRenewal(const QString& id, TokenState s) const;
    void schedule();

    CredentialSource& m_source;
    TokenProvider& m_tokens;
    const Clock& m_clock;
    Config m_config;
    QHash<QString, TokenState> m_states; // by credential id
    QHash<QString, bool> m_mintable; // by id: service or OAuth (renewed), else not
    QHash<QString, int> m_calls; // by id: requests in flight through this service
    QMultiHash<QObject*, QObject*> m_tickets; // caller's context -> its calls' provider contexts
    QTimer m_timer;
};

} // namespace aem
