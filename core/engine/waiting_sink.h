#pragma once

#include "engine/event_sink.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace quiver::core {

// A sink for callers that may block — the command line and tests: it keeps every event
// and lets a thread wait for the result of one operation.
class WaitingSink final : public EventSink {
public:
    void post(Event event) override {
        std::lock_guard lock(m_mutex);
        if (auto* result = std::get_if<HttpResultEvent>(&event))
            m_results.emplace(result->id, std::move(*result));
        else if (auto* progress = std::get_if<HttpProgressEvent>(&event))
            m_progress.push_back(*progress);
        m_changed.notify_all();
    }

    // Waits for the result of id, calling poll() about ten times a second meanwhile (the
    // command line notices Ctrl+C there).
    HttpResultEvent wait(OperationId id, const std::function<void()>& poll = {}) {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (auto it = m_results.find(id); it != m_results.end()) {
                HttpResultEvent out = std::move(it->second);
                m_results.erase(it);
                return out;
            }
            m_changed.wait_for(lock, std::chrono::milliseconds(100));
            if (poll) {
                lock.unlock();
                poll();
                lock.lock();
            }
        }
    }

    std::vector<HttpProgressEvent> progress() const {
        std::lock_guard lock(m_mutex);
        return m_progress;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<OperationId, HttpResultEvent> m_results;
    std::vector<HttpProgressEvent> m_progress;
};

} // namespace quiver::core
