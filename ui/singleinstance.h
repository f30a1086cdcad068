// SPDX-License-Identifier: Apache-2.0
#pragma once

// One window per user session: the first process owns the session-bus name (the application id,
// or its ".Sandbox" twin for --sandbox runs, whose throw-away store is shared by the sandbox
// windows) and exports Activate() and Open(files) at /org/aemtoken/TokenManager; a later launch
// calls the owner and exits. Without a session bus each process runs alone.
//
// Anyone on the user's session bus can call Open: it only shows the import preview, which stores
// nothing until the user confirms.

#include <QObject>
#include <QStringList>

#include <utility>

namespace aem::ui {

class MainWindow;

class SingleInstance : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.aemtoken.TokenManager")
public:
    enum class Role {
        Primary, // this process owns the name: it runs the window
        Handed, // another process owns it and took the request: exit 0
        Alone, // no session bus (or no answer): run without single-instance
    };

    static QString serviceName(bool sandbox);
    static QString objectPath();
    // Whether this process has a session bus at all.
    static bool busAvailable();

    explicit SingleInstance(const QString& service, QObject* parent = nullptr);
    ~SingleInstance() override;

    // Owns the name, or hands `files` (absolute paths; none: just raise) to its owner. `why` says
    // why it runs alone.
    Role claim(const QStringList& files, QString* why = nullptr);
    // A command-line argument as an absolute local path (a file:// URL as well), resolved against
    // this process's working directory; empty for what is not a local file name.
    static QString absolutePath(const QString& argument);

    // What arrived before anyone listened (the window is built after the name is owned).
    bool takeActivatePending() { return std::exchange(m_activatePending, false); }
    QStringList takePendingFiles() { return std::exchange(m_pendingFiles, {}); }

public Q_SLOTS:
    Q_SCRIPTABLE void Activate();
    Q_SCRIPTABLE void Open(const QStringList& files);

Q_SIGNALS:
    void activateRequested();
    void openRequested(const QStringList& files);

private:
    bool call(const QStringList& files, QString* why);

    QString m_service;
    bool m_registered = false;
    bool m_activatePending = false;
    QStringList m_pendingFiles;
};

// Another launch raises `window` and hands its files to the import preview.
void bindToWindow(SingleInstance& instance, MainWindow& window);

} // namespace aem::ui
