#include "run/json_path.h"

#include <cctype>
#include <charconv>

namespace quiver::core::run {

namespace {

using nlohmann::json;

Error syntaxError(std::string_view expression, std::size_t column, std::string_view reason) {
    return makeError(ErrorKind::protocol, "JSONPath '" + std::string(expression) + "': column " +
                                              std::to_string(column) + ": " + std::string(reason));
}

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
}

} // namespace

Result<JsonPath> JsonPath::parse(std::string_view expression) {
    if (expression.empty() || expression.front() == '/')
        return parsePointer(expression);
    if (expression.front() == '$')
        return parseDollar(expression);
    return syntaxError(expression, 1, "expected '$' (JSONPath) or '/' (JSON Pointer)");
}

// The pointer's own rules (RFC 6901 escapes) come from nlohmann's json_pointer; the steps
// are kept as member names so that "/0" reaches both an array's first element and a member
// called "0".
Result<JsonPath> JsonPath::parsePointer(std::string_view expression) {
    JsonPath path;
    path.m_expression = std::string(expression);
    try {
        json::json_pointer pointer{std::string(expression)};
        std::vector<std::string> tokens;
        while (!pointer.empty()) {
            tokens.insert(tokens.begin(), pointer.back());
            pointer.pop_back();
        }
        for (auto& token : tokens)
            path.m_steps.push_back({Step::Kind::member, std::move(token), 0});
    } catch (const json::exception& e) {
        return makeError(ErrorKind::protocol,
                         "JSON Pointer '" + std::string(expression) + "': " + e.what());
    }
    return path;
}

Result<JsonPath> JsonPath::parseDollar(std::string_view expression) {
    JsonPath path;
    path.m_expression = std::string(expression);
    std::size_t i = 1;
    const auto col = [&](std::size_t at) { return at + 1; };
    while (i < expression.size()) {
        const char c = expression[i];
        if (c == '.') {
            ++i;
            if (i < expression.size() && expression[i] == '*') {
                path.m_steps.push_back({Step::Kind::wildcard, {}, 0});
                path.m_definite = false;
                ++i;
                continue;
            }
            if (i < expression.size() && expression[i] == '.')
                return syntaxError(expression, col(i), "recursive descent '..' is not supported");
            const std::size_t start = i;
            while (i < expression.size() && isNameChar(expression[i]))
                ++i;
            if (i == start)
                return syntaxError(expression, col(start), "expected a member name after '.'");
            path.m_steps.push_back(
                {Step::Kind::member, std::string(expression.substr(start, i - start)), 0});
        } else if (c == '[') {
            const std::size_t open = i++;
            if (i >= expression.size())
                return syntaxError(expression, col(open), "unterminated '['");
            const char first = expression[i];
            if (first == '*') {
                path.m_steps.push_back({Step::Kind::wildcard, {}, 0});
                path.m_definite = false;
                ++i;
            } else if (first == '\'' || first == '"') {
                std::string name;
                ++i;
                while (i < expression.size() && expression[i] != first) {
                    if (expression[i] == '\\' && i + 1 < expression.size())
                        ++i;
                    name += expression[i++];
                }
                if (i >= expression.size())
                    return syntaxError(expression, col(open + 1), "unterminated quoted name");
                ++i; // closing quote
                path.m_steps.push_back({Step::Kind::member, std::move(name), 0});
            } else if (std::isdigit(static_cast<unsigned char>(first))) {
                const std::size_t start = i;
                while (i < expression.size() &&
                       std::isdigit(static_cast<unsigned char>(expression[i])))
                    ++i;
                std::size_t index = 0;
                const auto digits = expression.substr(start, i - start);
                const auto [end, ec] =
                    std::from_chars(digits.data(), digits.data() + digits.size(), index);
                if (ec != std::errc())
                    return syntaxError(expression, col(start), "index out of range");
                path.m_steps.push_back({Step::Kind::index, {}, index});
            } else {
                return syntaxError(expression, col(i),
                                   "expected a number, '*' or a quoted name (filters, slices and "
                                   "negative indexes are not supported)");
            }
            if (i >= expression.size() || expression[i] != ']')
                return syntaxError(expression, col(i), "expected ']'");
            ++i;
        } else {
            return syntaxError(expression, col(i), "expected '.' or '['");
        }
    }
    return path;
}

std::vector<const json*> JsonPath::evaluate(const json& document) const {
    std::vector<const json*> current{&document};
    for (const auto& step : m_steps) {
        std::vector<const json*> next;
        for (const json* value : current) {
            switch (step.kind) {
            case Step::Kind::member:
                if (value->is_object()) {
                    if (auto it = value->find(step.name); it != value->end())
                        next.push_back(&*it);
                } else if (value->is_array()) {
                    // A pointer token addresses array elements by their decimal index.
                    std::size_t index = 0;
                    const auto& n = step.name;
                    const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), index);
                    if (ec == std::errc() && end == n.data() + n.size() && !n.empty() &&
                        (n == "0" || n[0] != '0') && index < value->size())
                        next.push_back(&(*value)[index]);
                }
                break;
            case Step::Kind::index:
                if (value->is_array() && step.index < value->size())
                    next.push_back(&(*value)[step.index]);
                break;
            case Step::Kind::wildcard:
                if (value->is_array() || value->is_object())
                    for (const auto& element : *value)
                        next.push_back(&element);
                break;
            }
        }
        current = std::move(next);
    }
    return current;
}

} // namespace quiver::core::run
