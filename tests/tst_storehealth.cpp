// SPDX-License-Identifier: Apache-2.0
// The window says what the store doctor finds and offers the repair (or the unlock) in place.

#include "appcontext.h"
#include "clock.h"
#include "credentialstore.h"
#include "secretstore.h"
#include "storehealthbar.h"
#include "testsupport.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestStoreHealth : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    ManualClock m_clock {fixedNow()};
    std::unique_ptr<AppContext> m_context;

    std::unique_ptr<StoreHealthBar> bar()
    {
        auto b = std::make_unique<StoreHealthBar>(*m_context);
        b->show();
        QSignalSpy checked(b.get(), &StoreHealthBar::checked);
        if (!checked.wait(10000))
            qWarning("no check finished");
        return b;
    }
    static QString text(StoreHealthBar& b) { return b.findChild<QLabel*>(QStringLiteral("storeHealthText"))->text(); }
    static QPushButton* button(StoreHealthBar& b, const char* name)
    {
        return b.findChild<QPushButton*>(QLatin1String(name));
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        AppContext::Options o;
        o.location = StoreLocation::under(m_dir->path());
        o.secrets = m_secrets.get();
        o.clock = &m_clock;
        o.settingsPath = m_dir->path() + QStringLiteral("/settings.ini");
        m_context = std::make_unique<AppContext>(o);
    }
    void cleanup()
    {
        m_context.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void hiddenWhenAllIsWell()
    {
        auto b = bar();
        QVERIFY(!b->isVisible());
        QVERIFY(b->lastReport().ok());
    }

    void orphanIsShownAndRepaired()
    {
        m_secrets->entries().insert(CredentialRecord::accessTokenKeyFor(QStringLiteral("gone")),
                                    QByteArrayLiteral("t"));
        auto b = bar();
        QVERIFY(b->isVisible());
        QVERIFY2(text(*b).contains(QLatin1String("belongs to no listed credential")), qPrintable(text(*b)));
        QPushButton* repair = button(*b, "storeRepair");
        QVERIFY(repair->isVisible());
        QVERIFY(!button(*b, "storeUnlock")->isVisible());
        QSignalSpy checked(b.get(), &StoreHealthBar::checked);
        QTest::mouseClick(repair, Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QVERIFY(m_secrets->entries().isEmpty());
        QVERIFY2(text(*b).contains(QLatin1String("Repaired")), qPrintable(text(*b)));
        QVERIFY(b->lastReport().ok());
    }

    void lockedKeychainOffersUnlock()
    {
        m_secrets->setLocked(true);
        auto b = bar();
        QVERIFY(b->isVisible());
        QVERIFY2(text(*b).contains(QLatin1String("locked")), qPrintable(text(*b)));
        QPushButton* unlock = button(*b, "storeUnlock");
        QVERIFY(unlock->isVisible());
        QSignalSpy checked(b.get(), &StoreHealthBar::checked);
        QTest::mouseClick(unlock, Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QVERIFY(!m_secrets->isLocked());
        QTRY_VERIFY(!b->isVisible());
    }

    void unreadableRecordIsReportedNotRepaired()
    {
        QDir().mkpath(m_context->store().location().dataDir);
        QFile f(m_context->store().metadataPath());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version":1,"credentials":[{"id":"x","name":"future","kind":"quantum"}]})");
        f.close();
        auto b = bar();
        QVERIFY(b->isVisible());
        QVERIFY2(text(*b).contains(QLatin1String("kind \"quantum\"")), qPrintable(text(*b)));
        QVERIFY(!button(*b, "storeRepair")->isVisible()); // nothing safe to do but keep it
    }
};

QTEST_MAIN(TestStoreHealth)
#include "tst_storehealth.moc"
