// SPDX-License-Identifier: Apache-2.0
// Time left on tokens and certificates as users read it (core/countdown.*).

#include "countdown.h"

#include <QTest>

using namespace aem;

Q_DECLARE_METATYPE(aem::ExpiryState)

class TestCountdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countdown_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing left") << qint64(0) << QStringLiteral("00:00:00");
        QTest::newRow("past is zero, never negative") << qint64(-5000) << QStringLiteral("00:00:00");
        QTest::newRow("partial second rounds down") << qint64(1999) << QStringLiteral("00:00:01");
        QTest::newRow("minutes and seconds") << qint64((12 * 60 + 5) * 1000) << QStringLiteral("00:12:05");
        QTest::newRow("a day of hours") << qint64(24 * 3600 * 1000) << QStringLiteral("24:00:00");
        QTest::newRow("more than a day keeps counting hours")
            << qint64((30 * 3600 + 61) * 1000LL) << QStringLiteral("30:01:01");
    }
    void countdown()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatCountdown(ms), text);
    }

    void duration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("expired at zero") << qint64(0) << QStringLiteral("expired");
        QTest::newRow("expired below zero") << qint64(-1) << QStringLiteral("expired");
        QTest::newRow("seconds under a minute") << qint64(42 * 1000) << QStringLiteral("42 s");
        QTest::newRow("minutes under an hour") << qint64(47 * 60 * 1000) << QStringLiteral("47 min");
        QTest::newRow("hours and minutes") << qint64((3 * 60 + 12) * 60 * 1000) << QStringLiteral("3 h 12 min");
        QTest::newRow("just under two days in hours")
            << qint64((48 * 60 - 1) * 60 * 1000LL) << QStringLiteral("47 h 59 min");
        QTest::newRow("two days and more in days") << qint64(50 * 3600 * 1000LL) << QStringLiteral("2 days");
    }
    void duration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(ms), text);
    }

    void days_data()
    {
        QTest::addColumn<qint64>("days");
        QTest::addColumn<QString>("text");
        QTest::newRow("one") << qint64(1) << QStringLiteral("1 day");
        QTest::newRow("minus one") << qint64(-1) << QStringLiteral("-1 day");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0 days");
        QTest::newRow("twelve") << qint64(12) << QStringLiteral("12 days");
    }
    void days()
    {
        QFETCH(qint64, days);
        QFETCH(QString, text);
        QCOMPARE(formatDays(days), text);
    }

    void nextTick_data()
    {
        QTest::addColumn<qint64>("remaining");
        QTest::addColumn<int>("wait");
        QTest::newRow("on a second boundary: a whole second") << qint64(5000) << 1000;
        QTest::newRow("mid-second: to the boundary") << qint64(5250) << 250;
        QTest::newRow("just after a boundary") << qint64(4001) << 1;
        QTest::newRow("expired: once a second") << qint64(0) << 1000;
        QTest::newRow("long expired: once a second") << qint64(-12345) << 1000;
    }
    void nextTick()
    {
        QFETCH(qint64, remaining);
        QFETCH(int, wait);
        QCOMPARE(msUntilNextTick(remaining), wait);
        // Waiting that long lands on a second boundary of the expiry, whatever was left.
        if (remaining > 0) {
            QCOMPARE((remaining - wait) % 1000, 0);
            QVERIFY(formatCountdown(remaining - wait - 1) != formatCountdown(remaining));
        }
    }

    void state_data()
    {
        const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
        QTest::addColumn<QDateTime>("expiresAt");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<aem::ExpiryState>("state");
        QTest::newRow("no expiry known") << QDateTime() << now << ExpiryState::None;
        QTest::newRow("at the instant of expiry") << now << now << ExpiryState::Expired;
        QTest::newRow("past") << now.addSecs(-1) << now << ExpiryState::Expired;
        QTest::newRow("within the margin") << now.addSecs(10 * 60) << now << ExpiryState::Expiring;
        QTest::newRow("one millisecond outside the margin")
            << now.addMSecs(10 * 60 * 1000 + 1) << now << ExpiryState::Valid;
        QTest::newRow("far off") << now.addDays(1) << now << ExpiryState::Valid;
    }
    void state()
    {
        QFETCH(QDateTime, expiresAt);
        QFETCH(QDateTime, now);
        QFETCH(aem::ExpiryState, state);
        QCOMPARE(expiryState(expiresAt, now, 10 * 60 * 1000), state);
    }
};

QTEST_MAIN(TestCountdown)
#include "tst_countdown.moc"
