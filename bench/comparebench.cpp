// SPDX-License-Identifier: Apache-2.0
// Measures the request tester's Compare window diffing two large JSON answers: the longest stall
// of the GUI event loop (a 5 ms timer's worst gap) from handing the two bodies over until the
// differences are on screen, and how long that took. Twice: with the volatile fields ignored (the
// default), then compared again with nothing ignored (every hit differs: the list is capped).
// No network: the bodies go in as two answers would (CompareController::compareBodies), so this
// measures the parse, the diff and the display, not the transfer (testerbench does that).
// Usage: comparebench [MiB per answer, default 10]. Prints JSON.
// Or end to end: comparebench --send LEFT RIGHT PATH CA_FILE sends GET PATH to two stored
// credentials (bench/run.sh: the sandbox's /__sandbox/large) and measures from the click to the
// comparison on screen, the two transfers included.

#include "appcontext.h"
#include "compareview.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {
// About `mb` MiB of a QueryBuilder-like answer; on the right every 5th hit has another size and
// every hit another jcr:lastModified.
QByteArray answer(int mb, bool right)
{
    QByteArray out = "{\"success\":true,\"hits\":[";
    const qsizetype target = qsizetype(mb) * 1024 * 1024;
    for (int i = 0; out.size() < target; ++i) {
        if (i)
            out += ',';
        out += "{\"jcr:path\":\"/content/dam/site/folder/asset-" + QByteArray::number(i)
            + ".jpg\",\"jcr:lastModified\":\"2026-12-0" + (right ? "2" : "1")
            + "T10:00:00.000Z\",\"dam:size\":" + QByteArray::number(right && i % 5 == 0 ? i + 7 : i)
            + ",\"tags\":[\"a\",\"b\",\"c\"],\"jcr:title\":\"Asset number " + QByteArray::number(i) + "\"}";
    }
    return out + "]}";
}
} // namespace

int main(int argc, char* argv[])
{
    QTemporaryDir home; // without --send, no store of the user's is read
    if (argc < 2 || std::strcmp(argv[1], "--send") != 0) {
        qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toUtf8());
    }
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const bool send = args.size() == 6 && args[1] == QLatin1String("--send");
    const int mb = args.size() == 2 ? std::max(1, args[1].toInt()) : 10;
    if (args.size() > 2 && !send) {
        std::fputs("usage: comparebench [MIB] | comparebench --send LEFT RIGHT PATH CA_FILE\n", stderr);
        return 2;
    }

    aem::ui::AppContext::Options o;
    if (!send) {
        o.location = aem::StoreLocation::under(home.path());
        o.settingsPath = home.filePath(QStringLiteral("settings.ini"));
    }
    aem::ui::AppContext context(o);
    if (send) {
        aem::AppSettings s = context.settings();
        s.extraCaFile = args[5];
        context.setSettings(s);
    }
    aem::RequestHistory& history = context.history();
    aem::ui::CompareView view(context, history, [&] {
        aem::ui::CompareView::Request r;
        r.draft.pathOrUrl = send ? args[4] : QString();
        return r;
    });
    view.show();
    const QByteArray left = send ? QByteArray() : answer(mb, false), right = send ? QByteArray() : answer(mb, true);

    QElapsedTimer clock;
    qint64 last = 0, worst = 0, started = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    QJsonArray runs;
    int round = 0;
    QObject::connect(&view, &aem::ui::CompareView::comparisonShown, [&] {
        // One more turn of the loop so the list has laid out and painted.
        QTimer::singleShot(50, [&] {
            const aem::JsonDiffResult& r = view.controller().result();
            runs.append(QJsonObject {{QStringLiteral("ignoring_volatile"), round == 0},
                                     {QStringLiteral("worst_stall_ms"), double(worst)},
                                     {QStringLiteral("shown_ms"), double(clock.elapsed() - 50 - started)},
                                     {QStringLiteral("differences_total"), double(r.total)},
                                     {QStringLiteral("differences_listed"), double(r.differences.size())},
                                     {QStringLiteral("ignored"), double(r.ignored)}});
            if (++round == 1 && !send) {
                worst = 0;
                last = started = clock.elapsed();
                // Compared again, nothing ignored: every hit differs.
                view.findChild<QCheckBox*>(QStringLiteral("compareIgnoreVolatile"))->setChecked(false);
                return;
            }
            double stall = 0;
            for (const QJsonValue& r : std::as_const(runs))
                stall = std::max(stall, r[QLatin1String("worst_stall_ms")].toDouble());
            const aem::ui::CompareAnswer& a = view.controller().answer(aem::ui::CompareController::Left);
            const QJsonObject out {{QStringLiteral("bytes_per_answer"), double(send ? a.bytes : left.size())},
                                   {QStringLiteral("worst_stall_ms"), stall},
                                   {QStringLiteral("runs"), runs}};
            std::puts(QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
            QApplication::quit();
        });
    });
    // Let the window settle, then hand the answers over and measure from there.
    QTimer::singleShot(300, [&] {
        clock.start();
        probe.start();
        if (send) {
            view.setCredentials(args[2], args[3]); // the store has loaded by now
            view.send();
            if (!view.controller().isBusy()) {
                std::fprintf(stderr, "not sent: %s\n", qPrintable(view.explanationText()));
                QApplication::exit(1);
            }
        } else
            view.controller().compareBodies(left, right);
    });
    if (send)
        QObject::connect(&view.controller(), &aem::ui::CompareController::finished, [&] {
            for (int side = 0; side < 2; ++side) {
                const aem::ui::CompareAnswer& a = view.controller().answer(aem::ui::CompareController::Side(side));
                if (a.status != 200) {
                    std::fprintf(stderr, "%s: status %d: %s\n", qPrintable(a.credential), a.status,
                                 qPrintable(a.error + view.explanationText()));
                    QApplication::exit(1);
                }
            }
        });
    return app.exec();
}
