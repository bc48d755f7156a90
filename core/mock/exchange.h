#pragma once

#include "engine/clock.h"
#include "engine/error.h"
#include "engine/random.h"
#include "mock/response_rule.h"
#include "mock/route_pattern.h"
#include "mock/stream_plan.h"
#include "model/header.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::mock {

class RuntimeState;

// The request as the middleware chain sees it: the head is complete; the body is read only
// when a layer or the response asks for it (Exchange::readBody), so auth and the size limit
// can refuse a request before its body arrives.
struct MockRequest {
    std::string method;
    std::string target; // as sent: path and query
    std::string path;   // raw path, without the query
    QueryParams query;  // decoded
    model::Headers headers;
    std::string clientAddress; // "127.0.0.1:53512"
    std::optional<std::uint64_t> contentLength;
    bool bodyRead = false;
    std::string body;

    // Filled by the router before the chain runs: 404 and 405 are routes too.
    enum class Route { matched, notFound, methodNotAllowed };
    Route route = Route::notFound;
    std::string routeId;
    RouteParams params;
    std::string allowedMethods; // for 405
};

// What goes back. A fault replaces the normal reply on the wire (fault injection). A streamed
// body (a file, chunks, events) travels as a plan beside the headers, so layers on the way out
// still add headers; body stays empty then.
struct MockReply {
    enum class Fault { none, reset, empty, malformedChunk, garbage };
    int status = 200;
    model::Headers headers;
    std::string body;
    std::shared_ptr<const StreamPlan> stream;
    Fault fault = Fault::none;
    bool closeConnection = false;
    bool answered = false; // a layer or the route has produced this reply
};

// Time spent in one layer: on the way in (until it called next) and out (after next ended).
struct LayerTiming {
    std::string layer;
    Clock::Duration inward{};
    Clock::Duration outward{};
};

// Waiting without blocking a thread. The server implements it with timers on the
// connection's strand; tests implement it on a ManualClock and see every requested delay.
class Scheduler {
public:
    virtual ~Scheduler() = default;
    virtual void after(Clock::Duration delay, std::function<void()> task) = 0;
};

// One request on its way through the chain. Owned by the connection's session; every call
// on it happens on that session's strand, so layers need no locks for it.
class Exchange {
public:
    using BodyReady = std::function<void(Error)>;

    Exchange(const Clock& clock, Random& random, RuntimeState& state, Scheduler& scheduler)
        : m_clock(clock), m_random(random), m_state(state), m_scheduler(scheduler) {}
    virtual ~Exchange() = default;

    MockRequest request;
    MockReply reply;
    std::vector<LayerTiming> timings;
    // The state of the chain running this exchange (runChain's): it lives as long as the
    // exchange, so the callbacks the chain hands to layers need not own it.
    std::shared_ptr<void> chainPass;
    // Set by a layer waiting on outside work (a proxy's upstream request); called on the
    // connection's strand when a stopping server gives up on the connection, it must end that
    // work so that the chain finishes.
    std::function<void()> onAbort;

    const Clock& clock() const { return m_clock; }
    Random& random() { return m_random; }
    RuntimeState& state() { return m_state; }
    Scheduler& scheduler() { return m_scheduler; }

    // Reads the body (at most limit bytes) and calls ready; with the body already read, calls
    // ready at once. An over-limit body ends with ErrorKind::limit.
    virtual void readBody(std::uint64_t limit, BodyReady ready) = 0;

    // Sets a complete reply (status, one header list, body) and marks it answered. It replaces
    // a streamed body too.
    void respond(int status, std::string body = {}, model::Headers headers = {}) {
        reply.status = status;
        reply.body = std::move(body);
        reply.stream.reset();
        reply.headers = std::move(headers);
        reply.answered = true;
    }

private:
    const Clock& m_clock;
    Random& m_random;
    RuntimeState& m_state;
    Scheduler& m_scheduler;
};

} // namespace quiver::core::mock
