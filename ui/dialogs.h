#pragma once

// Seams for modal questions and file pickers, so tests can pre-answer them (after KeePassXC's
// MessageBox::setNextAnswer and FileDialog::setNextFileName).

#include <QMessageBox>
#include <QString>

#include <optional>

class QWidget;

namespace aem::ui {

class Dialogs
{
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);
    static QString openFileName(QWidget* parent, const QString& caption, const QString& filter);

    static void setNextAnswer(QMessageBox::StandardButton answer) { s_nextAnswer = answer; }
    static void setNextFileName(const QString& name) { s_nextFileName = name; }

private:
    static inline std::optional<QMessageBox::StandardButton> s_nextAnswer;
    static inline std::optional<QString> s_nextFileName;
};

} // namespace aem::ui
