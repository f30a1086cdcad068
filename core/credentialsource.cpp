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
    for (const CredentialRecord& r : credentials())
        if (r.name == name)
            return r;
    return std::nullopt;
}

} // namespace aem
