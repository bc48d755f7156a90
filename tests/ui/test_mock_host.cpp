// MockHost: servers start and stop off the UI thread, a port in use is reported with the port,
// and traffic reaches the UI in bounded batches.

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "mock_test_support.h"

#include <QTcpServer>
#include <QtTest>

using namespace quiver;
using ui::MockHost;

class MockHostTest : public QObject {
    Q_OBJECT
private slots:
    void startServesAndTrafficArrives() {
        ui::EngineBridge bridge;
        MockHost host(bridge.engine());
        core::model::MockServer config;
        config.id = "api";
        config.name = "API";
        config.routes.push_back(mocktest::route("hello", "/hello", "Hello from the host"));
        QSignalSpy started(&host, &MockHost::started);
        QSignalSpy batches(&host, &MockHost::trafficBatch);
        host.start(config);
        QCOMPARE(host.state("api"), MockHost::State::starting); // returned at once
        QVERIFY(started.wait(20000));
        QCOMPARE(started.first().at(0).toString(), QString("api"));
        const QString url = started.first().at(1).toString();
        QVERIFY2(url.startsWith("http://127.0.0.1:"), qPrintable(url));
        QCOMPARE(host.url("api"), url);

        auto reply = mocktest::get(url + "/hello");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("Hello from the host"));

        // The config has no request log layer: the host's own one fed the log.
        QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty(), 20000);
        const auto batch = batches.first().at(1).value<ui::TrafficBatch>();
        QVERIFY(batch);
        QCOMPARE(batch->size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(batch->front().target), QString("/hello"));
        QCOMPARE(batch->front().status, 200);

        QSignalSpy stopped(&host, &MockHost::stopped);
        host.stop("api");
        QCOMPARE(host.state("api"), MockHost::State::stopping);
        QVERIFY(stopped.wait(20000));
        QCOMPARE(host.state("api"), MockHost::State::stopped);
        QCOMPARE(mocktest::get(url + "/hello").error, QNetworkReply::ConnectionRefusedError);
    }

    void recordingProxyHandsRoutesToTheUi() {
        ui::EngineBridge bridge;
        MockHost host(bridge.engine());
        core::model::MockServer upstream;
        upstream.id = "upstream";
        upstream.name = "upstream";
        upstream.routes.push_back(mocktest::route("data", "/data", "from upstream"));
        QSignalSpy started(&host, &MockHost::started);
        host.start(upstream);
        QVERIFY(started.wait(20000));
        const QString upstreamUrl = host.url("upstream");

        core::model::MockServer front;
        front.id = "front";
        front.name = "front";
        auto proxy = core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::proxy);
        proxy.settings = {{"upstream", upstreamUrl.toStdString()}, {"record", true}};
        front.middleware.push_back(proxy);
        host.start(front);
        QTRY_VERIFY_WITH_TIMEOUT(host.isRunning("front"), 20000);
        QSignalSpy recorded(&host, &MockHost::routeRecorded);
        auto reply = mocktest::get(host.url("front") + "/data");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("from upstream"));
        QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty(), 20000); // may come during get()
        QCOMPARE(recorded.first().at(0).toString(), QString("front"));
        const auto route = recorded.first().at(1).value<core::model::MockRoute>();
        QCOMPARE(QString::fromStdString(route.pattern), QString("/data"));
        QCOMPARE(QString::fromStdString(route.responses.at(0).body), QString("from upstream"));
    }

    void trafficLayerIsAddedOnlyWhenMissing() {
        core::model::MockServer config;
        auto ran = MockHost::withTrafficLayer(config);
        QCOMPARE(ran.middleware.size(), std::size_t(1));
        QVERIFY(ran.middleware[0].kind == core::model::MiddlewareSpec::Kind::requestLog);
        QCOMPARE(ran.middleware[0].id, std::string(MockHost::kTrafficLayerId));
        config.middleware.push_back(
            core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::requestLog));
        QCOMPARE(MockHost::withTrafficLayer(config).middleware.size(), std::size_t(1));
        config.middleware[0].enabled = false; // a disabled one does not log
        QCOMPARE(MockHost::withTrafficLayer(config).middleware.size(), std::size_t(2));
    }

    void portInUseFailsNamingThePort() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress("127.0.0.1"), 0));
        ui::EngineBridge bridge;
        MockHost host(bridge.engine());
        core::model::MockServer config;
        config.id = "busy";
        config.name = "busy";
        config.port = taken.serverPort();
        QSignalSpy failed(&host, &MockHost::failed);
        host.start(config);
        QVERIFY(failed.wait(20000));
        QCOMPARE(failed.first().at(0).toString(), QString("busy"));
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QString::number(taken.serverPort())), qPrintable(message));
        QCOMPARE(host.state("busy"), MockHost::State::stopped);
        QCOMPARE(host.lastError("busy"), message);
    }

    // A burst far above what a tick should hand over: the newest kMaxBatch arrive, the rest
    // is counted, and the log itself keeps them.
    void batchesAreBounded() {
        ui::EngineBridge bridge;
        MockHost host(bridge.engine());
        core::model::MockServer config;
        config.id = "burst";
        config.name = "burst";
        QSignalSpy started(&host, &MockHost::started);
        host.start(config);
        QVERIFY(started.wait(20000));
        auto log = host.trafficLog("burst");
        const std::uint64_t burst = MockHost::kMaxBatch + 3000;
        for (std::uint64_t i = 0; i < burst; ++i) {
            core::mock::TrafficEntry entry;
            entry.method = "GET";
            entry.target = "/n/" + std::to_string(i);
            log->append(std::move(entry));
        }
        QSignalSpy batches(&host, &MockHost::trafficBatch);
        QVERIFY(batches.wait(20000));
        const auto batch = batches.first().at(1).value<ui::TrafficBatch>();
        QCOMPARE(batch->size(), std::size_t(MockHost::kMaxBatch));
        QCOMPARE(batch->back().target, "/n/" + std::to_string(burst - 1));
        QCOMPARE(host.droppedFromView("burst"), std::uint64_t(3000));
        QCOMPARE(log->counters().entries, burst);
    }

    void restartKeepsTheLogAndEditsApplyWhileRunning() {
        ui::EngineBridge bridge;
        MockHost host(bridge.engine());
        core::model::MockServer config;
        config.id = "swap";
        config.name = "swap";
        config.routes.push_back(mocktest::route("a", "/a", "first"));
        QSignalSpy started(&host, &MockHost::started);
        host.start(config);
        QVERIFY(started.wait(20000));
        const auto log = host.trafficLog("swap");
        config.routes[0].responses[0].body = "second";
        QVERIFY(!host.update(config));
        const QString url = host.url("swap");
        QCOMPARE(mocktest::get(url + "/a").body, QByteArray("second"));

        config.routes[0].pattern = "/a/{"; // does not compile: the old snapshot stays
        const core::Error error = host.update(config);
        QVERIFY(error);
        QVERIFY2(error.message.find("unbalanced") != std::string::npos, error.message.c_str());
        QCOMPARE(mocktest::get(url + "/a").body, QByteArray("second"));

        QSignalSpy stopped(&host, &MockHost::stopped);
        host.stop("swap");
        QVERIFY(stopped.wait(20000));
        config.routes[0].pattern = "/a";
        host.start(config);
        QVERIFY(started.wait(20000));
        QCOMPARE(host.trafficLog("swap"), log);
        QVERIFY(log->counters().entries >= 2);
    }

    void destroyedWhileStarting() {
        ui::EngineBridge bridge;
        {
            MockHost host(bridge.engine());
            core::model::MockServer config;
            config.id = "quick";
            config.name = "quick";
            host.start(config);
        } // must neither hang nor leave a server on a dead host
        QVERIFY(true);
    }
};

QTEST_MAIN(MockHostTest)
#include "test_mock_host.moc"
