// SPDX-License-Identifier: Apache-2.0
// The credential list as the window shows it (core/credentiallistproxy.*): the filter typed
// above the list (name, program and environment ids, environment type, kind, hosts), the sort of
// each column (names naturally and without regard to case, tokens and certificates by the time
// left, ties stable) and the grouping by program and environment.

#include "clock.h"
#include "credentiallistmodel.h"
#include "credentiallistproxy.h"
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

class TestListProxy : public QObject
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
    std::unique_ptr<CredentialListProxy> m_proxy;

    bool importJson(const QByteArray& json, const QString& name)
    {
        const ParseResult parsed = parseCredentialJson(json, *m_clock);
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

    bool import(const QString& name, const QString& clientId)
    {
        ServiceJsonSpec spec;
        spec.clientId = clientId;
        return importJson(serviceJson(spec), name);
    }

    // The usual five: two environments of program 1234, one of 99 and of 2000, and a local
    // development token on localhost (no program).
    void importFive()
    {
        QVERIFY(import(QStringLiteral("dev10"), QStringLiteral("cm-p1234-e5678-integration")));
        QVERIFY(import(QStringLiteral("dev2"), QStringLiteral("cm-p1234-e5679-integration")));
        QVERIFY(import(QStringLiteral("Alpha"), QStringLiteral("cm-p99-e1-integration")));
        QVERIFY(import(QStringLiteral("beta"), QStringLiteral("cm-p2000-e7-integration")));
        QVERIFY(importJson("{\"accessToken\":\"" + imsShapedToken(fixedNow(), 86400000) + "\"}",
                           QStringLiteral("local-dev")));
        Environment local;
        local.author = QUrl(QStringLiteral("http://localhost:4502"));
        QVERIFY(m_store->setEnvironment(QStringLiteral("local-dev"), local));
        QVERIFY(m_store->setEnvType(QStringLiteral("beta"), EnvType::Production));
        m_model->reload();
        QCOMPARE(m_proxy->rowCount(), 5);
    }

    static QStringList list(std::initializer_list<const char*> items)
    {
        QStringList out;
        for (const char* s : items)
            out << QString::fromUtf8(s);
        return out;
    }

    // The names in the proxy's order.
    QStringList names() const
    {
        QStringList out;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            out << m_proxy->index(row, 0).data(CredentialListModel::NameRole).toString();
        return out;
    }
    QStringList filtered(const QString& text)
    {
        m_proxy->setFilterText(text);
        return names();
    }
    QString cell(int row, int column) const { return m_proxy->index(row, column).data().toString(); }
    bool cacheToken(const QString& name, qint64 secondsLeft)
    {
        const auto rec = m_store->find(name);
        return rec && m_store->saveCachedTokenInfo(*rec, {m_clock->now(), m_clock->now().addSecs(secondsLeft)});
    }

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
        m_proxy = std::make_unique<CredentialListProxy>();
        m_proxy->setSourceModel(m_model.get());
        m_proxy->sort(CredentialListModel::NameColumn, Qt::AscendingOrder);
    }

    void cleanup()
    {
        m_proxy.reset();
        m_model.reset();
        m_service.reset();
        m_tokens.reset();
        m_store.reset();
        m_clock.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    void filterLooksInEveryFieldWithoutRegardToCase()
    {
        importFive();
        QCOMPARE(filtered(QStringLiteral("ALPHA")), QStringList {QStringLiteral("Alpha")});
        QCOMPARE(filtered(QStringLiteral("dev")), list({"dev2", "dev10", "local-dev"}));
        // Program and environment ids, alone or together (every word must be found).
        QCOMPARE(filtered(QStringLiteral("P1234")), list({"dev2", "dev10"}));
        QCOMPARE(filtered(QStringLiteral("e5679")), QStringList {QStringLiteral("dev2")});
        QCOMPARE(filtered(QStringLiteral("p1234 e5678")), QStringList {QStringLiteral("dev10")});
        QCOMPARE(filtered(QStringLiteral("  e5678   p1234 ")), QStringList {QStringLiteral("dev10")});
        QCOMPARE(filtered(QStringLiteral("p99")), QStringList {QStringLiteral("Alpha")});
        // Environment type: its id, its label and its badge.
        QCOMPARE(filtered(QStringLiteral("production")), QStringList {QStringLiteral("beta")});
        QCOMPARE(filtered(QStringLiteral("PROD")), QStringList {QStringLiteral("beta")});
        // Kind, as shown ("Service", "Local dev") and by its id.
        QCOMPARE(filtered(QStringLiteral("service")), list({"Alpha", "beta", "dev2", "dev10"}));
        QCOMPARE(filtered(QStringLiteral("local dev")), QStringList {QStringLiteral("local-dev")});
        QCOMPARE(filtered(QStringLiteral("oauth")), QStringList());
        // Hosts, with their port.
        QCOMPARE(filtered(QStringLiteral("localhost:4502")), QStringList {QStringLiteral("local-dev")});
        QCOMPARE(filtered(QStringLiteral("nothing-like-it")), QStringList());
        QCOMPARE(m_proxy->filterText(), QStringLiteral("nothing-like-it"));
        QCOMPARE(filtered(QString()).size(), 5);
    }

    void filterFollowsTheStore()
    {
        importFive();
        m_proxy->setFilterText(QStringLiteral("p1234"));
        QCOMPARE(names(), list({"dev2", "dev10"}));
        // A credential added while filtered shows only if it matches.
        QVERIFY(import(QStringLiteral("zulu"), QStringLiteral("cm-p1234-e1-integration")));
        QVERIFY(import(QStringLiteral("yankee"), QStringLiteral("cm-p5-e1-integration")));
        QCOMPARE(names(), list({"dev2", "dev10", "zulu"}));
        // A rename that stops matching hides it; the type set later makes it match "stage".
        QVERIFY(m_store->renameCredential(QStringLiteral("zulu"), QStringLiteral("Zulu stage")));
        QCOMPARE(names(), list({"dev2", "dev10", "Zulu stage"}));
        m_proxy->setFilterText(QStringLiteral("stage"));
        QCOMPARE(names(), QStringList {QStringLiteral("Zulu stage")});
        QVERIFY(m_store->setEnvType(QStringLiteral("yankee"), EnvType::Stage));
        QTRY_COMPARE(names(), list({"yankee", "Zulu stage"}));
    }

    void namesSortNaturallyWithoutRegardToCase()
    {
        importFive();
        QCOMPARE(names(), list({"Alpha", "beta", "dev2", "dev10", "local-dev"}));
        m_proxy->sort(CredentialListModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(names(), list({"local-dev", "dev10", "dev2", "beta", "Alpha"}));
    }

    void tokensSortByTimeLeftAndTiesByName()
    {
        importFive();
        QVERIFY(cacheToken(QStringLiteral("dev2"), 3600));
        QVERIFY(cacheToken(QStringLiteral("dev10"), 5 * 3600));
        QVERIFY(cacheToken(QStringLiteral("Alpha"), -3600)); // expired an hour ago
        m_service->refresh();
        m_model->tick();
        // beta has no token (nothing left, first); the local token has 24 h left.
        m_proxy->sort(CredentialListModel::TokenColumn, Qt::AscendingOrder);
        QCOMPARE(names(), list({"beta", "Alpha", "dev2", "dev10", "local-dev"}));
        m_proxy->sort(CredentialListModel::TokenColumn, Qt::DescendingOrder);
        QCOMPARE(names(), list({"local-dev", "dev10", "dev2", "Alpha", "beta"}));
        // Equal times: by name, whatever order the list had before.
        QVERIFY(cacheToken(QStringLiteral("Alpha"), 3600));
        m_service->refresh();
        m_proxy->sort(CredentialListModel::TokenColumn, Qt::AscendingOrder);
        QCOMPARE(names(), list({"beta", "Alpha", "dev2", "dev10", "local-dev"}));
        m_proxy->sort(CredentialListModel::NameColumn, Qt::DescendingOrder);
        m_proxy->sort(CredentialListModel::TokenColumn, Qt::AscendingOrder);
        QCOMPARE(names(), list({"beta", "Alpha", "dev2", "dev10", "local-dev"}));
    }

    void certificatesSortByTimeLeftAndOthersByText()
    {
        importFive();
        ServiceJsonSpec old;
        old.clientId = QStringLiteral("cm-p7-e7-integration");
        old.expired = true;
        QVERIFY(importJson(serviceJson(old), QStringLiteral("old")));
        m_proxy->sort(CredentialListModel::CertificateColumn, Qt::AscendingOrder);
        // The expired one first; equal certificates by name; the local token (none) last.
        QCOMPARE(names(), list({"old", "Alpha", "beta", "dev2", "dev10", "local-dev"}));
        m_proxy->sort(CredentialListModel::EnvTypeColumn, Qt::AscendingOrder);
        QCOMPARE(names().first(), QStringLiteral("beta")); // PROD before no type
        m_proxy->sort(CredentialListModel::EnvironmentColumn, Qt::AscendingOrder);
        // By program then environment as numbers (p99 before p1234), unknown last.
        QCOMPARE(names(), list({"old", "Alpha", "dev10", "dev2", "beta", "local-dev"}));
    }

    void groupingOrdersByProgramThenEnvironmentInEitherDirection()
    {
        importFive();
        QVERIFY(import(QStringLiteral("dev3"), QStringLiteral("cm-p1234-e5678-other")));
        QSignalSpy layout(m_proxy.get(), &QAbstractItemModel::layoutChanged);
        m_proxy->setGroupByProgram(true);
        QVERIFY(m_proxy->groupByProgram());
        QVERIFY(!layout.isEmpty());
        // p99, p1234 (e5678: dev3, dev10 by name; then e5679), p2000, then no program.
        QCOMPARE(names(), list({"Alpha", "dev3", "dev10", "dev2", "beta", "local-dev"}));
        // The program once per group, on its first row.
        const int env = CredentialListModel::EnvironmentColumn;
        QCOMPARE(cell(0, env), QStringLiteral("p99 e1"));
        QCOMPARE(cell(1, env), QStringLiteral("p1234 e5678"));
        QCOMPARE(cell(2, env), QStringLiteral("\u2003\u2003e5678"));
        QCOMPARE(cell(3, env), QStringLiteral("\u2003\u2003e5679"));
        QCOMPARE(cell(4, env), QStringLiteral("p2000 e7"));
        QCOMPARE(cell(5, env), QStringLiteral("localhost:4502"));
        QList<bool> starts;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            starts << m_proxy->index(row, 0).data(CredentialListProxy::GroupStartRole).toBool();
        QCOMPARE(starts, QList<bool>({true, true, false, false, true, true}));
        // A screen reader still hears the whole label.
        QCOMPARE(m_proxy->index(2, env).data(Qt::AccessibleTextRole).toString(), QStringLiteral("p1234 e5678"));

        // Descending by name: the groups keep their order, the rows in them turn round.
        m_proxy->sort(CredentialListModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(names(), list({"Alpha", "dev10", "dev3", "dev2", "beta", "local-dev"}));
        // Filtered: the group label moves to the first row still shown.
        m_proxy->setFilterText(QStringLiteral("e5679"));
        QCOMPARE(names(), QStringList {QStringLiteral("dev2")});
        QCOMPARE(cell(0, env), QStringLiteral("p1234 e5679"));

        // Off: the list's own order and text again.
        m_proxy->setFilterText(QString());
        m_proxy->setGroupByProgram(false);
        m_proxy->sort(CredentialListModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(names(), list({"Alpha", "beta", "dev2", "dev3", "dev10", "local-dev"}));
        QCOMPARE(cell(3, env), QStringLiteral("p1234 e5678"));
        QVERIFY(!m_proxy->index(0, 0).data(CredentialListProxy::GroupStartRole).toBool());
    }
};

QTEST_GUILESS_MAIN(TestListProxy)
#include "tst_listproxy.moc"
