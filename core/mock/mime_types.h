#pragma once

#include <string_view>

namespace quiver::core::mock {

// The Content-Type of a file served by a mock route, from its extension (case-insensitive);
// application/octet-stream for anything unknown. Text types carry charset=utf-8.
std::string_view mimeTypeFor(std::string_view fileName);

} // namespace quiver::core::mock
