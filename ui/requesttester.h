// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester window: bearer-authenticated calls to a credential's AEM hosts with the
// token attached (minted or renewed as needed), presets, a searchable history, curl export, and
// responses of any size shown without freezing the window. This is the layout and what the user
// sees; what it does lives in RequestTesterController.

#include "requesttestercontroller.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace aem::ui {

class AppContext;
class ClipboardGuard;

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

    void setCredential(const QString& name);
    void setRequest(const QByteArray& method, const QString& pathOrUrl, const HeaderList& headers = {},
                    const QByteArray& body = {});
    void setTarget(Target t);
    bool isBusy() const { return m_controller->isBusy(); }

    // What the user reads, for tests.
    QString statusText() const;
    QString explanationText() const;
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
    void rerunHistory(int row);

Q_SIGNALS:
    void finished(int status);
    void responseReady();
    void responseSaved(const QString& path, const QString& error);

private:
    void buildRequestRow();
    QWidget* buildResponsePane();
    QWidget* buildHistoryPane(RequestHistory& history);
    void connectController();
    RequestDraft draft() const;
    void showPreview(const ResponsePreview& p);
    void showBusy(bool busy);
    void refreshCredentials();

    AppContext& m_context;
    ClipboardGuard& m_clipboard;
    RequestTesterController* m_controller;
    bool m_rawPending = false;

    QComboBox* m_credential;
    QComboBox* m_target;
    QComboBox* m_method;
    QLineEdit* m_path;
    QPushButton* m_send;
    QPushButton* m_cancel;
    QPushButton* m_testConnection;
    QComboBox* m_presets;
    QToolButton* m_curl;
    QTableWidget* m_params;
    QTableWidget* m_headers;
    QPlainTextEdit* m_body;
    QLabel* m_status;
    QLabel* m_explanation;
    QProgressBar* m_progress;
    QTabWidget* m_responseTabs;
    QPlainTextEdit* m_pretty;
    QPlainTextEdit* m_raw;
    QPlainTextEdit* m_responseHeaders;
    QLabel* m_image;
    QLabel* m_truncated;
    QPushButton* m_save;
    QPushButton* m_openFull;
    QLineEdit* m_historySearch;
    QListView* m_historyView;
    QSortFilterProxyModel* m_historyProxy;
};

} // namespace aem::ui
