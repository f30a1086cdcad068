#pragma once

// The request tester: bearer-authenticated calls to a credential's AEM hosts with the token
// attached (minted or renewed as needed), presets, a searchable history, curl export, and
// responses of any size shown without freezing the window.

#include "aemrequest.h"
#include "requesthistory.h"
#include "responsesink.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QThread>
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
    enum Target { Author, Publish, Preview };
    struct Preset
    {
        QString label;
        QString path;
    };
    static QList<Preset> presets();

    RequestTester(AppContext& context, RequestHistory& history, ClipboardGuard& clipboard, QWidget* parent = nullptr);
    ~RequestTester() override;

    void setCredential(const QString& name);
    void setRequest(const QByteArray& method, const QString& pathOrUrl, const HeaderList& headers = {},
                    const QByteArray& body = {});
    void setTarget(Target t);
    bool isBusy() const { return m_busy; }

    // What the user reads, for tests.
    QString statusText() const;
    QString explanationText() const;
    QString prettyText() const;
    QString rawText() const;
    QString headersText() const;
    const ResponsePreview& lastPreview() const { return m_preview; }

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
    std::optional<AemRequestSpec> buildSpec(QString* error, QString* foreignHost);
    void start(const AemRequestSpec& spec, bool fresh);
    void onPreview(const ResponsePreview& p);
    void setBusy(bool busy);
    void refreshCredentials();
    void recordHistory(const AemRequestSpec& spec, const QString& error);

    AppContext& m_context;
    RequestHistory& m_history;
    ClipboardGuard& m_clipboard;
    QThread m_sinkThread;
    ResponseSink* m_sink;
    QPointer<AemRequest> m_request;
    QSet<QString> m_allowedHosts; // confirmed by the user this session, per host
    bool m_busy = false;
    bool m_retried = false;
    AemRequestSpec m_lastSpec;
    ResponsePreview m_preview;
    QByteArray m_contentType;
    qint64 m_expected = -1;
    bool m_rawPending = false;
    QElapsedTimer m_progressThrottle;

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
    QLineEdit* m_historySearch;
    QListView* m_historyView;
    QSortFilterProxyModel* m_historyProxy;
};

} // namespace aem::ui
