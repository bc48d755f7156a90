// The onion: layers run inward in the user's order and outward in reverse; a layer that
// answers stops the way in; deferred layers resume on the scheduler; timings per layer.

#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using namespace std::chrono_literals;

namespace {

// Records "in:<name>" and "out:<name>"; optionally answers, or waits before going on.
class Probe final : public core::mock::Middleware {
public:
    Probe(std::string name, std::vector<std::string>& log, bool answer = false,
          core::Clock::Duration wait = {})
        : m_name(std::move(name)), m_log(log), m_answer(answer), m_wait(wait) {}

    void handle(core::mock::Exchange& ex, const core::mock::Next& next,
                core::mock::Done done) const override {
        m_log.push_back("in:" + m_name);
        if (m_answer) {
            ex.respond(401, "no");
            done();
            return;
        }
        auto goOn = [this, &ex, next, done]() {
            next(ex, [this, done] {
                m_log.push_back("out:" + m_name);
                done();
            });
        };
        if (m_wait != core::Clock::Duration{})
            ex.scheduler().after(m_wait, goOn);
        else
            goOn();
    }

private:
    std::string m_name;
    std::vector<std::string>& m_log;
    bool m_answer;
    core::Clock::Duration m_wait;
};

core::mock::Chain chainOf(std::vector<std::shared_ptr<Probe>> probes) {
    core::mock::Chain chain;
    for (std::size_t i = 0; i < probes.size(); ++i)
        chain.layers.push_back({"layer" + std::to_string(i), probes[i]});
    return chain;
}

} // namespace

class MiddlewareChainTest : public QObject {
    Q_OBJECT
private slots:
    void inwardInOrderOutwardReversed() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        std::vector<std::string> log;
        auto chain = chainOf({std::make_shared<Probe>("a", log), std::make_shared<Probe>("b", log),
                              std::make_shared<Probe>("c", log)});
        bool finished = false;
        core::mock::runChain(
            chain, ex,
            [&](core::mock::Exchange& e, core::mock::Done done) {
                log.push_back("handler");
                e.respond(200, "ok");
                done();
            },
            [&] { finished = true; });
        QVERIFY(finished);
        const std::vector<std::string> expected{"in:a",  "in:b",  "in:c", "handler",
                                                "out:c", "out:b", "out:a"};
        QCOMPARE(log, expected);
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(ex.timings.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(ex.timings[0].layer), QString("layer0"));
    }

    void aLayerThatAnswersShortCircuits() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        std::vector<std::string> log;
        auto chain =
            chainOf({std::make_shared<Probe>("a", log), std::make_shared<Probe>("auth", log, true),
                     std::make_shared<Probe>("c", log)});
        bool handled = false;
        bool finished = false;
        core::mock::runChain(
            chain, ex,
            [&](core::mock::Exchange&, core::mock::Done done) {
                handled = true;
                done();
            },
            [&] { finished = true; });
        QVERIFY(finished);
        QVERIFY(!handled);
        const std::vector<std::string> expected{"in:a", "in:auth", "out:a"};
        QCOMPARE(log, expected);
        QCOMPARE(ex.reply.status, 401);
        QCOMPARE(ex.timings.size(), std::size_t(2));
    }

    void deferredLayersResumeOnTheSchedulerWithExactTimings() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        std::vector<std::string> log;
        auto chain = chainOf({std::make_shared<Probe>("outer", log),
                              std::make_shared<Probe>("slow", log, false, 250ms)});
        bool finished = false;
        core::mock::runChain(
            chain, ex,
            [&](core::mock::Exchange& e, core::mock::Done done) {
                e.respond(200);
                done();
            },
            [&] { finished = true; });
        QVERIFY(!finished); // waiting on virtual time, no thread blocked
        QCOMPARE(bench.scheduler.pending(), std::size_t(1));
        bench.scheduler.advance(249ms);
        QVERIFY(!finished);
        bench.scheduler.advance(1ms);
        QVERIFY(finished);
        QCOMPARE(ex.timings[1].inward, core::Clock::Duration(250ms));
        QCOMPARE(ex.timings[0].inward, core::Clock::Duration(0ms));
        QCOMPARE(ex.timings[0].outward, core::Clock::Duration(0ms));
    }

    void scopedLayersRunOnlyOnTheirPaths() {
        std::vector<std::string> log;
        auto chain = chainOf({std::make_shared<Probe>("all", log),
                              std::make_shared<Probe>("private", log, true),
                              std::make_shared<Probe>("files", log)});
        chain.layers[1].paths = {"/private"};
        chain.layers[2].paths = {"/files/*", "/other"};
        auto run = [&](const std::string& path) {
            test::MiddlewareBench bench;
            auto ex = bench.exchange();
            ex.request.path = path;
            log.clear();
            core::mock::runChain(
                chain, ex,
                [&](core::mock::Exchange& e, core::mock::Done done) {
                    log.push_back("handler");
                    e.respond(200, "ok");
                    done();
                },
                [] {});
            return std::make_pair(log, ex.timings.size());
        };
        const std::vector<std::string> open{"in:all", "handler", "out:all"};
        QCOMPARE(run("/hello"), std::make_pair(open, std::size_t(1)));
        QCOMPARE(run("/private/x"), std::make_pair(open, std::size_t(1))); // exact, not prefix
        const std::vector<std::string> guarded{"in:all", "in:private", "out:all"};
        QCOMPARE(run("/private"), std::make_pair(guarded, std::size_t(2)));
        const std::vector<std::string> files{"in:all", "in:files", "handler", "out:files",
                                             "out:all"};
        QCOMPARE(run("/files/a/b.txt"), std::make_pair(files, std::size_t(2)));
        QCOMPARE(run("/other"), std::make_pair(files, std::size_t(2)));
        QCOMPARE(run("/files"), std::make_pair(open, std::size_t(1)));
    }
};

QTEST_GUILESS_MAIN(MiddlewareChainTest)
#include "test_middleware_chain.moc"
