// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace aem::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings& current, QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    void validate();
    // The desktop rows (settingsdialog_desktop.cpp): Downloads, tray, start at login.
    void addDesktopRows(QFormLayout* form, const AppSettings& s);
    void readDesktopRows(AppSettings& s) const;

    AppSettings m_base;
    QSpinBox* m_clipboard;
    QCheckBox* m_autoRenew;
    QSpinBox* m_lead;
    QLineEdit* m_caFile;
    QComboBox* m_proxyMode;
    QLineEdit* m_proxyHost;
    QSpinBox* m_proxyPort;
    QCheckBox* m_notifications;
    QSpinBox* m_certDays;
    QComboBox* m_language;
    QCheckBox* m_offerDownloads;
    QCheckBox* m_deleteDownloads;
    QCheckBox* m_closeToTray;
    QCheckBox* m_startAtLogin;
    QLabel* m_error;
    QWidget* m_ok;
};

} // namespace aem::ui
