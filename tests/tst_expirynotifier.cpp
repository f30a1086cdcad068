// SPDX-License-Identifier: Apache-2.0
// When the window warns of expiry (core/expirynotifier.*): once per token expiry and once per
// certificate, never for a token that renews itself, nothing while notifications are off. Nothing
// here calls check(): the notifier judges by itself, on the token service's and the store's
// changes, the clock's jumps and its own timer.

#include "clock.h"
#include "credentialstore.h"
#include "expirynotifier.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestExpiryNotifier : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenService> m_service;
    std::unique_ptr<ExpiryNotifier> m_notifier;

    bool import(const QString& name, ServiceJsonSpec spec = {})
    {
        spec.clientId = QStringLiteral("cm-p1-e1-") + name;
        const ParseResult parsed = parseCredentialJson(serviceJson(spec), *m_clock);
        if (!parsed.ok())
            return false;
        bool ok = false;
        bool done = false;
        CredentialStore::ImportOptions io;
        io.name = name;
        m_store->importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            ok = r.ok;
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 10000) && ok;
    }

    // A token of `name` cached until `expires`.
    void cacheToken(const QString& name, const QDateTime& expires)
    {
        QVERIFY(m_store->saveCachedTokenInfo(*m_store->find(name), {m_clock->now(), expires}));
        m_service->refresh();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(fixedNow());
        m_store = std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, *m_clock);
        m_tokens = std::make_unique<TokenProvider>(*m_store, nullptr, *m_clock, TokenProvider::Options {});
        m_service = std::make_unique<TokenService>(*m_store, *m_tokens, *m_clock);
        TokenService::Config c;
        c.renewalEnabled = false; // nothing mints here
        m_service->setConfig(c);
        m_notifier = std::make_unique<ExpiryNotifier>(*m_store, *m_service, *m_clock);
    }

    void cleanup()
    {
        m_notifier.reset();
        m_service.reset();
        m_tokens.reset();
        m_store.reset();
        m_clock.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void tokenWarnedOncePerExpiry()
    {
        QVERIFY(import(QStringLiteral("svc")));
        m_notifier->setPolicy({true, 10, 30, false});
        QSignalSpy notified(m_notifier.get(), &ExpiryNotifier::notify);
        const QDateTime expires = m_clock->now().addSecs(15 * 60);
        cacheToken(QStringLiteral("svc"), expires); // the service announces it
        QCOMPARE(notified.count(), 0); // 15 min left: not yet
        QCOMPARE(m_notifier->nextDueAt(), expires.addSecs(-10 * 60)); // its timer wakes then
        m_clock->set(expires.addSecs(-9 * 60)); // the clock's jump is heard
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Token expires soon"));
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("The token of svc expires in 9 min."));
        m_clock->advanceMs(60 * 1000);
        QCOMPARE(notified.count(), 1); // once
        // Nothing left to wake for about this token (the certificate's day comes much later).
        QVERIFY(!m_notifier->nextDueAt().isValid() || m_notifier->nextDueAt() > expires);
        // A new token (another expiry) is warned again when its time comes.
        const QDateTime next = m_clock->now().addSecs(5 * 60);
        cacheToken(QStringLiteral("svc"), next);
        QCOMPARE(notified.count(), 2);
    }

    void tokenThatRenewsItselfIsNotWarned()
    {
        QVERIFY(import(QStringLiteral("svc")));
        m_notifier->setPolicy({true, 10, 30, true});
        QSignalSpy notified(m_notifier.get(), &ExpiryNotifier::notify);
        cacheToken(QStringLiteral("svc"), m_clock->now().addSecs(5 * 60));
        m_clock->advanceMs(60 * 1000);
        QCOMPARE(notified.count(), 0);
        QVERIFY(!m_notifier->nextDueAt().isValid() || m_notifier->nextDueAt() > m_clock->now().addSecs(3600));
    }

    void certificateWarnedOnceUntilReplaced()
    {
        ServiceJsonSpec expired;
        expired.expired = true;
        m_notifier->setPolicy({true, 10, 30, true});
        QSignalSpy notified(m_notifier.get(), &ExpiryNotifier::notify);
        QVERIFY(import(QStringLiteral("old"), expired)); // the store's change is heard
        QVERIFY(import(QStringLiteral("fine")));
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Certificate expires soon"));
        QVERIFY(notified.first().at(1).toString().startsWith(QLatin1String("The certificate of old has expired")));
        m_clock->advanceMs(1000);
        QCOMPARE(notified.count(), 1);
        m_notifier->forgetCertificate(QStringLiteral("old")); // judged again at once
        QCOMPARE(notified.count(), 2);
    }

    void nothingWhileNotificationsAreOff()
    {
        ServiceJsonSpec expired;
        expired.expired = true;
        m_notifier->setPolicy({false, 10, 30, true});
        QSignalSpy notified(m_notifier.get(), &ExpiryNotifier::notify);
        QVERIFY(import(QStringLiteral("old"), expired));
        m_clock->advanceMs(1000);
        QCOMPARE(notified.count(), 0);
        QVERIFY(!m_notifier->nextDueAt().isValid()); // no timer while off
        // Turned on: what was not said is said now.
        m_notifier->setPolicy({true, 10, 30, true});
        QCOMPARE(notified.count(), 1);
    }

    // A clock that does not announce its moves (the system clock): the notifier's own timer
    // notices that a warning became due, within a second of the clock.
    void ownTimerWarnsWithoutClockJumps()
    {
        struct SilentClock final : Clock
        {
            QDateTime t = fixedNow();
            QDateTime now() const override { return t; }
        } clock;
        CredentialStore store(StoreLocation::under(m_dir->path() + QStringLiteral("/silent")), *m_secrets, clock);
        TokenProvider tokens(store, nullptr, clock, TokenProvider::Options {});
        TokenService service(store, tokens, clock);
        service.setConfig({false, 10 * 60 * 1000, 60 * 1000});
        ExpiryNotifier notifier(store, service, clock);
        notifier.setPolicy({true, 10, 30, false});
        QSignalSpy notified(&notifier, &ExpiryNotifier::notify);
        const ParseResult parsed = parseCredentialJson(serviceJson({}), clock);
        QVERIFY(parsed.ok());
        bool done = false;
        CredentialStore::ImportOptions io;
        io.name = QStringLiteral("svc");
        store.importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY(r.ok);
            done = true;
        });
        QTRY_VERIFY(done);
        const QDateTime expires = clock.t.addSecs(15 * 60);
        QVERIFY(store.saveCachedTokenInfo(*store.find(QStringLiteral("svc")), {clock.t, expires}));
        service.refresh();
        QCOMPARE(notified.count(), 0);
        QCOMPARE(notifier.nextDueAt(), expires.addSecs(-10 * 60));
        clock.t = expires.addSecs(-10 * 60); // moved without a word
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 5000);
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("The token of svc expires in 10 min."));
    }
};

QTEST_MAIN(TestExpiryNotifier)
#include "tst_expirynotifier.moc"
