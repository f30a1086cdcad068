// SPDX-License-Identifier: Apache-2.0
#include "credentialrecord.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::CredentialRecord)
};

QString url(const QUrl& u)
{
    return u.isValid() ? u.toString() : QString();
}

} // namespace

QDateTime fromIsoUtc(const QJsonValue& v)
{
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString isoUtcSeconds(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString defaultCredentialName(const ParsedCredential& c)
{
    switch (c.kind) {
    case CredentialKind::Service: return c.service.clientId;
    case CredentialKind::OAuth: return c.oauth.clientId;
    case CredentialKind::Local: return QStringLiteral("local");
    case CredentialKind::LocalDev: break;
    }
    return QStringLiteral("local-dev");
}

std::optional<CredentialRecord> recordReplacedBy(CredentialKind kind, const QString& name,
                                                 const QList<CredentialRecord>& records)
{
    std::optional<CredentialRecord> found;
    for (const CredentialRecord& r : records) {
        if (!canMint(kind) && r.name == name)
            return r;
        if (canMint(kind) && r.kind == kind && r.clientId == name)
            found = r;
    }
    return found;
}

QString CredentialRecord::envTypeText() const
{
    if (envType != EnvType::Unknown)
        return envTypeId(envType);
    if (envTypeRaw.isString())
        return envTypeRaw.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray {envTypeRaw}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString CredentialRecord::idOfKey(const QString& key)
{
    for (const QLatin1String suffix : {QLatin1String("/credential"), QLatin1String("/access-token")})
        if (key.endsWith(suffix) && key.size() > suffix.size())
            return key.left(key.size() - suffix.size());
    return {};
}

QJsonObject CredentialRecord::toJson() const
{
    QJsonObject o = otherMembers;
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("kind"), kindId(kind));
    o.insert(QStringLiteral("importedAt"), isoUtc(importedAt));
    o.insert(QStringLiteral("author"), url(environment.author));
    o.insert(QStringLiteral("publish"), url(environment.publish));
    o.insert(QStringLiteral("preview"), url(environment.preview));
    // Optional: absent when not said, so files without it read as before.
    if (envType == EnvType::Unknown)
        o.insert(QStringLiteral("envType"), envTypeRaw);
    else if (envType != EnvType::None)
        o.insert(QStringLiteral("envType"), envTypeId(envType));
    if (canMint(kind)) {
        o.insert(QStringLiteral("imsEndpoint"), imsEndpoint);
        o.insert(QStringLiteral("clientId"), clientId);
        o.insert(QStringLiteral("email"), email);
        o.insert(QStringLiteral("technicalAccountId"), technicalAccountId);
        o.insert(QStringLiteral("org"), org);
        o.insert(kind == CredentialKind::OAuth ? QStringLiteral("scopes") : QStringLiteral("metascopes"),
                 QJsonArray::fromStringList(metascopes));
    }
    if (kind == CredentialKind::Service) {
        o.insert(QStringLiteral("certificate"), QString::fromLatin1(certificatePem));
        o.insert(QStringLiteral("certificateNotAfter"), isoUtc(certificateNotAfter));
        o.insert(QStringLiteral("certificateFingerprint"), certificateFingerprint);
    } else if (kind == CredentialKind::LocalDev) {
        o.insert(QStringLiteral("tokenUserId"), tokenUserId);
        o.insert(QStringLiteral("tokenClientId"), tokenClientId);
        o.insert(QStringLiteral("tokenCreatedAt"), isoUtc(localTokenCreatedAt));
        o.insert(QStringLiteral("tokenExpiresAt"), isoUtc(localTokenExpiresAt));
    } else if (kind == CredentialKind::Local && !basicUser.isEmpty()) {
        o.insert(QStringLiteral("basicUser"), basicUser);
    }
    return o;
}

std::optional<CredentialRecord> CredentialRecord::fromJson(const QJsonObject& o, QString* why)
{
    auto refuse = [why](const QString& m) {
        if (why)
            *why = m;
        return std::nullopt;
    };
    CredentialRecord r;
    r.id = o.value(QLatin1String("id")).toString();
    r.name = o.value(QLatin1String("name")).toString();
    const QString kind = o.value(QLatin1String("kind")).toString();
    if (r.id.isEmpty())
        return refuse(Tr::tr("it has no id"));
    if (!isValidCredentialName(r.name))
        return refuse(Tr::tr("its name \"%1\" is not one this program accepts").arg(r.name));
    const auto k = kindFromId(kind);
    if (!k)
        return refuse(Tr::tr("its kind \"%1\" is unknown to this program").arg(kind));
    r.kind = *k;
    r.importedAt = fromIsoUtc(o.value(QLatin1String("importedAt")));
    r.clientId = o.value(QLatin1String("clientId")).toString();
    r.environment = Environment::fromClientId(r.clientId);
    r.environment.author = QUrl(o.value(QLatin1String("author")).toString());
    r.environment.publish = QUrl(o.value(QLatin1String("publish")).toString());
    r.environment.preview = QUrl(o.value(QLatin1String("preview")).toString());
    r.imsEndpoint = o.value(QLatin1String("imsEndpoint")).toString();
    r.email = o.value(QLatin1String("email")).toString();
    r.technicalAccountId = o.value(QLatin1String("technicalAccountId")).toString();
    r.org = o.value(QLatin1String("org")).toString();
    for (const QJsonValue& v :
         o.value(r.kind == CredentialKind::OAuth ? QLatin1String("scopes") : QLatin1String("metascopes")).toArray())
        r.metascopes << v.toString();
    r.certificatePem = o.value(QLatin1String("certificate")).toString().toLatin1();
    r.certificateNotAfter = fromIsoUtc(o.value(QLatin1String("certificateNotAfter")));
    r.certificateFingerprint = o.value(QLatin1String("certificateFingerprint")).toString();
    r.tokenUserId = o.value(QLatin1String("tokenUserId")).toString();
    r.tokenClientId = o.value(QLatin1String("tokenClientId")).toString();
    r.localTokenCreatedAt = fromIsoUtc(o.value(QLatin1String("tokenCreatedAt")));
    r.localTokenExpiresAt = fromIsoUtc(o.value(QLatin1String("tokenExpiresAt")));
    if (r.kind == CredentialKind::Local)
        r.basicUser = o.value(QLatin1String("basicUser")).toString();
    const QJsonValue envType = o.value(QLatin1String("envType"));
    if (!envType.isUndefined() && !envType.isNull()) {
        const auto t = envType.isString() ? envTypeFromId(envType.toString()) : std::nullopt;
        // "none" is not written; an empty or unknown value is kept exactly.
        if (t && *t != EnvType::None) {
            r.envType = *t;
        } else {
            r.envType = EnvType::Unknown;
            r.envTypeRaw = envType;
        }
    }
    static const QStringList known {QStringLiteral("id"),
                                    QStringLiteral("name"),
                                    QStringLiteral("kind"),
                                    QStringLiteral("importedAt"),
                                    QStringLiteral("author"),
                                    QStringLiteral("publish"),
                                    QStringLiteral("preview"),
                                    QStringLiteral("imsEndpoint"),
                                    QStringLiteral("clientId"),
                                    QStringLiteral("email"),
                                    QStringLiteral("technicalAccountId"),
                                    QStringLiteral("org"),
                                    QStringLiteral("scopes"),
                                    QStringLiteral("metascopes"),
                                    QStringLiteral("certificate"),
                                    QStringLiteral("certificateNotAfter"),
                                    QStringLiteral("certificateFingerprint"),
                                    QStringLiteral("tokenUserId"),
                                    QStringLiteral("tokenClientId"),
                                    QStringLiteral("tokenCreatedAt"),
                                    QStringLiteral("tokenExpiresAt"),
                                    QStringLiteral("basicUser"),
                                    QStringLiteral("envType")};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        if (!known.contains(it.key()) || (it.key() == QLatin1String("basicUser") && r.kind != CredentialKind::Local))
            r.otherMembers.insert(it.key(), it.value());
    return r;
}

} // namespace aem
