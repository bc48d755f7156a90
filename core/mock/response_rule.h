#pragma once

#include "engine/random.h"
#include "engine/result.h"
#include "mock/route_pattern.h"
#include "mock/runtime_state.h"
#include "model/header.h"
#include "model/mock_server.h"

#include <cstddef>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

// Which of a route's responses answers a request: an optional rule per response, and a
// selection mode (Mockoon's "rules", "sequential" and "random" responses).
namespace quiver::core::mock {

using QueryParams = std::multimap<std::string, std::string, std::less<>>;

// The rule and the selection mode are the model's own types: one definition, read from the
// mock server file and evaluated here.
using ResponseRule = model::ResponseRule;

// The incoming request as rules see it. Pointers may be null (nothing of that kind). The
// view borrows everything; it lives for one request on one thread.
class RequestView {
public:
    std::string_view method;
    std::string_view path;
    const QueryParams* query = nullptr;
    const model::Headers* headers = nullptr;
    const RouteParams* params = nullptr;
    std::string_view body;

    // The body parsed as JSON on first use and kept; null when it is not JSON.
    const nlohmann::json* json() const;

private:
    mutable std::optional<nlohmann::json> m_json;
    mutable bool m_parsed = false;
};

// A rule ready to run: its regex and JSON pointer are compiled once, when the snapshot is
// built, never per request.
class CompiledRule {
public:
    const ResponseRule& rule() const { return m_rule; }
    // A header or query name that repeats matches when any of its values does. Values from
    // the body are JSON strings as they are, other JSON values as compact JSON text
    // ("42", "true"). Regexes search (a partial match), as JavaScript's test() in Mockoon.
    bool matches(const RequestView& request) const;

private:
    friend Result<CompiledRule> compileRule(const ResponseRule& rule, std::string_view ruleName);
    bool test(std::string_view candidate) const;
    bool matchesBody(const RequestView& request) const;

    ResponseRule m_rule;
    std::shared_ptr<const re2::RE2> m_regex;
    nlohmann::json::json_pointer m_pointer;
};

// ruleName says where the rule is ("users response 2"); errors are ErrorKind::protocol and
// start with it: "rule 'users response 2': invalid regex 'a(': missing ): a(".
Result<CompiledRule> compileRule(const ResponseRule& rule, std::string_view ruleName);

using SelectionMode = model::MockRoute::SelectionMode;

// The index of the response to send, or nullopt when none applies:
//   firstMatch: the first response whose rule matches or that has no rule;
//   sequence:   the next response in a cycle through all of them, rules ignored; the position
//               lives in `position` (RuntimeState), so it survives snapshot swaps;
//   random:     uniform among the responses whose rule matches or that have none.
std::optional<std::size_t> chooseResponse(SelectionMode mode,
                                          std::span<const std::optional<CompiledRule>> rules,
                                          const RequestView& request, SequenceState& position,
                                          Random& random);

} // namespace quiver::core::mock
