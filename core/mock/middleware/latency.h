#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <cstdint>

namespace quiver::core::mock {

// Delays the request before it goes inward: a fixed time, uniform in [minMs, maxMs], or
// lognormal around a median (long-tailed, like real networks). It waits on ex.scheduler(),
// never on a thread. Every draw comes from ex.random()'s raw 64-bit output with our own
// arithmetic, so a seed gives the same delays with any standard library.
class Latency final : public Middleware {
public:
    enum class Mode { fixed, uniform, lognormal };
    struct Settings {
        Mode mode = Mode::fixed;
        std::uint64_t ms = 100;
        std::uint64_t minMs = 50;
        std::uint64_t maxMs = 200;
        std::uint64_t medianMs = 100;
        double sigma = 0.5;
    };

    explicit Latency(Settings settings) : m_settings(settings) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

    // The delay for one request; lognormal is rounded to whole microseconds.
    Clock::Duration drawDelay(Random& random) const;

private:
    Settings m_settings;
};

Result<MiddlewarePtr> makeLatency(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
