#pragma once

#include "model/request.h"

#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::io {

inline constexpr std::string_view kRedacted = "<redacted>";

// What leaves the workspace (history, exports, generated code, logs) goes through this:
// Authorization, Proxy-Authorization, Cookie and Set-Cookie values, auth passwords, tokens,
// API key values and OAuth 2.0 client secrets become kRedacted, and so does every occurrence
// of a known secret value anywhere in the request (URL, headers, body, form fields).
struct Redaction {
    std::vector<std::string> secretValues; // from secretValues(store), longest first
    bool keepAuthorization = false;         // the user asked for the real values

    std::string apply(std::string_view text) const; // replaces the secret values only
    model::Request apply(const model::Request& request) const;
};

} // namespace quiver::core::io
