#include "mock/middleware/cors.h"

#include "mock/middleware/vary.h"

#include <algorithm>
#include <string_view>

namespace quiver::core::mock {
namespace {

bool containsNoCase(const std::vector<std::string>& list, std::string_view item) {
    return std::ranges::any_of(list, [&](const std::string& s) { return model::iequals(s, item); });
}

std::string join(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& item : list)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::optional<std::string> CorsMiddleware::allowOrigin(const std::string& origin) const {
    const bool any = containsNoCase(m_settings.origins, "*");
    if (!any && !containsNoCase(m_settings.origins, origin))
        return std::nullopt;
    // With credentials the browser rejects "*": the origin itself must be named.
    return any && !m_settings.credentials ? std::string("*") : origin;
}

bool CorsMiddleware::headersAllowed(const std::string& requested) const {
    if (containsNoCase(m_settings.headers, "*"))
        return true;
    std::string_view rest = requested;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view name = trim(rest.substr(0, comma));
        if (!name.empty() && !containsNoCase(m_settings.headers, name))
            return false;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return true;
}

void CorsMiddleware::answerPreflight(Exchange& ex, const std::string& origin) const {
    const auto allowed = allowOrigin(origin);
    const std::string method =
        model::findHeader(ex.request.headers, "Access-Control-Request-Method").value_or("");
    const std::string requested =
        model::findHeader(ex.request.headers, "Access-Control-Request-Headers").value_or("");
    // Methods are case-sensitive (RFC 9110 §9.1).
    const bool methodOk = std::ranges::find(m_settings.methods, method) != m_settings.methods.end();
    model::Headers headers{{"Vary", "Origin", true}};
    if (!allowed || !methodOk || !headersAllowed(requested)) {
        ex.respond(403, {}, std::move(headers));
        return;
    }
    headers.push_back({"Access-Control-Allow-Origin", *allowed, true});
    if (m_settings.credentials)
        headers.push_back({"Access-Control-Allow-Credentials", "true", true});
    headers.push_back({"Access-Control-Allow-Methods", join(m_settings.methods), true});
    // "*" is taken literally on credentialed requests, so the asked-for headers are named.
    const bool anyHeader = containsNoCase(m_settings.headers, "*");
    const std::string allowHeaders = anyHeader ? requested : join(m_settings.headers);
    if (!allowHeaders.empty())
        headers.push_back({"Access-Control-Allow-Headers", allowHeaders, true});
    headers.push_back({"Access-Control-Max-Age", std::to_string(m_settings.maxAgeSeconds), true});
    ex.respond(204, {}, std::move(headers));
}

void CorsMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    const auto origin = model::findHeader(ex.request.headers, "Origin");
    if (origin && ex.request.method == "OPTIONS" &&
        model::hasHeader(ex.request.headers, "Access-Control-Request-Method")) {
        answerPreflight(ex, *origin);
        done();
        return;
    }
    const auto allowed = origin ? allowOrigin(*origin) : std::nullopt;
    next(ex, [this, &ex, allowed, done = std::move(done)] {
        // Every reply varies by origin, refused or absent ones too, or a cache could hand
        // one origin's answer to another.
        addVary(ex.reply.headers, "Origin");
        if (allowed) {
            model::setHeader(ex.reply.headers, "Access-Control-Allow-Origin", *allowed);
            if (m_settings.credentials)
                model::setHeader(ex.reply.headers, "Access-Control-Allow-Credentials", "true");
            if (!m_settings.exposeHeaders.empty())
                model::setHeader(ex.reply.headers, "Access-Control-Expose-Headers",
                                 join(m_settings.exposeHeaders));
        }
        done();
    });
}

Result<MiddlewarePtr> makeCors(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto s = model::effectiveSettings(spec);
    CorsMiddleware::Settings settings;
    settings.origins = s["origins"].get<std::vector<std::string>>();
    settings.methods = s["methods"].get<std::vector<std::string>>();
    settings.headers = s["headers"].get<std::vector<std::string>>();
    settings.exposeHeaders = s["exposeHeaders"].get<std::vector<std::string>>();
    settings.credentials = s["credentials"].get<bool>();
    settings.maxAgeSeconds = s["maxAgeSeconds"].get<std::uint32_t>();
    return MiddlewarePtr(std::make_shared<CorsMiddleware>(std::move(settings)));
}

} // namespace quiver::core::mock
