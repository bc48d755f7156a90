#pragma once

#include "engine/clock.h"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// The WebSocket side of a running mock server, free of Asio so the UI and the command line
// can look at it: who is connected (WsHub) and what passed (WsLog).
namespace quiver::core::mock {

// A message's bytes, shared by every recipient of a broadcast and by the log: never copied
// per client (DESIGN.md, large payloads cross threads as shared immutable buffers).
using WsPayload = std::shared_ptr<const std::string>;

struct WsClientInfo {
    std::uint64_t id = 0;
    std::string routeId;
    std::string remoteAddress; // "127.0.0.1:53512"
    std::string subprotocol;   // negotiated; empty when none
    Clock::WallPoint connectedAt;
    std::uint64_t messagesIn = 0;
    std::uint64_t messagesOut = 0;
};

struct WsEvent {
    enum class Kind { connected, messageIn, messageOut, closed };
    std::uint64_t id = 0; // given by the log: 1, 2, 3...
    Kind kind = Kind::connected;
    std::uint64_t clientId = 0;
    std::string routeId;
    Clock::WallPoint time;
    bool binary = false; // messages: the opcode (binary or text)
    std::uint64_t size = 0;
    WsPayload payload;           // messages
    std::uint16_t closeCode = 0; // closed: the code sent or received (1006 when none was)
    std::string detail;          // connected: the remote address; closed: the reason
};

// A bounded log of WebSocket events, drained like TrafficLog (snapshotSince the last id seen).
// Payload bytes count against maxBytes, though they are shared with the connection.
struct WsLogLimits {
    std::uint64_t maxEvents = 10'000;
    std::uint64_t maxBytes = 64ull << 20;
};

class WsLog {
public:
    using Limits = WsLogLimits;
    explicit WsLog(Limits limits = {}) : m_limits(limits) {}

    std::uint64_t append(WsEvent event);
    std::vector<WsEvent> snapshotSince(std::uint64_t since) const;
    std::uint64_t lastId() const;

private:
    mutable std::mutex m_mutex;
    Limits m_limits;
    std::deque<WsEvent> m_events;
    std::uint64_t m_bytes = 0;
    std::uint64_t m_lastId = 0;
};

// One connected WebSocket client as the rest of the server sees it. Every call is safe from
// any thread: the connection does the work on its own strand.
class WsPeer {
public:
    virtual ~WsPeer() = default;
    virtual void send(WsPayload payload, bool binary) = 0;
    virtual void close(std::uint16_t code, std::string reason) = 0;
    virtual WsClientInfo info() const = 0;
};

// The connected clients of a server, and its broadcast rooms: a room is every client of one
// route, keyed by the route's stable id, so it outlives snapshot swaps (DESIGN.md).
class WsHub {
public:
    WsHub() : m_log(std::make_shared<WsLog>()) {}

    std::uint64_t add(const std::string& routeId, std::weak_ptr<WsPeer> peer);
    void remove(const std::string& routeId, std::uint64_t id);
    // The clients of one route (a broadcast's recipients), or of every route when empty.
    std::vector<std::shared_ptr<WsPeer>> peers(std::string_view routeId = {}) const;
    std::shared_ptr<WsPeer> find(std::uint64_t id) const;
    std::size_t size() const;
    const std::shared_ptr<WsLog>& log() const { return m_log; }

private:
    mutable std::mutex m_mutex;
    std::uint64_t m_nextId = 0;
    std::map<std::uint64_t, std::weak_ptr<WsPeer>> m_byId;
    std::map<std::string, std::map<std::uint64_t, std::weak_ptr<WsPeer>>, std::less<>> m_rooms;
    std::shared_ptr<WsLog> m_log;
};

} // namespace quiver::core::mock
