// The proxy layer's pieces without a network: the upstream URL, the headers each way, and
// how an upstream answer becomes a route (kinds, escapes, what is refused, what is redacted).

#include "mock/http_semantics.h"
#include "mock/middleware/proxy.h"
#include "mock/middleware_registry.h"
#include "mock/route_pattern.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using core::mock::MockRequest;
using BodyKind = core::model::MockResponse::BodyKind;

namespace {

MockRequest request(std::string method, std::string target, core::model::Headers headers = {}) {
    MockRequest r;
    r.method = std::move(method);
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    r.headers = std::move(headers);
    r.clientAddress = "127.0.0.1:40000";
    r.route = MockRequest::Route::notFound;
    return r;
}

core::model::MiddlewareSpec proxySpec(nlohmann::json settings) {
    auto spec = core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::proxy);
    spec.settings = std::move(settings);
    return spec;
}

} // namespace

class MockProxyTest : public QObject {
    Q_OBJECT
private slots:
    void upstreamUrlJoinsTheBasePath() {
        auto base = core::mock::upstreamBase("http://up.test:8080/api/");
        QVERIFY(base);
        QCOMPARE(QString::fromStdString(*base), QString("http://up.test:8080/api"));
        QCOMPARE(QString::fromStdString(core::mock::upstreamUrl(*base, "/users/7?q=a%20b")),
                 QString("http://up.test:8080/api/users/7?q=a%20b"));
        auto bare = core::mock::upstreamBase("https://user:pw@up.test/?ignored=1");
        QVERIFY(bare);
        QCOMPARE(QString::fromStdString(*bare), QString("https://up.test")); // no credentials
        QCOMPARE(QString::fromStdString(core::mock::upstreamUrl(*bare, "/x")),
                 QString("https://up.test/x"));
        auto bad = core::mock::upstreamBase("ftp://up.test/");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.find("ftp://up.test/") != std::string::npos,
                 bad.error().message.c_str());
    }

    void hopByHopHeadersAreDropped() {
        const core::model::Headers in = {{"Connection", "keep-alive, X-Hop", true},
                                         {"X-Hop", "1", true},
                                         {"Keep-Alive", "timeout=5", true},
                                         {"TE", "trailers", true},
                                         {"Trailer", "X-T", true},
                                         {"Transfer-Encoding", "chunked", true},
                                         {"Upgrade", "websocket", true},
                                         {"Proxy-Authorization", "Basic eA==", true},
                                         {"X-End", "kept", true},
                                         {"Accept", "*/*", true}};
        QCOMPARE(test::headerLines(core::mock::withoutHopByHop(in, {"Accept"})),
                 QStringList{"X-End: kept"});
    }

    void upstreamHeadersSayWhoAsked() {
        auto r = request("POST", "/a",
                         {{"Host", "mock.test:9000", true},
                          {"Content-Length", "3", true},
                          {"Expect", "100-continue", true},
                          {"X-Forwarded-For", "10.0.0.1", true},
                          {"Authorization", "Bearer t", true}});
        QCOMPARE(test::headerLines(core::mock::upstreamHeaders(r)),
                 (QStringList{"Authorization: Bearer t", "X-Forwarded-For: 10.0.0.1, 127.0.0.1",
                              "X-Forwarded-Host: mock.test:9000", "X-Forwarded-Proto: http"}));
    }

    void jsonAnswerBecomesAJsonRoute() {
        auto r = request("GET", "/users/7?verbose=1");
        const core::model::Headers headers = {{"Content-Type", "application/json", true},
                                              {"Content-Length", "9", true},
                                              {"Date", "Mon, 01 Jan 2024 00:00:00 GMT", true},
                                              {"Server", "up", true},
                                              {"Set-Cookie", "sid=abc", true},
                                              {"Connection", "close", true},
                                              {"ETag", "\"v1\"", true}};
        auto route = core::mock::recordRoute(r, 201, headers, R"({"id":7})");
        QVERIFY2(route, route ? "" : route.error().message.c_str());
        QVERIFY(route->methods == std::vector<std::string>{"GET"});
        QCOMPARE(QString::fromStdString(route->pattern), QString("/users/7")); // no query
        QVERIFY(route->id.empty());
        QCOMPARE(route->responses.size(), std::size_t(1));
        const auto& response = route->responses[0];
        QCOMPARE(response.status, 201);
        QVERIFY(response.bodyKind == BodyKind::json);
        QCOMPARE(QString::fromStdString(response.body), QString(R"({"id":7})"));
        QCOMPARE(test::headerLines(response.headers),
                 (QStringList{"Content-Type: application/json", "ETag: \"v1\""}));
    }

    void textAndBrokenJsonAreText() {
        auto r = request("GET", "/t");
        auto text = core::mock::recordRoute(r, 200, {{"Content-Type", "text/html", true}}, "<p>");
        QVERIFY(text);
        QVERIFY(text->responses[0].bodyKind == BodyKind::text);
        auto broken = core::mock::recordRoute(
            r, 200, {{"Content-Type", "application/problem+json", true}}, "{not json");
        QVERIFY(broken);
        QVERIFY(broken->responses[0].bodyKind == BodyKind::text);
        auto suffix = core::mock::recordRoute(
            r, 200, {{"Content-Type", "application/problem+json; charset=utf-8", true}}, "{}");
        QVERIFY(suffix->responses[0].bodyKind == BodyKind::json);
    }

    // aiohttp patterns have no escape for braces; percent-encoded ones are literal text that
    // the router decodes, so the recorded route matches the path it came from.
    void bracesInThePathAreEscaped() {
        auto r = request("GET", "/odd/{x}/y");
        auto route = core::mock::recordRoute(r, 200, {}, "ok");
        QVERIFY(route);
        QCOMPARE(QString::fromStdString(route->pattern), QString("/odd/%7Bx%7D/y"));
        auto pattern = core::mock::compilePattern(route->pattern);
        QVERIFY2(pattern, pattern ? "" : pattern.error().message.c_str());
        QVERIFY(pattern->isLiteral());
        QVERIFY(pattern->match("/odd/{x}/y"));
        QVERIFY(!pattern->match("/odd/zz/y"));
    }

    void unrecordableAnswersSayWhy() {
        auto get = request("GET", "/img");
        auto image =
            core::mock::recordRoute(get, 200, {{"Content-Type", "image/png", true}}, "\x89PNG");
        QVERIFY(!image);
        QVERIFY2(image.error().message.find("binary body (image/png)") != std::string::npos,
                 image.error().message.c_str());
        auto invalid = core::mock::recordRoute(get, 200, {}, std::string("a\xff\xfe", 3));
        QVERIFY(!invalid);
        QVERIFY(invalid.error().message.find("binary") != std::string::npos);
        auto zipped = core::mock::recordRoute(get, 200, {{"Content-Encoding", "gzip", true}}, "x");
        QVERIFY(!zipped);
        QVERIFY(zipped.error().message.find("gzip") != std::string::npos);
        auto head = core::mock::recordRoute(request("HEAD", "/img"), 200, {}, "");
        QVERIFY(!head);
    }

    // Route bodies live in UTF-8 JSON files: the text test is strict UTF-8 (RFC 3629), and
    // an image type is binary unless it is a text syntax such as SVG.
    void onlyTextBodiesAreRecorded() {
        using core::mock::isUtf8Text;
        QVERIFY(isUtf8Text("plain, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80"));
        QVERIFY(!isUtf8Text(std::string("a\0b", 3))); // NUL: bytes, not text
        QVERIFY(!isUtf8Text("\xc0\xaf"));             // overlong '/'
        QVERIFY(!isUtf8Text("\xe0\x80\xaf"));         // overlong, three bytes
        QVERIFY(!isUtf8Text("\xed\xa0\x80"));         // a surrogate
        QVERIFY(!isUtf8Text("\xf4\x90\x80\x80"));     // past U+10FFFF
        QVERIFY(!isUtf8Text("\xe2\x82"));             // cut short
        QVERIFY(core::mock::isJsonMediaType(" Application/Problem+JSON ; charset=utf-8"));
        QVERIFY(!core::mock::isJsonMediaType("text/json-ish"));

        auto get = request("GET", "/logo.svg");
        auto svg = core::mock::recordRoute(get, 200, {{"Content-Type", "image/svg+xml", true}},
                                           "<svg xmlns='http://www.w3.org/2000/svg'/>");
        QVERIFY2(svg, svg ? "" : svg.error().message.c_str());
        // No body means nothing binary to refuse: a 204 with an image type is recorded.
        auto empty = core::mock::recordRoute(get, 204, {{"Content-Type", "image/png", true}}, "");
        QVERIFY2(empty, empty ? "" : empty.error().message.c_str());
    }

    // An echoing upstream repeats the caller's credentials: none of them may reach the file.
    void requestSecretsNeverLandInTheRoute() {
        auto r = request("GET", "/echo",
                         {{"Authorization", "Bearer top-secret-token", true},
                          {"Cookie", "sid=cookie-secret-1; theme=dark-mode", true}});
        const std::string body = R"({"auth":"Bearer top-secret-token","token":"top-secret-token",)"
                                 R"("cookie":"sid=cookie-secret-1; theme=dark-mode"})";
        auto route = core::mock::recordRoute(r, 200,
                                             {{"Content-Type", "application/json", true},
                                              {"X-Echo-Auth", "Bearer top-secret-token", true}},
                                             body);
        QVERIFY(route);
        const auto& response = route->responses[0];
        for (const char* secret : {"top-secret-token", "cookie-secret-1", "dark-mode"}) {
            QVERIFY2(response.body.find(secret) == std::string::npos, response.body.c_str());
            for (const auto& h : response.headers)
                QVERIFY2(h.value.find(secret) == std::string::npos, h.value.c_str());
        }
        QVERIFY(response.bodyKind == BodyKind::json); // still valid JSON after redaction
        QCOMPARE(core::model::findHeader(response.headers, "X-Echo-Auth").value_or(""),
                 std::string("[redacted]"));
    }

    void layerNeedsAClientAndAValidUpstream() {
        auto withoutClient = core::mock::buildChain({proxySpec({{"upstream", "http://up.test"}})},
                                                    std::make_shared<core::mock::TrafficLog>());
        QVERIFY(!withoutClient);
        QVERIFY2(withoutClient.error().message.find("HTTP client") != std::string::npos,
                 withoutClient.error().message.c_str());
        auto badUpstream = core::mock::buildChain({proxySpec({{"upstream", "mailto:x@y"}})},
                                                  core::mock::ChainContext{});
        QVERIFY(!badUpstream);
        QVERIFY2(badUpstream.error().message.find("upstream") != std::string::npos,
                 badUpstream.error().message.c_str());
        // A disabled proxy layer needs nothing.
        auto disabled = proxySpec({});
        disabled.enabled = false;
        QVERIFY(core::mock::buildChain({disabled}, core::mock::ChainContext{}));
    }

    void recordedKeysAreClaimedOnce() {
        core::mock::RecordedKeys keys;
        QVERIFY(keys.claim("GET /a"));
        QVERIFY(!keys.claim("GET /a"));
        QVERIFY(keys.claim("POST /a"));
    }
};

QTEST_GUILESS_MAIN(MockProxyTest)
#include "test_mock_proxy.moc"
