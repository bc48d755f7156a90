#include "mock/server.h"

#include "engine/engine_context.h"
#include "mock/route_responder.h"
#include "mock/router.h"
#include "mock/runtime_state.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <ctime>
#include <list>
#include <mutex>

namespace quiver::core::mock {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
using Limits = model::MockServer::Limits;

struct Snapshot {
    std::shared_ptr<const RouteTable> table;
    std::vector<CompiledRoute> routes; // by route index in the table
    Chain chain;
    Limits limits;
};

void addRoutes(const std::vector<model::MockRoute>& routes, const std::string& prefix,
               std::vector<RouteEntry>& entries, std::vector<const model::MockRoute*>& sources) {
    for (const auto& route : routes) {
        if (route.kind != model::MockRoute::Kind::http)
            continue; // WebSocket endpoints are served by the WebSocket layer
        entries.push_back({route.id, route.methods, route.pattern, prefix});
        sources.push_back(&route);
    }
}

Result<std::shared_ptr<const Snapshot>> buildSnapshot(const model::MockServer& config,
                                                      const ChainBuilder& chainBuilder) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->limits = config.limits;
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
        auto compiled = compileRoute(*route);
        if (!compiled)
            return makeError(ErrorKind::protocol,
                             "mock server '" + config.name + "': " + compiled.error().message);
        snapshot->routes.push_back(std::move(compiled.value()));
    }
    const bool anyLayer = std::any_of(config.middleware.begin(), config.middleware.end(),
                                      [](const auto& m) { return m.enabled; });
    if (chainBuilder) {
        auto chain = chainBuilder(config.middleware);
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

std::string httpDate(Clock::WallPoint now) {
    const std::time_t t = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::system_clock::duration>(now));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

QueryParams parseQuery(std::string_view target) {
    QueryParams query;
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return query;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        std::string name = decodeSafeValue(pair.substr(0, eq));
        std::string value =
            eq == std::string_view::npos ? std::string() : decodeSafeValue(pair.substr(eq + 1));
        if (!name.empty() || !value.empty())
            query.emplace(std::move(name), std::move(value));
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return query;
}

} // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    Impl(Engine& e, ChainBuilder builder)
        : engine(e), io(e.context().io), acceptor(net::make_strand(io)),
          chainBuilder(std::move(builder)) {}

    std::shared_ptr<const Snapshot> current() const { return std::atomic_load(&snapshot); }
    net::awaitable<void> acceptLoop();
    void sessionEnded();

    Engine& engine;
    net::io_context& io;
    Tcp::acceptor acceptor;
    ChainBuilder chainBuilder;
    std::shared_ptr<const Snapshot> snapshot; // read and swapped with std::atomic_load/store
    RuntimeState state;
    std::string name;
    std::string host;
    std::uint16_t port = 0;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> served{0};

    std::mutex mutex;
    std::condition_variable ended;
    int live = 0; // sessions plus the accept loop
    std::list<std::weak_ptr<struct Session>> sessions;
};

namespace {

// Timers on the session's strand: waiting never blocks a thread. A task whose timer is
// cancelled (the server stops) still runs, at once, so the request it belongs to finishes.
class StrandScheduler final : public Scheduler {
public:
    explicit StrandScheduler(net::any_io_executor ex) : m_executor(std::move(ex)) {}
    void after(Clock::Duration delay, std::function<void()> task) override {
        auto timer = std::make_shared<net::steady_timer>(m_executor, delay);
        timer->async_wait([timer, task = std::move(task)](error_code) { task(); });
    }

private:
    net::any_io_executor m_executor;
};

} // namespace

struct Session : std::enable_shared_from_this<Session> {
    using Parser = bhttp::request_parser<bhttp::string_body>;

    Session(std::shared_ptr<Server::Impl> s, Tcp::socket socket)
        : server(std::move(s)), stream(std::move(socket)), signal(stream.get_executor()),
          headerTimer(stream.get_executor()), scheduler(stream.get_executor()) {}
    ~Session() { server->sessionEnded(); }

    net::awaitable<void> run();
    net::awaitable<bool> readHead(bool first);
    net::awaitable<bool> serve(const Snapshot& snapshot);
    net::awaitable<void> writeReply(const MockReply& reply, bool head, bool keepAlive);
    net::awaitable<void> writeFault(MockReply::Fault fault);
    net::awaitable<void> writeStatus(int status, std::string body);
    net::awaitable<void> readBodyInto(std::uint64_t limit, Exchange::BodyReady ready);
    void prepareExchange(Exchange& ex, const Snapshot& snapshot);
    void stopIfIdle();

    std::shared_ptr<Server::Impl> server;
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::optional<Parser> parser;
    net::steady_timer signal;      // cancelled when the chain is done
    net::steady_timer headerTimer; // 408 / idle keep-alive, apart from the stream's own
    StrandScheduler scheduler;
    std::string clientAddress;
    std::size_t routeIndex = 0;
    Exchange* current = nullptr; // the exchange being served, for readBodyInto
    bool waitingForHead = false;
    bool chainDone = false;
    bool timedOut = false;
};

namespace {

class SessionExchange final : public Exchange {
public:
    SessionExchange(Session& session, const Clock& clock, Random& random, RuntimeState& state)
        : Exchange(clock, random, state, session.scheduler), m_session(session) {}

    void readBody(std::uint64_t limit, BodyReady ready) override {
        if (request.bodyRead) {
            ready({});
            return;
        }
        auto self = m_session.shared_from_this();
        net::co_spawn(m_session.stream.get_executor(),
                      m_session.readBodyInto(limit, std::move(ready)), net::detached);
    }

private:
    Session& m_session;
};

} // namespace

void Server::Impl::sessionEnded() {
    std::lock_guard lock(mutex);
    --live;
    ended.notify_all();
}

net::awaitable<void> Server::Impl::acceptLoop() {
    auto self = shared_from_this();
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(io), asTuple);
        if (ec || stopping)
            break;
        ++accepted;
        auto session = std::make_shared<Session>(self, std::move(socket));
        {
            std::lock_guard lock(mutex);
            ++live;
            sessions.remove_if([](const auto& w) { return w.expired(); });
            sessions.push_back(session);
        }
        net::co_spawn(session->stream.get_executor(), session->run(), net::detached);
    }
    sessionEnded(); // the accept loop counts as one
}

net::awaitable<void> Session::run() {
    auto self = shared_from_this();
    error_code ignored;
    auto endpoint = stream.socket().remote_endpoint(ignored);
    clientAddress = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    for (bool first = true; !server->stopping; first = false) {
        const bool more = co_await readHead(first);
        if (!more)
            break;
        const auto snapshot = server->current(); // requests finish on the snapshot they start on
        const bool keepOpen = co_await serve(*snapshot);
        if (!keepOpen)
            break;
    }
    stream.socket().shutdown(Tcp::socket::shutdown_send, ignored);
    stream.close();
}

void Session::stopIfIdle() {
    if (waitingForHead && buffer.size() == 0) {
        error_code ignored;
        stream.socket().cancel(ignored);
    }
}

net::awaitable<bool> Session::readHead(bool first) {
    const auto snapshot = server->current();
    const Limits& limits = snapshot->limits;
    parser.emplace();
    parser->header_limit(limits.maxRequestLine + limits.maxHeaderBytes);
    parser->body_limit(limits.maxBodyBytes);
    timedOut = false;
    // The stream's own deadline would close the socket; a 408 needs a timer that only
    // cancels the read (STYLE.md, Beast facts).
    const auto wait = first || buffer.size() ? limits.headerTimeoutMs : limits.keepAliveIdleMs;
    headerTimer.expires_after(std::chrono::milliseconds(wait));
    headerTimer.async_wait([self = shared_from_this()](error_code ec) {
        if (ec)
            return;
        self->timedOut = true;
        error_code ignored;
        self->stream.socket().cancel(ignored);
    });
    waitingForHead = true;
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, *parser, asTuple);
    waitingForHead = false;
    headerTimer.cancel();
    if (timedOut) {
        if (first || buffer.size() > 0)
            co_await writeStatus(408, "request headers not received in time");
        co_return false;
    }
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
        co_return false;
    if (ec == bhttp::error::header_limit) {
        const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        const auto lineEnd = data.find("\r\n");
        const bool lineTooLong = lineEnd == std::string_view::npos
                                     ? data.size() > limits.maxRequestLine
                                     : lineEnd > limits.maxRequestLine;
        co_await writeStatus(lineTooLong ? 414 : 431,
                             lineTooLong ? "request line too long" : "request headers too large");
        co_return false;
    }
    if (ec == bhttp::error::body_limit) { // the declared Content-Length is already too much
        co_await writeStatus(413, "request body over the limit of " +
                                      std::to_string(limits.maxBodyBytes) + " bytes");
        co_return false;
    }
    if (ec) {
        co_await writeStatus(400, "malformed request: " + ec.message());
        co_return false;
    }
    const auto& req = parser->get();
    const std::size_t lineLength = req.method_string().size() + req.target().size() + 10;
    std::size_t fields = 0;
    for (auto it = req.begin(); it != req.end(); ++it)
        ++fields;
    if (lineLength > limits.maxRequestLine) {
        co_await writeStatus(414, "request line too long");
        co_return false;
    }
    if (fields > limits.maxHeaderFields || n - lineLength > limits.maxHeaderBytes) {
        co_await writeStatus(431, "request headers too large");
        co_return false;
    }
    co_return true;
}

void Session::prepareExchange(Exchange& ex, const Snapshot& snapshot) {
    const auto& req = parser->get();
    auto& r = ex.request;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.path = r.target.substr(0, r.target.find('?'));
    r.query = parseQuery(r.target);
    for (const auto& field : req)
        r.headers.push_back({std::string(field.name_string()), std::string(field.value()), true});
    r.clientAddress = clientAddress;
    if (auto length = parser->content_length())
        r.contentLength = *length;
    auto resolution = snapshot.table->resolve(r.method, r.path);
    switch (resolution.kind) {
    case Resolution::Kind::matched:
        r.route = MockRequest::Route::matched;
        break;
    case Resolution::Kind::notFound:
        r.route = MockRequest::Route::notFound;
        break;
    case Resolution::Kind::methodNotAllowed:
        r.route = MockRequest::Route::methodNotAllowed;
        break;
    }
    r.routeId = std::string(resolution.routeId);
    r.params = std::move(resolution.params);
    r.allowedMethods = std::move(resolution.allowedMethods);
    routeIndex = resolution.routeIndex;
}

net::awaitable<void> Session::readBodyInto(std::uint64_t limit, Exchange::BodyReady ready) {
    auto self = shared_from_this();
    const auto& req = parser->get();
    if (bhttp::token_list(req[bhttp::field::expect]).exists("100-continue")) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [ec, n] = co_await net::async_write(stream, net::buffer(kContinue), asTuple);
        if (ec) {
            ready(makeError(ErrorKind::io, "client went away: " + ec.message()));
            co_return;
        }
    }
    parser->body_limit(limit);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, *parser, asTuple);
    if (ec == bhttp::error::body_limit) {
        ready(makeError(ErrorKind::limit,
                        "request body over the limit of " + std::to_string(limit) + " bytes"));
        co_return;
    }
    if (ec) {
        ready(makeError(ErrorKind::io, "reading the request body failed: " + ec.message()));
        co_return;
    }
    current->request.body = parser->get().body();
    current->request.bodyRead = true;
    ready({});
}

net::awaitable<bool> Session::serve(const Snapshot& snapshot) {
    auto self = shared_from_this();
    SessionExchange ex(*this, server->engine.clock(), server->engine.random(), server->state);
    current = &ex;
    prepareExchange(ex, snapshot);
    const bool head = ex.request.method == "HEAD";
    const std::uint64_t bodyLimit = snapshot.limits.maxBodyBytes;
    Next handler = [&snapshot, this, bodyLimit](Exchange& e, Done done) {
        switch (e.request.route) {
        case MockRequest::Route::matched:
            respondFromRoute(snapshot.routes[routeIndex], e, nullptr, bodyLimit, std::move(done));
            return;
        case MockRequest::Route::notFound:
            respondNotFound(e);
            break;
        case MockRequest::Route::methodNotAllowed:
            respondMethodNotAllowed(e);
            break;
        }
        done();
    };
    chainDone = false;
    signal.expires_at(net::steady_timer::time_point::max());
    runChain(snapshot.chain, ex, handler, [self] {
        self->chainDone = true;
        self->signal.cancel();
    });
    if (!chainDone) {
        auto waited = co_await signal.async_wait(asTuple);
        (void)waited;
    }
    current = nullptr;
    ++server->served;
    if (ex.reply.fault != MockReply::Fault::none) {
        co_await writeFault(ex.reply.fault);
        co_return false;
    }
    // An unread body would be taken for the next request: read it now, or close.
    bool keepAlive = parser->keep_alive() && !ex.reply.closeConnection && !server->stopping;
    if (!ex.request.bodyRead && !parser->is_done())
        keepAlive = false;
    co_await writeReply(ex.reply, head, keepAlive);
    co_return keepAlive;
}

net::awaitable<void> Session::writeReply(const MockReply& reply, bool head, bool keepAlive) {
    bhttp::response<bhttp::string_body> res;
    res.version(parser->get().version());
    res.result(static_cast<unsigned>(reply.status));
    for (const auto& h : reply.headers)
        if (h.enabled && !model::iequals(h.name, "Content-Length") &&
            !model::iequals(h.name, "Transfer-Encoding"))
            res.insert(h.name, h.value);
    if (res.find(bhttp::field::date) == res.end())
        res.set(bhttp::field::date, httpDate(server->engine.clock().wallNow()));
    if (res.find(bhttp::field::server) == res.end())
        res.set(bhttp::field::server, "quiver-mock");
    res.body() = reply.body;
    res.keep_alive(keepAlive);
    res.prepare_payload();
    if (head) {
        bhttp::response_serializer<bhttp::string_body> serializer(res);
        auto written = co_await bhttp::async_write_header(stream, serializer, asTuple);
        (void)written;
        co_return;
    }
    auto written = co_await bhttp::async_write(stream, res, asTuple);
    (void)written;
}

net::awaitable<void> Session::writeStatus(int status, std::string body) {
    MockReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.headers.push_back({"Content-Type", "text/plain; charset=utf-8", true});
    if (!parser || !parser->is_header_done())
        parser.emplace(); // nothing usable was parsed: answer as HTTP/1.1
    co_await writeReply(reply, false, false);
}

net::awaitable<void> Session::writeFault(MockReply::Fault fault) {
    error_code ignored;
    switch (fault) {
    case MockReply::Fault::reset:
        stream.socket().set_option(net::socket_base::linger(true, 0), ignored);
        stream.socket().close(ignored);
        break;
    case MockReply::Fault::empty:
        break;
    case MockReply::Fault::malformedChunk: {
        static const std::string kBroken =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nnot a chunk\r\n";
        auto written = co_await net::async_write(stream, net::buffer(kBroken), asTuple);
        (void)written;
        break;
    }
    case MockReply::Fault::garbage: {
        std::string noise = server->engine.random().token(64);
        auto written = co_await net::async_write(stream, net::buffer(noise), asTuple);
        (void)written;
        break;
    }
    case MockReply::Fault::none:
        break;
    }
}

Server::Server(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Server::~Server() {
    stop();
}

Result<std::unique_ptr<Server>> Server::start(Engine& engine, const model::MockServer& config,
                                              ChainBuilder chainBuilder) {
    auto impl = std::make_shared<Impl>(engine, std::move(chainBuilder));
    auto snapshot = buildSnapshot(config, impl->chainBuilder);
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
    return "http://" + (v6 ? "[" + m_impl->host + "]" : m_impl->host) + ":" +
           std::to_string(m_impl->port);
}

Error Server::update(const model::MockServer& config) {
    auto snapshot = buildSnapshot(config, m_impl->chainBuilder);
    if (!snapshot)
        return snapshot.error();
    std::atomic_store(&m_impl->snapshot, snapshot.value());
    return {};
}

void Server::stop() {
    if (m_impl->stopping.exchange(true))
        return;
    auto impl = m_impl;
    net::post(impl->acceptor.get_executor(), [impl] {
        error_code ignored;
        impl->acceptor.close(ignored);
    });
    // Collected under the lock, released outside it: dropping the last reference to a session
    // runs its destructor, which takes the same lock.
    std::vector<std::shared_ptr<Session>> open;
    {
        std::lock_guard lock(impl->mutex);
        for (const auto& weak : impl->sessions)
            if (auto session = weak.lock())
                open.push_back(std::move(session));
    }
    for (auto& session : open)
        net::post(session->stream.get_executor(), [session] { session->stopIfIdle(); });
    open.clear();
    std::unique_lock lock(impl->mutex);
    impl->ended.wait(lock, [&] { return impl->live == 0; });
}

std::uint64_t Server::connectionsAccepted() const {
    return m_impl->accepted;
}
std::uint64_t Server::requestsServed() const {
    return m_impl->served;
}

} // namespace quiver::core::mock
