#pragma once

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "model/header.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::ws {

// Backoff for auto-reconnect: delay = min(initial * 2^attempt, max), plus up to 20 % jitter
// from the engine's Random. Off by default, as in Postman.
struct ReconnectPolicy {
    bool enabled = false;
    std::uint32_t initialDelayMs = 500;
    std::uint32_t maxDelayMs = 30'000;
    std::uint32_t maxAttempts = 0; // 0 = no limit
};

struct SessionOptions {
    std::string url;       // ws:// or wss:// (http:// and https:// are accepted as aliases)
    model::Headers headers; // extra handshake headers (enabled rows only)
    std::vector<std::string> subprotocols; // offered in Sec-WebSocket-Protocol, in order
    bool deflate = true;                   // offer permessage-deflate
    bool insecure = false;                 // skip certificate verification (wss only)
    std::string caFile;                    // extra trusted certificates (PEM)
    std::uint32_t connectTimeoutMs = 30'000; // DNS + TCP + TLS + handshake
    std::uint32_t pingIntervalMs = 0;        // automatic ping; 0 = off
    std::uint64_t maxMessageBytes = 16ull << 20; // larger incoming message -> close 1009
    ReconnectPolicy reconnect;
};

enum class Opcode { text, binary, ping, pong, close };
enum class Direction { sent, received };

// One frame or message as the console shows it. The payload is a shared immutable buffer so it
// crosses into the UI without a copy.
struct Message {
    Direction direction = Direction::received;
    Opcode opcode = Opcode::text;
    std::shared_ptr<const std::string> payload; // never null
    Clock::WallPoint time;
    // For close frames: the code and reason (payload holds the reason).
    std::uint16_t closeCode = 0;
};

enum class State { connecting, open, closing, closed, reconnecting };

struct StateChange {
    State state = State::connecting;
    std::string subprotocol;        // negotiated one, when open
    bool deflate = false;           // permessage-deflate negotiated, when open
    model::Headers responseHeaders; // of the 101 answer, when open
    std::uint16_t closeCode = 0;    // when closed by a close handshake (ours or the peer's)
    std::string closeReason;
    bool closedByPeer = false;
    Error error;                 // when closed by a failure (connect, TLS, protocol, limit)
    std::uint32_t attempt = 0;   // reconnect attempt number, when reconnecting
    std::uint32_t delayMs = 0;   // delay before that attempt
};

// Called on engine threads; must not block (queue and return, as EventSink).
class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    virtual void onState(const StateChange& change) = 0;
    virtual void onMessage(const Message& message) = 0;
};

// A WebSocket client session on Beast: one strand, one write in flight with a queue behind it
// (STYLE.md §7). Every call returns at once and may be made from any thread.
class Session {
public:
    static std::shared_ptr<Session> create(Engine& engine, SessionOptions options,
                                           std::shared_ptr<SessionObserver> observer);
    virtual ~Session() = default;

    virtual void connect() = 0;
    virtual void sendText(std::string text) = 0;
    virtual void sendBinary(std::string bytes) = 0;
    virtual void ping(std::string payload = {}) = 0;
    // Starts the close handshake; the final StateChange{closed} carries the codes.
    virtual void close(std::uint16_t code = 1000, std::string reason = {}) = 0;
    // Closes without a handshake and stops reconnecting (on destruction of the owner).
    virtual void abort() = 0;
    virtual State state() const = 0;
};

} // namespace quiver::core::ws
