// SPDX-License-Identifier: Apache-2.0
#include "tokenpanelcontroller.h"

#include <QScopeGuard>

#include "aemrequest.h"
#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "countdown.h"
#include "curlcommand.h"
#include "environment.h"
#include "jwt.h"
#include "processhygiene.h"
#include "tokenprovider.h"
#include "tokenservice.h"
#include "wording.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>

namespace aem::ui {

namespace {
// The panel's words, in the panel's translation context whichever class says them.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::TokenPanel)
};
} // namespace

TokenPanelController::TokenPanelController(AppContext& context, ClipboardGuard& clipboard, QObject* parent)
    : QObject(parent), m_context(context), m_clipboard(clipboard)
{
    m_countdownTimer.setSingleShot(true);
    m_countdownTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_countdownTimer, &QTimer::timeout, this, &TokenPanelController::tick);
    connect(&m_context.tokenService(), &TokenService::changed, this, &TokenPanelController::onStateChanged);
    if (const ClockJumps* jumps = m_context.clock().jumps())
        connect(jumps, &ClockJumps::jumped, this, &TokenPanelController::tick);
    connect(&m_context, &AppContext::settingsChanged, this, &TokenPanelController::tick);
    connect(
        &m_context.tokenService(), &TokenService::retrying, this,
        [this](const QString& id, int attempt, int delayMs, const QString& reason) {
            if (!m_record || !m_busy || id != m_record->id)
                return;
            m_retrying =
                Tr::tr("%1 — retrying (attempt %2) in %3 s").arg(reason).arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1);
            render();
        });
    render();
}

TokenPanelController::~TokenPanelController()
{
    wipeSecret(m_token);
    wipeSecret(m_state.tokenText);
}

void TokenPanelController::setCredential(const std::optional<CredentialRecord>& record)
{
    const bool same = record && m_record && record->id == m_record->id;
    if (!same) {
        ++m_generation; // what is under way for the previous credential is dropped
        if (m_busy && m_record)
            m_context.tokenService().cancel(m_record->id, this);
        m_busy = false;
        m_loading = false;
        m_readError.clear();
        m_retrying.clear();
        m_pendingCopy.reset();
        forgetToken();
    }
    // Shown again (renamed elsewhere and found by its id), or something else is shown now.
    m_gone = false;
    m_record = record;
    tick();
}

void TokenPanelController::setUnavailable(const QString& reason)
{
    m_unavailable = reason;
    render();
}

QDateTime TokenPanelController::expiresAt() const
{
    return m_record && !m_gone ? m_context.tokenService().expiresAt(m_record->id) : QDateTime();
}

void TokenPanelController::forgetToken()
{
    wipeSecret(m_token);
    m_heldExpiry = {};
    m_claims.clear();
    m_revealed = false;
}

void TokenPanelController::hold(const TokenResult& r)
{
    forgetToken();
    m_token = r.accessToken;
    m_heldExpiry = r.expiresAt;
    m_claims = claimsOf(m_token);
    m_readError.clear();
}

void TokenPanelController::getToken(bool fresh)
{
    if (!m_record || m_busy || m_gone || !usesToken(m_record->kind))
        return;
    if (!m_unavailable.isEmpty() && canMint(m_record->kind))
        return;
    m_busy = true;
    m_loading = false; // the answer below brings the token a cache read would have
    m_retrying.clear();
    m_readError.clear();
    const quint64 generation = ++m_generation;
    render();
    m_context.tokenService().token(m_record->id, fresh, this, [this, generation](const TokenResult& r) {
        if (generation == m_generation)
            onToken(r);
    });
}

void TokenPanelController::cancel()
{
    if (m_busy && m_record)
        m_context.tokenService().cancel(m_record->id, this);
}

void TokenPanelController::onToken(const TokenResult& r)
{
    m_busy = false;
    m_retrying.clear();
    // The provider has just re-read the list: a rename by another process that the watcher has
    // not announced yet is followed now (the token goes by id, the row by name).
    const auto followRename = qScopeGuard([this] { m_context.syncStore(); });
    if (!r.ok) {
        m_pendingCopy.reset();
        // The provider has just re-read the list: a credential removed by another process since
        // the window last looked is not an error to show, but a row to take away.
        if (!r.cancelled && !m_context.store().byId(m_record->id)) {
            m_gone = true;
            forgetToken();
            tick();
            Q_EMIT credentialGone(m_record->name);
            return;
        }
        tick(); // what the service still knows (a token from before a failed renewal) stays shown
        if (!r.cancelled)
            Q_EMIT failed(r.error);
        return;
    }
    hold(r);
    tick();
    runPendingCopy();
}

void TokenPanelController::onCached(const TokenResult& r)
{
    m_loading = false;
    if (r.ok) {
        hold(r);
        tick();
        runPendingCopy();
        return;
    }
    // Nothing was asked for: no error banner, a hint; Get token still mints.
    m_readError = r.error.isEmpty() ? Tr::tr("unknown error") : r.error;
    tick();
    if (m_pendingCopy)
        getToken(false);
}

void TokenPanelController::follow()
{
    if (!m_record || m_gone || m_busy)
        return;
    const TokenState s = m_context.tokenService().state(m_record->id);
    const bool live = s.expiresAt.isValid() && m_context.clock().now() < s.expiresAt;
    // Revoked or cleared (here or by another process), expired, or renewed: what is shown is no
    // longer what is valid.
    if (!m_token.isEmpty() && (!live || s.expiresAt != m_heldExpiry))
        forgetToken();
    if (m_loading && (!live || m_loadingExpiry != s.expiresAt)) {
        // The token being read is no longer the one the service knows: its answer is dropped.
        m_loading = false;
        ++m_generation;
        if (!live)
            m_pendingCopy.reset();
    }
    if (!s.expiresAt.isValid())
        m_readError.clear();
    if (!m_token.isEmpty() || !live || !s.cached || m_loading)
        return;
    if (!m_readError.isEmpty() && m_loadingExpiry == s.expiresAt)
        return; // this token could not be read: not again until the service knows another
    m_loading = true;
    m_loadingExpiry = s.expiresAt;
    m_readError.clear();
    const quint64 generation = ++m_generation;
    m_context.tokenService().cachedToken(m_record->id, this, [this, generation](const TokenResult& r) {
        if (generation == m_generation)
            onCached(r);
    });
}

void TokenPanelController::onStateChanged(const QString& id)
{
    if (m_record && m_record->id == id)
        tick();
}

void TokenPanelController::tick()
{
    m_countdownTimer.stop();
    follow();
    render();
    const QDateTime exp = expiresAt();
    if (!exp.isValid())
        return;
    const qint64 left = m_context.clock().now().msecsTo(exp);
    if (left > 0)
        m_countdownTimer.start(msUntilNextTick(left)); // on the next second boundary of the expiry
}

void TokenPanelController::setRevealed(bool revealed)
{
    m_revealed = revealed && !m_token.isEmpty();
    render();
}

void TokenPanelController::render()
{
    TokenPanelState s;
    const bool has = m_record.has_value() && !m_gone;
    const bool mintable = has && canMint(m_record->kind);
    const bool local = has && !usesToken(m_record->kind); // a local AEM target: no token at all
    const bool offline = !m_unavailable.isEmpty();
    s.title = has ? Tr::tr("Access token — %1").arg(m_record->name) : Tr::tr("Access token");
    s.busy = m_busy;
    s.hasToken = !m_token.isEmpty();
    s.getEnabled = has && !local && !m_busy && (!offline || !mintable);
    s.renewEnabled = mintable && !m_busy && !offline;
    s.renewVisible = !has || mintable;
    s.copyEnabled = has && !m_busy && (s.hasToken || s.getEnabled);
    s.revealEnabled = s.hasToken;
    s.revealed = m_revealed && s.hasToken;
    if (s.hasToken)
        s.tokenText = s.revealed ? QString::fromLatin1(m_token) : QString(m_token.size(), QChar(0x2022));
    s.claims = s.hasToken ? m_claims : QList<QPair<QString, QString>>();

    const QDateTime exp = expiresAt();
    const qint64 lead = qint64(m_context.settings().renewLeadMinutes) * 60 * 1000;
    const qint64 left = exp.isValid() ? m_context.clock().now().msecsTo(exp) : 0;
    if (exp.isValid()) {
        s.countdown = formatCountdown(left);
        s.severity = left <= 60 * 1000 ? TokenPanelState::Severity::Error
            : left <= lead             ? TokenPanelState::Severity::Warning
                                       : TokenPanelState::Severity::Normal;
        const QString when = QLocale().toString(exp.toLocalTime(), QLocale::ShortFormat);
        s.expiresText = left > 0 ? Tr::tr("left · expires %1").arg(when) : Tr::tr("expired %1").arg(when);
    } else if (local) {
        s.expiresText = Tr::tr("no token needed");
    } else if (has) {
        s.expiresText = Tr::tr("no token yet");
    }

    if (!has || s.hasToken)
        s.placeholder.clear();
    else if (local)
        s.placeholder = m_record->basicUser.isEmpty()
            ? Tr::tr("No token is needed: requests to this local AEM go without sign-in")
            : Tr::tr("No token is needed: requests to this local AEM sign in as %1 (HTTP Basic)")
                  .arg(m_record->basicUser);
    else if (m_busy)
        s.placeholder = Tr::tr("Getting a token…");
    else if (m_loading)
        s.placeholder = Tr::tr("Reading the token from the keychain…");
    else if (exp.isValid() && left > 0)
        s.placeholder = Tr::tr("Press Get token to show the token here");
    else if (exp.isValid())
        s.placeholder = m_record->kind == CredentialKind::LocalDev ? Tr::tr("This token has expired")
                                                                   : Tr::tr("The token has expired: press Get token");
    else
        s.placeholder = Tr::tr("No token yet: press Get token");

    if (m_gone)
        s.hint = Tr::tr("This credential was removed from the store.");
    else if (!has)
        s.hint.clear();
    else if (offline)
        s.hint = m_unavailable;
    else if (m_busy && !m_retrying.isEmpty())
        s.hint = m_retrying;
    else if (m_record->kind == CredentialKind::LocalDev && exp.isValid() && left <= lead)
        s.hint = left > 0
            ? Tr::tr("This local development token expires soon and cannot be renewed here. In the AEM Developer "
                     "Console, choose Integrations › Local token › Get Local Development Token, then import the "
                     "downloaded file.")
            : Tr::tr("This local development token has expired. Get a new one in the AEM Developer Console "
                     "(Integrations › Local token › Get Local Development Token) and import it.");
    else if (!m_readError.isEmpty() && !s.hasToken)
        s.hint = Tr::tr("The cached token could not be read: %1").arg(m_readError);

    if (s == m_state) {
        wipeSecret(s.tokenText);
        return;
    }
    wipeSecret(m_state.tokenText); // the widget may still share it: then its last owner frees it
    m_state = std::move(s);
    Q_EMIT stateChanged();
}

QList<QPair<QString, QString>> TokenPanelController::claimsOf(const QByteArray& token) const
{
    QList<QPair<QString, QString>> rows;
    const auto jwt = decodeJwt(token);
    if (!jwt)
        return rows;
    const TokenLifetime life = tokenLifetime(jwt->claims);
    auto add = [&](const QString& label, const char* key) {
        const QJsonValue v = jwt->claims.value(QLatin1String(key));
        if (!v.isUndefined())
            rows.append({label, v.isString() ? v.toString() : QString::number(v.toDouble(), 'f', 0)});
    };
    add(Tr::tr("User"), "user_id");
    add(Tr::tr("Client"), "client_id");
    add(Tr::tr("Scope"), "scope");
    add(Tr::tr("Type"), "type");
    add(Tr::tr("Authenticating service"), "as");
    if (life.createdAt)
        rows.append({Tr::tr("Created"), userDateTime(*life.createdAt)});
    if (life.expiresAt)
        rows.append({Tr::tr("Expires"), userDateTime(*life.expiresAt)});
    return rows;
}

void TokenPanelController::runPendingCopy()
{
    if (!m_pendingCopy)
        return;
    const CopyAs what = *m_pendingCopy;
    m_pendingCopy.reset();
    copyNow(what); // asked already
}

void TokenPanelController::copy(CopyAs what)
{
    // A curl command here holds the token itself: the same question as the tester's.
    if (what == CopyAs::Curl && m_record && !m_gone && (!m_confirmInlineToken || !m_confirmInlineToken()))
        return;
    copyNow(what);
}

void TokenPanelController::copyNow(CopyAs what)
{
    if (!m_record || m_gone)
        return;
    if (m_token.isEmpty() || !m_heldExpiry.isValid() || m_context.clock().now() >= m_heldExpiry) {
        // The token first (the one under way, or got now), then the copy.
        m_pendingCopy = what;
        if (!m_busy && !m_loading)
            getToken(false);
        if (!m_busy && !m_loading)
            m_pendingCopy.reset(); // nothing can bring a token now
        return;
    }
    QString token = QString::fromLatin1(m_token);
    QString text;
    const int secs = m_context.settings().clipboardClearSeconds;
    QString message; // a whole sentence per case: the words agree in every language
    switch (what) {
    case CopyAs::Token:
        text = token;
        message = secs > 0 ? Tr::tr("Copied the token; the clipboard is cleared in %1 s").arg(secs)
                           : Tr::tr("Copied the token");
        break;
    case CopyAs::Header:
        text = QStringLiteral("Authorization: Bearer ") + token;
        message = secs > 0 ? Tr::tr("Copied the Authorization header; the clipboard is cleared in %1 s").arg(secs)
                           : Tr::tr("Copied the Authorization header");
        break;
    case CopyAs::Curl: {
        AemRequestSpec spec;
        spec.url = m_record->environment.author;
        spec.url.setPath(spec.url.path() + currentUserPath());
        text = curlCommand(spec, m_token); // quoted for the shell, like the tester's
        message = secs > 0 ? Tr::tr("Copied the curl command; the clipboard is cleared in %1 s").arg(secs)
                           : Tr::tr("Copied the curl command");
        break;
    }
    }
    m_clipboard.copySecret(text, secs * 1000);
    wipeSecret(text); // the clipboard holds its own copy
    wipeSecret(token);
    Q_EMIT copied(message);
}

} // namespace aem::ui
