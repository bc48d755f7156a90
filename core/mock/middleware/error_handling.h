#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

namespace quiver::core::mock {

// Turns error replies into RFC 9457 problem details (application/problem+json), so a client
// under test always gets one machine-readable error shape; also answers 500 when nothing
// inside produced a reply. Replies already in JSON are left alone: they are the user's own.
class ErrorHandlingMiddleware final : public Middleware {
public:
    explicit ErrorHandlingMiddleware(int minStatus) : m_minStatus(minStatus) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    int m_minStatus;
};

Result<MiddlewarePtr> makeErrorHandling(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
