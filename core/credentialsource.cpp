// SPDX-License-Identifier: Apache-2.0
#include "credentialsource.h"

namespace aem {

std::optional<CredentialRecord> CredentialSource::byId(const QString& id) const
{
    for (const CredentialRecord& r : credentials())
        if (r.id == id)
            return r;
    return std::nullopt;
}

std::optional<CredentialRecord> CredentialSource::byName(const QString& name) const
{
    const QList<CredentialRecord> all = credentials();
    for (const CredentialRecord& r : all)
        if (r.name == name)
            return r;
    // Names are unique without regard to case: "prod" finds "Prod" (unless an older file holds
    // both, when only the exact name is sure).
    std::optional<CredentialRecord> found;
    for (const CredentialRecord& r : all) {
        if (sameCredentialName(r.name, name)) {
            if (found)
                return std::nullopt;
            found = r;
        }
    }
    return found;
}

} // namespace aem
