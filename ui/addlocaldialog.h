// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Add local AEM SDK…": a local AEM target (the AEM SDK's quickstart on this machine) — a name,
// author and publish base URLs (suggested http://localhost:4502 and :4503), and optionally HTTP
// Basic sign-in whose password goes into the keychain only. No IMS and no token. Stores it
// itself (one store transaction); a refusal is shown in the dialog, which stays open.

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace aem {
class CredentialStore;
}

namespace aem::ui {

class AddLocalDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddLocalDialog(CredentialStore& store, QWidget* parent = nullptr);
    ~AddLocalDialog() override;

    // The stored target's name, once accepted.
    QString addedName() const { return m_added; }

Q_SIGNALS:
    void added(const QString& name, bool replaced);

private:
    void updateState();
    void tryAdd();
    void showError(const QString& message);

    CredentialStore& m_store;
    QLineEdit* m_name;
    QLineEdit* m_author;
    QLineEdit* m_publish;
    QCheckBox* m_signIn;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLabel* m_warning;
    QLabel* m_error;
    QPushButton* m_ok;
    QString m_added;
    bool m_busy = false;
};

} // namespace aem::ui
