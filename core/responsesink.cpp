// SPDX-License-Identifier: Apache-2.0
#include "responsesink.h"

#include "requesthistory.h"

#include <QDir>
#include <QFile>

namespace aem {

ResponseSink::ResponseSink(qint64 previewLimit, QObject* parent) : QObject(parent), m_previewLimit(previewLimit)
{
    qRegisterMetaType<aem::ResponsePreview>();
}

ResponseSink::~ResponseSink() = default;

void ResponseSink::begin()
{
    m_file = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/aem-response-XXXXXX"));
    m_error.clear();
    if (!m_file->open())
        m_error = tr("cannot buffer the answer on disk: %1").arg(m_file->errorString());
    m_preview.clear();
    m_size = 0;
}

void ResponseSink::append(const QByteArray& chunk)
{
    if (!m_file)
        begin();
    m_size += chunk.size();
    if (m_preview.size() < m_previewLimit)
        m_preview += chunk.left(m_previewLimit - m_preview.size());
    if (m_file->isOpen() && m_file->write(chunk) != chunk.size() && m_error.isEmpty())
        m_error = tr("cannot buffer the answer on disk: %1").arg(m_file->errorString());
    Q_EMIT consumed(chunk.size());
}

void ResponseSink::finish(const QByteArray& contentType)
{
    if (!m_file)
        begin();
    m_file->flush();
    ResponsePreview p;
    p.size = m_size;
    p.truncated = m_size > m_preview.size();
    p.raw = m_preview;
    p.bodyFile = m_file->fileName();
    p.error = m_error;
    const QByteArray type = contentType.toLower();
    const QByteArray start = m_preview.trimmed().left(1);
    if (type.contains("json") || start == "{" || start == "[")
        p.pretty = prettyPrintJsonPrefix(m_preview);
    p.isImage = type.startsWith("image/");
    Q_EMIT ready(p);
}

void ResponseSink::saveTo(const QString& path)
{
    if (!m_file) {
        Q_EMIT saved(path, tr("there is no answer to save"));
        return;
    }
    m_file->flush();
    QFile::remove(path);
    const bool ok = QFile::copy(m_file->fileName(), path);
    Q_EMIT saved(path, ok ? QString() : tr("cannot write %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace aem
