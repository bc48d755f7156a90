#pragma once

#include <string>
#include <vector>

namespace quiver::core::model {

// A check on a response, run by the runner and shown by the GUI. Saved in the request file
// under "assertions" (left out when empty):
//   {"kind": "status", "op": "inRange", "value": "200-299"}
//   {"kind": "header", "target": "Content-Type", "op": "matches", "value": "^application/json"}
//   {"kind": "json", "target": "$.items[0].id", "op": "equals", "value": "7"}
//   {"kind": "json", "target": "/user/name", "op": "hasType", "value": "string"}
//   {"kind": "body", "op": "contains", "value": "ok"}
//   {"kind": "responseTime", "op": "below", "value": "500"}
// json targets are a JSON Pointer ("/a/0/b") or the JSONPath subset "$.a.b", "$.a[0]",
// "$.a[*].b". For json equals, a value that parses as JSON is compared as JSON ("7" equals
// the number 7, "\"7\"" the string), else as the string value. hasType takes one of
// string, number, integer, boolean, object, array, null. Regexes are RE2.
struct Assertion {
    enum class Kind { status, header, json, body, responseTime };
    enum class Op { equals, notEquals, inRange, exists, notExists, contains, matches, hasType, below };
    Kind kind = Kind::status;
    Op op = Op::equals;
    std::string target; // header name, or JSON Pointer / JSONPath
    std::string value;  // expected value; "200-299" for inRange; milliseconds for below
    bool enabled = true;

    bool operator==(const Assertion&) const = default;
};

// Takes a value from a response into a runtime variable for the requests after it, e.g. a
// login's token. Saved under "extractions":
//   {"source": "json", "expression": "$.token", "variable": "token"}
//   {"source": "header", "expression": "Location", "variable": "next"}
//   {"source": "regex", "expression": "id=(\\d+)", "variable": "id"}   (first group, on the body)
struct Extraction {
    enum class Source { json, header, regex };
    Source source = Source::json;
    std::string expression;
    std::string variable;
    bool enabled = true;

    bool operator==(const Extraction&) const = default;
};

using Assertions = std::vector<Assertion>;
using Extractions = std::vector<Extraction>;

} // namespace quiver::core::model
