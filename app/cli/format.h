// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the commands print, in one place: lines to the checked standard output (output.h) and
// to stderr, "label: value" blocks and column tables laid out for the language in use, the
// date and duration formats, the --json shape of a stored credential, and bounded input reading.

#include "credentialrecord.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace aem {

class Output;
struct CachedTokenInfo;

namespace cli {

// Where writeOut() and outLine() go (the Cli's standard output); nothing before it is set.
void setStandardOutput(Output* out);
Output* standardOutput();

void writeOut(const QByteArray& b);
void outLine(const QString& s);
// "aemtoken: MESSAGE" on stderr.
void errLine(const QString& s);

// "label:" as the language writes it (French puts a space before the colon).
QString labelled(const QString& label);
// "label:   value" lines with the values aligned, whatever the labels' length in a translation.
void printLabelled(const QList<std::pair<QString, QString>>& rows, int indent = 0);
// The terminal cells `s` takes: combining marks none, East Asian wide characters two.
qsizetype displayWidth(const QString& s);
// Columns padded to the widest cell (two spaces between, by displayWidth), the last one unpadded.
void printTable(const QList<QStringList>& rows);

// isoUtcSeconds(t) (credentialrecord.h), or null for an invalid time.
QJsonValue isoOrNull(const QDateTime& t);

// Reads a file or stdin ("-"), refusing more than `limit` bytes.
std::optional<QByteArray> readInput(const QString& path, qint64 limit, QString* error);

// A stored credential as `list --json` prints it (jsonout.h; the man page lists the keys).
QJsonObject recordJson(const CredentialRecord& r, const std::optional<CachedTokenInfo>& token, const QDateTime& now);

} // namespace cli
} // namespace aem
