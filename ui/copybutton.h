// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small Copy button beside a value shown in a label or a line edit (nothing secret: ids,
// accounts, hosts, fingerprints). The button copies the value as it is when clicked, and is
// enabled only while there is a value.

#include <QString>

#include <functional>

class QLabel;
class QWidget;

namespace aem::ui {

// A row holding `value` (stretched) and its Copy button; `label` names the value for the button's
// accessible name and tooltip, `copied` is called with a sentence saying what was copied.
QWidget* withCopyButton(QWidget* value, const QString& label, std::function<void(const QString& message)> copied);

// The row of `value` when it has a Copy button, else `value` itself (what a form layout holds).
QWidget* copyRowOf(QWidget* value);

// Shows `text` in `label` with a line break allowed after each `after` (a fingerprint's colons,
// which no line-breaking rule breaks at), while its Copy button copies `text` as it is.
void setBreakableText(QLabel* label, const QString& text, QChar after);

// Enables each Copy button under `root` whose label holds text (line edits follow by themselves).
void refreshCopyButtons(QWidget* root);

} // namespace aem::ui
