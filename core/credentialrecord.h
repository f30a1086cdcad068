#pragma once

// One stored credential's non-secret metadata, as kept in credentials.json. Its secrets live
// in the keychain under keys derived from `id`.

#include "credentials.h"
#include "environment.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

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

// Names are used on command lines and in file names: letters, digits, '.', '_' and '-'.
bool isValidCredentialName(const QString& name);

// ISO 8601 in UTC with milliseconds; empty for an invalid time.
QString isoUtc(const QDateTime& t);
// The reverse, for a JSON value: invalid when it is not such a string.
QDateTime fromIsoUtc(const QJsonValue& v);

} // namespace aem
