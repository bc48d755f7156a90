#pragma once

// Private to core/http: the loopback redirect listener of the OAuth 2.0 authorization code
// flow (RFC 8252 §7.3). The header stays free of Asio; Beast lives in the .cpp.

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/result.h"
#include "http/url.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::http {

class LoopbackListener {
public:
    using Done = std::function<void(Result<std::vector<QueryParam>>)>;

    // Listens on 127.0.0.1:port at once (0: a free port); a port in use is a connect error
    // naming it.
    static Result<std::shared_ptr<LoopbackListener>> open(Engine& engine, std::uint16_t port);
    ~LoopbackListener();

    std::uint16_t port() const;

    // Serves until a request for path arrives: it is answered with a short HTML page, the
    // listener closes and done gets the request's query. Other paths get 404. After timeout on
    // the engine clock done gets a timeout error. done runs once, on an engine thread.
    void wait(std::string path, Clock::Duration timeout, Done done);
    void cancel(); // done gets ErrorKind::cancelled

    struct Impl;

private:
    explicit LoopbackListener(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::http
