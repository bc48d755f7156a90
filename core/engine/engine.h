#pragma once

#include "engine/clock.h"
#include "engine/event_sink.h"
#include "engine/random.h"

#include <memory>

namespace quiver::core {

struct EngineOptions {
    unsigned threads = 0;               // 0 = max(2, hardware threads)
    std::shared_ptr<const Clock> clock; // default: SystemClock
    std::shared_ptr<Random> random;     // default: randomly seeded
};

namespace detail {
struct EngineContext;
}

// Owns the I/O threads. Starts on construction; stop() (or the destructor) cancels what is
// running and joins the threads. The header stays free of Asio so the UI can include it.
class Engine {
public:
    Engine(EventSink& sink, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    OperationId nextId();
    unsigned threadCount() const;
    const Clock& clock() const;
    Random& random();
    EventSink& sink();
    void stop();

    // For core components only (http::Client, servers): the io_context and its threads.
    detail::EngineContext& context();

private:
    std::unique_ptr<detail::EngineContext> m_context;
};

} // namespace quiver::core
