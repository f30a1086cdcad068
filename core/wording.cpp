// SPDX-License-Identifier: Apache-2.0
#include "wording.h"

#include "countdown.h"
#include "credentials.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Wording)
};

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

// The locale's long date without the weekday and with short month names: Qt 6.4 has no
// "medium" format, and the short one ("12/21/26") is easy to misread.
QString mediumDateFormat(const QLocale& locale)
{
    QString f = locale.dateFormat(QLocale::LongFormat);
    static const QRegularExpression weekday(QStringLiteral("d{4}[,.]?\\s*"));
    f.remove(weekday);
    f.replace(QLatin1String("MMMM"), QLatin1String("MMM"));
    return f.trimmed();
}
} // namespace

QString userDate(const QDateTime& t, const QLocale& locale)
{
    if (!t.isValid())
        return Tr::tr("unknown date");
    return locale.toString(t.toLocalTime().date(), mediumDateFormat(locale));
}

QString userDateTime(const QDateTime& t, const QLocale& locale)
{
    if (!t.isValid())
        return Tr::tr("unknown date");
    const QDateTime local = t.toLocalTime();
    return Tr::tr("%1 %2", "date, then time of day")
        .arg(userDate(local, locale), locale.toString(local.time(), QLocale::ShortFormat));
}

qint64 wholeDaysBetween(const QDateTime& now, const QDateTime& t)
{
    const qint64 ms = now.msecsTo(t);
    return ms >= 0 ? ms / kDayMs : -(-ms / kDayMs);
}

QString certificateExpiryHeadline(const QDateTime& notAfter, const QDateTime& now)
{
    // "%n day(s)" comes from formatDays, whose plural forms every catalogue has.
    const QString date = userDate(notAfter);
    const qint64 days = wholeDaysBetween(now, notAfter);
    if (notAfter > now)
        return days == 0 ? Tr::tr("The certificate expires today (%1)").arg(date)
                         : Tr::tr("The certificate expires in %1 (%2)").arg(formatDays(days), date);
    return days == 0 ? Tr::tr("The certificate expired today (%1)").arg(date)
                     : Tr::tr("The certificate expired %1 ago (%2)").arg(formatDays(-days), date);
}

QString daysFromNowPhrase(const QDateTime& t, const QDateTime& now)
{
    const qint64 days = wholeDaysBetween(now, t);
    if (days == 0)
        return Tr::tr("today");
    return days > 0 ? Tr::tr("in %1", "in 3 days").arg(formatDays(days))
                    : Tr::tr("%1 ago", "3 days ago").arg(formatDays(-days));
}

QString expiredAgoPhrase(const QDateTime& t, const QDateTime& now)
{
    const qint64 ms = t.msecsTo(now);
    if (ms < 60 * 1000)
        return Tr::tr("expired just now");
    return Tr::tr("expired %1 ago", "expired 3 h 12 min ago").arg(formatDuration(ms));
}

QString jsonErrorHeadline(const QJsonParseError& error, qsizetype size)
{
    const bool cutShort = error.error == QJsonParseError::UnterminatedString
        || error.error == QJsonParseError::UnterminatedObject || error.error == QJsonParseError::UnterminatedArray
        || error.offset >= size - 1;
    return cutShort ? Tr::tr("The file looks cut short — download it again")
                    : Tr::tr("The file is not JSON as the Developer Console writes it — download it again");
}

QString defaultHeadline(const QString& code)
{
    static const struct
    {
        const char* code;
        const char* text;
    } table[] = {
        {"file_too_large", QT_TRANSLATE_NOOP("aem::Wording", "This file is far too large to be credentials")},
        {"file_empty", QT_TRANSLATE_NOOP("aem::Wording", "The file is empty — download it again")},
        {"json_too_deep", QT_TRANSLATE_NOOP("aem::Wording", "This file is not credentials from the Developer Console")},
        {"invalid_json", QT_TRANSLATE_NOOP("aem::Wording", "The file looks cut short — download it again")},
        {"not_an_object", QT_TRANSLATE_NOOP("aem::Wording", "This file is not credentials from the Developer Console")},
        {"unknown_format",
         QT_TRANSLATE_NOOP("aem::Wording", "This file is not credentials from the Developer Console")},
        {"console_error",
         QT_TRANSLATE_NOOP("aem::Wording", "The Developer Console answered with an error instead of credentials")},
        {"missing_field", QT_TRANSLATE_NOOP("aem::Wording", "The file is incomplete — download it again")},
        {"empty_field", QT_TRANSLATE_NOOP("aem::Wording", "The file is incomplete — download it again")},
        {"wrong_type", QT_TRANSLATE_NOOP("aem::Wording", "The file has been altered — download it again")},
        {"invalid_date", QT_TRANSLATE_NOOP("aem::Wording", "The file's certificate expiry date cannot be read")},
        {"invalid_ims_endpoint", QT_TRANSLATE_NOOP("aem::Wording", "The IMS address in the file is not a host name")},
        {"missing_aem_user",
         QT_TRANSLATE_NOOP("aem::Wording", "The file does not name the AEM user that the credentials act as")},
        {"invalid_private_key",
         QT_TRANSLATE_NOOP("aem::Wording", "The private key cannot be read — download the credentials again")},
        {"key_not_rsa", QT_TRANSLATE_NOOP("aem::Wording", "The private key is not an RSA key, which IMS needs")},
        {"weak_key", QT_TRANSLATE_NOOP("aem::Wording", "The private key is shorter than the Developer Console's")},
        {"invalid_certificate",
         QT_TRANSLATE_NOOP("aem::Wording", "The certificate cannot be read — download the credentials again")},
        {"key_mismatch",
         QT_TRANSLATE_NOOP("aem::Wording",
                           "The private key does not belong to the certificate — download the "
                           "credentials again")},
        {"certificate_subject_mismatch",
         QT_TRANSLATE_NOOP("aem::Wording", "The certificate was issued to another client")},
        {"certificate_expired", QT_TRANSLATE_NOOP("aem::Wording", "The certificate has expired")},
        {"certificate_not_yet_valid", QT_TRANSLATE_NOOP("aem::Wording", "The certificate is not valid yet")},
        {"certificate_expiring", QT_TRANSLATE_NOOP("aem::Wording", "The certificate expires soon")},
        {"certificate_date_mismatch",
         QT_TRANSLATE_NOOP("aem::Wording", "The file's expiry date does not agree with its certificate")},
        {"token_malformed", QT_TRANSLATE_NOOP("aem::Wording", "This is not an access token — copy it again")},
        {"token_no_expiry", QT_TRANSLATE_NOOP("aem::Wording", "The token does not say when it expires")},
        {"token_expired",
         QT_TRANSLATE_NOOP("aem::Wording", "The token has expired — download a new one from the Developer Console")},
        {"token_lifetime_suspicious",
         QT_TRANSLATE_NOOP("aem::Wording", "The token claims to live far longer than local development tokens do")},
    };
    for (const auto& row : table)
        if (code == QLatin1String(row.code))
            return QCoreApplication::translate("aem::Wording", row.text);
    return {};
}

QString problemHeadline(const Problem& p)
{
    if (!p.headline.isEmpty())
        return p.headline;
    const QString d = defaultHeadline(p.code);
    return d.isEmpty() ? p.toString() : d;
}

QString problemDetail(const Problem& p)
{
    return p.field.isEmpty() ? p.message : p.field + QStringLiteral(": ") + p.message;
}

QString problemLine(const Problem& p)
{
    const QString headline = problemHeadline(p);
    const QString detail = problemDetail(p);
    return detail.isEmpty() || detail == headline || headline == p.toString()
        ? headline
        : QStringLiteral("%1 (%2)").arg(headline, detail);
}

} // namespace aem
