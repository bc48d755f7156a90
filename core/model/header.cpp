#include "model/header.h"

#include <algorithm>

namespace quiver::core::model {

namespace {

// Header names compare case-insensitively in ASCII only (RFC 9110 5.1), whatever the locale.
constexpr unsigned char asciiLower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c;
}

} // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return asciiLower(static_cast<unsigned char>(x)) ==
                      asciiLower(static_cast<unsigned char>(y));
           });
}

std::optional<std::string> findHeader(const Headers& headers, std::string_view name) {
    for (const auto& h : headers)
        if (h.enabled && iequals(h.name, name))
            return h.value;
    return std::nullopt;
}

bool hasHeader(const Headers& headers, std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const Header& h) { return h.enabled && iequals(h.name, name); });
}

void setHeader(Headers& headers, std::string_view name, std::string value) {
    removeHeader(headers, name);
    headers.push_back({std::string(name), std::move(value), true});
}

void removeHeader(Headers& headers, std::string_view name) {
    std::erase_if(headers, [&](const Header& h) { return iequals(h.name, name); });
}

} // namespace quiver::core::model
