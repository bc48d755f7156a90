// A console on the engine's real session, against Qt WebSockets' QWebSocketServer (a peer
// nobody here wrote): connect with a subprotocol, send text and binary, see the echoes in the
// log, close with a code the server receives.

#include "bridge/engine_bridge.h"
#include "bridge/ws_host.h"
#include "ws/ws_composer.h"
#include "ws/ws_connect_bar.h"
#include "ws/ws_console.h"
#include "ws/ws_message_log.h"
#include "ws/ws_message_model.h"

#include <QLineEdit>
#include <QTcpServer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

using namespace quiver;
namespace ws = core::ws;

class WsConsoleE2eTest : public QObject {
    Q_OBJECT
private slots:
    void connectsSendsSeesEchoAndCloses() {
        QWebSocketServer server(QStringLiteral("echo"), QWebSocketServer::NonSecureMode);
        server.setSupportedSubprotocols({"chat.v2"});
        int closeCode = -1;
        QString closeReason;
        connect(&server, &QWebSocketServer::newConnection, this, [&] {
            QWebSocket* socket = server.nextPendingConnection();
            connect(socket, &QWebSocket::textMessageReceived, socket,
                    [socket](const QString& m) { socket->sendTextMessage(m); });
            connect(socket, &QWebSocket::binaryMessageReceived, socket,
                    [socket](const QByteArray& m) { socket->sendBinaryMessage(m); });
            connect(socket, &QWebSocket::disconnected, this, [&, socket] {
                closeCode = socket->closeCode();
                closeReason = socket->closeReason();
                socket->deleteLater();
            });
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        ui::EngineBridge bridge;
        ui::WsHost host(ui::engineSessionFactory(bridge.engine()));
        ui::WsConsole console(host, "e2e");
        core::model::Request request;
        request.kind = core::model::RequestKind::ws;
        request.url = "ws://127.0.0.1:" + std::to_string(server.serverPort()) + "/echo";
        request.ws.subprotocols = {"chat.v2"};
        console.setRequest(request);
        console.connectSession();
        QTRY_COMPARE_WITH_TIMEOUT(console.connectBar()->state(), ws::State::open, 20'000);
        QVERIFY2(console.connectBar()->infoText().contains("subprotocol chat.v2"),
                 qPrintable(console.connectBar()->infoText()));

        auto* composer = console.composer();
        composer->setText("hello over the wire");
        QVERIFY(composer->send());
        auto* model = console.log()->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 20'000);
        QCOMPARE(model->message(0).direction, ws::Direction::sent);
        QCOMPARE(model->message(1).direction, ws::Direction::received);
        QCOMPARE(*model->message(1).payload, std::string("hello over the wire"));

        composer->setMode(ui::WsComposer::Mode::binaryHex);
        composer->setText("00 ff 7f");
        QVERIFY(composer->send());
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 20'000);
        QCOMPARE(model->message(3).opcode, ws::Opcode::binary);
        QCOMPARE(*model->message(3).payload, std::string("\x00\xff\x7f", 3));

        console.disconnectSession(4001, "test over");
        QTRY_COMPARE_WITH_TIMEOUT(console.connectBar()->state(), ws::State::closed, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(closeCode, 4001, 20'000);
        QCOMPARE(closeReason, QString("test over"));
        QVERIFY2(console.connectBar()->infoText().contains("4001"),
                 qPrintable(console.connectBar()->infoText()));
    }

    void refusedConnectionIsShown() {
        QTcpServer probe; // a port nobody listens on any more
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ui::EngineBridge bridge;
        ui::WsHost host(ui::engineSessionFactory(bridge.engine()));
        ui::WsConsole console(host, "refused");
        core::model::Request request;
        request.url = "ws://127.0.0.1:" + std::to_string(port) + "/";
        console.setRequest(request);
        console.connectSession();
        QTRY_VERIFY_WITH_TIMEOUT(console.connectBar()->infoText().startsWith("Failed"), 20'000);
        QCOMPARE(console.connectBar()->state(), ws::State::closed);
    }
};

QTEST_MAIN(WsConsoleE2eTest)
#include "test_ws_console_e2e.moc"
