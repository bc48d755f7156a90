#pragma once

#include "model/header.h"

#include <string>
#include <string_view>

namespace quiver::core::mock {

// Adds token to the reply's Vary list unless it is there already (or Vary is "*"), so layers
// that each make the response depend on a request header do not overwrite one another.
inline void addVary(model::Headers& headers, std::string_view token) {
    std::string value = model::findHeader(headers, "Vary").value_or("");
    std::string_view rest = value;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (item == "*" || model::iequals(item, token))
            return;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    model::setHeader(headers, "Vary",
                     value.empty() ? std::string(token) : value + ", " + std::string(token));
}

} // namespace quiver::core::mock
