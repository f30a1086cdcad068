// SPDX-License-Identifier: Apache-2.0
// The response sink: the whole body on disk, the first part kept for display, JSON indented on
// finish, images flagged, every append acknowledged (for a producer's back-pressure), save
// byte for byte, and each response starting afresh.

#include "responsesink.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace aem;
using namespace aem::test;

class TestResponseSink : public QObject
{
    Q_OBJECT

    IsolatedHome m_home;
    std::unique_ptr<QTemporaryDir> m_dir;

    static ResponsePreview finish(ResponseSink& sink, const QByteArray& type)
    {
        QSignalSpy ready(&sink, &ResponseSink::ready);
        sink.finish(type);
        if (ready.size() != 1)
            qFatal("ready() not emitted once");
        return ready.first().first().value<ResponsePreview>();
    }

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void smallJsonIsIndented()
    {
        ResponseSink sink;
        sink.begin();
        sink.append("{\"a\":[1,2],");
        sink.append("\"b\":\"x\"}");
        const ResponsePreview p = finish(sink, "application/json;charset=UTF-8");
        QCOMPARE(p.size, qint64(19));
        QVERIFY(!p.truncated);
        QCOMPARE(p.raw, QByteArray("{\"a\":[1,2],\"b\":\"x\"}"));
        QVERIFY2(p.pretty.startsWith("{\n  \"a\": ["), p.pretty.constData());
        QVERIFY(!p.isImage);
        QCOMPARE(p.error, QString());
        QCOMPARE(readAll(p.bodyFile), p.raw);
    }

    void jsonIsRecognisedByItsFirstCharacterToo()
    {
        ResponseSink sink;
        sink.begin();
        sink.append("  [1,2]");
        QVERIFY(!finish(sink, "text/plain").pretty.isEmpty());
        sink.begin();
        sink.append("hello");
        QVERIFY(finish(sink, "text/plain").pretty.isEmpty());
    }

    void largeBodyKeepsOnlyThePreviewInMemory()
    {
        ResponseSink sink(1000);
        sink.begin();
        QByteArray whole;
        for (int i = 0; i < 50; ++i) {
            const QByteArray chunk(333, char('a' + i % 26));
            whole += chunk;
            sink.append(chunk);
        }
        const ResponsePreview p = finish(sink, "application/octet-stream");
        QCOMPARE(p.size, qint64(whole.size()));
        QVERIFY(p.truncated);
        QCOMPARE(p.raw, whole.left(1000));
        QCOMPARE(QFileInfo(p.bodyFile).size(), p.size);
        QCOMPARE(readAll(p.bodyFile), whole);
    }

    void imagesAreFlagged()
    {
        ResponseSink sink;
        sink.begin();
        sink.append("\x89PNG");
        const ResponsePreview p = finish(sink, "image/png");
        QVERIFY(p.isImage);
        QVERIFY(p.pretty.isEmpty());
    }

    void everyAppendIsAcknowledged()
    {
        ResponseSink sink;
        QSignalSpy consumed(&sink, &ResponseSink::consumed);
        sink.begin();
        sink.append(QByteArray(100, 'x'));
        sink.append(QByteArray(250, 'y'));
        QCOMPARE(consumed.size(), 2);
        QCOMPARE(consumed.at(0).first().toLongLong(), 100);
        QCOMPARE(consumed.at(1).first().toLongLong(), 250);
    }

    void beginStartsAfresh()
    {
        ResponseSink sink;
        sink.begin();
        sink.append("first answer");
        const QString firstFile = finish(sink, "text/plain").bodyFile;
        sink.begin();
        sink.append("second");
        const ResponsePreview p = finish(sink, "text/plain");
        QCOMPARE(p.size, qint64(6));
        QCOMPARE(p.raw, QByteArray("second"));
        QCOMPARE(readAll(p.bodyFile), QByteArray("second"));
        QVERIFY(!QFileInfo::exists(firstFile) || firstFile != p.bodyFile);
    }

    void appendWithoutBeginStillWorks()
    {
        ResponseSink sink;
        sink.append("abc");
        QCOMPARE(finish(sink, {}).size, qint64(3));
    }

    void saveCopiesTheWholeBody()
    {
        ResponseSink sink(4);
        sink.begin();
        sink.append("0123456789");
        finish(sink, "text/plain");
        const QString out = m_dir->filePath(QStringLiteral("body.txt"));
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older, longer file that must be replaced");
        old.close();
        QSignalSpy saved(&sink, &ResponseSink::saved);
        sink.saveTo(out);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().at(0).toString(), out);
        QCOMPARE(saved.first().at(1).toString(), QString());
        QCOMPARE(readAll(out), QByteArray("0123456789"));
    }

    void saveWithoutAnswerExplains()
    {
        ResponseSink sink;
        QSignalSpy saved(&sink, &ResponseSink::saved);
        sink.saveTo(m_dir->filePath(QStringLiteral("nothing")));
        QCOMPARE(saved.size(), 1);
        QVERIFY(!saved.first().at(1).toString().isEmpty());
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("nothing"))));
    }

    void saveToAnUnwritablePlaceExplains()
    {
        ResponseSink sink;
        sink.begin();
        sink.append("x");
        finish(sink, {});
        QSignalSpy saved(&sink, &ResponseSink::saved);
        const QString out = m_dir->filePath(QStringLiteral("no/such/dir/body"));
        sink.saveTo(out);
        QCOMPARE(saved.size(), 1);
        QVERIFY2(saved.first().at(1).toString().contains(QLatin1String("body")),
                 qPrintable(saved.first().at(1).toString()));
    }

    void worksOnItsOwnThread()
    {
        QThread thread;
        // Stopped however the test ends (a running QThread must not be destroyed).
        const auto stop = qScopeGuard([&] {
            thread.quit();
            thread.wait();
        });
        auto* sink = new ResponseSink(16);
        sink->moveToThread(&thread);
        connect(&thread, &QThread::finished, sink, &QObject::deleteLater);
        thread.start();
        // Received here, on this thread (queued), as a producer would.
        std::optional<ResponsePreview> ready;
        qint64 consumed = 0;
        int acks = 0;
        connect(sink, &ResponseSink::ready, this, [&](const ResponsePreview& p) { ready = p; });
        connect(sink, &ResponseSink::consumed, this, [&](qint64 bytes) {
            consumed += bytes;
            ++acks;
        });
        QMetaObject::invokeMethod(sink, &ResponseSink::begin, Qt::QueuedConnection);
        for (int i = 0; i < 10; ++i)
            QMetaObject::invokeMethod(
                sink, [sink] { sink->append(QByteArray(1000, 'z')); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(
            sink, [sink] { sink->finish("text/plain"); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(ready.has_value(), 10000);
        // Every acknowledgement was queued before ready().
        QCOMPARE(acks, 10);
        QCOMPARE(consumed, qint64(10000));
        const ResponsePreview p = *ready;
        QCOMPARE(p.size, qint64(10000));
        QCOMPARE(p.raw, QByteArray(16, 'z'));
    }
};

QTEST_MAIN(TestResponseSink)
#include "tst_responsesink.moc"
