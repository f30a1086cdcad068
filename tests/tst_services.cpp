// SPDX-License-Identifier: Apache-2.0
// The composition root both programs build on: one Options value in, the wired services out.

#include "clock.h"
#include "credentialstore.h"
#include "secretstore.h"
#include "services.h"
#include "testsupport.h"
#include "tokenadmin.h"
#include "tokenprovider.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;

class TestServices : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    MemorySecretStore m_secrets;
    ManualClock m_clock {QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC)};

    Services::Options options()
    {
        Services::Options o;
        o.location = StoreLocation::under(m_dir->path());
        o.secrets = &m_secrets;
        o.clock = &m_clock;
        return o;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void wiresWhatItWasGiven()
    {
        Services s(options());
        QCOMPARE(&s.secrets(), static_cast<SecretStore*>(&m_secrets));
        QCOMPARE(&s.clock(), static_cast<const Clock*>(&m_clock));
        QCOMPARE(s.store().location().dataDir, StoreLocation::under(m_dir->path()).dataDir);
        QVERIFY(s.store().load());
        // Made once, on first use.
        QCOMPARE(&s.tokens(), &s.tokens());
        QCOMPARE(&s.admin(), &s.admin());
        QCOMPARE(&s.nam(), &s.nam());
    }

    // The system proxy (https_proxy here) is what connections take unless the settings say
    // otherwise, and a change of the settings applies at once. (Setting an application proxy
    // after switching the system's on switched it off again: the window ignored https_proxy.)
    void proxyFollowsTheOptionsAndTheSettings()
    {
        qputenv("https_proxy", "http://127.0.0.1:3999");
        const auto restore = qScopeGuard([] {
            qunsetenv("https_proxy");
            applyProxy({ProxyConfig::Mode::None, {}, 0});
        });
        const QNetworkProxyQuery query(QUrl(QStringLiteral("https://ims-na1.adobelogin.com/ims/token/v3")));
        auto firstProxy = [&] { return QNetworkProxyFactory::proxyForQuery(query).value(0); };
        Services::Options o = options();
        o.proxy = ProxyConfig {};
        Services s(o);
        s.nam(); // applied before the first connection
        QCOMPARE(firstProxy().hostName(), QStringLiteral("127.0.0.1"));
        QCOMPARE(firstProxy().port(), quint16(3999));
        s.setProxy({ProxyConfig::Mode::Manual, QStringLiteral("proxy.corp.example"), 8080});
        QCOMPARE(firstProxy().hostName(), QStringLiteral("proxy.corp.example"));
        s.setProxy({ProxyConfig::Mode::None, {}, 0});
        QCOMPARE(firstProxy().type(), QNetworkProxy::NoProxy);
        s.setProxy({});
        QCOMPARE(firstProxy().hostName(), QStringLiteral("127.0.0.1"));
    }

    void oneRetryPolicyWithTheMaxTime()
    {
        Services::Options o = options();
        o.retry.timeoutMs = 1234;
        QCOMPARE(Services(o).retryPolicy().totalMs, RetryPolicy {}.totalMs);
        QCOMPARE(Services(o).retryPolicy().timeoutMs, 1234);
        o.maxTimeMs = 5000;
        QCOMPARE(Services(o).retryPolicy().totalMs, 5000);
        QCOMPARE(Services(o).retryPolicy().maxAttempts, RetryPolicy {}.maxAttempts);
    }

    void caFilesAreReadOnceAndExplained()
    {
        Services::Options o = options();
        o.caFiles << m_dir->path() + QStringLiteral("/missing-ca.pem");
        Services s(o);
        QString error;
        QVERIFY(!s.trustCaFiles(&error));
        QVERIFY2(error.contains(QStringLiteral("missing-ca.pem")), qPrintable(error));
        QVERIFY(s.trustCaFiles(&error)); // read once: nothing more to say
        Services none(options());
        QVERIFY(none.trustCaFiles());
    }
};

QTEST_GUILESS_MAIN(TestServices)
#include "tst_services.moc"
