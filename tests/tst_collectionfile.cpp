// SPDX-License-Identifier: Apache-2.0
// The request tester's side of .http collections (ui/collectionfile.h): save a typed request into a
// collection, reopen it and load it back; the rest of a file others wrote stays byte for byte.

#include "collectionfile.h"
#include "credentialrecord.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace aem;
using namespace aem::ui;

class TestCollectionFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static RequestDraft assetsDraft()
    {
        RequestDraft d;
        d.method = QStringLiteral("post");
        d.pathOrUrl = QStringLiteral("/api/assets/x");
        d.params = {{QStringLiteral("limit"), QStringLiteral("10")}};
        d.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")},
                     {QStringLiteral("Authorization"), QStringLiteral("Bearer eyJhbGciOi.secret.token")}};
        d.bodyKind = BodyKind::Json;
        d.body = QStringLiteral("{\n  \"a\": 1\n}");
        return d;
    }

private Q_SLOTS:
    void saveReopenAndLoad()
    {
        const QString path = m_dir.filePath(QStringLiteral("team.http"));
        QString error;
        const auto r =
            requestFromDraft(assetsDraft(), RequestTesterController::Publish, QStringLiteral("create"), &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->target, QStringLiteral("{{publish}}/api/assets/x?limit=10"));
        QVERIFY2(saveToCollection(path, *r, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        // Never a token in the file: the program attaches it when the request runs.
        QVERIFY(!saved.contains("Authorization"));
        QVERIFY(!saved.contains("secret.token"));
        QVERIFY2(saved.contains("POST {{publish}}/api/assets/x?limit=10\n"), saved.constData());
        QVERIFY(saved.contains("Content-Type: application/json\n"));
        const auto file = readCollection(path, &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->requests.size(), 1);
        const CollectionDraft back = draftFromRequest(*file, 0);
        QCOMPARE(back.target, RequestTesterController::Publish);
        QCOMPARE(back.draft.method, QStringLiteral("POST"));
        QCOMPARE(back.draft.pathOrUrl, QStringLiteral("/api/assets/x?limit=10"));
        QCOMPARE(back.draft.body, assetsDraft().body);
        // Saved again under the same name: replaced, not duplicated; the file is byte-stable.
        QVERIFY(saveToCollection(path, *r, &error));
        f.seek(0);
        QCOMPARE(QFile(path).size(), qint64(saved.size()));
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), saved);
    }

    void othersFileKeptWhenAppending()
    {
        const QString path = m_dir.filePath(QStringLiteral("theirs.http"));
        const QByteArray theirs = "@base = /content\r\n// @no-log\r\n\r\n### list\r\n# @no-redirect\r\nGET "
                                  "{{author}}{{base}}.json\r\n\r\n> {% client.test(); %}\r\n";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(theirs);
        }
        RequestDraft d;
        d.pathOrUrl = QStringLiteral("/content/dam.json");
        QString error;
        const auto r = requestFromDraft(d, RequestTesterController::Author, QStringLiteral("dam"), &error);
        QVERIFY(r);
        QVERIFY2(saveToCollection(path, *r, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray now = f.readAll();
        QVERIFY2(now.startsWith(theirs), now.constData());
        QVERIFY(now.endsWith("### dam\nGET {{author}}/content/dam.json\n\n"));
        // Loading theirs fills in the file's own variables.
        const auto file = readCollection(path, &error);
        QVERIFY(file);
        const CollectionDraft list = draftFromRequest(*file, 0);
        QCOMPARE(list.draft.pathOrUrl, QStringLiteral("/content.json"));
    }

    // A "< FILE" body opened from a collection: a File body on the file's path (content not read),
    // saved back as the "< FILE" line, relative to the collection it is saved into when inside it.
    void bodyFromFileRoundTrips()
    {
        const QString path = m_dir.filePath(QStringLiteral("files.http"));
        const QByteArray text = "@name = payload\n\n### up\nPOST {{author}}/api/x\nContent-Type: application/json\n\n"
                                "<@ ./{{name}}.json\n";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size());
        }
        QString error;
        const auto file = readCollection(path, &error);
        QVERIFY2(file, qPrintable(error));
        CredentialRecord rec;
        rec.name = QStringLiteral("dev");
        rec.environment.author = QUrl(QStringLiteral("https://author.example"));
        const auto c = resolveCollectionDraft(*file, 0, path, rec, {}, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->draft.bodyKind, BodyKind::File);
        QCOMPARE(c->draft.bodyFile, m_dir.filePath(QStringLiteral("payload.json")));
        QVERIFY(c->draft.body.isEmpty());
        QCOMPARE(c->origin.bodyFile, c->draft.bodyFile);
        QVERIFY(c->origin.bodyFileVariables);
        QCOMPARE(c->origin.values.value(QStringLiteral("name")), QStringLiteral("payload"));
        // Saved back next to it: the line, relative; the content never (it does not even exist).
        const auto back = requestForCollection(c->draft, c->target, QStringLiteral("up2"), c->origin,
                                               m_dir.filePath(QStringLiteral("other.http")), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->bodyFile, QStringLiteral("./payload.json"));
        QVERIFY(back->bodyFileVariables);
        QVERIFY(back->body.isEmpty());
        QVERIFY2(saveToCollection(path, *back, &error), qPrintable(error));
        const auto again = readCollection(path, &error);
        QVERIFY2(again && again->requests.size() == 2, qPrintable(error));
        QCOMPARE(again->requests[1].bodyFile, QStringLiteral("./payload.json"));
        QVERIFY(again->requests[1].problems.isEmpty());
        // The first request, unchanged, is kept byte for byte.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith(text));
        // Into a collection elsewhere: the absolute path.
        QTemporaryDir elsewhere;
        const auto abs = requestForCollection(c->draft, c->target, QStringLiteral("up3"), c->origin,
                                              elsewhere.filePath(QStringLiteral("x.http")), &error);
        QVERIFY2(abs, qPrintable(error));
        QCOMPARE(abs->bodyFile, m_dir.filePath(QStringLiteral("payload.json")));
        // Another file chosen in the editor: refused as any File body.
        RequestDraft other = c->draft;
        other.bodyFile = QStringLiteral("/etc/hostname");
        QVERIFY(!requestForCollection(other, c->target, QStringLiteral("up4"), c->origin, path, &error));
    }

    void fileBodyRefusedAndLimitsChecked()
    {
        RequestDraft d = assetsDraft();
        d.bodyKind = BodyKind::File;
        d.bodyFile = QStringLiteral("/etc/hostname");
        QString error;
        QVERIFY(!requestFromDraft(d, RequestTesterController::Author, QStringLiteral("f"), &error));
        QVERIFY(error.contains(QLatin1String("file")));
        const QString big = m_dir.filePath(QStringLiteral("big.http"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(kMaxHttpFileBytes + 1));
        }
        QVERIFY(!readCollection(big, &error));
        QVERIFY2(error.contains(QLatin1String("MiB")), qPrintable(error));
        RequestDraft ok;
        ok.pathOrUrl = QStringLiteral("/x");
        const auto r = requestFromDraft(ok, RequestTesterController::Author, QStringLiteral("x"), &error);
        QVERIFY(r);
        QVERIFY(!saveToCollection(big, *r, &error));
        QCOMPARE(QFile(big).size(), kMaxHttpFileBytes + 1);
    }
};

QTEST_MAIN(TestCollectionFile)
#include "tst_collectionfile.moc"
