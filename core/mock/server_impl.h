#pragma once

// Private to the mock server's .cpp files: includes Asio. Never include from a public header.

#include "engine/engine_context.h"
#include "mock/route_responder.h"
#include "mock/router.h"
#include "mock/runtime_state.h"
#include "mock/server.h"
#include "mock/ws_script.h"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>

namespace quiver::core::mock {

// One immutable generation of a server's settings; update() swaps in a new one.
struct Snapshot {
    std::shared_ptr<const RouteTable> table;
    std::vector<CompiledRoute> routes; // by route index in the table
    // By route index too: the WebSocket endpoint of a ws route, null for http routes.
    std::vector<std::shared_ptr<const CompiledWsEndpoint>> wsEndpoints;
    Chain chain;
    model::MockServer::Limits limits;
    model::MapVariables variables; // the server's own {{name}} values
};

// What stop() needs of a connection, whatever stream it runs on.
struct SessionBase {
    virtual ~SessionBase() = default;
    // From any thread: ends the connection if it is idle and ends a stream at its next piece.
    virtual void stopSoon() = 0;
    // From any thread, when stop()'s grace has passed: the delays its request still waits on
    // end now, so that it is answered.
    virtual void hurry() = 0;
    // From any thread, stop()'s last step: the connection closes, whatever it is doing.
    virtual void abort() = 0;
};

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    Impl(Engine& e, ServerOptions o);

    std::shared_ptr<const Snapshot> current() const { return std::atomic_load(&snapshot); }
    boost::asio::awaitable<void> acceptLoop();
    boost::asio::any_io_executor connectionExecutor();
    void sessionEnded();
    std::vector<std::shared_ptr<SessionBase>> openSessions();
    // Waits for every session to end, at most until `deadline`; true when they all have.
    bool waitEnded(std::chrono::steady_clock::time_point deadline);

    Engine& engine;
    boost::asio::io_context& io;
    boost::asio::ip::tcp::acceptor acceptor;
    ServerOptions options;
    std::unique_ptr<boost::asio::ssl::context> tls; // null without TLS
    std::string certificatePem;
    std::shared_ptr<const Snapshot> snapshot; // read and swapped with std::atomic_load/store
    RuntimeState state;
    std::string name;
    std::string host;
    std::uint16_t port = 0;
    std::atomic<bool> stopping{false};
    std::chrono::steady_clock::time_point stopRequestedAt; // set once, by requestStop()
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> served{0};

    std::mutex mutex;
    std::condition_variable ended;
    int live = 0; // sessions plus the accept loop
    std::list<std::weak_ptr<SessionBase>> sessions;
};

// Starts serving one accepted connection (over TLS when the server has a context); the
// session registers itself in server->sessions.
void launchSession(const std::shared_ptr<Server::Impl>& server,
                   boost::asio::ip::tcp::socket socket);

} // namespace quiver::core::mock
