// The WebSocket endpoint of a mock route: its JSON (round trip, errors by JSON Pointer), its
// compilation (regex and template errors naming the route and field), rule matching, templates
// with {{message}}, and the hub and log the server keeps beside it.

#include "mock/ws_hub.h"
#include "mock/ws_script.h"
#include "model/mock_server_json.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

MockRoute wsRoute(WsEndpoint endpoint) {
    MockRoute route;
    route.id = "live";
    route.kind = MockRoute::Kind::ws;
    route.pattern = "/live/{room}";
    route.ws = std::move(endpoint);
    return route;
}

MockServer serverWith(MockRoute route) {
    MockServer server;
    server.id = "s";
    server.name = "s";
    server.routes.push_back(std::move(route));
    return server;
}

WsEndpoint everything() {
    WsEndpoint ws;
    ws.kind = WsEndpoint::Kind::scripted;
    ws.excludeSender = true;
    ws.subprotocols = {"chat.v2", "chat.v1"};
    ws.deflate = false;
    ws.maxMessageBytes = 4096;
    ws.rules = {
        {WsRule::Match::textEquals, "ping", "", "pong"},
        {WsRule::Match::contains, "help", "", "try ping"},
        {WsRule::Match::regex, "^id:([0-9]+)$", "", "got {{message}}"},
        {WsRule::Match::jsonPointerEquals, "join", "/type", "welcome {{message.json:/who}}"}};
    ws.onConnect = "hello {{request.params.room}}";
    ws.push = WsPush{250, "{\"n\": {{$counter}}}"};
    ws.closeAfterMessages = 3;
    ws.closeCode = 4002;
    ws.closeReason = "enough";
    return ws;
}

std::string errorOf(const json& document) {
    auto server = mockServerFromJson(document, "mocks/s.json");
    return server ? std::string("(no error)") : server.error().message;
}

std::shared_ptr<const mock::CompiledWsEndpoint> compiled(WsEndpoint endpoint) {
    auto result = mock::compileWsEndpoint(wsRoute(std::move(endpoint)));
    if (!result)
        qFatal("%s", result.error().message.c_str());
    return result.value();
}

} // namespace

class TestWsEndpoint : public QObject {
    Q_OBJECT
private slots:
    void roundTripsEveryField() {
        const MockServer server = serverWith(wsRoute(everything()));
        const json written = toJson(server);
        auto read = mockServerFromJson(written, "mocks/s.json");
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QVERIFY(read.value() == server);
        QCOMPARE(written["routes"][0]["kind"], "ws");
        QCOMPARE(written["routes"][0]["ws"]["rules"][3]["match"], "jsonPointerEquals");
        QCOMPARE(written["routes"][0]["ws"]["push"]["template"], "{\"n\": {{$counter}}}");
    }

    void defaultsAreLeftOut() {
        const json written = toJson(serverWith(wsRoute({})));
        QCOMPARE(written["routes"][0]["ws"], json({{"kind", "echo"}}));
        auto read = mockServerFromJson(written, "mocks/s.json");
        QVERIFY(read);
        QCOMPARE(read.value().routes[0].ws.maxMessageBytes, 16ull << 20);
        QVERIFY(read.value().routes[0].ws.deflate);
        // An http route writes no "ws" at all.
        MockRoute http;
        http.id = "h";
        http.pattern = "/h";
        QVERIFY(!toJson(http).contains("ws"));
    }

    void fileMistakesNameThePointer() {
        json document = toJson(serverWith(wsRoute(everything())));
        json bad = document;
        bad["routes"][0]["ws"]["kind"] = "relay";
        QCOMPARE(QString::fromStdString(errorOf(bad)),
                 "mocks/s.json: /routes/0/ws/kind: unknown value \"relay\" (expected one of echo, "
                 "broadcast, scripted)");
        bad = document;
        bad["routes"][0]["ws"]["rules"][1]["match"] = "startsWith";
        QVERIFY(
            errorOf(bad).starts_with("mocks/s.json: /routes/0/ws/rules/1/match: unknown value"));
        bad = document;
        bad["routes"][0]["ws"]["closeCode"] = 1005;
        QVERIFY2(errorOf(bad).find("/routes/0/ws/closeCode: close code 1005 cannot be sent") !=
                     std::string::npos,
                 errorOf(bad).c_str());
        bad = document;
        bad["routes"][0]["ws"]["push"]["intervalMs"] = 0;
        QVERIFY(errorOf(bad).find("/routes/0/ws/push/intervalMs: expected a whole number") !=
                std::string::npos);
        bad = document;
        bad["routes"][0]["ws"]["rules"][3]["pointer"] = "type";
        QVERIFY(errorOf(bad).find("/routes/0/ws/rules/3/pointer: expected a JSON Pointer") !=
                std::string::npos);
        bad = document;
        bad["routes"][0]["ws"]["subprotocols"] = "chat";
        QVERIFY(errorOf(bad).find("/routes/0/ws/subprotocols") != std::string::npos);
    }

    void badRegexNamesRouteRuleAndColumn() {
        WsEndpoint ws = everything();
        ws.rules[2].value = "ab[c";
        auto result = mock::compileWsEndpoint(wsRoute(ws));
        QVERIFY(!result);
        const QString message = QString::fromStdString(result.error().message);
        QVERIFY2(message.startsWith("route 'live': ws rule 3: invalid regex 'ab[c': column 3: "),
                 qPrintable(message));
        QVERIFY2(message.contains("missing ]"), qPrintable(message));
    }

    void brokenTemplatesNameTheirField() {
        WsEndpoint ws = everything();
        ws.onConnect = "hi {{oops";
        auto result = mock::compileWsEndpoint(wsRoute(ws));
        QVERIFY(!result);
        QVERIFY2(result.error().message.starts_with("route 'live': ws onConnect: template: "),
                 result.error().message.c_str());
        ws = everything();
        ws.push->text = "{{$nope}}";
        result = mock::compileWsEndpoint(wsRoute(ws));
        QVERIFY(!result);
        QVERIFY(result.error().message.starts_with("route 'live': ws push template: "));
        ws = everything();
        ws.rules[0].reply = "{{}}";
        result = mock::compileWsEndpoint(wsRoute(ws));
        QVERIFY(!result);
        QVERIFY(result.error().message.starts_with("route 'live': ws rule 1 reply: "));
    }

    void rulesMatchInOrder() {
        const auto endpoint = compiled(everything());
        QCOMPARE(endpoint->match("ping"), std::optional<std::size_t>(0));
        QCOMPARE(endpoint->match("ping!"), std::nullopt);
        QCOMPARE(endpoint->match("I need help"), std::optional<std::size_t>(1));
        QCOMPARE(endpoint->match("id:42"), std::optional<std::size_t>(2));
        QCOMPARE(endpoint->match("id:4x"), std::nullopt);
        QCOMPARE(endpoint->match(R"({"type": "join", "who": "ann"})"),
                 std::optional<std::size_t>(3));
        QCOMPARE(endpoint->match(R"({"type": "leave"})"), std::nullopt);
        QCOMPARE(endpoint->match("{not json"), std::nullopt);
        // The first match wins: "help ping" is not "ping", but contains "help".
        QCOMPARE(endpoint->match("help ping"), std::optional<std::size_t>(1));
    }

    void jsonPointerComparesNonStringsByTheirJson() {
        WsEndpoint ws;
        ws.kind = WsEndpoint::Kind::scripted;
        ws.rules = {{WsRule::Match::jsonPointerEquals, "3", "/n", "three"},
                    {WsRule::Match::jsonPointerEquals, "true", "/ok", "yes"}};
        const auto endpoint = compiled(ws);
        QCOMPARE(endpoint->match(R"({"n": 3})"), std::optional<std::size_t>(0));
        QCOMPARE(endpoint->match(R"({"n": "3"})"), std::optional<std::size_t>(0));
        QCOMPARE(endpoint->match(R"({"ok": true})"), std::optional<std::size_t>(1));
        QCOMPARE(endpoint->match(R"({"n": 4})"), std::nullopt);
    }

    void templatesSeeMessageAndUpgradeRequest() {
        const auto endpoint = compiled(everything());
        RequestContext request;
        request.params.emplace("room", "lobby");
        request.query.emplace("user", "ann");
        MapVariables variables;
        variables.set("greeting", "hey");
        std::atomic<std::uint64_t> counter{0};
        TemplateContext context;
        context.counter = &counter;
        mock::WsTemplateInput input{&request, &variables, R"({"type": "join", "who": "bob"})"};
        auto welcome = mock::renderWsTemplate(endpoint->rules[3].reply, input, context);
        QVERIFY(welcome);
        QCOMPARE(welcome.value(), "welcome bob");
        auto hello =
            mock::renderWsTemplate(*endpoint->onConnect, {&request, &variables, {}}, context);
        QCOMPARE(hello.value(), "hello lobby");
        auto push = mock::renderWsTemplate(*endpoint->push, {&request, &variables, {}}, context);
        QCOMPARE(push.value(), "{\"n\": 1}");
        auto all = model::parseTemplate(
            "{{greeting}} {{request.query.user}} {{message}} [{{message.json:/missing}}]");
        auto text = mock::renderWsTemplate(all.value(), {&request, &variables, "raw"}, context);
        QVERIFY2(text, text ? "" : text.error().message.c_str());
        QCOMPARE(text.value(), "hey ann raw []");
    }

    void logIsBoundedAndDrainsBySince() {
        mock::WsLog log({3, 1 << 20});
        for (int i = 0; i < 5; ++i) {
            mock::WsEvent event;
            event.kind = mock::WsEvent::Kind::messageIn;
            event.payload = std::make_shared<const std::string>(std::to_string(i));
            log.append(std::move(event));
        }
        auto all = log.snapshotSince(0);
        QCOMPARE(all.size(), 3u);
        QCOMPARE(all.front().id, 3u);
        QCOMPARE(*all.back().payload, "4");
        QCOMPARE(log.snapshotSince(4).size(), 1u);
        QCOMPARE(log.snapshotSince(5).size(), 0u);
    }

    void hubKeepsRoomsByRoute() {
        struct Peer final : mock::WsPeer {
            void send(mock::WsPayload payload, bool) override { got.push_back(payload); }
            void close(std::uint16_t, std::string) override {}
            mock::WsClientInfo info() const override { return {}; }
            std::vector<mock::WsPayload> got;
        };
        mock::WsHub hub;
        auto a = std::make_shared<Peer>();
        auto b = std::make_shared<Peer>();
        auto c = std::make_shared<Peer>();
        const auto ida = hub.add("chat", a);
        hub.add("chat", b);
        hub.add("echo", c);
        QCOMPARE(hub.peers("chat").size(), 2u);
        QCOMPARE(hub.peers().size(), 3u);
        QCOMPARE(hub.find(ida).get(), a.get());
        hub.remove("chat", ida);
        QCOMPARE(hub.peers("chat").size(), 1u);
        QVERIFY(!hub.find(ida));
        b.reset(); // a client gone without remove is skipped
        QCOMPARE(hub.peers("chat").size(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestWsEndpoint)
#include "test_ws_endpoint.moc"
