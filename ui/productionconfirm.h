// SPDX-License-Identifier: Apache-2.0
#pragma once

// The question asked before the request tester sends anything but GET, HEAD or OPTIONS with the
// token of a credential the user marked as production (aem::needsProductionConfirmation).

class QString;
class QWidget;

namespace aem::ui {

// True when the user agrees (Dialogs::setNextAnswer answers it in tests).
bool confirmProductionRequest(QWidget* parent, const QString& method, const QString& credential);

} // namespace aem::ui
