#include "mock/middleware/latency.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace quiver::core::mock {
namespace {

// A uniform double in [0, 1) from the top 53 bits of one draw.
double unitInterval(Random& random) {
    return static_cast<double>(random.next() >> 11) * 0x1.0p-53;
}

} // namespace

Clock::Duration Latency::drawDelay(Random& random) const {
    using namespace std::chrono;
    switch (m_settings.mode) {
    case Mode::fixed:
        return milliseconds(m_settings.ms);
    case Mode::uniform: {
        // Modulo, not std::uniform_int_distribution, whose algorithm differs between
        // libraries; the bias is below 2^-40 for any span up to an hour of milliseconds.
        const std::uint64_t span = m_settings.maxMs - m_settings.minMs + 1;
        return milliseconds(m_settings.minMs + random.next() % span);
    }
    case Mode::lognormal: {
        // Box–Muller from two draws; u1 is in (0, 1] so log(u1) is finite.
        const double u1 = 1.0 - unitInterval(random);
        const double u2 = unitInterval(random);
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
        const double ms = static_cast<double>(m_settings.medianMs) * std::exp(m_settings.sigma * z);
        // Capped at the longest delay the settings accept, so a far tail cannot overflow.
        const double capped = std::min(ms, 3'600'000.0);
        return microseconds(std::llround(capped * 1000.0));
    }
    }
    return {};
}

void Latency::handle(Exchange& ex, const Next& next, Done done) const {
    const Clock::Duration delay = drawDelay(ex.random());
    if (delay == Clock::Duration::zero()) {
        next(ex, std::move(done)); // no timer for no wait
        return;
    }
    ex.scheduler().after(
        delay, [&ex, next, done = std::move(done)]() mutable { next(ex, std::move(done)); });
}

Result<MiddlewarePtr> makeLatency(const model::MiddlewareSpec& spec) {
    if (spec.kind != model::MiddlewareSpec::Kind::latency)
        return makeError(ErrorKind::protocol, "makeLatency: not a latency layer");
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const nlohmann::json settings = model::effectiveSettings(spec);
    Latency::Settings s;
    const std::string mode = settings["mode"].get<std::string>();
    s.mode = mode == "uniform"     ? Latency::Mode::uniform
             : mode == "lognormal" ? Latency::Mode::lognormal
                                   : Latency::Mode::fixed;
    s.ms = settings["ms"].get<std::uint64_t>();
    s.minMs = settings["minMs"].get<std::uint64_t>();
    s.maxMs = settings["maxMs"].get<std::uint64_t>();
    s.medianMs = settings["medianMs"].get<std::uint64_t>();
    s.sigma = settings["sigma"].get<double>();
    return MiddlewarePtr(std::make_shared<const Latency>(s));
}

} // namespace quiver::core::mock
