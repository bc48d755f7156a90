// core/ws client sessions against python3-websockets (tests/peers/ws_server.py): the peer Qt
// WebSockets cannot be for permessage-deflate, and a second opinion on fragments and
// subprotocols.

#include "integration/ws_recorder.h"
#include "support/python_peer.h"
#include "support/test_certificates.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace quiver;
using core::ws::Direction;
using core::ws::Opcode;
using core::ws::State;

namespace {

constexpr int kBigCapMs = 30'000; // a safety cap for a loaded machine, not a timing test

std::string wsUrl(const test::PythonPeer& peer) {
    return "ws://127.0.0.1:" + std::to_string(peer.port()) + "/";
}

} // namespace

class TestWsClientPython : public QObject {
    Q_OBJECT

private:
    test::NullSink m_sink;
    std::unique_ptr<core::Engine> m_engine;
    std::shared_ptr<test::WsRecorder> m_recorder;

    std::shared_ptr<core::ws::Session> open(core::ws::SessionOptions options) {
        return test::openRecorded(*m_engine, std::move(options), m_recorder);
    }
    // Sends text and waits for the next received data message.
    std::string ask(core::ws::Session& session, const std::string& text) {
        const int before = m_recorder->receivedData();
        session.sendText(text);
        if (!QTest::qWaitFor([&] { return m_recorder->receivedData() > before; }, kBigCapMs))
            return "<no answer>";
        std::vector<core::ws::Message> data;
        for (const auto& m : m_recorder->received())
            if (m.opcode == Opcode::text || m.opcode == Opcode::binary)
                data.push_back(m);
        return *data.back().payload;
    }

private slots:
    void init() { m_engine = std::make_unique<core::Engine>(m_sink); }
    void cleanup() { m_engine.reset(); }

    void deflate_data() {
        QTest::addColumn<bool>("serverCompresses");
        QTest::addColumn<bool>("weOffer");
        QTest::newRow("both on") << true << true;
        QTest::newRow("we do not offer") << true << false;
        QTest::newRow("server declines") << false << true;
    }
    void deflate() {
        QFETCH(bool, serverCompresses);
        QFETCH(bool, weOffer);
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py"),
                            serverCompresses ? QStringList{}
                                             : QStringList{QStringLiteral("--no-compression")}),
                 qPrintable(peer.errorString()));
        auto session = open({.url = wsUrl(peer), .deflate = weOffer});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        const bool negotiated = serverCompresses && weOffer;
        QCOMPARE(m_recorder->last(State::open)->deflate, negotiated);
        // The server's own view of the handshake.
        QCOMPARE(ask(*session, "!extensions"),
                 std::string(negotiated ? "permessage-deflate" : "none"));
        // Compressible and incompressible data both survive the round trip.
        std::string big(1 << 20, 'a');
        for (std::size_t i = 0; i < big.size(); i += 7)
            big[i] = static_cast<char>('a' + (i * 31) % 26);
        QVERIFY(ask(*session, big) == big);
        std::string noise(4096, '\0');
        for (std::size_t i = 0; i < noise.size(); ++i)
            noise[i] = static_cast<char>((i * 2654435761u) >> 13);
        session->sendBinary(noise);
        QTRY_COMPARE(m_recorder->receivedData(), 3);
        QVERIFY(*m_recorder->received().back().payload == noise);
        session->close();
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        QVERIFY2(!m_recorder->last(State::closed)->error,
                 m_recorder->last(State::closed)->error.message.c_str());
    }

    void fragmentedMessageArrivesWhole() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        auto session = open({.url = wsUrl(peer)});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(ask(*session, "!fragments one ,two ,three"), std::string("one two three"));
        QCOMPARE(m_recorder->receivedData(), 1);
    }

    void subprotocolNegotiated() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        core::ws::SessionOptions options{.url = wsUrl(peer)};
        options.subprotocols = {"v2.unknown", "superchat", "chat"};
        auto session = open(options);
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(m_recorder->last(State::open)->subprotocol, std::string("superchat"));
        QCOMPARE(ask(*session, "!subprotocol"), std::string("superchat"));
        QVERIFY(core::model::findHeader(m_recorder->last(State::open)->responseHeaders,
                                        "Sec-WebSocket-Protocol") == std::string("superchat"));
    }

    void noSubprotocolWhenNoneOffered() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        auto session = open({.url = wsUrl(peer)});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(m_recorder->last(State::open)->subprotocol, std::string());
        QCOMPARE(ask(*session, "!subprotocol"), std::string("none"));
    }

    void wssVerifiesTheServer() {
        QTemporaryDir dir;
        test::TestCertificates certs;
        QString error;
        QVERIFY2(certs.generate(dir.path(), &error), qPrintable(error));
        test::PythonPeer peer;
        QVERIFY2(
            peer.start(QStringLiteral("ws_server.py"), {QStringLiteral("--cert"), certs.serverCert,
                                                        QStringLiteral("--key"), certs.serverKey}),
            qPrintable(peer.errorString()));
        const std::string url = "wss://127.0.0.1:" + std::to_string(peer.port()) + "/";
        // Our CA: verified, and the session works.
        auto trusted = open({.url = url, .caFile = certs.caCert.toStdString()});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(ask(*trusted, "over tls"), std::string("over tls"));
        // The system store does not know the test CA.
        auto unknown = open({.url = url});
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto refused = m_recorder->last(State::closed)->error;
        QVERIFY2(refused.kind == core::ErrorKind::tls, refused.message.c_str());
        QVERIFY2(refused.message.find("certificate") != std::string::npos, refused.message.c_str());
        // Unless verification is switched off for this session.
        auto insecure = open({.url = url, .insecure = true});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        QCOMPARE(ask(*insecure, "anyway"), std::string("anyway"));
    }

    void wssRefusesAnotherName() {
        QTemporaryDir dir;
        test::TestCertificates certs;
        QString error;
        QVERIFY2(certs.generate(dir.path(), &error), qPrintable(error));
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py"),
                            {QStringLiteral("--cert"), certs.otherNameCert, QStringLiteral("--key"),
                             certs.otherNameKey}),
                 qPrintable(peer.errorString()));
        const std::string url = "wss://127.0.0.1:" + std::to_string(peer.port()) + "/";
        auto session = open({.url = url, .caFile = certs.caCert.toStdString()});
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto refused = m_recorder->last(State::closed)->error;
        QVERIFY2(refused.kind == core::ErrorKind::tls, refused.message.c_str());
        QCOMPARE(m_recorder->count(State::open), 0);
    }

    void peerCloseCode() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        auto session = open({.url = wsUrl(peer)});
        QTRY_COMPARE(m_recorder->count(State::open), 1);
        session->sendText("!close 4005 enough now");
        QTRY_COMPARE(m_recorder->count(State::closed), 1);
        const auto closed = m_recorder->last(State::closed);
        QVERIFY(closed->closedByPeer);
        QCOMPARE(closed->closeCode, 4005);
        QCOMPARE(closed->closeReason, std::string("enough now"));
    }
};

QTEST_MAIN(TestWsClientPython)
#include "test_ws_client_python.moc"
