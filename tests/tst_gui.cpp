// SPDX-License-Identifier: Apache-2.0
// The desktop window on the offscreen platform, driven like a user would, against the sandbox
// with an injected clock and an in-memory keychain. Each test starts from an empty store and a
// new window (init()), and imports what it needs, so any one runs alone. With
// AEMTOKEN_SCREENSHOTS=DIR set, each state is also saved as a PNG (for the README).

#include "appcontext.h"
#include "clipboardguard.h"
#include "clock.h"
#include "countdown.h"
#include "credentiallistmodel.h"
#include "dialogs.h"
#include "environment.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "rotationdialog.h"
#include "secretstore.h"
#include "settingsdialog.h"
#include "testsupport.h"
#include "tokenpanel.h"
#include "tokenservice.h"
#include "wording.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace aem;
using namespace aem::test;
using namespace aem::ui;

class TestGui : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<SandboxFixture> m_sandbox;
    // Per test (init/cleanup).
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;

    void shot(const QString& name)
    {
        const QString dir = qEnvironmentVariable("AEMTOKEN_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QCoreApplication::processEvents();
        QPixmap pm = m_window->grab();
        if (auto* dialog = m_window->findChild<QDialog*>(); dialog && dialog->isVisible()) {
            // Put the dialog where a window manager would: centred on the window.
            QPainter p(&pm);
            const QPixmap d = dialog->grab();
            p.drawPixmap((pm.width() - d.width()) / 2, (pm.height() - d.height()) / 3, d);
        }
        pm.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    ImportDialog* waitForImportDialog()
    {
        ImportDialog* dialog = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] {
                dialog = m_window->findChild<ImportDialog*>();
                return dialog && dialog->isVisible();
            },
            10000);
        return shown ? dialog : nullptr;
    }

    void acceptImport(ImportDialog* dialog)
    {
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("importAccept"));
        QVERIFY(ok && ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    }

    QString pasteAndImport(const QByteArray& json, const QString& author = {}, const QString& name = {})
    {
        QApplication::clipboard()->setText(QString::fromUtf8(json));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = waitForImportDialog();
        if (!dialog)
            return {};
        if (!author.isEmpty())
            dialog->findChild<QLineEdit*>(QStringLiteral("importAuthor"))->setText(author);
        if (!name.isEmpty())
            dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(name);
        acceptImport(dialog);
        if (!imported.wait(10000))
            return {};
        return imported.first().first().toString();
    }

    QByteArray serviceJson(const sandbox::Sandbox::NewCredentialSpec& spec = {})
    {
        return m_sandbox->sandbox().createServiceCredentials(spec);
    }

    // "dev": service credentials on the sandbox's author, selected.
    bool importDev()
    {
        if (pasteAndImport(serviceJson(), m_sandbox->sandbox().baseUrl(), QStringLiteral("dev"))
            != QLatin1String("dev"))
            return false;
        m_window->selectCredential(QStringLiteral("dev"));
        return panel().credentialName() == QLatin1String("dev");
    }

    // "dev" with a token on the panel.
    bool importDevWithToken()
    {
        if (!importDev())
            return false;
        m_clock->set(QDateTime::currentDateTimeUtc()); // the sandbox stamps tokens with real time
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        return QTest::qWaitFor([this] { return panel().hasToken(); }, 15000);
    }

    TokenPanel& panel() { return m_window->tokenPanel(); }
    QPushButton* button(const char* name) { return m_window->findChild<QPushButton*>(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        // As the program sets it (app/desktop_main.cpp): the platform's title suffix.
        QGuiApplication::setApplicationDisplayName(MainWindow::displayName());
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->ok(), qPrintable(m_sandbox->error()));
    }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        AppSettings s;
        s.extraCaFile = m_sandbox->sandbox().caFile();
        s.clipboardClearSeconds = 1;
        const QString settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        QVERIFY(s.save(settingsPath));
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path());
        o.secrets = m_secrets.get();
        o.clock = m_clock.get();
        o.settingsPath = settingsPath;
        m_context = std::make_unique<AppContext>(o);
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->resize(1100, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_context.reset();
        m_clock.reset();
        m_secrets.reset();
        m_tmp.reset();
    }

    // The application's name once: platforms that append the display name see it already there.
    void windowTitleNamesTheProgramOnce()
    {
        QCOMPARE(m_window->windowTitle(), QStringLiteral("AEM Token Manager"));
        QVERIFY(m_window->windowTitle().endsWith(QGuiApplication::applicationDisplayName()));
    }

    // "The token panel tells one truth": a token the service holds is shown again, masked, with
    // its countdown and claims, after another credential was selected; no second mint.
    void tokenIsShownAgainAfterSelectingAnother()
    {
        QVERIFY(importDevWithToken());
        QCOMPARE(pasteAndImport(serviceJson(), m_sandbox->sandbox().baseUrl(), QStringLiteral("other")),
                 QStringLiteral("other"));
        auto* value = m_window->findChild<QLineEdit*>(QStringLiteral("tokenValue"));
        auto* claims = m_window->findChild<QWidget*>(QStringLiteral("claims"));
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        m_window->selectCredential(QStringLiteral("other"));
        QCOMPARE(panel().credentialName(), QStringLiteral("other"));
        QVERIFY(!panel().hasToken());
        QCOMPARE(value->placeholderText(), QStringLiteral("No token yet: press Get token"));
        QCOMPARE(panel().countdownText(), QStringLiteral("--:--:--"));
        QVERIFY(!claims->isVisible());
        m_window->selectCredential(QStringLiteral("dev"));
        QVERIFY(value->placeholderText() != QLatin1String("No token yet: press Get token"));
        QTRY_VERIFY(panel().hasToken());
        QVERIFY(!value->text().isEmpty());
        QCOMPARE(value->echoMode(), QLineEdit::Password);
        QVERIFY(button("copyToken")->isEnabled());
        QVERIFY(m_window->findChild<QWidget*>(QStringLiteral("revealToken"))->isEnabled());
        QVERIFY(claims->isVisible());
        const QDateTime exp = m_window->model().tokenExpiresAt(QStringLiteral("dev"));
        QCOMPARE(panel().countdownText(), formatCountdown(m_clock->now().msecsTo(exp)));
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges);
        // Revealed, it is the token itself.
        QTest::mouseClick(m_window->findChild<QWidget*>(QStringLiteral("revealToken")), Qt::LeftButton);
        QCOMPARE(value->echoMode(), QLineEdit::Normal);
        QVERIFY(value->text().startsWith(QLatin1String("eyJ")));
        shot(QStringLiteral("6-token-again"));
    }

    // A local development token is its own file: shown as the window opens on it.
    void localDevTokenIsShownAtStart()
    {
        const int exchanges = m_sandbox->sandbox().exchangeCount();
        QCOMPARE(pasteAndImport(m_sandbox->sandbox().createLocalDevToken(24 * 3600 * 1000LL),
                                m_sandbox->sandbox().baseUrl(), QStringLiteral("local-dev")),
                 QStringLiteral("local-dev"));
        // The program started again on this store: a new context and window.
        m_window.reset();
        AppContext::Options o;
        o.location = StoreLocation::under(m_tmp->path());
        o.secrets = m_secrets.get();
        o.clock = m_clock.get();
        o.settingsPath = m_tmp->path() + QStringLiteral("/settings.ini");
        m_context = std::make_unique<AppContext>(o);
        m_window = std::make_unique<MainWindow>(*m_context);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(panel().credentialName(), QStringLiteral("local-dev"));
        auto* value = m_window->findChild<QLineEdit*>(QStringLiteral("tokenValue"));
        QVERIFY(value->placeholderText() != QLatin1String("No token yet: press Get token"));
        QTRY_VERIFY(panel().hasToken());
        const QDateTime exp = m_window->model().tokenExpiresAt(QStringLiteral("local-dev"));
        QCOMPARE(panel().countdownText(), formatCountdown(m_clock->now().msecsTo(exp)));
        auto* claims = m_window->findChild<QTableWidget*>(QStringLiteral("claims"));
        QVERIFY(claims->isVisible());
        // Its rows whole, without scrolling and without an empty band below the last one.
        QTRY_VERIFY(claims->rowCount() > 3);
        QCOMPARE(claims->verticalScrollBar()->maximum(), 0);
        const QRect last = claims->visualRect(claims->model()->index(claims->rowCount() - 1, 0));
        QVERIFY2(
            claims->viewport()->height() - last.bottom() <= 2,
            qPrintable(QStringLiteral("%1 px below the last row").arg(claims->viewport()->height() - last.bottom())));
        QVERIFY(button("copyToken")->isEnabled());
        QVERIFY(!button("renewToken")->isVisible());
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), exchanges);
        // On a tall window the room to spare goes below the boxes, not between them.
        m_window->resize(1600, 1600);
        auto* details = m_window->findChild<QWidget*>(QStringLiteral("credentialDetails"));
        QTRY_VERIFY(m_window->height() > 1500);
        // From the token panel's last row (its claims) to the details' first box.
        const auto gap = [&] {
            return details->mapTo(m_window.get(), QPoint(0, 0)).y()
                - claims->mapTo(m_window.get(), QPoint(0, claims->height())).y();
        };
        QTRY_VERIFY2(gap() <= 24, qPrintable(QStringLiteral("%1 px between the token and the details").arg(gap())));
        // The details say when it ends in the same medium date as the token panel.
        auto* expiry = m_window->findChild<QLabel*>(QStringLiteral("tokenExpiry"));
        QVERIFY(expiry);
        QCOMPARE(expiry->text(), userDateTime(exp));
    }

    void emptyStateExplainsWhatToDo()
    {
        auto* welcome = m_window->findChild<QWidget*>(QStringLiteral("welcome"));
        QVERIFY(welcome && welcome->isVisible());
        shot(QStringLiteral("1-empty"));
    }

    void pasteShowsWhatIsReadThenImports()
    {
        QApplication::clipboard()->setText(QString::fromUtf8(serviceJson()));
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        auto* note = dialog->findChild<QLabel*>(QStringLiteral("keychainNote"));
        QVERIFY(note->text().contains(QLatin1String("private key and the client secret")));
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(QStringLiteral("dev"));
        dialog->findChild<QLineEdit*>(QStringLiteral("importAuthor"))->setText(m_sandbox->sandbox().baseUrl());
        shot(QStringLiteral("2-import-preview"));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
        QCOMPARE(imported.first().first().toString(), QStringLiteral("dev"));
        QCOMPARE(m_window->model().rowCount(), 1);
        QCOMPARE(m_secrets->entries().size(), 1);
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("clientId"))
                    ->text()
                    .startsWith(QLatin1String("cm-p1234-e5678")));
        QVERIFY(!m_window->findChild<QWidget*>(QStringLiteral("welcome"))->isVisible());
    }

    void mintShowsAFallingCountdown()
    {
        QVERIFY(importDev());
        m_clock->set(QDateTime::currentDateTimeUtc()); // the sandbox stamps tokens with real time
        const int before = m_sandbox->sandbox().exchangeCount();
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QVERIFY(panel().isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        const QDateTime exp = m_window->model().tokenExpiresAt(QStringLiteral("dev"));
        QVERIFY(exp.isValid());
        QTRY_COMPARE(panel().countdownText(), formatCountdown(m_clock->now().msecsTo(exp)));
        const qint64 left = m_clock->now().msecsTo(exp);
        QVERIFY2(left > 86340000 && left < 86405000, qPrintable(panel().countdownText())); // about 24 h
        // The value is masked until revealed.
        auto* value = m_window->findChild<QLineEdit*>(QStringLiteral("tokenValue"));
        QCOMPARE(value->echoMode(), QLineEdit::Password);
        shot(QStringLiteral("3-token-countdown"));
        // Two hours and five seconds later the display follows the clock.
        m_clock->advanceMs(2 * 3600 * 1000 + 5000);
        QTRY_COMPARE(panel().countdownText(), formatCountdown(m_clock->now().msecsTo(exp)));
        QVERIFY2(panel().countdownText().startsWith(QLatin1String("21:5")), qPrintable(panel().countdownText()));
        auto* claims = m_window->findChild<QWidget*>(QStringLiteral("claims"));
        QVERIFY(claims->isVisible());
    }

    void renewsAheadOfExpiry()
    {
        QVERIFY(importDevWithToken());
        const QDateTime exp = m_window->model().tokenExpiresAt(QStringLiteral("dev"));
        const int before = m_sandbox->sandbox().exchangeCount();
        m_clock->set(exp.addSecs(-11 * 60));
        m_window->tick();
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before); // not due yet
        m_clock->set(exp.addSecs(-9 * 60));
        m_window->tick();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().tokenExpiresAt(QStringLiteral("dev")) > exp, 15000);
        QCOMPARE(m_sandbox->sandbox().exchangeCount(), before + 1);
        m_clock->set(QDateTime::currentDateTimeUtc());
    }

    // A renewal that fails for a credential not on screen is not said over the one shown: the
    // status bar names it, its banner comes when it is shown, and goes once it has a token again.
    void renewalFailureBelongsToItsCredential()
    {
        QVERIFY(importDevWithToken());
        QCOMPARE(pasteAndImport(serviceJson(), m_sandbox->sandbox().baseUrl(), QStringLiteral("other")),
                 QStringLiteral("other"));
        m_window->selectCredential(QStringLiteral("other"));
        const QDateTime exp = m_window->model().tokenExpiresAt(QStringLiteral("dev"));
        QSignalSpy failed(&m_context->tokenService(), &TokenService::renewalFailed);
        m_sandbox->sandbox().failNextExchanges(1, 503, 3600); // too long a wait: not retried
        m_clock->set(exp.addSecs(-9 * 60));
        m_window->tick();
        QVERIFY(failed.wait(15000));
        QVERIFY2(m_window->errorText().isEmpty(), qPrintable(m_window->errorText()));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("Automatic renewal of dev failed")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        m_window->selectCredential(QStringLiteral("other")); // still about the one shown: nothing
        QVERIFY(m_window->errorText().isEmpty());
        m_window->selectCredential(QStringLiteral("dev"));
        QVERIFY2(m_window->errorText().contains(QLatin1String("Automatic renewal of dev failed")),
                 qPrintable(m_window->errorText()));
        QVERIFY(m_window->errorText().contains(QLatin1String("3600")));
        // Dismissed, it stays so while the same credential is shown.
        m_window->findChild<QWidget*>(QStringLiteral("errorBanner"))->findChild<QToolButton*>()->click();
        QVERIFY(m_window->errorText().isEmpty());
        m_window->selectCredential(QStringLiteral("dev"));
        QVERIFY(m_window->errorText().isEmpty());
        m_window->selectCredential(QStringLiteral("other"));
        m_window->selectCredential(QStringLiteral("dev"));
        QVERIFY(!m_window->errorText().isEmpty()); // shown anew: said again
        // Renewed by hand: what said it failed is over.
        QTest::mouseClick(button("renewToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().tokenExpiresAt(QStringLiteral("dev")) > exp, 15000);
        QTRY_VERIFY(m_window->errorText().isEmpty());
        m_window->selectCredential(QStringLiteral("other"));
        m_window->selectCredential(QStringLiteral("dev"));
        QVERIFY(m_window->errorText().isEmpty());
        m_clock->set(QDateTime::currentDateTimeUtc());
    }

    // A failed Get token is said until the credential has a token: then the banner goes.
    void mintFailureGoesWithTheNextToken()
    {
        QVERIFY(importDev());
        m_clock->set(QDateTime::currentDateTimeUtc());
        m_sandbox->sandbox().failNextExchanges(1, 503, 3600);
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->errorText().isEmpty(), 15000);
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
        QTRY_VERIFY(m_window->errorText().isEmpty());
    }

    void validateThenRevoke()
    {
        QVERIFY(importDevWithToken());
        m_window->selectCredential(QStringLiteral("dev"));
        QSignalSpy validated(m_window.get(), &MainWindow::validated);
        m_window->findChild<QAction*>(QStringLiteral("actionValidate"))->trigger();
        QVERIFY(validated.wait(15000));
        QVERIFY(validated.first().at(1).toBool());
        QSignalSpy revoked(m_window.get(), &MainWindow::revoked);
        Dialogs::setNextAnswer(QMessageBox::Yes);
        m_window->findChild<QAction*>(QStringLiteral("actionRevoke"))->trigger();
        QVERIFY(revoked.wait(15000));
        QVERIFY(!m_window->model().tokenExpiresAt(QStringLiteral("dev")).isValid());
        QVERIFY(!panel().hasToken());
        // A new token comes on the next request.
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
    }

    void copyMarksAndClearsTheClipboard()
    {
        QVERIFY(importDevWithToken());
        QTRY_VERIFY(panel().hasToken());
        QTest::mouseClick(button("copyToken"), Qt::LeftButton);
        const QMimeData* mime = QApplication::clipboard()->mimeData();
        QVERIFY(mime->text().startsWith(QLatin1String("eyJ")));
        QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(m_window->clipboardGuard().holdsSecret());
        QTRY_VERIFY_WITH_TIMEOUT(QApplication::clipboard()->text().isEmpty(), 10000); // settings: 1 s
        // What the user copied afterwards is never cleared.
        QTest::mouseClick(button("copyHeader"), Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("Authorization: Bearer eyJ")));
        QApplication::clipboard()->setText(QStringLiteral("mine"));
        QVERIFY(m_window->clipboardGuard().clearPending());
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->clipboardGuard().clearPending(), 10000); // the due clear ran
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("mine"));
    }

    void expiredCertificateIsWarned()
    {
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.expiredCertificate = true;
        QApplication::clipboard()->setText(QString::fromUtf8(serviceJson(spec)));
        QSignalSpy notified(m_window.get(), &MainWindow::notified);
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        auto* warnings = dialog->findChild<QLabel*>(QStringLiteral("importWarnings"));
        QVERIFY(warnings && warnings->text().contains(QLatin1String("expired on")));
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(QStringLiteral("old"));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
        const int row = m_window->model().rowOf(QStringLiteral("old"));
        const QModelIndex cert = m_window->model().index(row, CredentialListModel::CertificateColumn);
        QCOMPARE(cert.data().toString(), QStringLiteral("expired"));
        QCOMPARE(cert.data(CredentialListModel::StateRole).toInt(), int(ExpiryState::Expired));
        m_window->tick();
        QVERIFY(std::any_of(notified.cbegin(), notified.cend(), [](const QList<QVariant>& n) {
            return n.at(1).toString().contains(QLatin1String("old"))
                && n.at(1).toString().contains(QLatin1String("expired"));
        }));
        // Minting with it fails with IMS's reason, shown where the user looks.
        m_window->selectCredential(QStringLiteral("old"));
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->errorText().contains(QLatin1String("certificate is expired")), 15000);
        QVERIFY(m_window->errorText().contains(QLatin1String("invalid_token")));
        shot(QStringLiteral("4-error"));
    }

    void keychainFailureLeavesTheListUnchanged()
    {
        const int rows = m_window->model().rowCount();
        m_secrets->failNext(1, SecretResult::Unavailable);
        QApplication::clipboard()->setText(QString::fromUtf8(serviceJson()));
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(QStringLiteral("nokeychain"));
        acceptImport(dialog);
        QTRY_VERIFY(m_window->errorText().contains(QLatin1String("no keychain is available")));
        QVERIFY(m_window->errorText().contains(QLatin1String("Nothing was stored")));
        QCOMPARE(m_window->model().rowCount(), rows);
        QCOMPARE(m_window->model().rowOf(QStringLiteral("nokeychain")), -1);
    }

    void badPasteNamesTheField()
    {
        QApplication::clipboard()->setText(QStringLiteral("{\"integration\":{\"technicalAccount\":[]}}"));
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        QTRY_VERIFY(m_window->errorText().contains(QLatin1String("integration.")));
        QVERIFY(!m_window->findChild<ImportDialog*>());
    }

    void pasteBoxImports()
    {
        m_window->findChild<QAction*>(QStringLiteral("actionPasteBox"))->trigger();
        QDialog* box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<QDialog*>(QStringLiteral("pasteBox"))) && box->isVisible());
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.pkcs8 = true;
        box->findChild<QPlainTextEdit*>(QStringLiteral("pasteText"))
            ->setPlainText(QString::fromUtf8(serviceJson(spec)));
        box->accept();
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
    }

    void droppedFileIsImported()
    {
        const QString path = m_tmp->path() + QStringLiteral("/dropped.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.environment = 9999;
        f.write(serviceJson(spec));
        f.close();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
        // The suggested name: the program and environment, not the raw client id.
        QCOMPARE(imported.first().first().toString(), QStringLiteral("p1234-e9999"));
    }

    void reimportOffersReplace()
    {
        QByteArray json = serviceJson();
        QCOMPARE(pasteAndImport(json, m_sandbox->sandbox().baseUrl()).isEmpty(), false);
        const int rows = m_window->model().rowCount();
        QApplication::clipboard()->setText(QString::fromUtf8(json));
        m_window->findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("replaceNote")));
        QCOMPARE(dialog->findChild<QPushButton*>(QStringLiteral("importAccept"))->text(), QStringLiteral("&Replace"));
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
        QCOMPARE(m_window->model().rowCount(), rows);
    }

    void oauthCredentialsMintAndRenewLikeServiceCredentials()
    {
        const QString name =
            pasteAndImport(m_sandbox->sandbox().createOAuthCredentials(true), m_sandbox->sandbox().baseUrl());
        QVERIFY(!name.isEmpty());
        const int row = m_window->model().rowOf(name);
        QCOMPARE(m_window->model().index(row, CredentialListModel::KindColumn).data().toString(),
                 QStringLiteral("OAuth S2S"));
        m_window->selectCredential(name);
        QVERIFY(button("renewToken")->isVisible());
        QVERIFY(!m_window->findChild<QWidget*>(QStringLiteral("certFingerprint"))->isVisible());
        m_clock->set(QDateTime::currentDateTimeUtc());
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
        const QDateTime exp = m_window->model().tokenExpiresAt(name);
        // expires_in of /ims/token/v3 is in seconds: about a day, not 86 seconds.
        QVERIFY(m_clock->now().msecsTo(exp) > 23 * 3600 * 1000);
        m_clock->set(exp.addSecs(-5 * 60));
        m_window->tick();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().tokenExpiresAt(name) > exp, 15000);
        m_clock->set(QDateTime::currentDateTimeUtc());
    }

    // Settings › Proxy › Manual, with a proxy that wants a sign-in: cancelling explains the 407;
    // signing in mints through the proxy, TLS verified against the name asked for.
    void proxySignInIsAsked()
    {
        TunnelProxy proxy(m_sandbox->sandbox().port());
        proxy.requiredCredentials = "alice:s3cret";
        QVERIFY(proxy.listen());
        const AppSettings before = m_context->settings();
        AppSettings s = before;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("127.0.0.1");
        s.proxyPort = proxy.port();
        m_context->setSettings(s);
        const auto restore = qScopeGuard([this, before] { m_context->setSettings(before); });
        const QString ims = QStringLiteral("ims.sandbox.test:%1").arg(m_sandbox->sandbox().port());
        QJsonObject doc = QJsonDocument::fromJson(serviceJson()).object();
        QJsonObject integration = doc.value(QLatin1String("integration")).toObject();
        integration.insert(QStringLiteral("imsEndpoint"), ims);
        doc.insert(QStringLiteral("integration"), integration);
        const QString name = pasteAndImport(QJsonDocument(doc).toJson(), m_sandbox->sandbox().baseUrl());
        QVERIFY(!name.isEmpty());
        m_window->selectCredential(name);
        m_clock->set(QDateTime::currentDateTimeUtc());

        Dialogs::setNextProxySignIn(std::nullopt);
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->errorText().contains(QLatin1String("proxy asks to sign in")), 15000);
        QVERIFY(!panel().hasToken());
        const int challenged = proxy.challenges;
        QVERIFY(challenged >= 1);

        Dialogs::setNextProxySignIn(Dialogs::ProxySignIn {QStringLiteral("alice"), QStringLiteral("s3cret")});
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
        QVERIFY(proxy.challenges > challenged);
        QVERIFY(proxy.connects.contains("CONNECT " + ims.toLatin1() + " HTTP/1.1"));
    }

    // No proxy password can reach the settings file: the host field takes a host name only.
    void manualProxyTakesAHostNameOnly()
    {
        SettingsDialog dialog(AppSettings {});
        dialog.findChild<QComboBox*>(QStringLiteral("proxyMode"))->setCurrentIndex(int(AppSettings::ProxyMode::Manual));
        auto* host = dialog.findChild<QLineEdit*>(QStringLiteral("proxyHost"));
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("settingsError"));
        for (const QString& bad : {QStringLiteral("alice:s3cret@proxy.corp"), QStringLiteral("http://proxy.corp"),
                                   QStringLiteral("proxy.corp:3128")}) {
            host->setText(bad);
            QVERIFY2(!ok->isEnabled(), qPrintable(bad));
            QVERIFY(error->text().contains(QLatin1String("host name only")));
        }
        for (const QString& good :
             {QStringLiteral("proxy.corp"), QStringLiteral("10.0.0.8"), QStringLiteral("fd00::8")}) {
            host->setText(good);
            QVERIFY2(ok->isEnabled(), qPrintable(good));
        }
    }

    void oauthCredentialsEnteredInAForm()
    {
        const QJsonObject o = QJsonDocument::fromJson(m_sandbox->sandbox().createOAuthCredentials()).object();
        m_window->findChild<QAction*>(QStringLiteral("actionOAuthForm"))->trigger();
        QDialog* form = nullptr;
        QTRY_VERIFY((form = m_window->findChild<QDialog*>(QStringLiteral("oauthForm"))) && form->isVisible());
        auto set = [form](const char* name, const QString& v) {
            form->findChild<QLineEdit*>(QLatin1String(name))->setText(v);
        };
        set("oauthClientId", o.value(QLatin1String("client_id")).toString());
        set("oauthSecret", o.value(QLatin1String("client_secrets")).toArray().first().toString());
        set("oauthOrg", o.value(QLatin1String("ims_org_id")).toString());
        set("oauthAccount", o.value(QLatin1String("technical_account_id")).toString());
        set("oauthEmail", o.value(QLatin1String("technical_account_email")).toString());
        set("oauthIms", o.value(QLatin1String("ims_endpoint")).toString());
        QCOMPARE(form->findChild<QLineEdit*>(QStringLiteral("oauthSecret"))->echoMode(), QLineEdit::Password);
        QTest::mouseClick(form->findChild<QPushButton*>(QStringLiteral("oauthReview")), Qt::LeftButton);
        ImportDialog* dialog = waitForImportDialog();
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(QStringLiteral("importName"))->setText(QStringLiteral("typed-s2s"));
        dialog->findChild<QLineEdit*>(QStringLiteral("importAuthor"))->setText(m_sandbox->sandbox().baseUrl());
        QSignalSpy imported(m_window.get(), &MainWindow::imported);
        acceptImport(dialog);
        QVERIFY(imported.wait(10000));
        m_window->selectCredential(QStringLiteral("typed-s2s"));
        m_clock->set(QDateTime::currentDateTimeUtc());
        QTest::mouseClick(button("getToken"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel().hasToken(), 15000);
    }

    void rotationKeepsTheOldCertificateUntilConfirmed()
    {
        m_clock->set(QDateTime::currentDateTimeUtc());
        sandbox::Sandbox::NewCredentialSpec spec;
        spec.validDays = 20;
        const QByteArray json = serviceJson(spec);
        const QString clientId = QJsonDocument::fromJson(json)
                                     .object()
                                     .value(QLatin1String("integration"))
                                     .toObject()
                                     .value(QLatin1String("technicalAccount"))
                                     .toObject()
                                     .value(QLatin1String("clientId"))
                                     .toString();
        const QString name = pasteAndImport(json, m_sandbox->sandbox().baseUrl());
        // The suggested name is the program and environment, not the raw client id.
        const Environment env = Environment::fromClientId(clientId);
        QCOMPARE(name, QStringLiteral("p%1-e%2").arg(env.program).arg(env.environment));
        m_window->selectCredential(name);
        QTRY_VERIFY(m_window->findChild<QPushButton*>(QStringLiteral("rotateCertificate"))->isVisible());
        RotationDialog* dialog = m_window->openRotation(name);
        QVERIFY(dialog);
        auto* importStatus = dialog->findChild<QLabel*>(QStringLiteral("rotationImportStatus"));

        // Another technical account's file is refused.
        const QString unrelated = m_tmp->path() + QStringLiteral("/unrelated.json");
        QFile u(unrelated);
        QVERIFY(u.open(QIODevice::WriteOnly));
        u.write(serviceJson());
        u.close();
        dialog->importNewFile(unrelated);
        QTRY_VERIFY(importStatus->text().contains(QLatin1String("not for the same technical account")));
        // A file cut short: said in plain words, the parser's own words smaller below.
        const QString cut = m_tmp->path() + QStringLiteral("/cut.json");
        QFile c(cut);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(serviceJson().left(300));
        c.close();
        dialog->importNewFile(cut);
        QTRY_VERIFY(importStatus->text().contains(QLatin1String("looks cut short")));
        QVERIFY(importStatus->text().indexOf(QLatin1String("looks cut short"))
                < importStatus->text().indexOf(QLatin1String("<small")));

        // "Add certificate" in the console: same technical account, new key and certificate.
        sandbox::Sandbox::NewCredentialSpec rotate;
        rotate.rotateClientId = clientId;
        const QString path = m_tmp->path() + QStringLiteral("/rotated.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(serviceJson(rotate));
        f.close();
        QSignalSpy imported(dialog, &RotationDialog::imported);
        dialog->importNewFile(path);
        QVERIFY(imported.wait(15000));
        const QString newName = imported.first().first().toString();
        QVERIFY(m_window->model().rowOf(name) >= 0); // the old one is kept for now
        QVERIFY(m_window->model().rowOf(newName) >= 0);

        QSignalSpy tested(dialog, &RotationDialog::tested);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("rotationTest")), Qt::LeftButton);
        QVERIFY(tested.wait(15000));
        QVERIFY2(tested.first().first().toBool(),
                 qPrintable(dialog->findChild<QLabel*>(QStringLiteral("rotationTestStatus"))->text()));

        QSignalSpy rotated(dialog, &RotationDialog::rotated);
        Dialogs::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("rotationFinish")), Qt::LeftButton);
        QVERIFY(rotated.wait(15000));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("rotationFinishStatus"))
                    ->text()
                    .contains(QLatin1String("revoke the old certificate")));
        dialog->close();
        QCOMPARE(m_window->model().rowOf(newName), -1);
        const auto rec = m_context->store().find(name);
        QVERIFY(rec);
        QVERIFY(m_clock->now().daysTo(rec->certificateNotAfter) > 300);
        // The header no longer says the old certificate expires: it says what is now.
        const QString header = dialog->findChild<QLabel*>(QStringLiteral("rotationHeader"))->text();
        QVERIFY2(header.contains(QLatin1String("has been replaced")) && !header.contains(QLatin1String("expires in")),
                 qPrintable(header));
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("rotationImport"))->isEnabled());
    }

    void localDevTokenSaysHowToRenew()
    {
        const QString name = pasteAndImport(m_sandbox->sandbox().createLocalDevToken(5 * 60 * 1000),
                                            m_sandbox->sandbox().baseUrl(), QStringLiteral("local-dev"));
        QCOMPARE(name, QStringLiteral("local-dev"));
        m_window->selectCredential(name);
        auto* hint = m_window->findChild<QLabel*>(QStringLiteral("tokenHint"));
        QTRY_VERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(QLatin1String("Developer Console")));
        QVERIFY(!button("renewToken")->isVisible());
    }

    void cancelWhileMinting()
    {
        QVERIFY(importDev());
        m_window->selectCredential(QStringLiteral("dev"));
        m_sandbox->sandbox().delayNextExchanges(1, 3000);
        const int before = m_sandbox->sandbox().exchangeCount();
        QTest::mouseClick(button("renewToken"), Qt::LeftButton);
        QVERIFY(panel().isBusy());
        QVERIFY(button("cancelToken")->isVisible());
        // The window keeps its event loop while IMS is slow: the exchange reaches IMS meanwhile.
        QTRY_VERIFY(m_sandbox->sandbox().exchangeCount() > before);
        QVERIFY(panel().isBusy());
        QTest::mouseClick(button("cancelToken"), Qt::LeftButton);
        QTRY_VERIFY(!panel().isBusy());
        QVERIFY2(!m_window->errorText().contains(QLatin1String("cancelled")), qPrintable(m_window->errorText()));
    }

    void removeAfterConfirmation()
    {
        QVERIFY(importDev());
        sandbox::Sandbox::NewCredentialSpec expired;
        expired.expiredCertificate = true;
        QCOMPARE(pasteAndImport(serviceJson(expired), {}, QStringLiteral("old")), QStringLiteral("old"));
        m_window->selectCredential(QStringLiteral("old"));
        const int rows = m_window->model().rowCount();
        Dialogs::setNextAnswer(QMessageBox::Cancel);
        QSignalSpy storeChanged(&m_context->store(), &CredentialStore::changed);
        m_window->findChild<QAction*>(QStringLiteral("actionRemove"))->trigger();
        QCOMPARE(m_window->model().rowCount(), rows);
        Dialogs::setNextAnswer(QMessageBox::Yes);
        m_window->findChild<QAction*>(QStringLiteral("actionRemove"))->trigger();
        QTRY_COMPARE(m_window->model().rowCount(), rows - 1);
        QCOMPARE(m_window->model().rowOf(QStringLiteral("old")), -1);
        // The cancelled removal wrote nothing: the only change is the confirmed one (a removal
        // writes the metadata once).
        QCOMPARE(storeChanged.count(), 1);
        m_window->selectCredential(QStringLiteral("dev"));
        shot(QStringLiteral("5-list-details"));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
