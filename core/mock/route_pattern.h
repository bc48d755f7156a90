#pragma once

#include "engine/result.h"

#include <compare>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace re2 {
class RE2;
}

// Route patterns as aiohttp writes them (web_urldispatcher.py, DynamicResource):
//   /users               a literal path
//   /users/{id}          a parameter: one segment, [^{}/]+
//   /files/{path:.+}     a parameter with its own regex, which may span segments
//   /{name}.{ext}        several parameters in one segment
// Names are [_a-zA-Z][_a-zA-Z0-9]*. Braces inside a parameter regex are counted, so
// `{id:\d{3}}` works; a backslash-escaped brace is not counted. Regexes are RE2 (linear time:
// a user's pattern must not be able to stall a server thread).
//
// Matching follows aiohttp >= 3.10 (`URL.path_safe`): the request path is percent-decoded
// before matching, except %2F and %25, which stay encoded so that an encoded slash never
// splits a segment; captured values are then decoded fully. So `/users/a%2Fb` matches
// `/users/{id}` with id = "a/b". Literal text in a pattern is decoded the same way, which
// makes `/a%20b` and `/a b` the same pattern. Invalid escapes are kept as written.
namespace quiver::core::mock {

using RouteParams = std::vector<std::pair<std::string, std::string>>;

// How specific a pattern is, for editors that warn when a broad route is listed before a
// narrower one. Resolution itself keeps the user's order (router.h); this is advice only.
struct Specificity {
    bool literal = false;          // no parameters at all
    std::size_t literalLength = 0; // characters of literal text
    std::size_t regexParams = 0;   // {name:regex} parameters
    std::size_t plainParams = 0;   // {name} parameters

    // Greater means more specific: literal first, then more literal text, then fewer regex
    // parameters (they can span segments), then fewer plain parameters.
    std::strong_ordering operator<=>(const Specificity& other) const;
    bool operator==(const Specificity&) const = default;
};

// Where and why a pattern failed; the column is 1-based in the pattern as the user typed it
// (without the group prefix).
struct PatternError {
    std::size_t column = 1;
    std::string reason;

    std::string message() const; // "column 8: unbalanced '{'"
};

class RoutePattern {
public:
    const std::string& text() const { return m_text; } // prefix + pattern, as written
    bool isLiteral() const { return !m_regex; }
    // The decoded path a literal pattern matches, for exact lookups; empty for dynamic ones.
    const std::string& literal() const { return m_literal; }
    const std::vector<std::string>& paramNames() const { return m_names; }
    const Specificity& specificity() const { return m_specificity; }

    // Matches a raw request path (no query). The values are in pattern order.
    std::optional<RouteParams> match(std::string_view rawPath) const;
    // Same, for a path already passed through decodePathSafe: a router decodes once and tries
    // many patterns.
    std::optional<RouteParams> matchDecoded(std::string_view safePath) const;
    // Whether matchDecoded would match, without extracting anything.
    bool matchesDecoded(std::string_view safePath) const;

private:
    friend std::variant<RoutePattern, PatternError> compilePatternDetailed(std::string_view,
                                                                           std::string_view);
    std::string m_text;
    std::string m_literal;
    std::vector<std::string> m_names;
    std::vector<int> m_groups; // RE2 submatch index of each name
    std::shared_ptr<const re2::RE2> m_regex;
    Specificity m_specificity;
};

// Compiles `prefix + pattern`. The prefix (a route group's, e.g. "/api/v1") is literal text;
// the caller checks it. An empty pattern is allowed under a prefix (the prefix itself).
std::variant<RoutePattern, PatternError> compilePatternDetailed(std::string_view pattern,
                                                                std::string_view prefix = {});
// Errors are ErrorKind::protocol: "pattern '/a/{': column 4: unbalanced '{'".
Result<RoutePattern> compilePattern(std::string_view pattern, std::string_view prefix = {});

// Percent-decodes a path except %2F and %25 (kept, upper-cased), as aiohttp's path_safe.
std::string decodePathSafe(std::string_view rawPath);
// Decodes what decodePathSafe kept: %2F -> '/', %25 -> '%'.
std::string decodeSafeValue(std::string_view safeValue);

} // namespace quiver::core::mock
