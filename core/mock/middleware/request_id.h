#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <string>

namespace quiver::core::mock {

// Gives every request an id (the client's when it sent one) that inner layers and the route
// see as a request header, and that goes back on the response so both sides can correlate.
class RequestIdMiddleware final : public Middleware {
public:
    explicit RequestIdMiddleware(std::string header) : m_header(std::move(header)) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    std::string m_header;
};

Result<MiddlewarePtr> makeRequestId(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
