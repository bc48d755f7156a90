#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <cstdint>

namespace quiver::core::mock {

// Caps the request body at maxBytes. A declared Content-Length above it is refused with 413
// before a byte of the body is read; otherwise a request with a body has it read here, with
// the limit, so a chunked body that grows past it is refused too. Either way the connection
// closes: the rest of an unread body would otherwise be taken for the next request.
class BodyLimitMiddleware final : public Middleware {
public:
    explicit BodyLimitMiddleware(std::uint64_t maxBytes) : m_maxBytes(maxBytes) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    std::uint64_t m_maxBytes;
};

Result<MiddlewarePtr> makeBodyLimit(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
