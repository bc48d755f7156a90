#include "engine/task_scheduler.h"

#include "engine/engine_context.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace quiver::core {

void EngineTaskScheduler::after(Clock::Duration delay, std::function<void()> task) {
    auto timer = std::make_shared<boost::asio::steady_timer>(m_engine.context().io, delay);
    timer->async_wait([timer, task = std::move(task)](boost::system::error_code ec) {
        if (!ec)
            task();
    });
}

void ManualTaskScheduler::after(Clock::Duration delay, std::function<void()> task) {
    std::lock_guard lock(m_mutex);
    m_requested.push_back(delay);
    m_tasks.push_back({m_clock->now() + delay, std::move(task)});
}

void ManualTaskScheduler::advance(Clock::Duration by) {
    m_clock->advance(by);
    for (;;) {
        std::function<void()> run;
        {
            std::lock_guard lock(m_mutex);
            auto due = std::min_element(m_tasks.begin(), m_tasks.end(),
                                        [](const Task& a, const Task& b) { return a.due < b.due; });
            if (due == m_tasks.end() || due->due > m_clock->now())
                return;
            run = std::move(due->run);
            m_tasks.erase(due);
        }
        run(); // outside the lock: the task may schedule the next one
    }
}

std::size_t ManualTaskScheduler::pending() const {
    std::lock_guard lock(m_mutex);
    return m_tasks.size();
}

std::vector<Clock::Duration> ManualTaskScheduler::requested() const {
    std::lock_guard lock(m_mutex);
    return m_requested;
}

void postToEngine(Engine& engine, std::function<void()> task) {
    boost::asio::post(engine.context().io, std::move(task));
}

} // namespace quiver::core
