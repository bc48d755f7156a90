#pragma once

#include "mock/route_pattern.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The route table of a mock server, resolved as aiohttp's UrlDispatcher.resolve does:
//   - routes are tried in the order they were added; the first whose pattern matches the path
//     and whose methods include the request's method wins;
//   - when some patterns match the path but none allows the method, the answer is 405 with
//     every method those routes allow; when none matches, 404.
// aiohttp >= 3.10 tries resources with a longer literal prefix first (its resource index);
// we keep the plain order because it is what the user sees and edits in the route table.
// Specificity (route_pattern.h) lets an editor warn when an earlier route shadows a later one.
// A GET route also answers HEAD, as aiohttp's add_get(allow_head=True).
namespace quiver::core::mock {

struct RouteEntry {
    std::string routeId;              // stable: runtime state is keyed by it
    std::vector<std::string> methods; // empty = any method
    std::string pattern;              // aiohttp syntax, relative to the prefix
    std::string prefix;               // route group prefix (aiohttp sub-app), e.g. "/api/v1"
};

// A route that did not compile. Column 0 means the error is not about the pattern text
// (a duplicate id, a bad method or prefix).
struct RouteError {
    std::string routeId;
    std::size_t column = 0;
    std::string reason;

    std::string message() const; // "route 'users': column 8: unbalanced '{'"
};

struct Resolution {
    enum class Kind { matched, notFound, methodNotAllowed };
    Kind kind = Kind::notFound;
    // The route that matched; valid while the table lives (a request holds its snapshot).
    std::string_view routeId;
    std::size_t routeIndex = 0;
    RouteParams params;
    // For 405: the Allow header, sorted and comma-joined like aiohttp ("GET,HEAD,POST").
    std::string allowedMethods;
};

struct RouterBuild;
RouterBuild buildRouter(const std::vector<RouteEntry>& entries);

// Immutable once built: resolve is const and safe from any number of threads. A server swaps
// a whole new table in on edit; state that must survive lives in RuntimeState.
class RouteTable {
public:
    // rawPath is the request target's path as sent (anything from '?' on is ignored). The only
    // allocations are the parameters of a match, the decoded path when it holds a '%', and
    // the Allow text of a 405.
    Resolution resolve(std::string_view method, std::string_view rawPath) const;

    std::size_t size() const { return m_routes.size(); }
    const RoutePattern& pattern(std::size_t index) const { return m_routes[index].pattern; }
    std::string_view routeId(std::size_t index) const { return m_routes[index].routeId; }

private:
    friend RouterBuild buildRouter(const std::vector<RouteEntry>& entries);

    struct Route {
        std::string routeId;
        std::vector<std::string> methods; // upper case, HEAD added for GET; empty = any
        RoutePattern pattern;
    };
    static bool allows(const Route& route, std::string_view method);

    std::vector<Route> m_routes;
};

struct RouterBuild {
    std::shared_ptr<const RouteTable> table; // null when any route failed
    std::vector<RouteError> errors;          // every failure, in route order

    bool ok() const { return table != nullptr; }
    std::string message() const; // the errors, one per line
};

// Compiles every entry and reports every error at once, so an editor can mark them all.
RouterBuild buildRouter(const std::vector<RouteEntry>& entries);

} // namespace quiver::core::mock
