// SPDX-License-Identifier: Apache-2.0
#pragma once

// A tooltip that shows a server's words as they are: Qt takes any tooltip whose first line holds a
// known tag for markup (a key "<b>…" or a value "<img …>" from a hostile answer would be drawn),
// and lays out all of a megabyte value on hover. Escaped, at most kMaxToolTipChars.

#include <QString>

namespace aem {

inline constexpr qsizetype kMaxToolTipChars = 2000;

inline QString plainToolTip(const QString& text)
{
    if (text.isEmpty())
        return {};
    const QString shown = text.size() > kMaxToolTipChars ? QString(text.first(kMaxToolTipChars) + QChar(0x2026)) : text;
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + shown.toHtmlEscaped() + QStringLiteral("</p>");
}

} // namespace aem
