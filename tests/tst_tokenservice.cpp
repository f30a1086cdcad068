// SPDX-License-Identifier: Apache-2.0
// The token service: renewal judged against a manual clock (due time, lead time, disabled,
// backoff after a failure, a jump after a suspend), shared mints, a cache changed by another
// process, and announcements that carry the credential's id; against the in-process sandbox.

#include "clock.h"
#include "credentialstore.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestTokenService : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QNetworkAccessManager m_nam;

    // Per test.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenService> m_service;
    QString m_id;

    QString import(const QByteArray& json, const QString& name)
    {
        const ParseResult parsed = parseCredentialJson(json, *m_clock);
        if (!parsed.ok())
            return {};
        QString id;
        bool done = false;
        QObject ctx;
        CredentialStore::ImportOptions io;
        io.name = name;
        m_store->importCredential(*parsed.credential, io, &ctx, [&](const CredentialStore::ImportResult& r) {
            if (r.ok)
                id = m_store->find(r.name)->id;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            return {};
        return id;
    }

    TokenResult get(const QString& id, bool fresh = false)
    {
        TokenResult out;
        bool done = false;
        QObject ctx;
        m_service->token(id, fresh, &ctx, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            out.error = QStringLiteral("no answer");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
        m_sandbox->trustIn(&m_nam);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc()); // the sandbox stamps real time
        m_store = std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, *m_clock);
        TokenProvider::Options o;
        o.retry.baseDelayMs = 20;
        o.retry.maxAttempts = 1;
        m_tokens = std::make_unique<TokenProvider>(*m_store, &m_nam, *m_clock, o);
        m_service = std::make_unique<TokenService>(*m_store, *m_tokens, *m_clock);
        m_id = import(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("svc"));
        QVERIFY(!m_id.isEmpty());
    }

    void cleanup()
    {
        m_service.reset();
        m_tokens.reset();
        m_store.reset();
        m_clock.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void renewsAtDueTime()
    {
        const TokenResult first = get(m_id);
        QVERIFY2(first.ok, qPrintable(first.error));
        const TokenState s = m_service->state(m_id);
        QCOMPARE(s.expiresAt, first.expiresAt);
        QVERIFY(s.cached);
        QVERIFY(!s.inFlight);
        QCOMPARE(s.renewalDueAt, first.expiresAt.addMSecs(-10 * 60 * 1000)); // the default lead
        const int before = m_sandbox->sandbox().exchangeCount();
        QSignalSpy renewing(m_service.get(), &TokenService::renewing);
        QSignalSpy renewed(m_service.get(), &TokenService::renewed);
        m_clock->set(s.renewalDueAt.addMSecs(-1));
        m_service->evaluate();
        QCOMPARE(renewing.count(), 0); // one millisecond early
        m_clock->advanceMs(1);
        QVERIFY(renewed.wait(15000));
        QCOMPARE(renewing.count(), 1);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        QVERIFY(m_service->expiresAt(m_id) > first.expiresAt);
        QCOMPARE(renewed.first().at(1).toDateTime(), m_service->expiresAt(m_id));
        // The renewed token is the one handed out next, from the cache.
        const TokenResult next = get(m_id);
        QVERIFY(next.fromCache);
        QCOMPARE(next.expiresAt, m_service->expiresAt(m_id));
    }

    void leadTimeSetsTheDueTime()
    {
        TokenService::Config c = m_service->config();
        c.leadMs = 30 * 60 * 1000;
        m_service->setConfig(c);
        const TokenResult first = get(m_id);
        QVERIFY(first.ok);
        QCOMPARE(m_service->renewalDueAt(m_id), first.expiresAt.addSecs(-30 * 60));
        QSignalSpy renewing(m_service.get(), &TokenService::renewing);
        QSignalSpy renewed(m_service.get(), &TokenService::renewed);
        m_clock->set(first.expiresAt.addSecs(-31 * 60));
        m_service->evaluate();
        QCOMPARE(renewing.count(), 0);
        m_clock->set(first.expiresAt.addSecs(-29 * 60));
        QVERIFY(renewed.wait(15000));
        QCOMPARE(renewing.count(), 1);
    }

    void disabledRenewalNeverMints()
    {
        const TokenResult first = get(m_id);
        QVERIFY(first.ok);
        TokenService::Config c = m_service->config();
        c.renewalEnabled = false;
        QSignalSpy changed(m_service.get(), &TokenService::changed);
        m_service->setConfig(c);
        QCOMPARE(changed.count(), 1); // the due time went
        QVERIFY(!m_service->renewalDueAt(m_id).isValid());
        const int before = m_sandbox->sandbox().exchangeCount();
        QSignalSpy renewing(m_service.get(), &TokenService::renewing);
        m_clock->set(first.expiresAt.addSecs(60)); // even past expiry
        m_service->evaluate();
        QCoreApplication::processEvents();
        QCOMPARE(renewing.count(), 0);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before);
        // Enabled again: renewed at once, the token being past due.
        c.renewalEnabled = true;
        m_service->setConfig(c);
        QVERIFY(renewing.wait(15000));
    }

    void failureWaitsBeforeTryingAgain()
    {
        const TokenResult first = get(m_id);
        QVERIFY(first.ok);
        QSignalSpy failed(m_service.get(), &TokenService::renewalFailed);
        QSignalSpy renewing(m_service.get(), &TokenService::renewing);
        QSignalSpy renewed(m_service.get(), &TokenService::renewed);
        m_sandbox->sandbox().failNextExchanges(1, 400, 0);
        m_clock->set(m_service->renewalDueAt(m_id));
        QVERIFY(failed.wait(15000));
        QCOMPARE(failed.first().at(0).toString(), m_id);
        const TokenState s = m_service->state(m_id);
        QVERIFY(!s.lastFailure.isEmpty());
        QCOMPARE(failed.first().at(1).toString(), s.lastFailure);
        QCOMPARE(s.retryAfter, m_clock->now().addSecs(60));
        QCOMPARE(s.expiresAt, first.expiresAt); // the old token stays
        m_clock->advanceMs(30 * 1000);
        m_service->evaluate();
        QCOMPARE(renewing.count(), 1); // still waiting
        m_clock->advanceMs(30 * 1000);
        QVERIFY(renewed.wait(15000));
        QCOMPARE(renewing.count(), 2);
        QVERIFY(m_service->state(m_id).lastFailure.isEmpty());
        QVERIFY(m_service->expiresAt(m_id) > first.expiresAt);
    }

    // After a suspend the clock has jumped past the due time (even past expiry): renewal runs
    // on the jump, without waiting for a timer that stood still.
    void clockJumpAfterSuspendRenews()
    {
        // A token (cached by another process) due in ten minutes: the timer is armed.
        const CredentialRecord rec = *m_store->find(QStringLiteral("svc"));
        const QDateTime expires = m_clock->now().addSecs(20 * 60);
        QVERIFY(m_store->saveCachedTokenInfo(rec, {m_clock->now(), expires}));
        m_service->refresh();
        QCOMPARE(m_service->renewalDueAt(m_id), expires.addSecs(-10 * 60));
        QSignalSpy renewing(m_service.get(), &TokenService::renewing);
        QSignalSpy renewed(m_service.get(), &TokenService::renewed);
        // Half an hour later by the clock, no time at all for the timers.
        m_clock->advanceMs(30 * 60 * 1000);
        QVERIFY(renewed.wait(15000));
        QCOMPARE(renewing.count(), 1);
        QCOMPARE(renewed.first().first().toString(), m_id);
        QVERIFY(m_service->expiresAt(m_id) > expires);
    }

    void twoCallersShareOneMint()
    {
        const int before = m_sandbox->sandbox().exchangeCount();
        m_sandbox->sandbox().delayNextExchanges(1, 300);
        QObject ctx;
        QList<TokenResult> results;
        auto keep = [&](const TokenResult& r) { results << r; };
        m_service->token(m_id, false, &ctx, keep);
        m_service->token(m_id, false, &ctx, keep);
        QVERIFY(m_service->state(m_id).inFlight);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 15000);
        QVERIFY(results[0].ok && results[1].ok);
        QCOMPARE(results[0].expiresAt, results[1].expiresAt);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        QVERIFY(!m_service->state(m_id).inFlight);
    }

    void cacheChangedByAnotherProcessIsFollowed()
    {
        MemorySecretStore otherSecrets;
        CredentialStore other(StoreLocation::under(m_dir->path()), otherSecrets, *m_clock);
        QVERIFY(other.load());
        const CredentialRecord rec = *other.find(QStringLiteral("svc"));
        QVERIFY(!m_service->expiresAt(m_id).isValid());
        const QDateTime expires = m_clock->now().addSecs(3600);
        QVERIFY(other.saveCachedTokenInfo(rec, {m_clock->now(), expires}));
        QSignalSpy changed(m_service.get(), &TokenService::changed);
        m_service->refresh();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toString(), m_id);
        QCOMPARE(m_service->expiresAt(m_id), expires);
        QVERIFY(m_service->state(m_id).cached);
        QCOMPARE(m_service->renewalDueAt(m_id), expires.addSecs(-10 * 60));
        m_service->refresh();
        QCOMPARE(changed.count(), 1); // nothing new, nothing said
        other.clearCachedTokenInfo(rec); // revoked elsewhere
        m_service->refresh();
        QCOMPARE(changed.count(), 2);
        QVERIFY(!m_service->expiresAt(m_id).isValid());
        QVERIFY(!m_service->renewalDueAt(m_id).isValid());
    }

    void signalsCarryTheId()
    {
        const QString second = import(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("second"));
        QVERIFY(!second.isEmpty());
        QSignalSpy changed(m_service.get(), &TokenService::changed);
        const TokenResult r = get(second);
        QVERIFY(r.ok);
        QVERIFY(changed.count() >= 2); // in flight, then the token
        for (const QList<QVariant>& args : std::as_const(changed))
            QCOMPARE(args.first().toString(), second);
        QVERIFY(!m_service->expiresAt(m_id).isValid()); // the other one is untouched
        // Removed: its state goes, announced by its id.
        changed.clear();
        bool done = false;
        m_store->removeCredential(QStringLiteral("second"), this, [&](bool ok, const QString&) {
            QVERIFY(ok);
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(),
                            [&](const QList<QVariant>& a) { return a.first().toString() == second; }));
        QVERIFY(!m_service->expiresAt(second).isValid());
    }
};

QTEST_MAIN(TestTokenService)
#include "tst_tokenservice.moc"
