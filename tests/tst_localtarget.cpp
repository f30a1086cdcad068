// SPDX-License-Identifier: Apache-2.0
// The local AEM target (the AEM SDK on this machine): its record, its store transactions with and
// without a password, and its requests through AemSession against the sandbox's plain-HTTP local
// author — HTTP Basic or nothing, never a bearer token, no mint on a 401.

#include "aemrequest.h"
#include "aemsession.h"
#include "credentialrecord.h"
#include "credentialstore.h"
#include "localaem.h"
#include "localtarget.h"
#include "metadatafile.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

using namespace aem;
using namespace aem::test;

class TestLocalTarget : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    QNetworkAccessManager m_nam;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenService> m_tokenService;
    std::unique_ptr<sandbox::LocalAem> m_aem;

    ParsedCredential target(const QString& author, const QString& user = {}, const QByteArray& password = {})
    {
        QString error;
        auto c = localTargetCredential(author, QStringLiteral("http://localhost:4503"), user, password, &error);
        if (!c)
            qFatal("%s", qPrintable(error));
        return *c;
    }

    CredentialStore::ImportResult add(const ParsedCredential& c, const QString& name)
    {
        CredentialStore::ImportOptions o;
        o.name = name;
        CredentialStore::ImportResult result;
        bool done = false;
        QObject ctx;
        m_store->importCredential(c, o, &ctx, [&](const CredentialStore::ImportResult& r) {
            result = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("import never finished");
        return result;
    }

    std::pair<bool, QString> remove(const QString& name)
    {
        std::pair<bool, QString> result {false, QStringLiteral("never finished")};
        bool done = false;
        QObject ctx;
        m_store->removeCredential(name, &ctx, [&](bool ok, const QString& error) {
            result = {ok, error};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("remove never finished");
        return result;
    }

    QByteArray metadata() const
    {
        QFile f(m_store->metadataPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    std::unique_ptr<AemSession> session(const QString& name, const QString& path)
    {
        AemRequestSpec spec;
        spec.url = QUrl(m_aem->baseUrl() + path);
        spec.timeoutMs = 30000;
        return std::make_unique<AemSession>(*m_tokenService, &m_nam, m_store->find(name).value(), spec);
    }

    static bool run(AemSession& s)
    {
        QSignalSpy finished(&s, &AemSession::finished);
        s.start();
        return finished.wait(30000) && finished.size() == 1;
    }

    void startAem(bool requireSignIn, const QByteArray& password = "admin")
    {
        m_aem = std::make_unique<sandbox::LocalAem>();
        sandbox::LocalAem::Options o;
        o.requireSignIn = requireSignIn;
        o.password = password;
        QString error;
        QVERIFY2(m_aem->start(o, &error), qPrintable(error));
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_store =
            std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, SystemClock::instance());
        m_tokens =
            std::make_unique<TokenProvider>(*m_store, &m_nam, SystemClock::instance(), TokenProvider::Options {});
        m_tokenService = std::make_unique<TokenService>(*m_store, *m_tokens, SystemClock::instance());
    }

    void cleanup()
    {
        m_aem.reset();
        m_tokenService.reset();
        m_tokens.reset();
        m_store.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void inputIsChecked()
    {
        QString error;
        QVERIFY(!localTargetCredential(QStringLiteral("http://example.com"), {}, {}, {}, &error));
        QVERIFY2(error.contains(QLatin1String("author URL")) && error.contains(QLatin1String("localhost")),
                 qPrintable(error));
        QVERIFY(!localTargetCredential(QStringLiteral("http://localhost:4502"), QStringLiteral("http://10.0.0.5:4503"),
                                       {}, {}, &error));
        QVERIFY2(error.startsWith(QLatin1String("publish URL")), qPrintable(error));
        QVERIFY(!localTargetCredential({}, {}, QStringLiteral("ad:min"), "pw", &error));
        QVERIFY2(error.startsWith(QLatin1String("user")), qPrintable(error));
        QVERIFY(!localTargetCredential({}, {}, QStringLiteral("admin"), {}, &error));
        QVERIFY2(error.contains(QLatin1String("password")), qPrintable(error));
        QVERIFY(!localTargetCredential({}, {}, {}, "pw", &error));
        QVERIFY(!localTargetCredential({}, {}, QStringLiteral("admin"), "a\nb", &error));
        // The defaults, and loopback in every spelling; https anywhere.
        auto c = localTargetCredential({}, {}, {}, {}, &error);
        QVERIFY(c);
        QCOMPARE(c->local.author, QUrl(QStringLiteral("http://localhost:4502")));
        QVERIFY(c->local.publish.isEmpty());
        QVERIFY(localTargetCredential(QStringLiteral("http://127.0.0.2:4502"), QStringLiteral("http://[::1]:4503"), {},
                                      {}, &error));
        QVERIFY(localTargetCredential(QStringLiteral("https://aem.example.test"), {}, {}, {}, &error));
        QVERIFY(!defaultAccountWarning(QStringLiteral("admin")).isEmpty());
        QVERIFY(defaultAccountWarning(QStringLiteral("dev-user")).isEmpty());
        QCOMPARE(basicAuthorization(QStringLiteral("admin"), "admin"), QByteArray("Basic YWRtaW46YWRtaW4="));
    }

    void recordRoundTrip()
    {
        CredentialRecord r;
        r.id = QStringLiteral("id-1");
        r.name = QStringLiteral("sdk");
        r.kind = CredentialKind::Local;
        r.environment.author = QUrl(QStringLiteral("http://localhost:4502"));
        r.environment.publish = QUrl(QStringLiteral("http://localhost:4503"));
        r.basicUser = QStringLiteral("admin");
        const QJsonObject o = r.toJson();
        QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("local"));
        QCOMPARE(o.value(QLatin1String("basicUser")).toString(), QStringLiteral("admin"));
        QVERIFY(!o.contains(QLatin1String("clientId"))); // nothing of IMS
        const auto back = CredentialRecord::fromJson(o);
        QVERIFY(back);
        QCOMPARE(back->kind, CredentialKind::Local);
        QCOMPARE(back->basicUser, r.basicUser);
        QCOMPARE(back->environment.author, r.environment.author);
        QCOMPARE(back->environment.publish, r.environment.publish);
        QCOMPARE(back->toJson(), o);
        QVERIFY(back->otherMembers.isEmpty());
        // Without sign-in there is no basicUser at all.
        r.basicUser.clear();
        QVERIFY(!r.toJson().contains(QLatin1String("basicUser")));
        QVERIFY(!canMint(CredentialKind::Local));
        QVERIFY(!usesToken(CredentialKind::Local));
        QCOMPARE(kindFromId(QStringLiteral("local")), std::optional(CredentialKind::Local));
    }

    void withoutSignInNoKeychainItem()
    {
        m_secrets->setUnavailable(true); // not needed at all
        const auto r = add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("sdk"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(m_secrets->entries().isEmpty());
        QCOMPARE(m_store->find(QStringLiteral("sdk"))->kind, CredentialKind::Local);
        const auto rm = remove(QStringLiteral("sdk"));
        QVERIFY2(rm.first, qPrintable(rm.second));
        QVERIFY(!m_store->find(QStringLiteral("sdk")));
    }

    void passwordInKeychainOnly()
    {
        const auto r = add(target(QStringLiteral("http://localhost:4502"), QStringLiteral("admin"), "s3cret-pw"),
                           QStringLiteral("sdk"));
        QVERIFY2(r.ok, qPrintable(r.error));
        const CredentialRecord rec = m_store->find(QStringLiteral("sdk")).value();
        QCOMPARE(rec.basicUser, QStringLiteral("admin"));
        QVERIFY(m_secrets->entries().contains(rec.secretKey()));
        QVERIFY(m_secrets->entries().value(rec.secretKey()).contains("s3cret-pw"));
        QVERIFY(!metadata().contains("s3cret-pw"));
        QVERIFY(metadata().contains("\"basicUser\""));
        // Removed: record and keychain item together.
        const auto rm = remove(QStringLiteral("sdk"));
        QVERIFY2(rm.first, qPrintable(rm.second));
        QVERIFY(m_secrets->entries().isEmpty());
    }

    void failedWriteLeavesNoOrphan()
    {
        m_secrets->failCall(0, SecretResult::OtherError); // the keychain write
        auto r =
            add(target(QStringLiteral("http://localhost:4502"), QStringLiteral("admin"), "pw"), QStringLiteral("sdk"));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("Nothing was stored")), qPrintable(r.error));
        QVERIFY(m_secrets->entries().isEmpty());
        QVERIFY(!m_store->find(QStringLiteral("sdk")));
    }

    // The metadata write fails (a full disk) after the password went into the keychain: it is
    // rolled back, nothing orphaned.
    void failedCommitLeavesNoOrphan()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to mount a tmpfs");
        QTemporaryDir mnt;
        if (::mount("tmpfs", QFile::encodeName(mnt.path()).constData(), "tmpfs", 0, "size=64k,mode=0700") != 0)
            QSKIP("cannot mount a tmpfs here");
        StoreLocation loc = StoreLocation::under(m_dir->path());
        loc.dataDir = mnt.path() + QStringLiteral("/data");
        m_store = std::make_unique<CredentialStore>(loc, *m_secrets, SystemClock::instance());
        const auto first = add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("open"));
        QVERIFY2(first.ok, qPrintable(first.error));
        QFile filler(mnt.path() + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        for (const qsizetype size : {qsizetype(4096), qsizetype(1)}) {
            const QByteArray block(size, 'x');
            while (filler.write(block) == block.size()) { }
        }
        const auto r =
            add(target(QStringLiteral("http://localhost:4502"), QStringLiteral("admin"), "pw"), QStringLiteral("sdk"));
        const bool stillListed = m_store->find(QStringLiteral("sdk")).has_value();
        ::umount2(QFile::encodeName(mnt.path()).constData(), MNT_DETACH);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("Nothing was stored")), qPrintable(r.error));
        QVERIFY(!stillListed);
        QVERIFY(m_secrets->entries().isEmpty());
    }

    void replacingDropsTheOldPassword()
    {
        QVERIFY(
            add(target(QStringLiteral("http://localhost:4502"), QStringLiteral("admin"), "old"), QStringLiteral("sdk"))
                .ok);
        const QString oldKey = m_store->find(QStringLiteral("sdk"))->secretKey();
        const auto r = add(target(QStringLiteral("http://localhost:4602")), QStringLiteral("sdk"));
        QVERIFY2(r.ok && r.replaced, qPrintable(r.error));
        QVERIFY(!m_secrets->entries().contains(oldKey));
        QVERIFY(m_secrets->entries().isEmpty());
        QCOMPARE(m_store->find(QStringLiteral("sdk"))->environment.author,
                 QUrl(QStringLiteral("http://localhost:4602")));
        QVERIFY(m_store->find(QStringLiteral("sdk"))->basicUser.isEmpty());
    }

    // A record of a kind from a newer version is kept, and its name stays taken.
    void unknownKindIsKept()
    {
        QDir().mkpath(m_store->location().dataDir);
        const QJsonObject future {{QStringLiteral("id"), QStringLiteral("f-1")},
                                  {QStringLiteral("name"), QStringLiteral("future")},
                                  {QStringLiteral("kind"), QStringLiteral("local-cluster")},
                                  {QStringLiteral("nodes"), 3}};
        const QJsonObject file {{QStringLiteral("version"), 1}, {QStringLiteral("credentials"), QJsonArray {future}}};
        QFile f(m_store->metadataPath());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(file).toJson());
        f.close();
        QVERIFY(m_store->load());
        QVERIFY(!m_store->problems().isEmpty());
        QVERIFY(add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("sdk")).ok);
        const QByteArray after = metadata();
        QVERIFY2(after.contains("\"local-cluster\"") && after.contains("\"nodes\""), after.constData());
        QVERIFY(!add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("future")).ok);
    }

    void noTokenForALocalTarget()
    {
        QVERIFY(add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("sdk")).ok);
        TokenResult out;
        bool done = false;
        QObject ctx;
        m_tokens->token(m_store->find(QStringLiteral("sdk"))->id, false, &ctx, [&](const TokenResult& r) {
            out = r;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(!out.ok);
        QVERIFY2(out.error.contains(QLatin1String("needs no access token")), qPrintable(out.error));
    }

    void requestWithoutSignIn()
    {
        startAem(false);
        QVERIFY(add(target(m_aem->baseUrl()), QStringLiteral("sdk")).ok);
        auto s = session(QStringLiteral("sdk"), currentUserPath());
        QByteArray body;
        connect(s.get(), &AemSession::dataReceived, this, [&](const QByteArray& c) { body += c; });
        QVERIFY(run(*s));
        QCOMPARE(s->status(), 200);
        QVERIFY2(body.contains("anonymous"), body.constData());
        QVERIFY(m_aem->lastAuthorization().isEmpty());
        QCOMPARE(m_aem->bearerRequests(), 0);
    }

    void requestWithBasic()
    {
        startAem(true, "s3cret");
        QVERIFY(add(target(m_aem->baseUrl(), QStringLiteral("admin"), "s3cret"), QStringLiteral("sdk")).ok);
        auto s = session(QStringLiteral("sdk"), currentUserPath());
        QByteArray body;
        connect(s.get(), &AemSession::dataReceived, this, [&](const QByteArray& c) { body += c; });
        QVERIFY(run(*s));
        QCOMPARE(s->status(), 200);
        QVERIFY2(body.contains("\"admin\""), body.constData());
        QVERIFY(m_aem->lastAuthorization().startsWith("Basic "));
        QCOMPARE(m_aem->bearerRequests(), 0);
    }

    // The Basic header holding the password is shared with the reply's QNetworkRequest; once the
    // request is done its bytes are overwritten in place, under every owner (a copy kept here
    // shares the very buffer, as the reply's does).
    void basicHeaderBytesAreWipedAfterTheRequest()
    {
        startAem(true, "s3cret");
        const QByteArray basic = basicAuthorization(QStringLiteral("admin"), "s3cret");
        QByteArray kept = basic; // the caller's copy: shares the buffer handed to the request
        kept.detach(); // a buffer of its own, then shared again below
        const QByteArray shared = kept;
        AemRequestSpec spec;
        spec.url = QUrl(m_aem->baseUrl() + currentUserPath());
        auto* req = new AemRequest(&m_nam, spec, {});
        req->setLocalSignIn(shared);
        QSignalSpy finished(req, &AemRequest::finished);
        req->start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(req->answer().status, 200);
        QCOMPARE(m_aem->lastAuthorization(), basic);
        QVERIFY(kept.constData() == shared.constData());
        delete req;
        QCOMPARE(kept, QByteArray(basic.size(), '\0'));
        QVERIFY(!kept.contains("Basic"));
    }

    // A 401 is the answer: no mint, no retry, and words about the sign-in.
    void refusedSignInIsFinal()
    {
        startAem(true, "right");
        QVERIFY(add(target(m_aem->baseUrl(), QStringLiteral("admin"), "wrong"), QStringLiteral("sdk")).ok);
        auto s = session(QStringLiteral("sdk"), currentUserPath());
        QSignalSpy retrying(s.get(), &AemSession::retrying);
        QVERIFY(run(*s));
        QCOMPARE(s->status(), 401);
        QCOMPARE(retrying.size(), 0);
        QVERIFY(!s->retried());
        QCOMPARE(m_aem->requests(), 1);
        QVERIFY2(s->failureText().contains(QLatin1String("sign-in")), qPrintable(s->failureText()));
        QVERIFY(add(target(m_aem->baseUrl()), QStringLiteral("open")).ok);
        auto s2 = session(QStringLiteral("open"), currentUserPath());
        QVERIFY(run(*s2));
        QCOMPARE(s2->status(), 401);
        QVERIFY2(s2->failureText().contains(QLatin1String("add-local")), qPrintable(s2->failureText()));
    }

    void plainHttpOnlyToLoopback()
    {
        QVERIFY(add(target(QStringLiteral("http://localhost:4502")), QStringLiteral("sdk")).ok);
        QString error;
        const CredentialRecord rec = m_store->find(QStringLiteral("sdk")).value();
        QVERIFY(!resolveAemTarget(rec, QStringLiteral("http://example.com/x"), {QStringLiteral("example.com")}, &error)
                     .isValid());
        QVERIFY2(error.contains(QLatin1String("plain http")), qPrintable(error));
        QCOMPARE(resolveAemTarget(rec, QStringLiteral("/content/x.json"), {}, &error),
                 QUrl(QStringLiteral("http://localhost:4502/content/x.json")));
    }
};

QTEST_GUILESS_MAIN(TestLocalTarget)
#include "tst_localtarget.moc"
