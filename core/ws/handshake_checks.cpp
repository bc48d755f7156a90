#include "ws/handshake_checks.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace quiver::core::ws {
namespace {

bool validHeaderName(std::string_view name) {
    static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               kSpecials.find(c) != std::string_view::npos;
    });
}

} // namespace

Error checkHeaders(const model::Headers& headers) {
    for (const auto& h : headers) {
        if (!h.enabled)
            continue;
        if (!validHeaderName(h.name))
            return makeError(ErrorKind::protocol, "invalid handshake header name '" + h.name + "'");
        if (h.value.find_first_of("\r\n") != std::string::npos)
            return makeError(ErrorKind::protocol,
                             "handshake header '" + h.name + "' has a line break in its value");
    }
    return {};
}

Error checkSubprotocol(const std::string& chosen, const std::vector<std::string>& offered) {
    if (chosen.empty() || std::find(offered.begin(), offered.end(), chosen) != offered.end())
        return {};
    return makeError(ErrorKind::protocol,
                     "the server chose subprotocol '" + chosen + "', which was not offered");
}

} // namespace quiver::core::ws
