// SPDX-License-Identifier: Apache-2.0
#pragma once

// Thin RAII wrappers over the few OpenSSL 3 operations the app needs: reading RSA keys and
// X.509 certificates, RS256 signatures, and (for the sandbox and tests) making keys and
// certificates. Nothing here logs or returns key material in an error message.

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;
typedef struct x509_st X509;

namespace aem {

class PrivateKey
{
public:
    // Reads a PEM private key: PKCS#1 (the "RSA PRIVATE" PEM label) or PKCS#8 (the "PRIVATE" label),
    // CRLF or LF. Encrypted keys are refused. On failure returns nullopt and a short reason.
    static std::optional<PrivateKey> fromPem(const QByteArray& pem, QString* error = nullptr);
    static PrivateKey generateRsa(int bits = 2048);
    static PrivateKey generateEc(); // P-256, for TLS test certificates only

    bool isRsa() const;
    int bits() const;
    // RSASSA-PKCS1-v1_5 with SHA-256 for RSA keys, ECDSA for EC keys.
    QByteArray signSha256(const QByteArray& data) const;
    QByteArray toPkcs8Pem() const;
    QByteArray toPkcs1Pem() const; // PKCS#1 PEM, as the Developer Console writes it
    EVP_PKEY* handle() const { return m_key.get(); }

private:
    struct Free
    {
        void operator()(EVP_PKEY* k) const;
    };
    explicit PrivateKey(EVP_PKEY* k) : m_key(k, Free {}) { }
    std::shared_ptr<EVP_PKEY> m_key;
};

struct CertificateInfo
{
    QString subjectCommonName;
    QString issuerCommonName;
    QDateTime notBefore;
    QDateTime notAfter;
    QString sha256Fingerprint; // upper-case hex pairs joined by ':'
    QString serialNumber; // hex
    QString keyAlgorithm; // "RSA", "EC", ...
    int keyBits = 0;

    bool isValidAt(const QDateTime& t) const { return notBefore <= t && t <= notAfter; }
    // Whole days until notAfter, negative once expired.
    qint64 daysLeft(const QDateTime& now) const;
};

class Certificate
{
public:
    static std::optional<Certificate> fromPem(const QByteArray& pem, QString* error = nullptr);

    // A certificate signed by `issuerKey` (self-signed when issuer is null). For the sandbox
    // and tests: Adobe's are RSA-2048, CN = clientId, valid 365 days.
    struct Spec
    {
        QString commonName;
        QDateTime notBefore;
        QDateTime notAfter;
        bool isCa = false;
        QStringList dnsNames;
        QStringList ipAddresses;
    };
    static Certificate create(const Spec& spec, const PrivateKey& subjectKey, const PrivateKey& issuerKey,
                              const Certificate* issuer = nullptr);

    CertificateInfo info() const;
    bool matches(const PrivateKey& key) const;
    bool verifySha256(const QByteArray& data, const QByteArray& signature) const;
    QByteArray toPem() const;
    X509* handle() const { return m_cert.get(); }

private:
    struct Free
    {
        void operator()(X509* c) const;
    };
    explicit Certificate(X509* c) : m_cert(c, Free {}) { }
    std::shared_ptr<X509> m_cert;
};

// Cryptographically random bytes.
QByteArray randomBytes(int count);

} // namespace aem
