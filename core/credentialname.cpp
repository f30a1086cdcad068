// SPDX-License-Identifier: Apache-2.0
#include "credentialname.h"

#include "curlcommand.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::CredentialName)
};

// Characters a name never holds: they break a line, a table, a terminal or a shell word, or
// make two different names look the same.
bool forbidden(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control: // NUL, CR, LF, TAB, ESC, DEL, C1
    case QChar::Other_Format: // bidirectional overrides, zero-width characters
    case QChar::Other_Surrogate: // an unpaired half
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph: return true;
    default: return false;
    }
}

} // namespace

QString credentialNameProblem(const QString& name)
{
    if (name.isEmpty())
        return Tr::tr("the name is empty");
    const auto codePoints = name.toUcs4();
    if (codePoints.size() > kMaxCredentialNameLength)
        return Tr::tr("the name is longer than %1 characters").arg(kMaxCredentialNameLength);
    for (const char32_t c : codePoints)
        if (forbidden(c))
            return Tr::tr("the name holds a control or invisible character (U+%1)")
                .arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    if (QChar::isSpace(codePoints.first()) || QChar::isSpace(codePoints.last()))
        return Tr::tr("the name starts or ends with a space");
    if (name.startsWith(QLatin1Char('-')))
        return Tr::tr("the name starts with '-' (it would read as an option)");
    return {};
}

bool isValidCredentialName(const QString& name)
{
    return credentialNameProblem(name).isEmpty();
}

QString credentialNameKey(const QString& name)
{
    return name.normalized(QString::NormalizationForm_C).toCaseFolded();
}

QString shellWord(const QString& name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9._@+=:,/-]+$"));
    // Not a leading "=" either: zsh expands =word to a command's path.
    return plain.match(name).hasMatch() && !name.startsWith(QLatin1Char('-')) && !name.startsWith(QLatin1Char('='))
        ? name
        : shellQuote(name);
}

bool sameCredentialName(const QString& a, const QString& b)
{
    return a == b || credentialNameKey(a) == credentialNameKey(b);
}

} // namespace aem
