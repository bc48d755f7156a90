#include "mock/middleware/request_id.h"

namespace quiver::core::mock {

void RequestIdMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    std::string id = model::findHeader(ex.request.headers, m_header).value_or("");
    if (id.empty()) {
        id = ex.random().uuid();
        // Stored on the request so the route's templates and inner layers (the log) see it.
        model::setHeader(ex.request.headers, m_header, id);
    }
    next(ex, [this, &ex, id = std::move(id), done = std::move(done)]() mutable {
        model::setHeader(ex.reply.headers, m_header, std::move(id));
        done();
    });
}

Result<MiddlewarePtr> makeRequestId(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    return MiddlewarePtr(
        std::make_shared<RequestIdMiddleware>(settings["header"].get<std::string>()));
}

} // namespace quiver::core::mock
