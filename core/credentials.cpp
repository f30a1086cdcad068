// SPDX-License-Identifier: Apache-2.0
#include "credentials.h"

#include "credentialcheck.h"

#include "clock.h"
#include "countdown.h"
#include "credentialrecord.h"
#include "httpsyntax.h"
#include "jsontext.h"
#include "jwt.h"
#include "processhygiene.h"
#include "wording.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Credentials)
};

// Deepest nesting of arrays/objects, counted outside strings; stops early past `limit`.
int jsonDepth(const QByteArray& json, int limit)
{
    int depth = 0, maxDepth = 0;
    JsonStringTracker strings;
    for (const char c : json) {
        if (strings.inString(c))
            continue;
        if (c == '{' || c == '[') {
            maxDepth = std::max(maxDepth, ++depth);
            if (maxDepth > limit)
                return maxDepth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return maxDepth;
}

class Reader : public detail::ProblemList
{
public:
    using ProblemList::ProblemList;

    // A required, non-empty string field of `obj`.
    QString string(const QJsonObject& obj, const QString& key, const QString& parent = {}, bool required = true)
    {
        const QString field = parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
        const QJsonValue v = obj.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                error("missing_field", field, Tr::tr("is missing"));
            return {};
        }
        if (!v.isString()) {
            error("wrong_type", field, Tr::tr("must be a string"));
            return {};
        }
        const QString s = v.toString();
        if (s.trimmed().isEmpty() && required)
            error("empty_field", field, Tr::tr("is empty"));
        return s;
    }
};

QStringList readMetascopes(const QJsonValue& v, Reader& r)
{
    QStringList out;
    if (v.isUndefined() || v.isNull()) {
        r.error("missing_field", QStringLiteral("metascopes"), Tr::tr("is missing"));
        return out;
    }
    if (v.isString()) {
        for (const QString& part : v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                out << part.trimmed();
    } else if (v.isArray()) {
        for (const QJsonValue& e : v.toArray()) {
            if (!e.isString()) {
                r.error("wrong_type", QStringLiteral("metascopes"), Tr::tr("must be a string or an array of strings"));
                return {};
            }
            if (!e.toString().trimmed().isEmpty())
                out << e.toString().trimmed();
        }
    } else {
        r.error("wrong_type", QStringLiteral("metascopes"), Tr::tr("must be a string or an array of strings"));
        return out;
    }
    if (out.isEmpty())
        r.error("empty_field", QStringLiteral("metascopes"), Tr::tr("is empty"));
    out.removeDuplicates();
    return out;
}

QString normaliseImsEndpoint(QString s, Reader& r)
{
    s = s.trimmed();
    if (s.startsWith(QLatin1String("https://")))
        s = s.mid(8);
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    static const QRegularExpression hostPort(QStringLiteral("^[A-Za-z0-9.-]+(:\\d{1,5})?$"));
    if (!s.isEmpty() && !hostPort.match(s).hasMatch()) {
        r.error("invalid_ims_endpoint", QStringLiteral("imsEndpoint"),
                Tr::tr("must be a host name such as ims-na1.adobelogin.com"));
        return {};
    }
    return s;
}

void parseService(const QJsonObject& obj, Reader& r, const Clock& clock, ParsedCredential& out)
{
    ServiceCredential& s = out.service;
    const QString ims = r.string(obj, QStringLiteral("imsEndpoint"));
    if (!ims.isEmpty())
        s.imsEndpoint = normaliseImsEndpoint(ims, r);
    s.metascopes = readMetascopes(obj.value(QLatin1String("metascopes")), r);

    const QJsonValue ta = obj.value(QLatin1String("technicalAccount"));
    if (ta.isUndefined() || ta.isNull()) {
        r.error("missing_field", QStringLiteral("technicalAccount"), Tr::tr("is missing"));
    } else if (!ta.isObject()) {
        r.error("wrong_type", QStringLiteral("technicalAccount"), Tr::tr("must be an object"));
    } else {
        const QJsonObject t = ta.toObject();
        s.clientId = r.string(t, QStringLiteral("clientId"), QStringLiteral("technicalAccount")).trimmed();
        s.clientSecret = r.string(t, QStringLiteral("clientSecret"), QStringLiteral("technicalAccount")).toUtf8();
    }
    s.email = r.string(obj, QStringLiteral("email"), {}, false).trimmed();
    if (s.email.isEmpty())
        r.warning("missing_aem_user", QStringLiteral("email"), detail::missingAemUser());
    s.technicalAccountId = r.string(obj, QStringLiteral("id")).trimmed();
    s.org = r.string(obj, QStringLiteral("org")).trimmed();

    s.privateKeyPem = r.string(obj, QStringLiteral("privateKey")).toUtf8();
    detail::checkPrivateKey(out, r);
    s.certificatePem = r.string(obj, QStringLiteral("publicKey")).toUtf8();
    detail::checkCertificate(out, r, clock);

    if (out.certificate) {
        const CertificateInfo info = out.certificate->info();
        const QJsonValue ced = obj.value(QLatin1String("certificateExpirationDate"));
        if (ced.isString()) {
            const QDateTime d = QDateTime::fromString(ced.toString(), Qt::ISODateWithMs);
            if (!d.isValid())
                r.warning("invalid_date", QStringLiteral("certificateExpirationDate"),
                          Tr::tr("is not an ISO 8601 date; ignored"));
            else if (std::abs(d.secsTo(info.notAfter)) > 24 * 3600)
                r.warning(
                    "certificate_date_mismatch", QStringLiteral("certificateExpirationDate"),
                    Tr::tr("does not agree with the certificate (which expires %1)").arg(isoUtcSeconds(info.notAfter)));
            else
                s.certificateExpirationDate = d.toUTC();
        }
    }
}

void parseLocalDev(const QJsonObject& root, Reader& r, const Clock& clock, ParsedCredential& out)
{
    const QString token = r.string(root, QStringLiteral("accessToken")).trimmed();
    if (token.isEmpty())
        return;
    detail::checkLocalDevToken(token, out, r, clock);
}

// The object holding OAuth Server-to-Server fields: the document itself, or (in a Developer
// Console project export) the first nested object with "client_secrets". Returns the object and
// its JSON path.
std::optional<std::pair<QJsonObject, QString>> findOAuthObject(const QJsonObject& o, const QString& path, int depth)
{
    if (o.contains(QLatin1String("client_secrets"))
        || (o.contains(QLatin1String("client_id")) && o.contains(QLatin1String("scopes"))))
        return std::make_pair(o, path);
    if (depth > 8)
        return std::nullopt;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString p = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
        if (it->isObject()) {
            if (auto found = findOAuthObject(it->toObject(), p, depth + 1))
                return found;
        } else if (it->isArray()) {
            const QJsonArray a = it->toArray();
            for (int i = 0; i < a.size(); ++i)
                if (a[i].isObject())
                    if (auto found = findOAuthObject(a[i].toObject(), p + QStringLiteral("[%1]").arg(i), depth + 1))
                        return found;
        }
    }
    return std::nullopt;
}

// An org id may sit beside the credential (flat files) or at the top (project exports).
QString findString(const QJsonObject& o, const QString& key, int depth = 0)
{
    if (o.value(key).isString())
        return o.value(key).toString();
    if (depth > 8)
        return {};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        if (it->isObject())
            if (const QString v = findString(it->toObject(), key, depth + 1); !v.isEmpty())
                return v;
    return {};
}

void parseOAuth(const QJsonObject& root, const QJsonObject& obj, Reader& r, ParsedCredential& out)
{
    OAuthCredential& c = out.oauth;
    c.clientId = r.string(obj, QStringLiteral("client_id")).trimmed();
    const QJsonValue secrets = obj.value(QLatin1String("client_secrets"));
    if (secrets.isArray()) {
        for (const QJsonValue& v : secrets.toArray()) {
            if (!v.isString() || v.toString().trimmed().isEmpty()) {
                r.error("empty_field", QStringLiteral("client_secrets"), Tr::tr("must hold non-empty strings"));
                return;
            }
            c.clientSecrets << v.toString().trimmed().toUtf8();
        }
    } else if (obj.value(QLatin1String("client_secret")).isString()) {
        c.clientSecrets << obj.value(QLatin1String("client_secret")).toString().trimmed().toUtf8();
    } else if (secrets.isUndefined()) {
        r.error("missing_field", QStringLiteral("client_secrets"), Tr::tr("is missing"));
    } else {
        r.error("wrong_type", QStringLiteral("client_secrets"), Tr::tr("must be an array of strings"));
    }
    if (c.clientSecrets.isEmpty() && secrets.isArray())
        r.error("empty_field", QStringLiteral("client_secrets"), Tr::tr("is empty"));
    c.orgId = obj.value(QLatin1String("ims_org_id")).toString();
    if (c.orgId.isEmpty())
        c.orgId = findString(root, QStringLiteral("ims_org_id"));
    if (c.orgId.isEmpty())
        r.warning("missing_field", QStringLiteral("ims_org_id"), Tr::tr("is missing"));
    c.technicalAccountId = r.string(obj, QStringLiteral("technical_account_id"), {}, false).trimmed();
    c.technicalAccountEmail = r.string(obj, QStringLiteral("technical_account_email"), {}, false).trimmed();
    if (c.technicalAccountEmail.isEmpty())
        r.warning("missing_aem_user", QStringLiteral("technical_account_email"), detail::missingAemUser());
    const QJsonValue scopes = obj.value(QLatin1String("scopes"));
    if (scopes.isArray()) {
        for (const QJsonValue& v : scopes.toArray())
            if (v.isString() && !v.toString().trimmed().isEmpty())
                c.scopes << v.toString().trimmed();
    } else if (scopes.isString()) {
        for (const QString& part : scopes.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.scopes << part.trimmed();
    }
    if (c.scopes.isEmpty())
        r.error(scopes.isUndefined() ? "missing_field" : "empty_field", QStringLiteral("scopes"),
                scopes.isUndefined() ? Tr::tr("is missing") : Tr::tr("is empty"));
    if (const QString ims = obj.value(QLatin1String("ims_endpoint")).toString(); !ims.isEmpty())
        c.imsEndpoint = normaliseImsEndpoint(ims, r);
}

} // namespace

QString kindId(CredentialKind k)
{
    switch (k) {
    case CredentialKind::Service: return QStringLiteral("service");
    case CredentialKind::LocalDev: return QStringLiteral("local-dev");
    case CredentialKind::Local: return QStringLiteral("local");
    case CredentialKind::OAuth: break;
    }
    return QStringLiteral("oauth-s2s");
}

std::optional<CredentialKind> kindFromId(const QString& id)
{
    for (CredentialKind k :
         {CredentialKind::Service, CredentialKind::LocalDev, CredentialKind::OAuth, CredentialKind::Local})
        if (kindId(k) == id)
            return k;
    return std::nullopt;
}

QString Problem::toString() const
{
    const QString text = field.isEmpty() ? message : field + QStringLiteral(": ") + message;
    return severity == Warning ? Tr::tr("warning: ") + text : text;
}

QDebug operator<<(QDebug d, const Problem& p)
{
    QDebugStateSaver s(d);
    d.nospace() << "Problem(" << p.toString() << ')';
    return d;
}

QString ParseResult::firstError() const
{
    for (const Problem& p : problems)
        if (p.severity == Problem::Error)
            return p.toString();
    return {};
}

ParseResult parseCredentialJson(const QByteArray& json, const Clock& clock)
{
    ParseResult result;
    Reader root(result.problems, {});
    if (json.size() > kMaxCredentialFileSize) {
        root.error("file_too_large", {}, Tr::tr("the file is larger than 1 MiB; credential files are a few kilobytes"));
        return result;
    }
    if (json.trimmed().isEmpty()) {
        root.error("file_empty", {}, Tr::tr("the file is empty"));
        return result;
    }
    if (jsonDepth(json, kMaxJsonDepth) > kMaxJsonDepth) {
        root.error("json_too_deep", {}, Tr::tr("the JSON is nested too deeply"));
        return result;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        root.error("invalid_json", {}, Tr::tr("not valid JSON (%1 at offset %2)").arg(pe.errorString()).arg(pe.offset),
                   jsonErrorHeadline(pe, json.trimmed().size()));
        return result;
    }
    if (!doc.isObject()) {
        root.error("not_an_object", {}, Tr::tr("not a JSON object"));
        return result;
    }
    const QJsonObject top = doc.object();
    if (top.value(QLatin1String("ok")).isBool() && !top.value(QLatin1String("ok")).toBool()) {
        QString detail;
        for (const char* k : {"error", "message", "error_description"})
            if (top.value(QLatin1String(k)).isString())
                detail = top.value(QLatin1String(k)).toString().left(200);
        const int status = top.value(QLatin1String("statusCode")).toInt();
        root.error("console_error", QStringLiteral("ok"),
                   Tr::tr("the Developer Console answered with an error (status %1%2), not credentials")
                       .arg(status)
                       .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
        return result;
    }

    ParsedCredential cred;
    const auto oauth = top.contains(QLatin1String("integration")) || top.contains(QLatin1String("accessToken"))
        ? std::nullopt
        : findOAuthObject(top, {}, 0);
    if (oauth) {
        cred.kind = CredentialKind::OAuth;
        Reader r(result.problems, oauth->second.isEmpty() ? QString() : oauth->second + QLatin1Char('.'));
        parseOAuth(top, oauth->first, r, cred);
    } else if (top.contains(QLatin1String("accessToken"))) {
        cred.kind = CredentialKind::LocalDev;
        parseLocalDev(top, root, clock, cred);
    } else {
        QJsonObject integration;
        QString prefix;
        if (top.contains(QLatin1String("integration"))) {
            if (!top.value(QLatin1String("integration")).isObject()) {
                root.error("wrong_type", QStringLiteral("integration"), Tr::tr("must be an object"));
                return result;
            }
            integration = top.value(QLatin1String("integration")).toObject();
            prefix = QStringLiteral("integration.");
        } else if (top.contains(QLatin1String("technicalAccount")) || top.contains(QLatin1String("privateKey"))
                   || top.contains(QLatin1String("imsEndpoint"))) {
            integration = top;
        } else {
            root.error(
                "unknown_format", {},
                Tr::tr("neither service credentials (no \"integration\"), OAuth Server-to-Server credentials (no "
                       "\"client_secrets\") nor a local development token (no \"accessToken\")"));
            return result;
        }
        cred.kind = CredentialKind::Service;
        Reader r(result.problems, prefix);
        parseService(integration, r, clock, cred);
    }
    const bool hasError = std::any_of(result.problems.cbegin(), result.problems.cend(),
                                      [](const Problem& p) { return p.severity == Problem::Error; });
    if (!hasError)
        result.credential = std::move(cred);
    return result;
}

QByteArray CredentialSecrets::toJson() const
{
    QJsonObject o;
    if (!privateKeyPem.isEmpty())
        o.insert(QLatin1String("privateKey"), QString::fromUtf8(privateKeyPem));
    if (!clientSecret.isEmpty())
        o.insert(QLatin1String("clientSecret"), QString::fromUtf8(clientSecret));
    if (!localDevToken.isEmpty())
        o.insert(QLatin1String("accessToken"), QString::fromLatin1(localDevToken));
    if (!clientSecrets.isEmpty()) {
        QJsonArray a;
        for (const QByteArray& s : clientSecrets)
            a.append(QString::fromUtf8(s));
        o.insert(QLatin1String("clientSecrets"), a);
    }
    if (!basicPassword.isEmpty())
        o.insert(QLatin1String("password"), QString::fromUtf8(basicPassword));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<CredentialSecrets> CredentialSecrets::fromJson(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    CredentialSecrets s;
    s.privateKeyPem = o.value(QLatin1String("privateKey")).toString().toUtf8();
    s.clientSecret = o.value(QLatin1String("clientSecret")).toString().toUtf8();
    s.localDevToken = o.value(QLatin1String("accessToken")).toString().toLatin1();
    for (const QJsonValue& v : o.value(QLatin1String("clientSecrets")).toArray())
        s.clientSecrets << v.toString().toUtf8();
    s.basicPassword = o.value(QLatin1String("password")).toString().toUtf8();
    return s;
}

QByteArray oauthCredentialJson(const OAuthCredential& c)
{
    QJsonArray secrets;
    for (const QByteArray& secret : c.clientSecrets)
        secrets.append(QString::fromUtf8(secret));
    const QJsonObject o {{QStringLiteral("client_id"), c.clientId},
                         {QStringLiteral("client_secrets"), secrets},
                         {QStringLiteral("ims_org_id"), c.orgId},
                         {QStringLiteral("technical_account_id"), c.technicalAccountId},
                         {QStringLiteral("technical_account_email"), c.technicalAccountEmail},
                         {QStringLiteral("scopes"), QJsonArray::fromStringList(c.scopes)},
                         {QStringLiteral("ims_endpoint"), c.imsEndpoint}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

void CredentialSecrets::wipe()
{
    // wipeSecret: a buffer still shared (a copy handed on) is left to its last owner; fill('\0')
    // would have zeroed a fresh copy of it instead and left the buffer that holds the secret.
    for (QByteArray* b : {&privateKeyPem, &clientSecret, &localDevToken, &basicPassword})
        wipeSecret(*b);
    for (QByteArray& b : clientSecrets)
        wipeSecret(b);
    clientSecrets.clear();
}

} // namespace aem
