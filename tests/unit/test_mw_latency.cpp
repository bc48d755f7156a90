// Latency: exact delays on virtual time from a seeded random source, and the handler runs only
// once the delay has passed; nothing blocks.

#include "mock/middleware/latency.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using namespace std::chrono_literals;
using Duration = core::Clock::Duration;

namespace {

core::mock::MiddlewarePtr latency(nlohmann::json settings) {
    core::model::MiddlewareSpec spec{"latency", core::model::MiddlewareSpec::Kind::latency, true,
                                     std::move(settings)};
    auto made = core::mock::makeLatency(spec);
    if (!made)
        qFatal("makeLatency: %s", made.error().message.c_str());
    return *made;
}

// Starts one request through the layer. The layer defers, so the chain and the flag are held
// by the final callback (MiddlewareBench::run suits only layers that finish at once).
std::shared_ptr<bool> start(test::MiddlewareBench& bench, const core::mock::MiddlewarePtr& layer,
                            core::mock::Exchange& ex) {
    auto chain = std::make_shared<core::mock::Chain>();
    chain->layers = {{"latency", layer}};
    auto finished = std::make_shared<bool>(false);
    core::mock::runChain(
        *chain, ex,
        [&bench](core::mock::Exchange& e, core::mock::Done done) {
            ++bench.handlerCalls;
            e.respond(200, "ok");
            done();
        },
        [finished, chain] { *finished = true; });
    return finished;
}

// Runs `count` requests one after another, each to its end, and returns the delays asked for.
std::vector<Duration> delaysOf(const core::mock::MiddlewarePtr& layer, int count) {
    test::MiddlewareBench bench;
    for (int i = 0; i < count; ++i) {
        auto ex = bench.exchange();
        auto finished = start(bench, layer, ex);
        if (*finished || bench.scheduler.requested.size() != std::size_t(i + 1))
            qFatal("request %d did not wait", i);
        bench.scheduler.advance(bench.scheduler.requested.back());
        if (!*finished)
            qFatal("request %d did not finish after its delay", i);
    }
    return bench.scheduler.requested;
}

} // namespace

class LatencyTest : public QObject {
    Q_OBJECT
private slots:
    void fixedWaitsThenRunsTheHandler() {
        test::MiddlewareBench bench;
        auto layer = latency({{"mode", "fixed"}, {"ms", 250}});
        auto ex = bench.exchange();
        auto finished = start(bench, layer, ex);
        QVERIFY(!*finished);
        QCOMPARE(bench.handlerCalls, 0);
        QCOMPARE(bench.scheduler.requested, std::vector<Duration>{Duration(250ms)});
        bench.scheduler.advance(249ms);
        QCOMPARE(bench.handlerCalls, 0);
        QVERIFY(!*finished);
        bench.scheduler.advance(1ms);
        QCOMPARE(bench.handlerCalls, 1);
        QVERIFY(*finished);
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(ex.timings[0].inward, Duration(250ms));
    }

    void uniformDrawsTheSeededDelays() {
        auto layer = latency({{"mode", "uniform"}, {"minMs", 50}, {"maxMs", 200}});
        const std::vector<Duration> expected{158ms, 182ms, 189ms, 167ms, 91ms};
        QCOMPARE(delaysOf(layer, 5), expected);
    }

    void uniformWithEqualBoundsIsThatDelay() {
        auto layer = latency({{"mode", "uniform"}, {"minMs", 70}, {"maxMs", 70}});
        QCOMPARE(delaysOf(layer, 3), (std::vector<Duration>{70ms, 70ms, 70ms}));
    }

    void lognormalDrawsTheSeededDelays() {
        // Box–Muller on our own uniform draws: the same microseconds with any standard library.
        auto layer = latency({{"mode", "lognormal"}, {"medianMs", 100}, {"sigma", 0.5}});
        const std::vector<Duration> expected{315'222us, 357'972us, 135'521us, 264'211us, 100'074us};
        QCOMPARE(delaysOf(layer, 5), expected);
    }

    void lognormalWithoutSpreadIsTheMedian() {
        auto layer = latency({{"mode", "lognormal"}, {"medianMs", 80}, {"sigma", 0}});
        QCOMPARE(delaysOf(layer, 2), (std::vector<Duration>{80ms, 80ms}));
    }

    void noDelayGoesOnWithoutATimer() {
        test::MiddlewareBench bench;
        auto layer = latency({{"mode", "fixed"}, {"ms", 0}});
        auto ex = bench.exchange();
        QVERIFY(*start(bench, layer, ex));
        QVERIFY(bench.scheduler.requested.empty());
        QCOMPARE(bench.handlerCalls, 1);
    }

    void defaultsAreAFixedTenthOfASecond() {
        auto layer = latency(nlohmann::json::object());
        QCOMPARE(delaysOf(layer, 1), std::vector<Duration>{Duration(100ms)});
    }

    void badSettingsAreRefusedByName() {
        core::model::MiddlewareSpec spec{"latency",
                                         core::model::MiddlewareSpec::Kind::latency,
                                         true,
                                         {{"minMs", 300}, {"maxMs", 200}}};
        auto made = core::mock::makeLatency(spec);
        QVERIFY(!made);
        QVERIFY(made.error().message.find("minMs") != std::string::npos);
        spec.settings = {{"mode", "gaussian"}};
        QVERIFY(!core::mock::makeLatency(spec));
        spec.kind = core::model::MiddlewareSpec::Kind::faults;
        spec.settings = nlohmann::json::object();
        QVERIFY(!core::mock::makeLatency(spec));
    }
};

QTEST_GUILESS_MAIN(LatencyTest)
#include "test_mw_latency.moc"
