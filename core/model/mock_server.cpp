#include "model/mock_server.h"

#include "model/mock_names.h"
#include "model/text.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <set>

namespace quiver::core::model {

namespace detail {

namespace {

using Kind = MiddlewareSpec::Kind;

constexpr EnumName<Kind> kMiddlewareKinds[] = {{Kind::requestLog, "requestLog"},
                                               {Kind::requestId, "requestId"},
                                               {Kind::auth, "auth"},
                                               {Kind::cors, "cors"},
                                               {Kind::securityHeaders, "securityHeaders"},
                                               {Kind::latency, "latency"},
                                               {Kind::rateLimit, "rateLimit"},
                                               {Kind::errorHandling, "errorHandling"},
                                               {Kind::gzip, "gzip"},
                                               {Kind::bodyLimit, "bodyLimit"},
                                               {Kind::faults, "faults"},
                                               {Kind::proxy, "proxy"}};
constexpr EnumName<MockRoute::Kind> kRouteKinds[] = {{MockRoute::Kind::http, "http"},
                                                     {MockRoute::Kind::ws, "ws"}};
constexpr EnumName<MockRoute::SelectionMode> kSelections[] = {
    {MockRoute::SelectionMode::firstMatch, "firstMatch"},
    {MockRoute::SelectionMode::sequence, "sequence"},
    {MockRoute::SelectionMode::random, "random"}};
constexpr EnumName<MockResponse::BodyKind> kBodyKinds[] = {
    {MockResponse::BodyKind::text, "text"},        {MockResponse::BodyKind::json, "json"},
    {MockResponse::BodyKind::file, "file"},        {MockResponse::BodyKind::template_, "template"},
    {MockResponse::BodyKind::chunked, "chunked"},  {MockResponse::BodyKind::sse, "sse"},
    {MockResponse::BodyKind::redirect, "redirect"}};
constexpr EnumName<ResponseRule::Source> kRuleSources[] = {
    {ResponseRule::Source::header, "header"},
    {ResponseRule::Source::query, "query"},
    {ResponseRule::Source::pathParam, "pathParam"},
    {ResponseRule::Source::bodyJsonPointer, "bodyJsonPointer"}};
constexpr EnumName<ResponseRule::Operator> kRuleOps[] = {
    {ResponseRule::Operator::equals, "equals"},
    {ResponseRule::Operator::contains, "contains"},
    {ResponseRule::Operator::regex, "regex"},
    {ResponseRule::Operator::exists, "exists"}};
constexpr EnumName<MockServer::Tls::Mode> kTlsModes[] = {
    {MockServer::Tls::Mode::off, "off"},
    {MockServer::Tls::Mode::selfSigned, "selfSigned"},
    {MockServer::Tls::Mode::userCertificate, "userCertificate"}};

constexpr Kind kAllKinds[] = {Kind::requestLog, Kind::requestId,       Kind::auth,
                              Kind::cors,       Kind::securityHeaders, Kind::latency,
                              Kind::rateLimit,  Kind::errorHandling,   Kind::gzip,
                              Kind::bodyLimit,  Kind::faults,          Kind::proxy};

} // namespace

std::span<const EnumName<MiddlewareSpec::Kind>> middlewareKindNames() {
    return kMiddlewareKinds;
}
std::span<const EnumName<MockRoute::Kind>> routeKindNames() {
    return kRouteKinds;
}
std::span<const EnumName<MockRoute::SelectionMode>> selectionNames() {
    return kSelections;
}
std::span<const EnumName<MockResponse::BodyKind>> bodyKindNames() {
    return kBodyKinds;
}
std::span<const EnumName<ResponseRule::Source>> ruleSourceNames() {
    return kRuleSources;
}
std::span<const EnumName<ResponseRule::Operator>> ruleOpNames() {
    return kRuleOps;
}
std::span<const EnumName<MockServer::Tls::Mode>> tlsModeNames() {
    return kTlsModes;
}

} // namespace detail

namespace {

std::string routeBase(const MockRoute& route, std::string_view prefix) {
    std::string text;
    for (const auto& method : route.methods)
        text += method + "-";
    std::string slug = slugify(text + std::string(prefix) + route.pattern);
    return slug.empty() ? "route" : slug;
}

std::string claim(std::set<std::string>& taken, const std::string& base) {
    std::string id = base;
    for (int n = 2; taken.count(id); ++n)
        id = base + "-" + std::to_string(n);
    taken.insert(id);
    return id;
}

} // namespace

std::string_view toString(MiddlewareSpec::Kind kind) {
    return detail::nameOf(detail::middlewareKindNames(), kind);
}
std::string_view toString(MockRoute::Kind kind) {
    return detail::nameOf(detail::routeKindNames(), kind);
}
std::string_view toString(MockRoute::SelectionMode mode) {
    return detail::nameOf(detail::selectionNames(), mode);
}
std::string_view toString(MockResponse::BodyKind kind) {
    return detail::nameOf(detail::bodyKindNames(), kind);
}
std::string_view toString(ResponseRule::Source source) {
    return detail::nameOf(detail::ruleSourceNames(), source);
}
std::string_view toString(ResponseRule::Operator op) {
    return detail::nameOf(detail::ruleOpNames(), op);
}
std::string_view toString(MockServer::Tls::Mode mode) {
    return detail::nameOf(detail::tlsModeNames(), mode);
}

std::optional<MiddlewareSpec::Kind> middlewareKindFromString(std::string_view name) {
    return detail::valueOf(detail::middlewareKindNames(), name);
}

std::span<const MiddlewareSpec::Kind> allMiddlewareKinds() {
    return detail::kAllKinds;
}

void assignMissingIds(MockServer& server) {
    std::set<std::string> layers;
    for (const auto& spec : server.middleware)
        layers.insert(spec.id);
    for (auto& spec : server.middleware)
        if (spec.id.empty())
            spec.id = claim(layers, std::string(toString(spec.kind)));

    std::set<std::string> routes;
    for (const auto& route : server.routes)
        routes.insert(route.id);
    for (const auto& group : server.groups)
        for (const auto& route : group.routes)
            routes.insert(route.id);
    for (auto& route : server.routes)
        if (route.id.empty())
            route.id = claim(routes, routeBase(route, ""));
    for (auto& group : server.groups)
        for (auto& route : group.routes)
            if (route.id.empty())
                route.id = claim(routes, routeBase(route, group.prefix));
}

bool isLoopbackBind(std::string_view address) {
    const std::string text(trim(address));
    if (text.empty() || toLower(text) == "localhost")
        return true;
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    const std::string bare = text.size() > 2 && text.front() == '[' && text.back() == ']'
                                 ? text.substr(1, text.size() - 2)
                                 : text;
    if (inet_pton(AF_INET6, bare.c_str(), &v6) != 1)
        return false; // not an address at all: the server refuses it when it starts
    if (IN6_IS_ADDR_LOOPBACK(&v6))
        return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

} // namespace quiver::core::model
