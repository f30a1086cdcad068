// SPDX-License-Identifier: Apache-2.0
#include "messagetext.h"

#include "credentials.h"
#include "wording.h"

#include <QCoreApplication>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::MainWindow)
};
} // namespace

QString headlineWithDetails(const QString& headline, const QString& details, const QPalette& palette)
{
    QString html = QStringLiteral("<qt>") + headline.toHtmlEscaped();
    if (!details.isEmpty() && details != headline)
        html += QStringLiteral("<br><small style=\"color: %1\">%2</small>")
                    .arg(palette.color(QPalette::Disabled, QPalette::WindowText).name(), details.toHtmlEscaped());
    return html + QStringLiteral("</qt>");
}

QString importFailureText(const ParseResult& r, const QString& source, const QPalette& palette)
{
    for (const Problem& p : r.problems)
        if (p.severity == Problem::Error)
            return headlineWithDetails(Tr::tr("Cannot import %1: %2").arg(source, problemHeadline(p)), problemDetail(p),
                                       palette);
    return headlineWithDetails(Tr::tr("Cannot import %1").arg(source), r.firstError(), palette);
}

} // namespace aem::ui
