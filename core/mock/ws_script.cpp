#include "mock/ws_script.h"

#include <re2/re2.h>

namespace quiver::core::mock {

namespace {

using model::WsRule;

Error routeError(const model::MockRoute& route, const std::string& field,
                 const std::string& reason) {
    return makeError(ErrorKind::protocol, "route '" + route.id + "': ws " + field + ": " + reason);
}

// RE2 names the offending fragment; its place in the pattern is the column users look for.
std::string regexProblem(const std::string& pattern, const RE2& regex) {
    const std::string& fragment = regex.error_arg();
    const auto at = fragment.empty() ? std::string::npos : pattern.find(fragment);
    std::string where = at == std::string::npos ? "" : "column " + std::to_string(at + 1) + ": ";
    return where + regex.error();
}

Result<CompiledWsRule> compileRule(const model::MockRoute& route, std::size_t index) {
    const WsRule& rule = route.ws.rules[index];
    const std::string field = "rule " + std::to_string(index + 1);
    CompiledWsRule compiled;
    compiled.rule = rule;
    if (rule.match == WsRule::Match::regex) {
        RE2::Options options;
        options.set_log_errors(false);
        auto regex = std::make_shared<const RE2>(rule.value, options);
        if (!regex->ok())
            return routeError(route, field,
                              "invalid regex '" + rule.value +
                                  "': " + regexProblem(rule.value, *regex));
        compiled.regex = std::move(regex);
    }
    if (rule.match == WsRule::Match::jsonPointerEquals) {
        try {
            compiled.pointer = nlohmann::json::json_pointer(rule.pointer);
        } catch (const nlohmann::json::exception& e) {
            return routeError(route, field,
                              "invalid JSON pointer '" + rule.pointer + "': " + e.what());
        }
    }
    auto reply = model::parseTemplate(rule.reply);
    if (!reply)
        return routeError(route, field + " reply", reply.error().message);
    compiled.reply = std::move(reply.value());
    return compiled;
}

bool pointerEquals(const CompiledWsRule& rule, std::string_view message) {
    auto document = nlohmann::json::parse(message.begin(), message.end(), nullptr, false);
    if (document.is_discarded() || !document.contains(*rule.pointer))
        return false;
    const auto& value = document.at(*rule.pointer);
    // A string compares by its text ("ping"), anything else by its JSON ("3", "true").
    return value.is_string() ? value.get_ref<const std::string&>() == rule.rule.value
                             : value.dump() == rule.rule.value;
}

// {{message}} and {{message.json:/a}}: the template grammar reads both as variable names.
class MessageVariables final : public model::VariableLookup {
public:
    MessageVariables(std::string_view message, const model::VariableLookup* next)
        : m_message(message), m_next(next) {}

    std::optional<std::string> find(std::string_view name) const override {
        if (name == "message")
            return std::string(m_message);
        if (name.starts_with("message.json:"))
            return jsonAt(name.substr(13));
        return m_next ? m_next->find(name) : std::nullopt;
    }

private:
    std::optional<std::string> jsonAt(std::string_view pointerText) const {
        try {
            const nlohmann::json::json_pointer pointer{std::string(pointerText)};
            auto document =
                nlohmann::json::parse(m_message.begin(), m_message.end(), nullptr, false);
            if (document.is_discarded() || !document.contains(pointer))
                return std::string();
            const auto& value = document.at(pointer);
            return value.is_string() ? value.get<std::string>() : value.dump();
        } catch (const nlohmann::json::exception&) {
            return std::nullopt; // a broken pointer is an unknown name: the render says where
        }
    }

    std::string_view m_message;
    const model::VariableLookup* m_next;
};

Result<std::optional<std::vector<model::TemplatePart>>>
parseOptional(const model::MockRoute& route, const std::optional<std::string>& text,
              const std::string& field) {
    if (!text)
        return std::optional<std::vector<model::TemplatePart>>();
    auto parts = model::parseTemplate(*text);
    if (!parts)
        return routeError(route, field, parts.error().message);
    return std::optional<std::vector<model::TemplatePart>>(std::move(parts.value()));
}

} // namespace

std::optional<std::size_t> CompiledWsEndpoint::match(std::string_view message) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& rule = rules[i];
        bool hit = false;
        switch (rule.rule.match) {
        case WsRule::Match::textEquals:
            hit = message == rule.rule.value;
            break;
        case WsRule::Match::contains:
            hit = message.find(rule.rule.value) != std::string_view::npos;
            break;
        case WsRule::Match::regex:
            hit = RE2::PartialMatch(re2::StringPiece(message.data(), message.size()), *rule.regex);
            break;
        case WsRule::Match::jsonPointerEquals:
            hit = pointerEquals(rule, message);
            break;
        }
        if (hit)
            return i;
    }
    return std::nullopt;
}

Result<std::shared_ptr<const CompiledWsEndpoint>> compileWsEndpoint(const model::MockRoute& route) {
    auto endpoint = std::make_shared<CompiledWsEndpoint>();
    endpoint->routeId = route.id;
    endpoint->config = route.ws;
    for (std::size_t i = 0; i < route.ws.rules.size(); ++i) {
        auto rule = compileRule(route, i);
        if (!rule)
            return rule.error();
        endpoint->rules.push_back(std::move(rule.value()));
    }
    auto onConnect = parseOptional(route, route.ws.onConnect, "onConnect");
    if (!onConnect)
        return onConnect.error();
    endpoint->onConnect = std::move(onConnect.value());
    std::optional<std::string> pushText;
    if (route.ws.push)
        pushText = route.ws.push->text;
    auto push = parseOptional(route, pushText, "push template");
    if (!push)
        return push.error();
    endpoint->push = std::move(push.value());
    return std::shared_ptr<const CompiledWsEndpoint>(std::move(endpoint));
}

Result<std::string> renderWsTemplate(const std::vector<model::TemplatePart>& parts,
                                     const WsTemplateInput& input, model::TemplateContext context) {
    const MessageVariables variables(input.message, input.variables);
    context.variables = &variables;
    context.request = input.request;
    return model::renderParts(parts, context);
}

} // namespace quiver::core::mock
