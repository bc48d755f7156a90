#pragma once

#include "engine/result.h"

#include <string>
#include <string_view>

namespace quiver::core::http {

// Standard alphabet with '=' padding (RFC 4648 section 4), as Basic auth needs.
std::string base64Encode(std::string_view bytes);

// Accepts missing padding and surrounding whitespace; anything else invalid is an error.
Result<std::string> base64Decode(std::string_view text);

} // namespace quiver::core::http
