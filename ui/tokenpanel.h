// SPDX-License-Identifier: Apache-2.0
#pragma once

// The token of the selected credential, as widgets: a title, a countdown, a masked value with a
// reveal toggle, Get / Renew / Cancel, copy as token / header / curl, and the decoded claims. It
// holds no policy: clicks go to TokenPanelController as calls, and what it shows is the
// controller's TokenPanelState, rendered as it is.

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace aem::ui {

class TokenPanelController;

class TokenPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TokenPanel(TokenPanelController& controller, QWidget* parent = nullptr);

    TokenPanelController& controller() { return m_controller; }
    // What is on screen (for tests and accessibility checks), read from the widgets.
    QString credentialName() const;
    bool isBusy() const;
    bool isGone() const;
    bool hasToken() const;
    QString countdownText() const;

private:
    void render();

    TokenPanelController& m_controller;
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
    QList<QPair<QString, QString>> m_shownClaims; // what m_claims holds
};

} // namespace aem::ui
