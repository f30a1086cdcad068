// SPDX-License-Identifier: Apache-2.0
#include "settingsdialog.h"

#include "keyboardnav.h"
#include "network.h"
#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace aem::ui {

SettingsDialog::SettingsDialog(const AppSettings& s, QWidget* parent) : QDialog(parent), m_base(s)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto* form = new QFormLayout;
    m_clipboard = new QSpinBox(this);
    m_clipboard->setObjectName(QStringLiteral("clipboardSeconds"));
    m_clipboard->setRange(0, 3600);
    m_clipboard->setSuffix(tr(" s"));
    m_clipboard->setSpecialValueText(tr("never"));
    m_clipboard->setValue(s.clipboardClearSeconds);
    form->addRow(tr("Clear copied secrets after:"), m_clipboard);

    m_autoRenew = new QCheckBox(tr("Renew service-credential tokens automatically"), this);
    m_autoRenew->setObjectName(QStringLiteral("autoRenew"));
    m_autoRenew->setChecked(s.autoRenew);
    form->addRow(QString(), m_autoRenew);
    m_lead = new QSpinBox(this);
    m_lead->setObjectName(QStringLiteral("renewLead"));
    m_lead->setRange(1, 600);
    m_lead->setSuffix(tr(" min before expiry"));
    m_lead->setValue(s.renewLeadMinutes);
    form->addRow(tr("Renew:"), m_lead);

    m_caFile = new QLineEdit(s.extraCaFile, this);
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setAccessibleName(tr("Extra CA file"));
    m_caFile->setPlaceholderText(tr("none: only the system's certificate authorities"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Extra CA certificate (PEM)"), QString(),
                                                       tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!f.isEmpty())
            m_caFile->setText(f);
    });
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    form->addRow(tr("Extra CA file:"), caRow);

    m_proxyMode = new QComboBox(this);
    m_proxyMode->setObjectName(QStringLiteral("proxyMode"));
    m_proxyMode->addItems({tr("System settings"), tr("No proxy"), tr("Manual")});
    m_proxyMode->setCurrentIndex(int(s.proxyMode));
    form->addRow(tr("Proxy:"), m_proxyMode);
    m_proxyHost = new QLineEdit(s.proxyHost, this);
    m_proxyHost->setObjectName(QStringLiteral("proxyHost"));
    m_proxyHost->setAccessibleName(tr("Proxy host"));
    m_proxyPort = new QSpinBox(this);
    m_proxyPort->setRange(1, 65535);
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyPort->setValue(s.proxyPort);
    auto* proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyHost, 1);
    proxyRow->addWidget(m_proxyPort);
    form->addRow(tr("Manual proxy:"), proxyRow);

    m_notifications = new QCheckBox(tr("Notify before tokens and certificates expire"), this);
    m_notifications->setObjectName(QStringLiteral("notifications"));
    m_notifications->setChecked(s.notifications);
    form->addRow(QString(), m_notifications);
    m_certDays = new QSpinBox(this);
    m_certDays->setRange(1, 365);
    m_certDays->setSuffix(tr(" days before a certificate expires"));
    m_certDays->setValue(s.notifyCertificateDays);
    form->addRow(tr("Warn:"), m_certDays);

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.language)));
    m_language->setToolTip(tr("Takes effect the next time the program starts"));
    form->addRow(tr("Language:"), m_language);
    addDesktopRows(form, s);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
    m_error->setWordWrap(true);
    m_error->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    confirmOnCtrlReturn(this, buttons->button(QDialogButtonBox::Ok));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_autoRenew, &QCheckBox::toggled, m_lead, &QWidget::setEnabled);
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, &SettingsDialog::validate);
    connect(m_caFile, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_proxyHost, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    m_lead->setEnabled(s.autoRenew);
    validate();
}

void SettingsDialog::validate()
{
    const bool manual = m_proxyMode->currentIndex() == int(AppSettings::ProxyMode::Manual);
    m_proxyHost->setEnabled(manual);
    m_proxyPort->setEnabled(manual);
    QString problem;
    const QString host = m_proxyHost->text().trimmed();
    if (manual && host.isEmpty())
        problem = tr("Manual proxy: enter the proxy's host name.");
    else if (manual && QHostAddress(host).isNull()
             && std::any_of(host.cbegin(), host.cend(), [](QChar c) { return QStringLiteral("@/: ").contains(c); }))
        // A password typed here would land in the settings file; the sign-in is asked for instead.
        problem =
            tr("Manual proxy: the host name only, without user, password, scheme or port (the program asks you to "
               "sign in when the proxy wants it).");
    else if (!m_caFile->text().trimmed().isEmpty()) {
        QString why;
        if (!readCaFile(m_caFile->text().trimmed(), &why))
            problem = why;
    }
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_base;
    s.clipboardClearSeconds = m_clipboard->value();
    s.autoRenew = m_autoRenew->isChecked();
    s.renewLeadMinutes = m_lead->value();
    s.extraCaFile = m_caFile->text().trimmed();
    s.proxyMode = AppSettings::ProxyMode(m_proxyMode->currentIndex());
    s.proxyHost = m_proxyHost->text().trimmed();
    s.proxyPort = m_proxyPort->value();
    s.notifications = m_notifications->isChecked();
    s.notifyCertificateDays = m_certDays->value();
    s.language = m_language->currentData().toString();
    readDesktopRows(s);
    return s;
}

} // namespace aem::ui
