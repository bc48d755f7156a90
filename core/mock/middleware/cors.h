#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::mock {

// Cross-origin resource sharing (the Fetch standard's CORS protocol). Preflights are answered
// here without reaching the route; other requests go through and get the Allow-* headers on
// the way out when their origin is allowed. A refused origin gets no CORS headers: the browser,
// not the server, is what blocks the page from reading the response.
class CorsMiddleware final : public Middleware {
public:
    struct Settings {
        std::vector<std::string> origins; // "*" allows any
        std::vector<std::string> methods;
        std::vector<std::string> headers; // "*" allows any
        std::vector<std::string> exposeHeaders;
        bool credentials = false;
        std::uint32_t maxAgeSeconds = 0;
    };

    explicit CorsMiddleware(Settings settings) : m_settings(std::move(settings)) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    // The Access-Control-Allow-Origin value for origin, or nothing when it is not allowed.
    std::optional<std::string> allowOrigin(const std::string& origin) const;
    void answerPreflight(Exchange& ex, const std::string& origin) const;
    bool headersAllowed(const std::string& requested) const;

    Settings m_settings;
};

Result<MiddlewarePtr> makeCors(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
