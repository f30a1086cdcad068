#include "network.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QNetworkProxyFactory>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace aem {

bool configureNetwork(const QString& extraCaFile, QString* error)
{
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    if (extraCaFile.isEmpty())
        return true;
    QFile f(extraCaFile);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("aem::Network", "cannot read the CA file %1: %2")
                         .arg(QDir::toNativeSeparators(extraCaFile), f.errorString());
        return false;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.read(4 * 1024 * 1024), QSsl::Pem);
    if (certs.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("aem::Network", "the CA file %1 holds no PEM certificate")
                         .arg(QDir::toNativeSeparators(extraCaFile));
        return false;
    }
    QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
    // Setting CAs explicitly ends on-demand loading of the system roots, so list them too.
    cfg.setCaCertificates(QSslConfiguration::systemCaCertificates() + certs);
    QSslConfiguration::setDefaultConfiguration(cfg);
    return true;
}

} // namespace aem
