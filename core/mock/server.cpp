#include "mock/server.h"

#include "mock/server_impl.h"
#include "mock/tls_identity.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace quiver::core::mock {

namespace net = boost::asio;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);

void addRoutes(const std::vector<model::MockRoute>& routes, const std::string& prefix,
               std::vector<RouteEntry>& entries, std::vector<const model::MockRoute*>& sources) {
    for (const auto& route : routes) {
        entries.push_back({route.id, route.methods, route.pattern, prefix});
        sources.push_back(&route);
    }
}

Result<std::shared_ptr<const Snapshot>> buildSnapshot(const model::MockServer& config,
                                                      const ServerOptions& options) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->limits = config.limits;
    for (const auto& [name, value] : config.variables)
        snapshot->variables.set(name, value);
    std::vector<RouteEntry> entries;
    std::vector<const model::MockRoute*> sources;
    addRoutes(config.routes, {}, entries, sources);
    for (const auto& group : config.groups)
        addRoutes(group.routes, group.prefix, entries, sources);
    auto built = buildRouter(entries);
    if (!built.ok())
        return makeError(ErrorKind::protocol,
                         "mock server '" + config.name + "': " + built.message());
    snapshot->table = built.table;
    for (const auto* route : sources) {
        snapshot->wsEndpoints.emplace_back();
        if (route->kind == model::MockRoute::Kind::ws) {
            auto endpoint = compileWsEndpoint(*route);
            if (!endpoint)
                return makeError(ErrorKind::protocol,
                                 "mock server '" + config.name + "': " + endpoint.error().message);
            snapshot->wsEndpoints.back() = std::move(endpoint.value());
        }
        auto compiled = compileRoute(*route, options.baseDirectory);
        if (!compiled)
            return makeError(ErrorKind::protocol,
                             "mock server '" + config.name + "': " + compiled.error().message);
        snapshot->routes.push_back(std::move(compiled.value()));
    }
    const bool anyLayer = std::any_of(config.middleware.begin(), config.middleware.end(),
                                      [](const auto& m) { return m.enabled; });
    if (options.chainBuilder) {
        auto chain = options.chainBuilder(config.middleware);
        if (!chain)
            return makeError(ErrorKind::protocol,
                             "mock server '" + config.name + "': " + chain.error().message);
        snapshot->chain = std::move(chain.value());
    } else if (anyLayer) {
        return makeError(ErrorKind::protocol,
                         "mock server '" + config.name + "': no middleware registry was given");
    }
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

// The server side of TLS: a certificate made now or the user's, in an Asio context.
Error setUpTls(Server::Impl& impl, const model::MockServer& config) {
    using Mode = model::MockServer::Tls::Mode;
    if (config.tls.mode == Mode::off)
        return {};
    auto identity =
        config.tls.mode == Mode::selfSigned
            ? makeSelfSignedIdentity(impl.host)
            : loadTlsIdentity(config.tls.certFile, config.tls.keyFile, impl.options.baseDirectory);
    if (!identity)
        return makeError(ErrorKind::tls,
                         "mock server '" + config.name + "': " + identity.error().message);
    auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                         net::ssl::context::no_tlsv1_1);
    error_code ec;
    context->use_certificate_chain(net::buffer(identity->certificatePem), ec);
    if (!ec)
        context->use_private_key(net::buffer(identity->privateKeyPem), net::ssl::context::pem, ec);
    if (ec)
        return makeError(ErrorKind::tls,
                         "mock server '" + config.name +
                             "': the certificate or key is unusable: " + ec.message());
    impl.certificatePem = std::move(identity->certificatePem);
    impl.tls = std::move(context);
    return {};
}

} // namespace

Server::Impl::Impl(Engine& e, ServerOptions o)
    : engine(e), io(e.context().io), acceptor(net::make_strand(io)), options(std::move(o)) {}

// Collected under the lock, used outside it: dropping the last reference to a session runs its
// destructor, which takes the same lock.
std::vector<std::shared_ptr<SessionBase>> Server::Impl::openSessions() {
    std::vector<std::shared_ptr<SessionBase>> open;
    std::lock_guard lock(mutex);
    for (const auto& weak : sessions)
        if (auto session = weak.lock())
            open.push_back(std::move(session));
    return open;
}

bool Server::Impl::waitEnded(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex);
    const auto done = [&] { return live == 0; };
    if (deadline == std::chrono::steady_clock::time_point::max()) {
        ended.wait(lock, done);
        return true;
    }
    return ended.wait_until(lock, deadline, done);
}

void Server::Impl::sessionEnded() {
    std::lock_guard lock(mutex);
    --live;
    ended.notify_all();
}

// A strand per connection when several threads run the engine; with one thread its handlers
// already run one at a time, and a strand would only add a lock and a hop per completion.
net::any_io_executor Server::Impl::connectionExecutor() {
    if (engine.threadCount() == 1)
        return io.get_executor();
    return net::make_strand(io);
}

net::awaitable<void> Server::Impl::acceptLoop() {
    auto self = shared_from_this();
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(connectionExecutor(), asTuple);
        if (ec || stopping)
            break;
        ++accepted;
        launchSession(self, std::move(socket));
    }
    sessionEnded(); // the accept loop counts as one
}

Server::Server(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Server::~Server() {
    stop();
}

Result<std::unique_ptr<Server>> Server::start(Engine& engine, const model::MockServer& config,
                                              ChainBuilder chainBuilder) {
    return start(engine, config, ServerOptions{std::move(chainBuilder), {}});
}

Result<std::unique_ptr<Server>> Server::start(Engine& engine, const model::MockServer& config,
                                              ServerOptions options) {
    auto impl = std::make_shared<Impl>(engine, std::move(options));
    auto snapshot = buildSnapshot(config, impl->options);
    if (!snapshot)
        return snapshot.error();
    impl->snapshot = snapshot.value();
    impl->name = config.name;
    impl->host = config.bindAddress.empty() ? "127.0.0.1" : config.bindAddress;
    const std::string where = impl->host + ":" + std::to_string(config.port);
    error_code ec;
    const auto address = net::ip::make_address(impl->host, ec);
    if (ec)
        return makeError(ErrorKind::io, "cannot listen on " + where + ": '" + impl->host +
                                            "' is not an IP address");
    if (Error error = setUpTls(*impl, config))
        return error;
    const Tcp::endpoint endpoint(address, config.port);
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorKind::io, "cannot listen on " + where + ": " + ec.message());
    impl->port = impl->acceptor.local_endpoint().port();
    impl->live = 1;
    net::co_spawn(impl->acceptor.get_executor(), impl->acceptLoop(), net::detached);
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const {
    return m_impl->port;
}

std::string Server::url() const {
    const bool v6 = m_impl->host.find(':') != std::string::npos;
    return (m_impl->tls ? "https://" : "http://") + (v6 ? "[" + m_impl->host + "]" : m_impl->host) +
           ":" + std::to_string(m_impl->port);
}

std::string Server::certificatePem() const {
    return m_impl->certificatePem;
}

Error Server::update(const model::MockServer& config) {
    auto snapshot = buildSnapshot(config, m_impl->options);
    if (!snapshot)
        return snapshot.error();
    std::atomic_store(&m_impl->snapshot, snapshot.value());
    return {};
}

void Server::requestStop() {
    auto impl = m_impl;
    {
        std::lock_guard lock(impl->mutex);
        if (impl->stopping.exchange(true))
            return;
        impl->stopRequestedAt = std::chrono::steady_clock::now();
    }
    net::post(impl->acceptor.get_executor(), [impl] {
        error_code ignored;
        impl->acceptor.close(ignored);
    });
    for (auto& session : impl->openSessions())
        session->stopSoon();
}

void Server::stop() {
    requestStop();
    auto impl = m_impl;
    std::chrono::steady_clock::time_point asked;
    {
        std::lock_guard lock(impl->mutex);
        asked = impl->stopRequestedAt;
    }
    const auto grace = impl->options.stopGrace;
    if (impl->waitEnded(asked + grace))
        return;
    for (auto& session : impl->openSessions())
        session->hurry();
    // From now at the earliest: a server stopped after another has used up its grace still
    // gets the time to write the answers it hurried.
    if (impl->waitEnded(std::max(std::chrono::steady_clock::now(), asked + grace) + grace / 4))
        return;
    for (auto& session : impl->openSessions())
        session->abort();
    impl->waitEnded(std::chrono::steady_clock::time_point::max());
}

std::uint64_t Server::connectionsAccepted() const {
    return m_impl->accepted;
}
std::uint64_t Server::requestsServed() const {
    return m_impl->served;
}

std::vector<WsClientInfo> Server::wsClients(std::string_view routeId) const {
    std::vector<WsClientInfo> out;
    for (const auto& peer : m_impl->state.wsHub().peers(routeId))
        out.push_back(peer->info());
    return out;
}

std::shared_ptr<WsLog> Server::wsLog() const {
    return m_impl->state.wsHub().log();
}

bool Server::sendToClient(std::uint64_t clientId, std::string data, bool binary) {
    auto peer = m_impl->state.wsHub().find(clientId);
    if (!peer)
        return false;
    peer->send(std::make_shared<const std::string>(std::move(data)), binary);
    return true;
}

std::size_t Server::broadcast(std::string_view routeId, std::string data, bool binary) {
    const auto peers = m_impl->state.wsHub().peers(routeId);
    const auto payload = std::make_shared<const std::string>(std::move(data));
    for (const auto& peer : peers)
        peer->send(payload, binary);
    return peers.size();
}

bool Server::closeClient(std::uint64_t clientId, std::uint16_t code, std::string reason) {
    auto peer = m_impl->state.wsHub().find(clientId);
    if (!peer)
        return false;
    peer->close(code, std::move(reason));
    return true;
}

} // namespace quiver::core::mock
