#include "network.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>

namespace aem {

std::optional<QList<QSslCertificate>> readCaFile(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("aem::Network", "cannot read the CA file %1: %2")
                         .arg(QDir::toNativeSeparators(path), f.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.read(4 * 1024 * 1024), QSsl::Pem);
    if (certs.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("aem::Network", "the CA file %1 holds no PEM certificate")
                         .arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    return certs;
}

void configureNetwork(const QList<QSslCertificate>& extraCas)
{
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    if (extraCas.isEmpty())
        return;
    QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
    // Setting CAs explicitly ends on-demand loading of the system roots, so list them too.
    cfg.setCaCertificates(QSslConfiguration::systemCaCertificates() + extraCas);
    QSslConfiguration::setDefaultConfiguration(cfg);
}

} // namespace aem
