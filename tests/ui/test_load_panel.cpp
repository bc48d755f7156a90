// The Load tab end to end: a run of 200 requests at concurrency 4 against a local server,
// watched live, saved in the workspace, compared with a second run, stopped early, and
// exported as a k6 script.

#include "bridge/engine_bridge.h"
#include "load/load_config_form.h"
#include "load/load_panel.h"
#include "load/load_stats_view.h"
#include "load/run_comparison_view.h"
#include "load/run_list.h"
#include "main/main_window.h"
#include "request/request_panel.h"
#include "support/beast_test_server.h"
#include "widgets/theme.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

namespace {

core::load::LoadOptions count(std::uint64_t n, std::uint32_t c) {
    core::load::LoadOptions o;
    o.totalRequests = n;
    o.concurrency = c;
    o.timeoutMs = 10'000;
    return o;
}

} // namespace

class LoadPanelTest : public QObject {
    Q_OBJECT

private:
    test::BeastTestServer m_server;
    QTemporaryDir m_workspace;

    core::model::Request target() const {
        core::model::Request r;
        r.name = "Load target";
        r.url = m_server.url("/items");
        return r;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY(m_workspace.isValid());
    }

    void runsSavesAndCompares() {
        ui::EngineBridge bridge;
        ui::LoadPanel panel(bridge, [this] { return target(); });
        panel.setWorkspaceRoot(m_workspace.path().toStdString());
        panel.form()->setOptions(count(200, 4));
        panel.resize(1100, 700);
        panel.show(); // takes the current request
        QCOMPARE(panel.form()->targetText(),
                 "GET " + QString::fromStdString(m_server.url("/items")));

        QSignalSpy finished(&panel, &ui::LoadPanel::runFinished);
        const std::size_t before = m_server.requestsSeen();
        QVERIFY(panel.start());
        QVERIFY(panel.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        QVERIFY(!panel.isRunning());
        QCOMPARE(panel.statsView()->summary().completed, QStringLiteral("200"));
        QCOMPARE(panel.statsView()->summary().errors, QStringLiteral("0"));
        QCOMPARE(m_server.requestsSeen() - before, 200u);
        QCOMPARE(panel.statsView()->countsModel()->index(0, 0).data().toString(), "HTTP 200");

        const QString saved = finished.first().first().toString();
        QVERIFY2(!saved.isEmpty(), qPrintable(panel.statusText()));
        QVERIFY(QFile::exists(m_workspace.filePath(".quiver/runs/" + saved)));
        QCOMPARE(panel.runList()->entries().size(), 1u);
        QCOMPARE(panel.runList()->entries().front().report->result.completed, 200u);

        // A second run, then both side by side.
        panel.form()->setOptions(count(50, 2));
        QVERIFY(panel.start());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30'000);
        const QString second = finished.last().first().toString();
        QCOMPARE(panel.runList()->entries().size(), 2u);
        QCOMPARE(panel.runList()->entries().front().fileName, second); // newest first
        panel.compareRuns(saved, second);
        QCOMPARE(panel.views()->currentWidget(), panel.comparisonView());
        QCOMPARE(panel.comparisonView()->model()->rowCount(), 7);

        panel.deleteRuns({saved});
        QCOMPARE(panel.runList()->entries().size(), 1u);
        QVERIFY(!QFile::exists(m_workspace.filePath(".quiver/runs/" + saved)));
    }

    void stopEndsADurationRun() {
        ui::EngineBridge bridge;
        ui::LoadPanel panel(bridge, [this] { return target(); });
        core::load::LoadOptions o;
        o.durationMs = 600'000;
        o.concurrency = 2;
        panel.form()->setOptions(o);
        QSignalSpy finished(&panel, &ui::LoadPanel::runFinished);
        QVERIFY(panel.start());
        QTRY_VERIFY_WITH_TIMEOUT(panel.statsView()->summary().completed != "0", 30'000);
        panel.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        QVERIFY(finished.first().first().toString().isEmpty()); // no workspace: not saved
        QVERIFY(!panel.isRunning());
    }

    void refusesARequestWithoutUrl() {
        ui::EngineBridge bridge;
        ui::LoadPanel panel(bridge, [] { return core::model::Request{}; });
        QVERIFY(!panel.start());
        QVERIFY(panel.statusText().startsWith("Cannot start"));

        // A URL the engine refuses ends the run at once, with the reason and no saved file.
        ui::LoadPanel bad(bridge, [] {
            core::model::Request r;
            r.url = "http://exa mple.com/";
            return r;
        });
        bad.setWorkspaceRoot(m_workspace.path().toStdString());
        QSignalSpy finished(&bad, &ui::LoadPanel::runFinished);
        QVERIFY(bad.start());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        QVERIFY2(bad.statusText().startsWith("The run failed"), qPrintable(bad.statusText()));
        QVERIFY(finished.first().first().toString().isEmpty());
    }

    void exportsK6Script() {
        ui::EngineBridge bridge;
        ui::LoadPanel panel(bridge, [this] { return target(); });
        panel.form()->setOptions(count(200, 4));
        const QString path = m_workspace.filePath("load.js");
        QVERIFY(panel.exportK6(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray script = file.readAll();
        QVERIFY(script.contains("iterations: 200"));
        QVERIFY(script.contains(QByteArray::fromStdString(m_server.url("/items"))));
    }

    void mainWindowHasALoadTabOnTheCurrentRequest() {
        ui::EngineBridge bridge;
        ui::Theme theme;
        QTemporaryDir workspace;
        ui::MainWindow window(bridge, theme, workspace.path());
        window.requestPanel()->setRequest(target());
        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
        int index = -1;
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i) == "Load")
                index = i;
        QVERIFY(index >= 0);
        QCOMPARE(tabs->widget(index), window.loadPanel());
        window.show();
        tabs->setCurrentIndex(index);
        QCOMPARE(window.loadPanel()->target().url, m_server.url("/items"));
    }
};

QTEST_MAIN(LoadPanelTest)
#include "test_load_panel.moc"
