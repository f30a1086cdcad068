// SPDX-License-Identifier: Apache-2.0
#pragma once

// The keyboard's way through the windows: Tab leaves lists, tables and text boxes (it moves
// focus; arrows move within), and Ctrl+Return confirms a dialog from any of its fields, the
// multi-line ones included (where Return starts a new line).

class QAbstractButton;
class QDialog;
class QWidget;

namespace aem::ui {

// Every list, table and plain-text box under `root` (now; call again for widgets added later):
// Tab and Shift+Tab move to the next and previous control instead of moving between cells or
// typing a tab.
void letTabLeave(QWidget* root);
// The same for every list, table and text box the program makes, in any window and whenever it
// is made (each is set as it is first polished, before it is shown). Idempotent.
void letTabLeaveEverywhere();

// Ctrl+Return (and Ctrl+Enter) clicks `confirm` when it is enabled, from anywhere in `dialog`.
void confirmOnCtrlReturn(QDialog* dialog, QAbstractButton* confirm);

} // namespace aem::ui
