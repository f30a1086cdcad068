// SPDX-License-Identifier: Apache-2.0
#include "productionconfirm.h"

#include "dialogs.h"

#include <QCoreApplication>

namespace aem::ui {

namespace {
// The tester's words, in the tester's translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};
} // namespace

bool confirmProductionRequest(QWidget* parent, const QString& method, const QString& credential, bool suggested)
{
    return Dialogs::question(parent, Tr::tr("Send to production?"),
                             (suggested ? Tr::tr("The name or hosts of %1 suggest a production environment (no "
                                                 "environment type is chosen: choose it under Environment type). "
                                                 "Send this %2 request, which may change content on it?")
                                        : Tr::tr("%1 is marked as a production credential. Send this %2 request, "
                                                 "which may change content on the production environment?"))
                                 .arg(credential, method),
                             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace aem::ui
