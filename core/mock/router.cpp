#include "mock/router.h"

#include "model/text.h"

#include <algorithm>
#include <set>

namespace quiver::core::mock {

namespace {

// RFC 9110 token characters: a method is a token.
bool isToken(std::string_view text) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.find(c) != std::string_view::npos;
    });
}

std::string toUpper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Methods as the table keeps them: upper case (aiohttp upper-cases route methods), sorted,
// HEAD added wherever GET is; "*" or an empty list means any method (an empty vector).
std::variant<std::vector<std::string>, std::string>
normalizeMethods(const std::vector<std::string>& methods) {
    std::set<std::string> out;
    for (const std::string& raw : methods) {
        std::string method = toUpper(model::trim(raw));
        if (method == "*")
            return std::vector<std::string>{};
        if (!isToken(method))
            return "invalid method '" + raw + "'";
        out.insert(method);
    }
    if (out.count("GET"))
        out.insert("HEAD");
    return std::vector<std::string>(out.begin(), out.end());
}

// A group prefix is literal text, as aiohttp's add_subapp wants; "" and "/" mean no group.
std::string_view trimPrefix(std::string_view prefix) {
    while (!prefix.empty() && prefix.back() == '/')
        prefix.remove_suffix(1);
    return prefix;
}

std::string prefixError(std::string_view prefix) {
    if (prefix.empty())
        return {};
    if (prefix.front() != '/')
        return "prefix '" + std::string(prefix) + "' must start with '/'";
    if (prefix.find_first_of("{}") != std::string_view::npos)
        return "prefix '" + std::string(prefix) + "' must not hold parameters";
    return {};
}

} // namespace

std::string RouteError::message() const {
    std::string out = "route '" + routeId + "': ";
    if (column > 0)
        out += "column " + std::to_string(column) + ": ";
    return out + reason;
}

std::string RouterBuild::message() const {
    std::string out;
    for (const RouteError& error : errors) {
        if (!out.empty())
            out.push_back('\n');
        out += error.message();
    }
    return out;
}

RouterBuild buildRouter(const std::vector<RouteEntry>& entries) {
    RouterBuild build;
    auto table = std::make_shared<RouteTable>();
    std::set<std::string, std::less<>> ids;
    for (const RouteEntry& entry : entries) {
        auto fail = [&](std::size_t column, std::string reason) {
            build.errors.push_back(RouteError{entry.routeId, column, std::move(reason)});
        };
        if (entry.routeId.empty())
            fail(0, "route id is empty");
        else if (!ids.insert(entry.routeId).second)
            fail(0, "duplicate route id");
        auto methods = normalizeMethods(entry.methods);
        if (auto* error = std::get_if<std::string>(&methods))
            fail(0, *error);
        std::string_view prefix = trimPrefix(entry.prefix);
        if (std::string error = prefixError(prefix); !error.empty()) {
            fail(0, std::move(error));
            continue;
        }
        auto pattern = compilePatternDetailed(entry.pattern, prefix);
        if (auto* error = std::get_if<PatternError>(&pattern)) {
            fail(error->column, error->reason);
            continue;
        }
        if (methods.index() == 0)
            table->m_routes.push_back(
                RouteTable::Route{entry.routeId, std::get<0>(std::move(methods)),
                                  std::get<RoutePattern>(std::move(pattern))});
    }
    if (build.errors.empty())
        build.table = std::move(table);
    return build;
}

bool RouteTable::allows(const Route& route, std::string_view method) {
    // HTTP methods are case-sensitive, so the request's method is compared as sent.
    return route.methods.empty() ||
           std::binary_search(route.methods.begin(), route.methods.end(), method);
}

Resolution RouteTable::resolve(std::string_view method, std::string_view rawPath) const {
    rawPath = rawPath.substr(0, rawPath.find('?'));
    std::string decoded;
    std::string_view path = rawPath;
    if (rawPath.find('%') != std::string_view::npos) {
        decoded = decodePathSafe(rawPath);
        path = decoded;
    }
    Resolution result;
    std::vector<std::string_view> allowed;
    for (std::size_t i = 0; i < m_routes.size(); ++i) {
        const Route& route = m_routes[i];
        if (!allows(route, method)) {
            if (route.pattern.matchesDecoded(path))
                allowed.insert(allowed.end(), route.methods.begin(), route.methods.end());
            continue;
        }
        if (auto params = route.pattern.matchDecoded(path)) {
            result.kind = Resolution::Kind::matched;
            result.routeId = route.routeId;
            result.routeIndex = i;
            result.params = std::move(*params);
            return result;
        }
    }
    if (allowed.empty())
        return result;
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    result.kind = Resolution::Kind::methodNotAllowed;
    for (std::string_view m : allowed) {
        if (!result.allowedMethods.empty())
            result.allowedMethods.push_back(',');
        result.allowedMethods += m;
    }
    return result;
}

} // namespace quiver::core::mock
