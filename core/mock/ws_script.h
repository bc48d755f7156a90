#pragma once

#include "engine/result.h"
#include "model/mock_server.h"
#include "model/template.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

// The behaviour of a WebSocket endpoint made ready once per snapshot: rule regexes compiled
// (RE2), JSON Pointers parsed, templates parsed. Free of Asio, so rules and templates are
// tested without a connection.
namespace quiver::core::mock {

struct CompiledWsRule {
    model::WsRule rule;
    std::shared_ptr<const re2::RE2> regex; // regex rules
    std::optional<nlohmann::json::json_pointer> pointer;
    std::vector<model::TemplatePart> reply;
};

struct CompiledWsEndpoint {
    std::string routeId;
    model::WsEndpoint config;
    std::vector<CompiledWsRule> rules;
    std::optional<std::vector<model::TemplatePart>> onConnect;
    std::optional<std::vector<model::TemplatePart>> push;

    // The index of the first rule the message matches. A message that is not JSON (or has no
    // value at the pointer) never matches a jsonPointerEquals rule.
    std::optional<std::size_t> match(std::string_view message) const;
};

// Errors name the route and the field: "route 'ticker': ws rule 2: regex: column 4: missing
// ): (ab", "route 'chat': ws onConnect: template: unterminated '{{' at 1:5".
Result<std::shared_ptr<const CompiledWsEndpoint>> compileWsEndpoint(const model::MockRoute& route);

// Everything a WebSocket template can read besides the template context's own.
struct WsTemplateInput {
    const model::RequestContext* request = nullptr; // the upgrade request
    const model::VariableLookup* variables = nullptr;
    std::string_view message; // the incoming text; empty in onConnect and push
};

// {{message}} and {{message.json:/a/b}} come first, then the server's variables.
Result<std::string> renderWsTemplate(const std::vector<model::TemplatePart>& parts,
                                     const WsTemplateInput& input, model::TemplateContext context);

} // namespace quiver::core::mock
