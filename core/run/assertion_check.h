#pragma once

#include "model/assertion.h"
#include "model/response.h"
#include "run/run_result.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::run {

// A response as checks read it: the body as text (read back from its file when it was
// streamed to disk) and, on first use, parsed as JSON, so that many checks parse once.
class ResponseView {
public:
    explicit ResponseView(const model::Response& response);

    const model::Response& response() const { return m_response; }
    std::string_view body() const;
    // Null when the body is not JSON; jsonError() then says why.
    const nlohmann::json* json() const;
    const std::string& jsonError() const { return m_jsonError; }

private:
    const model::Response& m_response;
    std::optional<std::string> m_fileBody;
    mutable bool m_parsed = false;
    mutable std::optional<nlohmann::json> m_json;
    mutable std::string m_jsonError;
};

// Checks one assertion (model/assertion.h has the kinds and ops). A check that cannot run
// (a bad regex, an op that does not apply to the kind, a body that is not JSON) fails with
// a message saying why; actual is what the response had, shortened for display.
AssertionResult checkAssertion(const model::Assertion& assertion, const ResponseView& response);
// The enabled ones, in order.
std::vector<AssertionResult> checkAssertions(const model::Assertions& assertions,
                                             const ResponseView& response);

// "status equals 200", "header 'Content-Type' matches ^application/json": for reports.
std::string describe(const model::Assertion& assertion);
// Text cut to at most max bytes (on a UTF-8 boundary) with "…" appended when cut.
std::string shorten(std::string_view text, std::size_t max = 200);

} // namespace quiver::core::run
