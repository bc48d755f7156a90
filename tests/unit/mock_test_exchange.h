#pragma once

// An Exchange for testing middleware without a server: virtual time, a seeded random source,
// a scheduler that runs tasks only when the test advances its clock, and a body given up front.

#include "engine/clock.h"
#include "engine/random.h"
#include "mock/middleware.h"
#include "mock/runtime_state.h"

#include <QStringList>
#include <map>
#include <utility>

namespace quiver::test {

// "Name: value" per header, in order: QCOMPARE prints both lists when they differ.
inline QStringList headerLines(const core::model::Headers& headers) {
    QStringList out;
    for (const auto& h : headers)
        out << QString::fromStdString(h.name + ": " + h.value);
    return out;
}

class ManualScheduler final : public core::mock::Scheduler {
public:
    explicit ManualScheduler(core::ManualClock& clock) : m_clock(clock) {}

    void after(core::Clock::Duration delay, std::function<void()> task) override {
        requested.push_back(delay);
        m_tasks.emplace(m_clock.now() + delay, std::move(task));
    }
    // Moves virtual time forward, running every task that falls due, in time order.
    void advance(core::Clock::Duration by) {
        const auto until = m_clock.now() + by;
        while (!m_tasks.empty() && m_tasks.begin()->first <= until) {
            auto [due, task] = std::move(*m_tasks.begin());
            m_tasks.erase(m_tasks.begin());
            m_clock.advance(due - m_clock.now());
            task();
        }
        m_clock.advance(until - m_clock.now());
    }
    std::size_t pending() const { return m_tasks.size(); }

    std::vector<core::Clock::Duration> requested; // every delay asked for, in order

private:
    core::ManualClock& m_clock;
    std::multimap<core::Clock::SteadyPoint, std::function<void()>> m_tasks;
};

class TestExchange final : public core::mock::Exchange {
public:
    TestExchange(core::ManualClock& clock, core::Random& random, core::mock::RuntimeState& state,
                 ManualScheduler& scheduler)
        : Exchange(clock, random, state, scheduler) {}

    void readBody(std::uint64_t limit, BodyReady ready) override {
        ++bodyReads;
        if (!request.bodyRead) {
            if (pendingBody.size() > limit) {
                ready(core::makeError(core::ErrorKind::limit, "request body over the limit"));
                return;
            }
            request.body = pendingBody;
            request.bodyRead = true;
        }
        ready({});
    }

    std::string pendingBody; // what readBody delivers
    int bodyReads = 0;
};

// Everything a middleware test needs, seeded and on virtual time.
struct MiddlewareBench {
    core::ManualClock clock;
    core::Random random{1234};
    core::mock::RuntimeState state;
    ManualScheduler scheduler{clock};

    TestExchange exchange(std::string method = "GET", std::string path = "/") {
        TestExchange ex(clock, random, state, scheduler);
        ex.request.method = std::move(method);
        ex.request.path = path;
        ex.request.target = std::move(path);
        ex.request.clientAddress = "127.0.0.1:40000";
        ex.request.route = core::mock::MockRequest::Route::matched;
        return ex;
    }

    // Runs one layer around a handler that answers 200 "ok" (and counts its calls).
    bool run(const core::mock::Middleware& layer, core::mock::Exchange& ex) {
        core::mock::Chain chain;
        chain.layers.push_back({"layer", std::shared_ptr<const core::mock::Middleware>(
                                             &layer, [](const core::mock::Middleware*) {})});
        // Shared: a layer that waits on the scheduler finishes after run() has returned.
        auto finished = std::make_shared<bool>(false);
        core::mock::runChain(
            chain, ex,
            [this](core::mock::Exchange& e, core::mock::Done done) {
                ++handlerCalls;
                if (!e.reply.answered)
                    e.respond(200, "ok", {{"Content-Type", "text/plain", true}});
                done();
            },
            [finished] { *finished = true; });
        return *finished;
    }

    int handlerCalls = 0;
};

} // namespace quiver::test
