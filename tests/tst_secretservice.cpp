// SPDX-License-Identifier: Apache-2.0
// SecretService against the real Secret Service (gnome-keyring in a private D-Bus session, see
// with-keyring.sh), beside QtKeychain: listing our items, locked / unlocked / absent, the unlock
// prompt where none can be shown, and what QtKeychain itself reports on a locked collection —
// asserted, so a change in QtKeychain or gnome-keyring is noticed.

#include "secretservice.h"
#include "secretstore.h"

#include <QDBusArgument>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;

namespace {

// The Secret Service's (oayays) secret, for gnome-keyring's password unlock (test only).
struct DBusSecret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument& operator<<(QDBusArgument& arg, const DBusSecret& s)
{
    arg.beginStructure();
    arg << s.session << s.parameters << s.value << s.contentType;
    arg.endStructure();
    return arg;
}

const QDBusArgument& operator>>(const QDBusArgument& arg, DBusSecret& s)
{
    arg.beginStructure();
    arg >> s.session >> s.parameters >> s.value >> s.contentType;
    arg.endStructure();
    return arg;
}

const QString kPassword = QStringLiteral("test-keyring-password"); // with-keyring.sh's

} // namespace

Q_DECLARE_METATYPE(DBusSecret)

class TestSecretService : public QObject
{
    Q_OBJECT

    const QString m_serviceName = QStringLiteral("org.aemtoken.TokenManager.ss-test");
    // Shares our name as a prefix: must never be listed as ours.
    const QString m_otherName = QStringLiteral("org.aemtoken.TokenManager.ss-test.other");
    KeychainSecretStore m_store {m_serviceName};
    KeychainSecretStore m_other {m_otherName};

    template<typename Result, typename Call> Result wait(Call call, int timeoutMs = 30000)
    {
        Result out {};
        bool done = false;
        QObject ctx;
        call(&ctx, [&](const Result& r) {
            out = r;
            done = true;
        });
        // Never inside the call: every result arrives through the event loop.
        if (done)
            qFatal("callback ran inside the call");
        if (!QTest::qWaitFor([&] { return done; }, timeoutMs))
            qFatal("Secret Service call never finished");
        return out;
    }

    SecretResult store(KeychainSecretStore& s, const char* op, const QString& key, const QByteArray& data = {})
    {
        return wait<SecretResult>([&](QObject* c, SecretCallback cb) {
            if (qstrcmp(op, "write") == 0)
                s.write(key, data, c, cb);
            else if (qstrcmp(op, "read") == 0)
                s.read(key, c, cb);
            else
                s.remove(key, c, cb);
        });
    }

    SecretServiceState state(SecretService& ss)
    {
        return wait<SecretServiceState>([&](QObject* c, SecretService::StateCallback cb) { ss.state(c, cb); });
    }
    SecretServiceItems list(SecretService& ss)
    {
        return wait<SecretServiceItems>([&](QObject* c, SecretService::ItemsCallback cb) { ss.listItems(c, cb); });
    }
    SecretServiceError lock(SecretService& ss)
    {
        return wait<SecretServiceError>([&](QObject* c, SecretService::ResultCallback cb) { ss.lock(c, cb); });
    }
    SecretServiceError unlock(SecretService& ss)
    {
        return wait<SecretServiceError>([&](QObject* c, SecretService::ResultCallback cb) { ss.unlock(c, cb); });
    }

    static QStringList keys(const SecretServiceItems& r)
    {
        QStringList out;
        for (const SecretServiceItem& i : r.items)
            out << i.key;
        return out;
    }

    // gnome-keyring's own password unlock, without a prompt (what a login does). Test only.
    static bool unlockWithPassword(QString* why)
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        QDBusInterface service(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                               QStringLiteral("org.freedesktop.Secret.Service"), bus);
        const QDBusReply<QDBusObjectPath> alias = service.call(QStringLiteral("ReadAlias"), QStringLiteral("default"));
        const QDBusMessage session = service.call(QStringLiteral("OpenSession"), QStringLiteral("plain"),
                                                  QVariant::fromValue(QDBusVariant(QString())));
        if (!alias.isValid() || session.type() != QDBusMessage::ReplyMessage) {
            *why = alias.error().message() + session.errorMessage();
            return false;
        }
        DBusSecret master {qdbus_cast<QDBusObjectPath>(session.arguments().value(1)),
                           {},
                           kPassword.toUtf8(),
                           QStringLiteral("text/plain")};
        QDBusInterface internal(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                                QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"), bus);
        const QDBusMessage r = internal.call(QStringLiteral("UnlockWithMasterPassword"),
                                             QVariant::fromValue(alias.value()), QVariant::fromValue(master));
        *why = r.errorMessage();
        return r.type() == QDBusMessage::ReplyMessage;
    }

    void removeAll(KeychainSecretStore& s, const QStringList& keys)
    {
        for (const QString& k : keys)
            QVERIFY(store(s, "remove", k).ok());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        qDBusRegisterMetaType<DBusSecret>();
    }

    // Every function starts and ends with an unlocked keyring holding none of our items.
    void init() { cleanup(); }

    void cleanup()
    {
        SecretService ss(m_serviceName);
        if (state(ss).kind == SecretServiceState::Locked) {
            QString why;
            QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        }
        QCOMPARE(state(ss).kind, SecretServiceState::Unlocked);
        removeAll(m_store, {QStringLiteral("ID1/credential"), QStringLiteral("ID2/token")});
        removeAll(m_other, {QStringLiteral("ID1/credential")});
    }

    void stateUnlocked()
    {
        SecretService ss(m_serviceName);
        const SecretServiceState s = state(ss);
        QCOMPARE(s.kind, SecretServiceState::Unlocked);
        QVERIFY(s.error.ok());
        // libsecret (hence QtKeychain) stores in the "default" alias: gnome-keyring's login keyring.
        QCOMPARE(s.collection, QStringLiteral("/org/freedesktop/secrets/collection/login"));
    }

    void listsExactlyOurItems()
    {
        SecretService ss(m_serviceName);
        QCOMPARE(list(ss).items.size(), 0);
        QVERIFY(store(m_store, "write", QStringLiteral("ID2/token"), "token").ok());
        QVERIFY(store(m_store, "write", QStringLiteral("ID1/credential"), QByteArray("\x00\x01 binary", 9)).ok());
        QVERIFY(store(m_other, "write", QStringLiteral("ID1/credential"), "not ours").ok());

        const SecretServiceItems r = list(ss);
        QVERIFY2(r.ok(), qPrintable(r.error.errorString));
        QCOMPARE(keys(r), (QStringList {QStringLiteral("ID1/credential"), QStringLiteral("ID2/token")}));
        const QString collection = state(ss).collection;
        for (const SecretServiceItem& item : r.items) {
            QVERIFY(item.objectPath.startsWith(collection + QLatin1Char('/')));
            QCOMPARE(item.collection, collection);
            QVERIFY(!item.locked);
            // What QtKeychain's libsecret backend writes.
            QCOMPARE(item.label, m_serviceName);
            QCOMPARE(item.attributes.value(QStringLiteral("server")), m_serviceName);
            QCOMPARE(item.attributes.value(QStringLiteral("user")), item.key);
            QCOMPARE(item.attributes.value(QStringLiteral("xdg:schema")), QStringLiteral("org.qt.keychain"));
            QCOMPARE(item.attributes.value(QStringLiteral("type")), QStringLiteral("base64"));
            QVERIFY(item.created.isValid());
            QVERIFY(item.modified >= item.created);
        }

        SecretService other(m_otherName);
        QCOMPARE(keys(list(other)), QStringList {QStringLiteral("ID1/credential")});
        // A deleted item is no longer listed.
        QVERIFY(store(m_store, "remove", QStringLiteral("ID2/token")).ok());
        QCOMPARE(keys(list(ss)), QStringList {QStringLiteral("ID1/credential")});
    }

    void unlockWhenUnlockedNeedsNoPrompt()
    {
        SecretService ss(m_serviceName);
        const SecretServiceError e = unlock(ss);
        QVERIFY2(e.ok(), qPrintable(e.errorString));
    }

    // Locks the keyring; cleanup() unlocks it again with the keyring password.
    void lockedKeychain()
    {
        SecretService ss(m_serviceName);
        QVERIFY(store(m_store, "write", QStringLiteral("ID1/credential"), "secret-1").ok());
        const SecretServiceError locked = lock(ss);
        QVERIFY2(locked.ok(), qPrintable(locked.errorString));

        const SecretServiceState s = state(ss);
        QCOMPARE(s.kind, SecretServiceState::Locked);
        QVERIFY(s.error.ok());
        // Locked items are still listed, with their attributes, and say so.
        const SecretServiceItems r = list(ss);
        QVERIFY2(r.ok(), qPrintable(r.error.errorString));
        QCOMPARE(keys(r), QStringList {QStringLiteral("ID1/credential")});
        QVERIFY(r.items.at(0).locked);

        // QtKeychain (0.13, libsecret) alone reports, on a locked collection with no prompter, a
        // read of an existing item as "not found", a write as "access denied" and a delete as a
        // success while the item stays (see secretservice.h). KeychainSecretStore asks the
        // Secret Service and says "locked" for all three, and deletes nothing.
        const SecretResult read = store(m_store, "read", QStringLiteral("ID1/credential"));
        QCOMPARE(read.error, SecretResult::Locked);
        for (const QString& key : {QStringLiteral("ID1/credential"), QStringLiteral("ID2/token")}) {
            const SecretResult write = store(m_store, "write", key, "new");
            QCOMPARE(write.error, SecretResult::Locked);
        }
        const SecretResult removed = store(m_store, "remove", QStringLiteral("ID1/credential"));
        QCOMPARE(removed.error, SecretResult::Locked);
        QCOMPARE(keys(list(ss)), QStringList {QStringLiteral("ID1/credential")});
        SecretResult probed;
        bool done = false;
        m_store.probe(this, [&](const SecretResult& r) {
            probed = r;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(probed.error, SecretResult::Locked);

        QString why;
        QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        QCOMPARE(state(ss).kind, SecretServiceState::Unlocked);
        const SecretResult again = store(m_store, "read", QStringLiteral("ID1/credential"));
        QVERIFY2(again.ok(), qPrintable(again.errorString));
        QCOMPARE(again.data, QByteArray("secret-1")); // neither the write nor the delete happened
        QCOMPARE(keys(list(ss)), QStringList {QStringLiteral("ID1/credential")});
        QVERIFY(!list(ss).items.at(0).locked);
    }

    void unlockWithoutPrompterSaysSo()
    {
        if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            QSKIP("a display is set: gnome-keyring would show a real prompt");
        SecretService ss(m_serviceName);
        QVERIFY(lock(ss).ok());
        ss.setPromptTimeout(20000); // bounded: a hang fails as TimedOut, not as a stuck test
        const SecretServiceError e = unlock(ss);
        QCOMPARE(e.code, SecretServiceError::NoPrompter);
        QVERIFY2(e.errorString.contains(QLatin1String("locked")), qPrintable(e.errorString));
        QVERIFY2(e.errorString.contains(QLatin1String("no unlock prompt")), qPrintable(e.errorString));
        QCOMPARE(state(ss).kind, SecretServiceState::Locked);
    }

    // The prompt's answer is awaited for a bounded time only; the prompt is then dismissed and
    // the client can prompt again.
    void unlockPromptTimesOut()
    {
        if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            QSKIP("a display is set: gnome-keyring would show a real prompt");
        SecretService ss(m_serviceName);
        QVERIFY(lock(ss).ok());
        ss.setPromptTimeout(0); // expires before gnome-keyring can even try to start its prompter
        const SecretServiceError e = unlock(ss);
        QCOMPARE(e.code, SecretServiceError::TimedOut);
        QVERIFY2(e.errorString.contains(QLatin1String("unlock prompt")), qPrintable(e.errorString));
        const SecretServiceState after = state(ss);
        QVERIFY2(after.kind == SecretServiceState::Locked, qPrintable(after.error.errorString + after.error.dbusError));
        ss.setPromptTimeout(20000);
        QCOMPARE(unlock(ss).code, SecretServiceError::NoPrompter);
    }

    void absentWithoutSessionBus()
    {
        QTemporaryDir dir;
        const QDBusConnection bus = QDBusConnection::connectToBus(
            QLatin1String("unix:path=") + dir.filePath(QStringLiteral("no-bus")), QStringLiteral("aem-test-no-bus"));
        QVERIFY(!bus.isConnected());
        SecretService ss(m_serviceName, bus);
        const SecretServiceState s = state(ss);
        QCOMPARE(s.kind, SecretServiceState::Absent);
        QCOMPARE(s.error.code, SecretServiceError::NoSessionBus);
        QVERIFY2(s.error.errorString.startsWith(QLatin1String("Cannot connect to the D-Bus session bus: ")),
                 qPrintable(s.error.errorString));
        QCOMPARE(list(ss).error.code, SecretServiceError::NoSessionBus);
        QCOMPARE(unlock(ss).code, SecretServiceError::NoSessionBus);
        QCOMPARE(lock(ss).code, SecretServiceError::NoSessionBus);
        QDBusConnection::disconnectFromBus(QStringLiteral("aem-test-no-bus"));
    }

    // A working session bus on which nothing provides org.freedesktop.secrets.
    void absentWithoutSecretService()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("services")));
        QFile conf(dir.filePath(QStringLiteral("session.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                   "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type>"
                   "<listen>unix:dir="
                   + dir.path().toUtf8() + "</listen><auth>EXTERNAL</auth><servicedir>"
                   + dir.filePath(QStringLiteral("services")).toUtf8()
                   + "</servicedir><policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                     "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
        conf.close();
        QProcess daemon;
        daemon.setProcessChannelMode(QProcess::SeparateChannels);
        daemon.setStandardErrorFile(QProcess::nullDevice());
        // Under `timeout`, so the daemon cannot outlive a test that aborts.
        daemon.start(QStringLiteral("timeout"),
                     {QStringLiteral("300"), QStringLiteral("dbus-daemon"), QStringLiteral("--nofork"),
                      QStringLiteral("--print-address=1"), QLatin1String("--config-file=") + conf.fileName()});
        QVERIFY2(daemon.waitForStarted(), "dbus-daemon (package dbus-daemon) is needed");
        QTRY_VERIFY_WITH_TIMEOUT(daemon.canReadLine(), 20000);
        const QString address = QString::fromUtf8(daemon.readLine()).trimmed();
        {
            const QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("aem-test-no-secrets"));
            QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
            SecretService ss(m_serviceName, bus);
            const SecretServiceState s = state(ss);
            QCOMPARE(s.kind, SecretServiceState::Absent);
            QCOMPARE(s.error.code, SecretServiceError::NoService);
            QVERIFY2(s.error.errorString.contains(QLatin1String("org.freedesktop.secrets")),
                     qPrintable(s.error.errorString));
            QCOMPARE(s.error.dbusError, QStringLiteral("org.freedesktop.DBus.Error.ServiceUnknown"));
            QCOMPARE(list(ss).error.code, SecretServiceError::NoService);
            QCOMPARE(unlock(ss).code, SecretServiceError::NoService);
        }
        QDBusConnection::disconnectFromBus(QStringLiteral("aem-test-no-secrets"));
        daemon.terminate(); // timeout passes SIGTERM on to dbus-daemon
        QVERIFY(daemon.waitForFinished());
    }

    // A callback whose context died is dropped, and the client survives it.
    void deadContextIsDropped()
    {
        SecretService ss(m_serviceName);
        bool called = false;
        {
            QObject ctx;
            ss.listItems(&ctx, [&](const SecretServiceItems&) { called = true; });
        }
        QCOMPARE(state(ss).kind, SecretServiceState::Unlocked); // a later call still completes
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestSecretService)
#include "tst_secretservice.moc"
