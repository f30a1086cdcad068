// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "appcontext.h"
#include "appicon.h"
#include "clipboardguard.h"
#include "clock.h"
#include "countdown.h"
#include "credentialactions.h"
#include "credentialcolumns.h"
#include "credentialdetails.h"
#include "credentialfilter.h"
#include "credentiallistmodel.h"
#include "credentiallistproxy.h"
#include "desktopintegration.h"
#include "dialogs.h"
#include "downloadoffer.h"
#include "elidingheader.h"
#include "envtype.h"
#include "errorbanner.h"
#include "expirynotifier.h"
#include "requesttester.h"
#include "rotationdialog.h"
#include "sandboxprocess.h"
#include "settingsdialog.h"
#include "storehealthbar.h"
#include "theme.h"
#include "tokenpanel.h"
#include "tokenpanelcontroller.h"
#include "tokenservice.h"
#include "trayicon.h"
#include "welcomepage.h"

#include <QApplication>
#include <QAuthenticator>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace aem::ui {

namespace {

constexpr int kFittedRows = 100; // more than a screen shows

// Colours the token and certificate columns by their state, and a production badge.
class StateDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto state = ExpiryState(index.data(CredentialListModel::StateRole).toInt());
        if (state == ExpiryState::Expiring)
            option->palette.setColor(QPalette::Text, Theme::warning(option->palette));
        else if (state == ExpiryState::Expired)
            option->palette.setColor(QPalette::Text, Theme::error(option->palette));
        if (index.column() == CredentialListModel::EnvTypeColumn
            && index.data(CredentialListModel::EnvTypeRole).toInt() == int(EnvType::Production)) {
            option->palette.setColor(QPalette::Text, Theme::warning(option->palette)); // its text says PROD too
            option->font.setBold(true);
        } else if (index.column() == CredentialListModel::EnvTypeColumn
                   && index.data(CredentialListModel::EnvTypeSuggestedRole).toBool()) {
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText)); // a guess
            option->font.setItalic(true);
        }
        if (index.column() != CredentialListModel::NameColumn)
            option->textElideMode = Qt::ElideRight; // status texts lose their end, names their middle
    }
};

} // namespace

MainWindow::MainWindow(AppContext& context, QWidget* parent) : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    // Some platforms (xcb, Windows) add the application's display name to a title that does not
    // end with it, others show the title as it is: ending with it reads right on all.
    setWindowTitle(context.isSandbox() ? tr("Sandbox — %1").arg(displayName()) : displayName());
    // The installed theme icon when there is one (packaging/), else the same picture drawn here.
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    m_clipboard = new ClipboardGuard(QApplication::clipboard(), this);
    // A proxy that wants a sign-in asks here; Qt keeps what was given for the session, in memory.
    // Not made for this: the network access manager (and the proxy set-up) waits for a first request.
    context.whenNamMade(this, [this](QNetworkAccessManager& nam) {
        connect(&nam, &QNetworkAccessManager::proxyAuthenticationRequired, this,
                [this](const QNetworkProxy& proxy, QAuthenticator* authenticator) {
                    const QString where = QStringLiteral("%1:%2").arg(proxy.hostName()).arg(proxy.port());
                    const auto answer = Dialogs::proxySignIn(this, where, authenticator->realm(),
                                                             m_proxyUsers.value(where, proxy.user()));
                    if (!answer)
                        return; // the request then fails with the explanation of a 407
                    authenticator->setUser(answer->user);
                    authenticator->setPassword(answer->password);
                    m_proxyUsers.insert(where, answer->user); // the name only, to fill in next time
                });
    });

    // It judges by itself (the token service's changes, the store's, its own timer on the clock).
    m_notifier = new ExpiryNotifier(context.store(), context.tokenService(), context.clock(), this);
    connect(m_notifier, &ExpiryNotifier::notify, this, [this](const QString& title, const QString& text) {
        if (m_tray)
            m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 15000);
        Q_EMIT notified(title, text);
    });
    m_model = new CredentialListModel(context.store(), context.tokenService(), context.clock(), this);
    m_proxy = new CredentialListProxy(this); // filter, sort, group (credentiallistproxy.h)
    m_proxy->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialTable"));
    m_table->setAccessibleName(tr("Stored credentials"));
    m_table->setWordWrap(false); // before the rows are there: it re-measures every row
    useElidingHeader(m_table);
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new StateDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CredentialListModel::NameColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    // The name keeps its text before the status columns shrink (credentialcolumns.h), fitted to
    // the rows on screen and those near them, not to every row: measuring 500 rows took longer
    // than the rest of the start, and again every second.
    new CredentialColumns(m_table, CredentialListModel::NameColumn,
                          {CredentialListModel::KindColumn, CredentialListModel::CertificateColumn,
                           CredentialListModel::EnvironmentColumn});
    m_table->horizontalHeader()->setResizeContentsPrecision(kFittedRows);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setAlternatingRowColors(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);

    m_details = new CredentialDetails(context, this);
    m_tokenController = new TokenPanelController(context, *m_clipboard, this);
    m_token = new TokenPanel(*m_tokenController, this);
    auto* detailPage = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPage);
    detailLayout->addWidget(m_token);
    detailLayout->addWidget(m_details);
    detailLayout->addStretch(1); // room to spare goes below, not in bands between the boxes
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(detailPage);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setObjectName(QStringLiteral("detailScroll"));
    scroll->setAccessibleName(tr("Token and details of the selected credential"));

    // What a newcomer sees: how to get started.
    auto* welcome = new WelcomePage(this);
    connect(welcome, &WelcomePage::importRequested, this, &MainWindow::chooseFileToImport);
    connect(welcome, &WelcomePage::pasteRequested, this, &MainWindow::importFromClipboard);
    connect(welcome, &WelcomePage::sandboxRequested, this, &MainWindow::startSandbox);

    m_right = new QStackedWidget(this);
    m_right->addWidget(welcome);
    m_right->addWidget(scroll);
    if (context.isSandbox()) {
        // Until this run's demo credentials are in, the previous run's list is held back.
        m_sandboxStarting = new QLabel(tr("Starting the sandbox: a local IMS and AEM with demo credentials…"), this);
        m_sandboxStarting->setObjectName(QStringLiteral("sandboxStarting"));
        m_sandboxStarting->setAlignment(Qt::AlignCenter);
        m_sandboxStarting->setWordWrap(true);
        m_sandboxStarting->setTextFormat(Qt::PlainText);
        m_sandboxStarting->setMargin(24);
        m_right->addWidget(m_sandboxStarting);
        m_proxy->setHeldBack(true);
    }

    auto* splitter = new QSplitter(this);
    m_filter = new CredentialFilter(context, *m_proxy, m_table, this); // the filter field above the table
    splitter->addWidget(m_filter);
    splitter->addWidget(m_right);
    splitter->setChildrenCollapsible(false); // the right pane scrolls rather than vanish
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    // The right pane the wider: its token, claims and account ids need ~520 px to show whole.
    splitter->setSizes({520, 600});

    // Errors appear at the top of the window, in plain words, with IMS's code kept for support.
    m_banner = new ErrorBanner(this);

    auto* central = new QWidget(this);
    auto* cl = new QVBoxLayout(central);
    cl->addWidget(m_banner);
    m_desktop = new DesktopIntegration(context, *this); // Downloads, tray copy, start at login
    cl->addWidget(m_desktop->offerBar());
    // What the store doctor finds (unreadable records, orphans, a locked keychain), with Repair.
    auto* health = new StoreHealthBar(context, central);
    cl->addWidget(health);
    connect(health, &StoreHealthBar::keychainReady, this, &MainWindow::showStatus);
    cl->addWidget(splitter, 1);
    setCentralWidget(central);

    // What goes wrong for the credential shown is about it: it goes when another one is shown.
    auto aboutShown = [this](const QString& message) { m_banner->showMessage(message, m_shownId); };
    connect(m_tokenController, &TokenPanelController::failed, this,
            [this](const QString& message) { m_banner->showTokenFailure(message, m_shownId); });
    connect(m_tokenController, &TokenPanelController::copied, this, &MainWindow::showStatus);
    connect(m_clipboard, &ClipboardGuard::cleared, this,
            [this] { showStatus(tr("Cleared the copied secret from the clipboard")); });
    connect(m_details, &CredentialDetails::failed, this, aboutShown);
    connect(m_details, &CredentialDetails::saved, this, &MainWindow::showStatus);
    connect(m_details, &CredentialDetails::rotateRequested, this, &MainWindow::openRotation);
    TokenService& tokens = m_context.tokenService();
    auto nameOf = [this](const QString& id) {
        const CredentialRecord* r = m_model->recordAt(m_model->rowOfId(id));
        return r ? r->name : QString();
    };
    connect(&tokens, &TokenService::renewing, this,
            [this, nameOf](const QString& id) { showStatus(tr("Renewing the token of %1…").arg(nameOf(id))); });
    connect(&tokens, &TokenService::renewed, this,
            [this, nameOf](const QString& id) { showStatus(tr("Renewed the token of %1").arg(nameOf(id))); });
    // A renewal that fails for the credential shown is said in the banner; for another one, the
    // status bar says which, and the banner says why once it is shown (while it is still so).
    connect(&tokens, &TokenService::renewalFailed, this, [this, nameOf](const QString& id, const QString& error) {
        m_renewalFailures.insert(id, error);
        if (id == m_shownId)
            showRenewalFailure(id);
        else
            showStatus(tr("Automatic renewal of %1 failed: select it to see why").arg(nameOf(id)));
    });
    // A token again: what said it could not be had is over.
    connect(&tokens, &TokenService::changed, this, [this](const QString& id) {
        const TokenState s = m_context.tokenService().state(id);
        if (s.lastFailure.isEmpty() && s.expiresAt.isValid()) {
            m_renewalFailures.remove(id);
            m_banner->tokenRecovered(id);
        }
    });
    connect(&tokens, &TokenService::changed, this, &MainWindow::updateTray);
    connect(&m_context, &AppContext::sandboxReady, this, [this] {
        m_context.store().load();
        m_model->reload();
        m_proxy->setHeldBack(false);
        onModelReset();
        showStatus(tr("Sandbox running at %1 with demo credentials")
                       .arg(m_context.sandbox() ? m_context.sandbox()->baseUrl() : QString()));
        if (m_model->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(&m_context, &AppContext::sandboxFailed, this, [this](const QString& e) {
        const QString message = tr("The sandbox could not start: %1").arg(e);
        showError(message);
        if (m_sandboxStarting)
            m_sandboxStarting->setText(message); // its demo credentials never came: nothing to show
    });
    connect(&m_context, &AppContext::sandboxStopped, this, &MainWindow::onSandboxStopped);
    connect(&m_context, &AppContext::settingsChanged, this, &MainWindow::applySettings);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::onModelReset);
    connect(&m_context, &AppContext::credentialsChanged, this, &MainWindow::onCredentialsChanged);
    connect(m_tokenController, &TokenPanelController::credentialGone, &m_context, &AppContext::syncStore);

    buildActions();
    buildTray();
    applySettings();
    onModelReset();
    if (context.isSandbox())
        statusBar()->showMessage(
            tr("Sandbox: a separate store with demo credentials; your own credentials are not shown here."));
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &MainWindow::tick);
    m_tick.start();
    // Never wider or taller than the screen: what sits at the right edge (the store bar's Repair,
    // the details) would be off-screen at 1024×700.
    QSize size(1180, 680);
    if (const QScreen* s = screen())
        size = size.boundedTo(s->availableGeometry().size());
    resize(size);
}

// The clipboard guard clears a secret still there as it goes: no message to a half-destroyed window.
MainWindow::~MainWindow()
{
    disconnect(m_clipboard, nullptr, this, nullptr);
}

QString MainWindow::displayName()
{
    return tr("AEM Token Manager");
}

void MainWindow::onModelReset()
{
    if (m_proxy->heldBack())
        m_right->setCurrentWidget(m_sandboxStarting);
    else
        m_right->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
    // A reset (a rename) drops the selection without a signal: the same credential again, by id.
    if (!m_shownId.isEmpty() && selectedName().isEmpty()) {
        const int row = m_model->rowOfId(m_shownId);
        if (row >= 0)
            selectCredential(m_model->recordAt(row)->name);
        else
            followRemoved();
    }
}

void MainWindow::onCredentialsChanged()
{
    m_model->reload();
    // Details of the credential shown may have changed (URLs set, renamed) while it stays shown.
    onSelectionChanged();
}

void MainWindow::followRemoved()
{
    const QString gone = m_shownName;
    const int row = m_shownRow;
    m_shownId.clear();
    m_shownName.clear();
    if (gone != m_removing)
        showStatus(tr("\"%1\" was removed from the store").arg(gone));
    if (!selectedName().isEmpty())
        return;
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(qBound(0, row, m_proxy->rowCount() - 1));
    else
        onSelectionChanged();
}

bool MainWindow::stillStored(const QString& name)
{
    m_context.syncStore(); // a removal by another process not yet seen removes the row now
    return !name.isEmpty() && selectedName() == name && m_context.store().find(name).has_value();
}

void MainWindow::applySettings()
{
    const AppSettings& s = m_context.settings();
    m_model->setMargins(qint64(s.renewLeadMinutes) * 60 * 1000, s.notifyCertificateDays);
    m_notifier->setPolicy({s.notifications, s.notifyTokenMinutes, s.notifyCertificateDays, s.autoRenew});
}

QString MainWindow::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(CredentialListModel::NameRole).toString();
}

void MainWindow::selectCredential(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    m_filter->reveal(m_model->index(row, 0)); // a credential hidden by the filter is shown
    m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
}

void MainWindow::onSelectionChanged()
{
    const QString name = selectedName();
    // The row shown went away (removed here or elsewhere): say so; the view may already have
    // moved the selection to a neighbour, else it moves on here.
    // (Asked of the store, already re-read: the view moves the selection before the row goes.)
    const QList<CredentialRecord>& stored = m_context.store().records();
    if (!m_shownId.isEmpty() && std::none_of(stored.cbegin(), stored.cend(), [this](const CredentialRecord& r) {
            return r.id == m_shownId;
        })) {
        followRemoved();
        if (name.isEmpty())
            return;
    }
    const auto rec = name.isEmpty() ? std::nullopt : m_context.store().find(name);
    m_details->setCredential(rec);
    m_tokenController->setCredential(rec);
    m_actions->setCredential(rec);
    const QString before = m_shownId;
    m_shownId = rec ? rec->id : QString();
    m_shownName = rec ? rec->name : QString();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_shownRow = rows.isEmpty() ? -1 : rows.first().row();
    m_banner->follow(m_shownId);
    // Said when it is shown anew, not at every store change (a dismissed banner stays dismissed),
    // and never over another message.
    if (m_shownId != before && m_renewalFailures.contains(m_shownId) && m_banner->text().isEmpty())
        showRenewalFailure(m_shownId);
}

void MainWindow::showRenewalFailure(const QString& id)
{
    const QString error = m_renewalFailures.value(id);
    if (m_context.tokenService().state(id).lastFailure.isEmpty()) {
        m_renewalFailures.remove(id); // it has had a token since
        return;
    }
    m_banner->showTokenFailure(tr("Automatic renewal of %1 failed: %2").arg(m_shownName, error), id);
}

QString MainWindow::errorText() const
{
    return m_banner->text();
}

void MainWindow::showError(const QString& message)
{
    m_banner->showMessage(message);
}

void MainWindow::showStatus(const QString& message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::removeSelected()
{
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    const auto answer =
        Dialogs::question(this, tr("Remove credential"),
                          tr("Remove \"%1\" and its secrets from the keychain? Tokens already handed out stay "
                             "valid until they expire.")
                              .arg(name),
                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes || !stillStored(name))
        return;
    m_removing = name;
    m_context.store().removeCredential(name, this, [this, name](bool ok, const QString& error) {
        m_removing.clear();
        if (!ok)
            showError(tr("Could not remove %1: %2").arg(name, error));
        else
            showStatus(tr("Removed %1").arg(name));
    });
}

void MainWindow::openSettings()
{
    auto* dialog = new SettingsDialog(m_context.settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_context.setSettings(dialog->settings()); });
    dialog->open();
}

RotationDialog* MainWindow::openRotation(const QString& name)
{
    const auto rec = m_context.store().find(name);
    if (!rec || rec->kind != CredentialKind::Service)
        return nullptr;
    auto* dialog = new RotationDialog(m_context, *rec, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RotationDialog::rotated, this, [this](const QString& rotated) {
        m_notifier->forgetCertificate(rotated);
        selectCredential(rotated);
        showStatus(tr("Rotated the certificate of %1; revoke the old one in the Developer Console").arg(rotated));
    });
    dialog->open();
    return dialog;
}

void MainWindow::validateSelected()
{
    if (!m_sandboxStopped.isEmpty())
        return showError(m_sandboxStopped);
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    showStatus(tr("Asking IMS about the token of %1…").arg(name));
    m_context.admin().validate(m_context.store().find(name)->id, this, [this, name](const ValidationResult& v) {
        if (!v.ok)
            showError(tr("Could not validate the token of %1: %2").arg(name, v.reason));
        else if (!v.valid)
            showError(tr("IMS says the token of %1 is not valid (%2). Renew it.").arg(name, v.reason));
        else
            showStatus(tr("IMS confirms the token of %1 is valid").arg(name));
        Q_EMIT validated(name, v.ok && v.valid);
    });
}

void MainWindow::revokeSelected()
{
    if (!m_sandboxStopped.isEmpty())
        return showError(m_sandboxStopped);
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    const auto answer =
        Dialogs::question(this, tr("Revoke token"),
                          tr("Revoke the current token of \"%1\" at IMS? Programs using it lose access; the "
                             "next request mints a new token.\n\n%2")
                              .arg(name, TokenAdmin::revokeCredentialsHelp()),
                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    const auto rec = m_context.store().find(name);
    if (!rec)
        return;
    m_context.admin().revoke(rec->id, this, [this, name](bool ok, const QString& message) {
        if (!ok) {
            showError(tr("Could not revoke: %1").arg(message));
            return;
        }
        m_context.tokenService().refresh(); // the cache no longer holds it
        m_tokenController->setCredential(std::nullopt);
        onSelectionChanged();
        showStatus(message);
        Q_EMIT revoked(name);
    });
}

RequestTester* MainWindow::openRequestTester()
{
    if (!m_tester)
        m_tester = new RequestTester(m_context, m_context.history(), *m_clipboard, this);
    if (!selectedName().isEmpty())
        m_tester->setCredential(selectedName());
    m_tester->show();
    m_tester->raise();
    m_tester->activateWindow();
    return m_tester;
}

void MainWindow::tick()
{
    m_model->tick();
    updateTray();
}

void MainWindow::onSandboxStopped(const QString& reason)
{
    m_sandboxStopped = tr("The sandbox stopped: %1. Its demo credentials cannot get tokens until the window is "
                          "started again with --sandbox.")
                           .arg(reason);
    showError(m_sandboxStopped);
    // What would talk to the emulator is off; the tokens already shown can still be copied.
    m_tokenController->setUnavailable(m_sandboxStopped);
    m_actions->setUnavailable(m_sandboxStopped);
}

} // namespace aem::ui
