// SPDX-License-Identifier: Apache-2.0
#pragma once

// The program's icon: the installed theme icon when there is one (packaging/), else the same
// picture drawn here.

#include <QIcon>

namespace aem::ui {

QIcon appIcon();

} // namespace aem::ui
