// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester window: bearer-authenticated calls to a credential's AEM hosts with the
// token attached (minted or renewed as needed), presets, a searchable history, curl export, and
// responses of any size shown without freezing the window. This is the layout and what the user
// sees; what it does lives in RequestTesterController. The body editor, the response and the
// history are widgets of their own (RequestBodyEditor, ResponseView, RequestHistoryView).

#include "requesttestercontroller.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QShowEvent;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace aem {
struct HttpFile;
} // namespace aem

namespace aem::ui {

class AemToolsWindow;
class AppContext;
class ClipboardGuard;
class CompareView;
class RequestBodyEditor;
class RequestHistoryView;
class RequestStatusArea;
class ResponseView;

class RequestTester : public QWidget
{
    Q_OBJECT
public:
    using Target = RequestTesterController::Target;
    using Preset = RequestTesterController::Preset;
    static QList<Preset> presets() { return RequestTesterController::presets(); }

    RequestTester(AppContext& context, RequestHistory& history, ClipboardGuard& clipboard, QWidget* parent = nullptr);
    ~RequestTester() override;

    RequestTesterController& controller() { return *m_controller; }
    RequestBodyEditor& bodyEditor() { return *m_body; }
    ResponseView& responseView() { return *m_response; }
    RequestHistoryView& historyView() { return *m_history; }

    void setCredential(const QString& name);
    // A text body is JSON unless `kind` says otherwise.
    void setRequest(const QByteArray& method, const QString& pathOrUrl, const HeaderList& headers = {},
                    const QByteArray& body = {}, BodyKind kind = BodyKind::Json);
    void setTarget(Target t);
    bool isBusy() const { return m_controller->isBusy(); }
    // Request `index` of the collection `file` (read from `path`) into the editor, resolved for
    // the chosen credential with its secrets from the keychain; collectionLoaded() follows
    // (testercollection.cpp).
    void loadCollectionRequest(const QString& path, const HttpFile& file, qsizetype index);
    // QueryBuilder, GraphQL and the content browser, through this tester (aemtools.cpp).
    AemToolsWindow* openAemTools();

    // What the user reads, for tests.
    QString statusText() const;
    QString noticeText() const;
    QString explanationText() const;
    QString pathText() const;
    RequestDraft requestDraft() const { return draft(); }
    QString bodyTabTitle() const;
    QString prettyText() const;
    QString rawText() const;
    QString headersText() const;
    const ResponsePreview& lastPreview() const { return m_controller->lastPreview(); }

public Q_SLOTS:
    void send();
    void cancel();
    void testConnection();
    void copyCurl(bool inlineToken = false);
    void saveResponse(const QString& path = {});
    // Sends the history row's request again, to the host it went to.
    void rerunHistory(int row);
    // Puts it in the editor only.
    void loadHistory(int row);
    // The window that sends this request to two credentials and compares the answers.
    CompareView* openCompare();

Q_SIGNALS:
    void finished(int status);
    void responseReady();
    void responseSaved(const QString& path, const QString& error);
    // Empty `error`: loaded; else not, and why (also in the explanation line).
    void collectionLoaded(const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildRequestRow();
    QWidget* buildRequestTabs();
    void connectController();
    RequestDraft draft() const;
    void loadDraft(const RequestDraft& d);
    void showBusy(bool busy);
    void refreshCredentials();
    void updateBodyTab();
    void pathToParams();
    void paramsToPath();

    AppContext& m_context;
    ClipboardGuard& m_clipboard;
    RequestTesterController* m_controller;
    bool m_syncing = false; // the path and the parameters table are being brought in step

    QComboBox* m_credential;
    QComboBox* m_target;
    QComboBox* m_method;
    QLineEdit* m_path;
    QPushButton* m_send;
    QPushButton* m_cancel;
    QPushButton* m_testConnection;
    QComboBox* m_presets;
    QToolButton* m_curl;
    QToolButton* m_collection;
    QTabWidget* m_requestTabs;
    QTableWidget* m_params;
    QTableWidget* m_headers;
    RequestBodyEditor* m_body;
    RequestStatusArea* m_statusArea;
    ResponseView* m_response;
    RequestHistoryView* m_history;
    CompareView* m_compare = nullptr;
    AemToolsWindow* m_aemTools = nullptr;
    QSplitter* m_split = nullptr;
    bool m_shownOnce = false;
};

} // namespace aem::ui
