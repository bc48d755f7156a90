#include "http/redirect_policy.h"

namespace quiver::core::http {

bool isRedirectStatus(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<RedirectStep> redirectFor(int status, std::string_view method) {
    switch (status) {
    case 301:
    case 302:
        if (method == "POST")
            return RedirectStep{"GET", false};
        return RedirectStep{std::string(method), true};
    case 303:
        if (method == "HEAD")
            return RedirectStep{"HEAD", false};
        return RedirectStep{"GET", false};
    case 307:
    case 308:
        return RedirectStep{std::string(method), true};
    default:
        return std::nullopt;
    }
}

bool shouldDropAuthorization(const ParsedUrl& from, const ParsedUrl& to) {
    return from.scheme != to.scheme || from.host != to.host || from.port != to.port;
}

} // namespace quiver::core::http
