// SPDX-License-Identifier: Apache-2.0
#pragma once

// The child modes of tst_kernelkeyring (`tst_kernelkeyring --child MODE ...`): another process
// in a new session keyring, and a process that is killed if it opens any file for writing.

#include <QByteArray>
#include <QString>

namespace aem::test {

// The token the child's "write" mode caches for `prefix`.
QByteArray childToken(const QString& prefix);
// argv after "--child": read|write PREFIX IDENTITY, nowrite PREFIX IDENTITY, selfcheck.
int kernelKeyringChild(int argc, char** argv);

} // namespace aem::test
