// SPDX-License-Identifier: Apache-2.0
#pragma once

// The question asked before the request tester sends anything but GET, HEAD or OPTIONS with the
// token of a credential the user marked as production, or whose name or hosts suggest production
// while no type is chosen (`suggested`; aem::needsProductionConfirmation of the record).

class QString;
class QWidget;

namespace aem::ui {

// True when the user agrees (Dialogs::setNextAnswer answers it in tests).
bool confirmProductionRequest(QWidget* parent, const QString& method, const QString& credential,
                              bool suggested = false);

} // namespace aem::ui
