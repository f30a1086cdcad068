// SPDX-License-Identifier: Apache-2.0
#pragma once

// Receives a response body chunk by chunk, meant to live on a worker thread: everything goes
// to a temporary file (save / open in full), the first part is kept for display, and on
// finish() the display form (pretty JSON or raw text) is prepared there, so the GUI thread never
// handles a large body.

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QTemporaryFile>

#include <memory>

namespace aem {

struct ResponsePreview
{
    qint64 size = 0;
    bool truncated = false; // the display shows only the first part
    QByteArray raw; // the first part, as received
    QByteArray pretty; // indented when it looks like JSON, else empty
    bool isImage = false; // decode bodyFile for display (in the UI layer, off the GUI thread)
    QString bodyFile; // the whole body, until the next request
    QString error;
};

class ResponseSink : public QObject
{
    Q_OBJECT
public:
    explicit ResponseSink(qint64 previewLimit = 512 * 1024, QObject* parent = nullptr);
    ~ResponseSink() override;

public Q_SLOTS:
    void begin();
    void append(const QByteArray& chunk);
    void finish(const QByteArray& contentType);
    // Copies the whole body of the last response to `path`; answers with saved().
    void saveTo(const QString& path);

Q_SIGNALS:
    // After each append(): `bytes` of it were handled, for a producer that bounds what it queues.
    void consumed(qint64 bytes);
    void ready(const aem::ResponsePreview& preview);
    void saved(const QString& path, const QString& error);

private:
    qint64 m_previewLimit;
    std::unique_ptr<QTemporaryFile> m_file;
    QByteArray m_preview;
    qint64 m_size = 0;
    QString m_error;
};

} // namespace aem

Q_DECLARE_METATYPE(aem::ResponsePreview)
