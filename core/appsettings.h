// SPDX-License-Identifier: Apache-2.0
#pragma once

// User preferences (nothing secret), in $XDG_CONFIG_HOME/aem-token-manager/settings.ini.

#include "network.h"

#include <QString>

#include <optional>

class QSettings;

namespace aem {

struct AppSettings
{
    enum class ProxyMode { System, None, Manual };

    int clipboardClearSeconds = 30; // 0: never
    int renewLeadMinutes = 10;
    bool autoRenew = true;
    QString extraCaFile;
    ProxyMode proxyMode = ProxyMode::System;
    QString proxyHost;
    int proxyPort = 3128;
    bool notifications = true;
    int notifyTokenMinutes = 10; // before a token expires
    int notifyCertificateDays = 30; // before a certificate expires
    QString language; // empty: the system's; else "en", "fr", ...
    // The desktop: credential files arriving in Downloads, the tray, start at login.
    bool offerDownloads = true; // offer to import credential files that land in Downloads
    bool deleteDownloadsAfterImport = true; // "delete the file after import" on for Downloads files
    bool closeToTray = true; // closing the window keeps the program in the tray
    bool startAtLogin = false; // an XDG autostart entry (autostart.h), written when changed
    bool trayNoticeShown = false; // the first close to the tray was explained
    // The credential list: View ▸ Group by program (CredentialListProxy::setGroupByProgram).
    bool groupByProgram = false;
    // Compare…: the ignore list (unset: the volatile keys) and its two checkboxes.
    std::optional<QString> compareIgnoreList;
    bool compareIgnoreVolatile = true;
    bool compareIgnoreTimestamps = false;

    // The proxy choice as the network layer takes it (Services::setProxy).
    ProxyConfig proxy() const
    {
        return {ProxyConfig::Mode(int(proxyMode)), proxyHost, quint16(qBound(0, proxyPort, 65535))};
    }

    static QString defaultPath();
    static AppSettings load(const QString& path = defaultPath());
    bool save(const QString& path = defaultPath()) const;

    friend bool operator==(const AppSettings&, const AppSettings&) = default;
};

} // namespace aem
