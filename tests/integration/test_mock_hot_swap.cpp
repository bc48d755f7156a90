// Editing a running mock server under load: python3-aiohttp clients keep asking over
// keep-alive while the route's answer is replaced. Both answers are seen, no request fails,
// no connection is dropped, and the rate limiter's bucket carries over the swap.

#include "http_harness.h"
#include "mock/middleware_registry.h"
#include "mock/server.h"
#include "support/python_peer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace quiver;

namespace {

constexpr int kClients = 8;

core::model::MockServer versioned(const std::string& body) {
    core::model::MockServer server;
    server.name = "swap";
    core::model::MockRoute route;
    route.id = "version";
    route.methods = {"GET"};
    route.pattern = "/version";
    core::model::MockResponse response;
    response.body = body;
    response.delayMs = 5; // keeps requests in flight while the swap happens
    route.responses.push_back(response);
    server.routes.push_back(route);
    auto limit = core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::rateLimit);
    limit.settings = {{"capacity", 3},
                      {"refillPerSecond", 0.001},
                      {"paths", nlohmann::json::array({"/limited"})}};
    server.middleware.push_back(limit);
    core::model::MockRoute limited = route;
    limited.id = "limited";
    limited.pattern = "/limited";
    server.routes.push_back(limited);
    return server;
}

core::mock::ChainBuilder registry() {
    auto log = std::make_shared<core::mock::TrafficLog>();
    return [log](const auto& specs) { return core::mock::buildChain(specs, log); };
}

// Reads the load client's output until a line starts with prefix.
bool waitForLine(QProcess& process, QByteArray& seen, const QByteArray& prefix) {
    for (;;) {
        if (seen.contains("\n" + prefix) || seen.startsWith(prefix))
            return true;
        if (!process.waitForReadyRead(30000))
            return false;
        seen += process.readAllStandardOutput();
    }
}

} // namespace

class MockHotSwapTest : public QObject {
    Q_OBJECT
private slots:
    void swapUnderLoadDropsNothing() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, versioned("old"), registry());
        QVERIFY(server);
        QProcess load;
        load.start(test::PythonPeer::kInterpreter,
                   {test::PythonPeer::peersDir() + "/load_client.py",
                    QString::fromStdString((*server)->url() + "/version"),
                    QString::number(kClients)});
        QVERIFY(load.waitForStarted());
        QByteArray out;
        QVERIFY2(waitForLine(load, out, "FIRST old"), load.readAllStandardError().constData());
        QVERIFY(!(*server)->update(versioned("new")));
        QVERIFY2(waitForLine(load, out, "FIRST new"), load.readAllStandardError().constData());
        // Some more answers from the new snapshot, then stop the clients.
        const auto servedAtSwap = (*server)->requestsServed();
        QTRY_VERIFY_WITH_TIMEOUT((*server)->requestsServed() > servedAtSwap + 100, 30000);
        load.closeWriteChannel();
        QVERIFY(load.waitForFinished(30000));
        out += load.readAllStandardOutput();
        const QByteArray last = out.trimmed().split('\n').last();
        const QJsonObject summary = QJsonDocument::fromJson(last).object();
        QVERIFY2(!summary.isEmpty(), out.constData());
        QVERIFY2(summary["failures"].toArray().isEmpty(), last.constData());
        QVERIFY2(summary["bodies"].toObject()["old"].toInt() > 0, last.constData());
        QVERIFY2(summary["bodies"].toObject()["new"].toInt() > 100, last.constData());
        QCOMPARE(summary["bodies"].toObject().size(), 2);
        QCOMPARE(summary["statuses"].toObject().keys(), QStringList{"200"});
        // Keep-alive connections lived through the swap: none was dropped and reopened.
        QCOMPARE((*server)->connectionsAccepted(), std::uint64_t(kClients));
    }

    void rateLimitBucketSurvivesTheSwap() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, versioned("old"), registry());
        QVERIFY(server);
        const std::string url = (*server)->url() + "/limited";
        for (int i = 0; i < 2; ++i)
            QCOMPARE(h.run(test::makeRequest("GET", url)).response.status, 200);
        QVERIFY(!(*server)->update(versioned("new")));
        // One token was left before the swap; the bucket (outside the snapshot) still knows it.
        QCOMPARE(h.run(test::makeRequest("GET", url)).response.status, 200);
        QCOMPARE(h.run(test::makeRequest("GET", url)).response.status, 429);
    }
};

QTEST_GUILESS_MAIN(MockHotSwapTest)
#include "test_mock_hot_swap.moc"
