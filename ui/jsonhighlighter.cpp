// SPDX-License-Identifier: Apache-2.0
#include "jsonhighlighter.h"

#include "theme.h"

#include <QGuiApplication>
#include <QPalette>

namespace aem::ui {

JsonHighlighter::JsonHighlighter(QTextDocument* document) : QSyntaxHighlighter(document)
{
    const QPalette p = QGuiApplication::palette();
    const bool dark = Theme::isDark(p);
    m_key.setForeground(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x04, 0x51, 0xa5));
    m_string.setForeground(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    m_number.setForeground(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    m_literal.setForeground(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff));
    m_literal.setFontWeight(QFont::Bold);
}

void JsonHighlighter::highlightBlock(const QString& text)
{
    for (auto it = m_numberRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_number);
    }
    for (auto it = m_literalRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_literal);
    }
    // Strings last: numbers or literals inside them are not coloured as such.
    for (auto it = m_stringRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const bool isKey = m.capturedLength(1) > 0;
        const int len = int(m.capturedLength() - m.capturedLength(1));
        setFormat(int(m.capturedStart()), len, isKey ? m_key : m_string);
    }
}

} // namespace aem::ui
