// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a server may hand the tools as the next request (an endpoint, a folder's link, a hit's
// path): only a path on the AEM that answered, never another host nor a climb up the tree.

#include <QString>

namespace aem {

// Whether `url` is a path on the AEM the request goes to, nothing that could take the token
// elsewhere or up the tree: one leading '/' (not "//host"), no '\\', no control character, no
// "." or ".." segment, even percent-encoded.
bool isPathOnThisAem(const QString& url);

} // namespace aem
