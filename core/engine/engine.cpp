#include "engine/engine.h"

#include "engine/engine_context.h"

#include <algorithm>

namespace quiver::core {

namespace {
unsigned threadsFor(const EngineOptions& options) {
    return options.threads ? options.threads : std::max(2u, std::thread::hardware_concurrency());
}
} // namespace

Engine::Engine(EventSink& sink, EngineOptions options)
    : m_context(std::make_unique<detail::EngineContext>(threadsFor(options))) {
    m_context->sink = &sink;
    m_context->clock = options.clock ? options.clock : std::make_shared<SystemClock>();
    m_context->random = options.random ? options.random : std::make_shared<Random>();
    const unsigned n = threadsFor(options);
    for (unsigned i = 0; i < n; ++i)
        m_context->threads.emplace_back([this] { m_context->io.run(); });
}

Engine::~Engine() {
    stop();
}

void Engine::stop() {
    if (m_context->threads.empty())
        return;
    m_context->work.reset();
    m_context->io.stop();
    for (auto& t : m_context->threads)
        if (t.joinable())
            t.join();
    m_context->threads.clear();
}

OperationId Engine::nextId() {
    return m_context->nextId.fetch_add(1);
}
unsigned Engine::threadCount() const {
    return static_cast<unsigned>(m_context->threads.size());
}
const Clock& Engine::clock() const {
    return *m_context->clock;
}
Random& Engine::random() {
    return *m_context->random;
}
EventSink& Engine::sink() {
    return *m_context->sink;
}
detail::EngineContext& Engine::context() {
    return *m_context;
}

} // namespace quiver::core
