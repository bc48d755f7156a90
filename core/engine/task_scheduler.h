#pragma once

#include "engine/clock.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace quiver::core {

class Engine;

// Waiting without blocking a thread, on the engine's notion of time. Engine code takes a
// TaskScheduler so tests can put a ManualTaskScheduler in and assert delays on virtual time.
// (The mock server's per-connection mock::Scheduler is the same idea on a strand.)
class TaskScheduler {
public:
    virtual ~TaskScheduler() = default;
    // Runs task once, after delay.
    virtual void after(Clock::Duration delay, std::function<void()> task) = 0;
};

// Real timers on the engine's threads. A task whose timer is cut short by the engine
// stopping is dropped.
class EngineTaskScheduler final : public TaskScheduler {
public:
    explicit EngineTaskScheduler(Engine& engine) : m_engine(engine) {}
    void after(Clock::Duration delay, std::function<void()> task) override;

private:
    Engine& m_engine;
};

// Virtual time for tests: tasks run on the thread that calls advance(), once the clock has
// passed their due time. Every requested delay is kept for assertions.
class ManualTaskScheduler final : public TaskScheduler {
public:
    explicit ManualTaskScheduler(std::shared_ptr<ManualClock> clock) : m_clock(std::move(clock)) {}

    void after(Clock::Duration delay, std::function<void()> task) override;
    // Moves the clock forward and runs the tasks that fell due, in due order.
    void advance(Clock::Duration by);
    std::size_t pending() const;
    std::vector<Clock::Duration> requested() const;

private:
    struct Task {
        Clock::SteadyPoint due;
        std::function<void()> run;
    };
    std::shared_ptr<ManualClock> m_clock;
    mutable std::mutex m_mutex;
    std::vector<Task> m_tasks;
    std::vector<Clock::Duration> m_requested;
};

// Runs task on an engine thread soon: continues a chain of steps without growing the stack.
void postToEngine(Engine& engine, std::function<void()> task);

} // namespace quiver::core
