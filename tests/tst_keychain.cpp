// SPDX-License-Identifier: Apache-2.0
// The real Secret Service (gnome-keyring in a private D-Bus session, see with-keyring.sh).

#include "secretstore.h"
#include "testsupport.h"

#include <QTest>

using namespace aem;

class TestKeychain : public QObject
{
    Q_OBJECT

    KeychainSecretStore m_store {QStringLiteral("org.aemtoken.TokenManager.test")};

    SecretResult call(const std::function<void(QObject*, SecretCallback)>& f)
    {
        SecretResult out;
        bool done = false;
        QObject ctx;
        f(&ctx, [&](const SecretResult& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 20000))
            qFatal("keychain call never finished");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("run me through tests/with-keyring.sh");
    }

    void roundTrip()
    {
        const QByteArray secret("-----BEGIN RSA PRIVATE KEY-----\r\n\x01\x02\xff binary\r\n", 40);
        const SecretResult w = call(
            [&](QObject* c, SecretCallback cb) { m_store.write(QStringLiteral("id-1/credential"), secret, c, cb); });
        QVERIFY2(w.ok(), qPrintable(w.errorString));
        const SecretResult r =
            call([&](QObject* c, SecretCallback cb) { m_store.read(QStringLiteral("id-1/credential"), c, cb); });
        QVERIFY2(r.ok(), qPrintable(r.errorString));
        QCOMPARE(r.data, secret);
        const SecretResult d =
            call([&](QObject* c, SecretCallback cb) { m_store.remove(QStringLiteral("id-1/credential"), c, cb); });
        QVERIFY2(d.ok(), qPrintable(d.errorString));
        const SecretResult gone =
            call([&](QObject* c, SecretCallback cb) { m_store.read(QStringLiteral("id-1/credential"), c, cb); });
        QCOMPARE(gone.error, SecretResult::NotFound);
    }

    void overwriteKeepsOneEntry()
    {
        for (const char* v : {"first", "second"})
            QVERIFY(call([&](QObject* c, SecretCallback cb) {
                        m_store.write(QStringLiteral("id-2"), QByteArray(v), c, cb);
                    }).ok());
        QCOMPARE(call([&](QObject* c, SecretCallback cb) { m_store.read(QStringLiteral("id-2"), c, cb); }).data,
                 QByteArray("second"));
    }

    void servicesAreSeparate()
    {
        KeychainSecretStore other(QStringLiteral("org.aemtoken.TokenManager.sandbox-test"));
        QVERIFY(call([&](QObject* c, SecretCallback cb) {
                    m_store.write(QStringLiteral("shared-key"), "real", c, cb);
                }).ok());
        const SecretResult r =
            call([&](QObject* c, SecretCallback cb) { other.read(QStringLiteral("shared-key"), c, cb); });
        QCOMPARE(r.error, SecretResult::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
