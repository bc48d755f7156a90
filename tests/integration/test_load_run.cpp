// Load runs against a counting server: exact counts for N × C with and without keep-alive,
// status counts of a mixed answer, errors classified by kind, stop() and the duration mode.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "integration/closed_port.h"
#include "load/load_run.h"
#include "support/beast_test_server.h"
#include "support/python_peer.h"
#include "support/test_certificates.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <future>

using namespace quiver::core;
using namespace quiver::core::load;
using quiver::test::BeastTestServer;
using quiver::test::Reply;

namespace {

// Waits for onDone; the bound only stops a broken test.
LoadSnapshot runToEnd(LoadRun& run) {
    std::promise<LoadSnapshot> done;
    auto result = done.get_future();
    std::atomic<int> calls{0};
    run.start([&](const LoadSnapshot& s) {
        if (calls++ == 0)
            done.set_value(s);
    });
    if (result.wait_for(std::chrono::seconds(60)) != std::future_status::ready)
        qFatal("the load run did not finish");
    return result.get();
}

LoadOptions optionsFor(const std::string& url, std::uint64_t n, std::uint32_t c) {
    LoadOptions o;
    o.request.url = url;
    o.totalRequests = n;
    o.concurrency = c;
    o.timeoutMs = 10'000;
    return o;
}

} // namespace

class LoadRunTest : public QObject {
    Q_OBJECT
private slots:
    void exactCounts_data() {
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<bool>("keepAlive");
        for (int c : {1, 7, 50})
            for (bool keepAlive : {true, false})
                QTest::addRow("c=%d keep-alive=%s", c, keepAlive ? "on" : "off") << c << keepAlive;
    }

    // The server answers every third request with 500: every answer is counted by status.
    void exactCounts() {
        QFETCH(int, concurrency);
        QFETCH(bool, keepAlive);
        std::atomic<int> seen{0};
        BeastTestServer server([&](const auto&) {
            Reply r;
            r.status = ++seen % 3 == 0 ? 500 : 200;
            r.body = "hello";
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        const std::uint64_t n = 600;
        LoadOptions options = optionsFor(server.url("/count"), n, std::uint32_t(concurrency));
        options.keepAlive = keepAlive;
        LoadRun run(engine, options);
        const LoadSnapshot s = runToEnd(run);
        QVERIFY(s.finished);
        QCOMPARE(server.requestsSeen(), std::size_t(n));
        QCOMPARE(s.sent, n);
        QCOMPARE(s.completed, n);
        QCOMPARE(s.errors, 0u);
        QCOMPARE(s.statusCounts.at(200), 400u);
        QCOMPARE(s.statusCounts.at(500), 200u);
        QVERIFY(s.bytesReceived >= n * 5);
        QVERIFY(s.latency.maxMs >= s.latency.p50Ms && s.latency.p50Ms >= s.latency.minMs);
        if (keepAlive) {
            QVERIFY(server.connectionsAccepted() <= std::size_t(concurrency));
        } else {
            QCOMPARE(server.connectionsAccepted(), std::size_t(n));
            for (const auto& request : server.requests())
                QCOMPARE(request.header("Connection").value_or(""), std::string("close"));
        }
    }

    // A per-host limit below the concurrency caps the connections and so the requests in
    // flight: the rest wait for a free connection, none is lost.
    void connectionsPerHostCapsConnections() {
        BeastTestServer server([](const auto&) {
            Reply r;
            r.body = "ok";
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadOptions options = optionsFor(server.url("/capped"), 300, 8);
        options.connectionsPerHost = 2;
        LoadRun run(engine, options);
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.completed, 300u);
        QCOMPARE(server.requestsSeen(), std::size_t(300));
        QVERIFY2(server.connectionsAccepted() <= 2,
                 qPrintable(QString::number(server.connectionsAccepted())));
        QVERIFY(server.maxConcurrentRequests() <= 2);
    }

    void requestIsBuiltLikeSend() {
        BeastTestServer server;
        WaitingSink sink;
        Engine engine(sink);
        LoadOptions options = optionsFor(server.url("/items?x=1"), 3, 1);
        options.request.method = "POST";
        options.request.headers.push_back({"X-Test", "yes", true});
        options.request.body.kind = model::Body::Kind::json;
        options.request.body.text = R"({"a":1})";
        options.request.auth.kind = model::Auth::Kind::bearer;
        options.request.auth.token = "secret";
        LoadRun run(engine, options);
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.completed, 3u);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(3));
        for (const auto& r : requests) {
            QCOMPARE(r.method, std::string("POST"));
            QCOMPARE(r.target, std::string("/items?x=1"));
            QCOMPARE(r.body, std::string(R"({"a":1})"));
            QCOMPARE(r.header("X-Test").value_or(""), std::string("yes"));
            QCOMPARE(r.header("Authorization").value_or(""), std::string("Bearer secret"));
            QCOMPARE(r.header("Content-Type").value_or(""), std::string("application/json"));
        }
    }

    void interimResponsesAreSkipped() {
        BeastTestServer server([](const auto&) {
            Reply r;
            r.sendInterim100 = true;
            r.status = 201;
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadRun run(engine, optionsFor(server.url(), 30, 3));
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.completed, 30u);
        QCOMPARE(s.statusCounts.size(), std::size_t(1));
        QCOMPARE(s.statusCounts.at(201), 30u);
        QCOMPARE(server.requestsSeen(), std::size_t(30));
    }

    void connectionRefusedIsConnectError() {
        quiver::test::ClosedPort closed;
        QVERIFY(closed.port != 0);
        WaitingSink sink;
        Engine engine(sink);
        LoadRun run(engine,
                    optionsFor("http://127.0.0.1:" + std::to_string(closed.port) + "/", 20, 3));
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.sent, 20u);
        QCOMPARE(s.completed, 0u);
        QCOMPARE(s.errors, 20u);
        QCOMPARE(s.errorCounts.at("connect"), 20u);
    }

    void closedMidResponseIsProtocolError() {
        BeastTestServer server([](const auto&) {
            Reply r;
            r.rawResponse = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part";
            r.closeAfterResponse = true;
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadRun run(engine, optionsFor(server.url(), 10, 2));
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.errors, 10u);
        QCOMPARE(s.errorCounts.at("protocol"), 10u);
        QCOMPARE(server.requestsSeen(), std::size_t(10));
    }

    void silentServerIsTimeout() {
        BeastTestServer server([](const auto&) {
            Reply r;
            r.stallHeadersForever = true;
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadOptions options = optionsFor(server.url(), 4, 2);
        options.timeoutMs = 100;
        LoadRun run(engine, options);
        const LoadSnapshot s = runToEnd(run);
        QCOMPARE(s.errors, 4u);
        QCOMPARE(s.errorCounts.at("timeout"), 4u);
    }

    void badUrlEndsAtOnceSayingWhy() {
        WaitingSink sink;
        Engine engine(sink);
        LoadRun run(engine, optionsFor("http://", 5, 1));
        const LoadSnapshot s = runToEnd(run);
        QVERIFY(s.finished);
        QVERIFY(!s.failure.empty());
        QCOMPARE(s.sent, 0u);
    }

    // A duration run with held responses: stop() ends it early, onDone runs once, and the
    // requests cut off by the stop are neither answers nor errors.
    void stopEndsTheRunEarly() {
        BeastTestServer server([](const auto&) {
            Reply r;
            r.holdUntilReleased = true;
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadOptions options = optionsFor(server.url(), 0, 3);
        options.durationMs = 600'000;
        LoadRun run(engine, options);
        std::promise<LoadSnapshot> done;
        std::atomic<int> calls{0};
        run.start([&](const LoadSnapshot& s) {
            if (calls++ == 0)
                done.set_value(s);
        });
        QVERIFY(server.waitUntil([&] { return server.held() == 3; }));
        QCOMPARE(run.snapshot().sent, 3u);
        QVERIFY(!run.snapshot().finished);
        run.stop();
        auto result = done.get_future();
        QVERIFY(result.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
        const LoadSnapshot s = result.get();
        QVERIFY(s.finished);
        QCOMPARE(s.sent, 3u);
        QCOMPARE(s.completed, 0u);
        QCOMPARE(s.errors, 0u);
        QCOMPARE(calls.load(), 1);
    }

    // On virtual time: requests sent during the warm-up are not counted, and N counts only the
    // measured ones. The clock stands still until the test moves it past the warm-up.
    void warmupIsNotCounted() {
        BeastTestServer server;
        WaitingSink sink;
        auto clock = std::make_shared<ManualClock>();
        Engine engine(sink, {.clock = clock});
        LoadOptions options = optionsFor(server.url(), 50, 2);
        options.warmupMs = 1000;
        LoadRun run(engine, options);
        std::promise<LoadSnapshot> done;
        run.start([&](const LoadSnapshot& s) { done.set_value(s); });
        QVERIFY(server.waitUntil([&] { return server.requestsSeen() >= 20; }));
        const LoadSnapshot during = run.snapshot();
        QCOMPARE(during.sent, 0u);
        QCOMPARE(during.completed, 0u);
        clock->advance(std::chrono::seconds(1));
        auto result = done.get_future();
        QVERIFY(result.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        const LoadSnapshot s = result.get();
        QCOMPARE(s.sent, 50u);
        QCOMPARE(s.completed, 50u);
        QVERIFY(server.requestsSeen() >= 70);
    }

    // On virtual time: a duration run ends when the clock passes its end; requests in flight
    // then finish, and the elapsed time is the virtual one.
    void durationEndsOnTheClock() {
        BeastTestServer server;
        WaitingSink sink;
        auto clock = std::make_shared<ManualClock>();
        Engine engine(sink, {.clock = clock});
        LoadOptions options = optionsFor(server.url(), 0, 3);
        options.durationMs = 60'000;
        LoadRun run(engine, options);
        std::promise<LoadSnapshot> done;
        run.start([&](const LoadSnapshot& s) { done.set_value(s); });
        QVERIFY(server.waitUntil([&] { return server.requestsSeen() >= 30; }));
        clock->advance(std::chrono::seconds(61));
        auto result = done.get_future();
        QVERIFY(result.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        const LoadSnapshot s = result.get();
        QVERIFY(s.finished);
        QCOMPARE(s.elapsedSeconds, 61.0);
        QCOMPARE(s.completed, std::uint64_t(server.requestsSeen()));
        QCOMPARE(s.sent, s.completed);
        QCOMPARE(s.requestsPerSecondSeries.size(), std::size_t(61));
        // 30 requests seen before the clock moved, at most one in flight per connection.
        QVERIFY2(s.requestsPerSecondSeries[0] >= 27,
                 qPrintable(QString::number(s.requestsPerSecondSeries[0])));
    }

    // TLS through the same TLS code as send: verified against the test CA, refused without it.
    void tlsRunsAndFailuresAreTls() {
        QTemporaryDir dir;
        quiver::test::TestCertificates certs;
        QString error;
        QVERIFY2(certs.generate(dir.path(), &error), qPrintable(error));
        quiver::test::PythonPeer peer;
        QVERIFY2(peer.start("aiohttp_server.py",
                            {"--cert", certs.serverCert, "--key", certs.serverKey}, true),
                 qPrintable(peer.errorString()));
        WaitingSink sink;
        Engine engine(sink);
        const std::string url = peer.baseUrl().toStdString() + "/echo";
        LoadOptions trusted = optionsFor(url, 40, 4);
        trusted.request.settings.caFile = certs.caCert.toStdString();
        LoadRun ok(engine, trusted);
        const LoadSnapshot s = runToEnd(ok);
        QCOMPARE(s.completed, 40u);
        QCOMPARE(s.statusCounts.at(200), 40u);
        LoadRun refused(engine, optionsFor(url, 5, 1));
        const LoadSnapshot r = runToEnd(refused);
        QCOMPARE(r.errors, 5u);
        QCOMPARE(r.errorCounts.at("tls"), 5u);
    }
};

QTEST_GUILESS_MAIN(LoadRunTest)
#include "test_load_run.moc"
