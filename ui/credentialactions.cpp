// SPDX-License-Identifier: Apache-2.0
#include "credentialactions.h"

#include "actionicons.h"
#include "appcontext.h"
#include "credentialstore.h"
#include "envtypemenu.h"
#include "keyboardnav.h"
#include "mainwindow.h"
#include "renamedialog.h"
#include "requesttester.h"
#include "secretstore.h"
#include "tokenpanelcontroller.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QMenu>
#include <QTableView>
#include <QToolBar>

namespace aem::ui {

CredentialActions::CredentialActions(AppContext& context, TokenPanelController& token, MainWindow& window)
    : QObject(&window), m_context(context), m_token(token), m_window(window)
{
    m_getToken = make(tr("&Get token"), QKeySequence(tr("Ctrl+T")), QStringLiteral("actionGetToken"),
                      tr("Use the cached token or mint one (Ctrl+T)"));
    m_renew = make(tr("&Renew now"), QKeySequence(tr("Ctrl+Shift+T")), QStringLiteral("actionRenew"),
                   tr("Mint a new token now (Ctrl+Shift+T)"));
    m_copyToken = make(tr("Copy &token"), QKeySequence(tr("Ctrl+Shift+C")), QStringLiteral("actionCopyToken"),
                       tr("Copy the token; cleared from the clipboard after the timeout (Ctrl+Shift+C)"));
    m_copyHeader = make(tr("Copy &Authorization header"), QKeySequence(tr("Ctrl+Shift+H")),
                        QStringLiteral("actionCopyHeader"), tr("Copy \"Authorization: Bearer …\" (Ctrl+Shift+H)"));
    m_copyCurl = make(tr("Copy c&url command"), QKeySequence(tr("Ctrl+Shift+U")), QStringLiteral("actionCopyCurl"),
                      tr("Copy a curl command for the author's current user (Ctrl+Shift+U)"));
    m_openInTester = make(tr("Open in request &tester"), QKeySequence(), QStringLiteral("actionOpenInTester"),
                          tr("Send requests to this credential's AEM hosts"));
    m_tester = make(tr("&Request tester…"), QKeySequence(tr("Ctrl+R")), QStringLiteral("actionTester"),
                    tr("Send requests with a credential's token (Ctrl+R)"));
    m_validate = make(tr("&Validate with IMS"), QKeySequence(), QStringLiteral("actionValidate"),
                      tr("Ask IMS whether the token is valid"));
    m_revoke = make(tr("Re&voke token…"), QKeySequence(), QStringLiteral("actionRevoke"),
                    tr("Revoke the current token at IMS"));
    m_rename = make(tr("Re&name…"), QKeySequence(Qt::Key_F2), QStringLiteral("actionRename"),
                    tr("Give the credential another name (F2)"));
    m_remove = make(tr("&Remove…"), QKeySequence::Delete, QStringLiteral("actionRemove"),
                    tr("Remove the credential and its secrets from the keychain (Delete)"));

    m_getToken->setIcon(actionIcon(ActionIcon::GetToken, &window));
    m_renew->setIcon(actionIcon(ActionIcon::Renew, &window));
    m_copyToken->setIcon(actionIcon(ActionIcon::Copy, &window));
    m_copyHeader->setIcon(actionIcon(ActionIcon::Copy, &window));
    m_copyCurl->setIcon(actionIcon(ActionIcon::Curl, &window));
    m_openInTester->setIcon(actionIcon(ActionIcon::Tester, &window));
    m_tester->setIcon(actionIcon(ActionIcon::Tester, &window));
    m_validate->setIcon(actionIcon(ActionIcon::Validate, &window));
    m_revoke->setIcon(actionIcon(ActionIcon::Revoke, &window));
    m_rename->setIcon(actionIcon(ActionIcon::Rename, &window));
    m_remove->setIcon(actionIcon(ActionIcon::Remove, &window));
    // Beside their icon in the toolbar only the first of each group keeps its words.
    for (QAction* a : {m_renew, m_copyHeader, m_copyCurl, m_validate})
        a->setPriority(QAction::LowPriority);
    m_tester->setIconText(tr("Tester"));

    TokenPanelController* c = &m_token;
    connect(m_getToken, &QAction::triggered, c, [c] { c->getToken(false); });
    connect(m_renew, &QAction::triggered, c, [c] { c->getToken(true); });
    connect(m_copyToken, &QAction::triggered, c, &TokenPanelController::copyToken);
    connect(m_copyHeader, &QAction::triggered, c, &TokenPanelController::copyHeader);
    connect(m_copyCurl, &QAction::triggered, c, &TokenPanelController::copyCurl);
    // Tab moves from field to field in the tester too, out of its tables and text boxes.
    connect(m_openInTester, &QAction::triggered, &window, [&window] { letTabLeave(window.openRequestTester()); });
    connect(m_tester, &QAction::triggered, &window, [&window] { letTabLeave(window.openRequestTester()); });
    connect(m_validate, &QAction::triggered, &window, &MainWindow::validateSelected);
    connect(m_revoke, &QAction::triggered, &window, &MainWindow::revokeSelected);
    connect(m_rename, &QAction::triggered, this, &CredentialActions::renameSelected);
    connect(m_remove, &QAction::triggered, &window, &MainWindow::removeSelected);
    connect(c, &TokenPanelController::stateChanged, this, &CredentialActions::update);
    // URLs saved or a rename here: the actions judge the record as stored now (same id).
    connect(&m_context.store(), &CredentialStore::changed, this, [this] {
        if (!m_record)
            return;
        for (const CredentialRecord& r : m_context.store().records())
            if (r.id == m_record->id)
                m_record = r;
        update();
    });

    m_envType = new EnvTypeMenu(context.store(), &window, [&window](const QString& s) { window.showStatus(s); });
    m_contextMenu = new QMenu(&window);
    m_contextMenu->setObjectName(QStringLiteral("credentialContextMenu"));
    m_contextMenu->addAction(m_getToken);
    m_contextMenu->addSeparator();
    for (QAction* a : {m_copyToken, m_copyHeader, m_copyCurl})
        m_contextMenu->addAction(a);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_openInTester);
    m_contextMenu->addAction(m_validate);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_rename);
    m_contextMenu->addMenu(m_envType->menu());
    m_contextMenu->addAction(m_remove);

    // Minting needs the keychain: one without it is said at once, in the actions' tooltips too.
    m_context.secrets().probe(this, [this](const SecretResult& r) {
        if (r.error == SecretResult::Unavailable) {
            m_noKeychain = tr("No keychain is running, so the secrets needed to mint a token cannot be read: "
                              "start GNOME Keyring or KWallet and restart the program");
            update();
        }
    });
    update();
}

QAction* CredentialActions::make(const QString& text, const QKeySequence& key, const QString& name, const QString& tip)
{
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    a->setShortcut(key);
    a->setToolTip(tip);
    m_tips.insert(a, tip);
    m_window.addAction(a); // the shortcut works wherever the focus is in the window
    return a;
}

void CredentialActions::setCredential(const std::optional<CredentialRecord>& record)
{
    m_record = record;
    update();
}

void CredentialActions::setUnavailable(const QString& reason)
{
    m_unavailable = reason;
    update();
}

void CredentialActions::update()
{
    const TokenPanelState& s = m_token.state();
    const bool has = m_record.has_value();
    const bool mintable = has && canMint(m_record->kind);
    const QString select = tr("Select a credential first");
    // Enabled with its own tooltip, or disabled saying why.
    auto set = [this](QAction* a, const QString& whyNot) {
        a->setEnabled(whyNot.isEmpty());
        a->setToolTip(whyNot.isEmpty() ? m_tips.value(a) : whyNot);
    };
    auto firstOf = [](std::initializer_list<std::pair<bool, QString>> reasons) {
        for (const auto& [applies, why] : reasons)
            if (applies)
                return why;
        return QString();
    };
    const QString busy = tr("Getting a token…");
    // Minting needs the keychain and the servers; a token already held does not.
    const QString cannotMint = !mintable ? QString() : !m_unavailable.isEmpty() ? m_unavailable : m_noKeychain;
    const QString gone = tr("The credential is no longer stored");
    const QString notNow = m_unavailable.isEmpty() ? busy : m_unavailable;
    set(m_getToken,
        firstOf({{!has, select},
                 {m_token.isGone(), gone},
                 {s.busy, busy},
                 {!s.hasToken && !cannotMint.isEmpty(), cannotMint},
                 {!s.getEnabled, notNow}}));
    set(m_renew,
        firstOf({{!has, select},
                 {!mintable,
                  tr("A local development token cannot be renewed here: download a new one "
                     "from the Developer Console")},
                 {s.busy, busy},
                 {!cannotMint.isEmpty(), cannotMint},
                 {m_token.isGone(), gone},
                 {!s.renewEnabled, notNow}}));
    const QString copyWhyNot = firstOf({{!has, select},
                                        {s.busy, busy},
                                        {!s.hasToken && !cannotMint.isEmpty(), cannotMint},
                                        {m_token.isGone(), gone},
                                        {!s.copyEnabled, notNow}});
    set(m_copyToken, copyWhyNot);
    set(m_copyHeader, copyWhyNot);
    const bool author = has && m_record->environment.author.isValid() && !m_record->environment.author.host().isEmpty();
    set(m_copyCurl,
        firstOf({{!copyWhyNot.isEmpty(), copyWhyNot},
                 {!author, tr("No author URL: set it in the details to copy a curl command")}}));
    const bool anyHost = has
        && (m_record->environment.author.isValid() || m_record->environment.publish.isValid()
            || m_record->environment.preview.isValid());
    set(m_openInTester,
        firstOf({{!has, select},
                 {!m_unavailable.isEmpty(), m_unavailable},
                 {!anyHost, tr("No AEM host: set the author URL in the details first")}}));
    set(m_tester, m_unavailable);
    const QString needsToken =
        firstOf({{!has, select}, {!m_unavailable.isEmpty(), m_unavailable}, {!s.hasToken, tr("Get a token first")}});
    set(m_validate, needsToken);
    set(m_revoke,
        firstOf({{!mintable && has, tr("A local development token cannot be revoked here")},
                 {!needsToken.isEmpty(), needsToken}}));
    set(m_rename, has ? QString() : select);
    set(m_remove, has ? QString() : select);
    m_envType->setCredential(m_record);
}

void CredentialActions::fillTokenMenu(QMenu* menu) const
{
    menu->addAction(m_getToken);
    menu->addAction(m_renew);
    menu->addSeparator();
    for (QAction* a : {m_copyToken, m_copyHeader, m_copyCurl})
        menu->addAction(a);
    menu->addSeparator();
    menu->addAction(m_openInTester);
    menu->addAction(m_validate);
    menu->addAction(m_revoke);
    menu->addSeparator();
    menu->addAction(m_rename);
    menu->addMenu(m_envType->menu());
    menu->addAction(m_remove);
}

void CredentialActions::attachTo(QTableView* table)
{
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    // A right click selects the row under it; the Menu key opens over the current row (Qt puts
    // the keyboard's menu at the current index's rectangle).
    connect(table, &QWidget::customContextMenuRequested, this, [this, table](const QPoint& pos) {
        const QModelIndex index = table->indexAt(pos);
        if (!index.isValid())
            return;
        table->setCurrentIndex(index);
        table->selectRow(index.row());
        m_contextMenu->popup(table->viewport()->mapToGlobal(pos));
    });
}

QToolBar* CredentialActions::createToolBar(QWidget* parent) const
{
    auto* bar = new QToolBar(tr("Main toolbar"), parent);
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    if (auto* import = m_window.findChild<QAction*>(QStringLiteral("actionImport"))) {
        import->setIcon(actionIcon(ActionIcon::Import, &m_window));
        bar->addAction(import);
        bar->addSeparator();
    }
    for (QAction* a : {m_getToken, m_renew, m_copyToken, m_copyHeader, m_copyCurl})
        bar->addAction(a);
    bar->addSeparator();
    bar->addAction(m_openInTester);
    bar->addAction(m_validate);
    return bar;
}

void CredentialActions::renameSelected()
{
    if (!m_record)
        return;
    const QString id = m_record->id;
    auto* dialog = new RenameDialog(
        m_record->name,
        [this, id](const QString& to) {
            m_context.syncStore(); // a rename or removal by another process first
            const CredentialRecord* r = nullptr;
            for (const CredentialRecord& rec : m_context.store().records())
                if (rec.id == id)
                    r = &rec;
            if (!r)
                return tr("the credential is no longer stored");
            QString error;
            return m_context.store().renameCredential(r->name, to, &error) ? QString() : error;
        },
        &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RenameDialog::renamed, &m_window, [this](const QString& from, const QString& to) {
        // The panel, details and list show the new name at once (the same row, by id).
        if (auto* table = m_window.findChild<QTableView*>(QStringLiteral("credentialTable")))
            table->clearSelection();
        m_window.selectCredential(to);
        m_window.showStatus(tr("Renamed %1 to %2").arg(from, to));
    });
    dialog->open();
}

} // namespace aem::ui
