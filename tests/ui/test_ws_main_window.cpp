// The main window's way into WebSocket consoles: File > New WebSocket session, and a saved
// request of kind ws opened from the Requests dock lands in the WebSocket tab, one console each.

#include "bridge/engine_bridge.h"
#include "io/workspace.h"
#include "main/main_window.h"
#include "widgets/theme.h"
#include "ws/ws_connect_bar.h"
#include "ws/ws_console.h"
#include "ws/ws_panel.h"

#include <QAction>
#include <QLineEdit>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

class WsMainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
    }

    void savedWsRequestOpensAConsole() {
        QTemporaryDir dir;
        const QString root = dir.filePath("ws");
        std::string path;
        {
            auto workspace = core::io::Workspace::openOrCreate(root.toStdString(), "t");
            QVERIFY(workspace);
            core::model::Request request;
            request.name = "Live feed";
            request.kind = core::model::RequestKind::ws;
            request.url = "ws://127.0.0.1:9/feed";
            request.ws.snippets = {{"hi", core::model::WsSnippet::Kind::text, "hello"}};
            auto saved = workspace.value().saveRequest(request);
            QVERIFY(saved);
            path = saved.value();
        }
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme, root);
        auto* tabs = qobject_cast<QTabWidget*>(window.centralWidget());
        QVERIFY(tabs);
        window.openRequest(QString::fromStdString(path));
        QCOMPARE(tabs->currentWidget(), window.wsPanel());
        QCOMPARE(window.wsPanel()->consoleCount(), 1);
        auto* console = window.wsPanel()->currentConsole();
        QCOMPARE(console->path(), QString::fromStdString(path));
        QCOMPARE(console->connectBar()->urlEdit()->text(), QString("ws://127.0.0.1:9/feed"));
        QCOMPARE(console->request().ws.snippets.size(), std::size_t(1));
        window.openRequest(QString::fromStdString(path)); // the same file: the same console
        QCOMPARE(window.wsPanel()->consoleCount(), 1);

        QAction* action = nullptr;
        for (QAction* a : window.menuBar()->actions().first()->menu()->actions())
            if (a->text().contains("WebSocket"))
                action = a;
        QVERIFY(action);
        action->trigger();
        QCOMPARE(window.wsPanel()->consoleCount(), 2);
        QCOMPARE(tabs->currentWidget(), window.wsPanel());

        // File > Save with the WebSocket tab in view saves the console in view.
        window.wsPanel()->currentConsole()->connectBar()->urlEdit()->setText(
            "ws://127.0.0.1:9/second");
        QVERIFY(window.saveCurrentRequest());
        const QString second = window.wsPanel()->currentConsole()->path();
        QVERIFY(!second.isEmpty());
        auto workspace = core::io::Workspace::openOrCreate(root.toStdString(), "t");
        auto reloaded = workspace.value().loadRequest(second.toStdString());
        QVERIFY(reloaded);
        QCOMPARE(reloaded.value().url, std::string("ws://127.0.0.1:9/second"));
        QVERIFY(reloaded.value().kind == core::model::RequestKind::ws);
    }
};

QTEST_MAIN(WsMainWindowTest)
#include "test_ws_main_window.moc"
