// SPDX-License-Identifier: Apache-2.0
// Words and layout of the window's messages on the offscreen platform: the import preview
// (rows fully shown, a readable suggested name, headlines with details), the OAuth form (wide
// fields, name and author URL), short titles shown once, the error banner following the
// credential it is about, and the keychain's state said at start with what to do.

#include "appcontext.h"
#include "credentialdetails.h"
#include "credentialentry.h"
#include "deletefileoption.h"
#include "errorbanner.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "storehealthbar.h"
#include "testsupport.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGuiWords : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    ManualClock m_clock {fixedNow()};
    std::unique_ptr<AppContext> m_context;

    ParseResult parsed(const QByteArray& json) { return parseCredentialJson(json, m_clock); }

    // The title as platforms that end titles with the program's name (xcb, Windows) show it.
    static QString shownTitle(const QWidget& w)
    {
        const QString name = QGuiApplication::applicationDisplayName();
        const QString t = w.windowTitle();
        return t.endsWith(name) ? t : t + QStringLiteral(" — ") + name;
    }
    static void checkTitle(const QWidget& w)
    {
        const QString shown = shownTitle(w);
        QVERIFY2(shown.count(MainWindow::displayName()) == 1, qPrintable(shown));
        QVERIFY2(w.windowTitle().size() <= 28 || w.windowTitle() == MainWindow::displayName(),
                 qPrintable(w.windowTitle()));
    }

private Q_SLOTS:
    void initTestCase() { QGuiApplication::setApplicationDisplayName(MainWindow::displayName()); }

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

    void importPreviewShowsEveryRowWhole()
    {
        // A certificate about to expire, and many warnings: every row at its full height, the
        // rest scrolls rather than clipping.
        m_clock.set(fixedNow().addDays(340));
        const ParseResult r = parsed(serviceJson());
        QVERIFY(r.ok());
        QList<Problem> warnings = r.problems;
        for (int i = 0; i < 12; ++i)
            warnings << Problem {
                Problem::Warning,
                QStringLiteral("integration.metascopes"),
                QStringLiteral("a long explanation of something that deserves attention, number %1").arg(i),
                QStringLiteral("weak_key"),
                {}};
        ImportDialog dialog(*r.credential, warnings, QStringLiteral("creds.json"), m_context->store(), m_clock.now());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* scroll = dialog.findChild<QScrollArea*>(QStringLiteral("importScroll"));
        QVERIFY(scroll);
        QWidget* contents = scroll->widget();
        for (QLabel* l : contents->findChildren<QLabel*>()) {
            if (l->text().isEmpty() || !l->isVisibleTo(&dialog))
                continue;
            // (Laid out on the event loop after the dialog is shown.)
            const auto needed = [l] { return l->wordWrap() ? l->heightForWidth(l->width()) : l->sizeHint().height(); };
            QTRY_VERIFY2(l->height() >= needed(),
                         qPrintable(QStringLiteral("%1: %2 < %3 (w %4)")
                                        .arg(l->text().left(60))
                                        .arg(l->height())
                                        .arg(needed())
                                        .arg(l->width())));
            QVERIFY2(l->geometry().bottom() < contents->height(), qPrintable(l->text().left(60)));
        }
        // What does not fit the viewport can be scrolled to.
        QVERIFY(scroll->verticalScrollBar()->maximum() >= contents->height() - scroll->viewport()->height());
        QVERIFY(dialog.height() <= dialog.screen()->availableGeometry().height());
        // Headlines in plain words, the field path kept below for support.
        const QString text = dialog.findChild<QLabel*>(QStringLiteral("importWarnings"))->text();
        QVERIFY2(text.contains(QLatin1String("The certificate expires in 15 days")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("integration.publicKey: certificate expires in")));
        QVERIFY(!text.contains(QLatin1String("-15 days")));
    }

    // With "delete the file after import" added below the rows (as for a file in Downloads):
    // the rows stay above the name field instead of being squeezed over it, and the longest
    // unbreakable value (the technical account id) is whole, not cut at the dialog's right edge.
    void importPreviewWithTheDeleteOptionKeepsItsRowsApart()
    {
        const ParseResult r = parsed(serviceJson());
        QVERIFY(r.ok());
        ImportDialog dialog(*r.credential, r.problems, QStringLiteral("creds.json"), m_context->store(), m_clock.now());
        dialog.addOption(new DeleteFileOption(QStringLiteral("/tmp/cm-p1-e2-service.json"), true));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* scroll = dialog.findChild<QScrollArea*>(QStringLiteral("importScroll"));
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("importName"));
        QVERIFY(scroll && name);
        QTRY_VERIFY2(scroll->geometry().bottom() < name->geometry().top(),
                     qPrintable(QStringLiteral("rows end at %1, the name starts at %2")
                                    .arg(scroll->geometry().bottom())
                                    .arg(name->geometry().top())));
        QWidget* contents = scroll->widget();
        QVERIFY2(
            contents->width() <= scroll->viewport()->width(),
            qPrintable(QStringLiteral("%1 px of rows in %2").arg(contents->width()).arg(scroll->viewport()->width())));
        for (QLabel* l : contents->findChildren<QLabel*>())
            if (l->isVisibleTo(&dialog))
                QVERIFY2(l->geometry().right() < contents->width(), qPrintable(l->text().left(60)));
        QVERIFY(dialog.height() <= dialog.screen()->availableGeometry().height());
    }

    void importPreviewSuggestsAReadableName()
    {
        const ParseResult r = parsed(serviceJson()); // client id cm-p123-e4567-integration
        ImportDialog dialog(*r.credential, {}, QStringLiteral("creds.json"), m_context->store(), m_clock.now());
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("importName"))->text(), QStringLiteral("p123-e4567"));
        QCOMPARE(dialog.options().name, QStringLiteral("p123-e4567"));
        // What the entry form was given wins over the suggestion.
        dialog.setSuggested(QStringLiteral("stage"), QStringLiteral("https://author-p123-e4567.adobeaemcloud.com"));
        QCOMPARE(dialog.options().name, QStringLiteral("stage"));
        QCOMPARE(dialog.options().author, QUrl(QStringLiteral("https://author-p123-e4567.adobeaemcloud.com")));
        checkTitle(dialog);
    }

    void oauthFormHasWideFieldsANameAndAnAuthor()
    {
        OAuthForm form;
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        checkTitle(form);
        auto* name = form.findChild<QLineEdit*>(QStringLiteral("oauthName"));
        auto* author = form.findChild<QLineEdit*>(QStringLiteral("oauthAuthor"));
        QVERIFY(name && author);
        for (QLineEdit* e : form.findChildren<QLineEdit*>())
            QVERIFY2(e->width() >= e->fontMetrics().averageCharWidth() * 40, qPrintable(e->objectName()));
        name->setText(QStringLiteral(" my-s2s "));
        author->setText(QStringLiteral("https://author-p1-e2.adobeaemcloud.com"));
        QCOMPARE(form.name(), QStringLiteral("my-s2s"));
        QCOMPARE(form.author(), QStringLiteral("https://author-p1-e2.adobeaemcloud.com"));
    }

    void windowsHaveOneShortTitle()
    {
        MainWindow window(*m_context);
        checkTitle(window);
        PasteBox paste;
        checkTitle(paste);
    }

    void bannerAboutAnotherCredentialGoes()
    {
        ErrorBanner banner;
        banner.showMessage(QStringLiteral("Could not get a token for a"), QStringLiteral("id-a"));
        banner.follow(QStringLiteral("id-a"));
        QVERIFY(!banner.isHidden());
        banner.follow(QStringLiteral("id-b"));
        QVERIFY(banner.isHidden());
        QVERIFY(banner.text().isEmpty());
        // About the program as a whole: it stays whatever is selected.
        banner.showMessage(
            QStringLiteral("<qt>Cannot import x: The file looks cut short<br><small>detail</small></qt>"));
        banner.follow(QStringLiteral("id-b"));
        QVERIFY(!banner.isHidden());
        QCOMPARE(banner.text(), QStringLiteral("Cannot import x: The file looks cut short\ndetail"));
        // A message about the program does not go when a credential gets a token.
        banner.tokenRecovered(QStringLiteral("id-b"));
        QVERIFY(!banner.isHidden());
        // A token failure goes when that credential, and only that one, has a token again.
        banner.showTokenFailure(QStringLiteral("Could not get a token for b"), QStringLiteral("id-b"));
        banner.tokenRecovered(QStringLiteral("id-a"));
        QVERIFY(!banner.isHidden());
        banner.tokenRecovered(QStringLiteral("id-b"));
        QVERIFY(banner.isHidden());
        // Another kind of message about a credential stays.
        banner.showMessage(QStringLiteral("Could not save the URLs of b"), QStringLiteral("id-b"));
        banner.tokenRecovered(QStringLiteral("id-b"));
        QVERIFY(!banner.isHidden());
    }

    // The day a certificate expires is "today", before and after the hour: never "0 days".
    void certificateDayOfExpiryIsToday()
    {
        ServiceJsonSpec spec;
        spec.expired = true; // notAfter: 35 days before fixedNow()
        const ParseResult p = parsed(serviceJson(spec));
        QVERIFY(p.ok());
        CredentialStore::ImportOptions io;
        io.name = QStringLiteral("old");
        bool done = false;
        m_context->store().importCredential(*p.credential, io, this, [&](const CredentialStore::ImportResult& r) {
            QVERIFY2(r.ok, qPrintable(r.error));
            done = true;
        });
        QTRY_VERIFY(done);
        const QDateTime notAfter = fixedNow().addDays(-35);
        CredentialDetails details(*m_context);
        auto* daysLeft = details.findChild<QLabel*>(QStringLiteral("certDaysLeft"));
        m_clock.set(notAfter.addSecs(-60));
        details.setCredential(m_context->store().find(QStringLiteral("old")));
        QCOMPARE(daysLeft->text(), QStringLiteral("expires today"));
        m_clock.set(notAfter.addSecs(3600));
        details.setCredential(m_context->store().find(QStringLiteral("old")));
        QVERIFY2(daysLeft->text().startsWith(QStringLiteral("expired today — IMS refuses it")),
                 qPrintable(daysLeft->text()));
        m_clock.set(notAfter.addDays(2).addSecs(60));
        details.setCredential(m_context->store().find(QStringLiteral("old")));
        QVERIFY2(daysLeft->text().startsWith(QLatin1String("expired 2 days ago")), qPrintable(daysLeft->text()));
        m_clock.set(fixedNow());
    }

    void lockedKeychainIsSaidAtStartWithUnlock()
    {
        m_secrets->setLocked(true);
        StoreHealthBar bar(*m_context);
        QSignalSpy ready(&bar, &StoreHealthBar::keychainReady);
        QSignalSpy checked(&bar, &StoreHealthBar::checked);
        bar.show();
        QVERIFY(checked.wait(10000));
        const QString text = bar.findChild<QLabel*>(QStringLiteral("storeHealthText"))->text();
        QVERIFY2(text.contains(QLatin1String("The keychain is locked")), qPrintable(text));
        QVERIFY(ready.isEmpty()); // the status bar does not claim secrets are kept there
        auto* unlock = bar.findChild<QPushButton*>(QStringLiteral("storeUnlock"));
        QVERIFY(unlock->isVisible());
        QTest::mouseClick(unlock, Qt::LeftButton);
        QTRY_VERIFY(!m_secrets->isLocked());
        QTRY_VERIFY(!bar.isVisible());
        QTRY_COMPARE(ready.size(), 1);
    }

    void refusedUnlockSaysItStayedLocked()
    {
        m_secrets->setLocked(true, true);
        StoreHealthBar bar(*m_context);
        QSignalSpy checked(&bar, &StoreHealthBar::checked);
        bar.show();
        QVERIFY(checked.wait(10000));
        QTest::mouseClick(bar.findChild<QPushButton*>(QStringLiteral("storeUnlock")), Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QTRY_VERIFY(
            bar.findChild<QLabel*>(QStringLiteral("storeHealthText"))->text().contains(QLatin1String("stayed locked")));
        QVERIFY(bar.isVisible());
    }

    void absentKeychainSaysWhatToInstall()
    {
        m_secrets->setUnavailable(true);
        StoreHealthBar bar(*m_context);
        QSignalSpy ready(&bar, &StoreHealthBar::keychainReady);
        QSignalSpy checked(&bar, &StoreHealthBar::checked);
        bar.show();
        QVERIFY(checked.wait(10000));
        QVERIFY(bar.isVisible());
        const QString text = bar.findChild<QLabel*>(QStringLiteral("storeHealthText"))->text();
        QVERIFY2(text.contains(QLatin1String("No keychain is running"))
                     && text.contains(QLatin1String("gnome-keyring")),
                 qPrintable(text));
        QVERIFY(!bar.findChild<QPushButton*>(QStringLiteral("storeUnlock"))->isVisible());
        QVERIFY(ready.isEmpty());
    }

    void usableKeychainIsAnnouncedOnce()
    {
        StoreHealthBar bar(*m_context);
        QSignalSpy ready(&bar, &StoreHealthBar::keychainReady);
        QSignalSpy checked(&bar, &StoreHealthBar::checked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(ready.size(), 1);
        QVERIFY(ready.first().first().toString().contains(m_secrets->backendName()));
        bar.recheck();
        QVERIFY(checked.wait(10000));
        QCOMPARE(ready.size(), 1);
    }
};

QTEST_MAIN(TestGuiWords)
#include "tst_gui_words.moc"
