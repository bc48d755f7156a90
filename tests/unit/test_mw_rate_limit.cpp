// Rate limit: a token bucket on virtual time, asserted request by request; keys by address
// (port ignored) or header value; buckets survive a rebuilt layer with the same id.

#include "mock/middleware/rate_limit.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

core::model::MiddlewareSpec limitSpec(std::string id, json settings) {
    return {std::move(id), core::model::MiddlewareSpec::Kind::rateLimit, true, std::move(settings)};
}

core::mock::MiddlewarePtr layerOf(std::string id, json settings) {
    auto made = core::mock::makeRateLimit(limitSpec(std::move(id), std::move(settings)));
    if (!made)
        qFatal("makeRateLimit: %s", made.error().message.c_str());
    return *made;
}

struct Reply {
    int status = 0;
    std::string retryAfter, limit, remaining, reset;
};

Reply send(test::MiddlewareBench& bench, const core::mock::Middleware& layer,
           std::string address = "127.0.0.1:40000", core::model::Headers headers = {}) {
    auto ex = bench.exchange();
    ex.request.clientAddress = std::move(address);
    ex.request.headers = std::move(headers);
    if (!bench.run(layer, ex))
        qFatal("the chain did not finish");
    auto header = [&](const char* name) {
        return core::model::findHeader(ex.reply.headers, name).value_or("-");
    };
    return {ex.reply.status, header("Retry-After"), header("RateLimit-Limit"),
            header("RateLimit-Remaining"), header("RateLimit-Reset")};
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class MwRateLimitTest : public QObject {
    Q_OBJECT
private slots:
    void bucketEmptiesAndRefillsOnVirtualTime() {
        test::MiddlewareBench bench;
        auto layer = layerOf("rl", {{"capacity", 5}, {"refillPerSecond", 1}});
        for (int i = 0; i < 5; ++i) {
            auto ok = send(bench, *layer);
            QCOMPARE(ok.status, 200);
            QCOMPARE(q(ok.limit), QString("5"));
            QCOMPARE(q(ok.remaining), QString::number(4 - i));
            QCOMPARE(q(ok.retryAfter), QString("-"));
        }
        QCOMPARE(bench.handlerCalls, 5);
        auto refused = send(bench, *layer);
        QCOMPARE(refused.status, 429);
        QCOMPARE(q(refused.retryAfter), QString("1"));
        QCOMPARE(q(refused.limit), QString("5"));
        QCOMPARE(q(refused.remaining), QString("0"));
        QCOMPARE(q(refused.reset), QString("1"));
        QCOMPARE(bench.handlerCalls, 5);

        bench.clock.advance(1s);
        QCOMPARE(send(bench, *layer).status, 200);
        QCOMPARE(send(bench, *layer).status, 429);
        bench.clock.advance(999ms);
        auto almost = send(bench, *layer);
        QCOMPARE(almost.status, 429);
        QCOMPARE(q(almost.retryAfter), QString("1")); // 1 ms rounds up to a whole second
        bench.clock.advance(1ms);
        QCOMPARE(send(bench, *layer).status, 200);
        QCOMPARE(bench.handlerCalls, 7);
    }

    void refillIsCappedAtCapacity() {
        test::MiddlewareBench bench;
        auto layer = layerOf("rl", {{"capacity", 2}, {"refillPerSecond", 1}});
        QCOMPARE(send(bench, *layer).status, 200);
        bench.clock.advance(100s);
        QCOMPARE(q(send(bench, *layer).remaining), QString("1"));
        QCOMPARE(q(send(bench, *layer).remaining), QString("0"));
        QCOMPARE(send(bench, *layer).status, 429);
    }

    void slowRefillGivesALongerRetryAfter() {
        test::MiddlewareBench bench;
        auto layer = layerOf("rl", {{"capacity", 1}, {"refillPerSecond", 0.4}});
        QCOMPARE(send(bench, *layer).status, 200);
        QCOMPARE(q(send(bench, *layer).retryAfter), QString("3")); // 2.5 s rounded up
        bench.clock.advance(2s);
        QCOMPARE(q(send(bench, *layer).retryAfter), QString("1")); // 0.5 s left
        bench.clock.advance(500ms);
        QCOMPARE(send(bench, *layer).status, 200);
    }

    void fractionalRefillYieldsWholeTokens() {
        test::MiddlewareBench bench;
        auto layer = layerOf("rl", {{"capacity", 1}, {"refillPerSecond", 5}});
        QCOMPARE(send(bench, *layer).status, 200);
        QCOMPARE(send(bench, *layer).status, 429);
        bench.clock.advance(200ms);
        QCOMPARE(send(bench, *layer).status, 200);
        bench.clock.advance(199ms);
        QCOMPARE(send(bench, *layer).status, 429);
    }

    void addressesAreKeyedWithoutThePort() {
        test::MiddlewareBench bench;
        auto layer = layerOf("rl", {{"capacity", 1}, {"refillPerSecond", 1}});
        QCOMPARE(send(bench, *layer, "10.0.0.1:1000").status, 200);
        QCOMPARE(send(bench, *layer, "10.0.0.1:2000").status, 429);
        QCOMPARE(send(bench, *layer, "10.0.0.2:1000").status, 200);
        QCOMPARE(send(bench, *layer, "[::1]:1000").status, 200);
        QCOMPARE(send(bench, *layer, "[::1]:2000").status, 429);
    }

    void headerValuesHaveIndependentBuckets() {
        test::MiddlewareBench bench;
        auto layer =
            layerOf("rl", {{"capacity", 2}, {"refillPerSecond", 1}, {"key", "header:X-Client"}});
        const core::model::Headers a{{"x-client", "a", true}};
        const core::model::Headers b{{"X-Client", "b", true}};
        QCOMPARE(send(bench, *layer, "1.1.1.1:1", a).status, 200);
        QCOMPARE(send(bench, *layer, "2.2.2.2:1", a).status, 200);
        QCOMPARE(send(bench, *layer, "3.3.3.3:1", a).status, 429); // same value, any address
        auto other = send(bench, *layer, "1.1.1.1:1", b);
        QCOMPARE(other.status, 200);
        QCOMPARE(q(other.remaining), QString("1"));
        // Without the header, requests share the bucket of the empty value.
        QCOMPARE(send(bench, *layer, "1.1.1.1:1").status, 200);
        QCOMPARE(send(bench, *layer, "2.2.2.2:1").status, 200);
        QCOMPARE(send(bench, *layer, "3.3.3.3:1").status, 429);
    }

    void bucketsSurviveARebuiltLayerWithTheSameId() {
        test::MiddlewareBench bench;
        const json settings{{"capacity", 2}, {"refillPerSecond", 1}};
        auto first = layerOf("limited", settings);
        QCOMPARE(send(bench, *first).status, 200);
        QCOMPARE(send(bench, *first).status, 200);
        first.reset();
        auto rebuilt = layerOf("limited", settings);
        QCOMPARE(send(bench, *rebuilt).status, 429);
        auto another = layerOf("other", settings);
        QCOMPARE(send(bench, *another).status, 200);
        QCOMPARE(bench.state.bucketCount(), std::size_t(2));
        // A smaller capacity after the edit caps what the old layer left.
        bench.clock.advance(10s);
        auto smaller = layerOf("limited", {{"capacity", 1}, {"refillPerSecond", 1}});
        QCOMPARE(send(bench, *smaller).status, 200);
        QCOMPARE(send(bench, *smaller).status, 429);
    }

    void invalidSettingsAreRefused() {
        QVERIFY(!core::mock::makeRateLimit(limitSpec("rl", {{"capacity", 0}})));
        QVERIFY(!core::mock::makeRateLimit(limitSpec("rl", {{"refillPerSecond", 0}})));
        QVERIFY(!core::mock::makeRateLimit(limitSpec("rl", {{"key", "cookie"}})));
        QVERIFY(!core::mock::makeRateLimit(limitSpec("rl", {{"key", "header:"}})));
        QVERIFY(core::mock::makeRateLimit(limitSpec("rl", json::object())));
    }
};

QTEST_GUILESS_MAIN(MwRateLimitTest)
#include "test_mw_rate_limit.moc"
