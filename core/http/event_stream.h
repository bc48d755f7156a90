#pragma once

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "http/sse_parser.h"
#include "model/header.h"
#include "model/request.h"

#include <cstdint>
#include <memory>

namespace quiver::core::http {

struct EventStreamOptions {
    std::uint32_t defaultRetryMs = 3'000;      // until the server sends `retry:`
    std::uint32_t maxReconnects = 0;           // in a row without an event; 0 = no limit
    std::uint64_t maxEventBytes = 16ull << 20; // one unfinished event larger than this fails
};

struct EventStreamState {
    enum class Kind { connecting, open, reconnecting, closed };
    Kind kind = Kind::connecting;
    int status = 0;            // of the answer, when open (or when it refused the stream)
    model::Headers headers;    // of the answer, when open
    Error error;               // why it closed or is reconnecting
    std::uint32_t delayMs = 0; // before the next attempt, when reconnecting
    std::uint32_t attempt = 0;
    std::string lastEventId; // sent as Last-Event-ID on the next attempt
};

// Called on engine threads; must not block.
class EventStreamObserver {
public:
    virtual ~EventStreamObserver() = default;
    virtual void onState(const EventStreamState& state) = 0;
    virtual void onEvent(const ServerEvent& event, Clock::WallPoint time) = 0;
};

// A request opened as a server-sent event stream (the browser's EventSource): events are
// reported as they arrive; when the connection ends it reconnects after the server's
// `retry` (or the default), sending Last-Event-ID. A non-200 answer or another content type
// ends it for good, as in the standard. Cookies of the client's jar are not sent.
class EventStream {
public:
    static std::shared_ptr<EventStream> create(Engine& engine, model::Request request,
                                               std::shared_ptr<EventStreamObserver> observer,
                                               EventStreamOptions options = {});
    virtual ~EventStream() = default;
    virtual void start() = 0;
    virtual void close() = 0; // ends the stream; the last state is closed without an error
};

} // namespace quiver::core::http
