// WebSocket settings and snippets of requests of kind ws: saved, reloaded, checked.

#include "model/request_json.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

Request wsRequest() {
    Request r;
    r.id = "chat";
    r.name = "Chat";
    r.kind = RequestKind::ws;
    r.url = "wss://example.test/chat";
    r.headers = {{"Authorization", "Bearer x", true}};
    WsSettings& ws = r.ws;
    ws.subprotocols = {"chat.v2", "chat.v1"};
    ws.deflate = false;
    ws.pingIntervalMs = 15'000;
    ws.autoReconnect = true;
    ws.reconnectInitialDelayMs = 250;
    ws.reconnectMaxDelayMs = 8'000;
    ws.reconnectMaxAttempts = 5;
    ws.maxMessageBytes = 1 << 20;
    ws.snippets = {{"hello", WsSnippet::Kind::text, "hi there"},
                   {"join", WsSnippet::Kind::json, "{\"op\": \"join\", \"room\": 1}"},
                   {"raw", WsSnippet::Kind::binaryHex, "00ff10"}};
    return r;
}

QString errorOf(const json& document) {
    auto result = requestFromJson(document, "requests/chat.json");
    return result ? QString() : QString::fromStdString(result.error().message);
}

} // namespace

class WsRequestJsonTest : public QObject {
    Q_OBJECT
private slots:
    void roundTripsEverySetting() {
        const Request r = wsRequest();
        const json document = toJson(r);
        QVERIFY(document.contains("ws"));
        QCOMPARE(document["ws"]["snippets"].size(), std::size_t(3));
        QCOMPARE(document["ws"]["snippets"][2]["kind"].get<std::string>(),
                 std::string("binaryHex"));
        QCOMPARE(document["ws"]["reconnect"]["maxAttempts"].get<int>(), 5);
        // Through text, as the workspace stores it.
        auto loaded = requestFromJson(json::parse(document.dump(2)), "requests/chat.json");
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QVERIFY(loaded.value().ws == r.ws);
        QVERIFY(loaded.value() == r);
    }

    void defaultsAreLeftOut() {
        Request r;
        r.kind = RequestKind::ws;
        r.url = "ws://127.0.0.1:1/";
        QVERIFY(!toJson(r).contains("ws"));
        r.ws.snippets.push_back({"only", WsSnippet::Kind::text, "x"});
        const json document = toJson(r);
        QCOMPARE(document["ws"].size(), std::size_t(1)); // snippets alone
    }

    void otherKindsNeitherWriteNorReadIt() {
        Request r = wsRequest();
        r.kind = RequestKind::http;
        QVERIFY(!toJson(r).contains("ws"));
        json document = toJson(wsRequest());
        document["kind"] = "http";
        document["ws"]["deflate"] = "not a bool"; // ignored for http
        auto loaded = requestFromJson(document, "requests/chat.json");
        QVERIFY(loaded);
        QVERIFY(loaded.value().ws == WsSettings{});
    }

    void oldFilesWithoutSettingsStillLoad() {
        const json document = {{"name", "Old"}, {"kind", "ws"}, {"url", "ws://h/"}};
        auto loaded = requestFromJson(document, "requests/old.json");
        QVERIFY(loaded);
        QVERIFY(loaded.value().ws == WsSettings{});
        QCOMPARE(loaded.value().ws.maxMessageBytes, std::uint64_t(16) << 20);
        QVERIFY(loaded.value().ws.deflate);
    }

    void badValuesNameTheField_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value"); // JSON text
        QTest::addColumn<QString>("expected");
        QTest::newRow("ws not object") << "/ws"
                                       << "[]"
                                       << "/ws: expected an object";
        QTest::newRow("deflate") << "/ws/deflate"
                                 << "\"yes\""
                                 << "/ws/deflate";
        QTest::newRow("ping negative") << "/ws/pingIntervalMs"
                                       << "-1"
                                       << "/ws/pingIntervalMs";
        QTest::newRow("ping too big") << "/ws/pingIntervalMs"
                                      << "99999999999"
                                      << "/ws/pingIntervalMs";
        QTest::newRow("max zero") << "/ws/maxMessageBytes"
                                  << "0"
                                  << "/ws/maxMessageBytes: must be at least 1";
        QTest::newRow("subprotocol") << "/ws/subprotocols"
                                     << "[\"a\", 2]"
                                     << "/ws/subprotocols/1: expected a string";
        QTest::newRow("reconnect") << "/ws/reconnect/maxDelayMs"
                                   << "\"x\""
                                   << "/ws/reconnect/maxDelayMs";
        QTest::newRow("snippet kind") << "/ws/snippets/1/kind"
                                      << "\"xml\""
                                      << "/ws/snippets/1/kind: unknown value \"xml\"";
        QTest::newRow("snippet row") << "/ws/snippets/0"
                                     << "7"
                                     << "/ws/snippets/0";
        QTest::newRow("snippet content") << "/ws/snippets/2/content"
                                         << "{}"
                                         << "/ws/snippets/2/content";
    }

    void badValuesNameTheField() {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        json document = toJson(wsRequest());
        document[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());
        const QString error = errorOf(document);
        QVERIFY2(error.startsWith("requests/chat.json: "), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(WsRequestJsonTest)
#include "test_ws_request_json.moc"
