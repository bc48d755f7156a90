#pragma once

#include "engine/event_sink.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>

namespace quiver::cli {

// The command line may block: it waits here for the one result it asked for.
class WaitingSink final : public core::EventSink {
public:
    void post(core::Event event) override {
        if (auto* result = std::get_if<core::HttpResultEvent>(&event)) {
            std::lock_guard lock(m_mutex);
            m_result = std::move(*result);
            m_ready.notify_all();
        }
    }

    // Waits for the result, calling poll() about ten times a second (to notice Ctrl+C).
    core::HttpResultEvent wait(const std::function<void()>& poll) {
        std::unique_lock lock(m_mutex);
        while (!m_result) {
            m_ready.wait_for(lock, std::chrono::milliseconds(100));
            lock.unlock();
            poll();
            lock.lock();
        }
        return std::move(*m_result);
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::optional<core::HttpResultEvent> m_result;
};

} // namespace quiver::cli
