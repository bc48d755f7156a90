#pragma once

#include "model/request.h"
#include "ws/session.h"

namespace quiver::core::ws {

// The options a saved request of kind ws opens its session with: its URL, its enabled headers,
// its WebSocket settings, and the TLS choices (insecure, CA file) and connect timeout of its
// transport settings. Free of Asio, so the UI builds them.
SessionOptions sessionOptionsFor(const model::Request& request);

} // namespace quiver::core::ws
