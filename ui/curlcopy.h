// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one question asked before a curl command holding the access token itself goes to the
// clipboard: the request tester's "With the token inline…" and the main window's Copy curl (menu,
// toolbar, context menu and token panel alike) both ask it through this function.

class QWidget;

namespace aem::ui {

// True when the user agrees (Dialogs::setNextAnswer answers it in tests).
bool confirmInlineTokenCopy(QWidget* parent);

} // namespace aem::ui
