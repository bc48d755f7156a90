#include "mock/middleware/rate_limit.h"

#include "mock/runtime_state.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace quiver::core::mock {
namespace {

// Refill arithmetic in doubles: 0.2 s at 5/s must give a whole token, not 0.9999999.
constexpr double kEpsilon = 1e-9;

// "127.0.0.1:53512" -> "127.0.0.1", "[::1]:53512" -> "::1".
std::string withoutPort(std::string_view address) {
    if (address.starts_with('[')) {
        const auto close = address.find(']');
        return std::string(address.substr(1, close == std::string_view::npos ? close : close - 1));
    }
    const auto colon = address.find(':');
    if (colon != std::string_view::npos && address.find(':', colon + 1) == std::string_view::npos)
        return std::string(address.substr(0, colon));
    return std::string(address); // no port, or a bare IPv6 address
}

} // namespace

void RateLimitMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    const Outcome outcome = take(ex, keyOf(ex.request));
    const std::string limit = std::to_string(m_config.capacity);
    if (!outcome.allowed) {
        const std::string wait = std::to_string(outcome.retryAfterSeconds);
        ex.respond(429, "429 Too Many Requests: retry in " + wait + " s\n",
                   {{"Content-Type", "text/plain; charset=utf-8", true},
                    {"Retry-After", wait, true},
                    {"RateLimit-Limit", limit, true},
                    {"RateLimit-Remaining", "0", true},
                    {"RateLimit-Reset", wait, true}});
        done();
        return;
    }
    next(ex, [&ex, limit, remaining = outcome.remaining, done = std::move(done)] {
        model::setHeader(ex.reply.headers, "RateLimit-Limit", limit);
        model::setHeader(ex.reply.headers, "RateLimit-Remaining", std::to_string(remaining));
        done();
    });
}

std::string RateLimitMiddleware::keyOf(const MockRequest& request) const {
    if (m_config.header.empty())
        return withoutPort(request.clientAddress);
    return model::findHeader(request.headers, m_config.header).value_or("");
}

RateLimitMiddleware::Outcome RateLimitMiddleware::take(Exchange& ex, const std::string& key) const {
    TokenBucket& bucket = ex.state().bucket(m_config.layerId, key);
    const std::int64_t now = ex.clock().now().time_since_epoch().count();
    const auto capacity = static_cast<double>(m_config.capacity);
    const double rate = m_config.refillPerSecond;

    std::lock_guard lock(bucket.mutex);
    if (!bucket.started) {
        bucket.tokens = capacity;
        bucket.started = true;
    } else {
        const double elapsed =
            static_cast<double>(std::max<std::int64_t>(now - bucket.lastRefillNs, 0)) / 1e9;
        // min: a rebuilt layer with a smaller capacity caps what the old one left.
        bucket.tokens = std::min(capacity, bucket.tokens + elapsed * rate);
    }
    bucket.lastRefillNs = now;

    Outcome outcome;
    if (bucket.tokens + kEpsilon >= 1) {
        bucket.tokens = std::max(bucket.tokens - 1, 0.0);
        outcome.allowed = true;
        outcome.remaining = static_cast<std::uint64_t>(std::floor(bucket.tokens + kEpsilon));
        return outcome;
    }
    const double seconds = (1 - bucket.tokens) / rate;
    outcome.retryAfterSeconds =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(seconds - kEpsilon)));
    return outcome;
}

Result<MiddlewarePtr> makeRateLimit(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    RateLimitMiddleware::Config config;
    config.layerId = spec.id;
    config.capacity = settings["capacity"].get<std::uint64_t>();
    config.refillPerSecond = settings["refillPerSecond"].get<double>();
    const auto key = settings["key"].get<std::string>();
    if (key.starts_with("header:"))
        config.header = key.substr(7);
    return MiddlewarePtr(std::make_shared<RateLimitMiddleware>(std::move(config)));
}

} // namespace quiver::core::mock
