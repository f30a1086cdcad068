// SPDX-License-Identifier: Apache-2.0
#include "keyboardnav.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QDialog>
#include <QEvent>
#include <QPlainTextEdit>
#include <QPointer>
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

namespace {
class TabLeaves final : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Polish) {
            if (auto* view = qobject_cast<QAbstractItemView*>(watched))
                view->setTabKeyNavigation(false);
            else if (auto* plain = qobject_cast<QPlainTextEdit*>(watched))
                plain->setTabChangesFocus(true);
            else if (auto* rich = qobject_cast<QTextEdit*>(watched))
                rich->setTabChangesFocus(true);
        }
        return false;
    }
};
} // namespace

void letTabLeaveEverywhere()
{
    static QPointer<TabLeaves> installed; // gone with the application it was installed on
    QCoreApplication* app = QCoreApplication::instance();
    if (!app || installed)
        return;
    installed = new TabLeaves(app);
    app->installEventFilter(installed);
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
