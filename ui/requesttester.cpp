#include "requesttester.h"

#include "appcontext.h"
#include "async.h"
#include "clipboardguard.h"
#include "curlcommand.h"
#include "dialogs.h"
#include "httpsyntax.h"
#include "jsonhighlighter.h"
#include "theme.h"
#include "tokenprovider.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
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
#include <QUrlQuery>
#include <QVBoxLayout>

namespace aem::ui {

namespace {

QTableWidget* keyValueTable(QWidget* parent, const QString& name, const QString& keyTitle)
{
    auto* t = new QTableWidget(4, 2, parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels({keyTitle, QObject::tr("Value")});
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

QString humanSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

QList<RequestTester::Preset> RequestTester::presets()
{
    return {{tr("Who am I (current user)"), QStringLiteral("/libs/granite/security/currentuser.json")},
            {tr("Session info"), QStringLiteral("/system/sling/info.sessionInfo.json")},
            {tr("DAM root"), QStringLiteral("/content/dam.json")},
            {tr("Assets HTTP API"), QStringLiteral("/api/assets.json")},
            {tr("GraphQL endpoints"), QStringLiteral("/graphql/list.endpoints.json")}};
}

RequestTester::RequestTester(AppContext& context, RequestHistory& history, ClipboardGuard& clipboard, QWidget* parent)
    : QWidget(parent, Qt::Window), m_context(context), m_history(history), m_clipboard(clipboard)
{
    setObjectName(QStringLiteral("requestTester"));
    setWindowTitle(tr("Request tester"));
    // Bodies are buffered and prepared for display on their own thread.
    m_sink = new ResponseSink(64 * 1024);
    m_sink->moveToThread(&m_sinkThread);
    connect(&m_sinkThread, &QThread::finished, m_sink, &QObject::deleteLater);
    connect(m_sink, &ResponseSink::ready, this, &RequestTester::onPreview);
    connect(m_sink, &ResponseSink::saved, this, [this](const QString& path, const QString& error) {
        if (!error.isEmpty())
            m_explanation->setText(error);
        Q_EMIT responseSaved(path, error);
    });
    m_sinkThread.start();

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
    m_path = new QLineEdit(QStringLiteral("/libs/granite/security/currentuser.json"), this);
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
    m_params = keyValueTable(this, QStringLiteral("testerParams"), tr("Parameter"));
    m_headers = keyValueTable(this, QStringLiteral("testerHeaders"), tr("Header"));
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
        QFile file(f);
        if (!file.open(QIODevice::ReadOnly) || file.size() > 16 * 1024 * 1024) {
            m_explanation->setText(tr("Cannot use %1 as the body: unreadable or larger than 16 MiB").arg(f));
            return;
        }
        m_body->setPlainText(QString::fromUtf8(file.readAll()));
    });
    auto* bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_body);
    bodyLayout->addWidget(loadBody, 0, Qt::AlignLeft);
    requestTabs->addTab(m_params, tr("Parameters"));
    requestTabs->addTab(m_headers, tr("Headers"));
    requestTabs->addTab(bodyPage, tr("Body"));

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
            m_raw->setPlainText(QString::fromUtf8(m_preview.raw));
        }
    });
    m_truncated = new QLabel(this);
    m_truncated->setObjectName(QStringLiteral("responseTruncated"));
    m_truncated->setWordWrap(true);
    m_truncated->hide();
    m_save = new QPushButton(tr("Save body…"), this);
    m_save->setObjectName(QStringLiteral("responseSave"));
    m_save->setEnabled(false);
    auto* openFull = new QPushButton(tr("Open in full"), this);
    openFull->setObjectName(QStringLiteral("responseOpenFull"));
    openFull->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, [this] { saveResponse(); });
    connect(openFull, &QPushButton::clicked, this, [this] {
        if (!m_preview.bodyFile.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(m_preview.bodyFile));
    });
    connect(this, &RequestTester::responseReady, openFull, [this, openFull] { openFull->setEnabled(!m_preview.bodyFile.isEmpty()); });

    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_save);
    statusRow->addWidget(openFull);

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
    ll->addWidget(m_responseTabs, 5);

    // History: searchable, double-click (or Enter) to load it back.
    auto* right = new QWidget(this);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    m_historySearch = new QLineEdit(right);
    m_historySearch->setObjectName(QStringLiteral("historySearch"));
    m_historySearch->setPlaceholderText(tr("Search history"));
    m_historySearch->setClearButtonEnabled(true);
    m_historyProxy = new QSortFilterProxyModel(this);
    m_historyProxy->setSourceModel(&m_history);
    m_historyProxy->setFilterRole(RequestHistory::SearchTextRole);
    m_historyProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_historySearch, &QLineEdit::textChanged, m_historyProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_historyView = new QListView(right);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    m_historyView->setModel(m_historyProxy);
    m_historyView->setAccessibleName(tr("Request history"));
    connect(m_historyView, &QListView::activated, this, [this](const QModelIndex& i) {
        rerunHistory(m_historyProxy->mapToSource(i).row());
    });
    rl->addWidget(new QLabel(tr("History"), right));
    rl->addWidget(m_historySearch);
    rl->addWidget(m_historyView);

    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
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
    connect(&m_context.store(), &CredentialStore::changed, this, &RequestTester::refreshCredentials);
    connect(&m_context, &AppContext::credentialsChanged, this, &RequestTester::refreshCredentials);
    refreshCredentials();
    setBusy(false);
    resize(1100, 720);
}

RequestTester::~RequestTester()
{
    if (m_request)
        m_request->abort();
    m_sinkThread.quit();
    m_sinkThread.wait();
}

void RequestTester::refreshCredentials()
{
    const QString current = m_credential->currentText();
    m_credential->clear();
    for (const CredentialRecord& r : m_context.store().records())
        m_credential->addItem(r.name);
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

void RequestTester::setRequest(const QByteArray& method, const QString& pathOrUrl, const HeaderList& headers, const QByteArray& body)
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

QString RequestTester::statusText() const { return m_status->text(); }
QString RequestTester::explanationText() const { return m_explanation->text(); }
QString RequestTester::prettyText() const { return m_pretty->toPlainText(); }
QString RequestTester::rawText() const
{
    return m_rawPending ? QString::fromUtf8(m_preview.raw) : m_raw->toPlainText();
}
QString RequestTester::headersText() const { return m_responseHeaders->toPlainText(); }

std::optional<AemRequestSpec> RequestTester::buildSpec(QString* error, QString* foreignHost)
{
    const auto rec = m_context.store().find(m_credential->currentText());
    if (!rec) {
        *error = tr("Choose a credential first.");
        return std::nullopt;
    }
    QString target = m_path->text().trimmed();
    if (target.isEmpty()) {
        *error = tr("Enter a path such as /content/dam.json, or a full URL.");
        return std::nullopt;
    }
    if (target.startsWith(QLatin1Char('/'))) {
        const QUrl bases[] = {rec->environment.author, rec->environment.publish, rec->environment.preview};
        const QUrl base = bases[std::clamp(m_target->currentIndex(), 0, 2)];
        if (base.isEmpty()) {
            *error = tr("%1 has no %2 URL: set it in the credential's details.").arg(rec->name, m_target->currentText().toLower());
            return std::nullopt;
        }
        target = base.toString() + target;
    }
    QUrl url(target, QUrl::StrictMode);
    QUrlQuery query(url);
    for (const auto& [k, v] : rowsOf(m_params))
        query.addQueryItem(k, v);
    url.setQuery(query);
    QString why;
    const QUrl resolved = resolveAemTarget(*rec, url.toString(), QStringList(m_allowedHosts.cbegin(), m_allowedHosts.cend()), &why);
    if (!resolved.isValid()) {
        // A valid https URL to a host that is not the credential's: the user may allow it.
        if (url.isValid() && url.scheme() == QLatin1String("https") && !rec->environment.ownsUrl(url))
            *foreignHost = url.host();
        *error = why;
        return std::nullopt;
    }
    AemRequestSpec spec;
    spec.timeoutMs = 120000; // of silence; a large answer that keeps flowing is never cut
    spec.method = m_method->currentText().trimmed().toUpper().toLatin1();
    if (!isHttpToken(spec.method)) {
        *error = tr("The method must be a single word such as GET or POST.");
        return std::nullopt;
    }
    spec.url = resolved;
    for (const auto& [k, v] : rowsOf(m_headers)) {
        // A CR or LF in a value would start a header of its own (a second Authorization).
        const QByteArray name = k.toLatin1(), value = v.toUtf8();
        if (!isHttpToken(name)) {
            *error = tr("The header name \"%1\" is not valid: use letters, digits and - only.").arg(k.left(60));
            return std::nullopt;
        }
        if (!isHttpHeaderValue(value)) {
            *error = tr("The value of the header %1 contains a line break or a control character.").arg(k.left(60));
            return std::nullopt;
        }
        spec.headers.append({name, value});
    }
    spec.body = m_body->toPlainText().toUtf8();
    return spec;
}

void RequestTester::send()
{
    if (m_busy)
        return;
    QString error, foreign;
    auto spec = buildSpec(&error, &foreign);
    if (!spec && !foreign.isEmpty()) {
        const auto answer = Dialogs::question(this, tr("Send the token to another host?"),
                                              tr("%1 is not one of the hosts of %2. Send its access token to %1?\n\n"
                                                 "Anyone running %1 could then act as this credential until the token expires.")
                                                  .arg(foreign, m_credential->currentText()),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            m_explanation->setText(tr("Not sent: %1").arg(error));
            return;
        }
        m_allowedHosts.insert(foreign);
        spec = buildSpec(&error, &foreign);
    }
    if (!spec) {
        m_explanation->setText(error);
        return;
    }
    m_retried = false;
    start(*spec, false);
}

void RequestTester::start(const AemRequestSpec& spec, bool fresh)
{
    m_lastSpec = spec;
    setBusy(true);
    m_status->setText(tr("Getting the token…"));
    m_explanation->clear();
    const QString name = m_credential->currentText();
    m_context.tokens().token(name, fresh, this, [this, spec, name, fresh](const TokenResult& t) {
        if (!m_busy)
            return; // cancelled meanwhile
        if (!t.ok) {
            setBusy(false);
            m_status->setText(tr("Not sent"));
            m_explanation->setText(t.error);
            recordHistory(spec, t.error);
            Q_EMIT finished(0);
            return;
        }
        const bool mayRetry = !fresh && t.fromCache && !m_retried
                              && canMint(m_context.store().find(name).value_or(CredentialRecord{}).kind);
        m_status->setText(tr("Sending…"));
        auto* req = new AemRequest(&m_context.nam(), spec, t.accessToken, this);
        m_request = req;
        m_expected = -1;
        QMetaObject::invokeMethod(m_sink, &ResponseSink::begin, Qt::QueuedConnection);
        connect(req, &AemRequest::headersReceived, this, [this, req, mayRetry] {
            if (req->status() == 401 && mayRetry)
                return;
            m_contentType.clear();
            QString headerText = QStringLiteral("HTTP/1.1 %1 %2\n").arg(req->status()).arg(QString::fromLatin1(req->reason()));
            for (const auto& [k, v] : req->responseHeaders()) {
                headerText += QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v) + QLatin1Char('\n');
                if (k.compare("content-type", Qt::CaseInsensitive) == 0)
                    m_contentType = v;
                if (k.compare("content-length", Qt::CaseInsensitive) == 0)
                    m_expected = v.toLongLong();
            }
            m_responseHeaders->setPlainText(headerText);
            m_status->setText(tr("%1 %2 — receiving…").arg(req->status()).arg(QString::fromLatin1(req->reason())));
            m_progress->setRange(0, m_expected > 0 ? 1000 : 0);
            m_progress->setValue(0);
            m_progress->show();
            m_progressThrottle.start();
        });
        connect(req, &AemRequest::dataReceived, this, [this, req, mayRetry](const QByteArray& chunk) {
            if (req->status() == 401 && mayRetry)
                return;
            // The chunk is shared, not copied, into the sink's thread.
            QMetaObject::invokeMethod(m_sink, [sink = m_sink, chunk] { sink->append(chunk); }, Qt::QueuedConnection);
            if (m_expected > 0 && m_progressThrottle.elapsed() > 100) {
                m_progress->setValue(int(req->bytesReceived() * 1000 / m_expected));
                m_progressThrottle.restart();
            }
        });
        connect(req, &AemRequest::finished, this, [this, req, spec, mayRetry] {
            req->deleteLater();
            if (req->status() == 401 && mayRetry && req->errorString().isEmpty()) {
                // The cached token was refused: mint a new one and send once more.
                m_retried = true;
                start(spec, true);
                return;
            }
            const QString error = req->errorString();
            const int status = req->status();
            QString text = status ? tr("%1 %2 · %3 ms · %4").arg(status).arg(QString::fromLatin1(req->reason())).arg(req->elapsedMs()).arg(humanSize(req->bytesReceived()))
                                  : tr("No answer · %1 ms").arg(req->elapsedMs());
            m_status->setText(text);
            if (!error.isEmpty())
                m_explanation->setText(error);
            else if (status >= 400)
                m_explanation->setText(explainAemStatus(status, m_context.store().find(m_credential->currentText()).value_or(CredentialRecord{})));
            m_progress->hide();
            recordHistory(spec, error);
            setBusy(false);
            QMetaObject::invokeMethod(m_sink, [sink = m_sink, type = m_contentType] { sink->finish(type); }, Qt::QueuedConnection);
            Q_EMIT finished(status);
        });
        req->start();
    });
}

void RequestTester::recordHistory(const AemRequestSpec& spec, const QString& error)
{
    HistoryEntry e;
    e.at = QDateTime::currentDateTimeUtc();
    e.credential = m_credential->currentText();
    e.method = spec.method;
    e.url = spec.url.toString();
    e.headers = spec.headers;
    e.body = spec.body;
    if (m_request) {
        e.status = m_request->status();
        e.elapsedMs = m_request->elapsedMs();
        e.bytes = m_request->bytesReceived();
    }
    e.error = error;
    QString why;
    if (!m_history.append(e, &why))
        m_explanation->setText(tr("The history could not be saved: %1").arg(why));
}

void RequestTester::onPreview(const ResponsePreview& p)
{
    m_preview = p;
    // Each text view takes milliseconds per 10 KiB to lay out: fill the raw view only when
    // it is looked at, so one event-loop turn never does both.
    m_raw->clear();
    m_rawPending = !p.pretty.isEmpty();
    if (!m_rawPending)
        m_raw->setPlainText(QString::fromUtf8(p.raw));
    m_pretty->setPlainText(p.pretty.isEmpty() ? QString::fromUtf8(p.raw) : QString::fromUtf8(p.pretty));
    m_truncated->setVisible(p.truncated);
    if (p.truncated)
        m_truncated->setText(tr("Showing the first %1 of %2. Save the body or open it in full to see everything.")
                                 .arg(humanSize(p.raw.size()), humanSize(p.size)));
    m_save->setEnabled(p.size > 0);
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

void RequestTester::cancel()
{
    if (!m_busy)
        return;
    if (m_request)
        m_request->abort(); // finishes with "cancelled"
    else {
        m_context.tokens().cancel(m_credential->currentText());
        setBusy(false);
        m_status->setText(tr("Cancelled"));
    }
}

void RequestTester::testConnection()
{
    setTarget(Author);
    setRequest("GET", QStringLiteral("/libs/granite/security/currentuser.json"));
    send();
}

void RequestTester::copyCurl(bool inlineToken)
{
    QString error, foreign;
    const auto spec = buildSpec(&error, &foreign);
    if (!spec) {
        m_explanation->setText(error);
        return;
    }
    if (!inlineToken) {
        QApplication::clipboard()->setText(curlCommand(*spec));
        m_status->setText(tr("Copied a curl command; it expects the token in $AEM_TOKEN (aemtoken token %1)").arg(m_credential->currentText()));
        return;
    }
    if (Dialogs::question(this, tr("Copy with the token inline?"),
                          tr("The command will contain the access token itself. Anyone who sees it can use the token until it expires."),
                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_context.tokens().token(m_credential->currentText(), false, this, [this, spec](const TokenResult& t) {
        if (!t.ok) {
            m_explanation->setText(t.error);
            return;
        }
        m_clipboard.copySecret(curlCommand(*spec, t.accessToken), m_context.settings().clipboardClearSeconds * 1000);
        m_status->setText(tr("Copied a curl command with the token inline; the clipboard is cleared after the timeout"));
    });
}

void RequestTester::saveResponse(const QString& chosen)
{
    const QString path = chosen.isEmpty() ? QFileDialog::getSaveFileName(this, tr("Save the response body")) : chosen;
    if (path.isEmpty())
        return;
    QMetaObject::invokeMethod(m_sink, [sink = m_sink, path] { sink->saveTo(path); }, Qt::QueuedConnection);
}

void RequestTester::rerunHistory(int row)
{
    if (row < 0 || row >= m_history.entries().size())
        return;
    const HistoryEntry& e = m_history.entries()[row];
    setCredential(e.credential);
    setRequest(e.method, e.url, e.headers, e.body);
}

void RequestTester::setBusy(bool busy)
{
    m_busy = busy;
    m_send->setEnabled(!busy);
    m_testConnection->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    if (!busy)
        m_request = nullptr;
}

} // namespace aem::ui
