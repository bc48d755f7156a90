#include "mock/middleware/body_limit.h"

#include <memory>
#include <string>

namespace quiver::core::mock {
namespace {

void refuse(Exchange& ex, std::uint64_t maxBytes) {
    ex.respond(413, "413 Payload Too Large: the limit is " + std::to_string(maxBytes) + " bytes\n",
               {{"Content-Type", "text/plain; charset=utf-8", true}});
    ex.reply.closeConnection = true;
}

bool hasBody(const MockRequest& request) {
    return request.contentLength.value_or(0) > 0 ||
           model::hasHeader(request.headers, "Transfer-Encoding") ||
           (request.bodyRead && !request.body.empty());
}

} // namespace

void BodyLimitMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    if (ex.request.contentLength.value_or(0) > m_maxBytes) {
        refuse(ex, m_maxBytes);
        done();
        return;
    }
    if (!hasBody(ex.request)) {
        next(ex, std::move(done));
        return;
    }
    // An outer layer may have read the body already with a larger limit: check its size too.
    ex.readBody(m_maxBytes, [&ex, next, done = std::move(done), max = m_maxBytes](Error error) {
        if (error || ex.request.body.size() > max) {
            if (error && error.kind != ErrorKind::limit) {
                // The body could not be read (the client went away): nothing to answer it with.
                ex.respond(400, "400 Bad Request: the body could not be read\n");
                ex.reply.closeConnection = true;
            } else {
                refuse(ex, max);
            }
            done();
            return;
        }
        next(ex, done);
    });
}

Result<MiddlewarePtr> makeBodyLimit(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    return MiddlewarePtr(
        std::make_shared<BodyLimitMiddleware>(settings["maxBytes"].get<std::uint64_t>()));
}

} // namespace quiver::core::mock
