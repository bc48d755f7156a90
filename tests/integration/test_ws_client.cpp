// core/ws client sessions against peers nobody here wrote: Qt WebSockets' QWebSocketServer in
// this process, and a raw QTcpServer that writes frames by hand where a conforming server
// cannot misbehave (invalid UTF-8, a subprotocol that was not offered).

#include "integration/closed_port.h"
#include "integration/ws_recorder.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>
#include <memory>

using namespace quiver;
using core::ws::Direction;
using core::ws::Opcode;
using core::ws::State;

namespace {

constexpr int kBigCapMs = 30'000; // a safety cap for 1 MB on a shared machine, not a timing test

// Echoes every message and remembers what it saw.
class QtServer {
public:
    explicit QtServer(QStringList subprotocols = {}) {
        m_server.setSupportedSubprotocols(subprotocols);
        QObject::connect(&m_server, &QWebSocketServer::newConnection, [this] { accept(); });
    }
    ~QtServer() { qDeleteAll(clients); }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void stop() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    std::string url() const { return "ws://127.0.0.1:" + std::to_string(port()) + "/chat?x=1"; }

    QList<QWebSocket*> clients;
    QNetworkRequest lastRequest;
    QList<QByteArray> pongs;
    QStringList texts;
    int pingsSeen = 0;
    int closeCode = -1;
    QString closeReason;

private:
    void accept() {
        QWebSocket* socket = m_server.nextPendingConnection();
        clients << socket;
        lastRequest = socket->request();
        QObject::connect(socket, &QWebSocket::textMessageReceived,
                         [this, socket](const QString& m) {
                             texts << m;
                             socket->sendTextMessage(m);
                         });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived,
                         [socket](const QByteArray& m) { socket->sendBinaryMessage(m); });
        QObject::connect(socket, &QWebSocket::pong,
                         [this](quint64, const QByteArray& payload) { pongs << payload; });
        QObject::connect(socket, &QWebSocket::disconnected, [this, socket] {
            closeCode = socket->closeCode();
            closeReason = socket->closeReason();
        });
    }

    QWebSocketServer m_server{QStringLiteral("quiver-test"), QWebSocketServer::NonSecureMode};
};

// Answers the handshake by hand, then misbehaves as told; decodes the close frame it gets back.
class RawServer {
public:
    enum class Mode { invalidUtf8, unofferedSubprotocol };
    explicit RawServer(Mode mode) : m_mode(mode) {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            m_socket = m_server.nextPendingConnection();
            QObject::connect(m_socket, &QTcpSocket::readyRead, [this] { onRead(); });
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    std::string url() const { return "ws://127.0.0.1:" + std::to_string(m_server.serverPort()); }

    int closeCodeSeen = -1;

private:
    void onRead() {
        m_buffer += m_socket->readAll();
        if (!m_handshakeDone) {
            const auto end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            answerHandshake(m_buffer.left(end));
            m_buffer.remove(0, end + 4);
            m_handshakeDone = true;
        }
        // A masked close frame from the client: 0x88, 0x80 | length, 4 mask bytes, payload.
        if (m_buffer.size() >= 8 && quint8(m_buffer[0]) == 0x88) {
            const QByteArray mask = m_buffer.mid(2, 4);
            const int code = ((quint8(m_buffer[6]) ^ quint8(mask[0])) << 8) |
                             (quint8(m_buffer[7]) ^ quint8(mask[1]));
            closeCodeSeen = code;
            m_socket->disconnectFromHost(); // the server closes TCP (RFC 6455 7.1.1)
        }
    }
    void answerHandshake(const QByteArray& request) {
        const auto match = QRegularExpression(QStringLiteral("Sec-WebSocket-Key: *([^\\r\\n]+)"),
                                              QRegularExpression::CaseInsensitiveOption)
                               .match(QString::fromLatin1(request));
        const QByteArray accept =
            QCryptographicHash::hash(match.captured(1).toLatin1() +
                                         "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                     QCryptographicHash::Sha1)
                .toBase64();
        QByteArray answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                            accept + "\r\n";
        if (m_mode == Mode::unofferedSubprotocol)
            answer += "Sec-WebSocket-Protocol: evil\r\n";
        m_socket->write(answer + "\r\n");
        if (m_mode == Mode::invalidUtf8)
            m_socket->write(QByteArray::fromHex("8102c328")); // text frame: C3 28 is not UTF-8
    }

    Mode m_mode;
    QTcpServer m_server;
    QTcpSocket* m_socket = nullptr;
    QByteArray m_buffer;
    bool m_handshakeDone = false;
};

} // namespace

class TestWsClient : public QObject {
    Q_OBJECT

private:
    test::NullSink m_sink;
    std::unique_ptr<core::Engine> m_engine;
    std::shared_ptr<test::WsRecorder> m_recorder;

    std::shared_ptr<core::ws::Session> open(core::ws::SessionOptions options) {
        return test::openRecorded(*m_engine, std::move(options), m_recorder);
    }

private slots:
    void init() { m_engine = std::make_unique<core::Engine>(m_sink); }
    void cleanup() { m_engine.reset(); }

    void textBinaryEmptyAndLargeMessagesEcho() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        const std::string big(1 << 20, 'q');
        const std::string binary("\x00\x01\xff\x80", 4);
        session->sendText("hello");
        session->sendBinary(binary);
        session->sendText("");
        session->sendText(big);
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->receivedData(), 4, kBigCapMs);
        const auto got = m_recorder->received();
        QCOMPARE(got[0].opcode, Opcode::text);
        QCOMPARE(*got[0].payload, std::string("hello"));
        QCOMPARE(got[1].opcode, Opcode::binary);
        QCOMPARE(*got[1].payload, binary);
        QCOMPARE(*got[2].payload, std::string());
        QCOMPARE(got[3].payload->size(), big.size());
        QVERIFY(*got[3].payload == big);
        const auto sent = m_recorder->messages(Direction::sent);
        QCOMPARE(sent.size(), std::size_t(4));
        QCOMPARE(sent[1].opcode, Opcode::binary);
    }

    void handshakeHeadersReachTheServer() {
        QtServer server;
        QVERIFY(server.listen());
        core::ws::SessionOptions options{.url = server.url()};
        options.headers = {{"X-Token", "abc 123"}, {"X-Off", "no", false}};
        auto session = open(options);
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(server.lastRequest.rawHeader("X-Token"), QByteArray("abc 123"));
        QVERIFY(!server.lastRequest.hasRawHeader("X-Off"));
        QCOMPARE(server.lastRequest.url().path(), QStringLiteral("/chat"));
        QCOMPARE(server.lastRequest.url().query(), QStringLiteral("x=1"));
        const auto opened = m_recorder->last(State::open);
        QVERIFY(core::model::hasHeader(opened->responseHeaders, "Sec-WebSocket-Accept"));
    }

    void pingWithPayloadAndPongShown() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        session->ping("are you there");
        QTRY_COMPARE(m_recorder->messages(Direction::received, Opcode::pong).size(),
                     std::size_t(1));
        QCOMPARE(*m_recorder->messages(Direction::received, Opcode::pong)[0].payload,
                 std::string("are you there"));
        QCOMPARE(*m_recorder->messages(Direction::sent, Opcode::ping)[0].payload,
                 std::string("are you there"));
        // The server pings us: shown, and answered with its payload.
        server.clients.first()->ping("from server");
        QTRY_COMPARE(server.pongs.size(), 1);
        QCOMPARE(server.pongs[0], QByteArray("from server"));
        const auto pings = m_recorder->messages(Direction::received, Opcode::ping);
        QCOMPARE(pings.size(), std::size_t(1));
        QCOMPARE(*pings[0].payload, std::string("from server"));
    }

    void automaticPingInterval() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url(), .pingIntervalMs = 10});
        QTRY_VERIFY(m_recorder->messages(Direction::received, Opcode::pong).size() >= 3);
        QVERIFY(m_recorder->messages(Direction::sent, Opcode::ping).size() >= 3);
    }

    void weCloseWithCodeAndReason() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        session->sendText("last words");
        session->close(4001, "bye");
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QTRY_COMPARE(server.closeCode, 4001);
        QCOMPARE(server.closeReason, QStringLiteral("bye"));
        const auto closed = m_recorder->last(State::closed);
        QVERIFY2(!closed->error, closed->error.message.c_str());
        QCOMPARE(closed->closeCode, 4001);
        QCOMPARE(closed->closeReason, std::string("bye"));
        QVERIFY(!closed->closedByPeer);
        QVERIFY(!closed->error);
        QCOMPARE(m_recorder->count(State::closing), 1);
        // Queued before the close, so written before it.
        QCOMPARE(server.texts, QStringList{QStringLiteral("last words")});
        const auto sentFrames = m_recorder->messages(Direction::sent);
        QCOMPARE(sentFrames.size(), std::size_t(2));
        QCOMPARE(sentFrames[1].opcode, Opcode::close);
        QCOMPARE(sentFrames[1].closeCode, 4001);
        // The server's answer to our close frame is shown too.
        const auto answer = m_recorder->messages(Direction::received, Opcode::close);
        QCOMPARE(answer.size(), std::size_t(1));
        QCOMPARE(answer[0].closeCode, 4001);
    }

    void peerClosesWithCodeAndReason() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        server.clients.first()->close(QWebSocketProtocol::CloseCode(4002), "later");
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto closed = m_recorder->last(State::closed);
        QVERIFY2(!closed->error, closed->error.message.c_str());
        QVERIFY(closed->closedByPeer);
        QCOMPARE(closed->closeCode, 4002);
        QCOMPARE(closed->closeReason, std::string("later"));
        const auto frames = m_recorder->messages(Direction::received, Opcode::close);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].closeCode, 4002);
        QCOMPARE(*frames[0].payload, std::string("later"));
        QCOMPARE(m_recorder->count(State::reconnecting), 0); // off by default
    }

    void messageSizeLimitClosesWith1009() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url(), .maxMessageBytes = 1000});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        session->sendText(std::string(1000, 'a')); // at the limit: comes back
        QTRY_COMPARE(m_recorder->receivedData(), 1);
        server.clients.first()->sendTextMessage(QString(1001, QLatin1Char('b')));
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto closed = m_recorder->last(State::closed);
        QVERIFY2(closed->error.kind == core::ErrorKind::limit, closed->error.message.c_str());
        QCOMPARE(closed->closeCode, 1009);
        QVERIFY2(closed->error.message.find("1000 bytes") != std::string::npos,
                 closed->error.message.c_str());
        QTRY_COMPARE(server.closeCode, 1009);
        QCOMPARE(m_recorder->receivedData(), 1);
    }

    void subprotocolNegotiated() {
        QtServer server({QStringLiteral("chat")});
        QVERIFY(server.listen());
        core::ws::SessionOptions options{.url = server.url()};
        options.subprotocols = {"superchat", "chat"};
        auto session = open(options);
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(m_recorder->last(State::open)->subprotocol, std::string("chat"));
        QCOMPARE(server.clients.first()->subprotocol(), QStringLiteral("chat"));
    }

    void unofferedSubprotocolIsRefused() {
        RawServer server(RawServer::Mode::unofferedSubprotocol);
        core::ws::SessionOptions options{.url = server.url()};
        options.subprotocols = {"chat"};
        auto session = open(options);
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QCOMPARE(m_recorder->count(State::open), 0);
        const auto closed = m_recorder->last(State::closed);
        QVERIFY2(closed->error.kind == core::ErrorKind::protocol, closed->error.message.c_str());
        QVERIFY2(closed->error.message.find("'evil'") != std::string::npos,
                 closed->error.message.c_str());
    }

    void invalidUtf8ClosesWith1007() {
        RawServer server(RawServer::Mode::invalidUtf8);
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto closed = m_recorder->last(State::closed);
        QVERIFY2(closed->error.kind == core::ErrorKind::protocol, closed->error.message.c_str());
        QCOMPARE(closed->closeCode, 1007);
        QTRY_COMPARE(server.closeCodeSeen, 1007); // a real close frame on the wire
        QCOMPARE(m_recorder->receivedData(), 0);
    }

    void reconnectsAfterServerRestart() {
        auto server = std::make_unique<QtServer>();
        QVERIFY(server->listen());
        const quint16 port = server->port();
        core::ws::SessionOptions options{.url = server->url()};
        options.reconnect = {.enabled = true, .initialDelayMs = 20, .maxDelayMs = 100};
        auto session = open(options);
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        server->stop();
        server->clients.first()->abort();
        QTRY_VERIFY(m_recorder->count(State::reconnecting) >= 1);
        const auto states = m_recorder->states();
        const auto first = std::find_if(states.begin(), states.end(), [](const auto& c) {
            return c.state == State::reconnecting;
        });
        QCOMPARE(first->attempt, 1u);
        QVERIFY(first->delayMs >= 20 && first->delayMs <= 24); // 20 ms plus up to 20 % jitter
        server = std::make_unique<QtServer>();
        QVERIFY(server->listen(port));
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->count(State::open), 2, kBigCapMs);
        session->sendText("back");
        QTRY_COMPARE(m_recorder->receivedData(), 1);
        session->close();
        QTRY_COMPARE(server->closeCode, 1000);
        QTRY_COMPARE(m_recorder->states().back().state, State::closed);
        QCOMPARE(m_recorder->states().back().closeCode, 1000);
        QVERIFY(!m_recorder->states().back().error);
    }

    void connectFailureIsReported() {
        test::ClosedPort closedPort;
        auto session = open({.url = "ws://127.0.0.1:" + std::to_string(closedPort.port)});
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QVERIFY2(m_recorder->last(State::closed)->error.kind == core::ErrorKind::connect,
                 m_recorder->last(State::closed)->error.message.c_str());
        auto bad = open({.url = "ftp://example.com/"});
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QVERIFY(m_recorder->last(State::closed)->error.message.find("ftp://") != std::string::npos);
        core::ws::SessionOptions badHeader{.url = "ws://127.0.0.1:1/"};
        badHeader.headers = {{"Bad Name", "x"}};
        auto refused = open(badHeader);
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QVERIFY(m_recorder->last(State::closed)->error.message.find("'Bad Name'") !=
                std::string::npos);
    }

    void callsFromManyThreadsKeepOrderPerThread() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&session, t] {
                for (int i = 0; i < 250; ++i)
                    session->sendText(std::to_string(t) + ":" + std::to_string(i));
            });
        for (auto& t : threads)
            t.join();
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->receivedData(), 1000, kBigCapMs);
        std::vector<int> next(4, 0);
        for (const auto& m : m_recorder->received()) {
            const int t = m.payload->at(0) - '0';
            QCOMPARE(std::stoi(m.payload->substr(2)), next[t]++);
        }
    }

    void engineDestroyedWithAnOpenSession() {
        QtServer server;
        QVERIFY(server.listen());
        auto session = open({.url = server.url(), .pingIntervalMs = 5});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        session->sendText(std::string(100'000, 'z'));
        m_engine.reset();           // sockets, timers and strand go with the io_context
        session->sendText("after"); // a no-op now, not a crash
        session->close();
        session.reset();
        m_engine = std::make_unique<core::Engine>(m_sink);
    }
};

QTEST_MAIN(TestWsClient)
#include "test_ws_client.moc"
