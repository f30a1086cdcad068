// SPDX-License-Identifier: Apache-2.0
#include "envtype.h"

#include "credentialrecord.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::EnvType)
};

} // namespace

QString envTypeId(EnvType t)
{
    switch (t) {
    case EnvType::Development: return QStringLiteral("development");
    case EnvType::Stage: return QStringLiteral("stage");
    case EnvType::Production: return QStringLiteral("production");
    case EnvType::None:
    case EnvType::Unknown: break;
    }
    return {};
}

QStringList envTypeChoices()
{
    return {QStringLiteral("production"), QStringLiteral("stage"), QStringLiteral("development"),
            QStringLiteral("none")};
}

std::optional<EnvType> envTypeFromId(const QString& id)
{
    if (id.isEmpty() || id == QLatin1String("none"))
        return EnvType::None;
    for (const EnvType t : {EnvType::Development, EnvType::Stage, EnvType::Production})
        if (id == envTypeId(t))
            return t;
    return std::nullopt;
}

QString envTypeLabel(EnvType t)
{
    switch (t) {
    case EnvType::Development: return Tr::tr("Development");
    case EnvType::Stage: return Tr::tr("Stage");
    case EnvType::Production: return Tr::tr("Production");
    case EnvType::Unknown: return Tr::tr("Other");
    case EnvType::None: break;
    }
    return {};
}

EnvType suggestEnvType(const QString& name, const QStringList& hosts)
{
    // Whole words only, in any case; letters on either side make another word.
    static const QRegularExpression prod(QStringLiteral("(?<![a-z])(prod|production|prd|live)(?![a-z])"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression stage(QStringLiteral("(?<![a-z])(stage|staging|stg|preprod|uat|qa)(?![a-z])"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dev(QStringLiteral("(?<![a-z])(dev|develop|development|local|localhost)(?![a-z])"),
                                        QRegularExpression::CaseInsensitiveOption);
    QStringList texts {name};
    texts += hosts;
    // Stage before production: "stage of prod" is not production.
    for (const auto& [re, type] : {std::pair {&stage, EnvType::Stage}, std::pair {&prod, EnvType::Production},
                                   std::pair {&dev, EnvType::Development}})
        for (const QString& t : std::as_const(texts))
            if (!t.isEmpty() && re->match(t).hasMatch())
                return type;
    return EnvType::None;
}

EnvType suggestEnvType(const CredentialRecord& r)
{
    QStringList hosts;
    for (const QUrl& u : {r.environment.author, r.environment.publish, r.environment.preview})
        if (!u.host().isEmpty())
            hosts << u.host();
    return suggestEnvType(r.name, hosts);
}

EnvType effectiveEnvType(const CredentialRecord& r, bool* suggested)
{
    if (suggested)
        *suggested = false;
    if (r.envType != EnvType::None)
        return r.envType;
    const EnvType s = suggestEnvType(r);
    if (suggested)
        *suggested = s != EnvType::None;
    return s;
}

bool needsProductionConfirmation(const CredentialRecord& r, const QString& method)
{
    return needsProductionConfirmation(effectiveEnvType(r), method);
}

bool needsProductionConfirmation(EnvType t, const QString& method)
{
    if (t != EnvType::Production)
        return false;
    const QString m = method.trimmed().toUpper();
    return m != QLatin1String("GET") && m != QLatin1String("HEAD") && m != QLatin1String("OPTIONS");
}

std::pair<int, int> programAndEnvironment(const CredentialRecord& r)
{
    if (r.environment.isKnown())
        return {r.environment.program, r.environment.environment};
    static const QRegularExpression host(QStringLiteral("^(?:author|publish|preview)-p(\\d+)-e(\\d+)\\."),
                                         QRegularExpression::CaseInsensitiveOption);
    for (const QUrl& u : {r.environment.author, r.environment.publish, r.environment.preview}) {
        const auto m = host.match(u.host());
        if (m.hasMatch() && m.captured(1).toInt() > 0 && m.captured(2).toInt() > 0)
            return {m.captured(1).toInt(), m.captured(2).toInt()};
    }
    return {0, 0};
}

} // namespace aem
