#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What a mock route of kind `ws` does with its WebSocket connections. Templates (onConnect,
// replies, push) use the one grammar of template.h with the upgrade request as the request
// ({{request.params.id}}, {{request.query.x}}, {{request.headers.X-Name}}) and two more names:
// {{message}} (the incoming text) and {{message.json:/a/b}} (a JSON Pointer into it), which are
// empty in onConnect and push templates.
namespace quiver::core::model {

struct WsRule {
    enum class Match { textEquals, contains, regex, jsonPointerEquals };
    Match match = Match::textEquals;
    std::string value;   // the text, the substring, an RE2 pattern, or the JSON value's text
    std::string pointer; // jsonPointerEquals: where in the message ("/type")
    std::string reply;   // a template

    bool operator==(const WsRule&) const = default;
};

struct WsPush {
    std::uint32_t intervalMs = 1000;
    std::string text; // a template

    bool operator==(const WsPush&) const = default;
};

struct WsEndpoint {
    enum class Kind { echo, broadcast, scripted };
    Kind kind = Kind::echo;
    bool excludeSender = false;            // broadcast: not back to the sender
    std::vector<std::string> subprotocols; // accepted; the client's first offer in it wins
    bool deflate = true;                   // accept permessage-deflate when offered
    std::uint64_t maxMessageBytes = 16ull << 20;
    std::vector<WsRule> rules;            // scripted: in order, the first match replies
    std::optional<std::string> onConnect; // scripted: a template sent on connect
    std::optional<WsPush> push;           // scripted: a periodic message per connection
    std::uint32_t closeAfterMessages = 0; // incoming messages; 0 = never
    std::uint16_t closeCode = 1000;
    std::string closeReason;

    bool operator==(const WsEndpoint&) const = default;
};

std::string_view toString(WsEndpoint::Kind kind);
std::string_view toString(WsRule::Match match);

} // namespace quiver::core::model
