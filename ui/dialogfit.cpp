// SPDX-License-Identifier: Apache-2.0
// Dialogs that grow to fit their messages (see Dialogs::fitToContents).

#include "dialogs.h"

#include <QGuiApplication>
#include <QLayout>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace aem::ui {

QRect Dialogs::availableGeometry(const QWidget* w)
{
    QScreen* screen = w ? w->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1024, 700);
}

void Dialogs::fitToContents(QWidget* dialog)
{
    QLayout* layout = dialog->layout();
    if (!layout)
        return;
    dialog->ensurePolished();
    layout->activate();
    const QRect avail = availableGeometry(dialog);
    const int readable = dialog->fontMetrics().averageCharWidth() * 60;
    const int width =
        std::min(std::max({dialog->sizeHint().width(), dialog->minimumWidth(), readable}), avail.width() * 9 / 10);
    const int height = layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : dialog->sizeHint().height();
    dialog->setMinimumHeight(std::min(height, avail.height() * 9 / 10));
    dialog->resize(width, std::min(std::max(height, dialog->height()), avail.height() * 9 / 10));
}

} // namespace aem::ui
