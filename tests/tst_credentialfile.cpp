// SPDX-License-Identifier: Apache-2.0
// Reading the file a user, a download or another program on the session bus named, and deleting
// it after its import, as an attacker would try it: a FIFO (must not block), a directory, a file
// over the limit, a link (neither it nor its target deleted), a file renamed over the path or
// changed since it was read (kept), a hard link (deleted, and said that another name remains).

#include "credentialfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace aem;

namespace {
QString write(const QString& path, const QByteArray& content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return path;
}
QByteArray sha(const QByteArray& b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256);
}
} // namespace

class TestCredentialFile : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        QDir d(m_dir.path());
        for (const QString& e : d.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System))
            QVERIFY(QFile::remove(d.filePath(e)) || QDir(d.filePath(e)).removeRecursively());
    }

    void readsARegularFileWithItsIdentity()
    {
        const QString p = write(path("a.json"), "{\"x\":1}");
        QString error;
        const auto read = readRegularFile(p, 1024, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->content, QByteArray("{\"x\":1}"));
        struct stat st
        { };
        QCOMPARE(::stat(QFile::encodeName(p).constData(), &st), 0);
        QCOMPARE(read->identity.inode, quint64(st.st_ino));
        QCOMPARE(read->identity.device, quint64(st.st_dev));
    }

    void refusesWhatIsNotARegularFile()
    {
        // A FIFO with no writer: an ordinary open would wait for one for good.
        const QString fifo = path("fifo.json");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QString error;
        QVERIFY(!readRegularFile(fifo, 1024, &error));
        QVERIFY2(error.contains(QLatin1String("FIFO")), qPrintable(error));
        QVERIFY(QDir().mkdir(path("dir.json")));
        QVERIFY(!readRegularFile(path("dir.json"), 1024, &error));
        QVERIFY2(error.contains(QLatin1String("directory")), qPrintable(error));
        QVERIFY(!readRegularFile(path("absent.json"), 1024, &error));
        QVERIFY2(error.contains(QLatin1String("no such file")), qPrintable(error));
    }

    void refusesAFileOverTheLimitBeforeReadingIt()
    {
        const QString p = path("big.json");
        QVERIFY(!write(p, {}).isEmpty());
        QVERIFY(QFile::resize(p, 64 * 1024 * 1024)); // sparse: reading it would take a while
        QString error;
        QVERIFY(!readRegularFile(p, 1024 * 1024, &error));
        QVERIFY2(error.contains(QLatin1String("larger than 1024 KiB")), qPrintable(error));
        // Exactly at the limit is read.
        QVERIFY(QFile::resize(p, 1024));
        const auto at = readRegularFile(p, 1024, &error);
        QVERIFY(at);
        QCOMPARE(at->content.size(), 1024);
    }

    void deletesTheFileThatWasRead()
    {
        const QString p = write(path("creds.json"), "secret-content");
        const auto read = readRegularFile(p, 1024, nullptr);
        QVERIFY(read);
        QString error;
        QCOMPARE(deleteReadFile(p, read->identity, sha(read->content), &error), DeleteResult::Deleted);
        QVERIFY(!QFile::exists(p));
    }

    void keepsAFileChangedOrReplacedSinceItWasRead()
    {
        const QString p = write(path("creds.json"), "secret-content");
        const auto read = readRegularFile(p, 1024, nullptr);
        QVERIFY(read);
        QString error;
        // Same name, other content.
        QVERIFY(!write(p, "other-content").isEmpty());
        QCOMPARE(deleteReadFile(p, read->identity, sha(read->content), &error), DeleteResult::Kept);
        QVERIFY2(error.contains(QLatin1String("changed since it was read")), qPrintable(error));
        QVERIFY(QFile::exists(p));
        // Same content, but another file renamed over the path (another inode).
        QVERIFY(!write(path("other.json"), "secret-content").isEmpty());
        QVERIFY(QFile::remove(p));
        QVERIFY(QFile::rename(path("other.json"), p));
        QCOMPARE(deleteReadFile(p, read->identity, sha(read->content), &error), DeleteResult::Kept);
        QVERIFY(QFile::exists(p));
        // No digest: never deleted.
        QCOMPARE(deleteReadFile(p, {}, {}, &error), DeleteResult::Kept);
        QVERIFY(QFile::exists(p));
    }

    void neverFollowsNorRemovesALink()
    {
        const QString target = write(path("keys-prod.json"), "secret-content");
        const QString link = path("download.json");
        QVERIFY(QFile::link(target, link));
        const auto read = readRegularFile(link, 1024, nullptr); // the import follows it
        QVERIFY(read);
        QString error;
        QCOMPARE(deleteReadFile(link, read->identity, sha(read->content), &error), DeleteResult::Kept);
        QVERIFY2(error.contains(QLatin1String("is a link")), qPrintable(error));
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(QFile::exists(target));
    }

    void saysWhenAHardLinkStillHoldsTheFile()
    {
        const QString p = write(path("creds.json"), "secret-content");
        QCOMPARE(::link(QFile::encodeName(p).constData(), QFile::encodeName(path("copy.json")).constData()), 0);
        const auto read = readRegularFile(p, 1024, nullptr);
        QVERIFY(read);
        QString error;
        QCOMPARE(deleteReadFile(p, read->identity, sha(read->content), &error), DeleteResult::DeletedOtherNamesRemain);
        QVERIFY(!QFile::exists(p));
        QVERIFY(QFile::exists(path("copy.json")));
    }

    void aFifoSwappedInIsKeptWithoutBlocking()
    {
        const QString p = write(path("creds.json"), "secret-content");
        const auto read = readRegularFile(p, 1024, nullptr);
        QVERIFY(read);
        QVERIFY(QFile::remove(p));
        QCOMPARE(::mkfifo(QFile::encodeName(p).constData(), 0600), 0);
        QString error;
        QCOMPARE(deleteReadFile(p, read->identity, sha(read->content), &error), DeleteResult::Kept);
        QVERIFY(QFileInfo(p).exists());
    }
};

QTEST_GUILESS_MAIN(TestCredentialFile)
#include "tst_credentialfile.moc"
