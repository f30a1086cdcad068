// SPDX-License-Identifier: Apache-2.0
#include "format.h"

#include "credentialstore.h"
#include "jsonout.h"
#include "output.h"
#include "processhygiene.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <cstdio>

namespace aem::cli {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Cli)
};

Output* g_stdout = nullptr;
} // namespace

void setStandardOutput(Output* out)
{
    g_stdout = out;
}

Output* standardOutput()
{
    return g_stdout;
}

void writeOut(const QByteArray& b)
{
    if (g_stdout)
        g_stdout->write(b);
}

void outLine(const QString& s)
{
    writeOut(s.toUtf8() + '\n');
}

void errLine(const QString& s)
{
    const QByteArray b = "aemtoken: " + s.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fflush(stderr);
}

QString labelled(const QString& label)
{
    return Tr::tr("%1:", "a label before its value").arg(label);
}

void printLabelled(const QList<std::pair<QString, QString>>& rows, int indent)
{
    QStringList labels;
    qsizetype width = 0;
    for (const auto& row : rows) {
        labels << labelled(row.first);
        width = std::max(width, labels.last().size());
    }
    for (qsizetype i = 0; i < rows.size(); ++i)
        outLine(QString(indent, QLatin1Char(' ')) + labels[i].leftJustified(width + 2) + rows[i].second);
}

qsizetype displayWidth(const QString& s)
{
    qsizetype w = 0;
    for (const char32_t c : s.toUcs4()) {
        const auto cat = QChar::category(c);
        if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing || cat == QChar::Other_Format)
            continue;
        // East Asian wide and full-width forms, and the emoji blocks, take two cells.
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
            || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
            || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
            || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}

void printTable(const QList<QStringList>& rows)
{
    if (rows.isEmpty())
        return;
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList& row : rows)
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(row[c]));
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() && c < widths.size()
                ? row[c] + QString(widths[c] + 2 - displayWidth(row[c]), QLatin1Char(' '))
                : row[c];
        outLine(line);
    }
}

QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(isoUtcSeconds(t)) : QJsonValue(QJsonValue::Null);
}

std::optional<QByteArray> readInput(const QString& path, qint64 limit, QString* error)
{
    QFile f;
    if (path == QLatin1String("-")) {
        if (!f.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            *error = Tr::tr("cannot read standard input");
            return std::nullopt;
        }
    } else {
        f.setFileName(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            *error = QStringLiteral("%1: %2").arg(path, f.errorString());
            return std::nullopt;
        }
    }
    // Pipes deliver in pieces: read until end of input or just past the limit, into one buffer
    // sized once (growing it would leave copies of a private key in freed memory).
    QByteArray data(limit + 1, '\0');
    qsizetype n = 0;
    while (n <= limit) {
        const qint64 got = f.read(data.data() + n, limit + 1 - n);
        if (got < 0) {
            wipeSecret(data);
            *error = QStringLiteral("%1: %2").arg(path == QLatin1String("-") ? QStringLiteral("stdin") : path,
                                                  f.errorString());
            return std::nullopt;
        }
        if (got == 0)
            break;
        n += got;
    }
    if (n > limit) {
        wipeSecret(data);
        *error = Tr::tr("%1: larger than %2 KiB; not read")
                     .arg(path == QLatin1String("-") ? QStringLiteral("stdin") : path)
                     .arg(limit / 1024);
        return std::nullopt;
    }
    data.truncate(n); // keeps the buffer: no copy
    return data;
}

QJsonObject recordJson(const CredentialRecord& r, const std::optional<CachedTokenInfo>& token, const QDateTime& now)
{
    const bool mints = canMint(r.kind);
    const QDateTime expiresAt = mints ? (token ? token->expiresAt : QDateTime()) : r.localTokenExpiresAt;
    const QJsonValue none(QJsonValue::Null);
    return QJsonObject {
        {QStringLiteral("name"), r.name},
        {QStringLiteral("kind"), kindJson(r.kind)},
        {QStringLiteral("client_id"), stringOrNull(mints ? r.clientId : r.tokenClientId)},
        {QStringLiteral("user_id"), mints ? none : stringOrNull(r.tokenUserId)},
        {QStringLiteral("technical_account_id"), mints ? stringOrNull(r.technicalAccountId) : none},
        {QStringLiteral("email"), mints ? stringOrNull(r.email) : none},
        {QStringLiteral("org"), mints ? stringOrNull(r.org) : none},
        {QStringLiteral("ims_endpoint"), mints ? stringOrNull(r.imsEndpoint) : none},
        {QStringLiteral("scopes"),
         r.kind == CredentialKind::OAuth ? QJsonValue(QJsonArray::fromStringList(r.metascopes)) : none},
        {QStringLiteral("metascopes"),
         r.kind == CredentialKind::Service ? QJsonValue(QJsonArray::fromStringList(r.metascopes)) : none},
        {QStringLiteral("program_id"), idOrNull(r.environment.program)},
        {QStringLiteral("environment_id"), idOrNull(r.environment.environment)},
        {QStringLiteral("author_url"), urlOrNull(r.environment.author)},
        {QStringLiteral("publish_url"), urlOrNull(r.environment.publish)},
        {QStringLiteral("preview_url"), urlOrNull(r.environment.preview)},
        {QStringLiteral("imported_at"), isoOrNull(r.importedAt)},
        // "production", "stage", "development", null when not said; a value this version does not
        // know, as stored (list reports it on stderr).
        {QStringLiteral("env_type"),
         r.envType == EnvType::None                                      ? none
             : r.envType == EnvType::Unknown && !r.envTypeRaw.isString() ? r.envTypeRaw
                                                                         : QJsonValue(r.envTypeText())},
        {QStringLiteral("certificate_expires_at"),
         r.kind == CredentialKind::Service ? isoOrNull(r.certificateNotAfter) : none},
        {QStringLiteral("certificate_sha256"),
         r.kind == CredentialKind::Service ? stringOrNull(r.certificateFingerprint) : none},
        // A local AEM target's HTTP Basic user (null: no sign-in, or another kind).
        {QStringLiteral("basic_user"), r.kind == CredentialKind::Local ? stringOrNull(r.basicUser) : none},
        {QStringLiteral("expires_at"), isoOrNull(expiresAt)},
        {QStringLiteral("expires_in_s"), secondsOrNull(now, expiresAt)}};
}

} // namespace aem::cli
