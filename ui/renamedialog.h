// SPDX-License-Identifier: Apache-2.0
#pragma once

// A new name for a stored credential. `attempt` tries it and returns why it was refused (empty:
// renamed); a refusal is shown under the field and the dialog stays open. Ctrl+Return confirms
// from the field as Return does.

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace aem::ui {

class RenameDialog : public QDialog
{
    Q_OBJECT
public:
    RenameDialog(const QString& current, std::function<QString(const QString& to)> attempt, QWidget* parent = nullptr);

    QString newName() const;

Q_SIGNALS:
    void renamed(const QString& from, const QString& to);

private:
    void tryRename();

    QString m_current;
    std::function<QString(const QString&)> m_attempt;
    QLineEdit* m_name;
    QLabel* m_error;
    QPushButton* m_ok;
};

} // namespace aem::ui
