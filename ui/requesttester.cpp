// SPDX-License-Identifier: Apache-2.0
#include "requesttester.h"

#include "appcontext.h"
#include "async.h"
#include "clipboardguard.h"
#include "dialogs.h"
#include "environment.h"
#include "jsonhighlighter.h"
#include "theme.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace aem::ui {

namespace {

QTableWidget* keyValueTable(QWidget* parent, const QString& name, const QString& keyTitle, const QString& valueTitle)
{
    auto* t = new QTableWidget(4, 2, parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels({keyTitle, valueTitle});
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    return t;
}

QList<QPair<QString, QString>> rowsOf(const QTableWidget* t)
{
    QList<QPair<QString, QString>> out;
    for (int r = 0; r < t->rowCount(); ++r) {
        const QString k = t->item(r, 0) ? t->item(r, 0)->text().trimmed() : QString();
        if (!k.isEmpty())
            out.append({k, t->item(r, 1) ? t->item(r, 1)->text() : QString()});
    }
    return out;
}

} // namespace

RequestTester::RequestTester(AppContext& context, RequestHistory& history, ClipboardGuard& clipboard, QWidget* parent)
    : QWidget(parent, Qt::Window),
      m_context(context),
      m_clipboard(clipboard),
      m_controller(new RequestTesterController(context.store(), context.tokenService(), context.nam(), history, this))
{
    setObjectName(QStringLiteral("requestTester"));
    setWindowTitle(tr("Request tester"));
    m_controller->setPrompts(
        {[this](const QString& host, const QString& credential) {
             return Dialogs::question(this, tr("Send the token to another host?"),
                                      tr("%1 is not one of the hosts of %2. Send its access token to %1?\n\n"
                                         "Anyone running %1 could then act as this credential until the token expires.")
                                          .arg(host, credential),
                                      QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                 == QMessageBox::Yes;
         },
         [this] {
             return Dialogs::question(
                        this, tr("Copy with the token inline?"),
                        tr("The command will contain the access token itself. Anyone who sees it can use the "
                           "token until it expires."),
                        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
                 == QMessageBox::Yes;
         }});

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
    second->addStretch(1);
    second->addWidget(m_curl);

    auto* requestTabs = new QTabWidget(this);
    m_params = keyValueTable(this, QStringLiteral("testerParams"), tr("Parameter"), tr("Value"));
    m_headers = keyValueTable(this, QStringLiteral("testerHeaders"), tr("Header"), tr("Value"));
    auto* bodyPage = new QWidget(this);
    m_body = new QPlainTextEdit(bodyPage);
    m_body->setObjectName(QStringLiteral("testerBody"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("Request body (JSON, form data, …)"));
    auto* loadBody = new QPushButton(tr("Load from file…"), bodyPage);
    connect(loadBody, &QPushButton::clicked, this, [this] {
        const QString f = Dialogs::openFileName(this, tr("Request body"), tr("All files (*)"));
        if (f.isEmpty())
            return;
        if (const auto body = m_controller->loadBodyFile(f))
            m_body->setPlainText(QString::fromUtf8(*body));
    });
    auto* bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_body);
    bodyLayout->addWidget(loadBody, 0, Qt::AlignLeft);
    requestTabs->addTab(m_params, tr("Parameters"));
    requestTabs->addTab(m_headers, tr("Headers"));
    requestTabs->addTab(bodyPage, tr("Body"));

    auto* statusRow = new QHBoxLayout;
    QWidget* response = buildResponsePane();
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_save);
    statusRow->addWidget(m_openFull);

    auto* left = new QWidget(this);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addLayout(top);
    ll->addLayout(second);
    ll->addWidget(requestTabs, 2);
    ll->addLayout(statusRow);
    ll->addWidget(m_explanation);
    ll->addWidget(m_progress);
    ll->addWidget(m_truncated);
    ll->addWidget(response, 5);

    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(buildHistoryPane(history));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({800, 300});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_send, &QPushButton::clicked, this, &RequestTester::send);
    connect(m_cancel, &QPushButton::clicked, this, &RequestTester::cancel);
    connect(m_testConnection, &QPushButton::clicked, this, &RequestTester::testConnection);
    connect(m_path, &QLineEdit::returnPressed, this, &RequestTester::send);
    auto* sendShortcut = new QShortcut(QKeySequence(tr("Ctrl+Return")), this);
    connect(sendShortcut, &QShortcut::activated, this, &RequestTester::send);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &RequestTester::cancel);
    connect(m_presets, &QComboBox::activated, this, [this](int i) {
        if (i <= 0)
            return;
        setRequest("GET", m_presets->itemData(i).toString());
        m_presets->setCurrentIndex(0);
    });
    connect(m_credential, &QComboBox::currentTextChanged, m_controller, &RequestTesterController::setCredential);
    connect(m_target, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller->setTarget(Target(std::max(0, i))); });
    connect(&m_context.store(), &CredentialStore::changed, this, &RequestTester::refreshCredentials);
    connect(&m_context, &AppContext::credentialsChanged, this, &RequestTester::refreshCredentials);
    connectController();
    refreshCredentials();
    showBusy(false);
    resize(1100, 720);
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
                        QStringLiteral("DELETE"), QStringLiteral("HEAD")});
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
    m_presets->setObjectName(QStringLiteral("testerPresets"));
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
}

QWidget* RequestTester::buildResponsePane()
{
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("testerStatus"));
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("testerExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("testerProgress"));
    m_progress->hide();
    m_responseTabs = new QTabWidget(this);
    auto makeView = [this](const QString& name) {
        auto* v = new QPlainTextEdit(this);
        v->setObjectName(name);
        v->setReadOnly(true);
        v->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        v->setLineWrapMode(QPlainTextEdit::NoWrap);
        return v;
    };
    m_pretty = makeView(QStringLiteral("responsePretty"));
    new JsonHighlighter(m_pretty->document());
    m_raw = makeView(QStringLiteral("responseRaw"));
    m_responseHeaders = makeView(QStringLiteral("responseHeaders"));
    m_image = new QLabel(this);
    m_image->setObjectName(QStringLiteral("responseImage"));
    m_image->setAlignment(Qt::AlignCenter);
    auto* imageScroll = new QScrollArea(this);
    imageScroll->setWidget(m_image);
    imageScroll->setWidgetResizable(true);
    m_responseTabs->addTab(m_pretty, tr("Pretty"));
    m_responseTabs->addTab(m_raw, tr("Raw"));
    m_responseTabs->addTab(m_responseHeaders, tr("Headers"));
    m_responseTabs->addTab(imageScroll, tr("Image"));
    connect(m_responseTabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 1 && m_rawPending) {
            m_rawPending = false;
            m_raw->setPlainText(QString::fromUtf8(m_controller->lastPreview().raw));
        }
    });
    m_truncated = new QLabel(this);
    m_truncated->setObjectName(QStringLiteral("responseTruncated"));
    m_truncated->setWordWrap(true);
    m_truncated->hide();
    m_save = new QPushButton(tr("Save body…"), this);
    m_save->setObjectName(QStringLiteral("responseSave"));
    m_save->setEnabled(false);
    m_openFull = new QPushButton(tr("Open in full"), this);
    m_openFull->setObjectName(QStringLiteral("responseOpenFull"));
    m_openFull->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, [this] { saveResponse(); });
    connect(m_openFull, &QPushButton::clicked, this, [this] {
        const QString file = m_controller->lastPreview().bodyFile;
        if (!file.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
    });
    return m_responseTabs;
}

QWidget* RequestTester::buildHistoryPane(RequestHistory& history)
{
    // History: searchable, double-click (or Enter) to load it back.
    auto* right = new QWidget(this);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    m_historySearch = new QLineEdit(right);
    m_historySearch->setObjectName(QStringLiteral("historySearch"));
    m_historySearch->setPlaceholderText(tr("Search history"));
    m_historySearch->setClearButtonEnabled(true);
    m_historyProxy = new QSortFilterProxyModel(this);
    m_historyProxy->setSourceModel(&history);
    m_historyProxy->setFilterRole(RequestHistory::SearchTextRole);
    m_historyProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_historySearch, &QLineEdit::textChanged, m_historyProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_historyView = new QListView(right);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    m_historyView->setModel(m_historyProxy);
    m_historyView->setAccessibleName(tr("Request history"));
    connect(m_historyView, &QListView::activated, this,
            [this](const QModelIndex& i) { rerunHistory(m_historyProxy->mapToSource(i).row()); });
    rl->addWidget(new QLabel(tr("History"), right));
    rl->addWidget(m_historySearch);
    rl->addWidget(m_historyView);
    return right;
}

void RequestTester::connectController()
{
    RequestTesterController* c = m_controller;
    connect(c, &RequestTesterController::busyChanged, this, &RequestTester::showBusy);
    connect(c, &RequestTesterController::statusChanged, m_status, &QLabel::setText);
    connect(c, &RequestTesterController::explanationChanged, m_explanation, &QLabel::setText);
    connect(c, &RequestTesterController::responseHeadersChanged, m_responseHeaders, &QPlainTextEdit::setPlainText);
    connect(c, &RequestTesterController::progressShown, this, [this](bool sizeKnown) {
        m_progress->setRange(0, sizeKnown ? 1000 : 0);
        m_progress->setValue(0);
        m_progress->show();
    });
    connect(c, &RequestTesterController::progressChanged, m_progress, &QProgressBar::setValue);
    connect(c, &RequestTesterController::progressHidden, m_progress, &QWidget::hide);
    connect(c, &RequestTesterController::previewReady, this, &RequestTester::showPreview);
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
    m_credential->clear();
    m_credential->addItems(m_controller->credentialNames());
    const int i = m_credential->findText(current);
    if (i >= 0)
        m_credential->setCurrentIndex(i);
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
                               const QByteArray& body)
{
    m_method->setCurrentText(QString::fromLatin1(method));
    m_path->setText(pathOrUrl);
    m_params->clearContents();
    m_headers->clearContents();
    m_headers->setRowCount(std::max<int>(4, int(headers.size()) + 1));
    for (int i = 0; i < headers.size(); ++i) {
        m_headers->setItem(i, 0, new QTableWidgetItem(QString::fromLatin1(headers[i].first)));
        m_headers->setItem(i, 1, new QTableWidgetItem(QString::fromUtf8(headers[i].second)));
    }
    m_body->setPlainText(QString::fromUtf8(body));
}

QString RequestTester::statusText() const
{
    return m_status->text();
}
QString RequestTester::explanationText() const
{
    return m_explanation->text();
}
QString RequestTester::prettyText() const
{
    return m_pretty->toPlainText();
}
QString RequestTester::rawText() const
{
    return m_rawPending ? QString::fromUtf8(m_controller->lastPreview().raw) : m_raw->toPlainText();
}
QString RequestTester::headersText() const
{
    return m_responseHeaders->toPlainText();
}

RequestDraft RequestTester::draft() const
{
    RequestDraft d;
    d.method = m_method->currentText();
    d.pathOrUrl = m_path->text();
    d.params = rowsOf(m_params);
    d.headers = rowsOf(m_headers);
    d.body = m_body->toPlainText();
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

void RequestTester::rerunHistory(int row)
{
    if (const auto e = m_controller->historyEntry(row)) {
        setCredential(e->credential);
        setRequest(e->method, e->url, e->headers, e->body);
    }
}

void RequestTester::showPreview(const ResponsePreview& p)
{
    // Each text view takes milliseconds per 10 KiB to lay out: fill the raw view only when
    // it is looked at, so one event-loop turn never does both.
    m_raw->clear();
    m_rawPending = !p.pretty.isEmpty();
    if (!m_rawPending)
        m_raw->setPlainText(QString::fromUtf8(p.raw));
    m_pretty->setPlainText(p.pretty.isEmpty() ? QString::fromUtf8(p.raw) : QString::fromUtf8(p.pretty));
    m_truncated->setVisible(p.truncated);
    if (p.truncated)
        m_truncated->setText(
            tr("Showing the first %1 of %2. Save the body or open it in full to see everything.")
                .arg(RequestTesterController::humanSize(p.raw.size()), RequestTesterController::humanSize(p.size)));
    m_save->setEnabled(p.size > 0);
    m_openFull->setEnabled(!p.bodyFile.isEmpty());
    m_image->clear();
    if (p.isImage) {
        // Decoding can be heavy: off the GUI thread.
        runThenCallback(
            this, [path = p.bodyFile] { return QImage(path); },
            [this](QImage img) {
                if (!img.isNull()) {
                    m_image->setPixmap(QPixmap::fromImage(img));
                    m_responseTabs->setCurrentIndex(3);
                }
            });
    } else {
        m_responseTabs->setCurrentIndex(p.pretty.isEmpty() ? 1 : 0);
    }
    Q_EMIT responseReady();
}

void RequestTester::showBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_testConnection->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

} // namespace aem::ui
