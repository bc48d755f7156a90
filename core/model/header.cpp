#include "model/header.h"

#include <algorithm>
#include <cctype>

namespace quiver::core::model {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::optional<std::string> findHeader(const Headers& headers, std::string_view name) {
    for (const auto& h : headers)
        if (h.enabled && iequals(h.name, name))
            return h.value;
    return std::nullopt;
}

bool hasHeader(const Headers& headers, std::string_view name) {
    return findHeader(headers, name).has_value();
}

void setHeader(Headers& headers, std::string_view name, std::string value) {
    removeHeader(headers, name);
    headers.push_back({std::string(name), std::move(value), true});
}

void removeHeader(Headers& headers, std::string_view name) {
    std::erase_if(headers, [&](const Header& h) { return iequals(h.name, name); });
}

} // namespace quiver::core::model
