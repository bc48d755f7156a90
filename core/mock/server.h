#pragma once

#include "engine/engine.h"
#include "engine/result.h"
#include "mock/middleware.h"
#include "mock/ws_hub.h"
#include "model/mock_server.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace quiver::core::mock {

// Builds the middleware layers of a server from its specs (the registry of built-in kinds).
using ChainBuilder = std::function<Result<Chain>(const std::vector<model::MiddlewareSpec>&)>;

// How a server is built besides its settings.
struct ServerOptions {
    ChainBuilder chainBuilder;
    // Relative file bodies and certificate files resolve against it (the workspace folder,
    // or the folder of a single mock-server file); empty = the process's working directory.
    std::filesystem::path baseDirectory;
    // How long stop() lets requests in flight finish. Then the delays they still wait on
    // (latency, a response's delay) are cut short so that they are answered, and a quarter of
    // it later any connection still busy (a client sending its body slowly, or not reading
    // its reply) is closed under it. The default keeps a stop under two seconds.
    std::chrono::milliseconds stopGrace{1500};
};

// A running mock server: routes resolved first (404 and 405 are routes too), then the
// middleware chain around the route's response. It serves from an immutable snapshot that
// update() replaces while it runs; requests in flight finish on the snapshot they started
// with, and runtime state (sequence positions, buckets) carries over by stable ids.
// The header is free of Asio so the UI can hold a server.
class Server {
public:
    // Binds and starts accepting; "cannot listen on 127.0.0.1:8080: Address already in use".
    static Result<std::unique_ptr<Server>> start(Engine& engine, const model::MockServer& config,
                                                 ChainBuilder chainBuilder = {});
    // With TLS on, the certificate is made or loaded here: its errors name the file and reason.
    static Result<std::unique_ptr<Server>> start(Engine& engine, const model::MockServer& config,
                                                 ServerOptions options);
    ~Server(); // stop()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::uint16_t port() const;
    std::string url() const; // "http://127.0.0.1:8080", "https://..." with TLS
    // The certificate the server presents (PEM), for clients to trust; empty without TLS.
    std::string certificatePem() const;
    // Compiles the new settings; on error the running snapshot stays and the error says why.
    Error update(const model::MockServer& config);
    // Stops accepting, lets requests in flight finish, closes idle connections and ends
    // streams (chunks, events, files) at their next piece; returns when every connection has
    // ended, which ServerOptions::stopGrace bounds.
    void stop();
    // The first half of stop(), returning at once: several servers stopped together call it
    // on each, then stop() on each, and their grace periods run side by side.
    void requestStop();

    std::uint64_t connectionsAccepted() const;
    std::uint64_t requestsServed() const;

    // WebSocket endpoints (routes of kind ws). Every call returns at once and is safe from any
    // thread. The connected clients, of one route or of all when routeId is empty:
    std::vector<WsClientInfo> wsClients(std::string_view routeId = {}) const;
    // Connects, messages in and out (payloads shared, not copied) and closes, drained like
    // the traffic log with snapshotSince(last id seen). It lives as long as the server.
    std::shared_ptr<WsLog> wsLog() const;
    // False when no such client is connected (any more).
    bool sendToClient(std::uint64_t clientId, std::string data, bool binary = false);
    // To every client of a route, one shared payload; returns how many it went to.
    std::size_t broadcast(std::string_view routeId, std::string data, bool binary = false);
    bool closeClient(std::uint64_t clientId, std::uint16_t code = 1000, std::string reason = {});

    struct Impl;

private:
    explicit Server(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::mock
