#include "dialogs.h"

#include <QFileDialog>

namespace aem::ui {

QMessageBox::StandardButton Dialogs::question(QWidget* parent, const QString& title, const QString& text,
                                              QMessageBox::StandardButtons buttons,
                                              QMessageBox::StandardButton defaultButton)
{
    if (s_nextAnswer) {
        const auto a = *s_nextAnswer;
        s_nextAnswer.reset();
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

} // namespace aem::ui
