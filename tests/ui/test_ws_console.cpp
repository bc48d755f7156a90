// The WebSocket console without a network: composer checks (JSON with line and column, hex),
// snippets through the request file, the connect bar's options into SessionOptions, and a
// console under a flood from a fake session.

#include "io/workspace.h"
#include "model/request_json.h"
#include "request/key_value_table.h"
#include "ws/session_options.h"
#include "ws/ws_composer.h"
#include "ws/ws_connect_bar.h"
#include "ws/ws_console.h"
#include "ws/ws_message_log.h"
#include "ws/ws_message_model.h"
#include "ws/ws_panel.h"
#include "ws/ws_payload.h"
#include "ws/ws_snippet_list.h"
#include "ws_test_support.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;
using core::model::WsSnippet;
using ui::WsComposer;
using wstest::FakeSessions;
namespace ws = core::ws;

class WsConsoleTest : public QObject {
    Q_OBJECT
private slots:
    void jsonErrorsNameLineAndColumn() {
        QCOMPARE(ui::jsonError(R"({"a": [1, 2]})"), QString());
        const QString error = ui::jsonError("{\n  \"a\": 1,\n  \"b\": tru\n}");
        QVERIFY2(error.startsWith("line 3, column "), qPrintable(error));
        QVERIFY2(error.contains("invalid literal"), qPrintable(error));
        // Columns count characters, not bytes.
        const QString wide = ui::jsonError(QString::fromUtf8("[\"ééé\", x]"));
        QVERIFY2(wide.startsWith("line 1, column 9"), qPrintable(wide));
        QVERIFY(!ui::jsonError("").isEmpty());
        QVERIFY(!ui::jsonError("{} {}").isEmpty());
    }

    void hexParsing() {
        auto ok = ui::parseHex("0a 1B\nff\t00");
        QVERIFY(ok.error.isEmpty());
        QCOMPARE(ok.bytes, std::string("\x0a\x1b\xff\x00", 4));
        QCOMPARE(ui::parseHex("").bytes, std::string());
        auto stray = ui::parseHex("0a zz");
        QCOMPARE(stray.error, QString("position 4: 'z' is not a hex digit"));
        auto odd = ui::parseHex("abc");
        QCOMPARE(odd.error, QString("3 hex digits: a byte needs two"));
    }

    void composerValidatesLiveAndSends() {
        WsComposer composer;
        composer.setConnected(true);
        QSignalSpy sent(&composer, &WsComposer::sendRequested);
        composer.setMode(WsComposer::Mode::json);
        composer.setText("{\"a\": }");
        QVERIFY2(composer.error().startsWith("line 1, column 7"), qPrintable(composer.error()));
        QVERIFY(!composer.send());
        QCOMPARE(sent.count(), 0);
        composer.setText("{\"a\": 2}");
        QVERIFY(composer.error().isEmpty());
        QVERIFY(composer.send());
        QCOMPARE(sent.last().at(0).toBool(), false);
        QCOMPARE(sent.last().at(1).toByteArray(), QByteArray("{\"a\": 2}"));

        composer.setMode(WsComposer::Mode::binaryHex);
        QVERIFY(!composer.error().isEmpty()); // the JSON is not hex
        composer.setText("de ad be ef");
        QVERIFY(composer.send());
        QCOMPARE(sent.last().at(0).toBool(), true);
        QCOMPARE(sent.last().at(1).toByteArray(), QByteArray("\xde\xad\xbe\xef"));

        // Ctrl+Enter in the editor sends (a window action has the same keys: the editor wins).
        auto* editor = composer.findChild<QPlainTextEdit*>();
        QVERIFY(editor);
        const int before = sent.count();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(sent.count(), before + 1);

        composer.setMaxBytes(2);
        composer.setText("00 01 02");
        QVERIFY2(composer.error().contains("over the message size limit"),
                 qPrintable(composer.error()));
    }

    void binaryFromAFile() {
        QTemporaryDir dir;
        QFile file(dir.filePath("blob.bin"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("\x00\x01\x02\x03", 4));
        file.close();
        WsComposer composer;
        composer.setConnected(true);
        QSignalSpy loaded(&composer, &WsComposer::fileLoaded);
        composer.loadFile(file.fileName());
        QVERIFY(loaded.wait());
        QSignalSpy sent(&composer, &WsComposer::sendRequested);
        QVERIFY(composer.send());
        QCOMPARE(sent.last().at(1).toByteArray(), QByteArray("\x00\x01\x02\x03", 4));
        composer.clearFile();
        QVERIFY(!composer.hasFile());
    }

    void snippetsRoundTripThroughTheRequestFile() {
        FakeSessions fakes;
        ui::WsHost host(fakes.factory());
        ui::WsConsole console(host, "c");
        core::model::Request request;
        request.kind = core::model::RequestKind::ws;
        request.url = "ws://127.0.0.1:9/chat";
        console.setRequest(request);
        auto* composer = console.composer();
        composer->setMode(WsComposer::Mode::json);
        composer->setText("{\"op\": \"join\"}");
        QVERIFY(composer->saveAsSnippet("join"));
        composer->setMode(WsComposer::Mode::binaryHex);
        composer->setText("00ff");
        QVERIFY(composer->saveAsSnippet("raw"));
        composer->setMode(WsComposer::Mode::text);
        composer->setText("hello");
        QVERIFY(composer->saveAsSnippet("hi"));
        composer->snippetList()->rename(2, "greeting");
        composer->snippetList()->remove(1);

        const auto document = core::model::toJson(console.request());
        auto reloaded = core::model::requestFromJson(nlohmann::json::parse(document.dump(2)),
                                                     "requests/chat.json");
        QVERIFY(reloaded);
        const std::vector<WsSnippet> expected = {
            {"join", WsSnippet::Kind::json, "{\"op\": \"join\"}"},
            {"greeting", WsSnippet::Kind::text, "hello"}};
        QVERIFY(reloaded.value().ws.snippets == expected);

        ui::WsConsole again(host, "d");
        again.setRequest(reloaded.value());
        QCOMPARE(again.composer()->snippetList()->list()->count(), 2);
        QCOMPARE(again.composer()->snippetList()->list()->item(1)->text(), QString("greeting"));
        // A snippet is sent as its kind says, once the session is open.
        again.connectSession();
        QCOMPARE(fakes.made.size(), std::size_t(1));
        fakes.made[0]->observer->onState({ws::State::open});
        QTRY_COMPARE(again.connectBar()->state(), ws::State::open);
        QVERIFY(again.composer()->sendSnippet(again.composer()->snippets()[0]));
        QCOMPARE(fakes.made[0]->sentText, std::vector<std::string>{"{\"op\": \"join\"}"});
    }

    void connectBarBuildsSessionOptions() {
        core::model::Request request;
        request.kind = core::model::RequestKind::ws;
        request.url = "wss://example.test/feed";
        request.headers = {{"X-On", "1", true}, {"X-Off", "0", false}};
        request.settings.insecure = true;
        request.settings.caFile = "ca.pem";
        request.ws.subprotocols = {"v2", "v1"};
        request.ws.deflate = false;
        request.ws.pingIntervalMs = 5000;
        request.ws.autoReconnect = true;
        request.ws.maxMessageBytes = 3 << 20;
        ui::WsConnectBar bar;
        bar.setRequest(request);
        core::model::Request edited;
        bar.applyTo(edited);
        QCOMPARE(edited.url, request.url);
        QVERIFY(edited.headers == request.headers);
        QVERIFY(edited.ws == request.ws);
        QCOMPARE(edited.settings.insecure, true);

        const ws::SessionOptions options = ws::sessionOptionsFor(request);
        QCOMPARE(options.url, request.url);
        QCOMPARE(options.headers.size(), std::size_t(1)); // enabled rows only
        QCOMPARE(options.headers[0].name, std::string("X-On"));
        QCOMPARE(options.subprotocols, (std::vector<std::string>{"v2", "v1"}));
        QCOMPARE(options.deflate, false);
        QCOMPARE(options.pingIntervalMs, 5000u);
        QCOMPARE(options.reconnect.enabled, true);
        QCOMPARE(options.maxMessageBytes, std::uint64_t(3) << 20);
        QCOMPARE(options.insecure, true);
        QCOMPARE(options.caFile, std::string("ca.pem"));
    }

    void consoleShowsStatesAndFloodCounts() {
        FakeSessions fakes;
        ui::WsHost host(fakes.factory());
        ui::WsConsole console(host, "f");
        core::model::Request request;
        request.url = "ws://127.0.0.1:9/";
        console.setRequest(request);
        console.connectSession();
        auto observer = fakes.made[0]->observer;
        ws::StateChange open{ws::State::open};
        open.subprotocol = "chat.v2";
        observer->onState(open);
        QTRY_COMPARE(console.connectBar()->statusText(), QString("Connected"));
        QVERIFY2(console.connectBar()->infoText().contains("subprotocol chat.v2"),
                 qPrintable(console.connectBar()->infoText()));
        for (int i = 0; i < 50'000; ++i)
            observer->onMessage(wstest::message("m"));
        ws::StateChange closed{ws::State::closed};
        closed.closeCode = 4002;
        closed.closeReason = "done";
        closed.closedByPeer = true;
        observer->onState(closed);
        QTRY_COMPARE(console.connectBar()->state(), ws::State::closed);
        QCOMPARE(console.log()->model()->rowCount(), int(ui::WsHost::kMaxQueued));
        QVERIFY2(console.log()->statusText().contains(
                     QString("%1 dropped from view")
                         .arg(QLocale().toString(qulonglong(50'000 - ui::WsHost::kMaxQueued)))),
                 qPrintable(console.log()->statusText()));
        QCOMPARE(console.connectBar()->infoText(), QString("Closed by the peer with 4002 done"));
    }

    void panelSavesIntoTheWorkspaceAndReopens() {
        QTemporaryDir dir;
        auto workspace = core::io::Workspace::openOrCreate(dir.path().toStdString(), "t");
        QVERIFY(workspace);
        FakeSessions fakes;
        ui::WsPanel panel(fakes.factory());
        panel.setWorkspace(&workspace.value());
        auto* console = panel.newSession();
        QCOMPARE(panel.consoleCount(), 1);
        console->connectBar()->urlEdit()->setText("ws://127.0.0.1:7/live");
        console->composer()->setText("ping!");
        QSignalSpy saved(&panel, &ui::WsPanel::saved);
        QVERIFY(panel.save(console));
        const QString path = saved.last().at(0).toString();
        QVERIFY2(path.startsWith("requests/"), qPrintable(path));
        // Adding a snippet to a saved session writes the file again.
        QVERIFY(console->composer()->saveAsSnippet("p"));
        QCOMPARE(saved.count(), 2);
        QCOMPARE(saved.last().at(0).toString(), path);
        auto loaded = workspace.value().loadRequest(path.toStdString());
        QVERIFY(loaded);
        QVERIFY(loaded.value().kind == core::model::RequestKind::ws);
        QCOMPARE(loaded.value().url, std::string("ws://127.0.0.1:7/live"));
        QCOMPARE(loaded.value().ws.snippets.size(), std::size_t(1));
        // Opening the same file again focuses its console; a second session is a second tab.
        QCOMPARE(panel.openRequest(path, loaded.value()), console);
        panel.newSession();
        QCOMPARE(panel.consoleCount(), 2);
    }
};

QTEST_MAIN(WsConsoleTest)
#include "test_ws_console.moc"
