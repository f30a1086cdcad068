// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every table and tree of the window has column titles elided at their end when the section is
// too narrow, with the whole title in a tooltip: Qt 6.4's Fusion header only clipped a centred
// title at both ends ("vironme"), and a selected row turned it bold, wider than its section.

class QAbstractItemView;
class QHeaderView;
class QWidget;

namespace aem::ui {

// A horizontal header that elides its titles, is clickable (as a view's own header is) and
// never turns a title bold.
QHeaderView* makeElidingHeader(QWidget* parent);

// Gives `view` (a QTableView or a QTreeView, and their widget forms) such a header in place of
// its own. Call it right after creating the view, before setting up the header's sections.
void useElidingHeader(QAbstractItemView* view);

// Whether `header` is one of these (for tests that walk every header of a window).
bool isElidingHeader(const QHeaderView* header);

} // namespace aem::ui
