// SPDX-License-Identifier: Apache-2.0
// Measures the request tester receiving and displaying a large JSON answer: the longest stall
// of the GUI event loop (a 5 ms timer's worst gap), the time to the last byte, and the time
// until the answer is on screen. Run by bench/run.sh against a sandbox process; prints JSON.

#include "appcontext.h"
#include "mainwindow.h"
#include "network.h"
#include "requesttester.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() != 4) {
        std::fputs("usage: testerbench CREDENTIAL PATH CA_FILE\n", stderr);
        return 2;
    }
    aem::ui::AppContext context({});
    aem::AppSettings s = context.settings();
    s.extraCaFile = args[3];
    context.setSettings(s);
    aem::ui::MainWindow window(context);
    aem::ui::RequestTester* tester = window.openRequestTester();
    tester->setCredential(args[1]);
    tester->setRequest("GET", args[2]);

    QElapsedTimer clock;
    qint64 last = 0, worst = 0, lastByte = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    QObject::connect(tester, &aem::ui::RequestTester::finished, [&](int status) {
        lastByte = clock.elapsed();
        if (status != 200) {
            std::fprintf(stderr, "status %d: %s\n", status, qPrintable(tester->explanationText()));
            QApplication::exit(1);
        }
    });
    QObject::connect(tester, &aem::ui::RequestTester::responseReady, [&] {
        // One more turn of the loop so the text views have laid out and painted.
        QTimer::singleShot(50, [&] {
            const QJsonObject o {{QStringLiteral("worst_stall_ms"), double(worst)},
                                 {QStringLiteral("last_byte_ms"), double(lastByte)},
                                 {QStringLiteral("shown_ms"), double(clock.elapsed() - 50)},
                                 {QStringLiteral("bytes"), double(tester->lastPreview().size)}};
            std::puts(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
            QApplication::quit();
        });
    });
    // Let the window settle, then send and measure from there.
    QTimer::singleShot(300, [&] {
        clock.start();
        probe.start();
        tester->send();
    });
    return app.exec();
}
