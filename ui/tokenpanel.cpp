// SPDX-License-Identifier: Apache-2.0
#include "tokenpanel.h"

#include "curlcopy.h"
#include "elidingheader.h"
#include "theme.h"
#include "tokenpanelcontroller.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace aem::ui {

TokenPanel::TokenPanel(TokenPanelController& controller, QWidget* parent) : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("tokenPanel"));
    // Every Copy curl of the window (button, menu, context menu) asks the tester's question first.
    controller.setInlineTokenConfirmation([this] { return confirmInlineTokenCopy(window()); });
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::PlainText); // holds the credential's name
    m_title->setObjectName(QStringLiteral("tokenTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_countdown = new QLabel(QStringLiteral("--:--:--"), this);
    m_countdown->setObjectName(QStringLiteral("countdown"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 2.2);
    mono.setBold(true);
    m_countdown->setFont(mono);
    m_countdown->setAccessibleName(tr("Time left on the token"));
    m_expiresLabel = new QLabel(this);
    m_expiresLabel->setObjectName(QStringLiteral("expiresLabel"));

    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(QStringLiteral("tokenValue"));
    m_tokenEdit->setReadOnly(true);
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setAccessibleName(tr("Access token"));
    m_reveal = new QToolButton(this);
    m_reveal->setObjectName(QStringLiteral("revealToken"));
    m_reveal->setText(tr("Show"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show or hide the token (Ctrl+H)"));
    m_reveal->setShortcut(QKeySequence(tr("Ctrl+H")));
    m_reveal->setAccessibleName(tr("Show token"));
    connect(m_reveal, &QToolButton::toggled, &m_controller, &TokenPanelController::setRevealed);

    auto button = [this](const QString& name, const QString& text, const QString& tip) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setAccessibleName(QString(text).remove(QLatin1Char('&')));
        return b;
    };
    m_get = button(QStringLiteral("getToken"), tr("&Get token"), tr("Use the cached token or mint one (Ctrl+T)"));
    m_renew = button(QStringLiteral("renewToken"), tr("&Renew"), tr("Mint a new token now (Ctrl+Shift+T)"));
    m_cancel = button(QStringLiteral("cancelToken"), tr("Cancel"), tr("Stop minting (Esc)"));
    m_copyToken = button(QStringLiteral("copyToken"), tr("Copy &token"),
                         tr("Copy the token; cleared from the clipboard after the timeout"));
    m_copyHeader = button(QStringLiteral("copyHeader"), tr("Copy &header"), tr("Copy \"Authorization: Bearer …\""));
    m_copyCurl =
        button(QStringLiteral("copyCurl"), tr("Copy c&url"), tr("Copy a curl command for the author's current user"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    TokenPanelController* c = &m_controller;
    connect(m_get, &QPushButton::clicked, c, [c] { c->getToken(false); });
    connect(m_renew, &QPushButton::clicked, c, [c] { c->getToken(true); });
    connect(m_cancel, &QPushButton::clicked, c, &TokenPanelController::cancel);
    connect(m_copyToken, &QPushButton::clicked, c, &TokenPanelController::copyToken);
    connect(m_copyHeader, &QPushButton::clicked, c, &TokenPanelController::copyHeader);
    connect(m_copyCurl, &QPushButton::clicked, c, &TokenPanelController::copyCurl);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("mintProgress"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(6);
    m_progress->setTextVisible(false);
    m_progress->hide();

    m_hint = new QLabel(this);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setObjectName(QStringLiteral("tokenHint"));
    m_hint->setWordWrap(true);
    m_hint->hide();

    m_claims = new QTableWidget(0, 2, this);
    useElidingHeader(m_claims);
    m_claims->setObjectName(QStringLiteral("claims"));
    m_claims->setHorizontalHeaderLabels({tr("Claim"), tr("Value")});
    m_claims->horizontalHeader()->setStretchLastSection(true);
    m_claims->verticalHeader()->hide();
    m_claims->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_claims->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_claims->setAccessibleName(tr("Decoded token claims"));

    auto* countdownRow = new QHBoxLayout;
    countdownRow->addWidget(m_countdown);
    countdownRow->addWidget(m_expiresLabel, 1);
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_tokenEdit, 1);
    tokenRow->addWidget(m_reveal);
    auto* actions = new QHBoxLayout;
    for (QPushButton* b : {m_get, m_renew, m_cancel})
        actions->addWidget(b);
    actions->addStretch(1);
    auto* copies = new QHBoxLayout;
    for (QPushButton* b : {m_copyToken, m_copyHeader, m_copyCurl})
        copies->addWidget(b);
    copies->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(countdownRow);
    layout->addWidget(m_progress);
    layout->addLayout(tokenRow);
    layout->addLayout(actions);
    layout->addLayout(copies);
    layout->addWidget(m_hint);
    layout->addWidget(m_claims);
    layout->addStretch(1);
    m_claims->hide();

    connect(&m_controller, &TokenPanelController::stateChanged, this, &TokenPanel::render);
    render();
}

QString TokenPanel::credentialName() const
{
    return m_controller.credentialName();
}

bool TokenPanel::isBusy() const
{
    return m_controller.state().busy;
}

bool TokenPanel::isGone() const
{
    return m_controller.isGone();
}

bool TokenPanel::hasToken() const
{
    return m_controller.state().hasToken;
}

QString TokenPanel::countdownText() const
{
    return m_countdown->text();
}

void TokenPanel::render()
{
    const TokenPanelState& s = m_controller.state();
    m_title->setText(s.title);
    m_countdown->setText(s.countdown);
    switch (s.severity) {
    case TokenPanelState::Severity::Normal: m_countdown->setStyleSheet(QString()); break;
    case TokenPanelState::Severity::Warning:
        m_countdown->setStyleSheet(QStringLiteral("color: %1").arg(Theme::warning(palette()).name()));
        break;
    case TokenPanelState::Severity::Error:
        m_countdown->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
        break;
    }
    m_expiresLabel->setText(s.expiresText);

    if (m_tokenEdit->text() != s.tokenText)
        m_tokenEdit->setText(s.tokenText);
    m_tokenEdit->setEchoMode(s.revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_tokenEdit->setPlaceholderText(s.placeholder);
    {
        const QSignalBlocker quiet(m_reveal);
        m_reveal->setChecked(s.revealed);
    }
    m_reveal->setText(s.revealed ? tr("Hide") : tr("Show"));
    m_reveal->setEnabled(s.revealEnabled);

    m_get->setEnabled(s.getEnabled);
    m_renew->setEnabled(s.renewEnabled);
    m_renew->setVisible(s.renewVisible);
    m_cancel->setEnabled(s.busy);
    m_cancel->setVisible(s.busy);
    m_progress->setVisible(s.busy);
    for (QPushButton* b : {m_copyToken, m_copyHeader, m_copyCurl})
        b->setEnabled(s.copyEnabled);

    m_hint->setText(s.hint);
    m_hint->setVisible(!s.hint.isEmpty());

    if (s.claims != m_shownClaims) { // not rebuilt on every tick of the countdown
        m_shownClaims = s.claims;
        m_claims->setRowCount(int(s.claims.size()));
        for (int i = 0; i < s.claims.size(); ++i) {
            m_claims->setItem(i, 0, new QTableWidgetItem(s.claims[i].first));
            m_claims->setItem(i, 1, new QTableWidgetItem(s.claims[i].second));
        }
        if (!s.claims.isEmpty()) {
            m_claims->resizeColumnToContents(0);
            // Exactly its rows: no empty band below the last one, no inner scrolling.
            m_claims->setFixedHeight(m_claims->horizontalHeader()->sizeHint().height() + 2 * m_claims->frameWidth()
                                     + m_claims->rowCount() * m_claims->verticalHeader()->defaultSectionSize());
        }
    }
    m_claims->setVisible(!s.claims.isEmpty());
}

} // namespace aem::ui
