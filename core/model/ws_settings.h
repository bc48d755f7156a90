#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quiver::core::model {

// A message saved with a WebSocket request so it can be sent again in one click.
struct WsSnippet {
    enum class Kind { text, json, binaryHex };
    std::string name;
    Kind kind = Kind::text;
    std::string content; // the text, the JSON document, or hex digits for binaryHex

    bool operator==(const WsSnippet&) const = default;
};

// What a request of kind ws adds to a request: the session's options and its snippets. The
// defaults mirror ws::SessionOptions (deflate offered, no ping, no reconnect, 16 MB limit).
struct WsSettings {
    std::vector<std::string> subprotocols; // offered in order
    bool deflate = true;
    std::uint32_t pingIntervalMs = 0; // 0 = no automatic ping
    bool autoReconnect = false;
    std::uint32_t reconnectInitialDelayMs = 500;
    std::uint32_t reconnectMaxDelayMs = 30'000;
    std::uint32_t reconnectMaxAttempts = 0; // 0 = no limit
    std::uint64_t maxMessageBytes = 16ull << 20;
    std::vector<WsSnippet> snippets;

    bool operator==(const WsSettings&) const = default;
};

} // namespace quiver::core::model
