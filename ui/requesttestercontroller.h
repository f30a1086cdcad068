// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the request tester does, without its widgets: it holds the state (the chosen credential
// and target host, the last request, whether one is under way, the last answer's preview, the
// hosts the user allowed this session, the history) and runs each request as an AemSession whose
// answer streams into a ResponseSink on a worker thread. The widget (RequestTester) hands it what
// the user typed as a RequestDraft and shows what it announces; the questions only the user can
// answer come through Prompts, which a test can answer directly.

#include "aemrequest.h"
#include "requestbody.h"
#include "requesthistory.h"
#include "responsesink.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThread>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace aem {
class AemSession;
class Clock;
class CredentialStore;
struct CredentialRecord;
class TokenService;
} // namespace aem

namespace aem::ui {

// The request as typed: read from the widgets when the user sends or copies it.
struct RequestDraft
{
    QString method = QStringLiteral("GET");
    QString pathOrUrl;
    QList<QPair<QString, QString>> params; // the URL's query: when not empty, replaces the one in pathOrUrl
    QList<QPair<QString, QString>> headers; // name, value
    BodyKind bodyKind = BodyKind::Json; // sets Content-Type unless a header does
    QString body; // the text of a Json, Form or Text body
    QString bodyFile; // the file of a File body, streamed
};

class RequestTesterController : public QObject
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
    static QString humanSize(qint64 bytes);
    // Why a request with `method` carries no body (the editor shows it), or empty when it does.
    static QString noBodyReason(const QString& method);

    // Questions for the user. Unset, the answer is "no".
    struct Prompts
    {
        // Send the token of `credential` to `host`, which is not one of its hosts?
        std::function<bool(const QString& host, const QString& credential)> sendToForeignHost;
        // Put a curl command holding the token itself on the clipboard?
        std::function<bool()> copyTokenInline;
        // Send a `method` request (not GET, HEAD or OPTIONS) with the token of `credential`,
        // marked as production?
        // `suggested`: production by its name or hosts, no type chosen.
        std::function<bool(const QString& method, const QString& credential, bool suggested)> sendToProduction;
        // Send a request loaded from the collection `file`, which carries its own Authorization
        // header, as written to `host`, without the token?
        std::function<bool(const QString& file, const QString& host)> sendAsWritten;
        // Make again, with the token of `credential`, a request the history says was sent with
        // its collection's own Authorization header (which the history never keeps)?
        std::function<bool(const QString& credential)> rerunWithToken;
    };

    // Where the request in the tester was loaded from, when from a collection (collectionfile.h).
    struct CollectionOrigin
    {
        QString path; // the .http file
        QString credential; // whose hosts its {{author}}/{{publish}}/{{preview}} were resolved to
        bool ownAuthorization = false; // the file wrote an Authorization header
        QString namedHost; // httpRequestNamedHost(): the only host that header may go to
        // The secret variables filled in (name, value), in memory only: saving the request
        // back writes {{name}} where the value is (collectionfile.h, maskedSecrets()).
        QList<QPair<QString, QString>> secrets;
        // The request's body is this file ("< FILE"), read when sent (never inlined in the editor);
        // "<@ FILE": with `values` (secrets among them, in memory only) substituted in it.
        QString bodyFile;
        bool bodyFileVariables = false;
        // The variables in effect for the request (secrets among them, in memory only): the
        // editor keeps {{$uuid}}, {{$timestamp}} ... as written; each send values them
        // (valuedForSend) and the "<@ FILE" body with these.
        QHash<QString, QString> values;
        int line = 0; // of the request in the file, for the errors of valuedForSend
    };
    // A new tie (or none): a body file still being read for the previous one is dropped.
    void setCollectionOrigin(std::optional<CollectionOrigin> origin);
    // The clock of {{$timestamp}} in a collection request (nullptr: the system's).
    void setClock(const Clock* clock) { m_clock = clock; }
    const Clock* clock() const { return m_clock; }
    // The draft of a collection request as it goes now: {{$uuid}}, {{$timestamp}} ... each given a
    // fresh value from `clock`, and {{variables}} from `origin` (core's substituteHttpVariables, as
    // `aemtoken run` values each request it sends). `draft` itself when `origin` is null; nullopt
    // with the line naming the variable.
    static std::optional<RequestDraft> valuedForSend(const RequestDraft& draft, const CollectionOrigin* origin,
                                                     const Clock* clock, QString* error);
    // A collection's "< FILE" body being read (off the GUI thread) before the request goes.
    bool isReadingBody() const { return m_readingBody; }
    // `draft`'s body is `origin`'s "< FILE" (and its method carries one).
    static bool takesCollectionBody(const RequestDraft& draft, const CollectionOrigin* origin);
    struct CollectionBody
    {
        bool ok = false;
        QByteArray body;
        QString error; // one line naming the file and the cause
    };
    // Reads `origin`'s body file on the thread pool with the checks of core/httpbodyfile.h ("<@":
    // its variables valued, the time `clock`'s now); `done` on `context`'s thread, unless
    // `context` is gone.
    static void readCollectionBodyLater(QObject* context, const CollectionOrigin& origin, const Clock* clock,
                                        std::function<void(CollectionBody)> done);
    // A File body that is the collection's "< FILE" into `spec`: `readBody` when given (read
    // later, above), else read now; with its path for the history. False with why; `spec`
    // untouched for any other body.
    static bool readCollectionBody(const RequestDraft& draft, const CollectionOrigin* origin, const Clock* clock,
                                   AemRequestSpec* spec, QString* error, const QByteArray* readBody = nullptr);
    const std::optional<CollectionOrigin>& collectionOrigin() const { return m_origin; }
    // The draft is the collection's request with its own Authorization, to be sent as written.
    bool isAsWritten(const RequestDraft& draft) const
    {
        return m_origin && m_origin->ownAuthorization && carriesAuthorization(draft);
    }
    static bool carriesAuthorization(const RequestDraft& draft);
    // The request as written by the collection at `origin` (testercollection.cpp): only to the
    // host the file names, over https (or http to loopback), its headers checked, no token.
    // nullopt with one line in `error`; `host` is where it goes.
    // `readBody`: the "< FILE" body already read (readBodyThen); null: read here.
    static std::optional<AemRequestSpec> asWrittenSpec(const RequestDraft& draft, const CollectionOrigin& origin,
                                                       QString* error, QString* host = nullptr,
                                                       const Clock* clock = nullptr,
                                                       const QByteArray* readBody = nullptr);
    // The production credential whose hosts `url` is on, when a `method` request to it must be
    // confirmed (needsProductionConfirmation: chosen or suggested); null otherwise.
    static const CredentialRecord* productionOwner(const CredentialStore& store, const QUrl& url,
                                                   const QString& method);
    // A collection request that could not be loaded: why, in the explanation line.
    void reportLoadFailure(const QString& why) { explain(why); }

    RequestTesterController(CredentialStore& store, TokenService& tokens, QNetworkAccessManager& nam,
                            RequestHistory& history, QObject* parent = nullptr);
    ~RequestTesterController() override;

    void setPrompts(Prompts prompts) { m_prompts = std::move(prompts); }

    QStringList credentialNames() const;
    // A request loaded from a collection stays resolved for the credential it was loaded with:
    // choosing another unties it from the file (its own Authorization is then dropped and the
    // token attached, as for any typed request) and says so; its secrets stay masked on saving
    // (testercollection.cpp).
    void setCredential(const QString& name);
    QString credential() const { return m_credential; }
    void setTarget(Target t); // testercollection.cpp
    Target target() const { return m_target; }
    bool isBusy() const { return m_busy; }
    bool isHostAllowed(const QString& host) const { return m_allowedHosts.contains(host); }
    const AemRequestSpec& lastSpec() const { return m_lastSpec; }
    const ResponsePreview& lastPreview() const { return m_preview; }
    RequestHistory& history() { return m_history; }
    std::optional<HistoryEntry> historyEntry(int row) const;

    // A history row made a request again: its credential, the target whose host it went to (with
    // the path relative to it), or its full URL when it went elsewhere; nullopt (explained) when
    // the row or its credential is gone.
    struct Rerun
    {
        QString credential;
        Target target = Author;
        RequestDraft draft;
    };
    std::optional<Rerun> rerunOf(int row);

    // The request for the chosen credential and target, or nullopt with `error` set (and
    // `foreignHost` when the only objection is a host the user may allow).
    std::optional<AemRequestSpec> buildSpec(const RequestDraft& draft, QString* error, QString* foreignHost) const;

public Q_SLOTS:
    void send(const aem::ui::RequestDraft& draft);
    void cancel();
    // curlReady() follows, unless the request is incomplete or the user declines.
    void copyCurl(const aem::ui::RequestDraft& draft, bool inlineToken);
    // Copies the last answer's whole body to `path`; responseSaved() follows.
    void saveResponse(const QString& path);

Q_SIGNALS:
    void busyChanged(bool busy);
    void statusChanged(const QString& text);
    void explanationChanged(const QString& text);
    void responseHeadersChanged(const QString& text);
    // Receiving the body: a bar with a known end (permille) or without.
    void progressShown(bool sizeKnown);
    void progressChanged(int permille);
    void progressHidden();
    void previewReady(const aem::ResponsePreview& preview);
    void finished(int status);
    void responseSaved(const QString& path, const QString& error);
    // For the clipboard; `containsToken`: a secret, to be cleared after the timeout.
    void curlReady(const QString& command, bool containsToken);
    // A passing remark (a copy done), shown apart from the response status and for a while only.
    void noticeChanged(const QString& text);

private:
    void start(const AemRequestSpec& spec);
    // send() and copyCurl() once the draft is valued and its body file read.
    void sendValued(const RequestDraft& draft);
    void copyCurlValued(const RequestDraft& draft, bool inlineToken);
    // The draft's body is its collection's "< FILE".
    bool needsCollectionBody(const RequestDraft& draft) const;
    // Reads that file on the thread pool, then `then(draft)` on this thread with the bytes in
    // m_readBody; dropped when the credential or the request changed meanwhile (m_generation).
    // `sending`: busy meanwhile (Send disabled, Cancel drops it).
    void readBodyThen(const RequestDraft& draft, bool sending, std::function<void(const RequestDraft&)> then);
    void dropBodyRead(const QString& why);
    // The collection request with its own Authorization: asked, checked, sent without a token.
    void sendAsWritten(const RequestDraft& draft);
    void copyAsWritten(const RequestDraft& draft);
    bool holdsCollectionSecret(const QString& text) const;
    // readCollectionBody() for this tester's origin, with the body readBodyThen read.
    bool readCollectionBody(const RequestDraft& draft, AemRequestSpec* spec, QString* error) const;
    void onHeaders();
    void onData();
    void onFinished();
    void setBusy(bool busy);
    void explain(const QString& text);
    void showStatus(const QString& text);

    CredentialStore& m_store;
    TokenService& m_tokens;
    QNetworkAccessManager& m_nam;
    RequestHistory& m_history;
    Prompts m_prompts;
    QThread m_sinkThread;
    ResponseSink* m_sink;
    QPointer<AemSession> m_session;

    QString m_credential;
    Target m_target = Author;
    std::optional<CollectionOrigin> m_origin;
    const Clock* m_clock = nullptr;
    quint64 m_generation = 0; // moves on a credential or request change: a body read for before is dropped
    bool m_readingBody = false;
    std::optional<QByteArray> m_readBody; // the "< FILE" body read for the send in progress
    QSet<QString> m_allowedHosts; // confirmed by the user this session, per host
    bool m_busy = false;
    AemRequestSpec m_lastSpec;
    ResponsePreview m_preview;
    qint64 m_expected = -1;
    QElapsedTimer m_progressThrottle;
};

} // namespace aem::ui
