#pragma once

// Checks on the WebSocket handshake that Beast leaves to us. Free of Asio and Beast.
#include "engine/error.h"
#include "model/header.h"

#include <string>
#include <vector>

namespace quiver::core::ws {

// User-supplied handshake headers: a token name, no line break in the value.
Error checkHeaders(const model::Headers& headers);

// RFC 6455 4.1: a client fails the connection when the server picks a subprotocol it did not
// offer; Beast 1.81 does not check it.
Error checkSubprotocol(const std::string& chosen, const std::vector<std::string>& offered);

} // namespace quiver::core::ws
