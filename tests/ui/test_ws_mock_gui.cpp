// Mock WebSocket endpoints in the GUI: the route editor edits a WebSocket endpoint through its
// widgets and the server editor saves it (and refuses a broken rule), and the clients panel
// follows a real server's clients as Qt WebSockets (a peer we did not write) sees them.

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "io/workspace.h"
#include "mock/route_editor.h"
#include "mock/route_table.h"
#include "mock/route_table_model.h"
#include "mock/server_editor.h"
#include "mock/ws_client_messages_model.h"
#include "mock/ws_clients_model.h"
#include "mock/ws_clients_panel.h"
#include "mock/ws_endpoint_editor.h"
#include "mock_test_support.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>
#include <optional>

using namespace quiver;
using core::model::WsEndpoint;
using core::model::WsRule;
using ui::WsClientMessagesModel;
using ui::WsEndpointEditor;

namespace {

void selectData(QComboBox* box, int value) {
    const int index = box->findData(value);
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
}

// Fills the selected rule row as a user would: the match combo, then the three cells.
void editRule(WsEndpointEditor* ws, int row, WsRule::Match match, const QString& pointer,
              const QString& value, const QString& reply) {
    QTableWidget* rules = ws->rulesTable();
    auto* combo = qobject_cast<QComboBox*>(rules->cellWidget(row, WsEndpointEditor::matchColumn));
    QVERIFY(combo);
    selectData(combo, static_cast<int>(match));
    rules->item(row, WsEndpointEditor::pointerColumn)->setText(pointer);
    rules->item(row, WsEndpointEditor::valueColumn)->setText(value);
    rules->item(row, WsEndpointEditor::replyColumn)->setText(reply);
}

QString previewOf(const WsClientMessagesModel& model, int row) {
    return model.data(model.index(row, WsClientMessagesModel::previewColumn)).toString();
}

int rowsOfKind(const WsClientMessagesModel& model, core::mock::WsEvent::Kind kind,
               const QString& text) {
    int count = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.eventAt(row).kind == kind && previewOf(model, row) == text)
            ++count;
    return count;
}

} // namespace

class WsMockGuiTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY(m_dir.emplace().isValid());
        auto workspace = core::io::Workspace::create(m_dir->path().toStdString(), "test");
        QVERIFY(workspace);
        m_workspace.emplace(std::move(workspace.value()));
        core::model::MockServer server;
        server.name = "Realtime";
        server.routes.push_back(mocktest::route("chat", "/ws/chat", "not yet"));
        QVERIFY(m_workspace->saveMock(server));
        m_bridge.emplace();
        m_host.emplace(m_bridge->engine());
    }

    void cleanup() {
        m_host.reset();
        m_bridge.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void modelsAreBoundedAndBatched() {
        using core::mock::WsEvent;
        ui::WsClientsModel clients;
        QAbstractItemModelTester tester(&clients);
        QSignalSpy inserted(&clients, &QAbstractItemModel::rowsInserted);
        std::uint64_t nextId = 0;
        auto event = [&](WsEvent::Kind kind, std::uint64_t client) {
            WsEvent e;
            e.id = ++nextId;
            e.kind = kind;
            e.clientId = client;
            e.routeId = "chat";
            e.payload = std::make_shared<const std::string>("m");
            e.size = 1;
            return e;
        };
        // 300 clients connect and leave in one batch: one insertion, closed ones capped.
        std::vector<WsEvent> batch;
        for (std::uint64_t c = 1; c <= 300; ++c) {
            batch.push_back(event(WsEvent::Kind::connected, c));
            batch.push_back(event(WsEvent::Kind::closed, c));
        }
        batch.push_back(event(WsEvent::Kind::connected, 301));
        clients.applyBatch(batch);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(clients.rowCount(), ui::WsClientsModel::kMaxClosedClients + 1);
        QCOMPARE(clients.openCount(), 1);
        QCOMPARE(clients.clientAt(0).info.id, std::uint64_t(101)); // the oldest 100 went
        // A flood from one client: the stored events stay capped.
        batch.clear();
        for (std::size_t i = 0; i < ui::WsClientsModel::kMaxEvents + 5000; ++i)
            batch.push_back(event(WsEvent::Kind::messageIn, 301));
        clients.applyBatch(batch);
        QCOMPARE(clients.storedEvents(), ui::WsClientsModel::kMaxEvents);
        const int row = clients.rowOfClient(301);
        QCOMPARE(clients.clientAt(row).info.messagesIn,
                 std::uint64_t(ui::WsClientsModel::kMaxEvents + 5000));

        ui::WsClientMessagesModel messages;
        QAbstractItemModelTester messagesTester(&messages);
        messages.setEvents(301, clients.clientAt(row).events);
        QCOMPARE(messages.rowCount(), WsClientMessagesModel::kMaxRows);
        QSignalSpy appended(&messages, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&messages, &QAbstractItemModel::rowsRemoved);
        messages.appendBatch(batch);
        QCOMPARE(appended.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(messages.rowCount(), WsClientMessagesModel::kMaxRows);
        QCOMPARE(messages.eventAt(messages.rowCount() - 1).id, batch.back().id);
    }

    void routeEditorRoundTripsAnEndpoint() {
        ui::ServerEditor editor(*m_host);
        editor.setWorkspace(&*m_workspace);
        editor.showServer("realtime");
        ui::RouteEditor* route = editor.routeEditor();
        selectData(route->kindBox(), static_cast<int>(core::model::MockRoute::Kind::ws));
        WsEndpointEditor* ws = route->wsEditor();
        QVERIFY(ws->isVisible() || !editor.isVisible()); // the response list is replaced
        selectData(ws->kindBox(), static_cast<int>(WsEndpoint::Kind::scripted));
        ws->excludeSenderBox()->setChecked(true);
        ws->subprotocolsEdit()->setText("chat.v2, chat.v1");
        emit ws->subprotocolsEdit()->textEdited(ws->subprotocolsEdit()->text());
        ws->deflateBox()->setChecked(false);
        ws->maxMessageBox()->setValue(4096);
        ws->closeAfterBox()->setValue(3);
        ws->closeCodeBox()->setValue(4001);
        ws->closeReasonEdit()->setText("bye");
        emit ws->closeReasonEdit()->textEdited("bye");
        ws->onConnectEdit()->setText("hello {{request.query.name}}");
        emit ws->onConnectEdit()->textEdited(ws->onConnectEdit()->text());
        ws->pushGroup()->setChecked(true);
        ws->pushIntervalBox()->setValue(250);
        ws->pushTextEdit()->setText("tick {{$counter}}");
        emit ws->pushTextEdit()->textEdited(ws->pushTextEdit()->text());
        QTest::mouseClick(ws->addRuleButton(), Qt::LeftButton);
        editRule(ws, 0, WsRule::Match::regex, "", "^ping (\\d+)$", "pong");
        QTest::mouseClick(ws->addRuleButton(), Qt::LeftButton);
        editRule(ws, 1, WsRule::Match::jsonPointerEquals, "/type", "\"hi\"",
                 "hi {{message.json:/name}}");
        // Reorder: the JSON rule first.
        ws->rulesTable()->setCurrentCell(1, WsEndpointEditor::valueColumn);
        QPushButton* up = nullptr;
        for (auto* button : ws->findChildren<QPushButton*>())
            if (button->text() == "Up")
                up = button;
        QVERIFY(up && up->isEnabled());
        QTest::mouseClick(up, Qt::LeftButton);
        QVERIFY(ws->problem().isEmpty());
        QVERIFY(ws->problemLabel()->isHidden());
        QVERIFY(editor.hasPendingEdits()); // debounced, as every edit
        QTRY_VERIFY_WITH_TIMEOUT(!editor.hasPendingEdits(), 5000);
        QVERIFY(editor.messageText().isEmpty());

        auto loaded = m_workspace->loadMock("mocks/realtime.json");
        QVERIFY(loaded);
        const auto& saved = loaded->routes.at(0);
        QVERIFY(saved.kind == core::model::MockRoute::Kind::ws);
        QCOMPARE(saved.methods, std::vector<std::string>{"GET"});
        WsEndpoint expected;
        expected.kind = WsEndpoint::Kind::scripted;
        expected.excludeSender = true;
        expected.subprotocols = {"chat.v2", "chat.v1"};
        expected.deflate = false;
        expected.maxMessageBytes = 4096;
        expected.closeAfterMessages = 3;
        expected.closeCode = 4001;
        expected.closeReason = "bye";
        expected.onConnect = "hello {{request.query.name}}";
        expected.push = core::model::WsPush{250, "tick {{$counter}}"};
        expected.rules = {
            {WsRule::Match::jsonPointerEquals, "\"hi\"", "/type", "hi {{message.json:/name}}"},
            {WsRule::Match::regex, "^ping (\\d+)$", "", "pong"}};
        QVERIFY(saved.ws == expected);
        QFile file(m_dir->path() + "/mocks/realtime.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        QVERIFY2(json.contains("\"kind\": \"ws\""), json.constData());
        QVERIFY2(json.contains("\"scripted\"") && json.contains("jsonPointerEquals"),
                 json.constData());
        // The route table says what the route is.
        auto* table = editor.routeTable()->model();
        QCOMPARE(table->data(table->index(0, ui::RouteTableModel::methodsColumn)).toString(),
                 QString("WS"));

        // Opened again, the widgets show what was saved.
        editor.showServer("realtime");
        QVERIFY(route->wsEditor()->endpoint() == expected);
    }

    void badRuleRegexIsShownAndNotSaved() {
        ui::ServerEditor editor(*m_host);
        editor.setWorkspace(&*m_workspace);
        editor.showServer("realtime");
        WsEndpointEditor* ws = editor.routeEditor()->wsEditor();
        selectData(editor.routeEditor()->kindBox(),
                   static_cast<int>(core::model::MockRoute::Kind::ws));
        selectData(ws->kindBox(), static_cast<int>(WsEndpoint::Kind::scripted));
        QTest::mouseClick(ws->addRuleButton(), Qt::LeftButton);
        editRule(ws, 0, WsRule::Match::regex, "", "(ab", "never");
        QVERIFY(!ws->problemLabel()->isHidden());
        QVERIFY2(ws->problemLabel()->text().contains("rule 1") &&
                     ws->problemLabel()->text().contains("regex"),
                 qPrintable(ws->problemLabel()->text()));
        QVERIFY(!editor.applyNow());
        QVERIFY2(editor.messageText().contains("regex"), qPrintable(editor.messageText()));
        // The file keeps its last good state.
        QVERIFY(m_workspace->loadMock("mocks/realtime.json")->routes.at(0).kind ==
                core::model::MockRoute::Kind::http);
        // Fixed, it saves.
        ws->rulesTable()->item(0, WsEndpointEditor::valueColumn)->setText("(ab)");
        QVERIFY(ws->problemLabel()->isHidden());
        QVERIFY(editor.applyNow());
        QCOMPARE(m_workspace->loadMock("mocks/realtime.json")->routes.at(0).ws.rules.at(0).value,
                 std::string("(ab)"));
    }

    void clientsPanelFollowsARealServer() {
        core::model::MockServer config;
        config.id = "live";
        config.name = "live";
        core::model::MockRoute echo;
        echo.id = "echo";
        echo.kind = core::model::MockRoute::Kind::ws;
        echo.methods = {"GET"};
        echo.pattern = "/ws/echo";
        config.routes.push_back(echo);
        ui::WsClientsPanel panel(*m_host);
        panel.resize(900, 600);
        panel.setServer("live");
        QAbstractItemModelTester messagesTester(panel.messagesModel());
        QSignalSpy started(&*m_host, &ui::MockHost::started);
        m_host->start(config);
        QVERIFY(started.wait(20000));
        QString url = m_host->url("live");
        url.replace("http://", "ws://");

        QWebSocket socket;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QSignalSpy received(&socket, &QWebSocket::textMessageReceived);
        QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
        socket.open(QUrl(url + "/ws/echo"));
        QVERIFY(connected.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(panel.clientsModel()->rowCount(), 1, 20000);
        QCOMPARE(panel.clientsModel()->openCount(), 1);
        const auto& client = panel.clientsModel()->clientAt(0);
        QCOMPARE(client.info.routeId, std::string("echo"));
        QVERIFY2(QString::fromStdString(client.info.remoteAddress).startsWith("127.0.0.1:"),
                 client.info.remoteAddress.c_str());
        panel.selectClient(client.info.id);
        QCOMPARE(panel.selectedClient(), client.info.id);

        socket.sendTextMessage("hi");
        QVERIFY(received.wait(20000)); // the echo
        QCOMPARE(received.first().at(0).toString(), QString("hi"));
        const auto& messages = *panel.messagesModel();
        QAbstractItemModelTester clientsTester(panel.clientsModel());
        using Kind = core::mock::WsEvent::Kind;
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(messages, Kind::messageIn, "hi"), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(messages, Kind::messageOut, "hi"), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            panel.clientsModel()
                ->data(panel.clientsModel()->index(0, ui::WsClientsModel::inColumn))
                .toULongLong(),
            1ull, 20000);

        panel.composer()->setText("from the panel");
        QVERIFY(panel.sendButton()->isEnabled());
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 20000);
        QCOMPARE(received.at(1).at(0).toString(), QString("from the panel"));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(messages, Kind::messageOut, "from the panel"), 1,
                                  20000);

        // A second client of the route: "send to all" reaches both.
        QWebSocket other;
        QSignalSpy otherConnected(&other, &QWebSocket::connected);
        QSignalSpy otherReceived(&other, &QWebSocket::textMessageReceived);
        other.open(QUrl(url + "/ws/echo"));
        QVERIFY(otherConnected.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(panel.clientsModel()->openCount(), 2, 20000);
        QCOMPARE(panel.selectedClient(), client.info.id); // the selection stays
        panel.composer()->setText("to everyone");
        QTest::mouseClick(panel.broadcastButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, 20000);
        QCOMPARE(received.at(2).at(0).toString(), QString("to everyone"));
        QTRY_COMPARE_WITH_TIMEOUT(otherReceived.size(), 1, 20000);
        QCOMPARE(otherReceived.at(0).at(0).toString(), QString("to everyone"));

        // Another server shown and back: the list and its messages were kept.
        panel.setServer("elsewhere");
        QCOMPARE(panel.clientsModel()->rowCount(), 0);
        panel.setServer("live");
        QCOMPARE(panel.clientsModel()->openCount(), 2);
        panel.selectClient(client.info.id);
        QCOMPARE(rowsOfKind(*panel.messagesModel(), Kind::messageIn, "hi"), 1);
        QCOMPARE(rowsOfKind(*panel.messagesModel(), Kind::messageOut, "from the panel"), 1);

        panel.closeCodeBox()->setValue(4000);
        panel.closeReasonEdit()->setText("bye from the panel");
        QTest::mouseClick(panel.closeButton(), Qt::LeftButton);
        QVERIFY(disconnected.wait(20000));
        QCOMPARE(int(socket.closeCode()), 4000);
        QCOMPARE(socket.closeReason(), QString("bye from the panel"));
        QTRY_COMPARE_WITH_TIMEOUT(panel.clientsModel()->openCount(), 1, 20000);
        const int row = panel.clientsModel()->rowOfClient(client.info.id);
        QVERIFY(panel.clientsModel()->clientAt(row).closed);
        QCOMPARE(panel.clientsModel()->clientAt(row).closeCode, std::uint16_t(4000));
        QVERIFY(panel.clientsModel()
                    ->data(panel.clientsModel()->index(row, 0), Qt::ForegroundRole)
                    .isValid()); // greyed
        QTRY_VERIFY_WITH_TIMEOUT(!panel.sendButton()->isEnabled(), 20000);
        other.close();
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::optional<core::io::Workspace> m_workspace;
    std::optional<ui::EngineBridge> m_bridge;
    std::optional<ui::MockHost> m_host;
};

QTEST_MAIN(WsMockGuiTest)
#include "test_ws_mock_gui.moc"
