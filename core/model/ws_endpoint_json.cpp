// The "ws" object of a mock route of kind ws, read and written with the conventions of
// mock_route_json.cpp: defaults left out, mistakes named by JSON Pointer.

#include "model/mock_json_parts.h"

namespace quiver::core::model {

using nlohmann::json;

namespace {

constexpr detail::EnumName<WsEndpoint::Kind> kKinds[] = {{WsEndpoint::Kind::echo, "echo"},
                                                         {WsEndpoint::Kind::broadcast, "broadcast"},
                                                         {WsEndpoint::Kind::scripted, "scripted"}};
constexpr detail::EnumName<WsRule::Match> kMatches[] = {
    {WsRule::Match::textEquals, "textEquals"},
    {WsRule::Match::contains, "contains"},
    {WsRule::Match::regex, "regex"},
    {WsRule::Match::jsonPointerEquals, "jsonPointerEquals"}};

constexpr std::uint32_t kMaxIntervalMs = 3'600'000;
constexpr std::uint64_t kMaxMessageLimit = 1ull << 30; // 1 GB: more is a typo

// RFC 6455 7.4: codes an endpoint may send. 1004-1006 and 1015 are reserved for reporting.
bool sendableCloseCode(std::uint32_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

json ruleToJson(const WsRule& rule) {
    json object = {{"match", detail::nameOf<WsRule::Match>(kMatches, rule.match)},
                   {"reply", rule.reply}};
    object["value"] = rule.value;
    detail::putIfNotEmpty(object, "pointer", rule.pointer);
    return object;
}

void readRule(detail::Reader& reader, const json& row, const std::string& at, WsRule& rule) {
    reader.readEnum<WsRule::Match>(row, at + "/match", kMatches, rule.match);
    reader.read(row, at + "/value", rule.value);
    reader.read(row, at + "/pointer", rule.pointer);
    reader.read(row, at + "/reply", rule.reply);
    if (reader.failed())
        return;
    if (rule.match == WsRule::Match::jsonPointerEquals &&
        !(rule.pointer.empty() || rule.pointer.front() == '/'))
        reader.fail(at + "/pointer", "expected a JSON Pointer (empty or starting with '/')");
}

void readRules(detail::Reader& reader, const json& object, const std::string& pointer,
               std::vector<WsRule>& out) {
    const json* rules = reader.member(object, pointer, json::value_t::array, "an array");
    for (std::size_t i = 0; rules && i < rules->size() && !reader.failed(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        const json* row = reader.objectAt(*rules, i, at);
        if (!row)
            return;
        WsRule rule;
        readRule(reader, *row, at, rule);
        out.push_back(std::move(rule));
    }
}

void readPush(detail::Reader& reader, const json& object, const std::string& pointer,
              std::optional<WsPush>& out) {
    const json* push = reader.member(object, pointer, json::value_t::object, "an object");
    if (!push)
        return;
    WsPush value;
    reader.readInRange<std::uint32_t>(*push, pointer + "/intervalMs", value.intervalMs, 1,
                                      kMaxIntervalMs);
    reader.read(*push, pointer + "/template", value.text);
    out = std::move(value);
}

} // namespace

std::string_view toString(WsEndpoint::Kind kind) {
    return detail::nameOf<WsEndpoint::Kind>(kKinds, kind);
}

std::string_view toString(WsRule::Match match) {
    return detail::nameOf<WsRule::Match>(kMatches, match);
}

namespace detail {

json wsEndpointToJson(const WsEndpoint& endpoint) {
    const WsEndpoint defaults;
    json object = {{"kind", toString(endpoint.kind)}};
    if (endpoint.excludeSender)
        object["excludeSender"] = true;
    if (!endpoint.subprotocols.empty())
        object["subprotocols"] = endpoint.subprotocols;
    if (endpoint.deflate != defaults.deflate)
        object["deflate"] = endpoint.deflate;
    if (endpoint.maxMessageBytes != defaults.maxMessageBytes)
        object["maxMessageBytes"] = endpoint.maxMessageBytes;
    if (!endpoint.rules.empty()) {
        json& rules = object["rules"] = json::array();
        for (const auto& rule : endpoint.rules)
            rules.push_back(ruleToJson(rule));
    }
    if (endpoint.onConnect)
        object["onConnect"] = *endpoint.onConnect;
    if (endpoint.push)
        object["push"] = {{"intervalMs", endpoint.push->intervalMs},
                          {"template", endpoint.push->text}};
    if (endpoint.closeAfterMessages != 0)
        object["closeAfterMessages"] = endpoint.closeAfterMessages;
    if (endpoint.closeCode != defaults.closeCode)
        object["closeCode"] = endpoint.closeCode;
    putIfNotEmpty(object, "closeReason", endpoint.closeReason);
    return object;
}

void readWsEndpoint(Reader& reader, const json& object, const std::string& pointer,
                    WsEndpoint& out) {
    const json* ws = reader.member(object, pointer, json::value_t::object, "an object");
    if (!ws)
        return;
    reader.readEnum<WsEndpoint::Kind>(*ws, pointer + "/kind", kKinds, out.kind);
    reader.read(*ws, pointer + "/excludeSender", out.excludeSender);
    reader.read(*ws, pointer + "/subprotocols", out.subprotocols);
    reader.read(*ws, pointer + "/deflate", out.deflate);
    reader.readInRange<std::uint64_t>(*ws, pointer + "/maxMessageBytes", out.maxMessageBytes, 1,
                                      kMaxMessageLimit);
    readRules(reader, *ws, pointer + "/rules", out.rules);
    if (reader.member(*ws, pointer + "/onConnect", json::value_t::string, "a string")) {
        std::string text;
        reader.read(*ws, pointer + "/onConnect", text);
        out.onConnect = std::move(text);
    }
    readPush(reader, *ws, pointer + "/push", out.push);
    reader.read(*ws, pointer + "/closeAfterMessages", out.closeAfterMessages);
    std::uint32_t code = out.closeCode;
    reader.readInRange<std::uint32_t>(*ws, pointer + "/closeCode", code, 1000, 4999);
    if (!reader.failed() && !sendableCloseCode(code))
        reader.fail(pointer + "/closeCode",
                    "close code " + std::to_string(code) +
                        " cannot be sent (use 1000-1003, 1007-1014 or 3000-4999)");
    out.closeCode = static_cast<std::uint16_t>(code);
    reader.read(*ws, pointer + "/closeReason", out.closeReason);
    if (!reader.failed() && out.closeReason.size() > 123)
        reader.fail(pointer + "/closeReason", "a close reason holds at most 123 bytes");
    for (std::size_t i = 0; i < out.subprotocols.size() && !reader.failed(); ++i)
        if (out.subprotocols[i].empty())
            reader.fail(pointer + "/subprotocols/" + std::to_string(i),
                        "expected a subprotocol name");
}

} // namespace detail
} // namespace quiver::core::model
