#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::model {

// Headers are ordered and may repeat a name; a disabled row is kept for the editor but not sent.
struct Header {
    std::string name;
    std::string value;
    bool enabled = true;

    bool operator==(const Header&) const = default;
};

using Headers = std::vector<Header>;

bool iequals(std::string_view a, std::string_view b);
// First enabled value of a header, case-insensitive.
std::optional<std::string> findHeader(const Headers& headers, std::string_view name);
bool hasHeader(const Headers& headers, std::string_view name);
// Replaces every occurrence of name with one row.
void setHeader(Headers& headers, std::string_view name, std::string value);
void removeHeader(Headers& headers, std::string_view name);

} // namespace quiver::core::model
