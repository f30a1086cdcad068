// SPDX-License-Identifier: Apache-2.0
#pragma once

// Icons for actions and small buttons: the desktop theme's when it has one (freedesktop icon
// names), else the style's standard pixmap, else a simple drawing in the palette's text colour.

#include <QIcon>

class QWidget;

namespace aem::ui {

enum class ActionIcon { Import, GetToken, Renew, Copy, Curl, Tester, Validate, Revoke, Rename, Remove };

QIcon actionIcon(ActionIcon which, const QWidget* widget);

} // namespace aem::ui
