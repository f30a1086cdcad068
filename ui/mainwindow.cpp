#include "mainwindow.h"

#include "appcontext.h"
#include "async.h"
#include "clipboardguard.h"
#include "clock.h"
#include "countdown.h"
#include "credentialdetails.h"
#include "credentiallistmodel.h"
#include "dialogs.h"
#include "importdialog.h"
#include "renewalscheduler.h"
#include "requesttester.h"
#include "rotationdialog.h"
#include "sandboxprocess.h"
#include "settingsdialog.h"
#include "storehealthbar.h"
#include "theme.h"
#include "tokenpanel.h"

#include <QAction>
#include <QAuthenticator>
#include <QApplication>
#include <QScreen>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <variant>

namespace aem::ui {

namespace {

// Colours the token and certificate columns by their state.
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
    }
};

QIcon appIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size / 64.0;
        p.setBrush(QColor(0xeb, 0x10, 0x00)); // Adobe-ish red tile
        p.setPen(Qt::NoPen);
        p.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s);
        p.setBrush(Qt::white);
        p.drawEllipse(QPointF(22 * s, 32 * s), 11 * s, 11 * s); // key bow
        p.drawRect(QRectF(30 * s, 29 * s, 26 * s, 6 * s));       // shaft
        p.drawRect(QRectF(46 * s, 35 * s, 5 * s, 8 * s));        // bit
        p.setBrush(QColor(0xeb, 0x10, 0x00));
        p.drawEllipse(QPointF(22 * s, 32 * s), 4.5 * s, 4.5 * s);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

constexpr qint64 kMaxImportFile = 1024 * 1024;

} // namespace

MainWindow::MainWindow(AppContext& context, QWidget* parent) : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(context.isSandbox() ? tr("AEM Token Manager — Sandbox") : tr("AEM Token Manager"));
    // The installed theme icon when there is one (packaging/), else the same picture drawn here.
    setWindowIcon(QIcon::fromTheme(QStringLiteral(AEMTOKEN_APP_ID), appIcon()));
    setAcceptDrops(true);
    m_clipboard = new ClipboardGuard(QApplication::clipboard(), this);
    // A proxy that wants a sign-in asks here; Qt keeps what was given for the session, in memory.
    connect(&context.nam(), &QNetworkAccessManager::proxyAuthenticationRequired, this,
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

    m_model = new CredentialListModel(context.store(), context.clock(), this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialTable"));
    m_table->setAccessibleName(tr("Stored credentials"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new StateDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CredentialListModel::NameColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    // Status columns as wide as their contents; the name takes the rest, long client-id names
    // elided in the middle, but never below ~14 characters: a narrow window (or long translated
    // status texts) scrolls sideways instead of squeezing the name away.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CredentialListModel::NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(m_table->fontMetrics().averageCharWidth() * 14);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);

    m_details = new CredentialDetails(context, this);
    m_token = new TokenPanel(context, *m_clipboard, this);
    auto* detailPage = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPage);
    detailLayout->addWidget(m_token, 3);
    detailLayout->addWidget(m_details, 2);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(detailPage);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // What a newcomer sees: how to get started.
    auto* welcome = new QWidget(this);
    welcome->setObjectName(QStringLiteral("welcome"));
    auto* wl = new QVBoxLayout(welcome);
    auto* wtext = new QLabel(tr("<h2>No credentials yet</h2>"
                                "<p>In the AEM Developer Console, choose <b>Integrations</b> and download "
                                "<b>service credentials</b> or a <b>local development token</b>. Then import the file, "
                                "drop it on this window, or copy its JSON and paste it here (Ctrl+V).</p>"
                                "<p>Secrets go into the system keychain; the downloaded file can be deleted afterwards.</p>"),
                             welcome);
    wtext->setWordWrap(true);
    wtext->setTextFormat(Qt::RichText);
    auto* wbuttons = new QHBoxLayout;
    auto* importButton = new QPushButton(tr("Import a file…"), welcome);
    importButton->setObjectName(QStringLiteral("welcomeImport"));
    auto* pasteButton = new QPushButton(tr("Paste JSON"), welcome);
    pasteButton->setObjectName(QStringLiteral("welcomePaste"));
    auto* sandboxButton = new QPushButton(tr("Try the sandbox"), welcome);
    sandboxButton->setObjectName(QStringLiteral("welcomeSandbox"));
    sandboxButton->setToolTip(tr("Opens a second window with a local IMS and AEM emulator and demo credentials"));
    for (QPushButton* b : {importButton, pasteButton, sandboxButton})
        wbuttons->addWidget(b);
    wbuttons->addStretch(1);
    wl->addWidget(wtext);
    wl->addLayout(wbuttons);
    wl->addStretch(1);
    connect(importButton, &QPushButton::clicked, this, &MainWindow::chooseFileToImport);
    connect(pasteButton, &QPushButton::clicked, this, &MainWindow::importFromClipboard);
    connect(sandboxButton, &QPushButton::clicked, this, [] {
        QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--sandbox")});
    });

    m_right = new QStackedWidget(this);
    m_right->addWidget(welcome);
    m_right->addWidget(scroll);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({640, 540});

    // Errors appear at the top of the window, in plain words, with IMS's code kept for support.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bp = m_banner->palette();
    bp.setColor(QPalette::Window, Theme::isDark(palette()) ? QColor(0x5c, 0x1a, 0x1a) : QColor(0xfd, 0xec, 0xea));
    m_banner->setPalette(bp);
    auto* bl = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("errorText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(m_banner);
    close->setText(QStringLiteral("✕"));
    close->setAccessibleName(tr("Dismiss the error"));
    connect(close, &QToolButton::clicked, m_banner, &QWidget::hide);
    bl->addWidget(m_bannerText, 1);
    bl->addWidget(close, 0, Qt::AlignTop);
    m_banner->hide();

    auto* central = new QWidget(this);
    auto* cl = new QVBoxLayout(central);
    cl->addWidget(m_banner);
    // What the store doctor finds (unreadable records, orphans, a locked keychain), with Repair.
    cl->addWidget(new StoreHealthBar(context, central));
    cl->addWidget(splitter, 1);
    setCentralWidget(central);

    connect(m_token, &TokenPanel::failed, this, &MainWindow::showError);
    connect(m_token, &TokenPanel::copied, this, [this](const QString& what) {
        const int secs = m_context.settings().clipboardClearSeconds;
        showStatus(secs > 0 ? tr("Copied the %1; the clipboard is cleared in %2 s").arg(what).arg(secs) : tr("Copied the %1").arg(what));
    });
    connect(m_clipboard, &ClipboardGuard::cleared, this, [this] { showStatus(tr("Cleared the copied secret from the clipboard")); });
    connect(m_token, &TokenPanel::tokenObtained, this, [this](const QString& name, const QDateTime& expiresAt) {
        m_model->setTokenExpiry(name, expiresAt);
        if (const auto r = m_context.store().find(name); r && canMint(r->kind))
            m_context.renewal().track(name, expiresAt);
    });
    connect(m_details, &CredentialDetails::failed, this, &MainWindow::showError);
    connect(m_details, &CredentialDetails::saved, this, &MainWindow::showStatus);
    connect(m_details, &CredentialDetails::rotateRequested, this, &MainWindow::openRotation);
    RenewalScheduler& renewal = m_context.renewal();
    connect(&renewal, &RenewalScheduler::renewing, this, [this](const QString& name) { showStatus(tr("Renewing the token of %1…").arg(name)); });
    connect(&renewal, &RenewalScheduler::renewed, this, [this](const QString& name, const QDateTime& exp) {
        m_model->setTokenExpiry(name, exp);
        m_token->tokenRenewed(name, exp);
        m_notified.remove(QStringLiteral("token:") + name);
        showStatus(tr("Renewed the token of %1").arg(name));
    });
    connect(&renewal, &RenewalScheduler::renewalFailed, this, [this](const QString& name, const QString& error) {
        showError(tr("Automatic renewal of %1 failed: %2").arg(name, error));
    });
    connect(&m_context, &AppContext::sandboxReady, this, [this] {
        m_context.store().load();
        m_model->reload();
        showStatus(tr("Sandbox running at %1 with demo credentials").arg(m_context.sandbox() ? m_context.sandbox()->baseUrl() : QString()));
        if (m_model->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(&m_context, &AppContext::sandboxFailed, this, [this](const QString& e) { showError(tr("The sandbox could not start: %1").arg(e)); });
    connect(&m_context, &AppContext::settingsChanged, this, &MainWindow::applySettings);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::onModelReset);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::onModelReset);
    connect(&m_context, &AppContext::credentialsChanged, this, &MainWindow::onCredentialsChanged);
    connect(&m_context, &AppContext::tokensChanged, this, &MainWindow::onTokensChanged);
    connect(m_token, &TokenPanel::credentialGone, &m_context, &AppContext::syncStore);

    buildActions();
    buildTray();
    applySettings();
    onModelReset();
    statusBar()->showMessage(context.isSandbox() ? tr("Sandbox: a separate store with demo credentials; your own credentials are not shown here.")
                                                 : tr("Secrets are kept in %1").arg(context.secrets().backendName()));
    if (m_model->rowCount() > 0)
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

MainWindow::~MainWindow() = default;

void MainWindow::onModelReset()
{
    m_right->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
    // Service tokens found in the cache are renewed like minted ones.
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (const CredentialRecord* r = m_model->recordAt(row); r && canMint(r->kind))
            m_context.renewal().track(r->name, m_model->tokenExpiresAt(r->name));
    // A reset (a rename) drops the selection without a signal: the same credential again, by id.
    if (!m_shownId.isEmpty() && selectedName().isEmpty()) {
        const int row = m_model->rowOfId(m_shownId);
        if (row >= 0)
            m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
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

void MainWindow::onTokensChanged()
{
    const QStringList changed = m_model->refreshTokens();
    for (const QString& name : changed) {
        const QDateTime exp = m_model->tokenExpiresAt(name);
        if (const auto r = m_context.store().find(name); r && canMint(r->kind))
            m_context.renewal().track(name, exp);
        m_token->tokenStateChanged(name, exp);
    }
    if (!changed.isEmpty())
        updateTray();
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

void MainWindow::buildActions()
{
    auto action = [this](const QString& text, const QKeySequence& key, const QString& name, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(tr("&Import…"), QKeySequence::Open, QStringLiteral("actionImport"), &MainWindow::chooseFileToImport));
    file->addAction(action(tr("&Paste credentials"), QKeySequence::Paste, QStringLiteral("actionPaste"), &MainWindow::importFromClipboard));
    file->addAction(action(tr("Paste &box…"), QKeySequence(tr("Ctrl+Shift+V")), QStringLiteral("actionPasteBox"), &MainWindow::openPasteBox));
    file->addAction(action(tr("New &OAuth Server-to-Server credentials…"), QKeySequence(), QStringLiteral("actionOAuthForm"), &MainWindow::openOAuthForm));
    m_removeAction = action(tr("&Remove…"), QKeySequence::Delete, QStringLiteral("actionRemove"), &MainWindow::removeSelected);
    file->addAction(m_removeAction);
    file->addSeparator();
    file->addAction(action(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), QStringLiteral("actionSettings"), &MainWindow::openSettings));
    file->addSeparator();
    file->addAction(action(tr("&Quit"), QKeySequence::Quit, QStringLiteral("actionQuit"), &QApplication::quit));

    QMenu* token = menuBar()->addMenu(tr("&Token"));
    token->addAction(action(tr("&Get token"), QKeySequence(tr("Ctrl+T")), QStringLiteral("actionGetToken"), [this] { m_token->getToken(false); }));
    token->addAction(action(tr("&Renew now"), QKeySequence(tr("Ctrl+Shift+T")), QStringLiteral("actionRenew"), [this] { m_token->getToken(true); }));
    token->addSeparator();
    token->addAction(action(tr("Copy &token"), QKeySequence(tr("Ctrl+Shift+C")), QStringLiteral("actionCopyToken"), [this] { m_token->copyToken(); }));
    token->addAction(action(tr("Copy &Authorization header"), QKeySequence(tr("Ctrl+Shift+H")), QStringLiteral("actionCopyHeader"), [this] { m_token->copyHeader(); }));
    token->addAction(action(tr("Copy c&url command"), QKeySequence(tr("Ctrl+Shift+U")), QStringLiteral("actionCopyCurl"), [this] { m_token->copyCurl(); }));
    token->addSeparator();
    token->addAction(action(tr("&Validate with IMS"), QKeySequence(), QStringLiteral("actionValidate"), &MainWindow::validateSelected));
    token->addAction(action(tr("Re&voke token…"), QKeySequence(), QStringLiteral("actionRevoke"), &MainWindow::revokeSelected));

    QMenu* tools = menuBar()->addMenu(tr("T&ools"));
    tools->addAction(action(tr("&Request tester…"), QKeySequence(tr("Ctrl+R")), QStringLiteral("actionTester"), [this] { openRequestTester(); }));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(tr("Try the &sandbox"), QKeySequence(), QStringLiteral("actionSandbox"), [] {
        QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--sandbox")});
    }));
    help->addAction(action(tr("&About"), QKeySequence(), QStringLiteral("actionAbout"), [this] {
        QMessageBox::about(this, tr("About AEM Token Manager"),
                           tr("<b>AEM Token Manager</b> %1<br>Access tokens for AEM as a Cloud Service, with secrets kept in "
                              "the system keychain.").arg(QStringLiteral(AEMTOKEN_VERSION)));
    }));
    m_table->addAction(m_removeAction);
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    auto* menu = new QMenu(this);
    menu->addAction(tr("Show"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("Copy token of the selection"), this, [this] { m_token->copyToken(); });
    menu->addSeparator();
    menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            isVisible() ? hide() : (showNormal(), raise(), activateWindow());
    });
    m_tray->show();
}

void MainWindow::applySettings()
{
    const AppSettings& s = m_context.settings();
    m_model->setMargins(qint64(s.renewLeadMinutes) * 60 * 1000, s.notifyCertificateDays);
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
    m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
}

void MainWindow::onSelectionChanged()
{
    const QString name = selectedName();
    // The row shown went away (removed here or elsewhere): say so; the view may already have
    // moved the selection to a neighbour, else it moves on here.
    // (Asked of the store, already re-read: the view moves the selection before the row goes.)
    const QList<CredentialRecord>& stored = m_context.store().records();
    if (!m_shownId.isEmpty()
        && std::none_of(stored.cbegin(), stored.cend(), [this](const CredentialRecord& r) { return r.id == m_shownId; })) {
        followRemoved();
        if (name.isEmpty())
            return;
    }
    const auto rec = name.isEmpty() ? std::nullopt : m_context.store().find(name);
    m_details->setCredential(rec);
    m_token->setCredential(rec, rec ? m_model->tokenExpiresAt(rec->name) : QDateTime());
    m_removeAction->setEnabled(rec.has_value());
    m_shownId = rec ? rec->id : QString();
    m_shownName = rec ? rec->name : QString();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_shownRow = rows.isEmpty() ? -1 : rows.first().row();
}

QString MainWindow::errorText() const
{
    return m_banner->isVisible() ? m_bannerText->text() : QString();
}

void MainWindow::showError(const QString& message)
{
    m_bannerText->setText(message);
    m_banner->show();
}

void MainWindow::showStatus(const QString& message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::chooseFileToImport()
{
    const QString path = Dialogs::openFileName(this, tr("Import credentials"), tr("Developer Console JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void MainWindow::importFromClipboard()
{
    // Ctrl+V in an editable field pastes there, as everywhere else.
    if (auto* edit = qobject_cast<QLineEdit*>(QApplication::focusWidget()); edit && !edit->isReadOnly()) {
        edit->paste();
        return;
    }
    const QByteArray text = QApplication::clipboard()->text().toUtf8();
    if (text.trimmed().isEmpty()) {
        showError(tr("The clipboard holds no text: copy the JSON from the Developer Console first."));
        return;
    }
    importText(text, tr("the clipboard"));
}

void MainWindow::openPasteBox()
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("pasteBox"));
    dialog->setWindowTitle(tr("Paste credentials"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* text = new QPlainTextEdit(dialog);
    text->setObjectName(QStringLiteral("pasteText"));
    text->setPlaceholderText(tr("Paste the JSON of service credentials or of a local development token here."));
    text->setAccessibleName(tr("Credential JSON"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Read"));
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(560, 360);
    connect(dialog, &QDialog::accepted, this, [this, text] {
        QByteArray json = text->toPlainText().toUtf8();
        text->clear(); // the pasted secret does not linger in the widget
        importText(json, tr("the paste box"));
        json.fill('\0');
    });
    dialog->open();
}

void MainWindow::openOAuthForm()
{
    // For credentials copied field by field from the Developer Console. The form builds the same
    // JSON a downloaded file holds, so it goes through the same checks and preview.
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("oauthForm"));
    dialog->setWindowTitle(tr("OAuth Server-to-Server credentials"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* form = new QFormLayout;
    auto field = [&](const QString& label, const QString& name, const QString& value = {}, bool secret = false) {
        auto* e = new QLineEdit(value, dialog);
        e->setObjectName(name);
        e->setAccessibleName(label);
        if (secret)
            e->setEchoMode(QLineEdit::Password);
        form->addRow(tr("%1:").arg(label), e);
        return e;
    };
    QLineEdit* clientId = field(tr("Client id"), QStringLiteral("oauthClientId"));
    QLineEdit* secret = field(tr("Client secret"), QStringLiteral("oauthSecret"), {}, true);
    QLineEdit* previous = field(tr("Previous secret (optional)"), QStringLiteral("oauthPreviousSecret"), {}, true);
    QLineEdit* org = field(tr("Organization id"), QStringLiteral("oauthOrg"));
    QLineEdit* account = field(tr("Technical account id"), QStringLiteral("oauthAccount"));
    QLineEdit* email = field(tr("Technical account email"), QStringLiteral("oauthEmail"));
    QLineEdit* scopes = field(tr("Scopes"), QStringLiteral("oauthScopes"), QStringLiteral("openid,AdobeID,read_organizations"));
    QLineEdit* ims = field(tr("IMS endpoint"), QStringLiteral("oauthIms"), QStringLiteral("ims-na1.adobelogin.com"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Review"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("oauthReview"));
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(dialog, &QDialog::accepted, this, [=, this] {
        QJsonArray secrets;
        for (QLineEdit* e : {secret, previous})
            if (!e->text().trimmed().isEmpty())
                secrets.append(e->text().trimmed());
        QJsonArray scopeList;
        for (const QString& sc : scopes->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            scopeList.append(sc.trimmed());
        QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("client_id"), clientId->text().trimmed()},
                                                    {QStringLiteral("client_secrets"), secrets},
                                                    {QStringLiteral("ims_org_id"), org->text().trimmed()},
                                                    {QStringLiteral("technical_account_id"), account->text().trimmed()},
                                                    {QStringLiteral("technical_account_email"), email->text().trimmed()},
                                                    {QStringLiteral("scopes"), scopeList},
                                                    {QStringLiteral("ims_endpoint"), ims->text().trimmed()}})
                              .toJson();
        secret->clear();
        previous->clear();
        importText(json, tr("the form"));
        json.fill('\0');
    });
    dialog->open();
}

void MainWindow::importFile(const QString& path)
{
    if (m_importing) {
        m_pendingFiles << path;
        return;
    }
    m_importing = true;
    const QString label = QFileInfo(path).fileName();
    // Reading and parsing (an RSA key) off the GUI thread.
    runThenCallback(
        this,
        [path, clock = &m_context.clock()]() {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return std::variant<QString, ParseResult>(f.errorString());
            if (f.size() > kMaxImportFile)
                return std::variant<QString, ParseResult>(tr("the file is larger than 1 MiB; credential files are a few kilobytes"));
            return std::variant<QString, ParseResult>(parseCredentialJson(f.readAll(), *clock));
        },
        [this, label](std::variant<QString, ParseResult> r) {
            if (const QString* error = std::get_if<QString>(&r)) {
                showError(tr("Cannot import %1: %2").arg(label, *error));
                finishImport();
            } else {
                presentImport(std::get<ParseResult>(r), label);
            }
        });
}

void MainWindow::importText(const QByteArray& json, const QString& source)
{
    if (m_importing) {
        showError(tr("Finish the import in progress first."));
        return;
    }
    if (json.size() > kMaxImportFile) {
        showError(tr("Cannot import %1: larger than 1 MiB; credential files are a few kilobytes").arg(source));
        return;
    }
    m_importing = true;
    runThenCallback(
        this, [json, clock = &m_context.clock()]() { return parseCredentialJson(json, *clock); },
        [this, source](ParseResult r) { presentImport(r, source); });
}

void MainWindow::presentImport(const ParseResult& r, const QString& source)
{
    if (!r.ok()) {
        showError(tr("Cannot import %1: %2").arg(source, r.firstError()));
        finishImport();
        return;
    }
    auto* dialog = new ImportDialog(*r.credential, r.problems, source, m_context.store(), m_context.clock().now(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const ParsedCredential cred = *r.credential;
    connect(dialog, &QDialog::finished, this, [this, dialog, cred](int result) {
        if (result != QDialog::Accepted) {
            finishImport();
            return;
        }
        m_context.store().importCredential(cred, dialog->options(), this, [this](const CredentialStore::ImportResult& res) {
            if (!res.ok) {
                showError(tr("Nothing was imported: %1").arg(res.error));
            } else {
                m_banner->hide();
                selectCredential(res.name);
                showStatus(res.replaced ? tr("Replaced %1").arg(res.name) : tr("Imported %1").arg(res.name));
                Q_EMIT imported(res.name);
            }
            finishImport();
        });
    });
    dialog->open();
}

void MainWindow::finishImport()
{
    m_importing = false;
    if (!m_pendingFiles.isEmpty())
        importFile(m_pendingFiles.takeFirst());
}

void MainWindow::removeSelected()
{
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    const auto answer = Dialogs::question(this, tr("Remove credential"),
                                          tr("Remove \"%1\" and its secrets from the keychain? Tokens already handed out stay "
                                             "valid until they expire.").arg(name),
                                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes || !stillStored(name))
        return;
    m_context.renewal().forget(name);
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
        m_notified.remove(QStringLiteral("cert:") + rotated);
        selectCredential(rotated);
        showStatus(tr("Rotated the certificate of %1; revoke the old one in the Developer Console").arg(rotated));
    });
    dialog->open();
    return dialog;
}

void MainWindow::validateSelected()
{
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    showStatus(tr("Asking IMS about the token of %1…").arg(name));
    m_context.admin().validate(name, this, [this, name](const ValidationResult& v) {
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
    const QString name = selectedName();
    if (!stillStored(name))
        return;
    const auto answer = Dialogs::question(this, tr("Revoke token"),
                                          tr("Revoke the current token of \"%1\" at IMS? Programs using it lose access; the "
                                             "next request mints a new token.\n\n%2")
                                              .arg(name, TokenAdmin::revokeCredentialsHelp()),
                                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_context.admin().revoke(name, this, [this, name](bool ok, const QString& message) {
        if (!ok) {
            showError(tr("Could not revoke: %1").arg(message));
            return;
        }
        m_context.renewal().forget(name);
        m_model->setTokenExpiry(name, QDateTime());
        m_token->setCredential(std::nullopt, {});
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

void MainWindow::notify(const QString& key, const QString& title, const QString& text)
{
    if (m_notified.contains(key) || !m_context.settings().notifications)
        return;
    m_notified.insert(key);
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 15000);
    Q_EMIT notified(title, text);
}

void MainWindow::tick()
{
    m_model->tick();
    m_context.renewal().poll();
    const QDateTime now = m_context.clock().now();
    const AppSettings& s = m_context.settings();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const CredentialRecord* r = m_model->recordAt(row);
        const QDateTime exp = m_model->tokenExpiresAt(r->name);
        const qint64 left = exp.isValid() ? now.msecsTo(exp) : -1;
        const bool renewsItself = canMint(r->kind) && s.autoRenew;
        if (left > 0 && left <= qint64(s.notifyTokenMinutes) * 60 * 1000 && !renewsItself)
            notify(QStringLiteral("token:") + r->name + exp.toString(Qt::ISODate), tr("Token expires soon"),
                   r->kind == CredentialKind::LocalDev
                       ? tr("The local development token %1 expires in %2. Get a new one from the Developer Console.").arg(r->name, formatDuration(left))
                       : tr("The token of %1 expires in %2.").arg(r->name, formatDuration(left)));
        if (r->kind == CredentialKind::Service && r->certificateNotAfter.isValid()) {
            const qint64 days = now.msecsTo(r->certificateNotAfter) / (24 * 3600 * 1000);
            if (days < s.notifyCertificateDays)
                notify(QStringLiteral("cert:") + r->name, tr("Certificate expires soon"),
                       days < 0 ? tr("The certificate of %1 has expired: add a new one in the Developer Console.").arg(r->name)
                                : tr("The certificate of %1 expires in %2: add a new one in the Developer Console.").arg(r->name, formatDays(days)));
        }
    }
    updateTray();
}

void MainWindow::updateTray()
{
    if (!m_tray)
        return;
    const QDateTime now = m_context.clock().now();
    const auto soonest = m_model->soonestTokenExpiry();
    m_tray->setToolTip(soonest ? tr("AEM Token Manager — %1: token valid for %2").arg(soonest->first, formatDuration(now.msecsTo(soonest->second)))
                               : tr("AEM Token Manager — no live token"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    bool ok = mime->hasText();
    for (const QUrl& url : mime->urls())
        ok = ok || (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive));
    if (ok)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    bool any = false;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            importFile(url.toLocalFile());
            any = true;
        }
    }
    if (!any && mime->hasText())
        importText(mime->text().toUtf8(), tr("the dropped text"));
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // With a tray icon the window hides and renewals go on; Quit ends the program.
    if (m_tray && m_tray->isVisible()) {
        hide();
        showStatus(tr("Still running in the tray"));
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace aem::ui
