// SPDX-License-Identifier: Apache-2.0
// The floor of the mandated stack for one mint: a QtKeychain read and one HTTPS POST through
// QNetworkAccessManager (verified TLS, the sandbox's CA added), then exit — no JWT, no parsing,
// no store. bench.py runs it beside `aemtoken token --fresh` to show how much of aemtoken's peak
// memory is the libraries' own (Qt Core/Network, OpenSSL, QtKeychain -> libsecret/GIO/D-Bus).
//   stackfloor store SERVICE KEY < secret       once, to create the entry
//   stackfloor URL CA_FILE SERVICE KEY          read the entry, POST to URL, exit 0 on any answer
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <qt6keychain/keychain.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.size() == 3 && args[0] == QLatin1String("store")) {
        const std::string secret {std::istreambuf_iterator<char>(std::cin), {}};
        auto* job = new QKeychain::WritePasswordJob(args[1], &app);
        job->setKey(args[2]);
        job->setBinaryData(QByteArray::fromStdString(secret));
        QObject::connect(job, &QKeychain::Job::finished, &app, [job] { QCoreApplication::exit(job->error() ? 1 : 0); });
        job->start();
        return app.exec();
    }
    if (args.size() != 4) {
        std::fputs("usage: stackfloor URL CA_FILE SERVICE KEY | stackfloor store SERVICE KEY < secret\n", stderr);
        return 2;
    }
    QNetworkAccessManager nam;
    auto* job = new QKeychain::ReadPasswordJob(args[2], &app);
    job->setKey(args[3]);
    QObject::connect(job, &QKeychain::Job::finished, &app, [&] {
        if (job->error() || job->binaryData().isEmpty()) {
            std::fprintf(stderr, "stackfloor: keychain: %s\n", qPrintable(job->errorString()));
            return QCoreApplication::exit(1);
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(args[1]));
        QNetworkRequest request {QUrl(args[0])};
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply* reply = nam.post(request, QByteArrayLiteral("client_id=stackfloor"));
        QObject::connect(reply, &QNetworkReply::finished, &app, [reply] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0)
                std::fprintf(stderr, "stackfloor: %s\n", qPrintable(reply->errorString()));
            QCoreApplication::exit(status ? 0 : 1);
        });
    });
    job->start();
    return app.exec();
}
