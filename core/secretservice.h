// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small asynchronous client of the freedesktop Secret Service API (org.freedesktop.secrets:
// gnome-keyring, KWallet's ksecretd, KeePassXC) over QtDBus. It sits beside QtKeychain, which
// reads, writes and deletes one item at a time and cannot list items or tell a locked collection
// apart; this class lists our items, reports whether the collection is locked or absent, and
// asks the Secret Service to show its unlock prompt.
//
// Facts measured with QtKeychain 0.13.2 (libsecret backend, libsecret 0.20.5) and gnome-keyring
// 42 on Debian 12, in a private D-Bus session (tests/tst_secretservice.cpp asserts them):
// - An item written by KeychainSecretStore(service) with key K carries the attributes
//   {"server": service, "user": K, "type": "base64" (binary data; "plaintext" for text),
//   "xdg:schema": "org.qt.keychain"}, Type "org.qt.keychain" and Label = the service name (the
//   key is not in the label). It goes to the collection behind the "default" alias, which is
//   /org/freedesktop/secrets/collection/login. Search by "server", never by "service".
// - Collection locked (Service.Lock), no prompter can be shown (no display; gnome-keyring
//   activates gcr-prompter, which exits with "cannot open display"):
//     ReadPasswordJob    -> EntryNotFound (1) "Entry not found"   [for an existing item!]
//     WritePasswordJob   -> AccessDenied (4) "Cannot create an item in a locked collection"
//                           (new key and existing key alike)
//     DeletePasswordJob  -> NoError (0) "" and the item STAYS in the keychain
//   So QtKeychain alone turns "locked" into "missing" and a failed delete into success.
// - No Secret Service on a working session bus: every job -> OtherError (7)
//   "The name org.freedesktop.secrets was not provided by any .service files".
//   No session bus (DBUS_SESSION_BUS_ADDRESS unset, no dbus-launch): OtherError (7)
//   "Failed to execute child process “dbus-launch” (No such file or directory)".
// - Service.Unlock on a locked collection returns ([], "/org/freedesktop/secrets/prompt/uN").
//   The prompt object belongs to the calling connection (it is gone once that connection
//   closes). Prompt.Prompt("") with no display: gnome-keyring fails to activate
//   org.gnome.keyring.SystemPrompter and emits Completed(dismissed = true) — the same signal as
//   a user pressing Cancel. unlock() tells the two apart by whether a gnome-keyring prompter
//   ever owned its bus name during the prompt (NoPrompter) or not (Dismissed).
// - Service.Lock needs no prompt: it returns ([collection], "/").
// - Prompt.Dismiss sent while gnome-keyring is still activating its prompter makes
//   gnome-keyring-daemon drop off the bus (the call gets NoReply; the next call re-activates a
//   fresh daemon, without the unlocked session). This class never sends Dismiss.

#include <QDBusConnection>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>

namespace aem {

struct SecretServiceError
{
    enum Code {
        NoError,
        NoSessionBus, // no D-Bus session bus to talk to
        NoService, // nothing provides org.freedesktop.secrets
        NoCollection, // no collection behind the "default" alias
        Locked, // the collection (or item) is locked
        Denied, // the Secret Service refused access
        Dismissed, // the unlock prompt was dismissed (by the user)
        NoPrompter, // no unlock prompt could be shown (no display, SSH, script)
        TimedOut, // no answer / no prompt result in time
        Failed, // anything else; errorString says what
    };
    Code code = NoError;
    QString errorString; // one translated line naming the cause
    QString dbusError; // the D-Bus error name, if any (for logs and tests, not for users)

    bool ok() const { return code == NoError; }
};

struct SecretServiceState
{
    enum Kind { Absent, Locked, Unlocked };
    Kind kind = Absent;
    QString collection; // object path of the "default" collection, when there is one
    SecretServiceError error; // why Absent (NoSessionBus, NoService, NoCollection, ...)
};

struct SecretServiceItem
{
    QString objectPath; // e.g. /org/freedesktop/secrets/collection/login/3
    QString collection; // the collection path it lives in
    QString key; // QtKeychain's key ("user" attribute)
    QString label;
    bool locked = false;
    QDateTime created; // UTC; invalid when the service reports 0
    QDateTime modified;
    QMap<QString, QString> attributes;

    bool operator==(const SecretServiceItem&) const = default;
};

struct SecretServiceItems
{
    QList<SecretServiceItem> items; // sorted by key, then object path
    SecretServiceError error;
    bool ok() const { return error.ok(); }
};

// Every call completes asynchronously on the caller's thread (never inside the call) with
// exactly one callback, which is dropped if `context` has been destroyed by then.
class SecretService final : public QObject
{
    Q_OBJECT
public:
    // The attribute names QtKeychain's libsecret backend uses (see the facts above).
    static QString serviceAttribute() { return QStringLiteral("server"); }
    static QString keyAttribute() { return QStringLiteral("user"); }

    using StateCallback = std::function<void(const SecretServiceState&)>;
    using ItemsCallback = std::function<void(const SecretServiceItems&)>;
    using ResultCallback = std::function<void(const SecretServiceError&)>;

    // `service` is the QtKeychain service name (KeychainSecretStore's). The session bus by default.
    explicit SecretService(QString service, QObject* parent = nullptr);
    SecretService(QString service, const QDBusConnection& bus, QObject* parent = nullptr);
    ~SecretService() override;

    // How long unlock() waits for the prompt's answer before giving up with TimedOut (default 5
    // minutes). The prompt itself is left to the user (see Dismiss above).
    void setPromptTimeout(int ms) { m_promptTimeoutMs = ms; }

    // Absent / Locked / Unlocked of the collection our items go to (the "default" alias).
    void state(QObject* context, StateCallback done);
    // Every item whose "server" attribute is our service, in every collection, locked or not.
    void listItems(QObject* context, ItemsCallback done);
    // Unlocks the default collection, showing the Secret Service's prompt when it needs one.
    // NoError once unlocked; Dismissed, NoPrompter, TimedOut or another error otherwise.
    void unlock(QObject* context, ResultCallback done);
    // Locks the default collection (no prompt is involved with gnome-keyring).
    void lock(QObject* context, ResultCallback done);

private:
    friend class SecretServiceCall;
    QString m_service;
    QDBusConnection m_bus;
    bool m_defaultBus = false;
    int m_promptTimeoutMs = 5 * 60 * 1000;
};

} // namespace aem
