// SPDX-License-Identifier: Apache-2.0
#pragma once

// Two ways to enter credentials by hand, each ending in the same JSON a downloaded file holds
// (so it goes through the same checks and preview): a box to paste JSON into, and a form for
// OAuth Server-to-Server credentials copied field by field. Each emits `submitted` with the JSON
// (which holds secrets: the receiver wipes it) and clears its secret fields.

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace aem::ui {

// What both have in common: OK and Cancel under the fields, and `submitted`.
class CredentialEntry : public QDialog
{
    Q_OBJECT
public:
    using QDialog::QDialog;

Q_SIGNALS:
    void submitted(const QByteArray& json);

protected:
    // Adds OK (titled `okText`) and Cancel at the end of `layout`; returns OK.
    QPushButton* addButtons(QVBoxLayout* layout, const QString& okText);
};

class PasteBox : public CredentialEntry
{
    Q_OBJECT
public:
    explicit PasteBox(QWidget* parent = nullptr);

private:
    QPlainTextEdit* m_text;
};

class OAuthForm : public CredentialEntry
{
    Q_OBJECT
public:
    explicit OAuthForm(QWidget* parent = nullptr);

    // The name and author URL typed (empty: the import preview suggests them).
    QString name() const;
    QString author() const;

private:
    QLineEdit* m_name;
    QLineEdit* m_author;
};

} // namespace aem::ui
