#pragma once

#include "engine/clock.h"
#include "engine/random.h"
#include "engine/result.h"
#include "model/header.h"
#include "model/request.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The one variable grammar of Quiver (DESIGN.md, "Variables and templates"):
//   {{name}}                 a variable (environment, then workspace, then global)
//   {{$uuid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt 1 100}} {{$counter}}
//   {{request.params.id}} {{request.query.q}} {{request.headers.X-Name}}
//   {{request.body}} {{request.json:/a/b}}   (mock responses only)
//   \{{                      a literal "{{"
// Templates are data: parsing is one linear pass and rendering only looks values up.
namespace quiver::core::model {

struct TemplatePart {
    enum class Kind { text, variable, dynamic, request };
    Kind kind = Kind::text;
    // Literal text; the variable name; the function name without '$'; or the request path
    // after "request." ("params.id", "query.q", "headers.X-Name", "body", "json:/a/b").
    std::string text;
    std::vector<std::string> args; // arguments of a dynamic value
    std::size_t offset = 0;        // byte offset of the part in the template
    std::size_t line = 1;          // 1-based position of the part, for error messages
    std::size_t column = 1;

    bool operator==(const TemplatePart&) const = default;
};

// Errors are ErrorKind::protocol with messages like "template: unterminated '{{' at 1:5".
Result<std::vector<TemplatePart>> parseTemplate(std::string_view text);

class VariableLookup {
public:
    virtual ~VariableLookup() = default;
    virtual std::optional<std::string> find(std::string_view name) const = 0;
};

class MapVariables final : public VariableLookup {
public:
    MapVariables() = default;
    explicit MapVariables(std::map<std::string, std::string, std::less<>> values)
        : m_values(std::move(values)) {}

    void set(std::string name, std::string value) { m_values[std::move(name)] = std::move(value); }
    std::optional<std::string> find(std::string_view name) const override;

private:
    std::map<std::string, std::string, std::less<>> m_values;
};

// Scopes in priority order (environment, workspace, global): the first scope that knows a
// name wins. The lookups are borrowed and must outlive this object.
class ChainedVariables final : public VariableLookup {
public:
    ChainedVariables() = default;
    explicit ChainedVariables(std::vector<const VariableLookup*> scopes)
        : m_scopes(std::move(scopes)) {}

    void append(const VariableLookup* scope) { m_scopes.push_back(scope); }
    std::optional<std::string> find(std::string_view name) const override;

private:
    std::vector<const VariableLookup*> m_scopes;
};

// The incoming request a mock response is rendered for.
struct RequestContext {
    std::map<std::string, std::string, std::less<>> params; // route parameters
    std::multimap<std::string, std::string, std::less<>> query;
    Headers headers;
    std::string body;
};

// Everything a render may read. Null clock or random fall back to the system clock and a
// process-wide random source; a null counter falls back to a process-wide counter. A null
// request makes every {{request.…}} an error (they exist only for mock responses).
struct TemplateContext {
    const VariableLookup* variables = nullptr;
    Random* random = nullptr;
    const Clock* clock = nullptr;
    std::atomic<std::uint64_t>* counter = nullptr; // {{$counter}} yields ++*counter
    const RequestContext* request = nullptr;
};

Result<std::string> renderTemplate(std::string_view text, const TemplateContext& ctx);
// For callers that parse once and render many times (mock responses).
Result<std::string> renderParts(const std::vector<TemplatePart>& parts, const TemplateContext& ctx);

// Names of the {{name}} variables in text, first occurrence order, without duplicates. A
// broken template yields the variables before the error.
std::vector<std::string> referencedVariables(std::string_view text);

// Renders every templated field of a request: URL, header names and values, body text and
// content type, form fields (names, values, file paths, file names, types), body file path,
// auth fields, cookies and proxy. Disabled headers and fields are left as they are. The error
// names the field: "header 'X-Token' value: unknown variable 'tok' at 1:3".
Result<Request> substituteRequest(const Request& request, const TemplateContext& ctx);

} // namespace quiver::core::model
