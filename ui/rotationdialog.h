// SPDX-License-Identifier: Apache-2.0
#pragma once

// Guided certificate rotation for service credentials whose certificate expires soon: the
// Developer Console steps, an import that recognises the new file as the same technical account
// and keeps the old credentials until the user confirms, a test call with the new ones, then the
// switch and the reminder to revoke the old certificate.

#include "credentialstore.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace aem::ui {

class AppContext;

class RotationDialog : public QDialog
{
    Q_OBJECT
public:
    RotationDialog(AppContext& context, const CredentialRecord& current, QWidget* parent = nullptr);

    QString newName() const { return m_newName; }

public Q_SLOTS:
    void importNewFile(const QString& path = {});
    void testNew();
    void finishRotation();

Q_SIGNALS:
    void imported(const QString& name);
    void tested(bool ok);
    void rotated(const QString& name);

private:
    void setStep(QLabel* label, const QString& text, bool ok);

    AppContext& m_context;
    CredentialRecord m_old;
    QString m_newName;
    QDateTime m_newNotAfter; // of the imported certificate
    QLabel* m_header;
    QLabel* m_importStatus;
    QLabel* m_testStatus;
    QLabel* m_finishStatus;
    QPushButton* m_import;
    QPushButton* m_test;
    QPushButton* m_finish;
};

} // namespace aem::ui
