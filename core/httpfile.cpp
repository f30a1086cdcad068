// SPDX-License-Identifier: Apache-2.0
#include "httpfile.h"

#include "clock.h"
#include "httpsyntax.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::HttpFile)
};

struct Line
{
    QString text; // without the line ending
    int number = 0;
};

bool isComment(const QString& t)
{
    return t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1String("//"));
}

// "@name value" of a comment line ("# @name value", "// @name value"), or empty.
QString directiveOf(const QString& t)
{
    QString rest = t.startsWith(QLatin1String("//")) ? t.mid(2) : t.mid(1);
    rest = rest.trimmed();
    return rest.startsWith(QLatin1Char('@')) ? rest : QString();
}

bool isVariableName(const QString& n)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]*$"));
    return re.match(n).hasMatch();
}

bool isResponseHandler(const QString& t)
{
    return t.startsWith(QLatin1String("> ")) || t.startsWith(QLatin1String(">>")) || t.startsWith(QLatin1String("<>"))
        || t == QLatin1String(">");
}

QString at(int line, const QString& why)
{
    return Tr::tr("line %1: %2").arg(line).arg(why);
}

// One "@name = value" line into `out`; false when it is not one.
bool parseVariable(const Line& l, HttpFileVariable* out, QStringList* problems)
{
    const QString t = l.text.trimmed();
    if (!t.startsWith(QLatin1Char('@')) || !t.contains(QLatin1Char('=')))
        return false;
    const qsizetype eq = t.indexOf(QLatin1Char('='));
    const QString name = t.mid(1, eq - 1).trimmed();
    if (!isVariableName(name))
        problems->append(at(l.number, Tr::tr("\"%1\" is not a variable name").arg(name.left(40))));
    *out = {name, t.mid(eq + 1).trimmed(), l.number};
    return true;
}

void trimTrailingBlank(QStringList* lines)
{
    while (!lines->isEmpty() && lines->last().trimmed().isEmpty())
        lines->removeLast();
}

// The lines of one block (its separator first, when it has one) into a request; `preamble` set
// when the block comes before any "###" (file variables, @secret, @collection belong there).
HttpFileRequest parseBlock(const QList<Line>& lines, HttpFile* file, bool preamble)
{
    HttpFileRequest r;
    qsizetype i = 0;
    if (!lines.isEmpty() && lines[0].text.startsWith(QLatin1String("###"))) {
        r.name = lines[0].text.mid(3).trimmed();
        r.line = lines[0].number;
        i = 1;
    }
    enum { Before, Headers, Body, Trailer } state = Before;
    QStringList body;
    for (; i < lines.size(); ++i) {
        const Line& l = lines[i];
        const QString& t = l.text;
        if (state == Before) {
            if (t.trimmed().isEmpty())
                continue;
            if (isComment(t)) {
                const QString d = directiveOf(t);
                const QString word = d.section(QLatin1Char(' '), 0, 0);
                const QString arg = d.section(QLatin1Char(' '), 1).trimmed();
                if (word == QLatin1String("@name") && !arg.isEmpty()) {
                    r.name = arg;
                    r.nameInDirective = true;
                } else if (word == QLatin1String("@expect")) {
                    const QStringList parts = arg.split(QLatin1Char(' '), Qt::SkipEmptyParts);
                    bool ok = parts.size() >= 2 && parts[0] == QLatin1String("status");
                    for (qsizetype k = 1; ok && k < parts.size(); ++k) {
                        const int s = parts[k].toInt(&ok);
                        ok = ok && s >= 100 && s <= 599;
                        if (ok)
                            r.expectStatus << s;
                    }
                    if (!ok)
                        r.problems << at(l.number,
                                         Tr::tr("@expect takes \"status\" and one or more statuses "
                                                "such as 200"));
                } else if (preamble && word == QLatin1String("@secret") && isVariableName(arg)) {
                    file->secrets << arg;
                } else if (preamble && word == QLatin1String("@collection") && !arg.isEmpty()) {
                    file->collection = arg;
                } else {
                    r.notes << t;
                }
                continue;
            }
            HttpFileVariable v;
            if (parseVariable(l, &v, &r.problems)) {
                r.variables << v;
                continue;
            }
            // The request line: METHOD URL [HTTP/x], or a URL alone (GET). Spaces may stand inside
            // {{ name }} only.
            static const QRegularExpression methodRe(QStringLiteral("^([A-Za-z!#$%&'*+.^_`|~0-9-]+)\\s+(.*)$"));
            static const QRegularExpression versionRe(QStringLiteral("^(.*\\S)\\s+(HTTP/\\S+)$"));
            static const QRegularExpression varRe(QStringLiteral("\\{\\{[^{}]*\\}\\}"));
            r.line = l.number;
            QString rest = t.trimmed();
            const auto mm = methodRe.match(rest);
            if (mm.hasMatch() && !mm.captured(1).contains(QLatin1String("://"))
                && !mm.captured(1).startsWith(QLatin1Char('/'))) {
                r.method = mm.captured(1).toLatin1();
                rest = mm.captured(2).trimmed();
                if (r.method.size() > 64)
                    r.problems << at(l.number, Tr::tr("\"%1\" is not an HTTP method").arg(mm.captured(1).left(40)));
            }
            const auto vm = versionRe.match(rest);
            if (vm.hasMatch()) {
                rest = vm.captured(1);
                r.httpVersion = vm.captured(2);
            }
            r.target = rest;
            if (QString(rest).remove(varRe).contains(QRegularExpression(QStringLiteral("\\s"))))
                r.problems << at(l.number, Tr::tr("the request line is METHOD URL [HTTP/1.1]"));
            state = Headers;
        } else if (state == Headers) {
            if (t.trimmed().isEmpty()) {
                state = Body;
            } else if ((t.startsWith(QLatin1Char(' ')) || t.startsWith(QLatin1Char('\t')))
                       && (t.trimmed().startsWith(QLatin1Char('?')) || t.trimmed().startsWith(QLatin1Char('&')))
                       && r.headers.isEmpty()) {
                r.target += t.trimmed(); // a query continued on the next lines
            } else if (isComment(t)) {
                r.notes << t;
            } else {
                const qsizetype colon = t.indexOf(QLatin1Char(':'));
                if (colon <= 0)
                    r.problems << at(l.number, Tr::tr("\"%1\" is not a header (Name: value)").arg(t.left(40)));
                else
                    r.headers.append({t.left(colon).trimmed(), t.mid(colon + 1).trimmed()});
            }
        } else if (state == Body) {
            if (isResponseHandler(t)) {
                state = Trailer;
                r.trailer << t;
            } else if (r.bodyFile.isEmpty() && body.join(QString()).trimmed().isEmpty()
                       && (t.startsWith(QLatin1String("< ")) || t.startsWith(QLatin1String("<@")))) {
                // "< FILE" or "<@ FILE": the body is that file (JetBrains, VS Code REST Client).
                const bool vars = t.startsWith(QLatin1String("<@"));
                const QString rest = t.mid(2);
                if (vars && !rest.isEmpty() && !rest.at(0).isSpace())
                    r.problems << at(l.number, Tr::tr("<@ takes no encoding here: write \"<@ FILE\" (UTF-8)"));
                r.bodyFile = rest.trimmed();
                r.bodyFileVariables = vars;
                r.bodyFileLine = l.number;
                if (r.bodyFile.isEmpty())
                    r.problems << at(l.number, Tr::tr("< needs the file to send as the body"));
                body.clear();
            } else {
                if (!r.bodyFile.isEmpty() && !t.trimmed().isEmpty() && body.join(QString()).trimmed().isEmpty())
                    r.problems << at(l.number,
                                     Tr::tr("a body read from a file (< FILE) is the whole body: nothing may follow "
                                            "it but response handlers"));
                body << t;
            }
        } else {
            r.trailer << t;
        }
    }
    trimTrailingBlank(&body);
    trimTrailingBlank(&r.trailer);
    r.body = body.join(QLatin1Char('\n')).toUtf8();
    return r;
}

bool isSeparator(const QString& t)
{
    return t.startsWith(QLatin1String("###"));
}

// A preamble block has no request line: only variables, comments and directives.
bool hasRequestLine(const QList<Line>& lines)
{
    for (const Line& l : lines) {
        const QString t = l.text.trimmed();
        if (!t.isEmpty() && !isComment(t) && !(t.startsWith(QLatin1Char('@')) && t.contains(QLatin1Char('='))))
            return true;
    }
    return false;
}

void writeVariables(QByteArray* out, const QList<HttpFileVariable>& vars, const QStringList& secrets)
{
    for (const HttpFileVariable& v : vars)
        if (!secrets.contains(v.name))
            *out += "@" + v.name.toUtf8() + " = " + v.value.toUtf8() + "\n";
}

QByteArray canonicalRequest(const HttpFileRequest& r, const QStringList& secrets)
{
    QByteArray out = "###";
    if (!r.name.isEmpty() && !r.nameInDirective)
        out += " " + r.name.toUtf8();
    out += "\n";
    if (!r.name.isEmpty() && r.nameInDirective)
        out += "# @name " + r.name.toUtf8() + "\n";
    for (const QString& n : r.notes)
        out += n.toUtf8() + "\n";
    writeVariables(&out, r.variables, secrets);
    if (!r.expectStatus.isEmpty()) {
        out += "# @expect status";
        for (int s : r.expectStatus)
            out += " " + QByteArray::number(s);
        out += "\n";
    }
    out += r.method + " " + r.target.toUtf8();
    if (!r.httpVersion.isEmpty())
        out += " " + r.httpVersion.toUtf8();
    out += "\n";
    for (const auto& [k, v] : r.headers)
        out += k.toUtf8() + ": " + v.toUtf8() + "\n";
    if (!r.body.isEmpty() || !r.trailer.isEmpty() || !r.bodyFile.isEmpty())
        out += "\n";
    if (!r.bodyFile.isEmpty())
        out += (r.bodyFileVariables ? "<@ " : "< ") + r.bodyFile.toUtf8() + "\n";
    if (!r.body.isEmpty())
        out += r.body + "\n";
    for (const QString& t : r.trailer)
        out += t.toUtf8() + "\n";
    out += "\n";
    return out;
}

// Splits into lines with their byte offsets (a line ends with \n; its \r is not part of the text).
QList<QPair<Line, qsizetype>> splitLines(const QByteArray& data)
{
    QList<QPair<Line, qsizetype>> lines;
    qsizetype pos = 0;
    int number = 0;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        const qsizetype end = nl < 0 ? data.size() : nl;
        QByteArray text = data.mid(pos, end - pos);
        if (text.endsWith('\r'))
            text.chop(1);
        lines.append({Line {QString::fromUtf8(text), ++number}, pos});
        pos = nl < 0 ? data.size() : nl + 1;
    }
    return lines;
}
} // namespace

bool HttpFileRequest::sameContent(const HttpFileRequest& o) const
{
    return name == o.name && nameInDirective == o.nameInDirective && method == o.method && target == o.target
        && httpVersion == o.httpVersion && headers == o.headers && body == o.body && bodyFile == o.bodyFile
        && bodyFileVariables == o.bodyFileVariables && expectStatus == o.expectStatus && variables == o.variables
        && notes == o.notes && trailer == o.trailer;
}

bool HttpFileRequest::hasOwnAuthorization() const
{
    for (const auto& h : headers)
        if (h.first.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QStringList HttpFile::unknownConstructs() const
{
    QStringList out;
    for (const QString& n : preambleNotes)
        if (!directiveOf(n).isEmpty())
            out << n;
    for (const HttpFileRequest& r : requests) {
        for (const QString& n : r.notes)
            if (!directiveOf(n).isEmpty())
                out << Tr::tr("%1: %2").arg(r.name.isEmpty() ? QStringLiteral("#") : r.name, n);
        for (const QString& t : r.trailer)
            out << Tr::tr("%1: %2").arg(r.name.isEmpty() ? QStringLiteral("#") : r.name, t);
    }
    return out;
}

const HttpFileRequest* HttpFile::find(const QString& name) const
{
    for (qsizetype i = 0; i < requests.size(); ++i)
        if (displayName(i) == name)
            return &requests[i];
    return nullptr;
}

QString HttpFile::displayName(qsizetype index) const
{
    const QString& n = requests.at(index).name;
    return n.isEmpty() ? QStringLiteral("#%1").arg(index + 1) : n;
}

std::optional<HttpFile> parseHttpFile(const QByteArray& data, QString* error)
{
    if (data.size() > kMaxHttpFileBytes) {
        if (error)
            *error = Tr::tr("the file holds %1 MiB; an .http file may hold at most %2 MiB")
                         .arg(data.size() / (1024 * 1024))
                         .arg(kMaxHttpFileBytes / (1024 * 1024));
        return std::nullopt;
    }
    if (data.contains('\0')) {
        if (error)
            *error = Tr::tr("the file contains a NUL byte: it is not a text .http file");
        return std::nullopt;
    }
    // Counted before anything is built: a file of nothing but "###" lines would otherwise take
    // hundreds of times its size.
    qsizetype separators = data.startsWith("###") ? 1 : 0;
    for (qsizetype at = data.indexOf("\n###"); at >= 0; at = data.indexOf("\n###", at + 1))
        ++separators;
    if (separators > kMaxHttpFileRequests) {
        if (error)
            *error = Tr::tr("the file holds more than %1 requests").arg(kMaxHttpFileRequests);
        return std::nullopt;
    }
    HttpFile file;
    const auto lines = splitLines(data);
    // Blocks: from one "###" line to the next; what comes before the first is the preamble.
    QList<qsizetype> starts {0};
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (isSeparator(lines[i].first.text) && i > 0)
            starts << i;
    for (qsizetype b = 0; b < starts.size(); ++b) {
        const qsizetype from = starts[b];
        const qsizetype to = b + 1 < starts.size() ? starts[b + 1] : lines.size();
        QList<Line> block;
        for (qsizetype i = from; i < to; ++i)
            block << lines[i].first;
        const qsizetype byteFrom = from < lines.size() ? lines[from].second : data.size();
        const qsizetype byteTo = to < lines.size() ? lines[to].second : data.size();
        const QByteArray raw = data.mid(byteFrom, byteTo - byteFrom);
        const bool first = b == 0 && (block.isEmpty() || !isSeparator(block[0].text));
        if (first && !hasRequestLine(block)) {
            HttpFileRequest pre = parseBlock(block, &file, true);
            file.variables = pre.variables;
            file.preambleNotes = pre.notes;
            file.problems = pre.problems;
            file.preambleRaw = raw;
            continue;
        }
        HttpFileRequest r = parseBlock(block, &file, first);
        if (r.target.isEmpty())
            r.problems << at(r.line, Tr::tr("the request has no request line (METHOD URL)"));
        r.raw = raw;
        file.requests << r;
    }
    for (const HttpFileVariable& v : std::as_const(file.variables))
        if (file.secrets.contains(v.name))
            file.problems << at(v.line,
                                Tr::tr("%1 is marked secret: its value belongs in the keychain, not in the "
                                       "file")
                                    .arg(v.name));
    return file;
}

QByteArray writeHttpFile(const HttpFile& file)
{
    QByteArray out;
    // The preamble as read, unless it changed (or it held a value for a secret).
    bool preambleSame = false;
    if (!file.preambleRaw.isEmpty()) {
        HttpFile again;
        const HttpFileRequest pre = parseBlock(
            [&] {
                QList<Line> ls;
                for (const auto& l : splitLines(file.preambleRaw))
                    ls << l.first;
                return ls;
            }(),
            &again, true);
        bool secretValue = false;
        for (const HttpFileVariable& v : file.variables)
            secretValue = secretValue || file.secrets.contains(v.name);
        preambleSame = !secretValue && pre.variables == file.variables && pre.notes == file.preambleNotes
            && again.secrets == file.secrets && again.collection == file.collection;
    }
    if (preambleSame) {
        out += file.preambleRaw;
    } else if (!file.collection.isEmpty() || !file.variables.isEmpty() || !file.secrets.isEmpty()
               || !file.preambleNotes.isEmpty()) {
        if (!file.collection.isEmpty())
            out += "# @collection " + file.collection.toUtf8() + "\n";
        for (const QString& n : file.preambleNotes)
            out += n.toUtf8() + "\n";
        writeVariables(&out, file.variables, file.secrets);
        for (const QString& s : file.secrets)
            out += "# @secret " + s.toUtf8() + "\n";
        out += "\n";
    }
    for (qsizetype i = 0; i < file.requests.size(); ++i) {
        const HttpFileRequest& r = file.requests[i];
        if (!r.raw.isEmpty()) {
            QString ignored;
            const auto reparsed = parseHttpFile(r.raw, &ignored);
            // A first block without "###" reads back as the preamble's request: compare it so.
            const bool same = reparsed && reparsed->requests.size() == 1 && reparsed->requests[0].sameContent(r);
            if (same) {
                // A file that did not end with a line break gets one before the next block.
                out += r.raw;
                if (!r.raw.endsWith('\n') && i + 1 < file.requests.size())
                    out += "\n";
                continue;
            }
        }
        if (!out.isEmpty() && !out.endsWith('\n'))
            out += "\n";
        out += canonicalRequest(r, file.secrets);
    }
    return out;
}

QSet<QString> httpReferencedNames(const HttpFileRequest& r)
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([^{}\\s]*)\\s*\\}\\}"));
    QString text = r.target + QString::fromUtf8(r.body) + r.bodyFile;
    for (const auto& h : r.headers)
        text += h.second;
    QSet<QString> names;
    for (auto it = re.globalMatch(text); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

QString httpSecretKey(const QString& collection, const QString& variable)
{
    return QStringLiteral("collection-secret:%1:%2").arg(collection, variable);
}

QString httpCollectionName(const HttpFile& file, const QString& path)
{
    return file.collection.isEmpty() ? QFileInfo(path).completeBaseName() : file.collection;
}

namespace {
// A fresh version-4 UUID from `random`.
QString randomUuid(QRandomGenerator* random)
{
    QByteArray bytes(16, Qt::Uninitialized);
    for (int i = 0; i < 16; i += 4) {
        const quint32 word = random->generate();
        for (int k = 0; k < 4; ++k)
            bytes[i + k] = char((word >> (8 * k)) & 0xff);
    }
    bytes[6] = char((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

// The value of the dynamic variable {{$name args}}, or nullopt with why in `error`.
std::optional<QString> dynamicValue(const QString& name, const QStringList& args, const HttpDynamicSource& source,
                                    int line, QString* error)
{
    QRandomGenerator* random = source.random ? source.random : QRandomGenerator::global();
    const Clock& clock = source.clock ? *source.clock : SystemClock::instance();
    auto fail = [&](const QString& why) -> std::optional<QString> {
        if (error)
            *error = at(line, why);
        return std::nullopt;
    };
    const QString shown = (QStringList {name} + args).join(QLatin1Char(' ')).left(60);
    if (name == QLatin1String("$randomInt")) {
        if (args.isEmpty())
            return QString::number(random->bounded(1000)); // JetBrains: 0 to 999
        bool okMin = false, okMax = false;
        const qint64 min = args.size() == 2 ? args[0].toLongLong(&okMin) : 0;
        const qint64 max = args.size() == 2 ? args[1].toLongLong(&okMax) : 0;
        if (!okMin || !okMax || min >= max || min < -(qint64(1) << 40) || max > (qint64(1) << 40))
            return fail(
                Tr::tr("{{%1}}: $randomInt takes nothing, or MIN MAX with MIN < MAX (MAX not included)").arg(shown));
        return QString::number(min + qint64(random->bounded(quint64(max - min))));
    }
    if (!args.isEmpty())
        return fail(Tr::tr("{{%1}}: %2 takes no arguments").arg(shown, name));
    if (name == QLatin1String("$uuid") || name == QLatin1String("$random.uuid") || name == QLatin1String("$guid"))
        return randomUuid(random);
    if (name == QLatin1String("$timestamp"))
        return QString::number(clock.now().toSecsSinceEpoch());
    if (name == QLatin1String("$isoTimestamp"))
        return clock.now().toUTC().toString(Qt::ISODate);
    return fail(Tr::tr("{{%1}} is not a dynamic variable; known: $uuid, $random.uuid, $guid, $timestamp, "
                       "$isoTimestamp, $randomInt")
                    .arg(name.left(40)));
}

// {{ name }} or {{$name args}}: the name in 1, the arguments (with their leading space) in 2.
const QRegularExpression& referenceRe()
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([^{}\\s]*)((?:\\s+[^{}\\s]+)*)\\s*\\}\\}"));
    return re;
}

// {{name}} and {{$name args}} substituted, with at most `*budget` characters in the result (taken
// from it).
std::optional<QString> substitute(const QString& text, const QHash<QString, QString>& values, int line, QString* error,
                                  const HttpDynamicSource& dynamic, qsizetype* budget)
{
    const QRegularExpression& re = referenceRe();
    // Values holding others several times grow exponentially with the nesting: stopped before
    // the text passes the budget, never built first.
    auto tooLarge = [error, line] {
        if (error)
            *error = at(line,
                        Tr::tr("the variables make the request larger than %1 MiB; not sent")
                            .arg(kMaxHttpFileBytes / (1024 * 1024)));
        return std::nullopt;
    };
    if (text.size() > *budget)
        return tooLarge();
    QString current = text;
    // Values may hold variables of their own (@url = {{author}}/x); a bounded depth stops a loop.
    // "{{a b}}" is not a reference (a name has no spaces) and stays as written.
    bool any = true;
    for (int depth = 0; depth < 8 && any && current.contains(QLatin1String("{{")); ++depth) {
        QString out;
        qsizetype last = 0;
        any = false;
        for (auto it = re.globalMatch(current); it.hasNext();) {
            const auto m = it.next();
            const QString name = m.captured(1);
            const QStringList args =
                m.captured(2).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            QString value;
            if (name.startsWith(QLatin1Char('$'))) {
                const auto v = dynamicValue(name, args, dynamic, line, error);
                if (!v)
                    return std::nullopt;
                if (dynamic.keep)
                    continue; // valued when sent
                value = *v;
            } else if (!args.isEmpty()) {
                continue;
            } else if (!values.contains(name)) {
                if (error)
                    *error =
                        at(line, Tr::tr("{{%1}} is not defined (@%1 = value, or # @secret %1)").arg(name.left(40)));
                return std::nullopt;
            } else {
                value = values.value(name);
            }
            if (out.size() + (m.capturedStart() - last) + value.size() + (current.size() - m.capturedEnd()) > *budget)
                return tooLarge();
            out += current.mid(last, m.capturedStart() - last) + value;
            last = m.capturedEnd();
            any = true;
        }
        if (any)
            current = out + current.mid(last);
    }
    if (any && current.contains(QLatin1String("{{"))) {
        for (auto it = re.globalMatch(current); it.hasNext();) {
            const auto m = it.next();
            const bool dynamicName = m.captured(1).startsWith(QLatin1Char('$'));
            if (dynamicName ? !dynamic.keep : m.captured(2).isEmpty()) {
                if (error)
                    *error = at(line, Tr::tr("the variables refer to each other without end"));
                return std::nullopt;
            }
        }
    }
    *budget -= current.size();
    return current;
}
} // namespace

std::optional<QString> substituteHttpVariables(const QString& text, const QHash<QString, QString>& values, int line,
                                               QString* error, const HttpDynamicSource& dynamic)
{
    qsizetype budget = kMaxHttpFileBytes;
    return substitute(text, values, line, error, dynamic, &budget);
}

QHash<QString, QString> httpVariablesFor(const HttpFile& file, qsizetype index,
                                         const QHash<QString, QString>& targetValues,
                                         const QHash<QString, QString>& secretValues)
{
    QHash<QString, QString> v;
    for (const HttpFileVariable& fv : file.variables)
        if (!file.secrets.contains(fv.name))
            v.insert(fv.name, fv.value);
    for (qsizetype i = 0; i <= index && i < file.requests.size(); ++i)
        for (const HttpFileVariable& fv : file.requests[i].variables)
            if (!file.secrets.contains(fv.name))
                v.insert(fv.name, fv.value);
    // The target's hosts win over a file variable of the same name: {{author}} is always the
    // author of the credential the file runs against.
    for (auto it = targetValues.cbegin(); it != targetValues.cend(); ++it)
        v.insert(it.key(), it.value());
    for (auto it = secretValues.cbegin(); it != secretValues.cend(); ++it)
        v.insert(it.key(), it.value());
    return v;
}

std::optional<ResolvedHttpRequest> resolveHttpRequest(const HttpFileRequest& r, const QHash<QString, QString>& values,
                                                      QString* error, const HttpDynamicSource& dynamic)
{
    if (!r.problems.isEmpty()) {
        if (error)
            *error = r.problems.first();
        return std::nullopt;
    }
    ResolvedHttpRequest out;
    out.method = r.method.toUpper();
    // One budget for the whole request: many lines each under it cannot add up to more.
    qsizetype budget = kMaxHttpFileBytes;
    const auto url = substitute(r.target, values, r.line, error, dynamic, &budget);
    if (!url)
        return std::nullopt;
    out.url = *url;
    int line = r.line;
    for (const auto& [k, v] : r.headers) {
        ++line;
        const QByteArray name = k.toLatin1();
        if (!isHttpToken(name)) {
            if (error)
                *error = at(line, Tr::tr("\"%1\" is not a valid header name").arg(k.left(60)));
            return std::nullopt;
        }
        if (isTransportHeader(name)) {
            if (error)
                *error = at(line, Tr::tr("the header %1 is set by the program, not by a request").arg(k.left(60)));
            return std::nullopt;
        }
        const auto value = substitute(v, values, line, error, dynamic, &budget);
        if (!value)
            return std::nullopt;
        const QByteArray bytes = value->toUtf8();
        // Never the value itself in the message: it may hold a secret.
        if (!isHttpHeaderValue(bytes)) {
            if (error)
                *error = at(
                    line,
                    Tr::tr("the value of %1 contains a line break or a control character; not sent").arg(k.left(60)));
            return std::nullopt;
        }
        out.ownAuthorization = out.ownAuthorization || name.compare("authorization", Qt::CaseInsensitive) == 0;
        out.headers.append({name, bytes});
    }
    if (!r.bodyFile.isEmpty()) {
        // The path only: the file is read when the request is sent (httpbodyfile.h).
        const auto path = substitute(r.bodyFile, values, r.bodyFileLine, error, dynamic, &budget);
        if (!path)
            return std::nullopt;
        if (path->trimmed().isEmpty() || path->contains(QChar(0))) {
            if (error)
                *error = at(r.bodyFileLine, Tr::tr("the body file's name is empty"));
            return std::nullopt;
        }
        out.bodyFile = *path;
        out.bodyFileVariables = r.bodyFileVariables;
        out.bodyFileLine = r.bodyFileLine;
        return out;
    }
    const auto body = substitute(QString::fromUtf8(r.body), values, line + 2, error, dynamic, &budget);
    if (!body)
        return std::nullopt;
    out.body = body->toUtf8();
    return out;
}

namespace {
// The authority of a URL written out ("https://host:port/..."), or empty.
QString literalAuthority(const QString& text)
{
    if (!text.startsWith(QLatin1String("https://")) && !text.startsWith(QLatin1String("http://")))
        return {};
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://")) + 3;
    qsizetype end = schemeEnd;
    while (end < text.size() && text[end] != QLatin1Char('/') && text[end] != QLatin1Char('?')
           && text[end] != QLatin1Char('#'))
        ++end;
    const QString authority = text.mid(schemeEnd, end - schemeEnd);
    if (authority.contains(QLatin1String("{{")) || authority.contains(QLatin1Char('@')))
        return {};
    const QUrl u(text.left(schemeEnd) + authority);
    return u.isValid() && !u.host().isEmpty() ? u.authority().toLower() : QString();
}
} // namespace

QString httpRequestNamedHost(const HttpFile& file, qsizetype index)
{
    const HttpFileRequest& r = file.requests.at(index);
    const QString direct = literalAuthority(r.target);
    if (!direct.isEmpty())
        return direct;
    static const QRegularExpression lead(QStringLiteral("^\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}"));
    const auto m = lead.match(r.target);
    if (!m.hasMatch() || file.secrets.contains(m.captured(1)))
        return {};
    // The file's variable of that name in effect for this request (the last definition wins).
    QString value;
    bool found = false;
    for (const HttpFileVariable& v : file.variables)
        if (v.name == m.captured(1)) {
            value = v.value;
            found = true;
        }
    for (qsizetype i = 0; i <= index; ++i)
        for (const HttpFileVariable& v : file.requests[i].variables)
            if (v.name == m.captured(1)) {
                value = v.value;
                found = true;
            }
    return found ? literalAuthority(value) : QString();
}

QStringList httpFileNamedHosts(const HttpFile& file)
{
    QStringList hosts;
    auto take = [&hosts](const QString& text) {
        const QString a = literalAuthority(text);
        if (!a.isEmpty())
            hosts << a;
    };
    for (const HttpFileVariable& v : file.variables)
        take(v.value);
    for (const HttpFileRequest& r : file.requests) {
        take(r.target);
        for (const HttpFileVariable& v : r.variables)
            take(v.value);
    }
    hosts.removeDuplicates();
    return hosts;
}

QStringList httpSecretsUsed(const HttpFile& file, qsizetype index)
{
    const QSet<QString> used = httpReferencedNames(file.requests.at(index));
    QStringList out;
    for (const QString& s : file.secrets)
        if (used.contains(s) && !out.contains(s))
            out << s;
    return out;
}

QString httpAsWrittenProblem(const HttpFile& file, qsizetype index)
{
    const QStringList secrets = httpSecretsUsed(file, index);
    if (secrets.isEmpty())
        return {};
    return at(file.requests.at(index).line,
              Tr::tr("a request with its own Authorization header goes to a host the file chose, so it never "
                     "carries a keychain secret ({{%1}})")
                  .arg(secrets.first()));
}

QString maskSecretsInUrl(const QString& url, const QList<QPair<QString, QString>>& valueToPlaceholder)
{
    // Fully decoded, '+' read as a space: the forms a value takes on its way into a URL compare equal.
    auto canonical = [](const QString& text) {
        QString d = QUrl::fromPercentEncoding(text.toUtf8());
        d.replace(QLatin1Char('+'), QLatin1Char(' '));
        return d;
    };
    QString out = url;
    for (const auto& [value, placeholder] : valueToPlaceholder) {
        if (value.isEmpty())
            continue;
        // Any case: a host comes back lower-cased, an escape may be %2b or %2B.
        out.replace(value, placeholder, Qt::CaseInsensitive);
        out.replace(QString::fromLatin1(QUrl::toPercentEncoding(value)), placeholder, Qt::CaseInsensitive);
        // The value itself may look encoded (%41) or hold what is not an escape (%zz).
        QString spaced = value;
        spaced.replace(QLatin1Char('+'), QLatin1Char(' '));
        for (const QString& v : {value, spaced, canonical(value)})
            if (!v.isEmpty() && canonical(out).contains(v, Qt::CaseInsensitive))
                out = canonical(out).replace(v, placeholder, Qt::CaseInsensitive);
    }
    return out;
}

} // namespace aem
