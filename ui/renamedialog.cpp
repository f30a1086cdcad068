// SPDX-License-Identifier: Apache-2.0
#include "renamedialog.h"

#include "keyboardnav.h"
#include "theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

RenameDialog::RenameDialog(const QString& current, std::function<QString(const QString&)> attempt, QWidget* parent)
    : QDialog(parent), m_current(current), m_attempt(std::move(attempt))
{
    setObjectName(QStringLiteral("renameDialog"));
    setWindowTitle(tr("Rename credential"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 56);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The name is what aemtoken takes on the command line. Tokens, the default "
                                "credential and the request history follow the rename."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(current, this);
    m_name->setObjectName(QStringLiteral("renameName"));
    m_name->setAccessibleName(tr("New name"));
    m_name->selectAll();
    form->addRow(tr("&New name:"), m_name);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("renameError"));
    m_error->setWordWrap(true);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, Theme::error(palette()));
    m_error->setPalette(p);
    m_error->hide();
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("renameAccept"));
    m_ok->setText(tr("&Rename"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RenameDialog::tryRename);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_error->hide();
        m_ok->setEnabled(!text.trimmed().isEmpty() && text.trimmed() != m_current);
    });
    m_ok->setEnabled(false);
    confirmOnCtrlReturn(this, m_ok);
}

QString RenameDialog::newName() const
{
    return m_name->text().trimmed();
}

void RenameDialog::tryRename()
{
    const QString to = newName();
    const QString why = m_attempt(to);
    if (!why.isEmpty()) {
        m_error->setText(why);
        m_error->show();
        m_name->setFocus();
        return;
    }
    Q_EMIT renamed(m_current, to);
    accept();
}

} // namespace aem::ui
