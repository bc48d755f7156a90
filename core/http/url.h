#pragma once

#include "engine/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::http {

// A URL the client can connect to: http, https, ws or wss, with a host.
struct ParsedUrl {
    std::string scheme; // lower case
    std::string host;   // lower case for names; without [] for IPv6
    std::uint16_t port = 0;
    std::string target; // encoded path?query, "/" when the path is empty, no fragment
    std::string user;   // decoded userinfo
    std::string password;
    std::string text; // normalized full URL

    bool tls() const;               // https or wss
    std::string hostHeader() const; // host[:port], default port omitted, IPv6 bracketed
};

std::uint16_t defaultPort(std::string_view scheme);

// Parses a user-typed or received URL. A missing scheme means http (as curl). Spaces and other
// characters a browser would escape are percent-encoded after the authority.
Result<ParsedUrl> parseUrl(std::string_view text);

// RFC 3986 reference resolution, for redirect Location values.
Result<std::string> resolveReference(std::string_view baseUrl, std::string_view location);

struct QueryParam {
    std::string name;
    std::string value;
    bool enabled = true;

    bool operator==(const QueryParam&) const = default;
};

// The query of a URL as decoded name/value pairs, in order, duplicates kept. '+' means space.
// Works on URLs that still contain {{variables}}: only the text after the first '?' is read.
std::vector<QueryParam> queryParams(std::string_view url);

// Replaces the query with the enabled params, encoded; everything else stays as typed.
// {{variables}} inside names and values are kept verbatim so they can be substituted later.
std::string withQueryParams(std::string_view url, const std::vector<QueryParam>& params);

// Adds one encoded name=value pair at the end of the query (before any fragment).
std::string appendQueryParam(std::string_view url, std::string_view name, std::string_view value);

} // namespace quiver::core::http
