#include "mock/query_params.h"

#include "mock/route_pattern.h"

#include <string>
#include <utility>

namespace quiver::core::mock {

QueryParams parseQuery(std::string_view target) {
    QueryParams query;
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return query;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        std::string name = decodeSafeValue(pair.substr(0, eq));
        std::string value =
            eq == std::string_view::npos ? std::string() : decodeSafeValue(pair.substr(eq + 1));
        if (!name.empty() || !value.empty())
            query.emplace(std::move(name), std::move(value));
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return query;
}

} // namespace quiver::core::mock
