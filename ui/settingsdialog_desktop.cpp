// SPDX-License-Identifier: Apache-2.0
// The settings of the desktop: credential files in Downloads, the tray and start at login.

#include "settingsdialog.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>

namespace aem::ui {

void SettingsDialog::addDesktopRows(QFormLayout* form, const AppSettings& s)
{
    m_offerDownloads = new QCheckBox(tr("Offer to import credential files that arrive in Downloads"), this);
    m_offerDownloads->setObjectName(QStringLiteral("offerDownloads"));
    m_offerDownloads->setChecked(s.offerDownloads);
    form->addRow(tr("Downloads:"), m_offerDownloads);
    m_deleteDownloads = new QCheckBox(tr("Delete a file from Downloads once it is imported"), this);
    m_deleteDownloads->setObjectName(QStringLiteral("deleteDownloads"));
    m_deleteDownloads->setChecked(s.deleteDownloadsAfterImport);
    form->addRow(QString(), m_deleteDownloads);
    auto* ssd = new QLabel(tr("Deleting removes the file; it cannot scrub its contents from an SSD, a backup or a "
                              "snapshot. Revoke credentials whose file was exposed."),
                           this);
    ssd->setWordWrap(true);
    form->addRow(QString(), ssd);

    m_closeToTray = new QCheckBox(tr("Closing the window keeps the program running in the tray"), this);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    m_closeToTray->setChecked(s.closeToTray);
    form->addRow(tr("Tray:"), m_closeToTray);
    m_startAtLogin = new QCheckBox(tr("Start at login, in the tray"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_startAtLogin->setChecked(s.startAtLogin);
    form->addRow(QString(), m_startAtLogin);
}

void SettingsDialog::readDesktopRows(AppSettings& s) const
{
    s.offerDownloads = m_offerDownloads->isChecked();
    s.deleteDownloadsAfterImport = m_deleteDownloads->isChecked();
    s.closeToTray = m_closeToTray->isChecked();
    s.startAtLogin = m_startAtLogin->isChecked();
}

} // namespace aem::ui
