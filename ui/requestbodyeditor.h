// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Body tab of the request tester: the kind of body (JSON, form, text, or a file streamed from
// disk), its text or file, and, for a method that carries no body, the editor switched off with
// the reason (what was typed is kept, not sent).

#include "requestbody.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace aem::ui {

class RequestBodyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestBodyEditor(QWidget* parent = nullptr);

    // Switches the editor off, with the reason, when `method` carries no body.
    void setMethod(const QString& method);
    bool isSent() const { return m_reason.isEmpty(); }
    QString reason() const { return m_reason; }

    BodyKind kind() const;
    void setKind(BodyKind kind);
    QString text() const;
    void setText(const QString& text);
    QString filePath() const { return m_filePath; }
    void setFilePath(const QString& path);
    // Text typed, or a file chosen for a File body.
    bool hasContent() const;

    // Asks for the file (Dialogs::openFileName).
    void chooseFile();

Q_SIGNALS:
    void contentChanged();

private:
    void onKindChanged(int index);
    void updateFileInfo();

    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QPlainTextEdit* m_text;
    QLineEdit* m_file;
    QPushButton* m_choose;
    QLabel* m_fileInfo;
    QLabel* m_reasonLabel;
    QString m_filePath;
    QString m_reason;
};

} // namespace aem::ui
