// SPDX-License-Identifier: Apache-2.0
#pragma once

// A message in two parts: the headline in plain words, and below it, smaller and greyed, the
// details for support (the field path, the parser's own words). Rich text for a QLabel; both
// parts are escaped.

#include <QPalette>
#include <QString>

namespace aem {
struct ParseResult;
}

namespace aem::ui {

QString headlineWithDetails(const QString& headline, const QString& details, const QPalette& palette);
// "Cannot import the paste box: The file looks cut short — download it again", with the first
// error's field and message as the details.
QString importFailureText(const ParseResult& r, const QString& source, const QPalette& palette);

} // namespace aem::ui
