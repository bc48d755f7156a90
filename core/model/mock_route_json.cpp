#include "model/mock_json_parts.h"
#include "model/mock_names.h"
#include "model/mock_server_json.h"

#include <cctype>

namespace quiver::core::model {

using nlohmann::json;

namespace detail {

namespace {

constexpr std::uint32_t kMaxDelayMs = 3'600'000; // an hour: longer is a typo, not a mock

json chunkedToJson(const MockResponse::Chunked& chunked) {
    const MockResponse::Chunked defaults;
    json object = json::object();
    if (chunked.count != defaults.count)
        object["count"] = chunked.count;
    if (chunked.intervalMs != defaults.intervalMs)
        object["intervalMs"] = chunked.intervalMs;
    putIfNotEmpty(object, "text", chunked.text);
    return object;
}

json sseToJson(const MockResponse::Sse& sse) {
    json object = json::object();
    if (!sse.events.empty()) {
        json& events = object["events"] = json::array();
        for (const auto& event : sse.events) {
            json row = {{"data", event.data}};
            putIfNotEmpty(row, "id", event.id);
            putIfNotEmpty(row, "event", event.event);
            if (event.delayMs != 0)
                row["delayMs"] = event.delayMs;
            events.push_back(std::move(row));
        }
    }
    if (sse.repeat)
        object["repeat"] = true;
    return object;
}

json ruleToJson(const ResponseRule& rule) {
    json object = {{"source", toString(rule.source)}, {"op", toString(rule.op)}};
    putIfNotEmpty(object, "name", rule.name);
    putIfNotEmpty(object, "value", rule.value);
    return object;
}

bool isMethodName(const std::string& method) {
    if (method.empty() || method.size() > 32)
        return false;
    for (unsigned char c : method)
        if (!(std::isalnum(c) && c < 0x80) && c != '-' && c != '_')
            return false;
    return true;
}

void readChunked(Reader& reader, const json& object, const std::string& pointer,
                 MockResponse::Chunked& out) {
    const json* chunked = reader.member(object, pointer, json::value_t::object, "an object");
    if (!chunked)
        return;
    reader.readInRange<std::uint32_t>(*chunked, pointer + "/count", out.count, 1, 1'000'000);
    reader.readInRange<std::uint32_t>(*chunked, pointer + "/intervalMs", out.intervalMs, 0,
                                      kMaxDelayMs);
    reader.read(*chunked, pointer + "/text", out.text);
}

void readSse(Reader& reader, const json& object, const std::string& pointer,
             MockResponse::Sse& out) {
    const json* sse = reader.member(object, pointer, json::value_t::object, "an object");
    if (!sse)
        return;
    reader.read(*sse, pointer + "/repeat", out.repeat);
    const json* events = reader.member(*sse, pointer + "/events", json::value_t::array, "an array");
    for (std::size_t i = 0; events && i < events->size() && !reader.failed(); ++i) {
        const std::string at = pointer + "/events/" + std::to_string(i);
        const json* row = reader.objectAt(*events, i, at);
        if (!row)
            return;
        SseEvent event;
        reader.read(*row, at + "/id", event.id);
        reader.read(*row, at + "/event", event.event);
        reader.read(*row, at + "/data", event.data);
        reader.readInRange<std::uint32_t>(*row, at + "/delayMs", event.delayMs, 0, kMaxDelayMs);
        out.events.push_back(std::move(event));
    }
}

void readRedirect(Reader& reader, const json& object, const std::string& pointer,
                  MockResponse::Redirect& out) {
    const json* redirect = reader.member(object, pointer, json::value_t::object, "an object");
    if (!redirect)
        return;
    reader.read(*redirect, pointer + "/location", out.location);
    reader.readInRange(*redirect, pointer + "/status", out.status, 300, 399);
}

void readRule(Reader& reader, const json& object, const std::string& pointer,
              std::optional<ResponseRule>& out) {
    const json* rule = reader.member(object, pointer, json::value_t::object, "an object");
    if (!rule)
        return;
    ResponseRule value;
    reader.readEnum(*rule, pointer + "/source", ruleSourceNames(), value.source);
    reader.read(*rule, pointer + "/name", value.name);
    reader.readEnum(*rule, pointer + "/op", ruleOpNames(), value.op);
    reader.read(*rule, pointer + "/value", value.value);
    out = std::move(value);
}

void readResponse(Reader& reader, const json& object, const std::string& pointer,
                  MockResponse& out) {
    reader.readInRange(object, pointer + "/status", out.status, 100, 599);
    reader.readHeaders(object, pointer + "/headers", out.headers);
    reader.readEnum(object, pointer + "/bodyKind", bodyKindNames(), out.bodyKind);
    reader.read(object, pointer + "/body", out.body);
    reader.read(object, pointer + "/filePath", out.filePath);
    readChunked(reader, object, pointer + "/chunked", out.chunked);
    readSse(reader, object, pointer + "/sse", out.sse);
    readRedirect(reader, object, pointer + "/redirect", out.redirect);
    readRule(reader, object, pointer + "/rule", out.rule);
    reader.readInRange<std::uint32_t>(object, pointer + "/delayMs", out.delayMs, 0, kMaxDelayMs);
}

void readRoute(Reader& reader, const json& object, const std::string& pointer, MockRoute& out) {
    reader.read(object, pointer + "/id", out.id);
    reader.readEnum(object, pointer + "/kind", routeKindNames(), out.kind);
    reader.read(object, pointer + "/methods", out.methods);
    for (std::size_t i = 0; i < out.methods.size() && !reader.failed(); ++i)
        if (!isMethodName(out.methods[i]))
            reader.fail(pointer + "/methods/" + std::to_string(i), "expected a method name");
    reader.read(object, pointer + "/pattern", out.pattern);
    reader.readEnum(object, pointer + "/selection", selectionNames(), out.selection);
    readWsEndpoint(reader, object, pointer + "/ws", out.ws);
    const json* responses =
        reader.member(object, pointer + "/responses", json::value_t::array, "an array");
    for (std::size_t i = 0; responses && i < responses->size() && !reader.failed(); ++i) {
        const std::string at = pointer + "/responses/" + std::to_string(i);
        const json* row = reader.objectAt(*responses, i, at);
        if (!row)
            return;
        MockResponse response;
        readResponse(reader, *row, at, response);
        out.responses.push_back(std::move(response));
    }
}

} // namespace

json routesToJson(const std::vector<MockRoute>& routes) {
    json array = json::array();
    for (const auto& route : routes)
        array.push_back(toJson(route));
    return array;
}

void readRoutes(Reader& reader, const json& object, const std::string& pointer,
                std::vector<MockRoute>& out) {
    const json* routes = reader.member(object, pointer, json::value_t::array, "an array");
    for (std::size_t i = 0; routes && i < routes->size() && !reader.failed(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        const json* row = reader.objectAt(*routes, i, at);
        if (!row)
            return;
        MockRoute route;
        readRoute(reader, *row, at, route);
        out.push_back(std::move(route));
    }
}

} // namespace detail

json toJson(const MockResponse& response) {
    using namespace detail;
    json object = {{"status", response.status}, {"bodyKind", toString(response.bodyKind)}};
    if (!response.headers.empty())
        object["headers"] = headersToJson(response.headers);
    putIfNotEmpty(object, "body", response.body);
    putIfNotEmpty(object, "filePath", response.filePath);
    if (response.chunked != MockResponse::Chunked{})
        object["chunked"] = chunkedToJson(response.chunked);
    if (response.sse != MockResponse::Sse{})
        object["sse"] = sseToJson(response.sse);
    if (response.redirect != MockResponse::Redirect{}) {
        json& redirect = object["redirect"] = json::object();
        putIfNotEmpty(redirect, "location", response.redirect.location);
        if (response.redirect.status != MockResponse::Redirect{}.status)
            redirect["status"] = response.redirect.status;
    }
    if (response.rule)
        object["rule"] = ruleToJson(*response.rule);
    if (response.delayMs != 0)
        object["delayMs"] = response.delayMs;
    return object;
}

json toJson(const MockRoute& route) {
    json object = {{"pattern", route.pattern}, {"responses", json::array()}};
    detail::putIfNotEmpty(object, "id", route.id);
    if (route.kind != MockRoute::Kind::http)
        object["kind"] = toString(route.kind);
    if (!route.methods.empty())
        object["methods"] = route.methods;
    if (route.selection != MockRoute::SelectionMode::firstMatch)
        object["selection"] = toString(route.selection);
    for (const auto& response : route.responses)
        object["responses"].push_back(toJson(response));
    if (route.kind == MockRoute::Kind::ws || route.ws != WsEndpoint{})
        object["ws"] = detail::wsEndpointToJson(route.ws);
    return object;
}

} // namespace quiver::core::model
