// SPDX-License-Identifier: Apache-2.0
// Words a user reads (core/wording.*, core/credentialnaming.*): dates in the user's locale,
// days before and since in plain words, problem headlines with the field path kept as details,
// and the readable name an import suggests.

#include "clock.h"
#include "credentialnaming.h"
#include "credentialrecord.h"
#include "credentials.h"
#include "testsupport.h"
#include "wording.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <ctime>

using namespace aem;
using namespace aem::test;

class TestWording : public QObject
{
    Q_OBJECT

    static QDateTime utc(int y, int m, int d, int h = 12, int min = 0)
    {
        return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC);
    }

    static ParsedCredential parsed(const QByteArray& json, const QDateTime& now)
    {
        const ManualClock clock(now);
        const ParseResult r = parseCredentialJson(json, clock);
        return r.credential.value_or(ParsedCredential {});
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Dates are shown in local time: pin it so the expected days are these.
        qputenv("TZ", "UTC");
        tzset();
    }

    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void cleanup() { QLocale::setDefault(QLocale::c()); }

    void datesInTheUsersLocale()
    {
        const QDateTime t = utc(2026, 12, 21, 19, 4);
        QCOMPARE(userDate(t, QLocale(QLocale::English, QLocale::UnitedKingdom)), QStringLiteral("21 Dec 2026"));
        QCOMPARE(userDate(t, QLocale(QLocale::English, QLocale::UnitedStates)), QStringLiteral("Dec 21, 2026"));
        QCOMPARE(userDate(t, QLocale(QLocale::French, QLocale::France)), QStringLiteral("21 déc. 2026"));
        QCOMPARE(userDate(t, QLocale(QLocale::German, QLocale::Germany)), QStringLiteral("21. Dez. 2026"));
        QVERIFY(!userDate(t).contains(QLatin1String("2026-12-21"))); // never ISO
        QCOMPARE(userDateTime(t, QLocale(QLocale::English, QLocale::UnitedKingdom)),
                 QStringLiteral("21 Dec 2026 19:04"));
        QCOMPARE(userDate(QDateTime()), QStringLiteral("unknown date"));
    }

    void wholeDaysCountOnlyWhatHasPassed()
    {
        const QDateTime now = utc(2026, 12, 2, 8, 0);
        QCOMPARE(wholeDaysBetween(now, utc(2026, 12, 21, 19, 4)), 19);
        QCOMPARE(wholeDaysBetween(now, utc(2026, 12, 2, 20, 0)), 0);
        QCOMPARE(wholeDaysBetween(now, utc(2026, 12, 1, 20, 0)), 0);
        QCOMPARE(wholeDaysBetween(now, utc(2026, 10, 27, 7, 0)), -36);
    }

    void certificateHeadlinesFutureAndPast()
    {
        const QDateTime now = utc(2026, 12, 2, 8, 0);
        QCOMPARE(certificateExpiryHeadline(utc(2026, 12, 21, 19, 4), now),
                 QStringLiteral("The certificate expires in 19 days (21 Dec 2026)"));
        QCOMPARE(certificateExpiryHeadline(utc(2026, 12, 3, 9, 0), now),
                 QStringLiteral("The certificate expires in 1 day (3 Dec 2026)"));
        QCOMPARE(certificateExpiryHeadline(utc(2026, 12, 2, 20, 0), now),
                 QStringLiteral("The certificate expires today (2 Dec 2026)"));
        QCOMPARE(certificateExpiryHeadline(utc(2026, 10, 27, 7, 0), now),
                 QStringLiteral("The certificate expired 36 days ago (27 Oct 2026)"));
        QCOMPARE(certificateExpiryHeadline(utc(2026, 12, 2, 7, 0), now),
                 QStringLiteral("The certificate expired today (2 Dec 2026)"));
        for (const QString& s :
             {certificateExpiryHeadline(utc(2026, 10, 27, 7, 0), now), daysFromNowPhrase(utc(2026, 10, 27, 7, 0), now)})
            QVERIFY2(!s.contains(QLatin1Char('-')), qPrintable(s)); // never "(-36 days left)"
    }

    void shortPhrases()
    {
        const QDateTime now = utc(2026, 12, 2, 8, 0);
        QCOMPARE(daysFromNowPhrase(utc(2026, 12, 21), now), QStringLiteral("in 19 days"));
        QCOMPARE(daysFromNowPhrase(utc(2026, 10, 27, 7, 0), now), QStringLiteral("36 days ago"));
        QCOMPARE(daysFromNowPhrase(utc(2026, 12, 2, 9, 0), now), QStringLiteral("today"));
        QCOMPARE(expiredAgoPhrase(utc(2026, 12, 2, 5, 0), now), QStringLiteral("expired 3 h 0 min ago"));
        QCOMPARE(expiredAgoPhrase(utc(2026, 11, 28, 8, 0), now), QStringLiteral("expired 4 days ago"));
        QCOMPARE(expiredAgoPhrase(now.addSecs(-10), now), QStringLiteral("expired just now"));
    }

    void expiringCertificateProblemSpeaksPlainly()
    {
        // A real file whose certificate expires within 30 days: the headline in plain words,
        // the field path and the ISO date kept for support.
        ServiceJsonSpec spec;
        const QDateTime now = fixedNow().addDays(355 - 19).addSecs(-3600);
        const ManualClock clock(now);
        const ParseResult r = parseCredentialJson(serviceJson(spec), clock);
        QVERIFY(r.ok());
        const auto p = std::find_if(r.problems.cbegin(), r.problems.cend(),
                                    [](const Problem& x) { return x.code == QLatin1String("certificate_expiring"); });
        QVERIFY(p != r.problems.cend());
        const QString expected =
            QStringLiteral("The certificate expires in 19 days (%1)").arg(userDate(fixedNow().addDays(355)));
        QCOMPARE(problemHeadline(*p), expected);
        QVERIFY2(
            problemDetail(*p).startsWith(QLatin1String("integration.publicKey: certificate expires in 19 days, on ")),
            qPrintable(problemDetail(*p)));
        QVERIFY(!problemHeadline(*p).contains(QLatin1String("integration.")));
    }

    void expiredCertificateProblemSpeaksPlainly()
    {
        ServiceJsonSpec spec;
        spec.expired = true; // expired 35 days before fixedNow()
        const ManualClock clock(fixedNow().addSecs(3600));
        const ParseResult r = parseCredentialJson(serviceJson(spec), clock);
        const auto p = std::find_if(r.problems.cbegin(), r.problems.cend(),
                                    [](const Problem& x) { return x.code == QLatin1String("certificate_expired"); });
        QVERIFY(p != r.problems.cend());
        QVERIFY2(problemHeadline(*p).startsWith(
                     QStringLiteral("The certificate expired 35 days ago (%1)").arg(userDate(fixedNow().addDays(-35)))),
                 qPrintable(problemHeadline(*p)));
        QVERIFY(problemDetail(*p).startsWith(QLatin1String("integration.publicKey: certificate expired on ")));
    }

    void cutShortJsonSaysDownloadAgain_data()
    {
        QTest::addColumn<int>("keep");
        const QByteArray full = serviceJson();
        QTest::newRow("in a string") << int(full.indexOf("BEGIN") + 3);
        QTest::newRow("after a value") << int(full.indexOf("\"org\"") - 2);
        QTest::newRow("before the last brace") << int(full.trimmed().size() - 1);
    }
    void cutShortJsonSaysDownloadAgain()
    {
        QFETCH(int, keep);
        const QByteArray cut = serviceJson().left(keep);
        const ManualClock clock(fixedNow());
        const ParseResult r = parseCredentialJson(cut, clock);
        QVERIFY(!r.ok());
        QCOMPARE(r.problems.size(), 1);
        const Problem& p = r.problems.first();
        QCOMPARE(p.code, QStringLiteral("invalid_json")); // scripts see the same code
        QCOMPARE(problemHeadline(p), QStringLiteral("The file looks cut short — download it again"));
        // The parser's words stay available for support.
        QVERIFY2(problemDetail(p).contains(QLatin1String("offset")), qPrintable(problemDetail(p)));
        QVERIFY(!problemHeadline(p).contains(QLatin1String("offset")));
    }

    void otherBrokenJsonIsNotCalledCutShort()
    {
        const ManualClock clock(fixedNow());
        const ParseResult r = parseCredentialJson("{\"a\": nope, \"b\": 1}", clock);
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(problemHeadline(r.problems.first()),
                 QStringLiteral("The file is not JSON as the Developer Console writes it — download it again"));
    }

    void everyCodeHasAPlainHeadline()
    {
        for (const char* code : {"file_too_large",
                                 "file_empty",
                                 "json_too_deep",
                                 "invalid_json",
                                 "not_an_object",
                                 "unknown_format",
                                 "console_error",
                                 "missing_field",
                                 "empty_field",
                                 "wrong_type",
                                 "invalid_date",
                                 "invalid_ims_endpoint",
                                 "missing_aem_user",
                                 "invalid_private_key",
                                 "key_not_rsa",
                                 "weak_key",
                                 "invalid_certificate",
                                 "key_mismatch",
                                 "certificate_subject_mismatch",
                                 "certificate_expired",
                                 "certificate_not_yet_valid",
                                 "certificate_expiring",
                                 "certificate_date_mismatch",
                                 "token_malformed",
                                 "token_no_expiry",
                                 "token_expired",
                                 "token_lifetime_suspicious"}) {
            const QString h = defaultHeadline(QString::fromLatin1(code));
            QVERIFY2(!h.isEmpty() && h.at(0).isUpper() && !h.contains(QLatin1Char('.')), code);
        }
        QVERIFY(defaultHeadline(QStringLiteral("no_such_code")).isEmpty());
        // Missing field: the headline is plain, the field is in the details.
        const ManualClock clock(fixedNow());
        QJsonObject integration = serviceIntegration();
        integration.remove(QStringLiteral("privateKey"));
        const ParseResult r = parseCredentialJson(
            QJsonDocument(QJsonObject {{QStringLiteral("integration"), integration}}).toJson(), clock);
        QVERIFY(!r.ok());
        QCOMPARE(problemHeadline(r.problems.first()), QStringLiteral("The file is incomplete — download it again"));
        QCOMPARE(problemDetail(r.problems.first()), QStringLiteral("integration.privateKey: is missing"));
    }

    void expiredLocalTokenSaysHowLongAgo()
    {
        const QByteArray token = imsShapedToken(fixedNow().addDays(-3), 24 * 3600 * 1000);
        const ManualClock clock(fixedNow());
        const ParseResult r = parseCredentialJson("{\"accessToken\":\"" + token + "\"}", clock);
        const auto p = std::find_if(r.problems.cbegin(), r.problems.cend(),
                                    [](const Problem& x) { return x.code == QLatin1String("token_expired"); });
        QVERIFY(p != r.problems.cend());
        QVERIFY2(problemHeadline(*p).startsWith(QLatin1String("The token expired 2 days ago (")),
                 qPrintable(problemHeadline(*p)));
        QVERIFY(problemDetail(*p).startsWith(QLatin1String("accessToken: expired at ")));
    }

    void suggestedNamesAreReadable()
    {
        ServiceJsonSpec spec;
        spec.clientId = QStringLiteral("cm-p1234-e5678-integration-1a2b3c");
        const ParsedCredential service = parsed(serviceJson(spec), fixedNow());
        QCOMPARE(readableCredentialName(service), QStringLiteral("p1234-e5678"));
        QCOMPARE(suggestedCredentialName(service, {}), QStringLiteral("p1234-e5678"));
        QCOMPARE(suggestedCredentialName(service, {QStringLiteral("p1234-e5678")}), QStringLiteral("p1234-e5678-2"));
        QCOMPARE(suggestedCredentialName(service, {QStringLiteral("p1234-e5678"), QStringLiteral("p1234-e5678-2")}),
                 QStringLiteral("p1234-e5678-3"));

        // No program in the client id: the technical account's organisation.
        spec.clientId = QStringLiteral("0123456789abcdef0123456789abcdef");
        QCOMPARE(readableCredentialName(parsed(serviceJson(spec), fixedNow())), QStringLiteral("service-1234abcd"));

        ParsedCredential oauth;
        oauth.kind = CredentialKind::OAuth;
        oauth.oauth.clientId = QStringLiteral("0123456789abcdef0123456789abcdef");
        oauth.oauth.orgId = QStringLiteral("9F8E7D6C5B4A@AdobeOrg");
        QCOMPARE(readableCredentialName(oauth), QStringLiteral("oauth-9f8e7d6c"));
        oauth.oauth.orgId.clear();
        QCOMPARE(readableCredentialName(oauth), QStringLiteral("oauth"));

        // A local development token: its user.
        const QByteArray token = imsShapedToken(fixedNow().addSecs(-60), 24 * 3600 * 1000);
        const ParsedCredential local = parsed("{\"accessToken\":\"" + token + "\"}", fixedNow());
        QCOMPARE(local.kind, CredentialKind::LocalDev);
        QCOMPARE(readableCredentialName(local), QStringLiteral("local-dev-testuser"));
        // Every suggestion is a name every rule accepts.
        for (const QString& n : {readableCredentialName(service), readableCredentialName(local)})
            QVERIFY2(isValidCredentialName(n), qPrintable(n));
    }

    void oddCharactersBecomeDashes()
    {
        ParsedCredential local;
        local.kind = CredentialKind::LocalDev;
        local.localDev.claims.insert(QStringLiteral("user_id"), QStringLiteral("  Jane Doe (ops)!@AdobeID"));
        QCOMPARE(readableCredentialName(local), QStringLiteral("local-dev-jane-doe-ops"));
        local.localDev.claims.insert(QStringLiteral("user_id"), QStringLiteral("@@@"));
        QCOMPARE(readableCredentialName(local), QStringLiteral("local-dev"));
    }
};

QTEST_GUILESS_MAIN(TestWording)
#include "tst_wording.moc"
