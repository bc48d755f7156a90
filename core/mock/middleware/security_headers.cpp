#include "mock/middleware/security_headers.h"

namespace quiver::core::mock {

SecurityHeadersMiddleware::SecurityHeadersMiddleware(std::string referrerPolicy, std::string csp) {
    m_headers.push_back({"X-Content-Type-Options", "nosniff", true});
    m_headers.push_back({"X-Frame-Options", "DENY", true});
    m_headers.push_back({"Referrer-Policy", std::move(referrerPolicy), true});
    if (!csp.empty())
        m_headers.push_back({"Content-Security-Policy", std::move(csp), true});
}

void SecurityHeadersMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    next(ex, [this, &ex, done = std::move(done)] {
        for (const auto& header : m_headers)
            if (!model::hasHeader(ex.reply.headers, header.name))
                ex.reply.headers.push_back(header);
        done();
    });
}

Result<MiddlewarePtr> makeSecurityHeaders(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    return MiddlewarePtr(std::make_shared<SecurityHeadersMiddleware>(
        settings["referrerPolicy"].get<std::string>(), settings["csp"].get<std::string>()));
}

} // namespace quiver::core::mock
