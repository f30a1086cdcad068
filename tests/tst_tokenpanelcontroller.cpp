// SPDX-License-Identifier: Apache-2.0
// What the token panel shows and does, without its widgets (ui/tokenpanelcontroller.*): every
// state as TokenPanelState values, against an injected clock and an in-memory keychain; the
// sandbox (in process, over TLS) where a real mint is needed. Each test builds its own context.

#include "appcontext.h"
#include "clipboardguard.h"
#include "countdown.h"
#include "credentials.h"
#include "storewatcher.h"
#include "testsupport.h"
#include "tokenpanelcontroller.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

namespace {
// A clock that moves without announcing it, as the system clock does: only timers notice.
class SilentClock final : public Clock
{
public:
    QDateTime t = QDateTime::currentDateTimeUtc();
    QDateTime now() const override { return t; }
};
} // namespace

class TestTokenPanelController : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<ClipboardGuard> m_clipboard;
    std::unique_ptr<TokenPanelController> m_panel;

    const TokenPanelState& state() const { return m_panel->state(); }

    std::optional<CredentialRecord> import(const QByteArray& json, const QString& name, bool onSandbox = true)
    {
        const ParseResult parsed = parseCredentialJson(json, *m_clock);
        if (!parsed.ok())
            return std::nullopt;
        CredentialStore::ImportOptions o;
        o.name = name;
        if (onSandbox)
            o.author = QUrl(m_sandbox->sandbox().baseUrl());
        std::optional<CredentialStore::ImportResult> result;
        m_context->store().importCredential(*parsed.credential, o, this,
                                            [&](const CredentialStore::ImportResult& r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000) || !result->ok)
            return std::nullopt;
        return m_context->store().find(result->name);
    }

    std::optional<CredentialRecord> importService(const QString& name = QStringLiteral("dev"),
                                                  const sandbox::Sandbox::NewCredentialSpec& spec = {})
    {
        return import(m_sandbox->sandbox().createServiceCredentials(spec), name);
    }

    // A token of `rec` in the cache (keychain and expiry file), as a mint would have left it.
    QByteArray cacheToken(const CredentialRecord& rec, const QDateTime& created, qint64 lifetimeMs)
    {
        const QByteArray token = imsShapedToken(created, lifetimeMs);
        m_secrets->entries().insert(rec.accessTokenKey(), token);
        if (!m_context->store().saveCachedTokenInfo(rec, {created, created.addMSecs(lifetimeMs)}))
            return {};
        m_context->tokenService().refresh();
        return token;
    }

    void makeContext(const Clock* clock)
    {
        m_panel.reset();
        m_context.reset();
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path());
        o.secrets = m_secrets.get();
        o.clock = clock;
        o.settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        m_context = std::make_unique<AppContext>(o);
        m_panel = std::make_unique<TokenPanelController>(*m_context, *m_clipboard);
    }

    QDateTime serviceExpiry(const CredentialRecord& rec) { return m_context->tokenService().expiresAt(rec.id); }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
    }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        // The sandbox stamps tokens with real time.
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        AppSettings s;
        s.extraCaFile = m_sandbox->sandbox().caFile();
        s.clipboardClearSeconds = 0;
        const QString settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        QVERIFY(s.save(settingsPath));
        m_clipboard = std::make_unique<ClipboardGuard>(QApplication::clipboard());
        makeContext(m_clock.get());
    }

    void cleanup()
    {
        m_panel.reset();
        m_clipboard.reset();
        m_context.reset();
        m_clock.reset();
        m_secrets.reset();
        m_tmp.reset();
    }

    void noCredential()
    {
        m_panel->setCredential(std::nullopt);
        QCOMPARE(state().title, QStringLiteral("Access token"));
        QCOMPARE(state().countdown, QStringLiteral("--:--:--"));
        QVERIFY(state().expiresText.isEmpty());
        QVERIFY(state().placeholder.isEmpty());
        QVERIFY(state().hint.isEmpty());
        QVERIFY(!state().getEnabled);
        QVERIFY(!state().renewEnabled);
        QVERIFY(!state().copyEnabled);
        QVERIFY(!state().revealEnabled);
        QVERIFY(!state().hasToken);
        // Copy with nothing selected does nothing.
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        m_panel->copyToken();
        QVERIFY(!m_panel->isBusy());
        QCOMPARE(copied.count(), 0);
    }

    void noTokenYet()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QSignalSpy minting(&m_context->tokenService(), &TokenService::minting);
        m_panel->setCredential(rec);
        QCOMPARE(state().title, QStringLiteral("Access token — dev"));
        QCOMPARE(state().countdown, QStringLiteral("--:--:--"));
        QCOMPARE(state().expiresText, QStringLiteral("no token yet"));
        QCOMPARE(state().placeholder, QStringLiteral("No token yet: press Get token"));
        QVERIFY(state().getEnabled);
        QVERIFY(state().renewEnabled);
        QVERIFY(state().renewVisible);
        QVERIFY(state().copyEnabled); // copying gets the token first
        QVERIFY(!state().revealEnabled);
        QVERIFY(!state().busy);
        QVERIFY(!m_panel->isLoading()); // nothing to read
        QCOMPARE(minting.count(), 0);
    }

    void cachedTokenIsShownWithoutAMint()
    {
        const auto rec = importService();
        QVERIFY(rec);
        const QByteArray token = cacheToken(*rec, m_clock->now().addSecs(-3600), 24 * 3600 * 1000LL);
        QVERIFY(!token.isEmpty());
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        QSignalSpy minting(&m_context->tokenService(), &TokenService::minting);
        m_panel->setCredential(rec);
        // At once: the countdown and "reading", never "no token" beside a running countdown.
        QVERIFY(m_panel->isLoading());
        QCOMPARE(state().placeholder, QStringLiteral("Reading the token from the keychain…"));
        QVERIFY(state().expiresText.startsWith(QStringLiteral("left · expires")));
        QTRY_VERIFY(state().hasToken);
        QCOMPARE(minting.count(), 0);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges);
        QCOMPARE(state().countdown, formatCountdown(m_clock->now().msecsTo(serviceExpiry(*rec))));
        QCOMPARE(state().countdown, QStringLiteral("23:00:00"));
        QCOMPARE(state().severity, TokenPanelState::Severity::Normal);
        // Masked until revealed; then the token itself.
        QVERIFY(!state().revealed);
        QCOMPARE(state().tokenText, QString(token.size(), QChar(0x2022)));
        QVERIFY(state().revealEnabled);
        m_panel->setRevealed(true);
        QCOMPARE(state().tokenText, QString::fromLatin1(token));
        m_panel->setRevealed(false);
        QVERIFY(!state().tokenText.contains(QLatin1String("eyJ")));
        QVERIFY(state().placeholder.isEmpty());
        QVERIFY(!state().claims.isEmpty());
        QVERIFY(std::any_of(state().claims.cbegin(), state().claims.cend(),
                            [](const auto& row) { return row.first == QLatin1String("Expires"); }));
    }

    void countdownFollowsTheClockOnSecondBoundaries()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, m_clock->now(), 2 * 3600 * 1000LL).isEmpty());
        m_panel->setCredential(rec);
        QTRY_VERIFY(state().hasToken);
        const QDateTime exp = serviceExpiry(*rec);
        // Every jump is heard at once; the text changes exactly on the expiry's second boundaries.
        m_clock->set(exp.addMSecs(-3600 * 1000 - 1));
        QCOMPARE(state().countdown, QStringLiteral("01:00:00"));
        m_clock->set(exp.addMSecs(-3600 * 1000));
        QCOMPARE(state().countdown, QStringLiteral("01:00:00"));
        m_clock->set(exp.addMSecs(-3600 * 1000 + 1));
        QCOMPARE(state().countdown, QStringLiteral("00:59:59"));
        // Within the renewal lead (10 min): a warning; the last minute: an error.
        m_clock->set(exp.addSecs(-9 * 60));
        QCOMPARE(state().severity, TokenPanelState::Severity::Warning);
        m_clock->set(exp.addSecs(-30));
        QCOMPARE(state().severity, TokenPanelState::Severity::Error);
    }

    // Without jumps (the system clock), the panel's own timer moves the countdown, on the
    // second boundaries of the expiry.
    void countdownTimerWithoutClockJumps()
    {
        SilentClock clock;
        makeContext(&clock);
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, clock.t.addMSecs(-250), 3600 * 1000).isEmpty());
        m_panel->setCredential(rec);
        QTRY_VERIFY(state().hasToken);
        QCOMPARE(state().countdown, QStringLiteral("00:59:59")); // 59:59.750 left
        clock.t = clock.t.addMSecs(2000); // 59:57.750 left, unannounced
        QSignalSpy changed(m_panel.get(), &TokenPanelController::stateChanged);
        QTRY_COMPARE_WITH_TIMEOUT(state().countdown, QStringLiteral("00:59:57"), 5000);
        QVERIFY(!changed.isEmpty());
        m_panel.reset(); // before the clock goes
        m_context.reset();
    }

    void expiredTokenIsNotShown()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, m_clock->now(), 60 * 1000).isEmpty());
        m_panel->setCredential(rec);
        QTRY_VERIFY(state().hasToken);
        m_clock->advanceMs(61 * 1000);
        QVERIFY(!state().hasToken); // an expired token is not usable: no longer shown
        QVERIFY(state().tokenText.isEmpty());
        QVERIFY(state().claims.isEmpty());
        QCOMPARE(state().countdown, QStringLiteral("00:00:00"));
        QCOMPARE(state().severity, TokenPanelState::Severity::Error);
        QVERIFY(state().expiresText.startsWith(QLatin1String("expired ")));
        QCOMPARE(state().placeholder, QStringLiteral("The token has expired: press Get token"));
        QVERIFY(state().getEnabled);
        // Selected again later: still nothing read from the cache for an expired token.
        m_panel->setCredential(std::nullopt);
        m_panel->setCredential(rec);
        QVERIFY(!m_panel->isLoading());
        QVERIFY(!state().hasToken);
    }

    void mintShowsBusyThenTheToken()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        const int before = m_sandbox->sandbox().exchangeCount();
        m_panel->getToken();
        QVERIFY(m_panel->isBusy());
        QVERIFY(state().busy);
        QVERIFY(!state().getEnabled);
        QVERIFY(!state().renewEnabled);
        QVERIFY(!state().copyEnabled);
        QCOMPARE(state().placeholder, QStringLiteral("Getting a token…"));
        QTRY_VERIFY_WITH_TIMEOUT(state().hasToken, 15000);
        QVERIFY(!state().busy);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        const QDateTime exp = serviceExpiry(*rec);
        QVERIFY(exp.isValid());
        QCOMPARE(state().countdown, formatCountdown(m_clock->now().msecsTo(exp)));
        QVERIFY(state().getEnabled);
        QVERIFY(state().copyEnabled);
        QVERIFY(!state().claims.isEmpty());
    }

    void selectingAwayAndBackShowsTheCachedToken()
    {
        const auto a = importService(QStringLiteral("a"));
        const auto b = importService(QStringLiteral("b"));
        QVERIFY(a && b);
        m_panel->setCredential(a);
        m_panel->getToken();
        QTRY_VERIFY_WITH_TIMEOUT(state().hasToken, 15000);
        m_panel->setRevealed(true);
        const QString token = state().tokenText;
        QVERIFY(token.startsWith(QLatin1String("eyJ")));
        m_panel->setCredential(b);
        QVERIFY(!state().hasToken);
        QCOMPARE(state().placeholder, QStringLiteral("No token yet: press Get token"));
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        QSignalSpy minting(&m_context->tokenService(), &TokenService::minting);
        m_panel->setCredential(a);
        QVERIFY(state().placeholder != QLatin1String("No token yet: press Get token"));
        QTRY_VERIFY(state().hasToken);
        QVERIFY(!state().revealed); // shown again masked
        m_panel->setRevealed(true);
        QCOMPARE(state().tokenText, token); // the same token, from the cache
        QCOMPARE(minting.count(), 0);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges);
    }

    void localDevelopmentTokenIsShownAtOnce()
    {
        const auto rec = import(m_sandbox->sandbox().createLocalDevToken(24 * 3600 * 1000LL), QStringLiteral("local"));
        QVERIFY(rec);
        QCOMPARE(rec->kind, CredentialKind::LocalDev);
        QSignalSpy minting(&m_context->tokenService(), &TokenService::minting);
        m_panel->setCredential(rec);
        QVERIFY(state().expiresText.startsWith(QStringLiteral("left · expires")));
        QTRY_VERIFY(state().hasToken);
        QCOMPARE(minting.count(), 0);
        QVERIFY(!state().renewVisible);
        QVERIFY(!state().renewEnabled);
        QVERIFY(state().hint.isEmpty()); // a day left: nothing to say yet
        QVERIFY(!state().claims.isEmpty());
        // Copied as it is.
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        m_panel->copyHeader();
        QCOMPARE(copied.count(), 1);
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("Authorization: Bearer eyJ")));
        // Close to its end: how to get a new one.
        m_clock->set(serviceExpiry(*rec).addSecs(-5 * 60));
        QVERIFY(state().hint.contains(QLatin1String("Get Local Development Token")));
        QCOMPARE(state().severity, TokenPanelState::Severity::Warning);
        m_clock->set(serviceExpiry(*rec).addSecs(1));
        QVERIFY(!state().hasToken);
        QVERIFY(state().hint.contains(QLatin1String("has expired")));
        QCOMPARE(state().placeholder, QStringLiteral("This token has expired"));
    }

    void failureIsAnnounced()
    {
        sandbox::Sandbox::NewCredentialSpec expired;
        expired.expiredCertificate = true;
        const auto rec = importService(QStringLiteral("old"), expired);
        QVERIFY(rec);
        m_panel->setCredential(rec);
        QSignalSpy failed(m_panel.get(), &TokenPanelController::failed);
        m_panel->getToken();
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("certificate is expired")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!m_panel->isBusy());
        QVERIFY(!m_panel->isGone());
        QVERIFY(!state().hasToken);
        QVERIFY(state().getEnabled);
        QCOMPARE(state().placeholder, QStringLiteral("No token yet: press Get token"));
    }

    void credentialRemovedElsewhereIsGone()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        m_context->watcher()->setCoalesceMs(10 * 60 * 1000); // the removal not yet noticed
        CredentialStore other(StoreLocation::under(m_tmp->path()), *m_secrets, *m_clock);
        QVERIFY(other.load());
        std::optional<bool> removed;
        other.removeCredential(rec->name, this, [&](bool ok, const QString&) { removed = ok; });
        QTRY_VERIFY(removed.has_value());
        QVERIFY(*removed);
        QSignalSpy gone(m_panel.get(), &TokenPanelController::credentialGone);
        QSignalSpy failed(m_panel.get(), &TokenPanelController::failed);
        m_panel->getToken();
        QVERIFY(gone.wait(15000));
        QCOMPARE(gone.first().first().toString(), rec->name);
        QCOMPARE(failed.count(), 0); // not an error to show
        QVERIFY(m_panel->isGone());
        QCOMPARE(state().hint, QStringLiteral("This credential was removed from the store."));
        QVERIFY(!state().getEnabled);
        QVERIFY(!state().copyEnabled);
        QCOMPARE(state().title, QStringLiteral("Access token"));
        // Acting on it does nothing more.
        m_panel->getToken();
        m_panel->copyToken();
        QVERIFY(!m_panel->isBusy());
    }

    void cancelWhileMinting()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        m_sandbox->sandbox().delayNextExchanges(1, 3000);
        QSignalSpy failed(m_panel.get(), &TokenPanelController::failed);
        QSignalSpy changed(m_panel.get(), &TokenPanelController::stateChanged);
        m_panel->getToken(true);
        QVERIFY(state().busy);
        m_panel->getToken(true); // already busy: no second request
        m_panel->cancel();
        QTRY_VERIFY(!m_panel->isBusy());
        QVERIFY(!state().busy);
        QVERIFY(state().getEnabled);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!state().hasToken);
    }

    void copyBeforeTheTokenArrives()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        m_sandbox->sandbox().delayNextExchanges(1, 500);
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        int asked = 0;
        m_panel->setInlineTokenConfirmation([&asked] { return ++asked > 0; });
        m_panel->getToken();
        QVERIFY(m_panel->isBusy());
        m_panel->copyCurl(); // the token is still on its way
        QCOMPARE(asked, 1); // the question first, once
        QVERIFY(m_panel->hasPendingCopy());
        QCOMPARE(copied.count(), 0);
        QVERIFY(copied.wait(15000));
        QVERIFY(!m_panel->hasPendingCopy());
        QCOMPARE(copied.first().first().toString(), QStringLiteral("Copied the curl command"));
        const QString text = QApplication::clipboard()->text();
        QVERIFY2(text.startsWith(QLatin1String("printf 'Authorization: Bearer %s\\n' "))
                     && text.contains(QLatin1String(" | curl ")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("' 'eyJ")));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges + 1); // one mint for both
    }

    void copyWithoutATokenGetsOneFirst()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        m_panel->copyToken();
        QVERIFY(m_panel->isBusy());
        QVERIFY(copied.wait(15000));
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("eyJ")));
    }

    void curlWithTheTokenInlineAsksFirst()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        QApplication::clipboard()->setText(QStringLiteral("before"));
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        int asked = 0;
        m_panel->setInlineTokenConfirmation([&asked] {
            ++asked;
            return false;
        });
        m_panel->copyCurl();
        QCOMPARE(asked, 1);
        QVERIFY(!m_panel->isBusy()); // declined: no mint either
        QVERIFY(!m_panel->hasPendingCopy());
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
        // Unset, the answer is no.
        m_panel->setInlineTokenConfirmation({});
        m_panel->copyCurl();
        QVERIFY(!m_panel->isBusy());
        QCOMPARE(copied.count(), 0);
        // The token and the header need no question.
        m_panel->copyToken();
        QVERIFY(copied.wait(15000));
        QCOMPARE(asked, 1);
    }

    void copyWhileTheCachedTokenIsReadWaitsForIt()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, m_clock->now(), 3600 * 1000).isEmpty());
        m_secrets->setDelayMs(300);
        m_panel->setCredential(rec);
        QVERIFY(m_panel->isLoading());
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        QSignalSpy copied(m_panel.get(), &TokenPanelController::copied);
        m_panel->copyToken();
        QVERIFY(!m_panel->isBusy()); // no mint: the read under way brings it
        QVERIFY(copied.wait(5000));
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("eyJ")));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges);
    }

    void unreadableCacheIsAHintNotAnError()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, m_clock->now(), 3600 * 1000).isEmpty());
        m_secrets->entries().remove(rec->accessTokenKey()); // the expiry file says more than the keychain
        QSignalSpy failed(m_panel.get(), &TokenPanelController::failed);
        m_panel->setCredential(rec);
        QTRY_VERIFY(!m_panel->isLoading());
        QVERIFY(!state().hasToken);
        QVERIFY2(state().hint.startsWith(QLatin1String("The cached token could not be read: ")),
                 qPrintable(state().hint));
        QCOMPARE(state().placeholder, QStringLiteral("Press Get token to show the token here"));
        QCOMPARE(failed.count(), 0);
        // Not read again and again: once per token the service knows.
        const int calls = m_secrets->callCount();
        m_clock->advanceMs(1000);
        QCOMPARE(m_secrets->callCount(), calls);
    }

    void revokedElsewhereIsForgotten()
    {
        const auto rec = importService();
        QVERIFY(rec);
        QVERIFY(!cacheToken(*rec, m_clock->now(), 3600 * 1000).isEmpty());
        m_panel->setCredential(rec);
        QTRY_VERIFY(state().hasToken);
        m_context->store().clearCachedTokenInfo(*rec);
        m_context->tokenService().refresh();
        QVERIFY(!state().hasToken);
        QCOMPARE(state().countdown, QStringLiteral("--:--:--"));
        QCOMPARE(state().placeholder, QStringLiteral("No token yet: press Get token"));
    }

    void renewedTokenReplacesTheOneShown()
    {
        const auto rec = importService();
        QVERIFY(rec);
        m_panel->setCredential(rec);
        m_panel->getToken();
        QTRY_VERIFY_WITH_TIMEOUT(state().hasToken, 15000);
        const QDateTime first = serviceExpiry(*rec);
        // The service renews by itself ten minutes ahead; the panel shows the new token.
        m_clock->set(first.addSecs(-9 * 60));
        QTRY_VERIFY_WITH_TIMEOUT(serviceExpiry(*rec) > first, 15000);
        QTRY_VERIFY(state().hasToken);
        QCOMPARE(state().countdown, formatCountdown(m_clock->now().msecsTo(serviceExpiry(*rec))));
        m_panel->setRevealed(true);
        QVERIFY(state().tokenText.startsWith(QLatin1String("eyJ")));
    }

    void unavailableServersTurnGettingOff()
    {
        const auto rec = importService();
        const auto local = import(m_sandbox->sandbox().createLocalDevToken(3600 * 1000), QStringLiteral("local"));
        QVERIFY(rec && local);
        m_panel->setCredential(rec);
        m_panel->setUnavailable(QStringLiteral("The sandbox stopped: it was ended by signal 9 (SIGKILL)."));
        QVERIFY(!state().getEnabled);
        QVERIFY(!state().renewEnabled);
        QVERIFY(!state().copyEnabled); // no token to copy, none to get
        QCOMPARE(state().hint, QStringLiteral("The sandbox stopped: it was ended by signal 9 (SIGKILL)."));
        m_panel->getToken();
        QVERIFY(!m_panel->isBusy());
        // A local development token is its own file: still shown and copied.
        m_panel->setCredential(local);
        QVERIFY(state().getEnabled);
        QTRY_VERIFY(state().hasToken);
        QVERIFY(state().copyEnabled);
        m_panel->setUnavailable(QString());
        m_panel->setCredential(rec);
        QVERIFY(state().getEnabled);
        QVERIFY(state().hint.isEmpty());
    }
};

QTEST_MAIN(TestTokenPanelController)
#include "tst_tokenpanelcontroller.moc"
