// SPDX-License-Identifier: Apache-2.0
#include "network.h"

#include <QNetworkProxy>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslError>

#include <cerrno>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Network)
};
} // namespace

std::optional<QList<QSslCertificate>> readCaFile(const QString& path, QString* error)
{
    constexpr qint64 kMaxCaFile = 4 * 1024 * 1024;
    auto fail = [&](const QString& message) -> std::optional<QList<QSslCertificate>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString shown = QDir::toNativeSeparators(path);
    // O_NONBLOCK: opening a FIFO must not wait for a writer. Judged by the open file, before
    // reading: a FIFO or /dev/zero would never end.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail(Tr::tr("cannot read the CA file %1: %2").arg(shown, qt_error_string(errno)));
    QFile f;
    f.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle);
    struct stat st
    { };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(Tr::tr("the CA file %1 is not a regular file").arg(shown));
    if (st.st_size > kMaxCaFile)
        return fail(Tr::tr("the CA file %1 is larger than 4 MiB").arg(shown));
    const QByteArray data = f.read(kMaxCaFile + 1); // bounded even if the file grows meanwhile
    if (data.size() > kMaxCaFile)
        return fail(Tr::tr("the CA file %1 is larger than 4 MiB").arg(shown));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
    if (certs.isEmpty())
        return fail(Tr::tr("the CA file %1 holds no PEM certificate").arg(shown));
    return certs;
}

void applyProxy(const ProxyConfig& proxy)
{
    switch (proxy.mode) {
    case ProxyConfig::Mode::System:
        // In this order: setting an application proxy switches the system's off again.
        QNetworkProxy::setApplicationProxy(QNetworkProxy::DefaultProxy);
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        break;
    case ProxyConfig::Mode::None:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
        break;
    case ProxyConfig::Mode::Manual:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::HttpProxy, proxy.host, proxy.port));
        break;
    }
}

QString explainProxyAuthentication(const QString& proxyError)
{
    return Tr::tr("the proxy asks to sign in (%1): with Kerberos, get a ticket (kinit); with a user "
                  "name and password, put them in the proxy address, "
                  "http://USER:PASSWORD@HOST:PORT (system proxy settings or https_proxy)")
        .arg(proxyError);
}

namespace {

struct X509Free
{
    void operator()(X509* x) const { X509_free(x); }
};
struct StoreFree
{
    void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct CtxFree
{
    void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct StackFree
{
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};

X509* toX509(const QSslCertificate& c)
{
    const QByteArray der = c.toDer();
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return d2i_X509(nullptr, &p, long(der.size()));
}

} // namespace

bool verifyChainWithAnchors(const QList<QSslCertificate>& chain, const QString& host,
                            const QList<QSslCertificate>& anchors, const QDateTime& now)
{
    if (chain.isEmpty() || anchors.isEmpty() || host.isEmpty())
        return false;
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    for (const QSslCertificate& a : anchors) {
        std::unique_ptr<X509, X509Free> x(toX509(a));
        if (x)
            X509_STORE_add_cert(store.get(), x.get());
    }
    std::unique_ptr<X509, X509Free> leaf(toX509(chain.first()));
    std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
    for (qsizetype i = 1; i < chain.size(); ++i)
        if (X509* x = toX509(chain[i]))
            sk_X509_push(untrusted.get(), x);
    std::unique_ptr<X509_STORE_CTX, CtxFree> ctx(X509_STORE_CTX_new());
    if (!leaf || !ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1)
        return false;
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set_time(param, time_t(now.toSecsSinceEpoch()));
    const QByteArray h = host.toLatin1();
    if (QHostAddress(host).isNull())
        X509_VERIFY_PARAM_set1_host(param, h.constData(), size_t(h.size()));
    else
        X509_VERIFY_PARAM_set1_ip_asc(param, h.constData());
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    ERR_clear_error();
    return ok;
}

QMetaObject::Connection trustExtraCas(QNetworkAccessManager* nam, const QList<QSslCertificate>& extraCas)
{
    if (extraCas.isEmpty())
        return {};
    return QObject::connect(
        nam, &QNetworkAccessManager::sslErrors, nam, [extraCas](QNetworkReply* reply, const QList<QSslError>& errors) {
            // Only "no trusted anchor" errors can be lifted; anything else (expired,
            // wrong host, bad signature) stands whatever the anchor.
            static const QList<QSslError::SslError> anchorOnly {QSslError::UnableToGetLocalIssuerCertificate,
                                                                QSslError::UnableToGetIssuerCertificate,
                                                                QSslError::SelfSignedCertificate,
                                                                QSslError::SelfSignedCertificateInChain,
                                                                QSslError::CertificateUntrusted,
                                                                QSslError::UnableToVerifyFirstCertificate};
            for (const QSslError& e : errors)
                if (!anchorOnly.contains(e.error()))
                    return;
            const QList<QSslCertificate> chain = reply->sslConfiguration().peerCertificateChain();
            if (verifyChainWithAnchors(chain, reply->url().host(), extraCas, QDateTime::currentDateTimeUtc()))
                reply->ignoreSslErrors(errors);
        });
}

} // namespace aem
