// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the token panel does, without its widgets: it decides what the panel shows for the
// selected credential and acts on clicks. It holds the token on screen (in memory only, wiped when
// it goes) and its expiry, whether this panel waits for a token, a copy asked for before the token
// arrived, whether the credential was removed by another process; it judges the countdown on the
// second boundaries of the expiry against the injected Clock, and it reads the token service's
// state: whenever the service knows a usable token (cached, or a local development token, which
// is its own file) the panel fetches it from the cache (never minting) and shows it; "no token"
// only when the service has none. The widget (TokenPanel) renders TokenPanelState and forwards
// clicks as calls.

#include "credentialrecord.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace aem {
struct TokenResult;
}

namespace aem::ui {

class AppContext;
class ClipboardGuard;

// Everything the panel shows, as plain values.
struct TokenPanelState
{
    enum class Severity { Normal, Warning, Error }; // the countdown's colour
    QString title;
    QString countdown = QStringLiteral("--:--:--");
    Severity severity = Severity::Normal;
    QString expiresText; // beside the countdown
    QString tokenText; // the token when revealed, else as many bullets; empty without a token
    QString placeholder; // in the token field when it is empty
    bool hasToken = false;
    bool revealed = false;
    bool revealEnabled = false;
    bool getEnabled = false;
    bool renewEnabled = false;
    bool renewVisible = true; // a local development token cannot be renewed here
    bool busy = false; // waiting for a token: Cancel and the progress bar
    bool copyEnabled = false;
    QString hint; // empty: hidden
    QList<QPair<QString, QString>> claims; // label, value; empty: hidden

    bool operator==(const TokenPanelState&) const = default;
};

class TokenPanelController : public QObject
{
    Q_OBJECT
public:
    enum class CopyAs { Token, Header, Curl };

    TokenPanelController(AppContext& context, ClipboardGuard& clipboard, QObject* parent = nullptr);
    ~TokenPanelController() override;

    // The credential to show (nullopt: nothing selected). A credential whose token the service
    // knows shows it at once (read from the cache, never minted).
    void setCredential(const std::optional<CredentialRecord>& record);
    // While the servers cannot be reached (the sandbox child stopped), getting and renewing are
    // off and `reason` is shown; an empty reason turns them on again.
    void setUnavailable(const QString& reason);

    const TokenPanelState& state() const { return m_state; }
    QString credentialName() const { return m_record ? m_record->name : QString(); }
    bool isBusy() const { return m_busy; }
    // Reading the token the service knows from the cache (no mint).
    bool isLoading() const { return m_loading; }
    bool isGone() const { return m_gone; }
    bool hasToken() const { return !m_token.isEmpty(); }
    bool hasPendingCopy() const { return m_pendingCopy.has_value(); }
    // Asked before a curl command with the token inline is copied (confirmInlineTokenCopy in the
    // window). Unset, the answer is "no".
    void setInlineTokenConfirmation(std::function<bool()> ask) { m_confirmInlineToken = std::move(ask); }

public Q_SLOTS:
    void getToken(bool fresh = false);
    void cancel();
    void copy(aem::ui::TokenPanelController::CopyAs what);
    void copyToken() { copy(CopyAs::Token); }
    void copyHeader() { copy(CopyAs::Header); }
    void copyCurl() { copy(CopyAs::Curl); }
    void setRevealed(bool revealed);

Q_SIGNALS:
    void stateChanged();
    void failed(const QString& message);
    // A secret went to the clipboard; `message` says which, and when it is cleared.
    void copied(const QString& message);
    // The credential shown is no longer stored (found when acting on it): the list should follow.
    void credentialGone(const QString& name);

private:
    void onToken(const TokenResult& r);
    void onCached(const TokenResult& r);
    void hold(const TokenResult& r);
    void forgetToken();
    // Follows the token service: a token it knows and the panel does not show is read from the
    // cache; one it no longer knows (revoked, expired) is dropped.
    void follow();
    void onStateChanged(const QString& id);
    void tick();
    void render();
    void runPendingCopy();
    void copyNow(CopyAs what);
    QDateTime expiresAt() const;
    QList<QPair<QString, QString>> claimsOf(const QByteArray& token) const;

    AppContext& m_context;
    ClipboardGuard& m_clipboard;
    std::optional<CredentialRecord> m_record;
    QByteArray m_token; // secret, in memory only
    QDateTime m_heldExpiry; // the expiry of m_token (the service's may be newer: then re-read)
    QList<QPair<QString, QString>> m_claims;
    bool m_busy = false; // this panel waits for token()
    bool m_loading = false; // this panel waits for cachedToken()
    QDateTime m_loadingExpiry; // the service's expiry when that read began
    QString m_readError; // the last cache read failed (quietly: nothing was asked for)
    bool m_gone = false; // removed by another process while shown
    bool m_revealed = false;
    QString m_retrying; // the provider's last retry message while busy
    QString m_unavailable;
    std::optional<CopyAs> m_pendingCopy;
    std::function<bool()> m_confirmInlineToken;
    quint64 m_generation = 0; // answers to an older request or another credential are dropped
    QTimer m_countdownTimer;
    TokenPanelState m_state;
};

} // namespace aem::ui
