// SPDX-License-Identifier: Apache-2.0
#pragma once

// Status colours that read well on both light and dark palettes.

#include <QColor>
#include <QPalette>

namespace aem::ui::Theme {

inline bool isDark(const QPalette& p)
{
    return p.color(QPalette::Window).lightness() < 128;
}
inline QColor warning(const QPalette& p)
{
    return isDark(p) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa6, 0x4b, 0x00);
}
inline QColor error(const QPalette& p)
{
    return isDark(p) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}
inline QColor ok(const QPalette& p)
{
    return isDark(p) ? QColor(0x81, 0xc7, 0x84) : QColor(0x1b, 0x6e, 0x20);
}

} // namespace aem::ui::Theme
