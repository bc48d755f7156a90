#pragma once

#include "mock/response_rule.h"

#include <string_view>

namespace quiver::core::mock {

// The decoded query parameters of a request target ("/a?x=1&y=%2F" -> x=1, y=/), in order,
// repeated names kept.
QueryParams parseQuery(std::string_view target);

} // namespace quiver::core::mock
