// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kind of AEM environment a credential opens, as the user says it is: development, stage
// or production (or not said). Stored in the credential's record as "envType"; a value this
// version does not know (written by a newer one) is kept as it was and reported, never dropped.

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace aem {

struct CredentialRecord;

enum class EnvType { None, Development, Stage, Production, Unknown };

// "development", "stage", "production", "" for None; the stored raw text for Unknown is the
// record's business.
QString envTypeId(EnvType t);
// The ids a user may give (the command line's --env-type): the three types and "none".
QStringList envTypeChoices();
// From an id as above ("none" and "" give None); nullopt for anything else.
std::optional<EnvType> envTypeFromId(const QString& id);
// The badge's text in the language shown: "Production", "Stage", "Development", "" for None.
QString envTypeLabel(EnvType t);

// The type the name or the hosts suggest ("shop-prod", "Stage author", "author-…-dev…",
// localhost): words, not any substring ("preprod" is stage, "devices" nothing). None when
// nothing says.
EnvType suggestEnvType(const QString& name, const QStringList& hosts = {});
EnvType suggestEnvType(const CredentialRecord& r);

// The type that rules a record: the one the user chose, else (nothing chosen) the suggested one,
// then `*suggested` is set. None when neither says.
EnvType effectiveEnvType(const CredentialRecord& r, bool* suggested = nullptr);

// The request tester's rule: sending anything but GET, HEAD or OPTIONS with a production
// credential's token asks the user first.
bool needsProductionConfirmation(EnvType t, const QString& method);
// The same for a record by its effective type: a production suggested by its name or hosts asks
// too, until the user chooses a type (the list shows that suggestion greyed).
bool needsProductionConfirmation(const CredentialRecord& r, const QString& method);

// Program and environment of a record: from its client id ("cm-p<P>-e<E>-…") or, failing that,
// from its author/publish/preview host ("author-p<P>-e<E>.adobeaemcloud.com"). {0, 0} when unknown.
std::pair<int, int> programAndEnvironment(const CredentialRecord& r);

} // namespace aem
