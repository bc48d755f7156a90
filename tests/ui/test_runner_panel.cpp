// The runner panel against a real server: a small workspace of two requests, one whose
// assertions pass and one whose status check fails; the live tree shows each request with its
// assertions below it and their pass/fail marks, the summary counts them, and the report
// exports as JUnit XML and JSON.

#include "bridge/engine_bridge.h"
#include "gui5_test_support.h"
#include "support/beast_test_server.h"
#include "workspace/runner_panel.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTreeWidget>

using namespace quiver;
using core::model::Assertion;

namespace {

core::model::Request makeRequest(const std::string& name, const std::string& url,
                                 std::vector<Assertion> assertions) {
    core::model::Request request;
    request.name = name;
    request.url = url;
    request.assertions = std::move(assertions);
    return request;
}

Assertion check(Assertion::Kind kind, Assertion::Op op, std::string value,
                std::string target = {}) {
    Assertion a;
    a.kind = kind;
    a.op = op;
    a.value = std::move(value);
    a.target = std::move(target);
    return a;
}

} // namespace

class RunnerPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY(m_dir.isValid());
        test::isolateUserConfig(m_dir);
    }

    void runShowsPassAndFail() {
        test::BeastTestServer server([](const test::ReceivedRequest& request) {
            test::Reply reply;
            reply.status = request.target == "/ok" ? 200 : 500;
            reply.headers = {{"Content-Type", "application/json"}};
            reply.body = R"({"id": 7, "name": "ada"})";
            return reply;
        });
        ui::WorkspaceSession session;
        QVERIFY(session.open(QDir(m_dir.path()).filePath("ws")));
        auto& ws = session.workspace();
        QVERIFY(ws.saveRequest(
            makeRequest("Get ok", server.url("/ok"),
                        {check(Assertion::Kind::status, Assertion::Op::equals, "200"),
                         check(Assertion::Kind::json, Assertion::Op::equals, "7", "$.id")}),
            "api"));
        QVERIFY(ws.saveRequest(
            makeRequest("Get bad", server.url("/bad"),
                        {check(Assertion::Kind::status, Assertion::Op::inRange, "200-299")}),
            "api"));
        session.notifyItemsChanged();

        ui::EngineBridge bridge;
        ui::RunnerPanel panel(bridge.engine(), session);
        panel.resize(1000, 600);
        panel.show();
        panel.setFolder("api");
        QSignalSpy finished(&panel, &ui::RunnerPanel::finished);
        QString error;
        QVERIFY2(panel.run(&error), qPrintable(error));
        QVERIFY(panel.isRunning());
        QVERIFY(finished.wait(20000));
        QVERIFY(!panel.isRunning());

        auto* tree = panel.resultTree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        auto* ok = tree->topLevelItem(0);
        auto* bad = tree->topLevelItem(1);
        QCOMPARE(ok->text(0), QString("Get ok"));
        QCOMPARE(ok->data(0, Qt::UserRole).toBool(), true);
        QCOMPARE(ok->text(1), QString("200"));
        QVERIFY(!ok->icon(0).isNull());
        QCOMPARE(ok->childCount(), 2);
        QCOMPARE(ok->child(0)->data(0, Qt::UserRole).toBool(), true);
        QCOMPARE(ok->child(1)->data(0, Qt::UserRole).toBool(), true);
        QCOMPARE(bad->text(0), QString("Get bad"));
        QCOMPARE(bad->data(0, Qt::UserRole).toBool(), false);
        QCOMPARE(bad->text(1), QString("500"));
        QCOMPARE(bad->childCount(), 1);
        QCOMPARE(bad->child(0)->data(0, Qt::UserRole).toBool(), false);
        QVERIFY2(bad->child(0)->text(3).contains("500"), qPrintable(bad->child(0)->text(3)));
        QVERIFY2(panel.summaryText().startsWith("2 requests, 1 failed · 3 assertions, 1 failed"),
                 qPrintable(panel.summaryText()));
        test::screenshot(panel, "runner_panel");

        const QString junit = QDir(m_dir.path()).filePath("report.xml");
        QVERIFY2(panel.exportReport(junit, true, &error), qPrintable(error));
        QFile xml(junit);
        QVERIFY(xml.open(QIODevice::ReadOnly));
        const QByteArray text = xml.readAll();
        QVERIFY(text.contains("<testsuite"));
        QVERIFY(text.contains("Get bad"));
        QVERIFY(text.contains("<failure"));
        const QString json = QDir(m_dir.path()).filePath("report.json");
        QVERIFY2(panel.exportReport(json, false, &error), qPrintable(error));
        QVERIFY(QFile(json).size() > 0);

        // Stop on first failure: the second iteration never runs.
        panel.setIterations(2);
        panel.setStopOnFailure(true);
        QVERIFY2(panel.run(&error), qPrintable(error));
        QVERIFY(finished.wait(20000));
        QCOMPARE(panel.resultTree()->topLevelItemCount(), 2);
        QVERIFY(panel.lastReport()->summary.stoppedEarly);
        QVERIFY(panel.summaryText().contains("stopped early"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(RunnerPanelTest)
#include "test_runner_panel.moc"
