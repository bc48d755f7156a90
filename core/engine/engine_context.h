#pragma once

// Private to core: includes Asio. Never include this from a public header.
#include "engine/engine.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

namespace quiver::core::detail {

struct EngineContext {
    // The thread count is Asio's concurrency hint: with one thread it skips the hand-offs
    // between threads.
    explicit EngineContext(unsigned threads) : io(static_cast<int>(threads)) {}

    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{
        io.get_executor()};
    std::vector<std::thread> threads;
    std::atomic<OperationId> nextId{1};
    std::shared_ptr<const Clock> clock;
    std::shared_ptr<Random> random;
    EventSink* sink = nullptr;
};

} // namespace quiver::core::detail
