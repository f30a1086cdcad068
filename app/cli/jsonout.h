// SPDX-License-Identifier: Apache-2.0
#pragma once

// The --json conventions of every command, in one place (documented in the man page's JSON
// OUTPUT section; renames in CHANGELOG.md):
// - keys in snake_case; every key of a command's object is always present, null when the value
//   is known to be absent (no cached token, a kind without a certificate);
// - times as ISO-8601 UTC to the second with a Z ("2026-12-02T04:29:30Z"), in keys ending in
//   _at; durations in whole seconds, in keys ending in _s;
// - enumerated values (kind, severity, code) are stable snake_case English words;
// - messages are English whatever the language (with --json the whole command speaks English,
//   stderr included), and each problem or error carries a stable `code`;
// - an error is {"error": {"code", "message", "ims"}} on stdout unless the command already
//   printed its output, and its one line still goes to stderr.

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

#include <optional>

namespace aem {

struct ImsError;
enum class CredentialKind;
enum class FailureCause;

namespace cli {

QJsonValue stringOrNull(const QString& s);
QJsonValue urlOrNull(const QUrl& u);
// A positive number, or null for 0 (unknown program or environment).
QJsonValue idOrNull(int id);
// Whole seconds from `now` to `t` (negative once past), or null for an invalid `t`.
QJsonValue secondsOrNull(const QDateTime& now, const QDateTime& t);
// "service", "local_dev", "oauth_s2s".
QString kindJson(CredentialKind k);

// The stable code of an IMS failure: "dns_failure", "connection_refused", "proxy_error",
// "network_error", "timeout", "tls_error", "ims_bad_response", "cancelled", and for IMS's own
// refusals "ims_" + its error ("ims_invalid_client"), or "ims_http_error" when it gave none.
QString imsErrorCode(const ImsError& e);
// The code of a failure that is not IMS's: "cancelled", "keychain_locked",
// "keychain_unavailable", "keychain_denied", else `fallback`.
QString failureCode(FailureCause cause, const QString& fallback);
// What IMS said, for the error object: {http_status, error, error_description, debug_id,
// attempts}; null when IMS was not involved.
QJsonValue imsErrorJson(const std::optional<ImsError>& e);
// {"error": {"code": ..., "message": ..., "ims": ...}}, one line.
QByteArray errorJson(const QString& code, const QString& message, const QJsonValue& ims = QJsonValue::Null);

// Messages in English (the C locale for the C library's too), or back in the user's language.
void useEnglishMessages(bool english);

} // namespace cli
} // namespace aem
