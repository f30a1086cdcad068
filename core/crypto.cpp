// SPDX-License-Identifier: Apache-2.0
#include "crypto.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QCoreApplication>
#include <QTimeZone>

#include <ctime>

namespace aem {

namespace {
struct CertificateTr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Certificate)
};
struct PrivateKeyTr
{
    Q_DECLARE_TR_FUNCTIONS(aem::PrivateKey)
};
} // namespace

namespace {

struct BioFree
{
    void operator()(BIO* b) const { BIO_free(b); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

Bio memBio(const QByteArray& data)
{
    return Bio(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bioContents(BIO* bio)
{
    char* p = nullptr;
    const long n = BIO_get_mem_data(bio, &p);
    return QByteArray(p, n);
}

// Refuses to prompt for a pass phrase: an encrypted key is reported, never asked about.
int noPassword(char*, int, int, void*)
{
    return -1;
}

QDateTime fromAsn1(const ASN1_TIME* t)
{
    std::tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    const QDate d(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    const QTime tt(tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QDateTime(d, tt, Qt::UTC);
}

QString nameEntry(const X509_NAME* name, int nid)
{
    const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
    if (idx < 0)
        return {};
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, s);
    if (len < 0)
        return {};
    QString out = QString::fromUtf8(reinterpret_cast<const char*>(utf8), len);
    OPENSSL_free(utf8);
    return out;
}

QString hexPairs(const unsigned char* data, unsigned int len)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(data), int(len)).toHex(':').toUpper());
}

} // namespace

void PrivateKey::Free::operator()(EVP_PKEY* k) const
{
    EVP_PKEY_free(k);
}

void Certificate::Free::operator()(X509* c) const
{
    X509_free(c);
}

std::optional<PrivateKey> PrivateKey::fromPem(const QByteArray& pem, QString* error)
{
    auto fail = [error](const char* why) -> std::optional<PrivateKey> {
        if (error)
            *error = PrivateKeyTr::tr(why);
        ERR_clear_error();
        return std::nullopt;
    };
    if (!pem.contains("-----BEGIN"))
        return fail(QT_TRANSLATE_NOOP("aem::PrivateKey", "is not a PEM private key"));
    if (pem.contains("ENCRYPTED"))
        return fail(QT_TRANSLATE_NOOP("aem::PrivateKey", "is encrypted with a pass phrase, which is not supported"));
    Bio bio = memBio(pem);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr);
    if (!key)
        return fail(QT_TRANSLATE_NOOP("aem::PrivateKey", "cannot be read as a private key"));
    ERR_clear_error();
    return PrivateKey(key);
}

PrivateKey PrivateKey::generateRsa(int bits)
{
    return PrivateKey(EVP_RSA_gen(static_cast<unsigned int>(bits)));
}

PrivateKey PrivateKey::generateEc()
{
    return PrivateKey(EVP_EC_gen("P-256"));
}

bool PrivateKey::isRsa() const
{
    return EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_RSA;
}

int PrivateKey::bits() const
{
    return EVP_PKEY_get_bits(m_key.get());
}

QByteArray PrivateKey::signSha256(const QByteArray& data) const
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1)
        return {};
    size_t len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(data.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, in, size_t(data.size())) != 1)
        return {};
    QByteArray sig(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in, size_t(data.size())) != 1)
        return {};
    sig.resize(qsizetype(len));
    return sig;
}

QByteArray PrivateKey::toPkcs8Pem() const
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

QByteArray PrivateKey::toPkcs1Pem() const
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey_traditional(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

qint64 CertificateInfo::daysLeft(const QDateTime& now) const
{
    const qint64 ms = now.msecsTo(notAfter);
    const qint64 day = 24LL * 3600 * 1000;
    return ms >= 0 ? ms / day : -((-ms + day - 1) / day);
}

std::optional<Certificate> Certificate::fromPem(const QByteArray& pem, QString* error)
{
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        if (error)
            *error = CertificateTr::tr("is not a PEM certificate");
        return std::nullopt;
    }
    Bio bio = memBio(pem);
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr);
    ERR_clear_error();
    if (!cert) {
        if (error)
            *error = CertificateTr::tr("cannot be read as an X.509 certificate");
        return std::nullopt;
    }
    return Certificate(cert);
}

Certificate Certificate::create(const Spec& spec, const PrivateKey& subjectKey, const PrivateKey& issuerKey,
                                const Certificate* issuer)
{
    X509* x = X509_new();
    X509_set_version(x, 2);
    {
        const QByteArray serial = randomBytes(16);
        BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.constData()), int(serial.size()), nullptr);
        BN_set_bit(bn, 0);
        BN_clear_bit(bn, 127); // positive, non-zero
        BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
        BN_free(bn);
    }
    ASN1_TIME_set(X509_getm_notBefore(x), time_t(spec.notBefore.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(x), time_t(spec.notAfter.toSecsSinceEpoch()));
    X509_set_pubkey(x, subjectKey.handle());
    X509_NAME* name = X509_get_subject_name(x);
    const QByteArray cn = spec.commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.constData()), -1,
                               -1, 0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->handle()) : name);

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer->handle() : x, x, nullptr, nullptr, 0);
    auto addExt = [&](int nid, const QByteArray& value) {
        if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData())) {
            X509_add_ext(x, ext, -1);
            X509_EXTENSION_free(ext);
        }
    };
    addExt(NID_basic_constraints, spec.isCa ? "critical,CA:TRUE" : "CA:FALSE");
    if (spec.isCa)
        addExt(NID_key_usage, "critical,keyCertSign,cRLSign");
    QStringList alt;
    for (const QString& d : spec.dnsNames)
        alt << QStringLiteral("DNS:") + d;
    for (const QString& ip : spec.ipAddresses)
        alt << QStringLiteral("IP:") + ip;
    if (!alt.isEmpty()) {
        addExt(NID_subject_alt_name, alt.join(QLatin1Char(',')).toLatin1());
        addExt(NID_ext_key_usage, "serverAuth");
    }
    X509_sign(x, issuerKey.handle(), EVP_sha256());
    ERR_clear_error();
    return Certificate(x);
}

CertificateInfo Certificate::info() const
{
    CertificateInfo i;
    X509* x = m_cert.get();
    i.subjectCommonName = nameEntry(X509_get_subject_name(x), NID_commonName);
    i.issuerCommonName = nameEntry(X509_get_issuer_name(x), NID_commonName);
    i.notBefore = fromAsn1(X509_get0_notBefore(x));
    i.notAfter = fromAsn1(X509_get0_notAfter(x));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (X509_digest(x, EVP_sha256(), md, &mdLen) == 1)
        i.sha256Fingerprint = hexPairs(md, mdLen);
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr)) {
        char* hex = BN_bn2hex(bn);
        i.serialNumber = QString::fromLatin1(hex);
        OPENSSL_free(hex);
        BN_free(bn);
    }
    if (EVP_PKEY* pub = X509_get0_pubkey(x)) {
        switch (EVP_PKEY_get_base_id(pub)) {
        case EVP_PKEY_RSA: i.keyAlgorithm = QStringLiteral("RSA"); break;
        case EVP_PKEY_EC: i.keyAlgorithm = QStringLiteral("EC"); break;
        default: i.keyAlgorithm = QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(pub))); break;
        }
        i.keyBits = EVP_PKEY_get_bits(pub);
    }
    ERR_clear_error();
    return i;
}

bool Certificate::matches(const PrivateKey& key) const
{
    EVP_PKEY* pub = X509_get0_pubkey(m_cert.get());
    const bool ok = pub && EVP_PKEY_eq(pub, key.handle()) == 1;
    ERR_clear_error();
    return ok;
}

bool Certificate::verifySha256(const QByteArray& data, const QByteArray& signature) const
{
    EVP_PKEY* pub = X509_get0_pubkey(m_cert.get());
    MdCtx ctx(EVP_MD_CTX_new());
    bool ok = pub && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pub) == 1
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
                            size_t(signature.size()), reinterpret_cast<const unsigned char*>(data.constData()),
                            size_t(data.size()))
            == 1;
    ERR_clear_error();
    return ok;
}

QByteArray Certificate::toPem() const
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), m_cert.get());
    return bioContents(bio.get());
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count);
    return out;
}

} // namespace aem
