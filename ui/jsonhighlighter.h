// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>

namespace aem::ui {

// Colours JSON keys, strings, numbers and literals; palette-aware.
class JsonHighlighter : public QSyntaxHighlighter
{
public:
    explicit JsonHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_key, m_string, m_number, m_literal;
    QRegularExpression m_stringRe {QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"(\\s*:)?")};
    QRegularExpression m_numberRe {QStringLiteral("(?<![\\w\"])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?")};
    QRegularExpression m_literalRe {QStringLiteral("\\b(?:true|false|null)\\b")};
};

} // namespace aem::ui
