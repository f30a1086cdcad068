// SPDX-License-Identifier: Apache-2.0
#include "comparecontroller.h"

#include "aemsession.h"
#include "credentialstore.h"
#include "envtype.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMap>

namespace aem::ui {

namespace {
// The tester's words, in the tester's translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};
} // namespace

CompareController::CompareController(CredentialStore& store, TokenService& tokens, QNetworkAccessManager& nam,
                                     RequestHistory& history, QObject* parent)
    : QObject(parent),
      m_store(store),
      m_tokens(tokens),
      m_nam(nam),
      m_history(history),
      m_specs(store, tokens, nam, history),
      m_worker(new QObject)
{
    m_options.ignore = JsonDiffOptions::volatileKeys();
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CompareController::~CompareController()
{
    dropSessions();
    if (m_cancelComparison)
        m_cancelComparison->store(true);
    // The worker's comparisons end (cancelled) before this object goes; results it posted to us
    // are discarded with us.
    m_thread.quit();
    m_thread.wait();
}

bool CompareController::answered(const CompareAnswer& a)
{
    // Sent, and an answer came (a status, or bodies handed in by compareBodies()).
    return a.finished && a.sent && (a.status > 0 || a.error.isEmpty());
}

QStringList CompareController::credentialNames() const
{
    return m_specs.credentialNames();
}

void CompareController::dropSessions()
{
    for (QPointer<AemSession>& s : m_sessions) {
        if (!s)
            continue;
        s->disconnect(this);
        if (s->wasSent())
            s->abort(); // in the history as cancelled
        delete s;
    }
    m_running = 0;
}

bool CompareController::send(const RequestDraft& typed, RequestTesterController::Target target, const QString& left,
                             const QString& right,
                             const std::optional<RequestTesterController::CollectionOrigin>& origin)
{
    // A collection request's {{$uuid}}, {{$timestamp}} valued now, once: both sides get the same.
    QString valueError;
    const auto valued =
        RequestTesterController::valuedForSend(typed, origin ? &*origin : nullptr, m_specs.clock(), &valueError);
    if (!valued) {
        Q_EMIT explanationChanged(Tr::tr("Not sent: %1").arg(valueError));
        return false;
    }
    const RequestDraft& draft = *valued;
    const quint64 read = ++m_bodyReads; // an earlier request's body read, still under way, is dropped
    const RequestTesterController::CollectionOrigin* tie = origin ? &*origin : nullptr;
    if (RequestTesterController::takesCollectionBody(draft, tie)) {
        // Its "< FILE" read on the thread pool first, as the tester does.
        Q_EMIT explanationChanged(Tr::tr("Reading %1…").arg(QFileInfo(origin->bodyFile).fileName()));
        RequestTesterController::readCollectionBodyLater(
            this, *origin, m_specs.clock(),
            [this, read, draft, target, left, right, origin](RequestTesterController::CollectionBody body) {
                if (read != m_bodyReads)
                    return;
                if (!body.ok) {
                    Q_EMIT explanationChanged(Tr::tr("Not sent: %1").arg(body.error));
                    return;
                }
                sendBuilt(draft, target, left, right, origin, &body.body);
            });
        return true;
    }
    return sendBuilt(draft, target, left, right, origin, nullptr);
}

bool CompareController::sendBuilt(const RequestDraft& draft, RequestTesterController::Target target,
                                  const QString& left, const QString& right,
                                  const std::optional<RequestTesterController::CollectionOrigin>& origin,
                                  const QByteArray* readBody)
{
    const QString names[2] = {left, right};
    AemRequestSpec specs[2];
    CredentialRecord records[2];
    const bool asWritten = origin && origin->ownAuthorization && RequestTesterController::carriesAuthorization(draft);
    for (int side = 0; side < 2; ++side) {
        const auto rec = m_store.find(names[side]);
        if (!rec) {
            Q_EMIT explanationChanged(Tr::tr("Choose a credential first."));
            return false;
        }
        records[side] = *rec;
        if (asWritten) {
            QString error;
            const auto spec =
                RequestTesterController::asWrittenSpec(draft, *origin, &error, nullptr, m_specs.clock(), readBody);
            if (!spec) {
                Q_EMIT explanationChanged(Tr::tr("Not sent: %1").arg(error));
                return false;
            }
            specs[side] = *spec;
            continue;
        }
        m_specs.setCredential(names[side]);
        m_specs.setTarget(target);
        QString error, foreign;
        auto spec = m_specs.buildSpec(draft, &error, &foreign);
        // The collection's "< FILE" body as read (readCollectionBodyLater), not streamed as typed.
        if (spec && readBody && methodTakesBody(spec->method)
            && !RequestTesterController::readCollectionBody(draft, &*origin, m_specs.clock(), &*spec, &error, readBody))
            spec.reset();
        if (!spec) {
            Q_EMIT explanationChanged(Tr::tr("Not sent: %1").arg(names[side] + QStringLiteral(": ") + error));
            return false;
        }
        specs[side] = *spec;
    }
    if (asWritten && !confirmAsWritten(*origin, specs))
        return false;
    for (int side = 0; side < 2; ++side) {
        const QString method = QString::fromLatin1(specs[side].method);
        // As written, the request goes to the file's host: its owner, if production, is asked.
        const CredentialRecord* production = asWritten
            ? RequestTesterController::productionOwner(m_store, specs[side].url, method)
            : needsProductionConfirmation(records[side], method) ? &records[side]
                                                                 : nullptr;
        if (side == Right && asWritten && specs[Right].url == specs[Left].url)
            break; // the same host, asked once
        if (production
            && (!m_sendToProduction
                || !m_sendToProduction(method, production->name, production->envType == EnvType::None))) {
            Q_EMIT explanationChanged(
                Tr::tr("Not sent: %1 is a production credential and the %2 request was not confirmed.")
                    .arg(production->name, method));
            return false;
        }
    }

    // A new request: whatever was under way or shown belongs to the last one.
    dropSessions();
    if (m_cancelComparison)
        m_cancelComparison->store(true);
    const quint64 seq = ++m_seq;
    ++m_comparisonSeq;
    m_comparing = false;
    m_hasResult = false;
    m_result = {};
    Q_EMIT explanationChanged(QString());
    for (int side = 0; side < 2; ++side) {
        m_answers[side] = {};
        m_answers[side].credential = names[side];
        auto* session = new AemSession(m_tokens, &m_nam, records[side], specs[side], this);
        m_sessions[side] = session;
        session->setHistory(&m_history);
        session->setHistoryRedactions(m_redactions);
        connect(session, &AemSession::dataReceived, this, [this, side](const QByteArray& chunk) {
            CompareAnswer& a = m_answers[side];
            if (a.bodyCut)
                return;
            if (a.body.size() + chunk.size() > kMaxBody) {
                a.bodyCut = true;
                a.body.clear();
                return;
            }
            a.body += chunk;
        });
        connect(session, &AemSession::finished, this, [this, side, seq] { onSessionFinished(side, seq); });
        ++m_running;
    }
    Q_EMIT busyChanged(true);
    for (int side = 0; side < 2; ++side)
        Q_EMIT answerChanged(side);
    for (QPointer<AemSession>& s : m_sessions)
        if (s)
            s->start(); // a token that fails at once finishes it here
    return true;
}

bool CompareController::confirmAsWritten(const RequestTesterController::CollectionOrigin& origin,
                                         const AemRequestSpec (&specs)[2])
{
    // The same agreement as the tester's, once for each host.
    QStringList asked;
    for (const AemRequestSpec& spec : specs) {
        const QString host = spec.url.authority().toLower();
        if (asked.contains(host))
            continue;
        asked.append(host);
        if (!m_sendAsWritten || !m_sendAsWritten(origin.path, host)) {
            Q_EMIT explanationChanged(
                Tr::tr("Not sent: sending the Authorization header from %1 to %2 was not confirmed.")
                    .arg(QFileInfo(origin.path).fileName(), host));
            return false;
        }
    }
    return true;
}

void CompareController::onSessionFinished(int side, quint64 seq)
{
    AemSession* s = m_sessions[side];
    if (seq != m_seq || !s)
        return;
    s->deleteLater();
    m_sessions[side] = nullptr;
    CompareAnswer& a = m_answers[side];
    a.finished = true;
    a.sent = s->wasSent();
    a.status = s->status();
    a.reason = s->reason();
    a.elapsedMs = s->elapsedMs();
    a.bytes = s->bytesReceived();
    a.headers = s->responseHeaders();
    a.error = !s->wasSent() ? s->errorString() : s->failureText();
    --m_running;
    Q_EMIT answerChanged(side);
    if (m_running > 0)
        return;
    Q_EMIT busyChanged(false);
    Q_EMIT finished();
    if (answered(m_answers[Left]) && answered(m_answers[Right]))
        startComparison();
}

void CompareController::cancel()
{
    ++m_bodyReads;
    for (const QPointer<AemSession>& s : m_sessions)
        if (s)
            s->abort(); // finishes with "cancelled"
}

void CompareController::setOptions(const JsonDiffOptions& options)
{
    m_options = options;
    if (m_hasResult || m_comparing)
        startComparison();
}

void CompareController::compareBodies(const QByteArray& left, const QByteArray& right)
{
    dropSessions();
    ++m_seq;
    for (int side = 0; side < 2; ++side) {
        m_answers[side] = {};
        m_answers[side].finished = m_answers[side].sent = true;
        m_answers[side].body = side == Left ? left : right;
        m_answers[side].bytes = m_answers[side].body.size();
        Q_EMIT answerChanged(side);
    }
    startComparison();
}

void CompareController::startComparison()
{
    if (m_cancelComparison)
        m_cancelComparison->store(true); // the one under way is for options no longer wanted
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelComparison = cancel;
    const quint64 seq = ++m_comparisonSeq;
    m_comparing = true;
    Q_EMIT comparing();
    if (m_answers[Left].bodyCut || m_answers[Right].bodyCut) {
        m_comparing = false;
        m_hasResult = false;
        Q_EMIT compared();
        return;
    }
    // The bodies are shared, not copied; the worker only reads them.
    QMetaObject::invokeMethod(
        m_worker,
        [this, seq, cancel, left = m_answers[Left].body, right = m_answers[Right].body, options = m_options] {
            if (cancel->load())
                return;
            JsonDiffResult r = JsonDiff::compare(left, right, options, cancel.get());
            if (r.cancelled)
                return;
            // Queued to us: `this` outlives the worker thread (the destructor waits for it).
            QMetaObject::invokeMethod(
                this,
                [this, seq, r = std::move(r)]() mutable {
                    if (seq != m_comparisonSeq)
                        return; // an older comparison
                    m_result = std::move(r);
                    m_hasResult = true;
                    m_comparing = false;
                    Q_EMIT compared();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

QList<CompareController::HeaderRow> CompareController::headerRows() const
{
    // By lower-case name, in the order of the left answer then the right one's extras.
    QList<HeaderRow> rows;
    QMap<QString, qsizetype> index;
    for (int side = 0; side < 2; ++side) {
        for (const auto& [k, v] : m_answers[side].headers) {
            const QString name = QString::fromLatin1(k);
            const QString key = name.toLower();
            auto it = index.find(key);
            if (it == index.end()) {
                it = index.insert(key, rows.size());
                rows.append({name, {}, {}, false, false});
            }
            QString& value = side == Left ? rows[*it].left : rows[*it].right;
            if (!value.isEmpty())
                value += QStringLiteral("; ");
            value += QString::fromUtf8(v);
        }
    }
    const bool ignoring = !m_options.ignore.isEmpty();
    for (HeaderRow& r : rows) {
        r.differs = r.left != r.right;
        r.ignored = ignoring
            && (JsonDiff::headerIgnored(r.name, JsonDiffOptions::volatileHeaders())
                || JsonDiff::headerIgnored(r.name, m_options.ignore));
    }
    return rows;
}

int CompareController::headerDifferences() const
{
    int n = 0;
    for (const HeaderRow& r : headerRows())
        n += r.differs && !r.ignored;
    return n;
}

} // namespace aem::ui
