// SPDX-License-Identifier: Apache-2.0
#include "dialogs.h"

#include "keyboardnav.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <utility>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::Dialogs)
};

struct PresetSignIn
{
    bool set = false;
    bool cancel = false;
    Dialogs::ProxySignIn answer;
};
PresetSignIn s_nextSignIn;
} // namespace

void Dialogs::setNextProxySignIn(const std::optional<ProxySignIn>& answer)
{
    s_nextSignIn = {true, !answer, answer.value_or(ProxySignIn {})};
}

QMessageBox::StandardButton Dialogs::question(QWidget* parent, const QString& title, const QString& text,
                                              QMessageBox::StandardButtons buttons,
                                              QMessageBox::StandardButton defaultButton)
{
    if (s_nextAnswer) {
        const auto a = *s_nextAnswer;
        s_nextAnswer.reset();
        s_lastAnswered = text;
        return a;
    }
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

QString Dialogs::openFileName(QWidget* parent, const QString& caption, const QString& filter)
{
    if (s_nextFileName) {
        const QString n = *s_nextFileName;
        s_nextFileName.reset();
        return n;
    }
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

std::optional<Dialogs::ProxySignIn> Dialogs::proxySignIn(QWidget* parent, const QString& proxy, const QString& realm,
                                                         const QString& lastUser)
{
    if (s_nextSignIn.set) {
        const PresetSignIn preset = std::exchange(s_nextSignIn, PresetSignIn {});
        return preset.cancel ? std::nullopt : std::optional<ProxySignIn>(preset.answer);
    }
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("proxySignIn"));
    dialog.setWindowTitle(Tr::tr("Proxy sign-in"));
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 64);
    auto* form = new QFormLayout(&dialog);
    auto* text = new QLabel(
        realm.isEmpty()
            ? Tr::tr("The proxy %1 asks you to sign in.").arg(proxy.toHtmlEscaped())
            : Tr::tr("The proxy %1 asks you to sign in (%2).").arg(proxy.toHtmlEscaped(), realm.toHtmlEscaped()));
    text->setWordWrap(true);
    form->addRow(text);
    auto* user = new QLineEdit(lastUser, &dialog);
    user->setAccessibleName(Tr::tr("Proxy user name"));
    auto* password = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    password->setAccessibleName(Tr::tr("Proxy password"));
    form->addRow(Tr::tr("&User name:"), user);
    form->addRow(Tr::tr("&Password:"), password);
    auto* note = new QLabel(Tr::tr("Kept in memory until the program quits; never written to disk."));
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(Tr::tr("Sign in"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    confirmOnCtrlReturn(&dialog, buttons->button(QDialogButtonBox::Ok));
    form->addRow(buttons);
    (lastUser.isEmpty() ? user : password)->setFocus();
    fitToContents(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    ProxySignIn answer {user->text(), password->text()};
    password->clear();
    return answer;
}

} // namespace aem::ui
