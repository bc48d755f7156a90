#include "ws/session_options.h"

namespace quiver::core::ws {

SessionOptions sessionOptionsFor(const model::Request& request) {
    SessionOptions options;
    options.url = request.url;
    for (const auto& header : request.headers)
        if (header.enabled && !header.name.empty())
            options.headers.push_back(header);
    const model::WsSettings& ws = request.ws;
    options.subprotocols = ws.subprotocols;
    options.deflate = ws.deflate;
    options.pingIntervalMs = ws.pingIntervalMs;
    options.maxMessageBytes = ws.maxMessageBytes;
    options.reconnect.enabled = ws.autoReconnect;
    options.reconnect.initialDelayMs = ws.reconnectInitialDelayMs;
    options.reconnect.maxDelayMs = ws.reconnectMaxDelayMs;
    options.reconnect.maxAttempts = ws.reconnectMaxAttempts;
    options.insecure = request.settings.insecure;
    options.caFile = request.settings.caFile;
    options.connectTimeoutMs = request.settings.connectTimeoutMs;
    return options;
}

} // namespace quiver::core::ws
