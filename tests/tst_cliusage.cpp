// SPDX-License-Identifier: Apache-2.0
// The command line's manners, from the real `aemtoken` binary, with no keychain and no network:
// help on stdout with exit 0, usage errors as one line and a pointer to --help with exit 2, the
// nearest command or option suggested, the settings accepted after the command too, LC_ALL=C
// winning over LANGUAGE, a bad request method refused before anything is read or sent, and the
// names for the shell completions read without the keychain.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

struct Run
{
    int exit = -1;
    QByteArray out;
    QByteArray err;
};

class TestCliUsage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("LANGUAGE"));
        e.remove(QStringLiteral("AEMTOKEN_CA_FILE"));
        // No Secret Service to talk to: nothing here may need one.
        e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        const QString h = m_home.path();
        e.insert(QStringLiteral("HOME"), h);
        e.insert(QStringLiteral("XDG_DATA_HOME"), h + QStringLiteral("/data"));
        e.insert(QStringLiteral("XDG_CACHE_HOME"), h + QStringLiteral("/cache"));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), h + QStringLiteral("/config"));
        e.insert(QStringLiteral("XDG_RUNTIME_DIR"), h + QStringLiteral("/run"));
        return e;
    }

    static Run run(const QStringList& args, const QProcessEnvironment& e)
    {
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(AEMTOKEN_BIN), args);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
    Run run(const QStringList& args) const { return run(args, env()); }

private Q_SLOTS:
    void init() { QVERIFY(m_home.isValid()); }

    void helpGoesToStdout_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("start");
        const QByteArray all = "Usage: aemtoken [--ca-file PEM]";
        const QByteArray token = "Usage: aemtoken token NAME [--fresh] [--json] [--header] [--from FILE|-]\n";
        QTest::newRow("--help") << QStringList {QStringLiteral("--help")} << all;
        QTest::newRow("-h") << QStringList {QStringLiteral("-h")} << all;
        QTest::newRow("help") << QStringList {QStringLiteral("help")} << all;
        QTest::newRow("help token") << QStringList {QStringLiteral("help"), QStringLiteral("token")} << token;
        QTest::newRow("token --help") << QStringList {QStringLiteral("token"), QStringLiteral("--help")} << token;
        QTest::newRow("token -h") << QStringList {QStringLiteral("token"), QStringLiteral("-h")} << token;
        QTest::newRow("after a setting") << QStringList {QStringLiteral("--timeout"), QStringLiteral("5"),
                                                         QStringLiteral("token"), QStringLiteral("--help")}
                                         << token;
    }

    void helpGoesToStdout()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, start);
        const Run r = run(args);
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.startsWith(start), r.out.constData());
        QCOMPARE(r.err, QByteArray());
    }

    void globalHelpListsEveryCommand()
    {
        const Run help = run({QStringLiteral("--help")});
        const Run names = run({QStringLiteral("__commands")});
        QCOMPARE(names.exit, 0);
        const QList<QByteArray> commands = names.out.trimmed().split('\n');
        QCOMPARE(commands.size(), 16);
        for (const QByteArray& c : commands)
            QVERIFY2(help.out.contains(QByteArray("\n  " + c + ' '))
                         || help.out.contains(QByteArray("\n  " + c + '\n')),
                     c.constData());
        QVERIFY(!help.out.contains("__commands"));
        QVERIFY(help.out.contains("before or after the command"));
    }

    void usageErrorIsOneLineAndAPointer_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("pointer");
        const QByteArray global = "Try 'aemtoken --help'.";
        QTest::newRow("no command") << QStringList {} << QByteArray("aemtoken: which command?") << global;
        QTest::newRow("typo in a command")
            << QStringList {QStringLiteral("tokne")}
            << QByteArray("aemtoken: unknown command \"tokne\"; did you mean \"token\"?") << global;
        QTest::newRow("a prefix") << QStringList {QStringLiteral("req")}
                                  << QByteArray("aemtoken: unknown command \"req\"; did you mean \"request\"?")
                                  << global;
        QTest::newRow("nothing near") << QStringList {QStringLiteral("frobnicate")}
                                      << QByteArray("aemtoken: unknown command \"frobnicate\"") << global;
        QTest::newRow("help of nothing") << QStringList {QStringLiteral("help"), QStringLiteral("lsit")}
                                         << QByteArray("aemtoken: unknown command \"lsit\"; did you mean \"list\"?")
                                         << global;
        QTest::newRow("argument count") << QStringList {QStringLiteral("token"), QStringLiteral("a"),
                                                        QStringLiteral("b")}
                                        << QByteArray("aemtoken: token takes one NAME")
                                        << QByteArray("Try 'aemtoken token --help'.");
        QTest::newRow("typo in an option")
            << QStringList {QStringLiteral("token"), QStringLiteral("demo"), QStringLiteral("--frsh")}
            << QByteArray("aemtoken: unknown option --frsh; did you mean --fresh?")
            << QByteArray("Try 'aemtoken token --help'.");
        QTest::newRow("typo in a setting")
            << QStringList {QStringLiteral("--timout"), QStringLiteral("3"), QStringLiteral("list")}
            << QByteArray("aemtoken: unknown option --timout; did you mean --timeout?") << global;
        QTest::newRow("a flag with a value")
            << QStringList {QStringLiteral("list"), QStringLiteral("--json=yes")}
            << QByteArray("aemtoken: --json takes no value") << QByteArray("Try 'aemtoken list --help'.");
        QTest::newRow("a command's option before it")
            << QStringList {QStringLiteral("--fresh"), QStringLiteral("token"), QStringLiteral("demo")}
            << QByteArray("aemtoken: --fresh is an option of a command and goes after it (aemtoken token --fresh)")
            << global;
        QTest::newRow("a bad setting after the command")
            << QStringList {QStringLiteral("list"), QStringLiteral("--timeout"), QStringLiteral("0")}
            << QByteArray("aemtoken: --timeout takes seconds, from 0.001 to 86400")
            << QByteArray("Try 'aemtoken list --help'.");
    }

    void usageErrorIsOneLineAndAPointer()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, pointer);
        const Run r = run(args);
        QCOMPARE(r.exit, 2);
        QCOMPARE(r.out, QByteArray());
        const QList<QByteArray> lines = r.err.split('\n');
        QCOMPARE(lines.size(), 3); // two lines, each ended
        QVERIFY2(lines[0].startsWith(message), r.err.constData());
        QCOMPARE(lines[1], pointer);
    }

    // --ca-file, --timeout, --max-time and --verbose work after the command as before it.
    void settingsGoBeforeOrAfterTheCommand()
    {
        for (const QStringList& args :
             {QStringList {QStringLiteral("--timeout"), QStringLiteral("5"), QStringLiteral("list")},
              QStringList {QStringLiteral("list"), QStringLiteral("--timeout"), QStringLiteral("5")},
              QStringList {QStringLiteral("list"), QStringLiteral("--max-time=5"), QStringLiteral("--verbose")},
              QStringList {QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--verbose")}}) {
            const Run r = run(args);
            QVERIFY2(r.exit == 0,
                     qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char(' ') + QString::fromUtf8(r.err)));
        }
        // A CA file that is not there is refused wherever it is given.
        for (const QStringList& args :
             {QStringList {QStringLiteral("--ca-file"), QStringLiteral("/nonexistent/ca.pem"), QStringLiteral("list")},
              QStringList {QStringLiteral("list"), QStringLiteral("--ca-file"),
                           QStringLiteral("/nonexistent/ca.pem")}}) {
            const Run r = run(args);
            QCOMPARE(r.exit, 1);
            QCOMPARE(r.err, QByteArray("aemtoken: cannot read the CA file /nonexistent/ca.pem\n"));
        }
        // After "--" it is an argument, not a setting.
        const Run r = run({QStringLiteral("token"), QStringLiteral("--"), QStringLiteral("--timeout")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("no credential named \"--timeout\""), r.err.constData());
    }

    // As in gettext, LANGUAGE is ignored when the locale is C or POSIX.
    void languageIsIgnoredInTheCLocale()
    {
        QProcessEnvironment fr = env();
        fr.remove(QStringLiteral("LC_ALL"));
        fr.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        fr.insert(QStringLiteral("LANGUAGE"), QStringLiteral("fr"));
        const Run french = run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")}, fr);
        QCOMPARE(french.exit, 2);
        QVERIFY2(french.err.startsWith("aemtoken: token attend un NOM\n"), french.err.constData());
        for (const QString& c : {QStringLiteral("C"), QStringLiteral("POSIX"), QStringLiteral("C.UTF-8")}) {
            QProcessEnvironment e = fr;
            e.insert(QStringLiteral("LC_ALL"), c);
            const Run english = run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")}, e);
            QCOMPARE(english.exit, 2);
            QVERIFY2(english.err.startsWith("aemtoken: token takes one NAME\nTry 'aemtoken token --help'.\n"),
                     qPrintable(c + QLatin1Char(' ') + QString::fromUtf8(english.err)));
        }
        // LANGUAGE still chooses among languages when the locale is not C.
        QProcessEnvironment en = fr;
        en.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
        QVERIFY(run({QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")}, en)
                    .err.startsWith("aemtoken: token attend un NOM\n"));
    }

    // Not an HTTP token (RFC 9110): refused with exit 2 before the store is read or anything sent.
    void badMethodIsRefusedBeforeSending_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << QStringLiteral("GET X");
        QTest::newRow("CR LF") << QStringLiteral("GET\r\nX-Injected: 1");
        QTest::newRow("separator") << QStringLiteral("GE(T)");
        QTest::newRow("non-ASCII") << QStringLiteral("GÉT");
        QTest::newRow("too long") << QString(65, QLatin1Char('A'));
    }

    void badMethodIsRefusedBeforeSending()
    {
        QFETCH(QString, method);
        const Run r = run(
            {QStringLiteral("request"), QStringLiteral("nobody"), QStringLiteral("/x"), QStringLiteral("-X"), method});
        QCOMPARE(r.exit, 2);
        QCOMPARE(r.err,
                 QByteArray("aemtoken: -X takes an HTTP method such as GET, POST or DELETE\n"
                            "Try 'aemtoken request --help'.\n"));
        // A good method goes on to the store (which has no such credential).
        const Run good = run({QStringLiteral("request"), QStringLiteral("nobody"), QStringLiteral("/x"),
                              QStringLiteral("-X"), QStringLiteral("PROPFIND")});
        QCOMPARE(good.exit, 1);
        QVERIFY2(good.err.contains("no credential named \"nobody\""), good.err.constData());
    }

    // The completions' source of names: the metadata file only, with no keychain to reach.
    void completeNamesNeedsNoKeychain()
    {
        const Run empty = run({QStringLiteral("__complete-names")});
        QCOMPARE(empty.exit, 0);
        QCOMPARE(empty.out, QByteArray());
        QCOMPARE(empty.err, QByteArray());
        const Run help = run({QStringLiteral("--help")});
        QVERIFY(!help.out.contains("__complete-names"));
    }
};

QTEST_GUILESS_MAIN(TestCliUsage)
#include "tst_cliusage.moc"
