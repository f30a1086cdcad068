// SPDX-License-Identifier: Apache-2.0
// The credential list as a table: rows sorted and kept through reloads, token and certificate
// columns and states read from the token service, time-dependent columns recomputed by tick().

#include "clock.h"
#include "countdown.h"
#include "credentiallistmodel.h"
#include "credentialstore.h"
#include "envtype.h"
#include "secretstore.h"
#include "testsupport.h"
#include "tokenprovider.h"
#include "tokenservice.h"

#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;

class TestListModel : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<TokenService> m_service;
    std::unique_ptr<CredentialListModel> m_model;

    bool import(const QString& name, ServiceJsonSpec spec = {})
    {
        spec.clientId = QStringLiteral("cm-p1-e1-") + name;
        const ParseResult parsed = parseCredentialJson(serviceJson(spec), *m_clock);
        if (!parsed.ok())
            return false;
        bool ok = false;
        bool done = false;
        CredentialStore::ImportOptions io;
        io.name = name;
        m_store->importCredential(*parsed.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            ok = r.ok;
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 10000) && ok;
    }

    QModelIndex cell(const QString& name, int column) const { return m_model->index(m_model->rowOf(name), column); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(fixedNow());
        m_store = std::make_unique<CredentialStore>(StoreLocation::under(m_dir->path()), *m_secrets, *m_clock);
        m_tokens = std::make_unique<TokenProvider>(*m_store, nullptr, *m_clock, TokenProvider::Options {});
        m_service = std::make_unique<TokenService>(*m_store, *m_tokens, *m_clock);
        m_model = std::make_unique<CredentialListModel>(*m_store, *m_service, *m_clock);
    }

    void cleanup()
    {
        m_model.reset();
        m_service.reset();
        m_tokens.reset();
        m_store.reset();
        m_clock.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void rowsAreSortedAndKeptThroughReloads()
    {
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(import(QStringLiteral("bravo")));
        QVERIFY(import(QStringLiteral("alpha")));
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->columnCount(), int(CredentialListModel::ColumnCount));
        QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("alpha"));
        QCOMPARE(m_model->index(1, 0).data().toString(), QStringLiteral("bravo"));
        QCOMPARE(m_model->index(1, CredentialListModel::KindColumn).data().toString(), QStringLiteral("Service"));
        const QPersistentModelIndex bravo = m_model->index(1, 0);
        QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QVERIFY(import(QStringLiteral("charlie")));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 2);
        m_model->reload(); // nothing changed: nothing moves
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(bravo.isValid());
        QCOMPARE(bravo.data().toString(), QStringLiteral("bravo"));
        QCOMPARE(m_model->rowOfId(m_store->find(QStringLiteral("charlie"))->id), 2);
        QCOMPARE(m_model->recordAt(2)->name, QStringLiteral("charlie"));
        QCOMPARE(m_model->recordAt(3), nullptr);
    }

    void aModelMadeOverAFullStoreHasItsRowsSortedAtOnce()
    {
        QVERIFY(import(QStringLiteral("delta")));
        QVERIFY(import(QStringLiteral("alpha")));
        QVERIFY(import(QStringLiteral("charlie")));
        CredentialListModel fresh(*m_store, *m_service, *m_clock);
        QCOMPARE(fresh.rowCount(), 3);
        QCOMPARE(fresh.recordAt(0)->name, QStringLiteral("alpha"));
        QCOMPARE(fresh.recordAt(2)->name, QStringLiteral("delta"));
        // Later changes still move row by row, so that views keep their selection.
        QSignalSpy resets(&fresh, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&fresh, &QAbstractItemModel::rowsInserted);
        QVERIFY(import(QStringLiteral("bravo")));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(fresh.recordAt(1)->name, QStringLiteral("bravo"));
    }

    void envTypeBadgeSaysTheTypeInText()
    {
        QVERIFY(import(QStringLiteral("shop")));
        const QModelIndex badge = cell(QStringLiteral("shop"), CredentialListModel::EnvTypeColumn);
        // Nothing chosen, nothing suggested by the name: a dash, not a blank.
        QCOMPARE(badge.data().toString(), QStringLiteral("—"));
        QCOMPARE(badge.data(CredentialListModel::EnvTypeRole).toInt(), int(EnvType::None));
        QVERIFY(!badge.data(CredentialListModel::EnvTypeSuggestedRole).toBool());
        QCOMPARE(badge.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Environment type not set: choose it under Environment type"));
        QCOMPARE(badge.data(Qt::AccessibleTextRole).toString(), QStringLiteral("no environment type"));
        QCOMPARE(m_model->headerData(CredentialListModel::EnvTypeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Type"));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(m_store->setEnvType(QStringLiteral("shop"), EnvType::Production));
        QTRY_VERIFY(!changed.isEmpty());
        // The text says it (colour is the view's extra cue, keyed on EnvTypeRole).
        QCOMPARE(badge.data().toString(), QStringLiteral("PROD"));
        QCOMPARE(badge.data(CredentialListModel::EnvTypeRole).toInt(), int(EnvType::Production));
        QCOMPARE(badge.data(Qt::AccessibleTextRole).toString(), QStringLiteral("Production"));
        QVERIFY(badge.data(Qt::ToolTipRole).toString().startsWith(QLatin1String("Production environment")));
        QVERIFY(m_store->setEnvType(QStringLiteral("shop"), EnvType::Stage));
        QTRY_COMPARE(badge.data().toString(), QStringLiteral("STAGE"));
        QVERIFY(m_store->setEnvType(QStringLiteral("shop"), EnvType::Development));
        QTRY_COMPARE(badge.data().toString(), QStringLiteral("DEV"));
        QCOMPARE(badge.data(CredentialListModel::EnvTypeRole).toInt(), int(EnvType::Development));
        // The name column is still the name alone.
        QCOMPARE(cell(QStringLiteral("shop"), CredentialListModel::NameColumn).data().toString(),
                 QStringLiteral("shop"));
    }

    // Nothing chosen: the type the name suggests, marked as a suggestion (the view greys it) with
    // where to choose; once chosen, the choice alone, whatever the name says.
    void envTypeSuggestionShownUntilChosen()
    {
        QVERIFY(import(QStringLiteral("shop-prod")));
        const QModelIndex badge = cell(QStringLiteral("shop-prod"), CredentialListModel::EnvTypeColumn);
        QCOMPARE(badge.data().toString(), QStringLiteral("PROD"));
        QCOMPARE(badge.data(CredentialListModel::EnvTypeRole).toInt(), int(EnvType::None));
        QVERIFY(badge.data(CredentialListModel::EnvTypeSuggestedRole).toBool());
        QCOMPARE(badge.data(Qt::AccessibleTextRole).toString(), QStringLiteral("suggested: Production"));
        const QString tip = badge.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QStringLiteral("Suggested from the name or hosts: Production, not chosen — choose it "
                                               "under Environment type.")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QLatin1String("request tester asks")), qPrintable(tip)); // as the tester does
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(m_store->setEnvType(QStringLiteral("shop-prod"), EnvType::Stage));
        QTRY_VERIFY(!changed.isEmpty());
        QCOMPARE(badge.data().toString(), QStringLiteral("STAGE"));
        QVERIFY(!badge.data(CredentialListModel::EnvTypeSuggestedRole).toBool());
        QCOMPARE(badge.data(Qt::ToolTipRole).toString(), QStringLiteral("Stage environment"));
        // The tester's rule follows the same type: suggested production asks, a chosen stage does not.
        QVERIFY(!needsProductionConfirmation(*m_store->find(QStringLiteral("shop-prod")), QStringLiteral("POST")));
        QVERIFY(m_store->setEnvType(QStringLiteral("shop-prod"), EnvType::None));
        QTRY_COMPARE(badge.data().toString(), QStringLiteral("PROD"));
        QVERIFY(needsProductionConfirmation(*m_store->find(QStringLiteral("shop-prod")), QStringLiteral("POST")));
        QVERIFY(!needsProductionConfirmation(*m_store->find(QStringLiteral("shop-prod")), QStringLiteral("GET")));
    }

    void tokenColumnFollowsTheService()
    {
        QVERIFY(import(QStringLiteral("svc")));
        const QModelIndex token = cell(QStringLiteral("svc"), CredentialListModel::TokenColumn);
        QCOMPARE(token.data().toString(), QStringLiteral("no token"));
        QCOMPARE(token.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::None));
        QVERIFY(!m_model->soonestTokenExpiry());

        // A token cached (here by another store object, as another process would).
        const CredentialRecord rec = *m_store->find(QStringLiteral("svc"));
        const QDateTime expires = m_clock->now().addSecs(2 * 3600);
        QVERIFY(m_store->saveCachedTokenInfo(rec, {m_clock->now(), expires}));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_service->refresh();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), token);
        QCOMPARE(token.data().toString(), QStringLiteral("valid for 2 h 0 min"));
        QCOMPARE(token.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Valid));
        QCOMPARE(token.data(CredentialListModel::TokenExpiresAtRole).toDateTime(), expires);
        QCOMPARE(m_model->tokenExpiresAt(QStringLiteral("svc")), expires);
        QCOMPARE(m_model->soonestTokenExpiry()->first, QStringLiteral("svc"));

        // Within the margin, then past: tick() says so.
        m_model->setMargins(10 * 60 * 1000, 30);
        m_clock->set(expires.addSecs(-5 * 60));
        changed.clear();
        m_model->tick();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(token.data().toString(), QStringLiteral("expiring, 5 min left"));
        QCOMPARE(token.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Expiring));
        m_clock->set(expires.addSecs(1));
        m_model->tick();
        QCOMPARE(token.data().toString(), QStringLiteral("expired"));
        QCOMPARE(token.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Expired));
        QVERIFY(!m_model->soonestTokenExpiry());

        // Cleared (revoked): no token again.
        m_store->clearCachedTokenInfo(rec);
        m_service->refresh();
        QCOMPARE(token.data().toString(), QStringLiteral("no token"));
    }

    void certificateColumnStates()
    {
        ServiceJsonSpec expired;
        expired.expired = true;
        QVERIFY(import(QStringLiteral("fine")));
        QVERIFY(import(QStringLiteral("old"), expired));
        const QModelIndex fine = cell(QStringLiteral("fine"), CredentialListModel::CertificateColumn);
        const QModelIndex old = cell(QStringLiteral("old"), CredentialListModel::CertificateColumn);
        QCOMPARE(fine.data().toString(), QStringLiteral("fine, 355 days left"));
        QCOMPARE(fine.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Valid));
        QCOMPARE(old.data().toString(), QStringLiteral("expired"));
        QCOMPARE(old.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Expired));
        // 30 days before the end: expiring.
        m_clock->set(fixedNow().addDays(340));
        m_model->tick();
        QCOMPARE(fine.data().toString(), QStringLiteral("expires in 15 days"));
        QCOMPARE(fine.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Expiring));
    }

    void tickUpdatesTheTimeColumnsOfEveryRow()
    {
        QVERIFY(import(QStringLiteral("a")));
        QVERIFY(import(QStringLiteral("b")));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->tick();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), m_model->index(0, CredentialListModel::TokenColumn));
        QCOMPARE(changed.first().at(1).toModelIndex(), m_model->index(1, CredentialListModel::CertificateColumn));
    }
};

QTEST_MAIN(TestListModel)
#include "tst_listmodel.moc"
