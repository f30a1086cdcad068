// SPDX-License-Identifier: Apache-2.0
#pragma once

// The checks of credentials already read — key and certificate, expiry, the AEM user — shared by
// parseCredentialJson (a Developer Console file) and checkStoredCredential (a stored credential,
// for `aemtoken check NAME`), so both judge alike and name problems by the same file fields.

#include "credentials.h"

#include <QList>
#include <QString>

namespace aem {

struct CredentialRecord;

// A stored credential judged as its Developer Console file would be, from its record and
// secrets directly: nothing is serialised and parsed again.
ParseResult checkStoredCredential(const CredentialRecord& record, const CredentialSecrets& secrets, const Clock& clock);

namespace detail {

// Problems of one part of a file: fields are named under `prefix` ("integration.").
class ProblemList
{
public:
    ProblemList(QList<Problem>& problems, QString prefix) : m_problems(problems), m_prefix(std::move(prefix)) { }

    // `code` is the stable snake_case name of the problem (Problem::code); `headline` the plain
    // words for people (Problem::headline), when the code's default does not say enough.
    void error(const char* code, const QString& field, const QString& message, const QString& headline = {})
    {
        add(Problem::Error, code, field, message, headline);
    }
    void warning(const char* code, const QString& field, const QString& message, const QString& headline = {})
    {
        add(Problem::Warning, code, field, message, headline);
    }
    void unusable(const char* code, const QString& field, const QString& message, const QString& headline = {})
    {
        add(Problem::Unusable, code, field, message, headline);
    }

private:
    void add(Problem::Severity s, const char* code, const QString& field, const QString& message,
             const QString& headline)
    {
        m_problems.append(
            Problem {s, field.isEmpty() ? field : m_prefix + field, message, QString::fromLatin1(code), headline});
    }
    QList<Problem>& m_problems;
    QString m_prefix;
};

// "is missing: the AEM user to grant permissions to is unknown"
QString missingAemUser();
// Service credentials: the private key of `out.service` (PEM; nothing when empty). Sets out.privateKey.
void checkPrivateKey(ParsedCredential& out, ProblemList& r);
// Then its certificate (PEM; nothing when empty), its match with the key, its dates and
// subject. Sets out.certificate.
void checkCertificate(ParsedCredential& out, ProblemList& r, const Clock& clock);
// A local development token: its form and expiry. Fills out.localDev.
void checkLocalDevToken(const QString& token, ParsedCredential& out, ProblemList& r, const Clock& clock);

} // namespace detail
} // namespace aem
