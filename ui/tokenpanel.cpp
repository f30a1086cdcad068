// SPDX-License-Identifier: Apache-2.0
#include "tokenpanel.h"

#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "countdown.h"
#include "curlcommand.h"
#include "environment.h"
#include "jwt.h"
#include "processhygiene.h"
#include "theme.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace aem::ui {

TokenPanel::TokenPanel(AppContext& context, ClipboardGuard& clipboard, QWidget* parent)
    : QWidget(parent), m_context(context), m_clipboard(clipboard)
{
    setObjectName(QStringLiteral("tokenPanel"));
    m_title = new QLabel(this);
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
    m_tokenEdit->setPlaceholderText(tr("No token yet: press Get token"));
    m_tokenEdit->setAccessibleName(tr("Access token"));
    m_reveal = new QToolButton(this);
    m_reveal->setObjectName(QStringLiteral("revealToken"));
    m_reveal->setText(tr("Show"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show or hide the token (Ctrl+H)"));
    m_reveal->setShortcut(QKeySequence(tr("Ctrl+H")));
    m_reveal->setAccessibleName(tr("Show token"));
    connect(m_reveal, &QToolButton::toggled, this, [this](bool on) {
        m_tokenEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setText(on ? tr("Hide") : tr("Show"));
    });

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
    connect(m_get, &QPushButton::clicked, this, [this] { getToken(false); });
    connect(m_renew, &QPushButton::clicked, this, [this] { getToken(true); });
    connect(m_cancel, &QPushButton::clicked, this, &TokenPanel::cancel);
    connect(m_copyToken, &QPushButton::clicked, this, &TokenPanel::copyToken);
    connect(m_copyHeader, &QPushButton::clicked, this, &TokenPanel::copyHeader);
    connect(m_copyCurl, &QPushButton::clicked, this, &TokenPanel::copyCurl);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("mintProgress"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(6);
    m_progress->setTextVisible(false);
    m_progress->hide();

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("tokenHint"));
    m_hint->setWordWrap(true);
    m_hint->hide();

    m_claims = new QTableWidget(0, 2, this);
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

    m_countdownTimer.setSingleShot(true);
    m_countdownTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_countdownTimer, &QTimer::timeout, this, &TokenPanel::updateCountdown);
    connect(&m_context.tokenService(), &TokenService::changed, this, &TokenPanel::onStateChanged);
    connect(
        &m_context.tokenService(), &TokenService::retrying, this,
        [this](const QString& id, int attempt, int delayMs, const QString& reason) {
            if (m_record && id == m_record->id && m_busy) {
                m_hint->setText(
                    tr("%1 — retrying (attempt %2) in %3 s").arg(reason).arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1));
                m_hint->show();
            }
        });
    updateState();
}

void TokenPanel::setCredential(const std::optional<CredentialRecord>& record)
{
    const bool same = record && m_record && record->id == m_record->id;
    if (!same) {
        if (m_busy && m_record)
            m_context.tokenService().cancel(m_record->id, this);
        m_busy = false;
        m_pendingCopy.reset();
        forgetToken();
        m_hint->hide();
    }
    if (m_gone) {
        // Shown again (renamed elsewhere and found by its id), or something else is shown now.
        m_gone = false;
        m_hint->hide();
    }
    m_record = record;
    updateState();
    updateCountdown();
}

QDateTime TokenPanel::expiresAt() const
{
    return m_record ? m_context.tokenService().expiresAt(m_record->id) : QDateTime();
}

void TokenPanel::forgetToken()
{
    wipeSecret(m_token);
    m_heldExpiry = {};
    m_tokenEdit->clear();
    m_reveal->setChecked(false);
    m_claims->setRowCount(0);
    m_claims->hide();
}

void TokenPanel::getToken(bool fresh)
{
    if (!m_record || m_busy || m_gone)
        return;
    m_busy = true;
    m_hint->hide();
    updateState();
    const QString id = m_record->id;
    m_context.tokenService().token(id, fresh, this, [this, id](const TokenResult& r) {
        if (!m_record || m_record->id != id)
            return;
        onToken(r);
    });
}

void TokenPanel::cancel()
{
    if (!m_busy || !m_record)
        return;
    m_context.tokenService().cancel(m_record->id, this);
}

void TokenPanel::onToken(const TokenResult& r)
{
    m_busy = false;
    if (!r.ok) {
        m_pendingCopy.reset();
        // The provider has just re-read the list: a credential removed by another process since
        // the window last looked is not an error to show, but a row to take away.
        if (!r.cancelled && !m_context.store().find(m_record->name)) {
            m_gone = true;
            forgetToken();
            m_hint->setText(tr("This credential was removed from the store."));
            m_hint->show();
            updateState();
            Q_EMIT credentialGone(m_record->name);
            return;
        }
        updateState();
        if (!r.cancelled)
            Q_EMIT failed(r.error);
        return;
    }
    forgetToken();
    m_token = r.accessToken;
    m_heldExpiry = r.expiresAt;
    m_tokenEdit->setText(QString::fromLatin1(m_token));
    showClaims();
    updateState();
    updateCountdown();
    if (m_pendingCopy) {
        const CopyAs what = *m_pendingCopy;
        m_pendingCopy.reset();
        copyAs(what);
    }
}

void TokenPanel::onStateChanged(const QString& id)
{
    if (!m_record || m_record->id != id)
        return;
    const QDateTime exp = expiresAt();
    if (!m_busy && !m_gone && !m_token.isEmpty()) {
        if (!exp.isValid()) {
            // Revoked or cleared (here or by another process): what is shown is no longer valid.
            forgetToken();
            updateState();
        } else if (exp != m_heldExpiry) {
            // Renewed: show the new token (from the cache) so what is shown is what is valid.
            forgetToken();
            m_busy = true;
            updateState();
            m_context.tokenService().cachedToken(id, this, [this, id](const TokenResult& r) {
                if (m_record && m_record->id == id)
                    onToken(r);
            });
        }
    }
    updateCountdown();
}

void TokenPanel::showClaims()
{
    m_claims->setRowCount(0);
    const auto jwt = decodeJwt(m_token);
    if (!jwt)
        return;
    const TokenLifetime life = tokenLifetime(jwt->claims);
    QList<QPair<QString, QString>> rows;
    auto add = [&](const QString& label, const char* key) {
        const QJsonValue v = jwt->claims.value(QLatin1String(key));
        if (!v.isUndefined())
            rows.append({label, v.isString() ? v.toString() : QString::number(v.toDouble(), 'f', 0)});
    };
    add(tr("User"), "user_id");
    add(tr("Client"), "client_id");
    add(tr("Scope"), "scope");
    add(tr("Type"), "type");
    add(tr("Authenticating service"), "as");
    if (life.createdAt)
        rows.append({tr("Created"), QLocale().toString(life.createdAt->toLocalTime(), QLocale::LongFormat)});
    if (life.expiresAt)
        rows.append({tr("Expires"), QLocale().toString(life.expiresAt->toLocalTime(), QLocale::LongFormat)});
    m_claims->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_claims->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        m_claims->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    m_claims->resizeColumnToContents(0);
    m_claims->setMinimumHeight(m_claims->horizontalHeader()->height() + 2
                               + m_claims->rowCount() * m_claims->verticalHeader()->defaultSectionSize());
    m_claims->show();
}

QString TokenPanel::countdownText() const
{
    return m_countdown->text();
}

void TokenPanel::updateCountdown()
{
    m_countdownTimer.stop();
    const QDateTime exp = expiresAt();
    if (!m_record || !exp.isValid()) {
        m_countdown->setText(QStringLiteral("--:--:--"));
        m_countdown->setStyleSheet(QString());
        m_expiresLabel->setText(m_record ? tr("no token yet") : QString());
        return;
    }
    const QDateTime now = m_context.clock().now();
    const qint64 left = now.msecsTo(exp);
    m_countdown->setText(formatCountdown(left));
    const qint64 lead = qint64(m_context.settings().renewLeadMinutes) * 60 * 1000;
    const QColor color = left <= 60 * 1000 ? Theme::error(palette())
        : left <= lead                     ? Theme::warning(palette())
                                           : palette().color(QPalette::WindowText);
    m_countdown->setStyleSheet(QStringLiteral("color: %1").arg(color.name()));
    m_expiresLabel->setText(
        left > 0 ? tr("left · expires %1").arg(QLocale().toString(exp.toLocalTime(), QLocale::ShortFormat))
                 : tr("expired %1").arg(QLocale().toString(exp.toLocalTime(), QLocale::ShortFormat)));
    if (m_record->kind == CredentialKind::LocalDev && left <= lead) {
        m_hint->setText(left > 0
                            ? tr("This local development token expires soon and cannot be renewed here. In the AEM "
                                 "Developer Console, choose Integrations › Local token › Get Local Development Token, "
                                 "then import the downloaded file.")
                            : tr("This local development token has expired. Get a new one in the AEM Developer Console "
                                 "(Integrations › Local token › Get Local Development Token) and import it."));
        m_hint->show();
    }
    if (left > 0)
        m_countdownTimer.start(msUntilNextTick(left));
}

void TokenPanel::updateState()
{
    const bool has = m_record.has_value() && !m_gone;
    const bool service = has && canMint(m_record->kind);
    m_title->setText(has ? tr("Access token — %1").arg(m_record->name) : tr("Access token"));
    m_get->setEnabled(has && !m_busy);
    m_renew->setEnabled(service && !m_busy);
    m_renew->setVisible(!has || service);
    m_cancel->setEnabled(m_busy);
    m_cancel->setVisible(m_busy);
    m_progress->setVisible(m_busy);
    for (QPushButton* b : {m_copyToken, m_copyHeader, m_copyCurl})
        b->setEnabled(has && !m_busy);
    m_reveal->setEnabled(!m_token.isEmpty());
}

void TokenPanel::copyToken()
{
    copyAs(CopyAs::Token);
}

void TokenPanel::copyHeader()
{
    copyAs(CopyAs::Header);
}

void TokenPanel::copyCurl()
{
    copyAs(CopyAs::Curl);
}

void TokenPanel::copyAs(CopyAs what)
{
    if (!m_record || m_gone)
        return;
    if (m_token.isEmpty() || !m_heldExpiry.isValid() || m_context.clock().now() >= m_heldExpiry) {
        // Get (or renew) first, then copy.
        m_pendingCopy = what;
        getToken(false);
        return;
    }
    QString token = QString::fromLatin1(m_token);
    QString text;
    const int secs = m_context.settings().clipboardClearSeconds;
    QString message; // a whole sentence per case: the words agree in every language
    switch (what) {
    case CopyAs::Token:
        text = token;
        message =
            secs > 0 ? tr("Copied the token; the clipboard is cleared in %1 s").arg(secs) : tr("Copied the token");
        break;
    case CopyAs::Header:
        text = QStringLiteral("Authorization: Bearer ") + token;
        message = secs > 0 ? tr("Copied the Authorization header; the clipboard is cleared in %1 s").arg(secs)
                           : tr("Copied the Authorization header");
        break;
    case CopyAs::Curl: {
        AemRequestSpec spec;
        spec.url = m_record->environment.author;
        spec.url.setPath(spec.url.path() + currentUserPath());
        text = curlCommand(spec, m_token); // quoted for the shell, like the tester's
        message = secs > 0 ? tr("Copied the curl command; the clipboard is cleared in %1 s").arg(secs)
                           : tr("Copied the curl command");
        break;
    }
    }
    m_clipboard.copySecret(text, secs * 1000);
    wipeSecret(text); // the clipboard holds its own copy
    wipeSecret(token);
    Q_EMIT copied(message);
}

} // namespace aem::ui
