#include "model/mock_server_json.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;
using Kind = MiddlewareSpec::Kind;
using BodyKind = MockResponse::BodyKind;

namespace {

MockResponse response(BodyKind kind, int status = 200) {
    MockResponse r;
    r.bodyKind = kind;
    r.status = status;
    return r;
}

// One response of every body kind, every rule source and operator among them.
std::vector<MockResponse> everyResponse() {
    std::vector<MockResponse> responses;
    MockResponse text = response(BodyKind::text, 201);
    text.headers = {{"Content-Type", "text/plain; charset=utf-8", true}, {"X-Off", "1", false}};
    text.body = "Hello, ünïcode!\n";
    text.rule = ResponseRule{ResponseRule::Source::header, "X-Mode", ResponseRule::Operator::equals,
                             "text"};
    text.delayMs = 250;
    responses.push_back(text);
    MockResponse jsonBody = response(BodyKind::json);
    jsonBody.body = R"({"id": "{{request.params.id}}"})";
    jsonBody.rule =
        ResponseRule{ResponseRule::Source::query, "q", ResponseRule::Operator::contains, "abc"};
    responses.push_back(jsonBody);
    MockResponse file = response(BodyKind::file);
    file.filePath = "files/report.pdf";
    file.rule = ResponseRule{ResponseRule::Source::pathParam, "id", ResponseRule::Operator::regex,
                             "^[0-9]+$"};
    responses.push_back(file);
    MockResponse templ = response(BodyKind::template_);
    templ.body = "{{$uuid}} \\{{literal}}";
    templ.rule = ResponseRule{ResponseRule::Source::bodyJsonPointer, "/user/name",
                              ResponseRule::Operator::exists, ""};
    responses.push_back(templ);
    MockResponse chunked = response(BodyKind::chunked);
    chunked.chunked = {7, 20, "chunk {{$counter}}\n"};
    responses.push_back(chunked);
    MockResponse sse = response(BodyKind::sse);
    sse.sse.events = {{"1", "tick", "line one\nline two", 1000}, {"", "", "{}", 0}};
    sse.sse.repeat = true;
    responses.push_back(sse);
    MockResponse redirect = response(BodyKind::redirect, 200);
    redirect.redirect = {"/elsewhere?x=1", 308};
    responses.push_back(redirect);
    return responses;
}

std::vector<MiddlewareSpec> everyMiddleware() {
    std::vector<MiddlewareSpec> chain;
    for (Kind kind : allMiddlewareKinds())
        chain.push_back(defaultMiddleware(kind));
    chain[0].enabled = false;
    MiddlewareSpec partial{"slow-start", Kind::latency, true, {{"mode", "uniform"}, {"maxMs", 60}}};
    chain.push_back(partial);
    MiddlewareSpec bare{"limit-by-key", Kind::rateLimit, true, json::object()};
    bare.settings["key"] = "header:X-Api-Key";
    bare.settings["futureKey"] = {1, 2}; // kept as written for a newer Quiver
    chain.push_back(bare);
    return chain;
}

MockServer fullServer() {
    MockServer s;
    s.id = "demo";
    s.name = "Demo — ünïcode";
    s.bindAddress = "0.0.0.0";
    s.port = 8080;
    s.tls = {MockServer::Tls::Mode::userCertificate, "certs/server.pem", "certs/server.key"};
    s.middleware = everyMiddleware();
    MockRoute hello{"hello",
                    MockRoute::Kind::http,
                    {"GET", "HEAD"},
                    "/hello",
                    MockRoute::SelectionMode::sequence,
                    everyResponse()};
    MockRoute any{"any",
                  MockRoute::Kind::http,
                  {},
                  "/files/{path:.+}",
                  MockRoute::SelectionMode::random,
                  {response(BodyKind::text, 404)}};
    MockRoute socket{"socket", MockRoute::Kind::ws, {}, "/ws", {}, {}};
    s.routes = {hello, any, socket};
    MockRoute item{"api-item", MockRoute::Kind::http,          {"PUT"}, "/items/{id}",
                   {},         {response(BodyKind::json, 204)}};
    s.groups = {{"/api/v1", {item}}, {"/empty", {}}};
    s.limits = {1, 2, 3, 4, 5, 0, 7};
    s.variables = {{"greeting", "Hello"}, {"apiVersion", "v2"}};
    return s;
}

void settingsRow(const char* name, const char* kind, const char* settings, const char* expected) {
    QTest::newRow(name) << kind << settings << expected;
}

void accessSettingsRows() {
    auto row = settingsRow;
    row("not object", "gzip", "[]", "gzip settings: expected an object");
    row("log entries", "requestLog", R"({"maxEntries":0})",
        "requestLog settings: maxEntries: expected a whole number from 1 to 10000000");
    row("request id", "requestId", R"({"header":"X Request"})",
        "requestId settings: header: expected a header name");
    row("auth scheme", "auth", R"({"scheme":"digest"})",
        "auth settings: scheme: unknown value \"digest\" (expected one of bearer, basic, "
        "apiKey)");
    row("auth tokens", "auth", R"({"tokens":"abc"})", "auth settings: tokens: expected an array");
    row("auth token", "auth", R"({"tokens":["a",""]})",
        "auth settings: tokens/1: expected a non-empty token");
    row("auth token type", "auth", R"({"tokens":[1]})",
        "auth settings: tokens/0: expected a string");
    row("auth users", "auth", R"({"users":["ann"]})",
        "auth settings: users/0: expected \"user:password\"");
    row("auth key name", "auth", R"({"keyName":""})",
        "auth settings: keyName: expected a header or query parameter name");
    row("auth location", "auth", R"({"keyLocation":"cookie"})",
        "auth settings: keyLocation: unknown value \"cookie\" (expected one of header, query)");
    row("auth excluded", "auth", R"({"excludedPaths":["/health","login"]})",
        "auth settings: excludedPaths/1: expected a path starting with /");
    row("paths relative", "latency", R"({"paths":["/slow","slow"]})",
        "latency settings: paths/1: expected a path starting with /, optionally ending in * to "
        "cover what follows");
    row("paths inner star", "faults", R"({"paths":["/a*/b"]})",
        "faults settings: paths/0: expected a path starting with /, optionally ending in * to "
        "cover what follows");
    row("paths checked first", "latency", R"({"paths":"/slow","ms":-1})",
        "latency settings: paths: expected an array");
    row("auth realm", "auth", "{\"realm\":\"a\\\"b\"}",
        "auth settings: realm: expected text without quotes or control characters");
    row("cors origin", "cors", R"({"origins":["example.com"]})",
        "cors settings: origins/0: expected \"*\", \"null\" or an http:// or https:// origin");
    row("cors method", "cors", R"({"methods":["GET","PO ST"]})",
        "cors settings: methods/1: expected a method name");
    row("cors header", "cors", R"({"headers":["X-A:"]})",
        "cors settings: headers/0: expected a header name or \"*\"");
    row("cors credentials", "cors", R"({"credentials":"yes"})",
        "cors settings: credentials: expected true or false");
    row("cors max age", "cors", R"({"maxAgeSeconds":-1})",
        "cors settings: maxAgeSeconds: expected a whole number from 0 to 86400");
    row("csp", "securityHeaders", R"({"csp":"a\nb"})",
        "securityHeaders settings: csp: expected a policy on one line");
    row("referrer", "securityHeaders", R"({"referrerPolicy":"never"})",
        "securityHeaders settings: referrerPolicy: unknown value \"never\" (expected one of "
        "no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, "
        "same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url)");
}

void behaviourSettingsRows() {
    auto row = settingsRow;
    row("latency mode", "latency", R"({"mode":"gaussian"})",
        "latency settings: mode: unknown value \"gaussian\" (expected one of fixed, uniform, "
        "lognormal)");
    row("latency ms", "latency", R"({"ms":1.5})",
        "latency settings: ms: expected a whole number from 0 to 3600000");
    row("latency range", "latency", R"({"minMs":300,"maxMs":200})",
        "latency settings: minMs: must not be greater than maxMs");
    row("latency default min", "latency", R"({"maxMs":10})",
        "latency settings: minMs: must not be greater than maxMs");
    row("latency sigma", "latency", R"({"sigma":-0.5})",
        "latency settings: sigma: expected a number from 0 to 10");
    row("rate capacity", "rateLimit", R"({"capacity":0})",
        "rateLimit settings: capacity: expected a whole number from 1 to 1000000000");
    row("rate refill", "rateLimit", R"({"refillPerSecond":0})",
        "rateLimit settings: refillPerSecond: expected a number above 0 up to 1000000000");
    row("rate key", "rateLimit", R"({"key":"cookie:x"})",
        "rateLimit settings: key: expected \"address\" or \"header:<name>\"");
    row("rate key header", "rateLimit", R"({"key":"header:"})",
        "rateLimit settings: key: expected \"address\" or \"header:<name>\"");
    row("error status", "errorHandling", R"({"minStatus":200})",
        "errorHandling settings: minStatus: expected a whole number from 400 to 599");
    row("gzip level", "gzip", R"({"level":10})",
        "gzip settings: level: expected a whole number from 1 to 9");
    row("gzip min", "gzip", R"({"minBytes":"1k"})",
        "gzip settings: minBytes: expected a whole number from 0 to 4294967295");
    row("body limit", "bodyLimit", R"({"maxBytes":-5})",
        "bodyLimit settings: maxBytes: expected a whole number from 0 to 1099511627776");
    row("fault probability", "faults", R"({"probability":1.5})",
        "faults settings: probability: expected a number from 0 to 1");
    row("fault kind", "faults", R"({"kind":"timeout"})",
        "faults settings: kind: unknown value \"timeout\" (expected one of reset, empty, "
        "malformedChunk, garbage)");
    row("proxy upstream", "proxy", "{\"upstream\":\"ftp://x\"}",
        "proxy settings: upstream: expected an http:// or https:// URL");
    row("proxy host", "proxy", "{\"upstream\":\"http://\"}",
        "proxy settings: upstream: expected an http:// or https:// URL");
    row("proxy record", "proxy", R"({"record":1})",
        "proxy settings: record: expected true or false");
}

void fileRow(const char* name, const char* document, const char* expected) {
    QTest::newRow(name) << document << (QString("mocks/demo.json: ") + expected);
}

void serverFileRows() {
    auto row = fileRow;
    row("root", "[]", "/: expected an object");
    row("name", R"({"name":1})", "/name: expected a string");
    row("port", R"({"port":65536})", "/port: expected a whole number from 0 to 65535");
    row("port type", R"({"port":"80"})", "/port: expected a number");
    row("tls", R"({"tls":{"mode":"on"}})",
        "/tls/mode: unknown value \"on\" (expected one of off, selfSigned, userCertificate)");
    row("middleware", R"({"middleware":{}})", "/middleware: expected an array");
    row("variables", R"({"variables":[]})", "/variables: expected an object");
    row("variable value", R"({"variables":{"a":1}})", "/variables/a: expected a string");
    row("variable name", R"({"variables":{"a b":"x"}})",
        "/variables/a b: expected a variable name (no spaces, braces or leading $)");
    row("middleware row", R"({"middleware":[3]})", "/middleware/0: expected an object");
    row("middleware kind missing", R"({"middleware":[{"id":"a"}]})", "/middleware/0/kind: missing");
    row("middleware kind", R"({"middleware":[{"kind":"gzip"},{"kind":"brotli"}]})",
        "/middleware/1/kind: unknown value \"brotli\" (expected one of requestLog, requestId, "
        "auth, cors, securityHeaders, latency, rateLimit, errorHandling, gzip, bodyLimit, "
        "faults, proxy)");
    row("middleware enabled", R"({"middleware":[{"kind":"gzip","enabled":"no"}]})",
        "/middleware/0/enabled: expected true or false");
    row("middleware settings type", R"({"middleware":[{"kind":"gzip","settings":[]}]})",
        "/middleware/0/settings: expected an object");
    row("middleware settings",
        R"({"middleware":[{"kind":"cors"},{"kind":"latency","settings":{"minMs":9,"maxMs":1}}]})",
        "/middleware/1/settings/minMs: latency: must not be greater than maxMs");
    row("middleware settings item",
        R"({"middleware":[{"kind":"auth","settings":{"tokens":["a",7]}}]})",
        "/middleware/0/settings/tokens/1: auth: expected a string");
    row("middleware duplicate",
        R"({"middleware":[{"kind":"gzip","id":"z"},{"kind":"cors","id":"z"}]})",
        "/middleware/1/id: duplicate id \"z\" (also at /middleware/0/id)");
}

void routeFileRows() {
    auto row = fileRow;
    row("route kind", R"({"routes":[{"kind":"sse"}]})",
        "/routes/0/kind: unknown value \"sse\" (expected one of http, ws)");
    row("methods", R"({"routes":[{"methods":"GET"}]})", "/routes/0/methods: expected an array");
    row("method", R"({"routes":[{"methods":["GET","G T"]}]})",
        "/routes/0/methods/1: expected a method name");
    row("pattern", R"({"routes":[{"pattern":5}]})", "/routes/0/pattern: expected a string");
    row("selection", R"({"routes":[{"selection":"roundRobin"}]})",
        "/routes/0/selection: unknown value \"roundRobin\" (expected one of firstMatch, "
        "sequence, random)");
    row("responses", R"({"routes":[{"responses":[{},"x"]}]})",
        "/routes/0/responses/1: expected an object");
    row("status", R"({"routes":[{"responses":[{"status":600}]}]})",
        "/routes/0/responses/0/status: expected a whole number from 100 to 599");
    row("body kind", R"({"routes":[{"responses":[{"bodyKind":"xml"}]}]})",
        "/routes/0/responses/0/bodyKind: unknown value \"xml\" (expected one of text, json, "
        "file, template, chunked, sse, redirect)");
    row("header", R"({"routes":[{"responses":[{"headers":[{"name":1}]}]}]})",
        "/routes/0/responses/0/headers/0/name: expected a string");
    row("chunk count", R"({"routes":[{"responses":[{"chunked":{"count":0}}]}]})",
        "/routes/0/responses/0/chunked/count: expected a whole number from 1 to 1000000");
    row("sse event", R"({"routes":[{"responses":[{"sse":{"events":[{"delayMs":-1}]}}]}]})",
        "/routes/0/responses/0/sse/events/0/delayMs: expected a whole number from 0 to "
        "3600000");
    row("sse repeat", R"({"routes":[{"responses":[{"sse":{"repeat":1}}]}]})",
        "/routes/0/responses/0/sse/repeat: expected true or false");
    row("redirect", R"({"routes":[{"responses":[{"redirect":{"status":200}}]}]})",
        "/routes/0/responses/0/redirect/status: expected a whole number from 300 to 399");
    row("rule source", R"({"routes":[{"responses":[{"rule":{"source":"cookie"}}]}]})",
        "/routes/0/responses/0/rule/source: unknown value \"cookie\" (expected one of "
        "header, query, pathParam, bodyJsonPointer)");
    row("rule op", R"({"routes":[{"responses":[{"rule":{"op":"startsWith"}}]}]})",
        "/routes/0/responses/0/rule/op: unknown value \"startsWith\" (expected one of "
        "equals, contains, regex, exists)");
    row("delay", R"({"routes":[{"responses":[{"delayMs":3600001}]}]})",
        "/routes/0/responses/0/delayMs: expected a whole number from 0 to 3600000");
    row("group", R"({"groups":[{"prefix":"/a","routes":{}}]})",
        "/groups/0/routes: expected an array");
    row("group prefix", R"({"groups":[{"prefix":1}]})", "/groups/0/prefix: expected a string");
    row("route duplicate",
        R"({"routes":[{"id":"a"}],"groups":[{"routes":[{"id":"b"},{"id":"a"}]}]})",
        "/groups/0/routes/1/id: duplicate id \"a\" (also at /routes/0/id)");
    row("limits", R"({"limits":{"maxRequestLine":0}})",
        "/limits/maxRequestLine: expected a whole number from 1 to 4294967295");
    row("limits body", R"({"limits":{"maxBodyBytes":-1}})",
        "/limits/maxBodyBytes: expected a whole number from 0 to 18446744073709551615");
}

QString message(const Result<MockServer>& result) {
    return QString::fromStdString(result.error().message);
}

QString text(const Error& error) {
    return QString::fromStdString(error.message);
}

} // namespace

// moc reads "//" inside raw strings as a comment, so URLs are in plain string literals.
class TestMockServerJson : public QObject {
    Q_OBJECT

private slots:
    void fullRoundTrip() {
        const MockServer original = fullServer();
        const json document = toJson(original);
        Result<MockServer> back = mockServerFromJson(document, "mem");
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QVERIFY(*back == original);
        // Through text too, as the workspace stores it.
        Result<MockServer> reparsed = mockServerFromJson(json::parse(document.dump(2)), "mem");
        QVERIFY(reparsed.ok());
        QVERIFY(*reparsed == original);
        QCOMPARE(toJson(*reparsed).dump(2), document.dump(2));
    }

    void defaultsLeftOut() {
        MockServer plain;
        plain.name = "plain";
        QCOMPARE(toJson(plain).dump(), std::string(R"({"name":"plain"})"));
        plain.routes = {{"r", MockRoute::Kind::http, {}, "/", {}, {MockResponse{}}}};
        QCOMPARE(toJson(plain).dump(),
                 std::string(R"({"name":"plain","routes":[{"id":"r","pattern":"/",)"
                             R"("responses":[{"bodyKind":"text","status":200}]}]})"));
        plain.middleware = {{"x", Kind::gzip, true, json::object()}};
        QCOMPARE(toJson(plain)["middleware"].dump(), std::string(R"([{"id":"x","kind":"gzip"}])"));
        Result<MockServer> back = mockServerFromJson(toJson(plain), "mem");
        QVERIFY(back.ok());
        QVERIFY(*back == plain);
    }

    void deterministicOutput() {
        const std::string first = toJson(fullServer()).dump(2);
        QCOMPARE(toJson(fullServer()).dump(2), first);
        // Keys come out sorted at every level, whatever order the file had.
        const json document = toJson(fullServer());
        std::function<void(const json&)> sorted = [&](const json& value) {
            if (value.is_object()) {
                std::vector<std::string> keys;
                for (auto it = value.begin(); it != value.end(); ++it) {
                    keys.push_back(it.key());
                    sorted(it.value());
                }
                QVERIFY(std::is_sorted(keys.begin(), keys.end()));
            } else if (value.is_array()) {
                for (const auto& item : value)
                    sorted(item);
            }
        };
        sorted(document);
        QVERIFY(first.find("\"id\": \"demo\"") != std::string::npos);
        QVERIFY(first.find("\"id\": \"slow-start\"") != std::string::npos); // ids are kept
    }

    void missingIdsGetStableOnes() {
        const json document = json::parse(R"({
            "name": "hand written",
            "middleware": [{"kind": "latency"}, {"kind": "latency"}, {"kind": "cors", "id": "cors"}],
            "routes": [{"methods": ["GET"], "pattern": "/users/{id}"},
                       {"methods": ["GET"], "pattern": "/users/{id}"},
                       {"pattern": "/"}],
            "groups": [{"prefix": "/api", "routes": [{"pattern": "/items"}]}]
        })");
        Result<MockServer> server = mockServerFromJson(document, "mem");
        QVERIFY2(server.ok(), server.ok() ? "" : server.error().message.c_str());
        QCOMPARE(server->middleware[0].id, std::string("latency"));
        QCOMPARE(server->middleware[1].id, std::string("latency-2"));
        QCOMPARE(server->middleware[2].id, std::string("cors"));
        QCOMPARE(server->routes[0].id, std::string("get-users-id"));
        QCOMPARE(server->routes[1].id, std::string("get-users-id-2"));
        QCOMPARE(server->routes[2].id, std::string("route"));
        QCOMPARE(server->groups[0].routes[0].id, std::string("api-items"));
        // Loading the same file again gives the same ids: runtime state finds its keys.
        QVERIFY(*mockServerFromJson(document, "mem") == *server);
    }

    void unknownKeysIgnored() {
        json document = toJson(fullServer());
        document["futureFeature"] = true;
        document["routes"][0]["responses"][0]["futureField"] = 1;
        document["limits"]["futureLimit"] = 3;
        Result<MockServer> back = mockServerFromJson(document, "mem");
        QVERIFY(back.ok());
        QVERIFY(*back == fullServer());
    }

    void names() {
        QCOMPARE(toString(Kind::securityHeaders), std::string_view("securityHeaders"));
        QCOMPARE(toString(Kind::rateLimit), std::string_view("rateLimit"));
        QCOMPARE(toString(BodyKind::template_), std::string_view("template"));
        QCOMPARE(toString(ResponseRule::Source::bodyJsonPointer),
                 std::string_view("bodyJsonPointer"));
        QCOMPARE(toString(ResponseRule::Operator::exists), std::string_view("exists"));
        QCOMPARE(toString(MockRoute::SelectionMode::firstMatch), std::string_view("firstMatch"));
        QCOMPARE(toString(MockServer::Tls::Mode::selfSigned), std::string_view("selfSigned"));
        QCOMPARE(allMiddlewareKinds().size(), std::size_t(12));
        for (Kind kind : allMiddlewareKinds())
            QVERIFY(middlewareKindFromString(toString(kind)) == kind);
        QVERIFY(!middlewareKindFromString("RateLimit"));
    }

    void defaultsAreValidAndEffective() {
        for (Kind kind : allMiddlewareKinds()) {
            const MiddlewareSpec spec = defaultMiddleware(kind);
            QCOMPARE(spec.id, std::string(toString(kind)));
            QVERIFY(spec.enabled);
            QVERIFY(!spec.settings.empty() || kind == Kind::requestLog);
            QVERIFY2(!validateMiddlewareSettings(spec), toString(kind).data());
            QVERIFY(effectiveSettings(spec) == spec.settings);
            // An empty settings object means "all defaults".
            QVERIFY(!validateMiddlewareSettings({"x", kind, true, json::object()}));
            QVERIFY(effectiveSettings({"x", kind, true, json::object()}) == spec.settings);
        }
        QCOMPARE(defaultMiddleware(Kind::requestId).settings["header"], json("X-Request-ID"));
        QCOMPARE(defaultMiddleware(Kind::bodyLimit).settings["maxBytes"], json(10 << 20));
        const json effective =
            effectiveSettings({"l", Kind::latency, true, {{"mode", "uniform"}, {"maxMs", 60}}});
        QCOMPARE(effective["mode"], json("uniform"));
        QCOMPARE(effective["minMs"], json(50));
        QCOMPARE(effective["maxMs"], json(60));
    }

    void settingsErrors_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("expected");
        accessSettingsRows();
        behaviourSettingsRows();
    }

    void settingsErrors() {
        QFETCH(QString, kind);
        QFETCH(QString, settings);
        QFETCH(QString, expected);
        MiddlewareSpec spec{"x", *middlewareKindFromString(kind.toStdString()), true,
                            json::parse(settings.toStdString())};
        Error error = validateMiddlewareSettings(spec);
        QVERIFY(error.kind == ErrorKind::protocol);
        QCOMPARE(text(error), expected);
    }

    void loopbackBindsAreTold() {
        for (const char* local : {"", "127.0.0.1", "127.4.5.6", "::1", "[::1]", "localhost",
                                  " LocalHost ", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"})
            QVERIFY2(isLoopbackBind(local), local);
        for (const char* exposed : {"0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "128.0.0.1",
                                    "::ffff:10.0.0.1", "example.com", "fe80::1"})
            QVERIFY2(!isLoopbackBind(exposed), exposed);
    }

    void settingsAccepted() {
        auto ok = [](Kind kind, const char* settings) {
            return !validateMiddlewareSettings({"x", kind, true, json::parse(settings)});
        };
        QVERIFY(ok(Kind::faults, R"({"probability":1,"kind":"garbage"})"));
        QVERIFY(ok(Kind::faults, R"({"probability":0})"));
        QVERIFY(ok(Kind::rateLimit, R"({"key":"header:X-Api-Key","refillPerSecond":0.5})"));
        QVERIFY(
            ok(Kind::proxy, "{\"upstream\":\"https://api.example.com:8443/v1\",\"record\":true}"));
        QVERIFY(ok(Kind::cors,
                   "{\"origins\":[\"http://localhost:3000\",\"null\"],\"headers\":[\"*\"]}"));
        QVERIFY(ok(Kind::auth, R"({"scheme":"basic","users":["ann:"],"excludedPaths":["/"]})"));
        QVERIFY(ok(Kind::latency, R"({"mode":"lognormal","medianMs":80,"sigma":0})"));
        QVERIFY(ok(Kind::latency, R"({"minMs":200,"maxMs":200})"));
        QVERIFY(ok(Kind::rateLimit, "{\"paths\":[\"/limited\",\"/files/*\"]}"));
        // Every kind offers the scope, so an editor shows it.
        for (Kind kind : allMiddlewareKinds())
            QVERIFY(effectiveSettings(defaultMiddleware(kind)).at("paths").is_array());
    }

    void fileErrors_data() {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("expected");
        serverFileRows();
        routeFileRows();
    }

    void fileErrors() {
        QFETCH(QString, document);
        QFETCH(QString, expected);
        Result<MockServer> result =
            mockServerFromJson(json::parse(document.toStdString()), "mocks/demo.json");
        QVERIFY(!result.ok());
        QVERIFY(result.error().kind == ErrorKind::protocol);
        QCOMPARE(message(result), expected);
    }
};

QTEST_GUILESS_MAIN(TestMockServerJson)
#include "test_mock_server_json.moc"
