// SPDX-License-Identifier: Apache-2.0
#pragma once

// Words a user reads: dates in the user's locale, days before or since, and the headline of a
// problem in plain words ("The certificate expires in 19 days (21 Dec 2026)", "The file looks cut
// short — download it again"). The field path and the parser's own words stay in the problem's
// message, for a details line and for support; headlines never replace the stable codes.

#include <QDateTime>
#include <QJsonParseError>
#include <QLocale>
#include <QString>

namespace aem {

struct Problem;

// The date of `t` (in local time) as the locale writes it with a short month name:
// "21 Dec 2026" (en_GB, C), "Dec 21, 2026" (en_US), "21 déc. 2026" (fr).
QString userDate(const QDateTime& t, const QLocale& locale = QLocale());
// The same with the time of day: "21 Dec 2026 19:04".
QString userDateTime(const QDateTime& t, const QLocale& locale = QLocale());

// Whole days from `now` to `t`, rounded towards `now` (what has not fully passed is not counted):
// 19 for 19.8 days ahead, -36 for 36.2 days ago.
qint64 wholeDaysBetween(const QDateTime& now, const QDateTime& t);

// "The certificate expires in 19 days (21 Dec 2026)", "The certificate expires today (…)",
// "The certificate expired 36 days ago (27 Oct 2026)".
QString certificateExpiryHeadline(const QDateTime& notAfter, const QDateTime& now);
// "in 19 days", "today", "36 days ago": for a table cell or a short label.
QString daysFromNowPhrase(const QDateTime& t, const QDateTime& now);
// "expired 3 h 12 min ago", "expired 2 days ago", "expired just now".
QString expiredAgoPhrase(const QDateTime& t, const QDateTime& now);

// What a JSON parse error means to someone who downloaded a file: cut short (the text ends in the
// middle of a string, object or array), or not JSON at all.
QString jsonErrorHeadline(const QJsonParseError& error, qsizetype size);

// A plain headline for a problem code when its producer gave none ("The file is incomplete —
// download it again" for missing_field); empty for an unknown code.
QString defaultHeadline(const QString& code);

// The headline of `p` (its own, else the default for its code, else its toString()).
QString problemHeadline(const Problem& p);
// The details for support: "integration.publicKey: certificate expires in 19 days, on
// 2026-12-21T19:04:30Z".
QString problemDetail(const Problem& p);
// Both on one line, for a terminal: "The file looks cut short — download it again (unterminated
// string at offset 1501)"; the headline alone when there is nothing more to say.
QString problemLine(const Problem& p);

} // namespace aem
