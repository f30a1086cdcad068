// SPDX-License-Identifier: Apache-2.0
#pragma once

// What an admin checks about a credential: technical account and AEM user, org, client,
// metascopes, IMS endpoint, the certificate, the environment type (or the one its name or hosts
// suggest) and the environment's URLs (editable).

#include "credentialstore.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace aem::ui {

class AppContext;

class CredentialDetails : public QWidget
{
    Q_OBJECT
public:
    explicit CredentialDetails(AppContext& context, QWidget* parent = nullptr);
    void setCredential(const std::optional<CredentialRecord>& record);

public Q_SLOTS:
    // Re-checks, from the keychain, that the stored private key matches the certificate.
    void verifyKey();

Q_SIGNALS:
    void failed(const QString& message);
    void saved(const QString& message);
    void rotateRequested(const QString& name);
    // A value (nothing secret) was copied by its Copy button; `message` says which.
    void copied(const QString& message);

private:
    void saveUrls();
    void showEnvType(const CredentialRecord& r);
    // `copyable`: with a Copy button beside the value.
    QLabel* addRow(QFormLayout* form, const QString& label, const QString& objectName, bool copyable = false);

    AppContext& m_context;
    std::optional<CredentialRecord> m_record;
    QWidget* m_serviceBox;
    QFormLayout* m_serviceForm;
    QWidget* m_localBox;
    QWidget* m_targetBox; // a local AEM target: URLs and sign-in, no token
    QLabel* m_targetAuthor;
    QLabel* m_targetPublish;
    QLabel* m_targetUser;
    QLabel* m_techAccount;
    QLabel* m_email;
    QLabel* m_org;
    QLabel* m_clientId;
    QLabel* m_metascopes;
    QLabel* m_ims;
    QLabel* m_subject;
    QLabel* m_fingerprint;
    QLabel* m_validity;
    QLabel* m_daysLeft;
    QLabel* m_keyMatch;
    QLabel* m_user;
    QLabel* m_tokenClient;
    QLabel* m_tokenExpiry;
    QLabel* m_environment;
    QLabel* m_envType;
    QLineEdit* m_author;
    QLineEdit* m_publish;
    QLineEdit* m_preview;
    QPushButton* m_saveUrls;
    QPushButton* m_verifyKey;
    QPushButton* m_rotate;
};

} // namespace aem::ui
