// SPDX-License-Identifier: Apache-2.0
#include "curlcopy.h"

#include "dialogs.h"

#include <QCoreApplication>

namespace aem::ui {

namespace {
// The words the tester has always used for this question, in its translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};
} // namespace

bool confirmInlineTokenCopy(QWidget* parent)
{
    return Dialogs::question(parent, Tr::tr("Copy with the token inline?"),
                             Tr::tr("The command will contain the access token itself. Anyone who sees it can use the "
                                    "token until it expires."),
                             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace aem::ui
