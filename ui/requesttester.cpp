// SPDX-License-Identifier: Apache-2.0
#include "requesttester.h"

#include "keyboardnav.h"

#include "collectionfile.h"

#include "appcontext.h"
#include "clipboardguard.h"
#include "compareview.h"
#include "curlcopy.h"
#include "dialogs.h"
#include "environment.h"
#include "keyvaluetable.h"
#include "productionconfirm.h"
#include "requestbodyeditor.h"
#include "requesthistoryview.h"
#include "requeststatusarea.h"
#include "responseview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace aem::ui {

namespace {
enum RequestTab { ParamsTab, HeadersTab, BodyTab };
} // namespace

RequestTester::RequestTester(AppContext& context, RequestHistory& history, ClipboardGuard& clipboard, QWidget* parent)
    : QWidget(parent, Qt::Window),
      m_context(context),
      m_clipboard(clipboard),
      m_controller(new RequestTesterController(context.store(), context.tokenService(), context.nam(), history, this))
{
    setObjectName(QStringLiteral("requestTester"));
    setWindowTitle(tr("Request tester"));
    letTabLeaveEverywhere(); // its tools and comparisons, made later, too
    m_controller->setPrompts(
        {[this](const QString& host, const QString& credential) {
             return Dialogs::question(this, tr("Send the token to another host?"),
                                      tr("%1 is not one of the hosts of %2. Send its access token to %1?\n\n"
                                         "Anyone running %1 could then act as this credential until the "
                                         "token expires.")
                                          .arg(host, credential),
                                      QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                 == QMessageBox::Yes;
         },
         [this] { return confirmInlineTokenCopy(this); },
         [this](const QString& method, const QString& credential, bool suggested) {
             return confirmProductionRequest(this, method, credential, suggested);
         },
         [this](const QString& file, const QString& host) { return confirmFileAuthorization(this, file, host); },
         [this](const QString& credential) { return confirmRerunWithToken(this, credential); }});

    buildRequestRow();
    auto* top = new QHBoxLayout;
    top->addWidget(m_credential, 2);
    top->addWidget(m_target);
    top->addWidget(m_method);
    top->addWidget(m_path, 5);
    top->addWidget(m_send);
    top->addWidget(m_cancel);
    auto* second = new QHBoxLayout;
    second->addWidget(m_presets);
    second->addWidget(m_testConnection);
    auto* compare = new QPushButton(tr("Compare…"), this);
    compare->setObjectName(QStringLiteral("testerCompare"));
    compare->setToolTip(tr("Send this request to two credentials and compare the answers"));
    connect(compare, &QPushButton::clicked, this, &RequestTester::openCompare);
    second->addWidget(compare);
    auto* aemTools = new QPushButton(tr("AEM &APIs…"), this);
    aemTools->setObjectName(QStringLiteral("testerAemApis"));
    connect(aemTools, &QPushButton::clicked, this, &RequestTester::openAemTools);
    second->addWidget(aemTools);
    second->addStretch(1);
    second->addWidget(m_collection);
    second->addWidget(m_curl);

    m_statusArea = new RequestStatusArea(this);
    m_response = new ResponseView(this);
    auto* left = new QWidget(this);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addLayout(top);
    ll->addLayout(second);
    ll->addWidget(buildRequestTabs(), 2);
    ll->addWidget(m_statusArea);
    ll->addWidget(m_response, 5);

    m_history = new RequestHistoryView(history, context.clock(), this);
    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(m_history);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({700, 400});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_send, &QPushButton::clicked, this, &RequestTester::send);
    connect(m_cancel, &QPushButton::clicked, this, &RequestTester::cancel);
    connect(m_testConnection, &QPushButton::clicked, this, &RequestTester::testConnection);
    connect(m_path, &QLineEdit::returnPressed, this, &RequestTester::send);
    connect(m_path, &QLineEdit::textChanged, this, &RequestTester::pathToParams);
    connect(m_params, &QTableWidget::itemChanged, this, &RequestTester::paramsToPath);
    connect(m_method, &QComboBox::currentTextChanged, this, [this](const QString& method) {
        m_body->setMethod(method);
        updateBodyTab();
    });
    connect(m_body, &RequestBodyEditor::contentChanged, this, &RequestTester::updateBodyTab);
    auto* sendShortcut = new QShortcut(QKeySequence(tr("Ctrl+Return")), this);
    connect(sendShortcut, &QShortcut::activated, this, &RequestTester::send);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &RequestTester::cancel);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_response, &ResponseView::openSearch);
    connect(m_presets, &QComboBox::activated, this, [this](int i) {
        if (i <= 0)
            return;
        setRequest("GET", m_presets->itemData(i).toString());
        m_presets->setCurrentIndex(0);
    });
    connect(m_credential, &QComboBox::currentTextChanged, m_controller, &RequestTesterController::setCredential);
    connect(m_target, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller->setTarget(Target(std::max(0, i))); });
    connect(m_response, &ResponseView::saveRequested, this, [this] { saveResponse(); });
    connect(m_response, &ResponseView::shown, this, &RequestTester::responseReady);
    connect(m_history, &RequestHistoryView::rerunRequested, this, &RequestTester::rerunHistory);
    connect(m_history, &RequestHistoryView::loadRequested, this, &RequestTester::loadHistory);
    connect(&m_context.store(), &CredentialStore::changed, this, &RequestTester::refreshCredentials);
    connect(&m_context, &AppContext::credentialsChanged, this, &RequestTester::refreshCredentials);
    connectController();
    refreshCredentials();
    showBusy(false);
    m_body->setMethod(m_method->currentText());
    updateBodyTab();
    // Most of a large screen (an answer is read better wide), 1100x720 at least, never beyond
    // the screen (1024x700 cut its right side off). 40: the title bar.
    const QRect screen = Dialogs::availableGeometry(this);
    resize(std::min(std::max(1100, screen.width() * 3 / 4), screen.width()),
           std::min(std::max(720, screen.height() * 4 / 5), screen.height() - 40));
    m_split = split;
}

void RequestTester::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // A window too narrow for the request and the history side by side (1024 px in French):
    // the history starts folded away; dragging the splitter's handle brings it back.
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    const int request = m_split->widget(0)->minimumSizeHint().width();
    if (request + m_history->minimumSizeHint().width() + 40 > width())
        m_split->setSizes({width(), 0});
}

RequestTester::~RequestTester()
{
    // First, while every widget still exists: a request under way ends (as cancelled) here.
    delete m_controller;
    m_controller = nullptr;
}

void RequestTester::buildRequestRow()
{
    m_credential = new QComboBox(this);
    // As wide as a usual name, not the longest one: the row must fit a 1024 px screen.
    m_credential->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_credential->setMinimumContentsLength(16);
    m_credential->setObjectName(QStringLiteral("testerCredential"));
    m_credential->setAccessibleName(tr("Credential"));
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("testerTarget"));
    m_target->addItems({tr("Author"), tr("Publish"), tr("Preview")});
    m_target->setAccessibleName(tr("Target host"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("testerMethod"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
                        QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    m_method->setAccessibleName(tr("Method"));
    m_path = new QLineEdit(currentUserPath(), this);
    m_path->setObjectName(QStringLiteral("testerPath"));
    m_path->setAccessibleName(tr("Path or URL"));
    m_path->setPlaceholderText(tr("/path on the target, or a full URL"));
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("testerSend"));
    m_send->setToolTip(tr("Send (Ctrl+Return)"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("testerCancel"));
    m_testConnection = new QPushButton(tr("Test &connection"), this);
    m_testConnection->setObjectName(QStringLiteral("testConnection"));
    m_testConnection->setToolTip(tr("Ask AEM who it thinks you are"));
    m_presets = new QComboBox(this);
    m_presets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presets->setMinimumContentsLength(14);
    m_presets->setObjectName(QStringLiteral("testerPresets"));
    m_presets->setAccessibleName(tr("Presets"));
    m_presets->addItem(tr("Presets…"));
    for (const Preset& p : presets())
        m_presets->addItem(p.label, p.path);
    m_curl = new QToolButton(this);
    m_curl->setObjectName(QStringLiteral("testerCurl"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setPopupMode(QToolButton::MenuButtonPopup);
    auto* curlMenu = new QMenu(m_curl);
    curlMenu->addAction(tr("With the token as $AEM_TOKEN"), this, [this] { copyCurl(false); });
    curlMenu->addAction(tr("With the token inline…"), this, [this] { copyCurl(true); });
    m_curl->setMenu(curlMenu);
    connect(m_curl, &QToolButton::clicked, this, [this] { copyCurl(false); });
    // Saved requests: .http collections (collectionfile.h).
    m_collection = new QToolButton(this);
    m_collection->setObjectName(QStringLiteral("testerCollection"));
    m_collection->setText(tr("Collection"));
    m_collection->setPopupMode(QToolButton::InstantPopup);
    auto* collectionMenu = new QMenu(m_collection);
    collectionMenu->addAction(tr("Save to collection…"), this, [this] {
        saveDraftDialog(this, draft(), Target(m_target->currentIndex()), m_controller->collectionOrigin());
    });
    collectionMenu->addAction(tr("Open collection…"), this, [this] {
        if (const auto c = openCollectionDialog(this))
            loadCollectionRequest(c->path, c->file, c->index);
    });
    m_collection->setMenu(collectionMenu);
}

QWidget* RequestTester::buildRequestTabs()
{
    m_requestTabs = new QTabWidget(this);
    m_requestTabs->setObjectName(QStringLiteral("testerRequestTabs"));
    m_params = KeyValueTable::create(this, QStringLiteral("testerParams"), tr("Parameter"), tr("Value"));
    m_params->setAccessibleName(tr("Query parameters"));
    m_headers = KeyValueTable::create(this, QStringLiteral("testerHeaders"), tr("Header"), tr("Value"));
    m_headers->setAccessibleName(tr("Request headers"));
    m_body = new RequestBodyEditor(this);
    m_requestTabs->addTab(m_params, tr("Parameters"));
    m_requestTabs->addTab(m_headers, tr("Headers"));
    m_requestTabs->addTab(m_body, tr("Body"));
    return m_requestTabs;
}

void RequestTester::connectController()
{
    RequestTesterController* c = m_controller;
    connect(c, &RequestTesterController::busyChanged, this, &RequestTester::showBusy);
    connect(c, &RequestTesterController::statusChanged, m_statusArea, &RequestStatusArea::setStatus);
    connect(c, &RequestTesterController::noticeChanged, m_statusArea, &RequestStatusArea::setNotice);
    connect(c, &RequestTesterController::explanationChanged, m_statusArea, &RequestStatusArea::setExplanation);
    connect(c, &RequestTesterController::responseHeadersChanged, m_response, &ResponseView::setHeadersText);
    connect(c, &RequestTesterController::progressShown, m_statusArea, &RequestStatusArea::showProgress);
    connect(c, &RequestTesterController::progressChanged, m_statusArea, &RequestStatusArea::setProgress);
    connect(c, &RequestTesterController::progressHidden, m_statusArea, &RequestStatusArea::hideProgress);
    connect(c, &RequestTesterController::previewReady, m_response, &ResponseView::showPreview);
    connect(c, &RequestTesterController::finished, this, &RequestTester::finished);
    connect(c, &RequestTesterController::responseSaved, this, &RequestTester::responseSaved);
    connect(c, &RequestTesterController::curlReady, this, [this](const QString& command, bool containsToken) {
        if (containsToken)
            m_clipboard.copySecret(command, m_context.settings().clipboardClearSeconds * 1000);
        else
            QApplication::clipboard()->setText(command);
    });
}

void RequestTester::refreshCredentials()
{
    const QString current = m_credential->currentText();
    {
        // One change for the controller, not the passing ones while the list is refilled (a
        // collection's request stays tied to its credential).
        const QSignalBlocker block(m_credential);
        m_credential->clear();
        m_credential->addItems(m_controller->credentialNames());
        const int i = m_credential->findText(current);
        if (i >= 0)
            m_credential->setCurrentIndex(i);
    }
    m_controller->setCredential(m_credential->currentText());
}

void RequestTester::setCredential(const QString& name)
{
    refreshCredentials();
    const int i = m_credential->findText(name);
    if (i >= 0)
        m_credential->setCurrentIndex(i);
}

void RequestTester::setTarget(Target t)
{
    m_target->setCurrentIndex(int(t));
}

void RequestTester::setRequest(const QByteArray& method, const QString& pathOrUrl, const HeaderList& headers,
                               const QByteArray& body, BodyKind kind)
{
    RequestDraft d;
    d.method = QString::fromLatin1(method);
    d.pathOrUrl = pathOrUrl;
    for (const auto& [k, v] : headers)
        d.headers.append({QString::fromLatin1(k), QString::fromUtf8(v)});
    d.bodyKind = kind;
    d.body = QString::fromUtf8(body);
    loadDraft(d);
}

void RequestTester::loadDraft(const RequestDraft& d)
{
    m_controller->setCollectionOrigin(std::nullopt); // a collection's tie is set after loading
    m_method->setCurrentText(d.method);
    m_path->setText(d.pathOrUrl); // the parameters follow
    KeyValueTable::setRows(m_headers, d.headers);
    m_body->setKind(d.bodyKind);
    m_body->setText(d.body);
    m_body->setFilePath(d.bodyFile);
}

void RequestTester::pathToParams()
{
    if (m_syncing)
        return;
    m_syncing = true;
    KeyValueTable::setRows(m_params, parseQuery(m_path->text()));
    m_syncing = false;
}

void RequestTester::paramsToPath()
{
    if (m_syncing)
        return;
    m_syncing = true;
    const int cursor = m_path->cursorPosition();
    m_path->setText(withQuery(m_path->text(), KeyValueTable::rows(m_params)));
    m_path->setCursorPosition(std::min<int>(cursor, int(m_path->text().size())));
    m_syncing = false;
}

void RequestTester::updateBodyTab()
{
    // A mark when the body holds something, so it is never sent (or not sent) unseen.
    m_requestTabs->setTabText(BodyTab, m_body->hasContent() ? tr("Body \u2022") : tr("Body"));
    m_requestTabs->setTabToolTip(BodyTab, m_body->hasContent() && !m_body->isSent() ? m_body->reason() : QString());
}

QString RequestTester::statusText() const
{
    return m_statusArea->status();
}
QString RequestTester::noticeText() const
{
    return m_statusArea->notice();
}
QString RequestTester::explanationText() const
{
    return m_statusArea->explanation();
}
QString RequestTester::pathText() const
{
    return m_path->text();
}
QString RequestTester::bodyTabTitle() const
{
    return m_requestTabs->tabText(BodyTab);
}
QString RequestTester::prettyText() const
{
    return m_response->prettyText();
}
QString RequestTester::rawText() const
{
    return m_response->rawText();
}
QString RequestTester::headersText() const
{
    return m_response->headersText();
}

RequestDraft RequestTester::draft() const
{
    RequestDraft d;
    d.method = m_method->currentText();
    d.pathOrUrl = m_path->text();
    d.params = KeyValueTable::rows(m_params);
    d.headers = KeyValueTable::rows(m_headers);
    d.bodyKind = m_body->kind();
    d.body = m_body->text();
    d.bodyFile = m_body->filePath();
    return d;
}

void RequestTester::send()
{
    m_controller->send(draft());
}

void RequestTester::cancel()
{
    m_controller->cancel();
}

void RequestTester::testConnection()
{
    setTarget(RequestTesterController::Author);
    setRequest("GET", currentUserPath());
    send();
}

void RequestTester::copyCurl(bool inlineToken)
{
    m_controller->copyCurl(draft(), inlineToken);
}

void RequestTester::saveResponse(const QString& chosen)
{
    m_controller->saveResponse(chosen.isEmpty() ? QFileDialog::getSaveFileName(this, tr("Save the response body"))
                                                : chosen);
}

void RequestTester::loadHistory(int row)
{
    if (const auto r = m_controller->rerunOf(row)) {
        setCredential(r->credential);
        setTarget(r->target);
        loadDraft(r->draft);
    }
}

void RequestTester::rerunHistory(int row)
{
    if (m_controller->isBusy())
        return;
    if (const auto r = m_controller->rerunOf(row)) {
        setCredential(r->credential);
        setTarget(r->target);
        loadDraft(r->draft);
        send();
    }
}

CompareView* RequestTester::openCompare()
{
    if (!m_compare) {
        m_compare = new CompareView(
            m_context, m_controller->history(),
            [this] {
                CompareView::Request r {
                    draft(), m_controller->target(), m_controller->credential(), m_controller->collectionOrigin(), {}};
                if (const auto& origin = m_controller->collectionOrigin())
                    for (const auto& [name, value] : origin->secrets)
                        r.historyRedactions.append({value.toUtf8(), QStringLiteral("{{%1}}").arg(name).toUtf8()});
                return r;
            },
            this);
        m_compare->setCredentials(m_controller->credential(), QString());
    }
    m_compare->refreshRequest();
    m_compare->show();
    m_compare->raise();
    return m_compare;
}

void RequestTester::showBusy(bool busy)
{
    if (busy)
        m_response->clear(); // never the last answer under the new request's status
    m_send->setEnabled(!busy);
    m_testConnection->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

} // namespace aem::ui
