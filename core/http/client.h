#pragma once

#include "engine/engine.h"
#include "engine/event_sink.h"
#include "model/request.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace quiver::core::http {

class CookieJar;

// Pool limits, as aiohttp's TCPConnector: limit (total) and limit_per_host (0 = no limit).
struct ClientOptions {
    std::size_t limit = 100;
    std::size_t limitPerHost = 0;
    std::uint32_t keepAliveIdleMs = 15'000;
    bool useCookieJar = true;
};

// Sends requests on the engine's threads. Every call returns at once; the response or the
// error arrives as an HttpResultEvent (with HttpProgressEvents before it for large bodies).
// The request must already have its variables substituted.
class Client {
public:
    explicit Client(Engine& engine, ClientOptions options = {});
    ~Client(); // cancels what is in flight: each request ends with a cancelled result
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    OperationId send(model::Request request);
    // The same, but the result goes to onDone instead of the sink, and no progress events are
    // posted: for engine-internal callers (the mock server's proxy layer) that must continue
    // their own work with it. onDone runs exactly once, on an engine thread (or on the thread
    // that calls cancel() or destroys the client); it must not block.
    using ResultCallback = std::function<void(HttpResultEvent)>;
    OperationId send(model::Request request, ResultCallback onDone);
    void cancel(OperationId id);
    void cancelAll();

    CookieJar& cookies();
    std::size_t idleConnections() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::http
