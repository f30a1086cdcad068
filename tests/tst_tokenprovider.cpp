// SPDX-License-Identifier: Apache-2.0
// Cache rules with an injected clock, shared mints, local development tokens, and keychain
// failures, against the in-process sandbox.

#include "clock.h"
#include "credentialstore.h"
#include "filecredentialsource.h"
#include "jsonout.h"
#include "kernelkeyring.h"
#include "processhygiene.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;

namespace {
// Counts the kernel-keyring entries read (their payloads), in front of the real kernel.
class CountingCalls : public KeyringCalls
{
public:
    int payloadReads = 0;
    long read(qint32 key, QByteArray* out, int max) override
    {
        if (key > 0)
            ++payloadReads;
        return KeyringCalls::read(key, out, max);
    }
};
} // namespace

struct Env
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    ManualClock clock {QDateTime::currentDateTimeUtc()};
    std::unique_ptr<CredentialStore> store;
    std::unique_ptr<TokenProvider> tokens;
};

class TestTokenProvider : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QNetworkAccessManager m_nam;

    std::unique_ptr<Env> makeEnv(const QByteArray& json, const QString& name = QStringLiteral("cred"))
    {
        auto e = std::make_unique<Env>();
        e->store = std::make_unique<CredentialStore>(StoreLocation::under(e->dir.path()), e->secrets, e->clock);
        TokenProvider::Options o;
        o.retry.baseDelayMs = 20;
        e->tokens = std::make_unique<TokenProvider>(*e->store, &m_nam, e->clock, o);
        const ParseResult parsed = parseCredentialJson(json, e->clock);
        if (!parsed.ok())
            qFatal("fixture does not parse");
        bool done = false;
        QObject ctx;
        CredentialStore::ImportOptions io;
        io.name = name;
        e->store->importCredential(*parsed.credential, io, &ctx, [&](const CredentialStore::ImportResult& r) {
            if (!r.ok)
                qFatal("import failed");
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("import never finished");
        return e;
    }

    static TokenResult get(Env& e, bool fresh = false, const QString& name = QStringLiteral("cred"))
    {
        TokenResult out;
        bool done = false;
        QObject ctx;
        e.tokens->token(idOf(*e.store, name), fresh, &ctx, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qFatal("token never came");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
        m_sandbox->trustIn(&m_nam);
    }

    void mintsThenReusesWhileTenMinutesRemain()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        const int before = m_sandbox->sandbox().exchangeCount();
        const TokenResult first = get(*e);
        QVERIFY2(first.ok, qPrintable(first.error));
        QVERIFY(!first.fromCache);
        QCOMPARE(first.createdAt.msecsTo(first.expiresAt), qint64(86399999));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);

        // 23 h 49 min later, 11 minutes remain: the cached token is still handed out.
        e->clock.set(first.expiresAt.addSecs(-11 * 60));
        const TokenResult cached = get(*e);
        QVERIFY(cached.ok && cached.fromCache);
        QCOMPARE(cached.accessToken, first.accessToken);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);

        // Under 10 minutes left: a new one is minted.
        e->clock.set(first.expiresAt.addSecs(-9 * 60));
        const TokenResult renewed = get(*e);
        QVERIFY2(renewed.ok, qPrintable(renewed.error));
        QVERIFY(!renewed.fromCache);
        QVERIFY(renewed.accessToken != first.accessToken);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 2);
        // The token sits in the keychain, its expiry (only) in the cache dir.
        QCOMPARE(e->secrets.entries().value(e->store->find(QStringLiteral("cred"))->accessTokenKey()),
                 renewed.accessToken);
        QCOMPARE(e->store->cachedTokenInfo(*e->store->find(QStringLiteral("cred")))->expiresAt, renewed.expiresAt);
    }

    void freshAlwaysMints()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        const TokenResult a = get(*e);
        const int before = m_sandbox->sandbox().exchangeCount();
        const TokenResult b = get(*e, true);
        QVERIFY(b.ok && !b.fromCache);
        QVERIFY(a.accessToken != b.accessToken);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
    }

    void concurrentCallersShareOneMint()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        const int before = m_sandbox->sandbox().exchangeCount();
        QList<TokenResult> results;
        QObject ctx;
        for (int i = 0; i < 5; ++i)
            e->tokens->token(idOf(*e->store, QStringLiteral("cred")), false, &ctx,
                             [&](const TokenResult& r) { results << r; });
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 5, 30000);
        for (const TokenResult& r : results) {
            QVERIFY(r.ok);
            QCOMPARE(r.accessToken, results.first().accessToken);
        }
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
    }

    void imsErrorIsReportedWithCause()
    {
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.expiredCertificate = true;
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials(spec));
        const TokenResult r = get(*e);
        QVERIFY(!r.ok);
        QVERIFY(r.imsError);
        QCOMPARE(r.imsError->code, QStringLiteral("invalid_token"));
        QVERIFY2(r.error.contains(QLatin1String("certificate is expired")), qPrintable(r.error));
        QVERIFY(r.error.contains(QLatin1String("\"cred\"")));
        QVERIFY(e->store->cachedTokenInfo(*e->store->find(QStringLiteral("cred"))) == std::nullopt);
    }

    void keychainUnavailableIsClear()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        e->secrets.setUnavailable(true);
        const TokenResult r = get(*e);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("no keychain is available")), qPrintable(r.error));
    }

    void keychainFailuresCarryTheirCause_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("cause");
        QTest::addColumn<QString>("code");
        QTest::newRow("locked") << int(SecretResult::Locked) << int(FailureCause::KeychainLocked)
                                << QStringLiteral("keychain_locked");
        QTest::newRow("absent") << int(SecretResult::Unavailable) << int(FailureCause::KeychainUnavailable)
                                << QStringLiteral("keychain_unavailable");
        QTest::newRow("refused") << int(SecretResult::AccessDenied) << int(FailureCause::KeychainDenied)
                                 << QStringLiteral("keychain_denied");
        QTest::newRow("other") << int(SecretResult::OtherError) << int(FailureCause::Other)
                               << QStringLiteral("token_unavailable");
    }
    void keychainFailuresCarryTheirCause()
    {
        // The cause is set where the keychain failed, not found by asking it again afterwards
        // (by then it may have been unlocked, or have come back).
        QFETCH(int, error);
        QFETCH(int, cause);
        QFETCH(QString, code);
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        // Reading the secrets (a fresh mint reads no cached token first)...
        e->secrets.failNext(1, SecretResult::Error(error));
        TokenResult r = get(*e, true);
        QVERIFY(!r.ok);
        QCOMPARE(int(r.cause), cause);
        QCOMPARE(cli::failureCode(r.cause, QStringLiteral("token_unavailable")), code);
        // ... and reading the cached token.
        QVERIFY(get(*e).ok);
        e->secrets.failNext(1, SecretResult::Error(error));
        r = get(*e);
        QVERIFY(!r.ok);
        QCOMPARE(int(r.cause), cause);
        // Not the keychain: IMS, a cancel, anything else.
        QCOMPARE(cli::failureCode(FailureCause::Ims, QStringLiteral("x")), QStringLiteral("x"));
        QCOMPARE(cli::failureCode(FailureCause::Cancelled, QStringLiteral("x")), QStringLiteral("cancelled"));
        QCOMPARE(cli::failureCode(FailureCause::None, QStringLiteral("x")), QStringLiteral("x"));
    }

    void requestWipesTheBufferItSent()
    {
        // The upload data of a reply shares the request's payload: the wipe must reach that
        // buffer, not a fresh copy of it (what fill('\0') on a shared QByteArray zeroes).
        QByteArray uploaded;
        {
            ImsRequest req(&m_nam, QUrl(QStringLiteral("https://ims.invalid/ims/token/v3")),
                           {{QStringLiteral("client_secret"), QByteArray("p8e-SECRET-0123456789")}}, {},
                           SystemClock::instance());
            uploaded = req.payload(); // as QNetworkAccessManager::post keeps it
            QVERIFY(uploaded.contains("p8e-SECRET-0123456789"));
        }
        QVERIFY(!uploaded.isEmpty());
        QCOMPARE(uploaded, QByteArray(uploaded.size(), '\0'));
        // The helper itself, and what it replaced.
        QByteArray secret = QByteArray("p8e-") + QByteArray("SECRET");
        QByteArray other = secret;
        QByteArray filled = other;
        filled.fill('\0'); // detaches: zeroes its own new copy only
        QCOMPARE(other, QByteArray("p8e-SECRET"));
        wipeSharedSecret(secret);
        QVERIFY(secret.isEmpty());
        QCOMPARE(other, QByteArray(10, '\0'));
    }

    void fileSourceReadsTheKernelKeyringOnce()
    {
        // --from: a cached token costs one read of its kernel-keyring entry, not one for its
        // expiry and another for the token.
        ManualClock clock(QDateTime::currentDateTimeUtc());
        QString error;
        auto source = FileCredentialSource::fromJson(m_sandbox->sandbox().createServiceCredentials({}),
                                                     QStringLiteral("test"), {}, clock, 10 * 60 * 1000, &error);
        QVERIFY2(source, qPrintable(error));
        CountingCalls calls;
        const QString prefix = QStringLiteral("aemtoken-test-%1-%2")
                                   .arg(QCoreApplication::applicationPid())
                                   .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        source->setCachePrefix(prefix, &calls);
        QString why;
        QVERIFY2(source->cacheUnavailableReason().isEmpty(), qPrintable(source->cacheUnavailableReason()));
        TokenProvider tokens(*source, &m_nam, clock, {});
        const QString id = source->record().id;
        auto fetch = [&] {
            TokenResult out;
            bool done = false;
            QObject ctx;
            tokens.token(id, false, &ctx, [&](const TokenResult& r) {
                out = r;
                done = true;
            });
            if (!QTest::qWaitFor([&] { return done; }, 30000))
                qFatal("token never came");
            return out;
        };
        const TokenResult minted = fetch();
        QVERIFY2(minted.ok && !minted.fromCache, qPrintable(minted.error));
        calls.payloadReads = 0;
        const TokenResult cached = fetch();
        QVERIFY2(cached.ok && cached.fromCache, qPrintable(cached.error));
        QCOMPARE(cached.accessToken, minted.accessToken);
        QCOMPARE(calls.payloadReads, 1);
        // Through the token service as the CLI asks (it reads every expiry when it starts, and
        // again after each token).
        calls.payloadReads = 0;
        TokenService service(*source, tokens, clock);
        TokenResult viaService;
        bool done = false;
        QObject ctx;
        service.token(id, false, &ctx, [&](const TokenResult& r) {
            viaService = r;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY2(viaService.ok && viaService.fromCache, qPrintable(viaService.error));
        QCOMPARE(calls.payloadReads, 1);
        KernelKeyringCache(clock, prefix).clear();
    }

    void localDevTokenIsServedUntilItExpires()
    {
        const QByteArray json = m_sandbox->sandbox().createLocalDevToken(3600 * 1000);
        auto e = makeEnv(json, QStringLiteral("dev"));
        const int before = m_sandbox->sandbox().exchangeCount();
        const TokenResult r = get(*e, false, QStringLiteral("dev"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.fromCache);
        QCOMPARE(r.createdAt.msecsTo(r.expiresAt), qint64(3600 * 1000));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before);

        const TokenResult renew = get(*e, true, QStringLiteral("dev"));
        QVERIFY(!renew.ok);
        QVERIFY(renew.error.contains(QLatin1String("cannot be renewed")));

        e->clock.set(r.expiresAt.addSecs(1));
        const TokenResult expired = get(*e, false, QStringLiteral("dev"));
        QVERIFY(!expired.ok);
        QVERIFY(expired.accessToken.isEmpty());
        QVERIFY(expired.error.contains(QLatin1String("Developer Console")));
    }

    void cancelEndsTheMint()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        m_sandbox->sandbox().delayNextExchanges(1, 3000);
        TokenResult out;
        bool done = false;
        QObject ctx;
        QSignalSpy minting(e->tokens.get(), &TokenProvider::minting);
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), false, &ctx, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        QTRY_COMPARE(minting.count(), 1);
        QTest::qWait(200); // the exchange is now waiting on the delayed sandbox
        e->tokens->cancel(idOf(*e->store, QStringLiteral("cred")));
        QTRY_VERIFY(done);
        QVERIFY(!out.ok);
        QCOMPARE(out.error, QStringLiteral("cancelled"));
        QVERIFY(out.cancelled);
    }

    // A keychain that answers long after the caller gave up (a prompt, a busy daemon): the
    // cancelled mint is gone by then, and its late answer is dropped, not run on freed memory
    // (ASan checks this run).
    void cancelWhileTheKeychainIsSlow()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        e->secrets.setDelayMs(150);
        QSignalSpy minting(e->tokens.get(), &TokenProvider::minting);
        TokenResult out;
        bool done = false;
        QObject ctx;
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), true, &ctx, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        QVERIFY(minting.size() == 1 || minting.wait(10000)); // reading the secrets now
        QVERIFY(e->secrets.pendingAnswers() > 0);
        e->tokens->cancel(idOf(*e->store, QStringLiteral("cred")), &ctx);
        QVERIFY(done);
        QVERIFY(out.cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(e->secrets.pendingAnswers(), 0, 10000);
        // The provider still works afterwards.
        e->secrets.setDelayMs(0);
        const TokenResult next = get(*e, true);
        QVERIFY2(next.ok, qPrintable(next.error));
    }

    // One caller stops waiting; the mint it shared goes on for the other (a renewal, a view).
    void oneCallerCancelsTheOtherKeepsTheMint()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        e->secrets.setDelayMs(50);
        const int before = m_sandbox->sandbox().exchangeCount();
        QObject a, b;
        std::optional<TokenResult> ra, rb;
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), false, &a, [&](const TokenResult& r) { ra = r; });
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), false, &b, [&](const TokenResult& r) { rb = r; });
        e->tokens->cancel(idOf(*e->store, QStringLiteral("cred")), &a);
        QVERIFY(ra && ra->cancelled && !ra->ok);
        QTRY_VERIFY_WITH_TIMEOUT(rb.has_value(), 30000);
        QVERIFY2(rb->ok, qPrintable(rb->error));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        QCOMPARE(ra->error, QStringLiteral("cancelled"));
    }

    // A fresh caller takes over the id while an older mint is still before its request; the
    // older one finishing must not drop the newer one's entry (which stays joinable).
    void aFreshMintIsNotForgottenWhenAnOlderOneEnds()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        e->secrets.setDelayMs(30);
        QObject a, b, c;
        std::optional<TokenResult> ra, rb, rc;
        // The keychain stops answering the moment the older mint ends, so the fresh one is held
        // before its request however slow or loaded the machine is.
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), false, &a, [&](const TokenResult& r) {
            ra = r;
            e->secrets.holdAnswers(true);
        });
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), true, &b, [&](const TokenResult& r) { rb = r; });
        QTRY_VERIFY_WITH_TIMEOUT(ra.has_value(), 30000);
        QVERIFY2(ra->ok, qPrintable(ra->error));
        // The fresh one waited for the older one's lock and reads the cache only now (the slow
        // keychain): still under way, still known by its id — a new fresh caller joins it, and
        // cancelling reaches both.
        QVERIFY(!rb);
        e->tokens->token(idOf(*e->store, QStringLiteral("cred")), true, &c, [&](const TokenResult& r) { rc = r; });
        e->tokens->cancel(idOf(*e->store, QStringLiteral("cred")));
        QVERIFY(rb && rb->cancelled);
        QVERIFY(rc && rc->cancelled);
    }

    void unknownIdIsReported()
    {
        auto e = makeEnv(m_sandbox->sandbox().createServiceCredentials({}));
        const TokenResult r = get(*e, false, QStringLiteral("nope"));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("no longer stored")), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestTokenProvider)
#include "tst_tokenprovider.moc"
