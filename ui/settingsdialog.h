// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
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
    QLabel* m_error;
    QWidget* m_ok;
};

} // namespace aem::ui
