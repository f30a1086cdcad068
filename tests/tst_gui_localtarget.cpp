// SPDX-License-Identifier: Apache-2.0
// The window's "Add local AEM SDK…" dialog and how the list shows a local AEM target: the
// suggested URLs, the warning for the SDK's default account, a refusal shown in the dialog (plain
// http to another host), the password into the keychain only, and the kind and "not needed"
// token column.

#include "addlocaldialog.h"
#include "appcontext.h"
#include "appsettings.h"
#include "credentialdetails.h"
#include "credentiallistmodel.h"
#include "credentialstore.h"
#include "localaem.h"
#include "localtarget.h"
#include "mainwindow.h"
#include "requesttester.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestGuiLocalTarget : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<CredentialStore> m_store;

    template<class T> static T* child(QWidget* w, const char* name)
    {
        T* c = w->findChild<T*>(QString::fromLatin1(name));
        if (!c)
            qFatal("no %s", name);
        return c;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_store =
            std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, SystemClock::instance());
    }

    void cleanup()
    {
        m_store.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void addWithBasic()
    {
        ui::AddLocalDialog dialog(*m_store);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(child<QLineEdit>(&dialog, "localAuthor")->text(), QStringLiteral("http://localhost:4502"));
        QCOMPARE(child<QLineEdit>(&dialog, "localPublish")->text(), QStringLiteral("http://localhost:4503"));
        QCOMPARE(child<QLineEdit>(&dialog, "localUser")->text(), QStringLiteral("admin"));
        QCOMPARE(child<QLineEdit>(&dialog, "localPassword")->echoMode(), QLineEdit::Password);
        // The SDK's default account is named with a warning.
        QLabel* warning = child<QLabel>(&dialog, "localWarning");
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(QLatin1String("default account")), qPrintable(warning->text()));
        QPushButton* ok = child<QPushButton>(&dialog, "localAccept");
        QVERIFY(!ok->isEnabled()); // no password yet
        QTest::keyClicks(child<QLineEdit>(&dialog, "localPassword"), QStringLiteral("s3cret"));
        QVERIFY(ok->isEnabled());
        child<QLineEdit>(&dialog, "localName")->setText(QStringLiteral("sdk"));
        QSignalSpy added(&dialog, &ui::AddLocalDialog::added);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(added.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto rec = m_store->find(QStringLiteral("sdk"));
        QVERIFY(rec);
        QCOMPARE(rec->kind, CredentialKind::Local);
        QCOMPARE(rec->basicUser, QStringLiteral("admin"));
        QVERIFY(m_secrets->entries().value(rec->secretKey()).contains("s3cret"));
        QFile meta(m_store->metadataPath());
        QVERIFY(meta.open(QIODevice::ReadOnly));
        QVERIFY(!meta.readAll().contains("s3cret"));
    }

    void refusalStaysInTheDialog()
    {
        ui::AddLocalDialog dialog(*m_store);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QCheckBox>(&dialog, "localSignIn")->setChecked(false);
        QVERIFY(!child<QLineEdit>(&dialog, "localPassword")->isEnabled());
        QVERIFY(!child<QLabel>(&dialog, "localWarning")->isVisible());
        child<QLineEdit>(&dialog, "localAuthor")->setText(QStringLiteral("http://aem.example.com:4502"));
        QTest::mouseClick(child<QPushButton>(&dialog, "localAccept"), Qt::LeftButton);
        QLabel* error = child<QLabel>(&dialog, "localError");
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("localhost")), qPrintable(error->text()));
        QVERIFY(dialog.isVisible());
        QVERIFY(m_store->records().isEmpty());
        // Fixed: stored without a keychain item.
        child<QLineEdit>(&dialog, "localAuthor")->setText(QStringLiteral("http://127.0.0.1:4502"));
        QSignalSpy added(&dialog, &ui::AddLocalDialog::added);
        QTest::mouseClick(child<QPushButton>(&dialog, "localAccept"), Qt::LeftButton);
        QTRY_COMPARE(added.size(), 1);
        QVERIFY(m_secrets->entries().isEmpty());
        QVERIFY(m_store->find(QStringLiteral("local-sdk"))->basicUser.isEmpty());
    }

    void listShowsKindAndNoToken()
    {
        {
            ui::AddLocalDialog dialog(*m_store);
            child<QCheckBox>(&dialog, "localSignIn")->setChecked(false);
            QSignalSpy added(&dialog, &ui::AddLocalDialog::added);
            QTest::mouseClick(child<QPushButton>(&dialog, "localAccept"), Qt::LeftButton);
            QTRY_COMPARE(added.size(), 1);
        }
        QNetworkAccessManager nam;
        TokenProvider provider(*m_store, &nam, SystemClock::instance(), TokenProvider::Options {});
        TokenService tokens(*m_store, provider, SystemClock::instance());
        CredentialListModel model(*m_store, tokens, SystemClock::instance());
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, CredentialListModel::KindColumn).data().toString(), QStringLiteral("Local AEM"));
        QCOMPARE(model.index(0, CredentialListModel::TokenColumn).data().toString(), QStringLiteral("not needed"));
        QCOMPARE(model.index(0, CredentialListModel::EnvironmentColumn).data().toString(),
                 QStringLiteral("localhost:4502"));
    }

    // The window: the token panel says no token is needed, and the request tester sends to the
    // local author with HTTP Basic, never a bearer token.
    void testerSendsWithBasic()
    {
        sandbox::LocalAem aem;
        sandbox::LocalAem::Options ao;
        ao.password = "s3cret";
        QString error;
        QVERIFY2(aem.start(ao, &error), qPrintable(error));
        MemorySecretStore secrets;
        QTemporaryDir dir;
        AppSettings settings;
        const QString settingsPath = dir.path() + QStringLiteral("/settings.ini");
        QVERIFY(settings.save(settingsPath));
        ui::AppContext::Options o;
        o.location = StoreLocation::under(dir.path());
        o.secrets = &secrets;
        o.settingsPath = settingsPath;
        ui::AppContext context(o);
        auto cred = localTargetCredential(aem.baseUrl(), {}, QStringLiteral("admin"), "s3cret", &error);
        QVERIFY2(cred, qPrintable(error));
        CredentialStore::ImportOptions io;
        io.name = QStringLiteral("sdk");
        bool done = false;
        context.store().importCredential(*cred, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
        ui::MainWindow window(context);
        window.show();
        window.selectCredential(QStringLiteral("sdk"));
        auto* tokenValue = window.findChild<QLineEdit*>(QStringLiteral("tokenValue"));
        QVERIFY(tokenValue);
        QTRY_VERIFY2(tokenValue->placeholderText().contains(QLatin1String("No token is needed"))
                         && tokenValue->placeholderText().contains(QLatin1String("admin")),
                     qPrintable(tokenValue->placeholderText()));
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("expiresLabel"))->text(), QStringLiteral("no token needed"));
        ui::RequestTester* tester = window.openRequestTester();
        QVERIFY(QTest::qWaitForWindowExposed(tester));
        tester->setCredential(QStringLiteral("sdk"));
        tester->setRequest("GET", currentUserPath());
        QSignalSpy finished(tester, &ui::RequestTester::finished);
        QSignalSpy ready(tester, &ui::RequestTester::responseReady);
        tester->send();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toInt(), 200);
        QVERIFY(ready.wait(10000));
        QVERIFY2(tester->rawText().contains(QLatin1String("\"authorizableId\":\"admin\"")),
                 qPrintable(tester->rawText()));
        QVERIFY(aem.lastAuthorization().startsWith("Basic "));
        QCOMPARE(aem.bearerRequests(), 0);
    }

    // The details pane: a local target has its own box (URLs, sign-in user, no token needed);
    // the local development token box stays hidden.
    void detailsShowTheTarget()
    {
        QTemporaryDir dir;
        MemorySecretStore secrets;
        AppSettings settings;
        const QString settingsPath = dir.path() + QStringLiteral("/settings.ini");
        QVERIFY(settings.save(settingsPath));
        ui::AppContext::Options o;
        o.location = StoreLocation::under(dir.path());
        o.secrets = &secrets;
        o.settingsPath = settingsPath;
        ui::AppContext context(o);
        ui::CredentialDetails details(context);
        details.show();
        QVERIFY(QTest::qWaitForWindowExposed(&details));
        auto* target = child<QLabel>(&details, "targetAuthor")->parentWidget();
        QVERIFY(!target->isVisible()); // nothing selected
        const auto importLocal = [&](const QString& name, const QString& user, QByteArray password) {
            QString error;
            auto cred = localTargetCredential(QStringLiteral("http://127.0.0.1:4502"),
                                              user.isEmpty() ? QString() : QStringLiteral("http://127.0.0.1:4503"),
                                              user, std::move(password), &error);
            QVERIFY2(cred, qPrintable(error));
            CredentialStore::ImportOptions io;
            io.name = name;
            bool done = false;
            context.store().importCredential(*cred, io, this, [&](const CredentialStore::ImportResult& r) {
                QVERIFY2(r.ok, qPrintable(r.error));
                done = true;
            });
            QTRY_VERIFY(done);
        };
        importLocal(QStringLiteral("sdk"), QStringLiteral("admin"), "s3cret");
        importLocal(QStringLiteral("open"), QString(), {});
        details.setCredential(context.store().find(QStringLiteral("sdk")));
        QVERIFY(target->isVisible());
        QVERIFY(!child<QLabel>(&details, "tokenUser")->parentWidget()->isVisible());
        QVERIFY(!child<QLabel>(&details, "technicalAccount")->parentWidget()->isVisible());
        QCOMPARE(child<QLabel>(&details, "targetAuthor")->text(), QStringLiteral("http://127.0.0.1:4502"));
        QCOMPARE(child<QLabel>(&details, "targetPublish")->text(), QStringLiteral("http://127.0.0.1:4503"));
        QCOMPARE(child<QLabel>(&details, "targetUser")->text(), QStringLiteral("admin"));
        QVERIFY(child<QLabel>(&details, "targetNote")->text().contains(QLatin1String("No access token is needed")));
        details.setCredential(context.store().find(QStringLiteral("open")));
        QCOMPARE(child<QLabel>(&details, "targetUser")->text(), QStringLiteral("no sign-in"));
        QCOMPARE(child<QLabel>(&details, "targetPublish")->text(), QStringLiteral("none"));
        QVERIFY(!child<QLabel>(&details, "targetNote")->text().isEmpty());
    }
};

QTEST_MAIN(TestGuiLocalTarget)
#include "tst_gui_localtarget.moc"
