// SPDX-License-Identifier: Apache-2.0
#include "keyboardnav.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QDialog>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QTextEdit>

namespace aem::ui {

void letTabLeave(QWidget* root)
{
    for (QAbstractItemView* view : root->findChildren<QAbstractItemView*>())
        view->setTabKeyNavigation(false);
    if (auto* view = qobject_cast<QAbstractItemView*>(root))
        view->setTabKeyNavigation(false);
    for (QPlainTextEdit* edit : root->findChildren<QPlainTextEdit*>())
        edit->setTabChangesFocus(true);
    for (QTextEdit* edit : root->findChildren<QTextEdit*>())
        edit->setTabChangesFocus(true);
}

void confirmOnCtrlReturn(QDialog* dialog, QAbstractButton* confirm)
{
    for (const auto key : {Qt::Key_Return, Qt::Key_Enter}) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | key), dialog);
        shortcut->setContext(Qt::WindowShortcut);
        QObject::connect(shortcut, &QShortcut::activated, confirm, [confirm] {
            if (confirm->isEnabled() && confirm->isVisible())
                confirm->click();
        });
    }
}

} // namespace aem::ui
