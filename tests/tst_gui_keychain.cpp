// SPDX-License-Identifier: Apache-2.0
// The window at start with the REAL Secret Service (gnome-keyring in the private D-Bus session of
// tests/with-keyring.sh), not the in-memory fake: a locked collection is shown at once with the
// Unlock button, and the bar goes when the keychain is unlocked elsewhere (as at a login, or in
// Passwords and Keys); a session bus with no Secret Service on it is shown at once as "no keychain",
// with what to install. Neither says "Secrets are kept in …" in the status bar.
//
// The absent case needs a process whose session bus has no org.freedesktop.secrets (the bus is
// chosen once per process, by QtDBus and by libsecret alike): the test starts a bare dbus-daemon
// and runs this same program as a child on it (--window-child), which prints what its window shows.

#include "appcontext.h"
#include "mainwindow.h"
#include "secretservice.h"
#include "storehealthbar.h"
#include "testsupport.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTextStream>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

namespace {

const QString kService = QStringLiteral("org.aemtoken.TokenManager.gui-keychain-test");
const QString kPassword = QStringLiteral("test-keyring-password"); // with-keyring.sh's

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

// What a window shows of the keychain once its first check ran.
struct Shown
{
    bool barVisible = false;
    QString barText; // plain
    bool unlockVisible = false;
    QString unlockText;
    QString status;

    QJsonObject toJson() const
    {
        return {{QStringLiteral("barVisible"), barVisible},
                {QStringLiteral("barText"), barText},
                {QStringLiteral("unlockVisible"), unlockVisible},
                {QStringLiteral("unlockText"), unlockText},
                {QStringLiteral("status"), status}};
    }
    static Shown fromJson(const QJsonObject& o)
    {
        return {o.value(QLatin1String("barVisible")).toBool(), o.value(QLatin1String("barText")).toString(),
                o.value(QLatin1String("unlockVisible")).toBool(), o.value(QLatin1String("unlockText")).toString(),
                o.value(QLatin1String("status")).toString()};
    }
};

QString plain(const QString& richOrPlain)
{
    QTextDocument d;
    d.setHtml(richOrPlain);
    return d.toPlainText();
}

Shown shownBy(MainWindow& w)
{
    Shown s;
    auto* bar = w.findChild<StoreHealthBar*>(QStringLiteral("storeHealthBar"));
    auto* unlock = w.findChild<QPushButton*>(QStringLiteral("storeUnlock"));
    s.barVisible = bar && bar->isVisible();
    if (auto* text = w.findChild<QLabel*>(QStringLiteral("storeHealthText")))
        s.barText = text->textFormat() == Qt::RichText ? plain(text->text()) : text->text();
    s.unlockVisible = unlock && unlock->isVisible();
    s.unlockText = unlock ? unlock->text() : QString();
    s.status = w.statusBar()->currentMessage();
    return s;
}

AppContext::Options realKeychainOptions(const QString& dir)
{
    AppContext::Options o;
    o.location = StoreLocation::under(dir);
    o.keychainService = kService;
    o.secrets = nullptr; // the OS keychain: the Secret Service on this session bus
    o.settingsPath = dir + QStringLiteral("/settings.ini");
    return o;
}

// The child: a window on whatever session bus it was given; prints what it shows, as JSON.
int windowChild(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir dir;
    AppContext context(realKeychainOptions(dir.path()));
    MainWindow window(context);
    window.show();
    auto* bar = window.findChild<StoreHealthBar*>(QStringLiteral("storeHealthBar"));
    QSignalSpy checked(bar, &StoreHealthBar::checked);
    if (!checked.wait(20000))
        return 3;
    QTextStream(stdout) << QJsonDocument(shownBy(window).toJson()).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}

} // namespace

Q_DECLARE_METATYPE(DBusSecret)

class TestGuiKeychain : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;

    template<typename Result, typename Call> static Result wait(Call call)
    {
        Result out {};
        bool done = false;
        QObject ctx;
        call(&ctx, [&](const Result& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qFatal("Secret Service call never finished");
        return out;
    }
    static SecretServiceState state()
    {
        SecretService ss(kService);
        return wait<SecretServiceState>([&](QObject* c, SecretService::StateCallback cb) { ss.state(c, cb); });
    }
    static SecretServiceError lock()
    {
        SecretService ss(kService);
        return wait<SecretServiceError>([&](QObject* c, SecretService::ResultCallback cb) { ss.lock(c, cb); });
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

    void makeWindow()
    {
        m_context = std::make_unique<AppContext>(realKeychainOptions(m_dir->path()));
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    StoreHealthBar* bar() { return m_window->findChild<StoreHealthBar*>(QStringLiteral("storeHealthBar")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through tests/with-keyring.sh");
        qDBusRegisterMetaType<DBusSecret>();
    }

    // Each function on a new store directory and an unlocked keyring.
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (state().kind == SecretServiceState::Locked) {
            QString why;
            QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        }
        QCOMPARE(state().kind, SecretServiceState::Unlocked);
    }

    void cleanup()
    {
        m_window.reset();
        m_context.reset();
        m_dir.reset();
        if (state().kind == SecretServiceState::Locked) {
            QString why;
            QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        }
    }

    // Unlocked: no bar, and the status bar says where secrets are kept.
    void unlockedKeychainNeedsNoBar()
    {
        makeWindow();
        QSignalSpy checked(bar(), &StoreHealthBar::checked);
        QVERIFY(checked.wait(20000));
        const Shown s = shownBy(*m_window);
        QVERIFY2(!s.barVisible, qPrintable(s.barText));
        QVERIFY2(s.status.startsWith(QLatin1String("Secrets are kept in")), qPrintable(s.status));
    }

    // Locked at start: the bar says so at once, with what it means and the Unlock button; the
    // status bar does not claim the secrets are kept. Unlocked elsewhere, the bar goes by itself.
    void lockedKeychainAtStartOffersUnlock()
    {
        const SecretServiceError locked = lock();
        QVERIFY2(locked.ok(), qPrintable(locked.errorString));
        QCOMPARE(state().kind, SecretServiceState::Locked);
        makeWindow();
        QSignalSpy checked(bar(), &StoreHealthBar::checked);
        QVERIFY(checked.wait(20000));
        const Shown s = shownBy(*m_window);
        QVERIFY(s.barVisible);
        QVERIFY2(s.barText.startsWith(QLatin1String("The keychain is locked: tokens can be neither read nor kept "
                                                    "until you unlock it.")),
                 qPrintable(s.barText));
        QVERIFY(s.unlockVisible);
        QCOMPARE(s.unlockText, QStringLiteral("Unlock the keychain"));
        QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("storeUnlock"))->isEnabled());
        QVERIFY2(!s.status.contains(QLatin1String("Secrets are kept")), qPrintable(s.status));
        // Unlock asks the Secret Service for its prompt; none can be shown without a display (with
        // one, gnome-keyring would show a real prompt to whoever sits there: not clicked then).
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
            QSignalSpy again(bar(), &StoreHealthBar::checked);
            QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("storeUnlock")), Qt::LeftButton);
            QVERIFY(again.wait(30000));
            const Shown refused = shownBy(*m_window);
            QVERIFY(refused.barVisible);
            QVERIFY2(refused.barText.startsWith(QLatin1String("The keychain stayed locked.")),
                     qPrintable(refused.barText));
            // The true cause, not the general advice.
            QVERIFY2(refused.barText.contains(QLatin1String("no unlock prompt can be shown in this session")),
                     qPrintable(refused.barText));
            QVERIFY(refused.unlockVisible); // still offered: from a desktop session it shows the prompt
            QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("storeUnlock"))->isEnabled());
        }
        // The user unlocks it in Passwords and Keys (here: gnome-keyring's password unlock).
        QString why;
        QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(!bar()->isVisible(), 20000);
        QTRY_VERIFY(m_window->statusBar()->currentMessage().startsWith(QLatin1String("Secrets are kept in")));
    }

    // Locked while the window runs (a screen lock, Passwords and Keys): the bar says so at once,
    // from the Secret Service's own signal (nothing polls a usable keychain); unlocked, it goes.
    void lockedWhileRunningIsShownAtOnce()
    {
        makeWindow();
        QSignalSpy checked(bar(), &StoreHealthBar::checked);
        QVERIFY(checked.wait(20000));
        QVERIFY(!bar()->isVisible());
        const SecretServiceError locked = lock();
        QVERIFY2(locked.ok(), qPrintable(locked.errorString));
        QTRY_VERIFY_WITH_TIMEOUT(bar()->isVisible(), 20000);
        const Shown s = shownBy(*m_window);
        QVERIFY2(s.barText.startsWith(QLatin1String("The keychain is locked:")), qPrintable(s.barText));
        QVERIFY(s.unlockVisible);
        QString why;
        QVERIFY2(unlockWithPassword(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(!bar()->isVisible(), 20000);
    }

    // No Secret Service on the session bus: "no keychain", with what to install; no Unlock (there is
    // nothing to unlock) and no "Secrets are kept" in the status bar.
    void absentKeychainAtStartSaysWhatToInstall()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("services")));
        QFile conf(dir.filePath(QStringLiteral("session.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        QVERIFY(conf.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                           "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig>"
                           "<type>session</type><listen>unix:dir="
                           + dir.path().toUtf8() + "</listen><auth>EXTERNAL</auth><servicedir>"
                           + dir.filePath(QStringLiteral("services")).toUtf8()
                           + "</servicedir><policy context=\"default\"><allow send_destination=\"*\" "
                             "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>"
                             "</busconfig>\n")
                > 0);
        conf.close();
        QProcess daemon;
        daemon.setStandardErrorFile(QProcess::nullDevice());
        // Under `timeout`, so the daemon cannot outlive a test that aborts.
        daemon.start(QStringLiteral("timeout"),
                     {QStringLiteral("300"), QStringLiteral("dbus-daemon"), QStringLiteral("--nofork"),
                      QStringLiteral("--print-address=1"), QLatin1String("--config-file=") + conf.fileName()});
        QVERIFY2(daemon.waitForStarted(), "dbus-daemon (package dbus-daemon) is needed");
        QTRY_VERIFY_WITH_TIMEOUT(daemon.canReadLine(), 20000);
        const QString address = QString::fromUtf8(daemon.readLine()).trimmed();

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--window-child")});
        QVERIFY(child.waitForFinished(60000));
        const QByteArray err = child.readAllStandardError();
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, err.constData());
        const Shown s = Shown::fromJson(QJsonDocument::fromJson(child.readAllStandardOutput()).object());
        QVERIFY2(s.barVisible, err.constData());
        QVERIFY2(s.barText.startsWith(QLatin1String("No keychain is running: nothing can be stored and no token can "
                                                    "be kept.")),
                 qPrintable(s.barText));
        QVERIFY2(s.barText.contains(QLatin1String("gnome-keyring")), qPrintable(s.barText));
        QVERIFY(!s.unlockVisible);
        QVERIFY2(!s.status.contains(QLatin1String("Secrets are kept")), qPrintable(s.status));

        daemon.terminate(); // timeout passes SIGTERM on to dbus-daemon
        QVERIFY(daemon.waitForFinished());
    }
};

int main(int argc, char** argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--window-child") == 0)
        return windowChild(argc, argv);
    QApplication app(argc, argv);
    TestGuiKeychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_gui_keychain.moc"
