// The request log layer: one traffic entry per exchange, written on the way out with the
// layers inside it timed on virtual time; its settings bound the shared log.

#include "mock/middleware/latency.h"
#include "mock/middleware/request_log.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using namespace std::chrono_literals;
using Duration = core::Clock::Duration;
using Kind = core::model::MiddlewareSpec::Kind;

namespace {

core::mock::MiddlewarePtr requestLog(std::shared_ptr<core::mock::TrafficLog> log,
                                     nlohmann::json settings = nlohmann::json::object()) {
    auto made = core::mock::makeRequestLog({"requestLog", Kind::requestLog, true, settings}, log);
    if (!made)
        qFatal("makeRequestLog: %s", made.error().message.c_str());
    return *made;
}

// Runs the chain around a handler answering 200 "ok"; the chain and the flag are held by the
// final callback since layers may defer.
std::shared_ptr<bool> start(core::mock::Chain chainValue, core::mock::Exchange& ex) {
    auto chain = std::make_shared<core::mock::Chain>(std::move(chainValue));
    auto finished = std::make_shared<bool>(false);
    core::mock::runChain(
        *chain, ex,
        [](core::mock::Exchange& e, core::mock::Done done) {
            e.respond(201, "created", {{"Content-Type", "text/plain", true}});
            done();
        },
        [finished, chain] { *finished = true; });
    return finished;
}

} // namespace

class RequestLogTest : public QObject {
    Q_OBJECT
private slots:
    void anEntryIsWrittenOnTheWayOutWithTimings() {
        test::MiddlewareBench bench;
        auto log = std::make_shared<core::mock::TrafficLog>();
        auto latency = core::mock::makeLatency({"latency", Kind::latency, true, {{"ms", 40}}});
        QVERIFY(latency.ok());
        bench.clock.advance(5s);
        auto ex = bench.exchange("POST", "/users?x=1");
        ex.request.headers = {{"Accept", "*/*", true}};
        ex.request.routeId = "post-users";
        auto finished = start({{{"log", requestLog(log)}, {"slow", *latency}}}, ex);
        QVERIFY(!*finished);
        QCOMPARE(log->counters().appended, std::uint64_t(0)); // nothing until the way out
        bench.scheduler.advance(40ms);
        QVERIFY(*finished);
        const auto entries = log->snapshotSince(0);
        QCOMPARE(entries.size(), std::size_t(1));
        const auto& entry = entries[0];
        QCOMPARE(entry.id, std::uint64_t(1));
        QVERIFY(entry.time == bench.clock.wallNow() - Duration(40ms));
        QVERIFY(entry.time ==
                core::Clock::WallPoint(std::chrono::seconds(1'700'000'000)) + Duration(5s));
        QCOMPARE(QString::fromStdString(entry.method), QString("POST"));
        QCOMPARE(QString::fromStdString(entry.target), QString("/users?x=1"));
        QCOMPARE(entry.status, 201);
        QCOMPARE(QString::fromStdString(entry.responseBody.text), QString("created"));
        QVERIFY(entry.requestHeaders == ex.request.headers);
        QVERIFY(entry.responseHeaders == ex.reply.headers);
        QCOMPARE(QString::fromStdString(entry.clientAddress), QString("127.0.0.1:40000"));
        QCOMPARE(QString::fromStdString(entry.routeId), QString("post-users"));
        QCOMPARE(entry.total, Duration(40ms));
        QCOMPARE(entry.layers.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(entry.layers[1].layer), QString("slow"));
        QCOMPARE(entry.layers[1].inward, Duration(40ms));
        QCOMPARE(entry.layers[0].inward, Duration(0ms));
    }

    void secretsAreRedactedAndBodiesCut() {
        test::MiddlewareBench bench;
        auto log = std::make_shared<core::mock::TrafficLog>();
        auto layer = requestLog(log, {{"maxBodyBytes", 4}});
        auto ex = bench.exchange("PUT", "/x");
        ex.request.headers = {{"Authorization", "Bearer s3cret", true}};
        ex.request.body = "abcdefgh";
        ex.request.bodyRead = true;
        QVERIFY(bench.run(*layer, ex));
        const auto entry = log->snapshotSince(0).at(0);
        QCOMPARE(QString::fromStdString(entry.requestHeaders.at(0).value), QString("[redacted]"));
        QCOMPARE(QString::fromStdString(entry.requestBody.text), QString("abcd"));
        QVERIFY(entry.requestBody.truncated);
        QCOMPARE(entry.requestBody.size, std::uint64_t(8));
        QCOMPARE(QString::fromStdString(entry.responseBody.text), QString("ok"));
        QVERIFY(!entry.responseBody.truncated);
        QCOMPARE(entry.total, Duration(0));
    }

    void anUnreadBodyIsLoggedByItsAnnouncedSize() {
        test::MiddlewareBench bench;
        auto log = std::make_shared<core::mock::TrafficLog>();
        auto ex = bench.exchange("POST", "/upload");
        ex.request.contentLength = 1000;
        QVERIFY(bench.run(*requestLog(log), ex));
        const auto entry = log->snapshotSince(0).at(0);
        QVERIFY(entry.requestBody.text.empty());
        QCOMPARE(entry.requestBody.size, std::uint64_t(1000));
        QCOMPARE(ex.bodyReads, 0); // logging never pulls a body in
    }

    void theSettingsBoundTheSharedLog() {
        test::MiddlewareBench bench;
        auto log = std::make_shared<core::mock::TrafficLog>();
        auto layer = requestLog(log, {{"maxEntries", 2}});
        QCOMPARE(log->limits().maxEntries, std::uint64_t(2));
        QCOMPARE(log->limits().maxBytes, std::uint64_t(64ull << 20));
        for (int i = 0; i < 3; ++i) {
            auto ex = bench.exchange("GET", "/" + std::to_string(i));
            QVERIFY(bench.run(*layer, ex));
        }
        const auto entries = log->snapshotSince(0);
        QCOMPARE(entries.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(entries[0].target), QString("/1"));
        QCOMPARE(entries[1].id, std::uint64_t(3));
    }

    void badSettingsOrNoLogAreRefused() {
        auto log = std::make_shared<core::mock::TrafficLog>();
        auto made =
            core::mock::makeRequestLog({"log", Kind::requestLog, true, {{"maxEntries", 0}}}, log);
        QVERIFY(!made);
        QVERIFY(made.error().message.find("maxEntries") != std::string::npos);
        QVERIFY(!core::mock::makeRequestLog(
            {"log", Kind::requestLog, true, nlohmann::json::object()}, nullptr));
    }
};

QTEST_GUILESS_MAIN(RequestLogTest)
#include "test_mw_request_log.moc"
