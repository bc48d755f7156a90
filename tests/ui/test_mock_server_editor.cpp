// The server editor: the middleware chain reorders and toggles live, a settings form refuses
// invalid values without losing them, and routes added in the editor are answered by the
// running server.

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "io/workspace.h"
#include "mock/chain_editor.h"
#include "mock/middleware_chain_model.h"
#include "mock/middleware_form.h"
#include "mock/response_editor.h"
#include "mock/route_editor.h"
#include "mock/route_table.h"
#include "mock/route_table_model.h"
#include "mock/server_editor.h"
#include "mock/server_settings_form.h"
#include "mock_test_support.h"
#include "request/key_value_table.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

using namespace quiver;
using Kind = core::model::MiddlewareSpec::Kind;

namespace {

std::vector<std::string> layerIds(const core::model::MockServer& server) {
    std::vector<std::string> ids;
    for (const auto& layer : server.middleware)
        ids.push_back(layer.id);
    return ids;
}

} // namespace

class MockServerEditorTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY(m_dir.emplace().isValid());
        auto workspace = core::io::Workspace::create(m_dir->path().toStdString(), "test");
        QVERIFY(workspace);
        m_workspace.emplace(std::move(workspace.value()));
        core::model::MockServer server;
        server.name = "Shop";
        server.middleware = {core::model::defaultMiddleware(Kind::requestId),
                             core::model::defaultMiddleware(Kind::cors),
                             core::model::defaultMiddleware(Kind::securityHeaders),
                             core::model::defaultMiddleware(Kind::gzip)};
        server.routes.push_back(mocktest::route("hello", "/hello", "hello"));
        auto saved = m_workspace->saveMock(server);
        QVERIFY(saved);
        QCOMPARE(saved.value(), std::string("mocks/shop.json"));
        m_bridge.emplace();
        m_host.emplace(m_bridge->engine());
        m_editor.emplace(*m_host);
        m_editor->setWorkspace(&*m_workspace);
        m_editor->showServer("shop");
        m_editor->resize(1000, 700);
        QCOMPARE(m_editor->serverId(), QString("shop"));
    }

    void cleanup() {
        m_editor.reset();
        m_host.reset();
        m_bridge.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void variablesAreEditedAndServed() {
        auto* table = m_editor->settingsForm()->findChild<ui::KeyValueTable*>("variables");
        QVERIFY(table);
        QVERIFY(table->rows().empty());
        table->setRows({{"greeting", "Hi there"}});
        emit table->rowsEdited(); // as typing in the table does
        QVERIFY(m_editor->applyNow());
        auto saved = m_workspace->loadMock("mocks/shop.json");
        QVERIFY(saved);
        QCOMPARE(saved->variables.at("greeting"), std::string("Hi there"));
        // Shown again when the server is opened afresh.
        m_editor->clearServer();
        m_editor->showServer("shop");
        QCOMPARE(table->rows().size(), std::size_t(1));
        QCOMPARE(table->rows()[0].value, QString("Hi there"));
    }

    void recordedRoutesAreSavedToTheirServer() {
        core::model::MockServer other;
        other.name = "Other";
        QVERIFY(m_workspace->saveMock(other));
        // Not the server on show: written to its file.
        QVERIFY(m_editor->addRecordedRoute("other", mocktest::route("", "/recorded", "r1")));
        auto otherFile = m_workspace->loadMock("mocks/other.json");
        QVERIFY(otherFile);
        QCOMPARE(otherFile->routes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(otherFile->routes[0].pattern), QString("/recorded"));
        QVERIFY(!otherFile->routes[0].id.empty());
        QCOMPARE(m_editor->serverId(), QString("shop")); // the view stays where the user is
        // The server on show: added to its table and saved at once.
        QVERIFY(m_editor->addRecordedRoute("shop", mocktest::route("", "/recorded", "r2")));
        auto shopFile = m_workspace->loadMock("mocks/shop.json");
        QVERIFY(shopFile);
        QCOMPARE(shopFile->routes.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(shopFile->routes[1].responses[0].body), QString("r2"));
        QCOMPARE(m_editor->routeTable()->model()->rowCount(), 2);
        // A server whose file is gone is refused, nothing written.
        QVERIFY(!m_editor->addRecordedRoute("missing", mocktest::route("", "/x", "x")));
    }

    void modelsPassTheTester() {
        auto* chain = m_editor->chainEditor()->model();
        QAbstractItemModelTester chainTester(
            chain, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto* routes = m_editor->routeTable()->model();
        QAbstractItemModelTester routesTester(
            routes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(chain->moveRows({}, 3, 1, {}, 0));
        chain->addLayer(Kind::latency, 2);
        QVERIFY(chain->removeRows(1, 2));
        m_editor->routeTable()->addRoute();
        m_editor->routeTable()->duplicateCurrent();
        QVERIFY(routes->removeRows(0, 1));
        QCOMPARE(routes->rowCount(), 2);
    }

    void reorderIsSavedInTheNewOrder() {
        auto* chain = m_editor->chainEditor()->model();
        QAbstractItemModelTester tester(chain,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // What a drag in the list view does: requestId goes after securityHeaders.
        QVERIFY(chain->moveRows({}, 0, 1, {}, 3));
        QVERIFY(m_editor->hasPendingEdits());
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->hasPendingEdits(), 5000); // the debounce fires
        auto loaded = m_workspace->loadMock("mocks/shop.json");
        QVERIFY(loaded);
        const std::vector<std::string> expected{"cors", "securityHeaders", "requestId", "gzip"};
        QCOMPARE(layerIds(loaded.value()), expected);
    }

    void toggleUpdatesTheRunningServer() {
        const QString url = startServer();
        QVERIFY(mocktest::get(url + "/hello").has("X-Content-Type-Options"));
        auto* chain = m_editor->chainEditor()->model();
        QVERIFY(chain->setData(chain->index(2), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(m_editor->applyNow());
        auto off = mocktest::get(url + "/hello");
        QCOMPARE(off.status, 200);
        QVERIFY(!off.has("X-Content-Type-Options"));
        QVERIFY(off.has("X-Request-ID")); // the other layers still run
        QVERIFY(!m_workspace->loadMock("mocks/shop.json")->middleware[2].enabled);
        QVERIFY(chain->setData(chain->index(2), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(m_editor->applyNow());
        QVERIFY(mocktest::get(url + "/hello").has("X-Content-Type-Options"));
    }

    void invalidSettingIsShownAndNotSaved() {
        m_editor->chainEditor()->selectRow(3); // gzip
        auto* level =
            qobject_cast<QDoubleSpinBox*>(m_editor->chainEditor()->form()->field("level"));
        QVERIFY(level);
        level->setValue(12);
        const QString problem = m_editor->chainEditor()->form()->problemText();
        QVERIFY2(problem.contains("level") && problem.contains("1 to 9"), qPrintable(problem));
        QVERIFY(!m_editor->applyNow());
        QVERIFY2(m_editor->messageText().contains("level"), qPrintable(m_editor->messageText()));
        auto loaded = m_workspace->loadMock("mocks/shop.json");
        QVERIFY(loaded);
        QVERIFY(!loaded->middleware[3].settings.contains("level") ||
                loaded->middleware[3].settings["level"] != 12);
        QCOMPARE(level->value(), 12.0); // the edit stays for the user to fix
        QCOMPARE(m_editor->chainEditor()->layers()[3].settings["level"].get<int>(), 12);

        level->setValue(9);
        QVERIFY(m_editor->chainEditor()->form()->problemText().isEmpty());
        QVERIFY(m_editor->applyNow());
        QCOMPARE(m_workspace->loadMock("mocks/shop.json")->middleware[3].settings["level"], 9);
    }

    void addedRouteIsAnsweredByTheRunningServer() {
        const QString url = startServer();
        QCOMPARE(mocktest::get(url + "/added").status, 404);
        auto* table = m_editor->routeTable();
        QAbstractItemModelTester tester(table->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        table->addRoute();
        QCOMPARE(table->currentRow(), 1);
        auto* pattern = m_editor->routeEditor()->patternEdit();
        pattern->selectAll();
        QTest::keyClicks(pattern, "/added/{id}");
        auto* body = m_editor->routeEditor()->responseEditor()->bodyEdit();
        body->setPlainText("added route");
        QCOMPARE(table->model()->route(1).pattern, std::string("/added/{id}"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->hasPendingEdits(), 5000);
        QVERIFY2(m_editor->messageText().isEmpty(), qPrintable(m_editor->messageText()));
        auto reply = mocktest::get(url + "/added/7");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("added route"));
        QCOMPARE(m_workspace->loadMock("mocks/shop.json")->routes.size(), std::size_t(2));
    }

    // A rule and the selection mode, set in the route editor, decide the running server's
    // answers: first match honours the rule, sequence takes turns whatever it says.
    void ruleAndSelectionAreEditedAndServed() {
        const QString url = startServer();
        QVERIFY(!url.isEmpty());
        auto* route = m_editor->routeEditor();
        auto* response = route->responseEditor();
        response->bodyEdit()->setPlainText("vip");
        auto* rule = response->findChild<QGroupBox*>("ruleBox");
        QVERIFY(rule);
        rule->setChecked(true);
        auto* source = response->findChild<QComboBox*>("ruleSource");
        source->setCurrentIndex(source->findText("Header"));
        QTest::keyClicks(response->findChild<QLineEdit*>("ruleName"), "X-Plan");
        auto* op = response->findChild<QComboBox*>("ruleOperator");
        op->setCurrentIndex(op->findText("equals"));
        QTest::keyClicks(response->findChild<QLineEdit*>("ruleValue"), "vip");
        QTest::mouseClick(route->findChild<QPushButton*>("addResponse"), Qt::LeftButton);
        QCOMPARE(route->responseList()->count(), 2);
        QCOMPARE(route->responseList()->currentRow(), 1);
        response->bodyEdit()->setPlainText("free");
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->hasPendingEdits(), 5000);
        QVERIFY2(m_editor->messageText().isEmpty(), qPrintable(m_editor->messageText()));

        QCOMPARE(mocktest::get(url + "/hello", {{"X-Plan", "vip"}}).body, QByteArray("vip"));
        QCOMPARE(mocktest::get(url + "/hello").body, QByteArray("free"));
        const auto saved = m_workspace->loadMock("mocks/shop.json")->routes[0];
        QCOMPARE(saved.responses.size(), std::size_t(2));
        QVERIFY(saved.responses[0].rule);
        QCOMPARE(saved.responses[0].rule->name, std::string("X-Plan"));

        auto* selection = route->findChild<QComboBox*>("selection");
        selection->setCurrentIndex(
            selection->findData(static_cast<int>(core::model::MockRoute::SelectionMode::sequence)));
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->hasPendingEdits(), 5000);
        QCOMPARE(mocktest::get(url + "/hello").body, QByteArray("vip"));
        QCOMPARE(mocktest::get(url + "/hello").body, QByteArray("free"));
    }

    void brokenPatternIsShownAndNotSaved() {
        auto* pattern = m_editor->routeEditor()->patternEdit();
        pattern->selectAll();
        QTest::keyClicks(pattern, "/hello/{");
        QVERIFY2(m_editor->routeEditor()->patternProblem().contains("unbalanced"),
                 qPrintable(m_editor->routeEditor()->patternProblem()));
        QVERIFY(!m_editor->applyNow());
        QVERIFY2(m_editor->messageText().contains("unbalanced"),
                 qPrintable(m_editor->messageText()));
        QCOMPARE(m_workspace->loadMock("mocks/shop.json")->routes[0].pattern,
                 std::string("/hello"));
        QCOMPARE(pattern->text(), QString("/hello/{"));
    }

private:
    QString startServer() {
        QSignalSpy started(&*m_host, &ui::MockHost::started);
        m_host->start(*m_workspace->findMock("mocks/shop.json")->server);
        if (!started.wait(20000))
            return {};
        return started.first().at(1).toString();
    }

    std::optional<QTemporaryDir> m_dir;
    std::optional<core::io::Workspace> m_workspace;
    std::optional<ui::EngineBridge> m_bridge;
    std::optional<ui::MockHost> m_host;
    std::optional<ui::ServerEditor> m_editor;
};

QTEST_MAIN(MockServerEditorTest)
#include "test_mock_server_editor.moc"
