// History in the GUI: a real send from the request panel to a local server is recorded
// (redacted) in .quiver/history.jsonl and listed newest first; the search narrows the list;
// a double-click reopens the request in the editor; an entry is saved into the collection;
// the assertion results of the send appear in the Tests tab; the history exports as HAR
// without the secret.

#include "bridge/engine_bridge.h"
#include "gui5_test_support.h"
#include "io/history.h"
#include "main/main_window.h"
#include "main/workspace_actions.h"
#include "request/assertions_editor.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "support/beast_test_server.h"
#include "widgets/theme.h"
#include "workspace/history_panel.h"

#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>

using namespace quiver;

namespace {

constexpr auto kCanary = "CANARY-7f3a-history";

QString readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class HistoryPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY(m_dir.isValid());
        test::isolateUserConfig(m_dir);
    }

    void sendsAreRecordedSearchedAndReopened() {
        test::BeastTestServer server([](const test::ReceivedRequest& request) {
            test::Reply reply;
            reply.status = request.target.starts_with("/missing") ? 404 : 200;
            reply.headers = {{"Content-Type", "application/json"}};
            reply.body = R"({"ok": true})";
            return reply;
        });
        const QString root = QDir(m_dir.path()).filePath("ws");
        ui::WorkspaceSession session;
        QString error;
        QVERIFY2(session.open(root, &error), qPrintable(error));
        QVERIFY(!session.secrets()->set(core::io::secretKeyForWorkspace("token"), kCanary));

        ui::EngineBridge bridge;
        QMainWindow window;
        auto* panel = new ui::RequestPanel(bridge, &window);
        window.setCentralWidget(panel);
        core::model::Request reopened;
        ui::WorkspaceActions actions(
            window, bridge, session,
            {[panel] { return panel; }, [&](const core::model::Request& r) { reopened = r; }});
        actions.watch(panel);
        actions.watch(panel); // twice: still one entry per send
        window.resize(1200, 700);
        window.show();

        core::model::Request request;
        request.name = "Ping";
        request.url = server.url("/ping?q=1");
        request.headers.push_back({"Authorization", std::string("Bearer ") + kCanary, true});
        request.headers.push_back({"X-Trace", kCanary, true});
        core::model::Assertion ok;
        ok.kind = core::model::Assertion::Kind::status;
        ok.value = "200";
        core::model::Assertion wrong;
        wrong.kind = core::model::Assertion::Kind::body;
        wrong.op = core::model::Assertion::Op::contains;
        wrong.value = "absent";
        request.assertions = {ok, wrong};
        panel->setRequest(request);
        panel->setSourcePath("requests/ping.json");
        QSignalSpy finished(panel, &ui::RequestPanel::finished);
        panel->send();
        QVERIFY(finished.wait(20000));

        auto* history = actions.historyPanel();
        QTRY_COMPARE(history->model()->rowCount(), 1);
        const auto* entry = history->model()->entryAt(0);
        QCOMPARE(entry->status, 200);
        QCOMPARE(entry->sourcePath, std::string("requests/ping.json"));
        QCOMPARE(entry->request.method, std::string("GET"));
        QVERIFY(entry->bodyPreview.find("\"ok\"") != std::string::npos);

        // The Tests tab shows each assertion's outcome.
        auto* tests = panel->editor()->assertionsEditor();
        auto* table = tests->assertionTable();
        QCOMPARE(table->item(0, ui::AssertionsEditor::aResult)->data(Qt::UserRole).toBool(), true);
        QCOMPARE(table->item(1, ui::AssertionsEditor::aResult)->data(Qt::UserRole).toBool(), false);
        QCOMPARE(tests->resultSummary(), QString("1 of 2 passed"));

        core::model::Request second;
        second.url = server.url("/missing/thing");
        panel->setRequest(second);
        panel->setSourcePath({});
        panel->send();
        QVERIFY(finished.wait(20000));
        QTRY_COMPARE(history->model()->rowCount(), 2);
        QCOMPARE(history->model()->entryAt(0)->status, 404); // newest first
        QCOMPARE(
            history->model()
                ->data(history->model()->index(0, ui::HistoryModel::statusColumn), Qt::DisplayRole)
                .toString(),
            QString("404"));

        // Written to disk, redacted.
        const QString file = root + "/.quiver/history.jsonl";
        const QString stored = readAll(file);
        QCOMPARE(stored.count('\n'), 2);
        QVERIFY2(!stored.contains(kCanary), qPrintable(stored));
        QVERIFY(stored.contains("<redacted>"));

        // Search through the box.
        QTest::keyClicks(history->searchEdit(), "missing");
        QTRY_COMPARE(history->model()->rowCount(), 1);
        QVERIFY(history->model()->entryAt(0)->request.url.find("/missing") != std::string::npos);
        history->searchEdit()->clear();
        QTRY_COMPARE(history->model()->rowCount(), 2);

        // Double-click on the older entry reopens it in the editor.
        history->view()->scrollTo(history->model()->index(1, 0));
        const QRect cell = history->view()->visualRect(history->model()->index(1, 2));
        QVERIFY2(history->view()->viewport()->rect().contains(cell.center()),
                 "the entry is not visible");
        // A double-click is a press, a release and a second press that is the double click.
        QTest::mouseClick(history->view()->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(history->view()->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE(reopened.url, server.url("/ping?q=1"));

        // Save into the collection.
        QVERIFY2(actions.saveHistoryRequest(history->model()->entryAt(1)->request, "", &error),
                 qPrintable(error));
        QCOMPARE(session.workspace().allItems().size(), std::size_t(1));

        // HAR from the history panel: both entries, no secret.
        const QString har = QDir(m_dir.path()).filePath("history.har");
        QVERIFY2(actions.exportHistoryHar(har, &error), qPrintable(error));
        const QString harText = readAll(har);
        QVERIFY(harText.contains("\"entries\""));
        QVERIFY(harText.contains("/missing/thing"));
        QVERIFY(!harText.contains(kCanary));

        test::screenshot(window, "history_panel");

        // Reopened from disk (a new session), the entries are still there.
        ui::HistoryPanel again;
        QVERIFY(again.openStore(file));
        QCOMPARE(again.model()->rowCount(), 2);
        again.clear();
        QCOMPARE(again.model()->rowCount(), 0);
    }

    // The main window wires it all: a send from its request tab lands in the History dock,
    // the Runner tab and the menu entries are there.
    void mainWindowRecordsSends() {
        test::BeastTestServer server;
        ui::EngineBridge bridge;
        ui::Theme theme;
        ui::MainWindow window(bridge, theme, QDir(m_dir.path()).filePath("main"));
        auto* actions = window.workspaceActions();
        QVERIFY(actions && actions->historyDock() && actions->runnerPanel());
        QStringList menuItems;
        for (auto* menu : window.menuBar()->findChildren<QMenu*>())
            for (auto* action : menu->actions())
                menuItems << action->text();
        for (const char* item : {"&Import…", "&Export…", "&Generate code…", "C&ookies…"})
            QVERIFY2(menuItems.contains(item), item);
        core::model::Request request;
        request.url = server.url("/from-main-window");
        window.requestPanel()->setRequest(request);
        window.requestPanel()->send();
        QTRY_COMPARE_WITH_TIMEOUT(actions->historyPanel()->model()->rowCount(), 1, 20000);
        QCOMPARE(actions->historyPanel()->model()->entryAt(0)->request.url,
                 server.url("/from-main-window"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(HistoryPanelTest)
#include "test_history_panel.moc"
