// SPDX-License-Identifier: Apache-2.0
#include "secretservice.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <tuple>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::SecretService)
};
} // namespace

namespace {

const QString kSecrets = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceIface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kCollectionIface = QStringLiteral("org.freedesktop.Secret.Collection");
const QString kItemIface = QStringLiteral("org.freedesktop.Secret.Item");
const QString kPromptIface = QStringLiteral("org.freedesktop.Secret.Prompt");
const QString kPropertiesIface = QStringLiteral("org.freedesktop.DBus.Properties");
// gnome-keyring owns this name beside org.freedesktop.secrets, and shows its prompts through
// gcr-prompter, which owns one of the two prompter names while a prompt is on screen.
const QString kGnomeKeyring = QStringLiteral("org.gnome.keyring");
const QStringList kGnomePrompters {QStringLiteral("org.gnome.keyring.SystemPrompter"),
                                   QStringLiteral("org.gnome.keyring.PrivatePrompter")};

using StringMap = QMap<QString, QString>;

QDBusMessage serviceCall(const QString& method)
{
    return QDBusMessage::createMethodCall(kSecrets, kServicePath, kServiceIface, method);
}

QList<QDBusObjectPath> objectPaths(const QVariant& v)
{
    return qdbus_cast<QList<QDBusObjectPath>>(v);
}

QDateTime fromEpoch(const QVariant& v)
{
    const qulonglong secs = v.toULongLong();
    return secs == 0 ? QDateTime() : QDateTime::fromSecsSinceEpoch(qint64(secs), Qt::UTC);
}

SecretServiceError makeError(SecretServiceError::Code code, QString text, QString dbusError = {})
{
    SecretServiceError e;
    e.code = code;
    e.errorString = std::move(text);
    e.dbusError = std::move(dbusError);
    return e;
}

SecretServiceError fromDBus(const QDBusError& err)
{
    const QString name = err.name();
    if (name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown")
        || name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner"))
        return makeError(SecretServiceError::NoService,
                         Tr::tr("No Secret Service keychain is running (nothing provides "
                                "org.freedesktop.secrets on the D-Bus session bus)"),
                         name);
    if (name.startsWith(QLatin1String("org.freedesktop.DBus.Error.Spawn.")))
        return makeError(SecretServiceError::NoService,
                         Tr::tr("The Secret Service keychain could not be started: %1").arg(err.message()), name);
    if (name == QLatin1String("org.freedesktop.DBus.Error.Disconnected"))
        return makeError(SecretServiceError::NoSessionBus, Tr::tr("Lost the connection to the D-Bus session bus"),
                         name);
    if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply")
        || name == QLatin1String("org.freedesktop.DBus.Error.Timeout")
        || name == QLatin1String("org.freedesktop.DBus.Error.TimedOut"))
        return makeError(SecretServiceError::TimedOut, Tr::tr("The Secret Service keychain did not answer in time"),
                         name);
    if (name == QLatin1String("org.freedesktop.Secret.Error.IsLocked"))
        return makeError(SecretServiceError::Locked, Tr::tr("The keychain is locked"), name);
    if (name == QLatin1String("org.freedesktop.DBus.Error.AccessDenied"))
        return makeError(SecretServiceError::Denied,
                         Tr::tr("The Secret Service keychain refused access: %1").arg(err.message()), name);
    return makeError(SecretServiceError::Failed, Tr::tr("The Secret Service keychain failed: %1").arg(err.message()),
                     name);
}

bool vanished(const QDBusError& err)
{
    // An item deleted between SearchItems and reading its properties.
    return err.name() == QLatin1String("org.freedesktop.DBus.Error.UnknownObject")
        || err.name() == QLatin1String("org.freedesktop.DBus.Error.UnknownMethod")
        || err.name() == QLatin1String("org.freedesktop.Secret.Error.NoSuchObject");
}

} // namespace

// One conversation with the Secret Service: owns its pending calls, its prompt and its timer,
// delivers one result to its context and deletes itself.
class SecretServiceCall : public QObject
{
    Q_OBJECT
public:
    SecretServiceCall(SecretService* owner, QObject* context)
        : QObject(owner), m_owner(owner), m_bus(owner->m_bus), m_context(context)
    {
    }

    template<typename Callback, typename Value> void finish(const Callback& done, const Value& value)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_promptPath.clear();
        if (m_context)
            done(value);
        deleteLater();
    }

    // Fails with NoSessionBus on the next event-loop turn when there is no bus to talk to.
    bool checkBus(std::function<void(const SecretServiceError&)> fail)
    {
        if (m_bus.isConnected())
            return true;
        SecretServiceError e;
        e.code = SecretServiceError::NoSessionBus;
        if (m_owner->m_defaultBus && qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            e.errorString = Tr::tr("No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no "
                                   "Secret Service keychain can be reached");
        else
            e.errorString =
                Tr::tr("Cannot connect to the D-Bus session bus: %1")
                    .arg(m_bus.lastError().isValid() ? m_bus.lastError().message() : Tr::tr("not connected"));
        e.dbusError = m_bus.lastError().name();
        QTimer::singleShot(0, this, [fail = std::move(fail), e] { fail(e); });
        return false;
    }

    void call(const QDBusMessage& msg, std::function<void(const QDBusMessage&)> ok,
              std::function<void(const QDBusError&)> fail)
    {
        auto* w = new QDBusPendingCallWatcher(m_bus.asyncCall(msg), this);
        connect(w, &QDBusPendingCallWatcher::finished, this,
                [ok = std::move(ok), fail = std::move(fail)](QDBusPendingCallWatcher* w) {
                    w->deleteLater();
                    if (w->isError())
                        fail(w->error());
                    else
                        ok(w->reply());
                });
    }

    // The collection behind the "default" alias (where libsecret, hence QtKeychain, stores).
    void defaultCollection(std::function<void(const QString&)> ok, std::function<void(const SecretServiceError&)> fail)
    {
        QDBusMessage msg = serviceCall(QStringLiteral("ReadAlias"));
        msg << QStringLiteral("default");
        call(
            msg,
            [ok, fail](const QDBusMessage& reply) {
                const QString path = qdbus_cast<QDBusObjectPath>(reply.arguments().value(0)).path();
                if (path.isEmpty() || path == QLatin1String("/"))
                    fail(makeError(SecretServiceError::NoCollection,
                                   Tr::tr("The Secret Service keychain has no default collection (keyring)")));
                else
                    ok(path);
            },
            [fail](const QDBusError& e) { fail(fromDBus(e)); });
    }

    // Runs the prompt at `path` and reports NoError, Dismissed, NoPrompter or TimedOut.
    void runPrompt(const QString& path, int timeoutMs, std::function<void(const SecretServiceError&)> done)
    {
        m_promptDone = std::move(done);
        auto* watcher = new QDBusServiceWatcher(this);
        watcher->setConnection(m_bus);
        watcher->setWatchMode(QDBusServiceWatcher::WatchForRegistration);
        watcher->setWatchedServices(kGnomePrompters);
        connect(watcher, &QDBusServiceWatcher::serviceRegistered, this, [this] { m_prompterSeen = true; });
        // Is the provider gnome-keyring, and is a prompter already up? Asked before prompting.
        auto pending = std::make_shared<int>(1 + int(kGnomePrompters.size()));
        auto asked = [this, pending, path, timeoutMs] {
            if (--*pending == 0)
                showPrompt(path, timeoutMs);
        };
        auto hasOwner = [this, asked](const QString& name, bool* flag) {
            QDBusMessage msg = QDBusMessage::createMethodCall(
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
            msg << name;
            call(
                msg,
                [asked, flag](const QDBusMessage& reply) {
                    *flag = *flag || reply.arguments().value(0).toBool();
                    asked();
                },
                [asked](const QDBusError&) { asked(); });
        };
        hasOwner(kGnomeKeyring, &m_gnomeKeyring);
        for (const QString& name : kGnomePrompters)
            hasOwner(name, &m_prompterSeen);
    }

private Q_SLOTS:
    // org.freedesktop.Secret.Prompt.Completed(b dismissed, v result)
    void promptCompleted(const QDBusMessage& signal)
    {
        if (signal.path() != m_promptPath)
            return;
        const bool dismissed = signal.arguments().value(0).toBool();
        if (!dismissed)
            return finishPrompt({});
        if (m_gnomeKeyring && !m_prompterSeen)
            return finishPrompt(makeError(
                SecretServiceError::NoPrompter,
                Tr::tr("The keychain is locked and no unlock prompt can be shown in this session (no "
                       "display); unlock it from the desktop session, e.g. in Passwords and Keys (Seahorse)")));
        finishPrompt(makeError(SecretServiceError::Dismissed,
                               Tr::tr("The keychain unlock prompt was dismissed; the keychain stays locked")));
    }

private:
    void showPrompt(const QString& path, int timeoutMs)
    {
        m_promptPath = path;
        // Subscribed before Prompt() is sent, so Completed cannot be missed.
        m_bus.connect(kSecrets, path, kPromptIface, QStringLiteral("Completed"), this,
                      SLOT(promptCompleted(QDBusMessage)));
        auto* timer = new QTimer(this);
        timer->setSingleShot(true);
        // On timeout we stop waiting but do not send Prompt.Dismiss: gnome-keyring 42 drops off the
        // bus (its callers get NoReply; the next call activates a fresh daemon) when Dismiss
        // arrives while it is still starting its prompter. A prompt nobody waits for is harmless: the
        // user may still answer it, and gnome-keyring discards it when our connection closes.
        connect(timer, &QTimer::timeout, this, [this, timeoutMs] {
            finishPrompt(makeError(
                SecretServiceError::TimedOut,
                Tr::tr("No answer from the keychain unlock prompt within %1 s").arg(std::max(1, timeoutMs / 1000))));
        });
        timer->start(timeoutMs);
        QDBusMessage msg = QDBusMessage::createMethodCall(kSecrets, path, kPromptIface, QStringLiteral("Prompt"));
        msg << QString(); // window id: none
        call(
            msg, [](const QDBusMessage&) {}, [this](const QDBusError& e) { finishPrompt(fromDBus(e)); });
    }

    void finishPrompt(const SecretServiceError& e)
    {
        if (!m_promptDone)
            return;
        m_bus.disconnect(kSecrets, m_promptPath, kPromptIface, QStringLiteral("Completed"), this,
                         SLOT(promptCompleted(QDBusMessage)));
        m_promptPath.clear();
        auto done = std::move(m_promptDone);
        m_promptDone = nullptr;
        done(e);
    }

    SecretService* m_owner;
    QDBusConnection m_bus;
    QPointer<QObject> m_context;
    bool m_finished = false;
    QString m_promptPath;
    std::function<void(const SecretServiceError&)> m_promptDone;
    bool m_gnomeKeyring = false;
    bool m_prompterSeen = false;
};

SecretService::SecretService(QString service, QObject* parent)
    : SecretService(std::move(service), QDBusConnection::sessionBus(), parent)
{
    m_defaultBus = true;
}

SecretService::SecretService(QString service, const QDBusConnection& bus, QObject* parent)
    : QObject(parent), m_service(std::move(service)), m_bus(bus)
{
    static const QMetaType registered = qDBusRegisterMetaType<StringMap>();
    Q_UNUSED(registered);
}

SecretService::~SecretService() = default;

void SecretService::state(QObject* context, StateCallback done)
{
    auto* op = new SecretServiceCall(this, context);
    auto fail = [op, done](const SecretServiceError& e) {
        SecretServiceState s;
        s.error = e;
        // A locked collection is a state, not an absence.
        s.kind = e.code == SecretServiceError::Locked ? SecretServiceState::Locked : SecretServiceState::Absent;
        op->finish(done, s);
    };
    if (!op->checkBus(fail))
        return;
    op->defaultCollection(
        [op, done, fail](const QString& collection) {
            QDBusMessage msg =
                QDBusMessage::createMethodCall(kSecrets, collection, kPropertiesIface, QStringLiteral("Get"));
            msg << kCollectionIface << QStringLiteral("Locked");
            op->call(
                msg,
                [op, done, collection](const QDBusMessage& reply) {
                    SecretServiceState s;
                    s.collection = collection;
                    const bool locked = qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toBool();
                    s.kind = locked ? SecretServiceState::Locked : SecretServiceState::Unlocked;
                    op->finish(done, s);
                },
                [fail](const QDBusError& e) { fail(fromDBus(e)); });
        },
        fail);
}

void SecretService::listItems(QObject* context, ItemsCallback done)
{
    auto* op = new SecretServiceCall(this, context);
    auto fail = [op, done](const SecretServiceError& e) {
        SecretServiceItems r;
        r.error = e;
        op->finish(done, r);
    };
    if (!op->checkBus(fail))
        return;
    QDBusMessage search = serviceCall(QStringLiteral("SearchItems"));
    search << QVariant::fromValue(StringMap {{serviceAttribute(), m_service}});
    op->call(
        search,
        [this, op, done, fail](const QDBusMessage& reply) {
            QStringList paths;
            for (const QVariant& arg : reply.arguments()) // (ao unlocked, ao locked)
                for (const QDBusObjectPath& p : objectPaths(arg))
                    if (!paths.contains(p.path()))
                        paths << p.path();
            auto result = std::make_shared<SecretServiceItems>();
            auto pending = std::make_shared<qsizetype>(paths.size());
            auto finished = [op, done, result] {
                std::sort(result->items.begin(), result->items.end(),
                          [](const SecretServiceItem& a, const SecretServiceItem& b) {
                              return std::tie(a.key, a.objectPath) < std::tie(b.key, b.objectPath);
                          });
                op->finish(done, *result);
            };
            if (paths.isEmpty())
                return finished();
            for (const QString& path : std::as_const(paths)) {
                QDBusMessage get =
                    QDBusMessage::createMethodCall(kSecrets, path, kPropertiesIface, QStringLiteral("GetAll"));
                get << kItemIface;
                op->call(
                    get,
                    [this, path, result, pending, finished](const QDBusMessage& props) {
                        const QVariantMap p = qdbus_cast<QVariantMap>(props.arguments().value(0));
                        SecretServiceItem item;
                        item.objectPath = path;
                        item.collection = path.left(path.lastIndexOf(QLatin1Char('/')));
                        item.attributes = qdbus_cast<StringMap>(p.value(QStringLiteral("Attributes")));
                        item.key = item.attributes.value(keyAttribute());
                        item.label = p.value(QStringLiteral("Label")).toString();
                        item.locked = p.value(QStringLiteral("Locked")).toBool();
                        item.created = fromEpoch(p.value(QStringLiteral("Created")));
                        item.modified = fromEpoch(p.value(QStringLiteral("Modified")));
                        // SearchItems matches exactly; checked again so nothing foreign is ever listed.
                        if (item.attributes.value(serviceAttribute()) == m_service)
                            result->items << item;
                        if (--*pending == 0)
                            finished();
                    },
                    [result, pending, finished](const QDBusError& e) {
                        if (!vanished(e) && result->error.ok())
                            result->error = fromDBus(e);
                        if (--*pending == 0)
                            finished();
                    });
            }
        },
        [fail](const QDBusError& e) { fail(fromDBus(e)); });
}

void SecretService::unlock(QObject* context, ResultCallback done)
{
    auto* op = new SecretServiceCall(this, context);
    auto fail = [op, done](const SecretServiceError& e) { op->finish(done, e); };
    if (!op->checkBus(fail))
        return;
    const int timeoutMs = m_promptTimeoutMs;
    op->defaultCollection(
        [op, fail, timeoutMs](const QString& collection) {
            QDBusMessage msg = serviceCall(QStringLiteral("Unlock"));
            msg << QVariant::fromValue(QList<QDBusObjectPath> {QDBusObjectPath(collection)});
            op->call(
                msg,
                [op, fail, collection, timeoutMs](const QDBusMessage& reply) {
                    const QString prompt = qdbus_cast<QDBusObjectPath>(reply.arguments().value(1)).path();
                    if (prompt.isEmpty() || prompt == QLatin1String("/")) {
                        if (objectPaths(reply.arguments().value(0)).contains(QDBusObjectPath(collection)))
                            return fail({});
                        return fail(makeError(
                            SecretServiceError::Failed,
                            Tr::tr("The Secret Service keychain did not unlock the collection %1").arg(collection)));
                    }
                    op->runPrompt(prompt, timeoutMs, fail);
                },
                [fail](const QDBusError& e) { fail(fromDBus(e)); });
        },
        fail);
}

void SecretService::lock(QObject* context, ResultCallback done)
{
    auto* op = new SecretServiceCall(this, context);
    auto fail = [op, done](const SecretServiceError& e) { op->finish(done, e); };
    if (!op->checkBus(fail))
        return;
    op->defaultCollection(
        [op, fail](const QString& collection) {
            QDBusMessage msg = serviceCall(QStringLiteral("Lock"));
            msg << QVariant::fromValue(QList<QDBusObjectPath> {QDBusObjectPath(collection)});
            op->call(
                msg,
                [fail, collection](const QDBusMessage& reply) {
                    if (objectPaths(reply.arguments().value(0)).contains(QDBusObjectPath(collection)))
                        return fail({});
                    fail(makeError(
                        SecretServiceError::Failed,
                        Tr::tr("The Secret Service keychain did not lock the collection %1").arg(collection)));
                },
                [fail](const QDBusError& e) { fail(fromDBus(e)); });
        },
        fail);
}

} // namespace aem

#include "secretservice.moc"
