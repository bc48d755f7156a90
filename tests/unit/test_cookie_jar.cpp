#include "engine/clock.h"
#include "http/cookie_jar.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::http;
using namespace std::chrono_literals;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

ParsedUrl url(std::string_view text) {
    return parseUrl(text).value();
}

std::int64_t epochSeconds(Clock::WallPoint point) {
    return std::chrono::duration_cast<std::chrono::seconds>(point.time_since_epoch()).count();
}

} // namespace

class TestCookieJar : public QObject {
    Q_OBJECT

private slots:
    void parsesDates_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("rfc1123") << "Sun, 06 Nov 1994 08:49:37 GMT" << qint64(784111777);
        QTest::newRow("rfc850") << "Sunday, 06-Nov-94 08:49:37 GMT" << qint64(784111777);
        QTest::newRow("asctime") << "Sun Nov  6 08:49:37 1994" << qint64(784111777);
        QTest::newRow("two-digit 2000s") << "Wed, 09 Jun 21 10:18:14 GMT" << qint64(1623233894);
        QTest::newRow("single digits") << "1 jan 2030 1:2:3" << qint64(1893459723);
        QTest::newRow("far future clamps")
            << "Fri, 31 Dec 9999 23:59:59 GMT" << qint64(9'000'000'000);
    }
    void parsesDates() {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto when = parseCookieDate(text.toStdString());
        QVERIFY(when.has_value());
        QCOMPARE(qint64(epochSeconds(*when)), seconds);
    }

    void rejectsBadDates() {
        QVERIFY(!parseCookieDate("").has_value());
        QVERIFY(!parseCookieDate("Sun, 06 Nov 1994 GMT").has_value());          // no time
        QVERIFY(!parseCookieDate("Sun, 31 Feb 2024 08:49:37 GMT").has_value()); // no such day
        QVERIFY(!parseCookieDate("Sun, 06 Nov 1994 24:00:00 GMT").has_value());
        QVERIFY(!parseCookieDate("Sun, 06 Foo 1994 08:49:37 GMT").has_value());
        QVERIFY(!parseCookieDate("Sun, 06 Nov 1599 08:49:37 GMT").has_value());
    }

    void storesAndSendsHostOnly() {
        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("http://api.example.com/login"),
                            "sid=abc123; HttpOnly; SameSite=Lax", clock.wallNow());
        const auto cookies = jar.all();
        QCOMPARE(cookies.size(), std::size_t(1));
        QCOMPARE(q(cookies[0].domain), QStringLiteral("api.example.com"));
        QCOMPARE(q(cookies[0].path), QStringLiteral("/"));
        QVERIFY(cookies[0].hostOnly);
        QVERIFY(cookies[0].httpOnly);
        QCOMPARE(q(cookies[0].sameSite), QStringLiteral("Lax"));
        QVERIFY(!cookies[0].expires.has_value());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://api.example.com/x"), clock.wallNow())),
                 QStringLiteral("sid=abc123"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://sub.api.example.com/x"), clock.wallNow())),
                 QString());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://example.com/x"), clock.wallNow())), QString());
    }

    void domainCookiesMatchSubdomains() {
        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("https://www.example.com/"), "a=1; Domain=.Example.com",
                            clock.wallNow());
        QCOMPARE(jar.all().size(), std::size_t(1));
        QCOMPARE(q(jar.all()[0].domain), QStringLiteral("example.com"));
        QVERIFY(!jar.all()[0].hostOnly);
        QCOMPARE(q(jar.cookieHeaderFor(url("http://example.com/"), clock.wallNow())),
                 QStringLiteral("a=1"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://deep.api.example.com/"), clock.wallNow())),
                 QStringLiteral("a=1"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://badexample.com/"), clock.wallNow())), QString());
    }

    void rejectsForeignAndPublicDomains() {
        ManualClock clock;
        CookieJar jar;
        const auto from = url("http://www.example.com/");
        jar.storeFromHeader(from, "a=1; Domain=other.com", clock.wallNow());
        jar.storeFromHeader(from, "b=1; Domain=com", clock.wallNow());
        jar.storeFromHeader(from, "c=1; Domain=.com", clock.wallNow());
        jar.storeFromHeader(from, "d=1; Domain=sub.www.example.com", clock.wallNow());
        jar.storeFromHeader(url("http://10.0.0.5/"), "e=1; Domain=0.0.5", clock.wallNow());
        jar.storeFromHeader(from, "noequals", clock.wallNow());
        jar.storeFromHeader(from, "=novalue", clock.wallNow());
        QVERIFY(jar.all().empty());
    }

    void localhostAndIpDomains() {
        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("http://localhost:8080/"), "a=1; Domain=localhost",
                            clock.wallNow());
        jar.storeFromHeader(url("http://127.0.0.1/"), "b=2; Domain=127.0.0.1", clock.wallNow());
        QCOMPARE(jar.all().size(), std::size_t(2));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://localhost:9000/"), clock.wallNow())),
                 QStringLiteral("a=1"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://127.0.0.1/"), clock.wallNow())),
                 QStringLiteral("b=2"));
    }

    void secureOnlyOverTls() {
        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("https://example.com/"), "s=1; Secure", clock.wallNow());
        jar.storeFromHeader(url("https://example.com/"), "p=2", clock.wallNow());
        jar.storeFromHeader(url("http://example.com/"), "t=3; Secure", clock.wallNow()); // refused
        QCOMPARE(jar.all().size(), std::size_t(2));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://example.com/"), clock.wallNow())),
                 QStringLiteral("p=2"));
        QCOMPARE(q(jar.cookieHeaderFor(url("https://example.com/"), clock.wallNow())),
                 QStringLiteral("s=1; p=2"));
        QCOMPARE(q(jar.cookieHeaderFor(url("wss://example.com/"), clock.wallNow())),
                 QStringLiteral("s=1; p=2"));
    }

    void pathMatching() {
        QVERIFY(pathMatches("/docs", "/docs"));
        QVERIFY(pathMatches("/docs/web", "/docs"));
        QVERIFY(pathMatches("/docs/", "/docs/"));
        QVERIFY(!pathMatches("/docsets", "/docs"));
        QVERIFY(!pathMatches("/", "/docs"));
        QCOMPARE(q(defaultCookiePath("/a/b/c")), QStringLiteral("/a/b"));
        QCOMPARE(q(defaultCookiePath("/a")), QStringLiteral("/"));
        QCOMPARE(q(defaultCookiePath("")), QStringLiteral("/"));

        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("http://h.test/app/login?next=/x/y"), "d=1", clock.wallNow());
        jar.storeFromHeader(url("http://h.test/"), "p=2; Path=/app/admin", clock.wallNow());
        jar.storeFromHeader(url("http://h.test/a/b"), "bad=3; Path=relative", clock.wallNow());
        QCOMPARE(q(jar.all()[0].path), QStringLiteral("/app"));
        QCOMPARE(q(jar.all()[2].path), QStringLiteral("/a"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/app/admin/users"), clock.wallNow())),
                 QStringLiteral("p=2; d=1"));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/application"), clock.wallNow())),
                 QString());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/app?x=1"), clock.wallNow())),
                 QStringLiteral("d=1"));
    }

    void ordersByPathThenCreation() {
        ManualClock clock;
        CookieJar jar;
        const auto site = url("http://h.test/");
        jar.storeFromHeader(site, "late=1; Path=/", clock.wallNow());
        clock.advance(1s);
        jar.storeFromHeader(site, "deep=2; Path=/a/b", clock.wallNow());
        clock.advance(1s);
        jar.storeFromHeader(site, "mid=3; Path=/a", clock.wallNow());
        clock.advance(1s);
        jar.storeFromHeader(site, "later=4; Path=/", clock.wallNow());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/a/b/c"), clock.wallNow())),
                 QStringLiteral("deep=2; mid=3; late=1; later=4"));
        // Replacing keeps the original creation time, so the order does not change.
        clock.advance(1s);
        jar.storeFromHeader(site, "late=5; Path=/", clock.wallNow());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/a/b/c"), clock.wallNow())),
                 QStringLiteral("deep=2; mid=3; late=5; later=4"));
        QCOMPARE(jar.all().size(), std::size_t(4));
    }

    void expiresOnVirtualTime() {
        ManualClock clock; // 2023-11-14T22:13:20Z
        CookieJar jar;
        const auto site = url("http://h.test/");
        jar.storeFromHeader(site, "short=1; Max-Age=60", clock.wallNow());
        jar.storeFromHeader(site, "dated=2; Expires=Wed, 15 Nov 2023 00:00:00 GMT",
                            clock.wallNow());
        jar.storeFromHeader(site, "both=3; Max-Age=10; Expires=Wed, 15 Nov 2023 00:00:00 GMT",
                            clock.wallNow());
        jar.storeFromHeader(site, "past=4; Expires=Sun, 06 Nov 1994 08:49:37 GMT", clock.wallNow());
        jar.storeFromHeader(site, "badage=5; Max-Age=soon", clock.wallNow());
        QCOMPARE(q(jar.cookieHeaderFor(site, clock.wallNow())),
                 QStringLiteral("short=1; dated=2; both=3; badage=5"));
        clock.advance(10s);
        QCOMPARE(q(jar.cookieHeaderFor(site, clock.wallNow())),
                 QStringLiteral("short=1; dated=2; badage=5"));
        clock.advance(50s);
        QCOMPARE(q(jar.cookieHeaderFor(site, clock.wallNow())),
                 QStringLiteral("dated=2; badage=5"));
        clock.advance(std::chrono::seconds(6400)); // 2023-11-15T00:00:00Z
        QCOMPARE(q(jar.cookieHeaderFor(site, clock.wallNow())), QStringLiteral("badage=5"));
    }

    void maxAgeZeroDeletes() {
        ManualClock clock;
        CookieJar jar;
        const auto site = url("http://h.test/");
        jar.storeFromHeader(site, "a=1", clock.wallNow());
        jar.storeFromHeader(site, "b=2", clock.wallNow());
        jar.storeFromHeader(site, "a=gone; Max-Age=0", clock.wallNow());
        jar.storeFromHeader(site, "b=gone; Max-Age=-1; Expires=Wed, 01 Jan 2100 00:00:00 GMT",
                            clock.wallNow());
        QVERIFY(jar.all().empty());
    }

    void editsAsAStore() {
        ManualClock clock;
        CookieJar jar;
        Cookie cookie;
        cookie.name = "k";
        cookie.value = "v";
        cookie.domain = "h.test";
        cookie.path = "/";
        cookie.created = clock.wallNow();
        jar.insert(cookie);
        cookie.value = "w";
        jar.insert(cookie);
        QCOMPARE(jar.all().size(), std::size_t(1));
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/"), clock.wallNow())),
                 QStringLiteral("k=w"));
        jar.remove("h.test", "/other", "k");
        QCOMPARE(jar.all().size(), std::size_t(1));
        jar.remove("h.test", "/", "k");
        QVERIFY(jar.all().empty());
        jar.insert(cookie);
        jar.clear();
        QVERIFY(jar.all().empty());
    }

    void valuesKeepQuotesAndEquals() {
        ManualClock clock;
        CookieJar jar;
        jar.storeFromHeader(url("http://h.test/"), " tok = \"a=b==\" ; path=/", clock.wallNow());
        QCOMPARE(q(jar.cookieHeaderFor(url("http://h.test/"), clock.wallNow())),
                 QStringLiteral("tok=\"a=b==\""));
    }
};

QTEST_GUILESS_MAIN(TestCookieJar)
#include "test_cookie_jar.moc"
