// SPDX-License-Identifier: Apache-2.0
#pragma once

// The token of the selected credential: get (in the background, cancellable), a masked value
// with a reveal toggle, a live countdown that never drifts, copy as token / header / curl, and
// the decoded claims.

#include "credentialstore.h"

#include <QByteArray>
#include <QDateTime>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace aem {
struct TokenResult;
}

namespace aem::ui {

class AppContext;
class ClipboardGuard;

class TokenPanel : public QWidget
{
    Q_OBJECT
public:
    TokenPanel(AppContext& context, ClipboardGuard& clipboard, QWidget* parent = nullptr);

    // The credential to show (nullopt: nothing selected). Does not read the keychain; the
    // token's expiry and renewal come from the token service.
    void setCredential(const std::optional<CredentialRecord>& record);
    QString credentialName() const { return m_record ? m_record->name : QString(); }
    bool isBusy() const { return m_busy; }
    bool isGone() const { return m_gone; }
    bool hasToken() const { return !m_token.isEmpty(); }
    QString countdownText() const;

public Q_SLOTS:
    void getToken(bool fresh = false);
    void cancel();
    void copyToken();
    void copyHeader();
    void copyCurl();

Q_SIGNALS:
    void failed(const QString& message);
    // A secret went to the clipboard; `message` says which, and when it is cleared.
    void copied(const QString& message);
    // The credential shown is no longer stored (found when acting on it): the list should follow.
    void credentialGone(const QString& name);

private:
    enum class CopyAs { Token, Header, Curl };
    void copyAs(CopyAs what);
    void onToken(const TokenResult& r);
    void showClaims();
    void updateCountdown();
    void updateState();
    void forgetToken();
    // The token service announced a change of `id` (renewed, minted or revoked elsewhere).
    void onStateChanged(const QString& id);
    QDateTime expiresAt() const;

    AppContext& m_context;
    ClipboardGuard& m_clipboard;
    std::optional<CredentialRecord> m_record;
    QByteArray m_token; // secret, in memory only
    QDateTime m_heldExpiry; // the expiry of m_token (the service's may be newer: then re-read)
    bool m_busy = false;
    bool m_gone = false; // removed by another process while shown
    std::optional<CopyAs> m_pendingCopy;
    QTimer m_countdownTimer;

    QLabel* m_title;
    QLabel* m_countdown;
    QLabel* m_expiresLabel;
    QLabel* m_hint;
    QLineEdit* m_tokenEdit;
    QToolButton* m_reveal;
    QPushButton* m_get;
    QPushButton* m_renew;
    QPushButton* m_cancel;
    QPushButton* m_copyToken;
    QPushButton* m_copyHeader;
    QPushButton* m_copyCurl;
    QProgressBar* m_progress;
    QTableWidget* m_claims;
};

} // namespace aem::ui
