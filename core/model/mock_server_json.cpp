#include "model/mock_server_json.h"

#include "model/mock_json_parts.h"
#include "model/mock_names.h"

#include <limits>
#include <map>
#include <type_traits>

namespace quiver::core::model {

namespace {

using detail::putIfNotEmpty;
using detail::Reader;
using nlohmann::json;
using Limits = MockServer::Limits;

// One list of the limits drives both directions, with the smallest value each accepts:
// a zero would refuse every request (or, for the keep-alive idle time, close after each reply).
template <class F> void visitLimits(F&& f) {
    f("maxBodyBytes", &Limits::maxBodyBytes, 0);
    f("maxRequestLine", &Limits::maxRequestLine, 1);
    f("maxHeaderBytes", &Limits::maxHeaderBytes, 1);
    f("maxHeaderFields", &Limits::maxHeaderFields, 1);
    f("headerTimeoutMs", &Limits::headerTimeoutMs, 1);
    f("keepAliveIdleMs", &Limits::keepAliveIdleMs, 0);
    f("pipelineLimit", &Limits::pipelineLimit, 1);
}

json limitsToJson(const Limits& limits) {
    const Limits defaults;
    json object = json::object();
    visitLimits([&](const char* key, auto member, int) {
        if (limits.*member != defaults.*member)
            object[key] = limits.*member;
    });
    return object;
}

json middlewareToJson(const std::vector<MiddlewareSpec>& middleware) {
    json array = json::array();
    for (const auto& spec : middleware) {
        json row = {{"kind", toString(spec.kind)}};
        putIfNotEmpty(row, "id", spec.id);
        if (!spec.enabled)
            row["enabled"] = false;
        if (spec.settings != json::object())
            row["settings"] = spec.settings;
        array.push_back(std::move(row));
    }
    return array;
}

void readTls(Reader& reader, const json& root, MockServer::Tls& out) {
    const json* tls = reader.member(root, "/tls", json::value_t::object, "an object");
    if (!tls)
        return;
    reader.readEnum(*tls, "/tls/mode", detail::tlsModeNames(), out.mode);
    reader.read(*tls, "/tls/certFile", out.certFile);
    reader.read(*tls, "/tls/keyFile", out.keyFile);
}

void readLimits(Reader& reader, const json& root, Limits& out) {
    const json* limits = reader.member(root, "/limits", json::value_t::object, "an object");
    if (!limits)
        return;
    visitLimits([&](const char* key, auto member, int low) {
        const std::string pointer = "/limits/" + std::string(key);
        using T = std::remove_reference_t<decltype(out.*member)>;
        if constexpr (sizeof(T) == sizeof(std::uint64_t))
            reader.read(*limits, pointer, out.*member);
        else
            reader.readInRange<T>(*limits, pointer, out.*member, static_cast<T>(low),
                                  std::numeric_limits<T>::max());
    });
}

void readMiddleware(Reader& reader, const json& root, std::vector<MiddlewareSpec>& out) {
    const json* array = reader.member(root, "/middleware", json::value_t::array, "an array");
    for (std::size_t i = 0; array && i < array->size() && !reader.failed(); ++i) {
        const std::string at = "/middleware/" + std::to_string(i);
        const json* row = reader.objectAt(*array, i, at);
        if (!row)
            return;
        if (!row->contains("kind"))
            return reader.fail(at + "/kind", "missing");
        MiddlewareSpec spec;
        reader.read(*row, at + "/id", spec.id);
        reader.readEnum(*row, at + "/kind", detail::middlewareKindNames(), spec.kind);
        reader.read(*row, at + "/enabled", spec.enabled);
        if (const json* settings =
                reader.member(*row, at + "/settings", json::value_t::object, "an object"))
            spec.settings = *settings;
        if (reader.failed())
            return;
        if (auto problem = findSettingsProblem(spec))
            return reader.fail(at + "/settings" + problem->key,
                               std::string(toString(spec.kind)) + ": " + problem->reason);
        out.push_back(std::move(spec));
    }
}

void readGroups(Reader& reader, const json& root, std::vector<RouteGroup>& out) {
    const json* array = reader.member(root, "/groups", json::value_t::array, "an array");
    for (std::size_t i = 0; array && i < array->size() && !reader.failed(); ++i) {
        const std::string at = "/groups/" + std::to_string(i);
        const json* row = reader.objectAt(*array, i, at);
        if (!row)
            return;
        RouteGroup group;
        reader.read(*row, at + "/prefix", group.prefix);
        detail::readRoutes(reader, *row, at + "/routes", group.routes);
        out.push_back(std::move(group));
    }
}

// Ids key runtime state, so two layers or two routes sharing one would share a bucket or a
// sequence position without the user seeing why.
void checkUniqueIds(Reader& reader, const MockServer& server) {
    std::map<std::string, std::string> seen; // id -> pointer of its first use
    auto claim = [&](const std::string& id, const std::string& pointer) {
        if (id.empty() || reader.failed())
            return;
        auto [it, fresh] = seen.emplace(id, pointer);
        if (!fresh)
            reader.fail(pointer, "duplicate id \"" + id + "\" (also at " + it->second + ")");
    };
    for (std::size_t i = 0; i < server.middleware.size(); ++i)
        claim(server.middleware[i].id, "/middleware/" + std::to_string(i) + "/id");
    seen.clear();
    for (std::size_t i = 0; i < server.routes.size(); ++i)
        claim(server.routes[i].id, "/routes/" + std::to_string(i) + "/id");
    for (std::size_t g = 0; g < server.groups.size(); ++g)
        for (std::size_t i = 0; i < server.groups[g].routes.size(); ++i)
            claim(server.groups[g].routes[i].id,
                  "/groups/" + std::to_string(g) + "/routes/" + std::to_string(i) + "/id");
}

} // namespace

json toJson(const MockServer& server) {
    json object = {{"name", server.name}};
    putIfNotEmpty(object, "id", server.id);
    if (server.bindAddress != MockServer{}.bindAddress)
        object["bindAddress"] = server.bindAddress;
    if (server.port != 0)
        object["port"] = server.port;
    if (server.tls != MockServer::Tls{}) {
        json& tls = object["tls"] = {{"mode", toString(server.tls.mode)}};
        putIfNotEmpty(tls, "certFile", server.tls.certFile);
        putIfNotEmpty(tls, "keyFile", server.tls.keyFile);
    }
    if (!server.middleware.empty())
        object["middleware"] = middlewareToJson(server.middleware);
    if (!server.routes.empty())
        object["routes"] = detail::routesToJson(server.routes);
    if (!server.groups.empty()) {
        json& groups = object["groups"] = json::array();
        for (const auto& group : server.groups)
            groups.push_back(
                json{{"prefix", group.prefix}, {"routes", detail::routesToJson(group.routes)}});
    }
    if (json limits = limitsToJson(server.limits); !limits.empty())
        object["limits"] = std::move(limits);
    if (!server.variables.empty())
        object["variables"] = server.variables;
    return object;
}

// {"name": "value", ...}: names as the template grammar writes them, values as text.
void readVariables(Reader& reader, const json& root, std::map<std::string, std::string>& out) {
    const json* variables = reader.member(root, "/variables", json::value_t::object, "an object");
    if (!variables)
        return;
    for (auto it = variables->begin(); it != variables->end() && !reader.failed(); ++it) {
        const std::string at = "/variables/" + it.key();
        if (it.key().empty() || it.key().find_first_of("{} \t") != std::string::npos ||
            it.key().front() == '$')
            reader.fail(at, "expected a variable name (no spaces, braces or leading $)");
        else if (!it.value().is_string())
            reader.fail(at, "expected a string");
        else
            out[it.key()] = it.value().get<std::string>();
    }
}

Result<MockServer> mockServerFromJson(const json& document, std::string_view where) {
    Reader reader(where);
    if (!document.is_object()) {
        reader.fail("", "expected an object");
        return reader.error();
    }
    MockServer server;
    reader.read(document, "/id", server.id);
    reader.read(document, "/name", server.name);
    reader.read(document, "/bindAddress", server.bindAddress);
    reader.read(document, "/port", server.port);
    readTls(reader, document, server.tls);
    readMiddleware(reader, document, server.middleware);
    detail::readRoutes(reader, document, "/routes", server.routes);
    readGroups(reader, document, server.groups);
    readLimits(reader, document, server.limits);
    readVariables(reader, document, server.variables);
    checkUniqueIds(reader, server);
    if (reader.failed())
        return reader.error();
    assignMissingIds(server);
    return server;
}

} // namespace quiver::core::model
