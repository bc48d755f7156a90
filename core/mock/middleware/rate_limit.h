#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <cstdint>
#include <string>

namespace quiver::core::mock {

// A token bucket per client address (without the port) or per value of one request header.
// Each request takes a token; an empty bucket answers 429 with Retry-After and RateLimit-*
// headers; an allowed response gets RateLimit-Limit and RateLimit-Remaining on the way out.
// RateLimit-Reset (429 only) is the seconds until one token is back, like Retry-After.
// Buckets live in ex.state() under the layer's id, so they survive a rebuilt snapshot; time
// comes from ex.clock(). Requests without the header share the bucket of the empty value.
class RateLimitMiddleware final : public Middleware {
public:
    struct Config {
        std::string layerId;
        std::uint64_t capacity = 10;
        double refillPerSecond = 5;
        std::string header; // empty: by client address
    };

    explicit RateLimitMiddleware(Config config) : m_config(std::move(config)) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    struct Outcome {
        bool allowed = false;
        std::uint64_t remaining = 0;
        std::uint64_t retryAfterSeconds = 0;
    };

    std::string keyOf(const MockRequest& request) const;
    Outcome take(Exchange& ex, const std::string& key) const;

    Config m_config;
};

Result<MiddlewarePtr> makeRateLimit(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
