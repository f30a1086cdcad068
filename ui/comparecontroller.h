// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Does stage answer like production?": the request tester's request sent to two credentials at
// once, each through its own AemSession (its token, its hosts, the production question for a
// method that may change content), both answers kept whole (up to kMaxBody) and compared by
// JsonDiff on a worker thread of its own, so the window never waits for a 10 MiB parse. What
// the view shows belongs to the last request sent: answers and comparisons of an earlier one are
// dropped, and changing the comparison's options compares again without sending again.

#include "aemrequest.h"
#include "jsondiff.h"
#include "requesttestercontroller.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace aem {
class AemSession;
class CredentialStore;
class TokenService;
} // namespace aem

namespace aem::ui {

struct CompareAnswer
{
    QString credential;
    bool finished = false;
    bool sent = false; // a request went out (else `error` says why not)
    int status = 0; // 0: no answer
    QByteArray reason;
    qint64 elapsedMs = 0;
    qint64 bytes = 0;
    HeaderList headers;
    QByteArray body; // whole, unless bodyCut
    bool bodyCut = false; // longer than kMaxBody: not compared
    QString error; // why it failed (a failure status explained too)
};

class CompareController : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxBody = 64 * 1024 * 1024;
    enum Side { Left = 0, Right = 1 };

    CompareController(CredentialStore& store, TokenService& tokens, QNetworkAccessManager& nam, RequestHistory& history,
                      QObject* parent = nullptr);
    ~CompareController() override;

    // Send a `method` request (not GET, HEAD or OPTIONS) with the token of `credential`, marked
    // as production (or, `suggested`, production by its name or hosts)? Unset, the answer is "no".
    void
    setProductionPrompt(std::function<bool(const QString& method, const QString& credential, bool suggested)> prompt)
    {
        m_sendToProduction = std::move(prompt);
    }

    // Send the collection `file`'s own Authorization header as written to `host`, without the
    // token? Unset, the answer is "no".
    void setAsWrittenPrompt(std::function<bool(const QString& file, const QString& host)> prompt)
    {
        m_sendAsWritten = std::move(prompt);
    }

    // The clock of a collection request's {{$timestamp}} (nullptr: the system's).
    void setClock(const Clock* clock) { m_specs.setClock(clock); }

    // The answer came (whatever its status): it can be compared.
    static bool answered(const CompareAnswer& a);

    QStringList credentialNames() const;
    bool isBusy() const { return m_running > 0; }
    bool isComparing() const { return m_comparing; }
    const CompareAnswer& answer(Side side) const { return m_answers[side]; }
    const JsonDiffResult& result() const { return m_result; }
    bool hasResult() const { return m_hasResult; }
    const JsonDiffOptions& options() const { return m_options; }

    // The headers of both answers, name by name (case-insensitive, repeated ones joined): name,
    // left value, right value, whether they differ, whether the options ignore it.
    struct HeaderRow
    {
        QString name;
        QString left;
        QString right;
        bool differs = false;
        bool ignored = false;
    };
    QList<HeaderRow> headerRows() const;
    // Headers that differ and are not ignored.
    int headerDifferences() const;

    // Values the history records as their placeholder (a collection's secrets), for the next send().
    void setHistoryRedactions(QList<QPair<QByteArray, QByteArray>> r) { m_redactions = std::move(r); }

public Q_SLOTS:
    // Sends `draft` to `target` of both credentials; false (explained) when it could not be built
    // for one of them or production was not confirmed: then nothing is sent. A collection's
    // request with its own Authorization (`origin`) goes as written to both, without a token,
    // only to the host the file names and only once the user agreed. A collection's "< FILE"
    // body is read on the thread pool first: true then, and the request goes (or is explained)
    // once it is read, unless another send or cancel() came meanwhile.
    bool send(const aem::ui::RequestDraft& draft, aem::ui::RequestTesterController::Target target, const QString& left,
              const QString& right,
              const std::optional<aem::ui::RequestTesterController::CollectionOrigin>& origin = std::nullopt);
    void cancel();
    // Compares again with these options (ignore list, timestamps), if both answers are in.
    void setOptions(const aem::JsonDiffOptions& options);
    // Compares two bodies without sending anything (the bench, and answers loaded elsewhere).
    void compareBodies(const QByteArray& left, const QByteArray& right);

Q_SIGNALS:
    void busyChanged(bool busy);
    void explanationChanged(const QString& text);
    void answerChanged(int side);
    // Both answers are in (whatever they were).
    void finished();
    void comparing();
    void compared();

private:
    // send() once the draft is valued and its collection body file read (`readBody`, or null).
    bool sendBuilt(const RequestDraft& draft, RequestTesterController::Target target, const QString& left,
                   const QString& right, const std::optional<RequestTesterController::CollectionOrigin>& origin,
                   const QByteArray* readBody);
    bool confirmAsWritten(const RequestTesterController::CollectionOrigin& origin, const AemRequestSpec (&specs)[2]);
    void onSessionFinished(int side, quint64 seq);
    void startComparison();
    void dropSessions();

    QList<QPair<QByteArray, QByteArray>> m_redactions;
    CredentialStore& m_store;
    TokenService& m_tokens;
    QNetworkAccessManager& m_nam;
    RequestHistory& m_history;
    RequestTesterController m_specs; // builds each side's request as the tester would, never sends
    std::function<bool(const QString&, const QString&, bool)> m_sendToProduction;
    std::function<bool(const QString&, const QString&)> m_sendAsWritten;

    QPointer<AemSession> m_sessions[2];
    CompareAnswer m_answers[2];
    int m_running = 0;
    quint64 m_seq = 0; // the request the answers belong to
    quint64 m_bodyReads = 0; // the send whose body file is being read
    quint64 m_comparisonSeq = 0; // the comparison the result belongs to
    JsonDiffOptions m_options;
    JsonDiffResult m_result;
    bool m_hasResult = false;
    bool m_comparing = false;
    std::shared_ptr<std::atomic<bool>> m_cancelComparison;
    QThread m_thread;
    QObject* m_worker; // lives on m_thread: the comparisons run there, one after the other
};

} // namespace aem::ui
