// SPDX-License-Identifier: Apache-2.0
#include "aemtools.h"

#include "async.h"
#include "contentbrowser.h"
#include "graphqlpanel.h"
#include "querybuilderpanel.h"
#include "requesttester.h"

#include <QFile>
#include <QTabWidget>
#include <QVBoxLayout>

namespace aem::ui {

ToolRequests::ToolRequests(RequestTester& tester, QObject* parent) : QObject(parent), m_tester(tester)
{
    RequestTesterController& c = tester.controller();
    connect(&c, &RequestTesterController::finished, this, [this](int status) {
        if (!m_active)
            return;
        m_finished = true;
        m_status = status;
        deliver();
    });
    connect(&c, &RequestTesterController::previewReady, this, [this] {
        if (!m_active)
            return;
        m_preview = true;
        deliver();
    });
}

void ToolRequests::run(const QByteArray& method, const QString& path, const QByteArray& body, QObject* context,
                       Done done)
{
    if (m_active || m_tester.isBusy()) {
        done(0, {}, tr("The request tester is busy with another request: wait for it or cancel it."));
        return;
    }
    m_tester.setRequest(method, path, {}, body);
    m_done = std::move(done);
    m_context = context;
    m_active = true;
    m_finished = m_preview = false;
    m_status = 0;
    Q_EMIT busyChanged(true);
    m_tester.send();
    if (!m_tester.isBusy() && m_active) { // refused before anything was sent
        m_finished = true;
        deliver();
    }
}

namespace {
// The answer whole from the tester's body file (it shows only the first part), read on a pool
// thread: at most `size` bytes, the size it had when it came, or an error.
std::pair<QByteArray, QString> readWholeAnswer(const QString& path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{},
                ToolRequests::tr("Cannot read the answer again (%1): see it in the request tester.")
                    .arg(file.errorString())};
    QByteArray body = file.read(size + 1);
    if (body.size() != size)
        return {{}, ToolRequests::tr("The answer changed while it was read: send the request again.")};
    return {std::move(body), QString()};
}
} // namespace

void ToolRequests::finish(int status, const QByteArray& body, const QString& error)
{
    m_active = false;
    Done done = std::move(m_done);
    m_done = nullptr;
    Q_EMIT busyChanged(false);
    if (m_context && done)
        done(status, body, error);
}

void ToolRequests::deliver()
{
    if (!m_finished || (m_status > 0 && !m_preview))
        return;
    if (!m_context || !m_done)
        return finish(m_status, {}, {});
    const ResponsePreview& p = m_tester.lastPreview();
    QString error;
    if (m_status <= 0) {
        error = m_tester.explanationText().isEmpty() ? m_tester.statusText() : m_tester.explanationText();
        if (error.isEmpty())
            error = tr("Nothing came back.");
    } else if (m_status >= 300 && m_status < 400) {
        // Redirects are never followed with the token: the tools have no answer to read.
        error = tr("AEM answered %1, a redirect, which is not followed with the token: see the request tester.")
                    .arg(m_status);
    } else if (!p.error.isEmpty()) {
        error = p.error;
    } else if (p.truncated) {
        // More than the tester shows: read whole, up to what the panels parse without a stall.
        if (p.size <= kMaxAnswer && !p.bodyFile.isEmpty()) {
            const int status = m_status;
            runThenCallback(
                this, [path = p.bodyFile, size = p.size] { return readWholeAnswer(path, size); },
                [this, status](std::pair<QByteArray, QString> r) { finish(status, r.first, r.second); });
            return; // still busy until it is read
        }
        error = tr("The answer (%1) is larger than the %2 the tools read: see it in the request tester.")
                    .arg(RequestTesterController::humanSize(p.size), RequestTesterController::humanSize(kMaxAnswer));
    }
    finish(m_status, m_status > 0 ? p.raw : QByteArray(), error);
}

AemToolsWindow* RequestTester::openAemTools()
{
    if (!m_aemTools)
        m_aemTools = new AemToolsWindow(*this, this);
    m_aemTools->show();
    m_aemTools->raise();
    m_aemTools->activateWindow();
    return m_aemTools;
}

AemToolsWindow::AemToolsWindow(RequestTester& tester, QWidget* parent)
    : QWidget(parent, Qt::Window), m_requests(new ToolRequests(tester, this))
{
    setObjectName(QStringLiteral("aemTools"));
    setWindowTitle(tr("AEM APIs"));
    m_tabs = new QTabWidget(this);
    m_queryBuilder = new QueryBuilderPanel(*m_requests, this);
    m_graphql = new GraphqlPanel(*m_requests, this);
    m_browser = new ContentBrowser(*m_requests, this);
    connect(m_queryBuilder, &QueryBuilderPanel::hitActivated, &tester, [&tester](const QString& path) {
        tester.setRequest("GET", path + QStringLiteral(".json"));
        tester.activateWindow();
    });
    m_tabs->addTab(m_queryBuilder, tr("QueryBuilder"));
    m_tabs->addTab(m_graphql, tr("GraphQL"));
    m_tabs->addTab(m_browser, tr("Browse"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    resize(900, 640);
}

} // namespace aem::ui
