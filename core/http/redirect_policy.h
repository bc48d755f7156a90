#pragma once

#include "http/url.h"

#include <optional>
#include <string>
#include <string_view>

namespace quiver::core::http {

bool isRedirectStatus(int status); // 301, 302, 303, 307, 308

// What the next request of a redirect chain sends.
struct RedirectStep {
    std::string method;
    bool keepBody = false;
};

// 301/302 turn POST into GET without a body (as browsers, aiohttp and requests do); 303 turns
// everything but HEAD into GET; 307/308 keep method and body. nullopt when not a redirect.
std::optional<RedirectStep> redirectFor(int status, std::string_view method);

// True when scheme, host or port change between two hops (curl's rule for credentials).
bool shouldDropAuthorization(const ParsedUrl& from, const ParsedUrl& to);

} // namespace quiver::core::http
