// A logged exchange turned back into a request ("send again from the client") and into a
// route ("make a route from this"): URL joining, header filtering, body kinds, the escaping
// that keeps a literal brace from becoming a parameter, and the warnings for what the log
// could not keep.

#include "mock/route_pattern.h"
#include "mock/traffic_conversion.h"

#include <QtTest>

using namespace quiver;
using core::mock::TrafficEntry;
using core::model::Body;
using core::model::Headers;
using core::model::MockResponse;

namespace {

TrafficEntry postEntry() {
    TrafficEntry entry;
    entry.method = "POST";
    entry.target = "/users/42?verbose=1";
    entry.status = 201;
    entry.requestHeaders = {
        {"Host", "127.0.0.1:8080"},           {"Connection", "keep-alive, X-Hop"},
        {"Keep-Alive", "timeout=5"},          {"X-Hop", "only for this hop"},
        {"Content-Type", "application/json"}, {"Content-Length", "13"},
        {"Transfer-Encoding", "chunked"},     {"Expect", "100-continue"},
        {"Authorization", "[redacted]"},      {"X-Custom", "kept"}};
    entry.requestBody = {R"({"name":"a"})", 12, false};
    entry.responseHeaders = {{"Date", "Mon, 01 Jan 2024 00:00:00 GMT"},
                             {"Server", "Quiver"},
                             {"Content-Type", "application/problem+json"},
                             {"Content-Length", "11"},
                             {"Set-Cookie", "session=[redacted]"},
                             {"X-Request-ID", "abc"},
                             {"Access-Control-Allow-Origin", "*"},
                             {"Connection", "close"},
                             {"Cache-Control", "no-store"},
                             {"ETag", "\"v1\""}};
    entry.responseBody = {R"({"id":42})", 9, false};
    return entry;
}

QStringList names(const Headers& headers) {
    QStringList out;
    for (const auto& header : headers)
        out << QString::fromStdString(header.name);
    return out;
}

bool hasWarningContaining(const std::vector<std::string>& warnings, std::string_view text) {
    for (const auto& warning : warnings)
        if (warning.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TrafficConversionTest : public QObject {
    Q_OBJECT
private slots:
    void requestKeepsMethodUrlHeadersAndBody() {
        auto converted = core::mock::requestFromTraffic(postEntry(), "http://127.0.0.1:9000/");
        const auto& request = converted.request;
        QCOMPARE(request.method, std::string("POST"));
        QCOMPARE(request.url, std::string("http://127.0.0.1:9000/users/42?verbose=1"));
        QCOMPARE(names(request.headers),
                 QStringList({"Content-Type", "Authorization", "X-Custom"}));
        QVERIFY(request.body.kind == Body::Kind::raw);
        QCOMPARE(request.body.text, std::string(R"({"name":"a"})"));
        QCOMPARE(request.body.contentType, std::string("application/json"));
        // A redacted secret is kept as a disabled, empty row for the user to fill in.
        QVERIFY(!request.headers[1].enabled);
        QVERIFY(request.headers[1].value.empty());
        QCOMPARE(converted.warnings.size(), std::size_t(1));
        QVERIFY(hasWarningContaining(converted.warnings, "Authorization"));
    }

    void requestJoinsBaseAndTarget() {
        TrafficEntry entry;
        entry.method = "GET";
        entry.target = "/a/b";
        QCOMPARE(core::mock::requestFromTraffic(entry, "http://h:1").request.url,
                 std::string("http://h:1/a/b"));
        entry.target = "http://elsewhere.example/p?q=1"; // absolute form, as proxies send
        QCOMPARE(core::mock::requestFromTraffic(entry, "http://h:1//").request.url,
                 std::string("http://h:1/p?q=1"));
        QVERIFY(core::mock::requestFromTraffic(entry, "http://h:1").request.body.kind ==
                Body::Kind::none);
    }

    void requestWarnsAboutBodiesTheLogDoesNotHave() {
        TrafficEntry truncated = postEntry();
        truncated.requestBody = {"0123456789", 100, true};
        auto cut = core::mock::requestFromTraffic(truncated, "http://h");
        QVERIFY(hasWarningContaining(cut.warnings, "request body was truncated"));
        QVERIFY(hasWarningContaining(cut.warnings, "10 of 100 bytes"));
        QCOMPARE(cut.request.body.text, std::string("0123456789"));

        TrafficEntry unread = postEntry();
        unread.requestBody = {"", 4096, false};
        auto missing = core::mock::requestFromTraffic(unread, "http://h");
        QVERIFY(missing.request.body.kind == Body::Kind::none);
        QVERIFY(hasWarningContaining(missing.warnings, "not read by the server"));
    }

    void routeAnswersLikeTheLoggedReply() {
        auto converted = core::mock::routeFromTraffic(postEntry());
        const auto& route = converted.route;
        QCOMPARE(route.methods, std::vector<std::string>{"POST"});
        QCOMPARE(route.pattern, std::string("/users/42"));
        QCOMPARE(route.responses.size(), std::size_t(1));
        const auto& response = route.responses[0];
        QCOMPARE(response.status, 201);
        QCOMPARE(names(response.headers), QStringList({"Content-Type", "Cache-Control", "ETag"}));
        QVERIFY(response.bodyKind == MockResponse::BodyKind::json);
        QCOMPARE(response.body, std::string(R"({"id":42})"));
        QVERIFY(converted.warnings.empty());
    }

    void routeBodyKindFollowsContentType() {
        TrafficEntry entry = postEntry();
        entry.responseHeaders = {{"content-type", "text/plain; charset=utf-8"}};
        QVERIFY(core::mock::routeFromTraffic(entry).route.responses[0].bodyKind ==
                MockResponse::BodyKind::text);
        entry.responseHeaders = {{"Content-Type", "Application/JSON; charset=utf-8"}};
        QVERIFY(core::mock::routeFromTraffic(entry).route.responses[0].bodyKind ==
                MockResponse::BodyKind::json);
        entry.responseHeaders.clear();
        QVERIFY(core::mock::routeFromTraffic(entry).route.responses[0].bodyKind ==
                MockResponse::BodyKind::text);
    }

    void routePatternKeepsBracesLiteral() {
        TrafficEntry entry;
        entry.method = "GET";
        entry.target = "/items/{id}/x%20y?a={b}";
        auto route = core::mock::routeFromTraffic(entry).route;
        QCOMPARE(route.pattern, std::string("/items/%7Bid%7D/x%20y"));
        auto pattern = core::mock::compilePattern(route.pattern);
        QVERIFY2(pattern, pattern ? "" : pattern.error().message.c_str());
        QVERIFY(pattern->isLiteral());
        QVERIFY(pattern->paramNames().empty());
        QVERIFY(pattern->match("/items/{id}/x%20y").has_value());
        QVERIFY(pattern->match("/items/%7Bid%7D/x y").has_value());
        QVERIFY(!pattern->match("/items/7/x%20y").has_value());
    }

    void routeWarnsAboutWhatItCannotRepeat() {
        TrafficEntry entry = postEntry();
        entry.responseBody = {"{\"a\":", 5000, true};
        auto cut = core::mock::routeFromTraffic(entry);
        QVERIFY(hasWarningContaining(cut.warnings, "response body was truncated"));
        QCOMPARE(cut.route.responses[0].body, std::string("{\"a\":"));
        // Cut JSON no longer parses: the route holds it as text, which the editor accepts.
        QVERIFY(cut.route.responses[0].bodyKind == MockResponse::BodyKind::text);

        entry.responseBody = {std::string("\x1f\x8b\x08\x00\xff", 5), 5, false};
        entry.responseHeaders.push_back({"Content-Encoding", "gzip"});
        auto binary = core::mock::routeFromTraffic(entry);
        QVERIFY(binary.route.responses[0].body.empty());
        QVERIFY(hasWarningContaining(binary.warnings, "not text"));
        QVERIFY(hasWarningContaining(binary.warnings, "gzip-encoded"));
        // Without its body the route must not claim an encoding.
        QVERIFY(!core::model::hasHeader(binary.route.responses[0].headers, "Content-Encoding"));

        entry = postEntry();
        entry.status = 0;
        entry.fault = core::mock::MockReply::Fault::reset;
        auto fault = core::mock::routeFromTraffic(entry);
        QCOMPARE(fault.route.responses[0].status, 200);
        QVERIFY(hasWarningContaining(fault.warnings, "connection reset"));
    }
};

QTEST_GUILESS_MAIN(TrafficConversionTest)
#include "test_traffic_conversion.moc"
