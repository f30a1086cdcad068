// SPDX-License-Identifier: Apache-2.0
// TokenAdmin against the in-process sandbox: validate asks IMS about the current token; revoke
// ends it at IMS, then forgets it — and says so only once the keychain really dropped its copy;
// a local development token and an unknown name are refused with their reason.

#include "clock.h"
#include "credentialstore.h"
#include "testsupport.h"
#include "tokenadmin.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestTokenAdmin : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    QNetworkAccessManager m_nam;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenService> m_service;
    std::unique_ptr<TokenAdmin> m_admin;

    void import(const QByteArray& json, const QString& name)
    {
        const ParseResult parsed = parseCredentialJson(json, SystemClock::instance());
        QVERIFY2(parsed.ok(), qPrintable(parsed.firstError()));
        CredentialStore::ImportOptions io;
        io.name = name;
        io.author = QUrl(m_sandbox->sandbox().baseUrl());
        bool done = false;
        m_store->importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
    }

    TokenResult token(const QString& name, bool fresh = false)
    {
        TokenResult out;
        bool done = false;
        m_tokens->token(idOf(*m_store, name), fresh, this, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qFatal("no token");
        return out;
    }

    ValidationResult validate(const QString& name)
    {
        ValidationResult out;
        bool done = false;
        m_admin->validate(idOf(*m_store, name), this, [&](const ValidationResult& v) {
            out = v;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qFatal("no validation");
        return out;
    }

    std::pair<bool, QString> revoke(const QString& name)
    {
        std::pair<bool, QString> out;
        bool done = false;
        m_admin->revoke(idOf(*m_store, name), this, [&](bool ok, const QString& message) {
            out = {ok, message};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qFatal("no revocation");
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
        m_store =
            std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, SystemClock::instance());
        RetryPolicy retry;
        retry.baseDelayMs = 20;
        TokenProvider::Options o;
        o.retry = retry;
        m_tokens = std::make_unique<TokenProvider>(*m_store, &m_nam, SystemClock::instance(), o);
        m_service = std::make_unique<TokenService>(*m_store, *m_tokens, SystemClock::instance());
        m_admin = std::make_unique<TokenAdmin>(*m_store, *m_service, &m_nam, SystemClock::instance(), retry);
        import(m_sandbox->sandbox().createServiceCredentials({}), QStringLiteral("dev"));
    }

    void cleanup()
    {
        m_admin.reset();
        m_service.reset();
        m_tokens.reset();
        m_store.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void validateNeverMintsToAnswer()
    {
        // Nothing held: it says so instead of minting a token only to call it valid.
        const int before = m_sandbox->sandbox().exchangeCount();
        const ValidationResult none = validate(QStringLiteral("dev"));
        QVERIFY(!none.ok);
        QCOMPARE(none.reason, QStringLiteral("no cached token for \"dev\""));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before);
        // The token we hold is the one IMS is asked about.
        const TokenResult held = token(QStringLiteral("dev"));
        QVERIFY(held.ok);
        const ValidationResult v = validate(QStringLiteral("dev"));
        QVERIFY2(v.ok, qPrintable(v.reason));
        QVERIFY(v.valid);
        QCOMPARE(v.expiresAt, held.expiresAt);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
    }

    void revokeEndsTheTokenAtImsAndForgetsIt()
    {
        const TokenResult first = token(QStringLiteral("dev"));
        QVERIFY2(first.ok, qPrintable(first.error));
        const auto [ok, message] = revoke(QStringLiteral("dev"));
        QVERIFY2(ok, qPrintable(message));
        QVERIFY(message.contains(QLatin1String("revoked the token of \"dev\"")));
        // No keychain item holds it any more, and the next token is a new one, valid at IMS.
        for (auto it = m_secrets->entries().cbegin(); it != m_secrets->entries().cend(); ++it)
            QVERIFY2(!it.value().contains(first.accessToken), qPrintable(it.key()));
        const TokenResult next = token(QStringLiteral("dev"));
        QVERIFY(next.ok);
        QVERIFY(!next.fromCache);
        QVERIFY(next.accessToken != first.accessToken);
        QVERIFY(validate(QStringLiteral("dev")).valid);
    }

    void revokeWaitsForTheKeychainAndReportsItsFailure()
    {
        // Learn the keychain calls of one revocation (the last is the removal of the token)…
        QVERIFY(token(QStringLiteral("dev")).ok);
        const int before = m_secrets->callCount();
        QVERIFY(revoke(QStringLiteral("dev")).first);
        const int calls = m_secrets->callCount() - before;
        QVERIFY(calls >= 2);
        // …then make that removal fail: IMS revoked, but success is not claimed.
        const TokenResult second = token(QStringLiteral("dev"), true);
        QVERIFY(second.ok);
        m_secrets->failCall(calls - 1, SecretResult::Locked);
        const auto [ok, message] = revoke(QStringLiteral("dev"));
        QVERIFY(!ok);
        // Why, naming the keychain: its true state, not the raw backend text.
        QVERIFY2(message.contains(QLatin1String("its cached copy was not forgotten"))
                     && message.contains(QLatin1String("the in-memory test keychain is locked")),
                 qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
    }

    void revokeRefusesWhatItCannotRevoke()
    {
        {
            const auto [ok, message] = revoke(QStringLiteral("nobody"));
            QVERIFY(!ok);
            QCOMPARE(message, QStringLiteral("the credential is no longer stored"));
        }
        {
            const auto [ok, message] = revoke(QStringLiteral("dev")); // nothing cached yet
            QVERIFY(!ok);
            QCOMPARE(message, QStringLiteral("\"dev\" has no cached token to revoke"));
        }
        import(m_sandbox->sandbox().createLocalDevToken(3600 * 1000), QStringLiteral("local"));
        const auto [ok, message] = revoke(QStringLiteral("local"));
        QVERIFY(!ok);
        QVERIFY2(message.contains(QLatin1String("local development token")), qPrintable(message));
    }

    // The IMS host of a local development token comes from its "as" claim: only a region name
    // is taken, never a host or a path that would carry the token elsewhere.
    void imsHostTakesOnlyARegionFromTheToken()
    {
        auto tokenWithAs = [](const QString& as) -> QByteArray {
            const QByteArray header = QByteArrayLiteral("{\"alg\":\"RS256\"}")
                                          .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            const QByteArray payload =
                QJsonDocument(
                    QJsonObject {{QStringLiteral("as"), as}, {QStringLiteral("type"), QStringLiteral("access_token")}})
                    .toJson(QJsonDocument::Compact)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            return header + '.' + payload + ".c2ln";
        };
        CredentialRecord local;
        local.kind = CredentialKind::LocalDev;
        QCOMPARE(imsHostFor(local, tokenWithAs(QStringLiteral("ims-eu1"))), QStringLiteral("ims-eu1.adobelogin.com"));
        QCOMPARE(imsHostFor(local, tokenWithAs(QStringLiteral("evil.example/x?"))),
                 QStringLiteral("ims-na1.adobelogin.com"));
        QCOMPARE(imsHostFor(local, tokenWithAs(QStringLiteral("ims-na1.evil.example#"))),
                 QStringLiteral("ims-na1.adobelogin.com"));
        QCOMPARE(imsHostFor(local, "not a token"), QStringLiteral("ims-na1.adobelogin.com"));
        CredentialRecord service;
        service.imsEndpoint = QStringLiteral("ims-na1.adobelogin.com");
        QCOMPARE(imsHostFor(service, tokenWithAs(QStringLiteral("evil.example"))),
                 QStringLiteral("ims-na1.adobelogin.com"));
    }

    void validateSaysAnUnknownCredentialIsGone()
    {
        const ValidationResult v = validate(QStringLiteral("nobody"));
        QVERIFY(!v.ok);
        QVERIFY(!v.valid);
        QVERIFY2(v.reason.contains(QLatin1String("no longer stored")), qPrintable(v.reason));
    }
};

QTEST_GUILESS_MAIN(TestTokenAdmin)
#include "tst_tokenadmin.moc"
