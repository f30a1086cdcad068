// SPDX-License-Identifier: Apache-2.0
#include "jsonout.h"

#include "credentials.h"
#include "credentialsource.h"
#include "i18n.h"
#include "imsclient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>

#include <clocale>
#include <cmath>

namespace aem::cli {

QString failureCode(FailureCause cause, const QString& fallback)
{
    switch (cause) {
    case FailureCause::Cancelled: return QStringLiteral("cancelled");
    case FailureCause::KeychainLocked: return QStringLiteral("keychain_locked");
    case FailureCause::KeychainUnavailable: return QStringLiteral("keychain_unavailable");
    case FailureCause::KeychainDenied: return QStringLiteral("keychain_denied");
    case FailureCause::None:
    case FailureCause::Ims:
    case FailureCause::Other: break;
    }
    return fallback;
}

QJsonValue stringOrNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue urlOrNull(const QUrl& u)
{
    return u.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(u.toString());
}

QJsonValue idOrNull(int id)
{
    return id > 0 ? QJsonValue(id) : QJsonValue(QJsonValue::Null);
}

QJsonValue secondsOrNull(const QDateTime& now, const QDateTime& t)
{
    // Whole seconds, rounded towards the past: a token with 0.4 s left has 0 s left.
    return t.isValid() ? QJsonValue(double(std::floor(double(now.msecsTo(t)) / 1000.0))) : QJsonValue(QJsonValue::Null);
}

QString kindJson(CredentialKind k)
{
    return kindId(k).replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString imsErrorCode(const ImsError& e)
{
    switch (e.kind) {
    case ImsError::None: return QStringLiteral("ok");
    case ImsError::Timeout: return QStringLiteral("timeout");
    case ImsError::Tls: return QStringLiteral("tls_error");
    case ImsError::BadResponse: return QStringLiteral("ims_bad_response");
    case ImsError::Cancelled: return QStringLiteral("cancelled");
    case ImsError::Network:
        switch (e.networkError) {
        case QNetworkReply::HostNotFoundError: return QStringLiteral("dns_failure");
        case QNetworkReply::ConnectionRefusedError: return QStringLiteral("connection_refused");
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
        case QNetworkReply::ProxyAuthenticationRequiredError: return QStringLiteral("proxy_error");
        default: return QStringLiteral("network_error");
        }
    case ImsError::Http: break;
    }
    // IMS's own codes are snake_case words ("invalid_client"); anything else is not a code.
    static const QRegularExpression word(QStringLiteral("^[a-z][a-z0-9_]{0,40}$"));
    return word.match(e.code).hasMatch() ? QStringLiteral("ims_") + e.code : QStringLiteral("ims_http_error");
}

QJsonValue imsErrorJson(const std::optional<ImsError>& e)
{
    if (!e || e->kind == ImsError::None)
        return QJsonValue::Null;
    return QJsonObject {
        {QStringLiteral("http_status"), e->httpStatus ? QJsonValue(e->httpStatus) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("error"), stringOrNull(e->code)},
        {QStringLiteral("error_description"), stringOrNull(e->description)},
        {QStringLiteral("debug_id"), stringOrNull(e->debugId)},
        {QStringLiteral("attempts"), e->attempts}};
}

QByteArray errorJson(const QString& code, const QString& message, const QJsonValue& ims)
{
    const QJsonObject error {
        {QStringLiteral("code"), code}, {QStringLiteral("message"), message}, {QStringLiteral("ims"), ims}};
    return QJsonDocument(QJsonObject {{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact) + '\n';
}

void useEnglishMessages(bool english)
{
    removeTranslations();
    if (english) {
        installTranslations(QStringLiteral("en"));
        std::setlocale(LC_MESSAGES, "C"); // strerror() and friends
    } else {
        installTranslations();
        std::setlocale(LC_MESSAGES, "");
    }
}

} // namespace aem::cli
