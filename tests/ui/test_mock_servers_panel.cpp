// The mock-server sidebar: servers with their state, URL and exposure warning; start, stop,
// copy URL, new, rename and delete; and the main window that docks it beside the editor.

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "io/workspace.h"
#include "main/main_window.h"
#include "mock/mock_servers_panel.h"
#include "mock/server_editor.h"
#include "mock_test_support.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <filesystem>
#include <optional>

using namespace quiver;

class MockServersPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
    }

    void init() {
        QVERIFY(m_dir.emplace().isValid());
        auto workspace = core::io::Workspace::create(m_dir->path().toStdString(), "test");
        QVERIFY(workspace);
        m_workspace.emplace(std::move(workspace.value()));
        core::model::MockServer local;
        local.name = "Local";
        local.routes.push_back(mocktest::route("hello", "/hello", "hi"));
        QVERIFY(m_workspace->saveMock(local));
        core::model::MockServer open = local;
        open.name = "Open";
        open.bindAddress = "0.0.0.0";
        QVERIFY(m_workspace->saveMock(open));
        m_bridge.emplace();
        m_host.emplace(m_bridge->engine());
        m_panel.emplace(*m_host);
        m_panel->showWorkspace(*m_workspace);
    }

    void cleanup() {
        m_panel.reset();
        m_host.reset();
        m_bridge.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void listsServersAndWarnsAboutExposedOnes() {
        auto* list = m_panel->list();
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(m_panel->selectedId(), QString("local"));
        QVERIFY(list->topLevelItem(0)->text(0).startsWith("Local\nstopped"));
        QVERIFY(list->topLevelItem(0)->toolTip(1).isEmpty());
        QVERIFY(list->topLevelItem(0)->icon(1).isNull());
        QVERIFY(list->topLevelItem(1)->text(0).startsWith("Open\n"));
        QVERIFY2(list->topLevelItem(1)->toolTip(1).contains("reachable from other machines"),
                 qPrintable(list->topLevelItem(1)->toolTip(1)));
        QVERIFY(!list->topLevelItem(1)->icon(1).isNull());
    }

    void startCopyAndStop() {
        m_panel->select("local");
        m_panel->startSelected();
        QTRY_VERIFY_WITH_TIMEOUT(m_host->isRunning("local"), 20000);
        const QString url = m_host->url("local");
        QTRY_VERIFY(m_panel->list()->topLevelItem(0)->text(0).contains(url));
        QCOMPARE(mocktest::get(url + "/hello").body, QByteArray("hi"));
        m_panel->copyUrl("local");
        QCOMPARE(QApplication::clipboard()->text(), url);
        m_panel->stopSelected();
        QTRY_VERIFY_WITH_TIMEOUT(m_host->state("local") == ui::MockHost::State::stopped, 20000);
        QVERIFY(m_panel->list()->topLevelItem(0)->text(0).contains("stopped"));
    }

    void failedStartIsShown() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress("127.0.0.1"), 0));
        core::model::MockServer busy;
        busy.name = "Busy";
        busy.port = taken.serverPort();
        QVERIFY(m_workspace->saveMock(busy));
        m_panel->refresh();
        QSignalSpy messages(&*m_panel, &ui::MockServersPanel::message);
        m_panel->startServer("busy");
        QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 20000);
        const QString port = QString::number(taken.serverPort());
        QVERIFY2(messages.first().at(0).toString().contains(port),
                 qPrintable(messages.first().at(0).toString()));
        auto* item = m_panel->list()->topLevelItem(0); // by file name: busy, local, open
        QVERIFY2(item->text(0).startsWith("Busy\nfailed"), qPrintable(item->text(0)));
        QVERIFY2(item->toolTip(0).contains(port), qPrintable(item->toolTip(0)));
    }

    void newRenameDelete() {
        const QString id = m_panel->newServer("Second API");
        QCOMPARE(id, QString("second-api"));
        QCOMPARE(m_panel->list()->topLevelItemCount(), 3);
        QCOMPARE(m_panel->selectedId(), id);
        const auto path =
            std::filesystem::path(m_dir->path().toStdString()) / "mocks" / "second-api.json";
        QVERIFY(std::filesystem::exists(path));

        QVERIFY(m_panel->renameServer(id, "Renamed"));
        QCOMPARE(m_workspace->loadMock("mocks/second-api.json")->name, std::string("Renamed"));
        QVERIFY(m_panel->list()->currentItem()->text(0).startsWith("Renamed\n"));

        m_panel->startServer(id);
        QTRY_VERIFY_WITH_TIMEOUT(m_host->isRunning(id), 20000);
        QVERIFY(m_panel->deleteServer(id));
        QVERIFY(!std::filesystem::exists(path));
        QCOMPARE(m_panel->list()->topLevelItemCount(), 2);
        QVERIFY(!m_workspace->findMock("mocks/second-api.json"));
        QTRY_VERIFY_WITH_TIMEOUT(m_host->state(id) == ui::MockHost::State::stopped, 20000);
    }

    void mainWindowDocksThePanelAndTheEditor() {
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme, m_dir->path());
        auto* panel = window.mockServersPanel();
        QVERIFY(panel);
        QVERIFY(qobject_cast<QDockWidget*>(panel->parentWidget()));
        QCOMPARE(panel->list()->topLevelItemCount(), 2);
        QStringList menus;
        for (auto* action : window.menuBar()->actions())
            menus << action->text();
        QVERIFY2(menus.contains("&Mock"), qPrintable(menus.join(",")));
        emit panel->serverOpened("open");
        QCOMPARE(window.serverEditor()->serverId(), QString("open"));
        QVERIFY(window.serverEditor()->isVisibleTo(&window));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::optional<core::io::Workspace> m_workspace;
    std::optional<ui::EngineBridge> m_bridge;
    std::optional<ui::MockHost> m_host;
    std::optional<ui::MockServersPanel> m_panel;
};

QTEST_MAIN(MockServersPanelTest)
#include "test_mock_servers_panel.moc"
