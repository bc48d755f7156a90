#pragma once

#include "engine/result.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::run {

// Where a value of a JSON response is, for assertions and extractions. Two notations:
//
// JSON Pointer (RFC 6901), starting with '/': "/items/0/id", "/a~1b" (the key "a/b").
// "" is the whole document.
//
// A JSONPath subset, starting with '$':
//   $                 the whole document
//   .name             a member; name is letters, digits, '_', '-' and '$'
//   ['any name']      a member with any characters ("double quotes" too; \' \" \\ escapes)
//   [N]               an array element, N >= 0
//   [*] or .*         every element of an array, or every member value of an object
// e.g. "$.items[0].id", "$.items[*].name", "$['content-type']". Filters, slices, unions and
// recursive descent ("..") are not supported and are refused as syntax errors.
//
// A path without a wildcard is definite: at most one match. With one, the matches are
// every value reached, in document order (an object's members in key order).
class JsonPath {
public:
    // Errors (ErrorKind::protocol) name the expression and the 1-based column, e.g.
    // "JSONPath '$.a[x]': column 5: expected a number, '*' or a quoted name".
    static Result<JsonPath> parse(std::string_view expression);

    std::vector<const nlohmann::json*> evaluate(const nlohmann::json& document) const;
    bool definite() const { return m_definite; }
    const std::string& expression() const { return m_expression; }

private:
    struct Step {
        enum class Kind { member, index, wildcard };
        Kind kind = Kind::member;
        std::string name;
        std::size_t index = 0;
    };

    static Result<JsonPath> parsePointer(std::string_view expression);
    static Result<JsonPath> parseDollar(std::string_view expression);

    std::string m_expression;
    std::vector<Step> m_steps;
    bool m_definite = true;
};

} // namespace quiver::core::run
