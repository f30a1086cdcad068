// SPDX-License-Identifier: Apache-2.0
#include "appsettings.h"

#include <QSettings>
#include <QStandardPaths>

namespace aem {

QString AppSettings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/aem-token-manager/settings.ini");
}

AppSettings AppSettings::load(const QString& path)
{
    QSettings q(path, QSettings::IniFormat);
    AppSettings s;
    s.clipboardClearSeconds =
        std::clamp(q.value(QStringLiteral("clipboard/clearSeconds"), s.clipboardClearSeconds).toInt(), 0, 3600);
    s.renewLeadMinutes =
        std::clamp(q.value(QStringLiteral("tokens/renewLeadMinutes"), s.renewLeadMinutes).toInt(), 1, 600);
    s.autoRenew = q.value(QStringLiteral("tokens/autoRenew"), s.autoRenew).toBool();
    s.extraCaFile = q.value(QStringLiteral("network/extraCaFile")).toString();
    const QString mode = q.value(QStringLiteral("network/proxy"), QStringLiteral("system")).toString();
    s.proxyMode = mode == QLatin1String("none") ? ProxyMode::None
        : mode == QLatin1String("manual")       ? ProxyMode::Manual
                                                : ProxyMode::System;
    s.proxyHost = q.value(QStringLiteral("network/proxyHost")).toString();
    s.proxyPort = std::clamp(q.value(QStringLiteral("network/proxyPort"), s.proxyPort).toInt(), 1, 65535);
    s.notifications = q.value(QStringLiteral("notifications/enabled"), s.notifications).toBool();
    s.notifyTokenMinutes =
        std::clamp(q.value(QStringLiteral("notifications/tokenMinutes"), s.notifyTokenMinutes).toInt(), 1, 600);
    s.language = q.value(QStringLiteral("ui/language")).toString();
    s.notifyCertificateDays =
        std::clamp(q.value(QStringLiteral("notifications/certificateDays"), s.notifyCertificateDays).toInt(), 1, 365);
    s.offerDownloads = q.value(QStringLiteral("downloads/offer"), s.offerDownloads).toBool();
    s.deleteDownloadsAfterImport =
        q.value(QStringLiteral("downloads/deleteAfterImport"), s.deleteDownloadsAfterImport).toBool();
    s.closeToTray = q.value(QStringLiteral("tray/closeToTray"), s.closeToTray).toBool();
    s.startAtLogin = q.value(QStringLiteral("tray/startAtLogin"), s.startAtLogin).toBool();
    s.trayNoticeShown = q.value(QStringLiteral("tray/noticeShown"), s.trayNoticeShown).toBool();
    s.groupByProgram = q.value(QStringLiteral("list/groupByProgram"), s.groupByProgram).toBool();
    if (q.contains(QStringLiteral("compare/ignoreList")))
        s.compareIgnoreList = q.value(QStringLiteral("compare/ignoreList")).toString().left(10000);
    s.compareIgnoreVolatile = q.value(QStringLiteral("compare/ignoreVolatile"), s.compareIgnoreVolatile).toBool();
    s.compareIgnoreTimestamps = q.value(QStringLiteral("compare/ignoreTimestamps"), s.compareIgnoreTimestamps).toBool();
    return s;
}

bool AppSettings::save(const QString& path) const
{
    QSettings q(path, QSettings::IniFormat);
    q.setValue(QStringLiteral("clipboard/clearSeconds"), clipboardClearSeconds);
    q.setValue(QStringLiteral("tokens/renewLeadMinutes"), renewLeadMinutes);
    q.setValue(QStringLiteral("tokens/autoRenew"), autoRenew);
    q.setValue(QStringLiteral("network/extraCaFile"), extraCaFile);
    q.setValue(QStringLiteral("network/proxy"),
               proxyMode == ProxyMode::None         ? QStringLiteral("none")
                   : proxyMode == ProxyMode::Manual ? QStringLiteral("manual")
                                                    : QStringLiteral("system"));
    q.setValue(QStringLiteral("network/proxyHost"), proxyHost);
    q.setValue(QStringLiteral("network/proxyPort"), proxyPort);
    q.setValue(QStringLiteral("notifications/enabled"), notifications);
    q.setValue(QStringLiteral("notifications/tokenMinutes"), notifyTokenMinutes);
    q.setValue(QStringLiteral("notifications/certificateDays"), notifyCertificateDays);
    q.setValue(QStringLiteral("ui/language"), language);
    q.setValue(QStringLiteral("downloads/offer"), offerDownloads);
    q.setValue(QStringLiteral("downloads/deleteAfterImport"), deleteDownloadsAfterImport);
    q.setValue(QStringLiteral("tray/closeToTray"), closeToTray);
    q.setValue(QStringLiteral("tray/startAtLogin"), startAtLogin);
    q.setValue(QStringLiteral("tray/noticeShown"), trayNoticeShown);
    q.setValue(QStringLiteral("list/groupByProgram"), groupByProgram);
    if (compareIgnoreList)
        q.setValue(QStringLiteral("compare/ignoreList"), *compareIgnoreList);
    else
        q.remove(QStringLiteral("compare/ignoreList"));
    q.setValue(QStringLiteral("compare/ignoreVolatile"), compareIgnoreVolatile);
    q.setValue(QStringLiteral("compare/ignoreTimestamps"), compareIgnoreTimestamps);
    q.sync();
    return q.status() == QSettings::NoError;
}

} // namespace aem
