// SPDX-License-Identifier: Apache-2.0
#pragma once

// Before anything is stored: what was read, what goes into the keychain, and what is wrong or
// suspicious (an expired certificate, a token about to expire). Importing the same client id
// again offers to replace, not duplicate.

#include "credentials.h"
#include "credentialstore.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QScrollArea;

namespace aem::ui {

// What an entry form knows beyond the JSON: the name and author URL the user typed.
struct ImportHints
{
    QString name;
    QString author;
};

class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(const ParsedCredential& credential, const QList<Problem>& warnings, const QString& source,
                 const CredentialStore& store, const QDateTime& now, QWidget* parent = nullptr);

    CredentialStore::ImportOptions options() const;
    QString replacedName() const { return m_replaces; }
    // A row above the buttons (deletefileoption.cpp), e.g. "Delete the file after import".
    void addOption(QWidget* option);
    // What the entry form was given (the OAuth form's name and author URL), over the suggestion.
    void setSuggested(const QString& name, const QString& author);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void validate();
    void fitToScreen();
    // QScrollArea lays its widget out by size hint, not height for width: wrapped rows would be
    // squeezed. The contents are kept at their full height for the width they have.
    void keepRowsWhole();

    QScrollArea* m_scroll;
    QWidget* m_contents;
    QLineEdit* m_name;
    QLineEdit* m_author;
    QLabel* m_nameError;
    QDialogButtonBox* m_buttons;
    QString m_replaces;
    QStringList m_takenNames;
    bool m_service;
};

} // namespace aem::ui
