// SPDX-License-Identifier: Apache-2.0
#pragma once

// Collections of saved requests as plain .http files, the format of the JetBrains HTTP Client
// and VS Code's REST Client, so a team keeps them in git next to its code:
//
//   @path = /content/dam          file variables
//   # @secret apiKey              a variable whose value lives in the keychain, never in the file
//
//   ### list assets               a request (its name after ###, or in "# @name NAME")
//   # @expect status 200          assertions: the statuses that count as a pass
//   GET {{author}}{{path}}.json HTTP/1.1
//   Accept: application/json
//
//   body until the next ###
//
//   < ./payload.json              or a body read from a file when the request is sent (relative
//                                 to the .http file's directory); "<@ FILE": {{variables}} in it
//                                 substituted too (core/httpbodyfile.h reads it)
//
// {{$uuid}} ({{$random.uuid}}, {{$guid}}), {{$timestamp}}, {{$isoTimestamp}}, {{$randomInt}} and
// {{$randomInt MIN MAX}} are dynamic: a fresh value for each occurrence, each time it is sent.
//
// {{author}}, {{publish}} and {{preview}} come from the target the file runs against; the token
// is attached by the program, never written. Lines the model does not understand (other
// directives, response handlers "> {% ... %}", comments) are kept where they were and listed in
// `unknown`; writing back a part of a file that was not changed reproduces its bytes exactly.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QRandomGenerator;

namespace aem {

class Clock;

struct HttpFileVariable
{
    QString name;
    QString value;
    int line = 0;
    bool operator==(const HttpFileVariable& o) const { return name == o.name && value == o.value; }
};

struct HttpFileRequest
{
    QString name; // empty: unnamed (shown as "#N")
    bool nameInDirective = false; // "# @name NAME" rather than "### NAME"
    QByteArray method = "GET";
    QString target; // the URL or /path as written, {{variables}} unsubstituted
    QString httpVersion; // "HTTP/1.1" when written, else empty
    QList<QPair<QString, QString>> headers;
    QByteArray body;
    // "< PATH" (or "<@ PATH") as the body: PATH as written, {{variables}} unsubstituted; the file is
    // read only when the request is sent. Empty: the body is `body`.
    QString bodyFile;
    bool bodyFileVariables = false; // "<@": {{variables}} substituted inside the file's content
    int bodyFileLine = 0;
    QList<int> expectStatus; // empty: any 2xx passes
    QList<HttpFileVariable> variables; // "@x = y" inside this block (in effect from here on)
    QStringList notes; // comments and unknown directives before the request line, verbatim
    QStringList trailer; // response handlers and other lines after the body, verbatim
    QStringList problems; // "line N: why": a request with problems is never sent
    int line = 0; // 1-based line of the request line (of the separator when there is none)
    QByteArray raw; // the block's bytes as read (empty for a request made in the program)

    bool sameContent(const HttpFileRequest& o) const;
    // The Authorization header written in the file, if any.
    bool hasOwnAuthorization() const;
};

struct HttpFile
{
    QList<HttpFileVariable> variables; // before the first request
    QStringList secrets; // "# @secret NAME"
    QString collection; // "# @collection NAME"; else the file's base name names the keychain items
    QStringList preambleNotes; // comments and unknown directives before the first request
    QList<HttpFileRequest> requests;
    QStringList problems; // of the preamble
    QByteArray preambleRaw;

    // Every line kept but not understood (directives, handlers), "line N: text", to show the user.
    QStringList unknownConstructs() const;
    const HttpFileRequest* find(const QString& name) const;
    // "name", or "#N" (1-based) for an unnamed request.
    QString displayName(qsizetype index) const;
};

// The most an .http file may hold; larger input is refused before it is parsed.
constexpr qint64 kMaxHttpFileBytes = 4 * 1024 * 1024;
// The most requests an .http file may hold: each costs far more in memory than its "###" line.
constexpr qsizetype kMaxHttpFileRequests = 10000;

// Parses; never fails on content (bad lines become problems of their request) but on size.
std::optional<HttpFile> parseHttpFile(const QByteArray& data, QString* error);
// Writes the model: parts unchanged since they were read come back byte for byte; the rest in
// the canonical form parseHttpFile reads back to the same content. Secret values are never
// written: a variable named in `secrets` is left out.
QByteArray writeHttpFile(const HttpFile& file);

// The keychain item of a secret variable (never ends in /credential: not one of a credential's).
QString httpSecretKey(const QString& collection, const QString& variable);
// The collection a file's secrets belong to: its @collection, else the file's base name.
QString httpCollectionName(const HttpFile& file, const QString& path);

// Where dynamic variables ({{$uuid}}, {{$timestamp}} ...) take their values: the injected clock
// and a random generator (nullptr: the system clock, QRandomGenerator::global()). `keep`: each
// {{$name}} is checked but left as written, to be valued when the request is sent (the request
// tester holds a loaded request so, and values it at each send).
struct HttpDynamicSource
{
    const Clock* clock = nullptr;
    QRandomGenerator* random = nullptr;
    bool keep = false;
};

// Substitutes {{name}} (spaces inside allowed) from `values`, and the dynamic {{$name}} (each
// occurrence its own value, as the JetBrains client does); an unknown name is an error naming it
// and the line. Returns nullopt then.
std::optional<QString> substituteHttpVariables(const QString& text, const QHash<QString, QString>& values, int line,
                                               QString* error, const HttpDynamicSource& dynamic = {});

// The {{names}} request `r` uses in its URL, headers, body and body file's path (not inside a
// "<@" body file: its content is read only when sent; see httpUsesEverySecret).
QSet<QString> httpReferencedNames(const HttpFileRequest& r);
// A "<@" body file may use any variable: every secret of the file is read for it.
inline bool httpUsesEverySecret(const HttpFileRequest& r)
{
    return !r.bodyFile.isEmpty() && r.bodyFileVariables;
}

// A request with every variable substituted, ready to send.
struct ResolvedHttpRequest
{
    QByteArray method;
    QString url; // absolute URL or /path
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // A body read from this file when sent ("< PATH", substituted, as written: relative to the
    // .http file's directory); `body` is empty then. core/httpbodyfile.h reads it.
    QString bodyFile;
    bool bodyFileVariables = false;
    int bodyFileLine = 0;
    bool ownAuthorization = false;
};

// Variables in effect for request `index`: the file's and the blocks' up to it (later definitions
// win), over them the target's (author, publish, preview), then the secrets read from the keychain.
QHash<QString, QString> httpVariablesFor(const HttpFile& file, qsizetype index,
                                         const QHash<QString, QString>& targetValues,
                                         const QHash<QString, QString>& secretValues);
// Substitutes and checks: header names are HTTP tokens, values (after substitution) carry no
// CR, LF or NUL. nullopt with one line naming the variable or header and the line.
std::optional<ResolvedHttpRequest> resolveHttpRequest(const HttpFileRequest& r, const QHash<QString, QString>& values,
                                                      QString* error, const HttpDynamicSource& dynamic = {});
// The hosts written literally in the file (absolute URLs in request lines and variable values,
// lower-case host[:port]): the only hosts a request carrying its own Authorization may go to.
QStringList httpFileNamedHosts(const HttpFile& file);
// The host request `index` names itself (lower-case host[:port]): its URL written out, or a file
// variable holding one ({{api}}/x with @api = https://host). Empty for a /path or a URL on the
// target's {{author}}, {{publish}} or {{preview}}: a request with its own Authorization goes
// only to the host this returns.
QString httpRequestNamedHost(const HttpFile& file, qsizetype index);

// The secret variables (# @secret) request `index` uses, in the file's order.
QStringList httpSecretsUsed(const HttpFile& file, qsizetype index);
// Why request `index` may not go as written (its own Authorization, to a host the file itself
// names), or empty: such a request never carries a keychain secret. The file picks both the host
// and the collection (# @collection, or its base name), so another collection's secret would
// otherwise go to any host a file from someone else's repository writes.
QString httpAsWrittenProblem(const HttpFile& file, qsizetype index);

// `url` as text to show or record with each secret value written as its placeholder ({{name}}),
// whatever form the value took in it: as it was, percent-encoded, partly decoded, or with '+'
// for a space. When the value is found only in the decoded URL, the decoded URL comes back.
QString maskSecretsInUrl(const QString& url, const QList<QPair<QString, QString>>& valueToPlaceholder);

} // namespace aem
