#include "http/url.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::http;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestUrl : public QObject {
    Q_OBJECT

private slots:
    void parsesComponents_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("hostHeader");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("tls");

        QTest::newRow("plain") << "http://example.com/a/b?x=1#frag"
                               << "http"
                               << "example.com" << 80 << "/a/b?x=1"
                               << "example.com"
                               << "http://example.com/a/b?x=1#frag" << false;
        QTest::newRow("no scheme as curl") << "localhost:8080/api"
                                           << "http"
                                           << "localhost" << 8080 << "/api"
                                           << "localhost:8080"
                                           << "http://localhost:8080/api" << false;
        QTest::newRow("empty path") << "https://Example.COM"
                                    << "https"
                                    << "example.com" << 443 << "/"
                                    << "example.com"
                                    << "https://example.com/" << true;
        QTest::newRow("default port dropped") << "HTTPS://example.com:443/x"
                                              << "https"
                                              << "example.com" << 443 << "/x"
                                              << "example.com"
                                              << "https://example.com/x" << true;
        QTest::newRow("other port kept") << "http://example.com:443/"
                                         << "http"
                                         << "example.com" << 443 << "/"
                                         << "example.com:443"
                                         << "http://example.com:443/" << false;
        QTest::newRow("ipv6") << "http://[::1]:8080/p"
                              << "http"
                              << "::1" << 8080 << "/p"
                              << "[::1]:8080"
                              << "http://[::1]:8080/p" << false;
        QTest::newRow("ipv6 default port") << "wss://[2001:db8::7]/chat"
                                           << "wss"
                                           << "2001:db8::7" << 443 << "/chat"
                                           << "[2001:db8::7]"
                                           << "wss://[2001:db8::7]/chat" << true;
        QTest::newRow("ws") << "ws://127.0.0.1/socket"
                            << "ws"
                            << "127.0.0.1" << 80 << "/socket"
                            << "127.0.0.1"
                            << "ws://127.0.0.1/socket" << false;
        QTest::newRow("empty query kept") << "http://h/p?"
                                          << "http"
                                          << "h" << 80 << "/p?"
                                          << "h"
                                          << "http://h/p?" << false;
        QTest::newRow("query without path") << "http://h?a=1"
                                            << "http"
                                            << "h" << 80 << "/?a=1"
                                            << "h"
                                            << "http://h/?a=1" << false;
        QTest::newRow("encoded kept") << "http://h/a%2Fb?q=%26"
                                      << "http"
                                      << "h" << 80 << "/a%2Fb?q=%26"
                                      << "h"
                                      << "http://h/a%2Fb?q=%26" << false;
        QTest::newRow("spaces escaped") << "  http://h/a b?q=x y  "
                                        << "http"
                                        << "h" << 80 << "/a%20b?q=x%20y"
                                        << "h"
                                        << "http://h/a%20b?q=x%20y" << false;
        QTest::newRow("non-ascii and stray percent") << "http://h/caf\xc3\xa9?p=100%"
                                                     << "http"
                                                     << "h" << 80 << "/caf%C3%A9?p=100%25"
                                                     << "h"
                                                     << "http://h/caf%C3%A9?p=100%25" << false;
        QTest::newRow("empty port") << "http://h:/"
                                    << "http"
                                    << "h" << 80 << "/"
                                    << "h"
                                    << "http://h/" << false;
    }
    void parsesComponents() {
        QFETCH(QString, input);
        const std::string in = input.toStdString();
        auto url = parseUrl(in);
        QVERIFY2(url.ok(), url.ok() ? "" : url.error().message.c_str());
        QFETCH(QString, scheme);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, target);
        QFETCH(QString, hostHeader);
        QFETCH(QString, text);
        QFETCH(bool, tls);
        QCOMPARE(q(url->scheme), scheme);
        QCOMPARE(q(url->host), host);
        QCOMPARE(int(url->port), port);
        QCOMPARE(q(url->target), target);
        QCOMPARE(q(url->hostHeader()), hostHeader);
        QCOMPARE(q(url->text), text);
        QCOMPARE(url->tls(), tls);
    }

    void parsesUserinfo() {
        auto url = parseUrl("https://al%20ice:p%40ss:w@api.example.com/x");
        QVERIFY(url.ok());
        QCOMPARE(q(url->user), QStringLiteral("al ice"));
        QCOMPARE(q(url->password), QStringLiteral("p@ss:w"));
        QCOMPARE(q(url->target), QStringLiteral("/x"));
        QCOMPARE(q(url->hostHeader()), QStringLiteral("api.example.com"));
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ftp") << "ftp://example.com/f"
                             << "unsupported URL scheme \"ftp\" in \"ftp://example.com/f\": use "
                                "http, https, ws or wss";
        QTest::newRow("no host") << "http:///path"
                                 << "invalid URL \"http:///path\": it has no host name";
        QTest::newRow("port too big") << "http://h:99999/"
                                      << "invalid URL \"http://h:99999/\": port 99999 is out of "
                                         "range (1-65535)";
        QTest::newRow("port zero")
            << "http://h:0/"
            << "invalid URL \"http://h:0/\": port 0 is out of range (1-65535)";
        QTest::newRow("empty") << "   "
                               << "invalid URL: it is empty";
    }
    void rejectsBadInput() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto url = parseUrl(input.toStdString());
        QVERIFY(!url.ok());
        QCOMPARE(q(std::string(toString(url.error().kind))), QStringLiteral("protocol"));
        QCOMPARE(q(url.error().message), expected);
    }

    void badHostNamesPosition() {
        auto url = parseUrl("http://exa mple.com/");
        QVERIFY(!url.ok());
        const QString message = q(url.error().message);
        QVERIFY2(message.startsWith("invalid URL \"http://exa mple.com/\": "), qPrintable(message));
        QVERIFY2(message.endsWith("(unexpected character %20 at position 10)"),
                 qPrintable(message));
    }

    void resolvesReferences_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("expected");
        const QString base = "http://a.example/b/c/d;p?q";
        QTest::newRow("absolute") << base << "https://other.example/x"
                                  << "https://other.example/x";
        QTest::newRow("sibling") << base << "g"
                                 << "http://a.example/b/c/g";
        QTest::newRow("absolute path") << base << "/g?y"
                                       << "http://a.example/g?y";
        QTest::newRow("parent") << base << "../g"
                                << "http://a.example/b/g";
        QTest::newRow("dot segments") << base << "../../../g"
                                      << "http://a.example/g";
        QTest::newRow("query only") << base << "?y"
                                    << "http://a.example/b/c/d;p?y";
        QTest::newRow("network path") << base << "//cdn.example/z"
                                      << "http://cdn.example/z";
        QTest::newRow("space in location") << base << "/a b"
                                           << "http://a.example/a%20b";
        QTest::newRow("dots in absolute") << base << "http://x.example/a/./b/../c"
                                          << "http://x.example/a/c";
        QTest::newRow("keeps query of ref") << base << "g?x=/../y#f"
                                            << "http://a.example/b/c/g?x=/../y#f";
    }
    void resolvesReferences() {
        QFETCH(QString, base);
        QFETCH(QString, location);
        QFETCH(QString, expected);
        auto resolved = resolveReference(base.toStdString(), location.toStdString());
        QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().message.c_str());
        QCOMPARE(q(*resolved), expected);
    }

    void queryParamsDecoded() {
        const auto params = queryParams("http://h/p?a=1&b=x+y&a=2&c=&d&e=%26%3D%2B&=v&&#frag?z=9");
        const std::vector<QueryParam> expected{{"a", "1"}, {"b", "x y"}, {"a", "2"}, {"c", ""},
                                               {"d", ""},  {"e", "&=+"}, {"", "v"}};
        QCOMPARE(params.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(q(params[i].name), q(expected[i].name));
            QCOMPARE(q(params[i].value), q(expected[i].value));
        }
        QVERIFY(queryParams("http://h/p#x?a=1").empty());
        QVERIFY(queryParams("http://h/p").empty());
    }

    void queryParamsLenientDecoding() {
        const auto params = queryParams("{{base}}/p?rate=100%&name=%zz");
        QCOMPARE(params.size(), std::size_t(2));
        QCOMPARE(q(params[0].value), QStringLiteral("100%"));
        QCOMPARE(q(params[1].value), QStringLiteral("%zz"));
    }

    void withQueryParamsReplacesQuery() {
        const std::vector<QueryParam> params{{"q", "a b&c"}, {"off", "x", false},  {"tag", "c++"},
                                             {"e", ""},      {"path", "/x?y:z@w"}, {"eq", "k=v"}};
        QCOMPARE(q(withQueryParams("https://h/s?old=1#top", params)),
                 QStringLiteral("https://h/s?q=a+b%26c&tag=c%2B%2B&e&path=/x?y:z@w&eq=k=v#top"));
        QCOMPARE(q(withQueryParams("https://h/s?old=1#top", {})),
                 QStringLiteral("https://h/s#top"));
        QCOMPARE(q(withQueryParams("https://h/s", {{"n", "\xc3\xa9"}})),
                 QStringLiteral("https://h/s?n=%C3%A9"));
    }

    void withQueryParamsKeepsTemplates() {
        const std::string url = "{{base}}/users/{{id}}?token={{api key}}&q=a b";
        const auto params = queryParams(url);
        QCOMPARE(params.size(), std::size_t(2));
        QCOMPARE(q(params[0].value), QStringLiteral("{{api key}}"));
        QCOMPARE(q(withQueryParams(url, params)),
                 QStringLiteral("{{base}}/users/{{id}}?token={{api key}}&q=a+b"));
        QCOMPARE(q(withQueryParams(url, {{"x", "{{a}}&{{b}}"}})),
                 QStringLiteral("{{base}}/users/{{id}}?x={{a}}%26{{b}}"));
        QCOMPARE(q(withQueryParams(url, {{"x", "{{open"}})),
                 QStringLiteral("{{base}}/users/{{id}}?x=%7B%7Bopen"));
    }

    void roundTripIsStable_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("duplicates") << "http://h/p?a=1&a=2&a=1";
        QTest::newRow("empty values") << "http://h/p?a&b=&c=3";
        QTest::newRow("encoded") << "http://h/p?q=a+b%26c%3D&x=%25&y=%C3%A9#f";
        QTest::newRow("template") << "{{host}}/p?k={{v}}&t=1";
        QTest::newRow("no query") << "http://h/p#f";
    }
    void roundTripIsStable() {
        QFETCH(QString, url);
        const std::string once = withQueryParams(url.toStdString(), queryParams(url.toStdString()));
        const std::string twice = withQueryParams(once, queryParams(once));
        QCOMPARE(q(twice), q(once));
        QVERIFY(queryParams(once) == queryParams(url.toStdString()));
    }

    void roundTripExactForCanonicalUrls() {
        // '=' stays literal in values so base64 tokens are not rewritten.
        const std::string url = "http://h/p?a=1&b=x+y&a=2&c&e=%26%2B%23&t=YWI==&f=%C3%A9#frag";
        QCOMPARE(q(withQueryParams(url, queryParams(url))), q(url));
    }

    void appendsParams() {
        QCOMPARE(q(appendQueryParam("http://h/p", "api key", "a&b")),
                 QStringLiteral("http://h/p?api+key=a%26b"));
        QCOMPARE(q(appendQueryParam("http://h/p?x=1#f", "k", "v")),
                 QStringLiteral("http://h/p?x=1&k=v#f"));
        QCOMPARE(q(appendQueryParam("http://h/p?", "k", "v")), QStringLiteral("http://h/p?k=v"));
        QCOMPARE(q(appendQueryParam("http://h/p?x=1&", "k", "v")),
                 QStringLiteral("http://h/p?x=1&k=v"));
    }
};

QTEST_GUILESS_MAIN(TestUrl)
#include "test_url.moc"
