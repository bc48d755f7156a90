#pragma once

#include "engine/engine.h"
#include "engine/event_sink.h"
#include "model/request.h"

#include <cstdint>
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
    ~Client();  // cancels what is in flight: each request ends with a cancelled result
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    OperationId send(model::Request request);
    void cancel(OperationId id);
    void cancelAll();

    CookieJar& cookies();
    std::size_t idleConnections() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::http
