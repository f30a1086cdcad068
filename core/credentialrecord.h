// SPDX-License-Identifier: Apache-2.0
#pragma once

// One stored credential's non-secret metadata, as kept in credentials.json. Its secrets live
// in the keychain under keys derived from `id`.

#include "credentialname.h"
#include "credentials.h"
#include "environment.h"
#include "envtype.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <concepts>
#include <optional>
#include <type_traits>

namespace aem {

struct CredentialRecord
{
    QString id; // random, names the keychain entries; a new one on every import
    QString name;
    CredentialKind kind = CredentialKind::Service;
    QDateTime importedAt;
    Environment environment;

    // Service credentials (nothing secret).
    QString imsEndpoint;
    QString clientId;
    QString email;
    QString technicalAccountId;
    QString org;
    QStringList metascopes;
    QByteArray certificatePem;
    QDateTime certificateNotAfter;
    QString certificateFingerprint;

    // Local development token (the token itself is secret and lives in the keychain).
    QString tokenUserId;
    QString tokenClientId;
    QDateTime localTokenCreatedAt;
    QDateTime localTokenExpiresAt;

    // Local AEM target: the HTTP Basic user (empty: no sign-in, and no keychain item). Its
    // password lives in the keychain.
    QString basicUser;

    // What the user says the environment is (optional). For a value this version does not know,
    // envType is Unknown and envTypeRaw holds it exactly as read, to be written back.
    EnvType envType = EnvType::None;
    QJsonValue envTypeRaw;
    // Members of the stored record this version does not know (a newer one wrote them): kept
    // and written back unchanged.
    QJsonObject otherMembers;

    // The environment type as text: its id, or for Unknown the stored value ("qa", or JSON).
    QString envTypeText() const;

    QString secretKey() const { return secretKeyFor(id); }
    QString accessTokenKey() const { return accessTokenKeyFor(id); }
    static QString secretKeyFor(const QString& id) { return id + QStringLiteral("/credential"); }
    static QString accessTokenKeyFor(const QString& id) { return id + QStringLiteral("/access-token"); }
    // The record id a keychain key of ours belongs to (empty when it is not one of ours).
    static QString idOfKey(const QString& key);

    QJsonObject toJson() const;
    // nullopt when the record cannot be understood; `why` says what is wrong with it.
    static std::optional<CredentialRecord> fromJson(const QJsonObject& o, QString* why = nullptr);
};

// The fields a record keeps of the Developer Console credential it was imported from (nothing
// secret), as pairs: `visit(recordField, credentialField)`. One list serves import (credential
// to record) and the checks of a stored credential (record to credential).
template<class Record, class Credential, class Visit>
requires std::same_as<std::remove_const_t<Credential>,
                      ServiceCredential> || std::same_as<std::remove_const_t<Credential>, OAuthCredential>
void visitRecordFields(Record& rec, Credential& c, Visit&& visit)
{
    visit(rec.imsEndpoint, c.imsEndpoint);
    visit(rec.clientId, c.clientId);
    visit(rec.technicalAccountId, c.technicalAccountId);
    if constexpr (std::same_as<std::remove_const_t<Credential>, OAuthCredential>) {
        visit(rec.email, c.technicalAccountEmail);
        visit(rec.org, c.orgId);
        visit(rec.metascopes, c.scopes);
    } else {
        visit(rec.email, c.email);
        visit(rec.org, c.org);
        visit(rec.metascopes, c.metascopes);
        visit(rec.certificatePem, c.certificatePem);
    }
}
// Copies those fields one way or the other.
template<class Credential> void copyToRecord(const Credential& c, CredentialRecord& rec)
{
    visitRecordFields(rec, c, [](auto& r, const auto& v) { r = v; });
}
template<class Credential> void copyFromRecord(const CredentialRecord& rec, Credential& c)
{
    visitRecordFields(rec, c, [](const auto& r, auto& v) { v = r; });
}

// The name an import of `c` takes when it is given none: its client id, "local-dev" or "local".
QString defaultCredentialName(const ParsedCredential& c);
// The record that an import under the default name `name` (above) replaces, if any: for a
// credential that mints, the last one of its kind with that client id, whatever it is called;
// else the record called `name`.
std::optional<CredentialRecord> recordReplacedBy(CredentialKind kind, const QString& name,
                                                 const QList<CredentialRecord>& records);

// ISO 8601 in UTC with milliseconds; empty for an invalid time.
QString isoUtc(const QDateTime& t);
// The same to the second ("2026-01-31T12:00:00Z"), as messages and the CLI show times.
QString isoUtcSeconds(const QDateTime& t);
// The reverse, for a JSON value: invalid when it is not such a string.
QDateTime fromIsoUtc(const QJsonValue& v);

} // namespace aem
