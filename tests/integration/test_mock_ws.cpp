// Mock WebSocket endpoints against clients nobody here wrote: Qt WebSockets (QWebSocket), a
// raw QTcpSocket for what a well-behaved client never sends, and python3-websockets
// (tests/peers/ws_client.py) for fragments, deflate, subprotocols, 100-client broadcasts,
// scripted endpoints and an auth layer refusing the upgrade.

#include "http_harness.h"
#include "mock/middleware_registry.h"
#include "mock/server.h"
#include "support/python_peer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>
#include <thread>

using namespace quiver;
using core::model::MockRoute;
using core::model::WsEndpoint;
using core::model::WsRule;

namespace {

MockRoute wsRoute(std::string id, std::string pattern, WsEndpoint endpoint) {
    MockRoute route;
    route.id = std::move(id);
    route.kind = MockRoute::Kind::ws;
    route.methods = {"GET"};
    route.pattern = std::move(pattern);
    route.ws = std::move(endpoint);
    return route;
}

core::model::MockServer wsServer() {
    core::model::MockServer server;
    server.name = "ws";
    server.routes.push_back(wsRoute("echo", "/echo", {}));
    WsEndpoint small;
    small.maxMessageBytes = 1024;
    server.routes.push_back(wsRoute("small", "/small", small));
    WsEndpoint chat;
    chat.kind = WsEndpoint::Kind::broadcast;
    chat.excludeSender = true;
    server.routes.push_back(wsRoute("chat", "/chat", chat));
    WsEndpoint closing;
    closing.closeAfterMessages = 3;
    closing.closeCode = 4002;
    closing.closeReason = "enough";
    server.routes.push_back(wsRoute("closing", "/closing", closing));
    WsEndpoint proto;
    proto.subprotocols = {"chat.v2", "chat.v1"};
    server.routes.push_back(wsRoute("proto", "/proto", proto));
    WsEndpoint noDeflate;
    noDeflate.deflate = false;
    server.routes.push_back(wsRoute("plain-frames", "/nodeflate", noDeflate));
    WsEndpoint script;
    script.kind = WsEndpoint::Kind::scripted;
    script.onConnect = "hello {{request.query.user}} in {{request.params.room}}";
    script.rules = {
        {WsRule::Match::textEquals, "ping", "", "pong"},
        {WsRule::Match::jsonPointerEquals, "join", "/type", "welcome {{message.json:/who}}"}};
    script.push = core::model::WsPush{5, "tick {{$counter}}"};
    server.routes.push_back(wsRoute("script", "/script/{room}", script));
    server.routes.push_back(wsRoute("private", "/private", {}));
    MockRoute plain;
    plain.id = "plain";
    plain.methods = {"GET"};
    plain.pattern = "/plain";
    core::model::MockResponse ok;
    ok.body = "plain http";
    plain.responses.push_back(ok);
    server.routes.push_back(plain);
    server.middleware.push_back(
        core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::requestId));
    auto auth = core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::auth);
    auth.settings = {{"scheme", "bearer"},
                     {"tokens", nlohmann::json::array({"sesame"})},
                     {"paths", nlohmann::json::array({"/private"})}};
    server.middleware.push_back(auth);
    return server;
}

core::mock::ChainBuilder registry() {
    auto log = std::make_shared<core::mock::TrafficLog>();
    return [log](const auto& specs) { return core::mock::buildChain(specs, log); };
}

QString wsUrl(const core::mock::Server& server, const char* path) {
    QString url = QString::fromStdString(server.url()) + path;
    return url.replace("http://", "ws://");
}

// Opens a QWebSocket and waits for it to connect.
bool open(QWebSocket& socket, const QString& url) {
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(QUrl(url));
    return connected.wait(10000);
}

// Runs tests/peers/ws_client.py and returns its one JSON object.
QJsonObject runPeer(const QStringList& args) {
    QProcess peer;
    peer.start(test::PythonPeer::kInterpreter,
               QStringList{test::PythonPeer::peersDir() + "/ws_client.py"} + args);
    if (!peer.waitForFinished(120000) || peer.exitCode() != 0) {
        qWarning("ws_client.py %s failed: %s", qPrintable(args.join(' ')),
                 peer.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(peer.readAllStandardOutput()).object();
}

std::vector<core::mock::WsEvent> closedEvents(const core::mock::Server& server) {
    std::vector<core::mock::WsEvent> closed;
    for (auto& event : server.wsLog()->snapshotSince(0))
        if (event.kind == core::mock::WsEvent::Kind::closed)
            closed.push_back(std::move(event));
    return closed;
}

// The handshake by hand, for frames a real client refuses to send.
bool rawHandshake(QTcpSocket& socket, quint16 port, const QByteArray& path) {
    socket.connectToHost("127.0.0.1", port);
    if (!socket.waitForConnected(10000))
        return false;
    socket.write(
        "GET " + path +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    // Byte by byte: what follows the head stays in the socket.
    while (!head.contains("\r\n\r\n"))
        if (socket.bytesAvailable() > 0)
            head += socket.read(1);
        else if (!socket.waitForReadyRead(10000))
            return false;
    return head.startsWith("HTTP/1.1 101");
}

QByteArray maskedFrame(quint8 opcode, const QByteArray& payload) {
    const char mask[4] = {0x11, 0x22, 0x33, 0x44};
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    frame.append(char(0x80 | payload.size())); // < 126 bytes
    frame.append(mask, 4);
    for (int i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

} // namespace

class MockWsTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        m_harness = std::make_unique<test::HttpHarness>();
        auto server = core::mock::Server::start(m_harness->engine, wsServer(), registry());
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        m_server = std::move(server.value());
    }
    void cleanup() {
        m_server.reset();
        m_harness.reset();
    }

    void echoesTextBinaryEmptyAndOneMegabyte() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/echo")));
        QStringList texts;
        QList<QByteArray> binaries;
        connect(&socket, &QWebSocket::textMessageReceived, this,
                [&](const QString& m) { texts << m; });
        connect(&socket, &QWebSocket::binaryMessageReceived, this,
                [&](const QByteArray& m) { binaries << m; });
        const QString large(1 << 20, QChar('x'));
        socket.sendTextMessage("hello ünïcode");
        socket.sendBinaryMessage(QByteArray("\x00\x01\xff", 3));
        socket.sendTextMessage(QString());
        socket.sendTextMessage(large);
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, 20000);
        QCOMPARE(texts[0], QString("hello ünïcode"));
        QCOMPARE(texts[1], QString());
        QVERIFY(texts[2] == large);
        QTRY_COMPARE(binaries.size(), 1);
        QCOMPARE(binaries[0], QByteArray("\x00\x01\xff", 3));
        const auto clients = m_server->wsClients("echo");
        QCOMPARE(clients.size(), 1u);
        QCOMPARE(clients[0].messagesIn, 4u);
        QTRY_COMPARE(m_server->wsClients("echo")[0].messagesOut, 4u);
    }

    void answersPingWithItsPayload() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/echo")));
        QSignalSpy pong(&socket, &QWebSocket::pong);
        socket.ping("are you there");
        QVERIFY(pong.wait(10000));
        QCOMPARE(pong.first().at(1).toByteArray(), QByteArray("are you there"));
    }

    void clientCloseCodeReachesTheLog() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/echo")));
        QSignalSpy gone(&socket, &QWebSocket::disconnected);
        socket.close(QWebSocketProtocol::CloseCode(4001), "client leaves");
        // Qt drops the connection right after its close frame; the signal may come at once.
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10000);
        QTRY_COMPARE(closedEvents(*m_server).size(), 1u);
        QCOMPARE(closedEvents(*m_server)[0].closeCode, 4001);
        QCOMPARE(QString::fromStdString(closedEvents(*m_server)[0].detail), "client leaves");
        QTRY_COMPARE(m_server->wsClients().size(), 0u);
    }

    void closesAfterMessagesWithItsCode() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/closing")));
        QSignalSpy gone(&socket, &QWebSocket::disconnected);
        for (int i = 0; i < 3; ++i)
            socket.sendTextMessage("m");
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10000);
        QCOMPARE(int(socket.closeCode()), 4002);
        QCOMPARE(socket.closeReason(), QString("enough"));
    }

    void messageOverTheLimitCloses1009() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/small")));
        QSignalSpy gone(&socket, &QWebSocket::disconnected);
        socket.sendTextMessage(QString(2048, QChar('y')));
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10000);
        QCOMPARE(int(socket.closeCode()), 1009);
        QTRY_COMPARE(closedEvents(*m_server).size(), 1u);
        QCOMPARE(closedEvents(*m_server)[0].closeCode, 1009);
    }

    void invalidUtf8Closes1007() {
        QTcpSocket raw;
        QVERIFY(rawHandshake(raw, m_server->port(), "/echo"));
        raw.write(maskedFrame(0x1, QByteArray("\xc3\x28", 2)));
        QByteArray frame;
        while (frame.size() < 4 && raw.waitForReadyRead(10000))
            frame += raw.readAll();
        QVERIFY(frame.size() >= 4);
        QCOMPARE(quint8(frame[0]), quint8(0x88)); // FIN + close
        QCOMPARE((quint8(frame[2]) << 8) | quint8(frame[3]), 1007);
    }

    void slowReaderIsClosedWith1008() {
        QTcpSocket raw; // never reads a frame
        QVERIFY(rawHandshake(raw, m_server->port(), "/echo"));
        raw.setReadBufferSize(1); // Qt stops taking bytes from the kernel
        QTRY_COMPARE(m_server->wsClients("echo").size(), 1u);
        const auto id = m_server->wsClients("echo")[0].id;
        const std::string megabyte(1 << 20, 'z');
        for (int i = 0; i < 100; ++i) // beyond the 64 MB queue bound, whatever the kernel buffers
            m_server->sendToClient(id, megabyte, true);
        QTRY_COMPARE_WITH_TIMEOUT(closedEvents(*m_server).size(), 1u, 20000);
        QCOMPARE(closedEvents(*m_server)[0].closeCode, 1008);
    }

    void wsRouteWithoutUpgradeIs426AndHttpRouteIgnoresUpgrade() {
        QTcpSocket raw;
        raw.connectToHost("127.0.0.1", m_server->port());
        QVERIFY(raw.waitForConnected(10000));
        raw.write("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray reply;
        while (raw.waitForReadyRead(10000))
            reply += raw.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 426"), reply.constData());
        QVERIFY(reply.contains("X-Request-ID")); // the chain ran
        QTcpSocket other;
        QVERIFY(!rawHandshake(other, m_server->port(), "/plain"));
        QByteArray rest = other.readAll();
        while (!rest.contains("plain http") && other.waitForReadyRead(10000))
            rest += other.readAll();
        QVERIFY2(rest.contains("plain http"), rest.constData());
    }

    void serverSideApiSendsBroadcastsAndCloses() {
        QWebSocket a, b;
        QVERIFY(open(a, wsUrl(*m_server, "/chat")));
        QVERIFY(open(b, wsUrl(*m_server, "/chat")));
        QTRY_COMPARE(m_server->wsClients("chat").size(), 2u);
        QSignalSpy toA(&a, &QWebSocket::textMessageReceived);
        QSignalSpy toB(&b, &QWebSocket::textMessageReceived);
        QCOMPARE(m_server->broadcast("chat", "to all"), 2u);
        QTRY_COMPARE(toA.size(), 1);
        QTRY_COMPARE(toB.size(), 1);
        QCOMPARE(toA.first().first().toString(), QString("to all"));
        // The client the server lists as a.localPort() is a.
        core::mock::WsClientInfo ofA;
        for (const auto& client : m_server->wsClients("chat"))
            if (client.remoteAddress == "127.0.0.1:" + std::to_string(a.localPort()))
                ofA = client;
        QVERIFY(ofA.id != 0);
        QSignalSpy gone(&a, &QWebSocket::disconnected);
        QVERIFY(m_server->sendToClient(ofA.id, "just you"));
        QVERIFY(m_server->closeClient(ofA.id, 4100, "bye now"));
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10000);
        QCOMPARE(int(a.closeCode()), 4100);
        QCOMPARE(toA.size(), 2);
        QCOMPARE(toA.last().first().toString(), QString("just you"));
        QCOMPARE(toB.size(), 1);
        QVERIFY(!m_server->sendToClient(999999, "nobody"));
        // The feed has the connects, the messages with opcode and shared payload, the close.
        bool sawOut = false;
        for (const auto& event : m_server->wsLog()->snapshotSince(0))
            sawOut |= event.kind == core::mock::WsEvent::Kind::messageOut && event.payload &&
                      *event.payload == "just you" && !event.binary;
        QVERIFY(sawOut);
        // The log names the code and the reason the server sent.
        QTRY_VERIFY([&] {
            for (const auto& event : m_server->wsLog()->snapshotSince(0))
                if (event.kind == core::mock::WsEvent::Kind::closed && event.clientId == ofA.id)
                    return event.closeCode == 4100 && event.detail == "bye now";
            return false;
        }());
    }

    void clientSurvivesHotSwapAndRoomPersists() {
        QWebSocket a, b;
        QVERIFY(open(a, wsUrl(*m_server, "/chat")));
        QVERIFY(open(b, wsUrl(*m_server, "/chat")));
        auto edited = wsServer();
        edited.routes[0].pattern = "/echo2"; // any edit: a new snapshot
        QVERIFY(!m_server->update(edited));
        QWebSocket c; // joins the same room on the new snapshot
        QVERIFY(open(c, wsUrl(*m_server, "/chat")));
        QTRY_COMPARE(m_server->wsClients("chat").size(), 3u);
        QSignalSpy toB(&b, &QWebSocket::textMessageReceived);
        QSignalSpy toC(&c, &QWebSocket::textMessageReceived);
        a.sendTextMessage("after the swap");
        QTRY_COMPARE(toB.size(), 1);
        QTRY_COMPARE(toC.size(), 1);
        QCOMPARE(toC.first().first().toString(), QString("after the swap"));
    }

    void stopClosesWith1001() {
        QWebSocket socket;
        QVERIFY(open(socket, wsUrl(*m_server, "/echo")));
        QSignalSpy gone(&socket, &QWebSocket::disconnected);
        std::thread stopper([this] { m_server->stop(); }); // waits for the client's answer
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10000);
        stopper.join();
        QCOMPARE(int(socket.closeCode()), 1001);
    }

    void pythonFragmentsArriveWhole() {
        const auto result = runPeer({"fragmented", wsUrl(*m_server, "/echo")});
        QCOMPARE(result["text"].toString(), QString("frag-one|frag-two|frag-three"));
        QCOMPARE(result["binary"].toString(), QString("010203"));
    }

    void pythonDeflateOnAndOff() {
        auto on = runPeer({"deflate", wsUrl(*m_server, "/echo"), "on"});
        QVERIFY2(on["extensions"].toArray().contains("permessage-deflate"),
                 QJsonDocument(on).toJson().constData());
        QVERIFY(on["echoed"].toBool());
        auto refused = runPeer({"deflate", wsUrl(*m_server, "/nodeflate"), "on"});
        QVERIFY(refused["extensions"].toArray().isEmpty());
        QVERIFY(refused["echoed"].toBool());
        auto off = runPeer({"deflate", wsUrl(*m_server, "/echo"), "off"});
        QVERIFY(off["extensions"].toArray().isEmpty());
        QCOMPARE(off["header"].toString(), QString());
        QVERIFY(off["echoed"].toBool());
    }

    void pythonSubprotocolNegotiation() {
        auto first = runPeer({"subprotocol", wsUrl(*m_server, "/proto"), "chat.v1,chat.v2"});
        QCOMPARE(first["subprotocol"].toString(), QString("chat.v1")); // the client's order
        auto other = runPeer({"subprotocol", wsUrl(*m_server, "/proto"), "mqtt,chat.v2"});
        QCOMPARE(other["subprotocol"].toString(), QString("chat.v2"));
    }

    void pythonBroadcastToHundredClients() {
        auto result = runPeer({"broadcast", wsUrl(*m_server, "/chat"), "100"});
        QCOMPARE(result["received_first"].toInt(), 99);
        QCOMPARE(result["received_second"].toInt(), 98);
        // excludeSender: the sender's first message is the second client's, not its own.
        QCOMPARE(result["sender_first"].toString(), QString("second"));
    }

    void pythonScriptedRulesOnConnectAndPush() {
        auto result = runPeer({"scripted", wsUrl(*m_server, "/script/lobby"), "5"});
        QCOMPARE(result["hello"].toString(), QString("hello ann in lobby"));
        QCOMPARE(result["replies"].toObject()["ping"].toString(), QString("pong"));
        QCOMPARE(result["replies"].toObject()["join"].toString(), QString("welcome bob"));
        QVERIFY(result["pushes"].toInt() >= 5);
        QVERIFY(result["others"].toArray().isEmpty());
    }

    void pythonAuthRefusesTheUpgrade() {
        auto result = runPeer({"auth", wsUrl(*m_server, "/private"), "sesame"});
        QCOMPARE(result["without"].toInt(), 401);
        QCOMPARE(result["with"].toString(), QString("let me in"));
        QVERIFY(!result["requestId"].toString().isEmpty()); // the chain's headers on the 101
    }

private:
    std::unique_ptr<test::HttpHarness> m_harness;
    std::unique_ptr<core::mock::Server> m_server;
};

QTEST_GUILESS_MAIN(MockWsTest)
#include "test_mock_ws.moc"
