#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <string>

namespace quiver::core::mock {

// Adds the usual hardening headers on the way out. A header the route set itself wins: the
// user wrote it on purpose, for that one response.
class SecurityHeadersMiddleware final : public Middleware {
public:
    SecurityHeadersMiddleware(std::string referrerPolicy, std::string csp);

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    model::Headers m_headers; // what is added, in order
};

Result<MiddlewarePtr> makeSecurityHeaders(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
