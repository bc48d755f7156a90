#include "mock/response_rule.h"

#include <re2/re2.h>
#include <vector>

namespace quiver::core::mock {

namespace {

Error ruleError(std::string_view ruleName, const std::string& reason) {
    return makeError(ErrorKind::protocol, "rule '" + std::string(ruleName) + "': " + reason);
}

std::string_view sourceName(ResponseRule::Source source) {
    switch (source) {
    case ResponseRule::Source::header:
        return "header";
    case ResponseRule::Source::query:
        return "query parameter";
    case ResponseRule::Source::pathParam:
        return "path parameter";
    case ResponseRule::Source::bodyJsonPointer:
        return "body JSON pointer";
    }
    return "source";
}

} // namespace

const nlohmann::json* RequestView::json() const {
    if (!m_parsed) {
        m_parsed = true;
        // Without exceptions: a body that is not JSON makes body rules false, not an error.
        auto parsed = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
        if (!parsed.is_discarded())
            m_json = std::move(parsed);
    }
    return m_json ? &*m_json : nullptr;
}

Result<CompiledRule> compileRule(const ResponseRule& rule, std::string_view ruleName) {
    CompiledRule compiled;
    compiled.m_rule = rule;
    if (rule.source == ResponseRule::Source::bodyJsonPointer) {
        try {
            compiled.m_pointer = nlohmann::json::json_pointer(rule.name);
        } catch (const nlohmann::json::exception& e) {
            return ruleError(ruleName, "invalid JSON pointer '" + rule.name + "': " + e.what());
        }
    } else if (rule.name.empty()) {
        return ruleError(ruleName, std::string(sourceName(rule.source)) + " name is empty");
    }
    if (rule.op == ResponseRule::Operator::regex) {
        RE2::Options options;
        options.set_log_errors(false);
        auto regex = std::make_shared<const RE2>(rule.value, options);
        if (!regex->ok())
            return ruleError(ruleName, "invalid regex '" + rule.value + "': " + regex->error());
        compiled.m_regex = std::move(regex);
    }
    return compiled;
}

bool CompiledRule::test(std::string_view candidate) const {
    switch (m_rule.op) {
    case ResponseRule::Operator::equals:
        return candidate == m_rule.value;
    case ResponseRule::Operator::contains:
        return candidate.find(m_rule.value) != std::string_view::npos;
    case ResponseRule::Operator::regex:
        return RE2::PartialMatch(re2::StringPiece(candidate.data(), candidate.size()), *m_regex);
    case ResponseRule::Operator::exists:
        return true;
    }
    return false;
}

bool CompiledRule::matchesBody(const RequestView& request) const {
    const nlohmann::json* json = request.json();
    if (!json || !json->contains(m_pointer))
        return false;
    try {
        const nlohmann::json& value = json->at(m_pointer);
        if (value.is_string())
            return test(value.get_ref<const std::string&>());
        return test(value.dump());
    } catch (const nlohmann::json::exception&) {
        return false; // a pointer that does not fit this document's shape
    }
}

bool CompiledRule::matches(const RequestView& request) const {
    switch (m_rule.source) {
    case ResponseRule::Source::header:
        if (request.headers)
            for (const model::Header& header : *request.headers)
                if (header.enabled && model::iequals(header.name, m_rule.name) &&
                    test(header.value))
                    return true;
        return false;
    case ResponseRule::Source::query:
        if (request.query) {
            auto [begin, end] = request.query->equal_range(m_rule.name);
            for (auto it = begin; it != end; ++it)
                if (test(it->second))
                    return true;
        }
        return false;
    case ResponseRule::Source::pathParam:
        if (request.params)
            for (const auto& [name, value] : *request.params)
                if (name == m_rule.name)
                    return test(value);
        return false;
    case ResponseRule::Source::bodyJsonPointer:
        return matchesBody(request);
    }
    return false;
}

std::optional<std::size_t> chooseResponse(SelectionMode mode,
                                          std::span<const std::optional<CompiledRule>> rules,
                                          const RequestView& request, SequenceState& position,
                                          Random& random) {
    if (rules.empty())
        return std::nullopt;
    auto applies = [&](std::size_t i) { return !rules[i] || rules[i]->matches(request); };
    switch (mode) {
    case SelectionMode::firstMatch:
        for (std::size_t i = 0; i < rules.size(); ++i)
            if (applies(i))
                return i;
        return std::nullopt;
    case SelectionMode::sequence:
        // fetch_add keeps concurrent requests on distinct positions.
        return static_cast<std::size_t>(position.fetch_add(1, std::memory_order_relaxed) %
                                        rules.size());
    case SelectionMode::random: {
        std::vector<std::size_t> candidates;
        candidates.reserve(rules.size());
        for (std::size_t i = 0; i < rules.size(); ++i)
            if (applies(i))
                candidates.push_back(i);
        if (candidates.empty())
            return std::nullopt;
        auto pick = random.uniform(0, static_cast<std::int64_t>(candidates.size()) - 1);
        return candidates[static_cast<std::size_t>(pick)];
    }
    }
    return std::nullopt;
}

} // namespace quiver::core::mock
