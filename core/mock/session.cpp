// One connection of a mock server, over plain TCP or TLS: reads request heads, runs the
// chain, writes replies, plain or streamed (files in pieces, chunks, server-sent events).

#include "mock/file_response.h"
#include "mock/query_params.h"
#include "mock/server_impl.h"
#include "mock/strand_scheduler.h"
#include "mock/ws_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <memory_resource>
#include <vector>

namespace quiver::core::mock {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kFilePiece = 64 << 10; // bytes read from a file per write
using Limits = model::MockServer::Limits;
// Plain sockets, not beast::tcp_stream: deadlines come from the session's own watchdog, and
// the stream's per-operation timer bookkeeping showed in profiles.
using PlainStream = Tcp::socket;
using TlsStream = beast::ssl_stream<Tcp::socket>;
// The header fields of one request and its reply come from the connection's arena, which is
// emptied before each request: no allocation per field on the common path.
using ArenaAllocator = std::pmr::polymorphic_allocator<char>;
using Fields = bhttp::basic_fields<ArenaAllocator>;
using RequestHead = bhttp::request_header<Fields>;
template <class Body> using Response = bhttp::response<Body, Fields>;
using Request = bhttp::request<bhttp::string_body, Fields>;

// The request as the WebSocket session keeps it, on the ordinary heap: it outlives the arena.
bhttp::request<bhttp::string_body> heapCopy(const Request& req) {
    bhttp::request<bhttp::string_body> out;
    out.method_string(req.method_string());
    out.target(req.target());
    out.version(req.version());
    for (const auto& field : req)
        out.insert(field.name_string(), field.value());
    out.body() = req.body();
    return out;
}

// A pipelined request is one whose head was already in the buffer when the previous reply
// had been written.
bool holdsHead(const beast::flat_buffer& buffer) {
    const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    return data.find("\r\n\r\n") != std::string_view::npos;
}

template <class Stream> class Session;

template <class Stream> class SessionExchange final : public Exchange {
public:
    SessionExchange(Session<Stream>& session, const Clock& clock, Random& random,
                    RuntimeState& state)
        : Exchange(clock, random, state, session.scheduler), m_session(session) {}

    void readBody(std::uint64_t limit, BodyReady ready) override {
        if (request.bodyRead) {
            ready({});
            return;
        }
        net::co_spawn(m_session.stream.get_executor(),
                      m_session.readBodyInto(limit, std::move(ready)), net::detached);
    }

private:
    Session<Stream>& m_session;
};

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    using Parser = bhttp::request_parser<bhttp::string_body, ArenaAllocator>;
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    template <class... StreamArgs>
    Session(std::shared_ptr<Server::Impl> s, StreamArgs&&... args)
        : server(std::move(s)), stream(std::forward<StreamArgs>(args)...),
          executor(stream.get_executor()), scheduler(stream.get_executor()),
          signal(stream.get_executor()), headerTimer(stream.get_executor()),
          streamTimer(stream.get_executor()) {}
    ~Session() override { server->sessionEnded(); }

    void stopSoon() override {
        // The saved executor: after an upgrade the stream has moved to the WebSocket session.
        net::post(executor, [self = this->shared_from_this()] {
            if (self->upgraded)
                return; // the WebSocket session has its own stopSoon
            self->stopIfIdle();
            self->streamTimer.cancel();
            // A stream never ends by itself; its write may be stalled by a client that does
            // not read. Either way it ends now rather than holding stop() up.
            if (self->streaming)
                self->cutOff();
        });
    }

    void hurry() override {
        net::post(executor, [self = this->shared_from_this()] {
            if (!self->upgraded)
                self->scheduler.hurry();
        });
    }
    void abort() override {
        net::post(executor, [self = this->shared_from_this()] {
            if (self->upgraded)
                return;              // the WebSocket session aborts itself
            self->scheduler.hurry(); // a chain waiting on a delay finishes, its write fails
            if (self->current && self->current->onAbort)
                self->current->onAbort(); // a proxy's upstream request ends (502)
            self->streamTimer.cancel();
            self->cutOff();
        });
    }

    net::awaitable<void> run();
    net::awaitable<void> readBodyInto(std::uint64_t limit, Exchange::BodyReady ready);

    std::shared_ptr<Server::Impl> server;
    Stream stream;
    net::any_io_executor executor;
    StrandScheduler scheduler;

private:
    Tcp::socket& sock() { return beast::get_lowest_layer(stream); }
    // Ends the read or write in progress; a composed write may be between two of its pieces,
    // so the shutdown makes the next piece fail too.
    void cutOff() {
        error_code ignored;
        sock().shutdown(Tcp::socket::shutdown_both, ignored);
        sock().cancel(ignored);
    }
    net::awaitable<bool> handshake();
    net::awaitable<bool> readHead(bool first);
    net::awaitable<bool> serve(const Snapshot& snapshot);
    template <class Body>
    void fillHead(Response<Body>& res, const MockReply& reply, bool keepAlive);
    void startParser() { parser.emplace(RequestHead(ArenaAllocator(&arena))); }
    net::awaitable<void> writeReply(const MockReply& reply, bool head, bool keepAlive);
    net::awaitable<bool> writeStreamed(const MockReply& reply, bool head, bool keepAlive);
    net::awaitable<bool> writeFile(const StreamPlan& plan, Response<bhttp::empty_body>& res,
                                   bool head, bool keepAlive);
    net::awaitable<bool> writeSteps(const StreamPlan& plan);
    net::awaitable<void> writeFault(MockReply::Fault fault);
    net::awaitable<void> writeStatus(int status, std::string body);
    // headRead: Beast refuses a Content-Length over the limit before it counts the head done.
    net::awaitable<void> refuse(const Snapshot& snapshot, int status, std::string reason,
                                bool headRead = false);
    void prepareExchange(Exchange& ex, const Snapshot& snapshot);
    bool answerWsRoute(const Snapshot& snapshot, Exchange& ex);
    void handOver(const Snapshot& snapshot, Exchange& ex);
    void stopIfIdle();
    void watchHeadDeadline(Clock::SteadyPoint deadline);
    void onWatchdog();

    beast::flat_buffer buffer;
    // Its one block is taken from the heap when a head arrives and returned before the next
    // request: an idle connection holds none of it.
    static constexpr std::size_t kArenaBytes = 2048;
    std::pmr::monotonic_buffer_resource arena{kArenaBytes};
    std::optional<Parser> parser; // its fields live in the arena
    std::chrono::sys_seconds dateSecond{};
    std::string dateText;     // the Date header, formatted once a second
    net::steady_timer signal; // cancelled when the chain is done
    // 408 / idle keep-alive, apart from the stream's own. A watchdog armed about once per
    // connection rather than once per request: readHead only moves headDeadline, and the
    // timer is re-armed when it fires early or the deadline moves before it.
    net::steady_timer headerTimer;
    Clock::SteadyPoint headDeadline{};
    Clock::SteadyPoint watchdogAt{};
    bool watchdogArmed = false;
    std::uint64_t watchdogGeneration = 0;
    net::steady_timer streamTimer; // the pause before a chunk or an event; stop cancels it
    std::string clientAddress;
    std::string gathered; // the bytes of a small reply, reused from one reply to the next
    static constexpr std::size_t kGatherLimit = 64 << 10;
    static constexpr std::size_t kKeptBuffer = 4 << 10;
    std::size_t routeIndex = 0;
    Exchange* current = nullptr;                     // the exchange being served, for readBodyInto
    const Snapshot* serving = nullptr;               // the snapshot it is served on
    static constexpr std::size_t kReplyHeaders = 12; // room reserved for the reply's headers
    std::uint32_t pipelinedRun = 0;
    bool waitingForHead = false;
    bool handshaking = false;
    bool streaming = false; // writing the body of a streamed reply
    bool chainDone = false;
    bool awaitingChain = false; // the coroutine waits on `signal` for the chain to finish
    bool timedOut = false;
    bool ended = false;
    bool wsAccepted = false; // the ws route's handler let the upgrade through (101)
    bool upgraded = false;   // the stream now belongs to a WebSocket session
};

template <class Stream> net::awaitable<void> Session<Stream>::run() {
    auto self = this->shared_from_this();
    error_code ignored;
    auto endpoint = sock().remote_endpoint(ignored);
    clientAddress = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    if constexpr (!kTls)
        sock().non_blocking(true, ignored); // for writeReply's direct send
    // As nginx's tcp_nodelay: a chunk or an event written right after the head is sent at
    // once, not held back until the client acknowledges the head.
    sock().set_option(Tcp::no_delay(true), ignored);
    bool open = true;
    if constexpr (kTls)
        open = co_await handshake();
    for (bool first = true; open && !server->stopping; first = false) {
        const bool more = co_await readHead(first);
        if (!more)
            break;
        const auto snapshot = server->current(); // requests finish on the snapshot they start on
        open = co_await serve(*snapshot);
    }
    ended = true;
    headerTimer.cancel(); // the watchdog holds the session; let it go
    if (upgraded)
        co_return;
    sock().shutdown(Tcp::socket::shutdown_send, ignored);
    sock().close(ignored);
}

template <class Stream> void Session<Stream>::watchHeadDeadline(Clock::SteadyPoint deadline) {
    headDeadline = deadline;
    if (watchdogArmed && watchdogAt <= deadline)
        return; // it fires first and re-arms for the rest
    watchdogArmed = true;
    watchdogAt = deadline;
    const std::uint64_t generation = ++watchdogGeneration;
    headerTimer.expires_at(deadline); // cancels the wait it replaces
    headerTimer.async_wait([self = this->shared_from_this(), generation](error_code ec) {
        if (generation != self->watchdogGeneration)
            return; // replaced by a wait for an earlier deadline
        self->watchdogArmed = false;
        if (!ec && !self->ended)
            self->onWatchdog();
    });
}

template <class Stream> void Session<Stream>::onWatchdog() {
    const auto now = std::chrono::steady_clock::now();
    if ((waitingForHead || handshaking) && now >= headDeadline) {
        timedOut = true;
        error_code ignored;
        sock().cancel(ignored);
        return;
    }
    // Not waiting for a head (serving, streaming): look again after a while.
    const auto later = now + std::chrono::milliseconds(server->current()->limits.headerTimeoutMs);
    watchHeadDeadline(waitingForHead || handshaking ? headDeadline : later);
}

// Bounded by the header timeout; a client that fails it loses only its own connection.
template <class Stream> net::awaitable<bool> Session<Stream>::handshake() {
    if constexpr (kTls) {
        const auto timeout = server->current()->limits.headerTimeoutMs;
        handshaking = true;
        watchHeadDeadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout));
        auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server, asTuple);
        handshaking = false;
        co_return !ec && !server->stopping;
    }
    co_return true;
}

template <class Stream> void Session<Stream>::stopIfIdle() {
    if ((waitingForHead && buffer.size() == 0) || handshaking) {
        error_code ignored;
        sock().cancel(ignored);
    }
}

template <class Stream> net::awaitable<bool> Session<Stream>::readHead(bool first) {
    const auto snapshot = server->current();
    const Limits& limits = snapshot->limits;
    pipelinedRun = holdsHead(buffer) ? pipelinedRun + 1 : 0;
    parser.reset(); // the last request and its reply are done with the arena
    arena.release();
    startParser();
    parser->header_limit(limits.maxRequestLine + limits.maxHeaderBytes);
    parser->body_limit(limits.maxBodyBytes);
    timedOut = false;
    // The stream's own deadline would close the socket; a 408 needs a timer that only
    // cancels the read (STYLE.md, Beast facts).
    const auto wait = first || buffer.size() ? limits.headerTimeoutMs : limits.keepAliveIdleMs;
    waitingForHead = true;
    watchHeadDeadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(wait));
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, *parser, asTuple);
    waitingForHead = false;
    if (timedOut) {
        // A connection that never sent a byte (a browser's preconnect) is answered but not
        // logged: there was no request.
        if (buffer.size() > 0)
            co_await refuse(*snapshot, 408, "request headers not received in time");
        else if (first)
            co_await writeStatus(408, "request headers not received in time");
        co_return false;
    }
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::ssl::error::stream_truncated)
        co_return false;
    if (ec == bhttp::error::header_limit) {
        const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        const auto lineEnd = data.find("\r\n");
        const bool lineTooLong = lineEnd == std::string_view::npos
                                     ? data.size() > limits.maxRequestLine
                                     : lineEnd > limits.maxRequestLine;
        co_await refuse(*snapshot, lineTooLong ? 414 : 431,
                        lineTooLong ? "request line too long" : "request headers too large");
        co_return false;
    }
    if (ec == bhttp::error::body_limit) { // the declared Content-Length is already too much
        co_await refuse(*snapshot, 413,
                        "request body over the limit of " + std::to_string(limits.maxBodyBytes) +
                            " bytes",
                        true);
        co_return false;
    }
    if (ec) {
        co_await refuse(*snapshot, 400, "malformed request: " + ec.message());
        co_return false;
    }
    const auto& req = parser->get();
    const std::size_t lineLength = req.method_string().size() + req.target().size() + 10;
    std::size_t fields = 0;
    for (auto it = req.begin(); it != req.end(); ++it)
        ++fields;
    if (lineLength > limits.maxRequestLine) {
        co_await refuse(*snapshot, 414, "request line too long");
        co_return false;
    }
    if (fields > limits.maxHeaderFields || n - lineLength > limits.maxHeaderBytes) {
        co_await refuse(*snapshot, 431, "request headers too large");
        co_return false;
    }
    co_return true;
}

template <class Stream>
void Session<Stream>::prepareExchange(Exchange& ex, const Snapshot& snapshot) {
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

// The handler of a ws route: an upgrade request is let through with 101 (the WebSocket
// session answers it for real once the chain is done); anything else is a 426. False for an
// http route.
template <class Stream>
bool Session<Stream>::answerWsRoute(const Snapshot& snapshot, Exchange& ex) {
    if (routeIndex >= snapshot.wsEndpoints.size() || !snapshot.wsEndpoints[routeIndex])
        return false;
    if (beast::websocket::is_upgrade(parser->get())) {
        wsAccepted = true;
        ex.respond(101);
        return true;
    }
    ex.respond(426, "this route is a WebSocket endpoint: connect with Upgrade: websocket\n",
               {{"Content-Type", "text/plain; charset=utf-8", true},
                {"Upgrade", "websocket", true},
                {"Connection", "Upgrade", true}});
    return true;
}

// The connection leaves this session: the WebSocket session accepts the parsed request with
// the headers the chain added on the way out.
template <class Stream> void Session<Stream>::handOver(const Snapshot& snapshot, Exchange& ex) {
    WsUpgrade upgrade;
    upgrade.snapshot = server->current();
    upgrade.endpoint = snapshot.wsEndpoints[routeIndex];
    for (const auto& [name, value] : ex.request.params)
        upgrade.request.params.emplace(name, value);
    for (const auto& [name, value] : ex.request.query)
        upgrade.request.query.emplace(name, value);
    upgrade.request.headers = ex.request.headers;
    upgrade.responseHeaders = ex.reply.headers;
    upgrade.clientAddress = clientAddress;
    upgraded = true;
    launchWsSession(server, std::move(stream), heapCopy(parser->get()), std::move(upgrade));
}

template <class Stream>
net::awaitable<void> Session<Stream>::readBodyInto(std::uint64_t limit, Exchange::BodyReady ready) {
    auto self = this->shared_from_this();
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

template <class Stream> net::awaitable<bool> Session<Stream>::serve(const Snapshot& snapshot) {
    auto self = this->shared_from_this();
    SessionExchange<Stream> ex(*this, server->engine.clock(), server->engine.random(),
                               server->state);
    current = &ex;
    serving = &snapshot;
    ex.timings.reserve(snapshot.chain.layers.size());
    ex.reply.headers.reserve(kReplyHeaders);
    prepareExchange(ex, snapshot);
    const bool head = ex.request.method == "HEAD";
    // Both callbacks capture only `this` and so fit in std::function's own storage; the
    // session waits below until the chain is done, so it outlives them.
    Next handler = [this](Exchange& e, Done done) {
        const Snapshot& on = *serving;
        switch (e.request.route) {
        case MockRequest::Route::matched:
            if (answerWsRoute(on, e))
                break;
            respondFromRoute(on.routes[routeIndex], e, &on.variables, on.limits.maxBodyBytes,
                             std::move(done));
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
    wsAccepted = false;
    // Most chains finish before runChain returns; the timer is armed only for those that
    // defer (latency, delays, body reads), all of which resume on this strand.
    runChain(snapshot.chain, ex, handler, [this] {
        chainDone = true;
        if (awaitingChain)
            signal.cancel();
    });
    if (!chainDone) {
        awaitingChain = true;
        signal.expires_at(net::steady_timer::time_point::max());
        auto waited = co_await signal.async_wait(asTuple);
        (void)waited;
        awaitingChain = false;
    }
    current = nullptr;
    ++server->served;
    if (ex.reply.fault != MockReply::Fault::none) {
        co_await writeFault(ex.reply.fault);
        co_return false;
    }
    // An auth layer's 401 (or any other answer) replaces the 101: then no upgrade happens.
    if (wsAccepted && ex.reply.status == 101) {
        if (!server->stopping) {
            handOver(snapshot, ex);
            co_return false;
        }
        co_await writeStatus(503, "the server is stopping");
        co_return false;
    }
    // An unread body would be taken for the next request: read it now, or close. A client
    // that keeps more than pipelineLimit requests queued in a row is cut off (as nginx does).
    bool keepAlive = parser->keep_alive() && !ex.reply.closeConnection && !server->stopping &&
                     pipelinedRun <= snapshot.limits.pipelineLimit;
    if (!ex.request.bodyRead && !parser->is_done())
        keepAlive = false;
    if (ex.reply.stream)
        co_return co_await writeStreamed(ex.reply, head, keepAlive);
    co_await writeReply(ex.reply, head, keepAlive);
    co_return keepAlive;
}

template <class Stream>
template <class Body>
void Session<Stream>::fillHead(Response<Body>& res, const MockReply& reply, bool keepAlive) {
    res.version(parser->get().version());
    res.result(static_cast<unsigned>(reply.status));
    for (const auto& h : reply.headers)
        if (h.enabled && !model::iequals(h.name, "Content-Length") &&
            !model::iequals(h.name, "Transfer-Encoding"))
            res.insert(h.name, h.value);
    if (res.find(bhttp::field::date) == res.end()) {
        const auto now = server->engine.clock().wallNow();
        const auto second = std::chrono::floor<std::chrono::seconds>(now);
        if (second != dateSecond || dateText.empty()) {
            dateSecond = second;
            dateText = httpDate(now);
        }
        res.set(bhttp::field::date, dateText);
    }
    if (res.find(bhttp::field::server) == res.end())
        res.set(bhttp::field::server, "quiver-mock");
    res.keep_alive(keepAlive);
}

template <class Stream>
net::awaitable<void> Session<Stream>::writeReply(const MockReply& reply, bool head,
                                                 bool keepAlive) {
    Response<bhttp::string_body> res{bhttp::response_header<Fields>(ArenaAllocator(&arena))};
    fillHead(res, reply, keepAlive);
    res.body() = reply.body;
    res.prepare_payload();
    bhttp::response_serializer<bhttp::string_body, Fields> serializer(res);
    if (res.body().size() <= kGatherLimit) {
        // Small replies (the common case) are serialized by Beast into one reused buffer and
        // sent with one write: cheaper than its composed write of many small pieces.
        gathered.clear();
        serializer.split(head);
        error_code ec;
        while (!ec && !(head ? serializer.is_header_done() : serializer.is_done()))
            serializer.next(ec, [this, &serializer](error_code&, const auto& buffers) {
                std::size_t n = 0;
                for (const auto piece : beast::buffers_range_ref(buffers)) {
                    gathered.append(static_cast<const char*>(piece.data()), piece.size());
                    n += piece.size();
                }
                serializer.consume(n);
            });
        std::size_t sent = 0;
        if constexpr (!kTls) {
            // A small reply nearly always fits the socket's send buffer: sent here, it needs
            // no trip through the scheduler for its completion. What does not fit is sent
            // asynchronously (the socket is in non-blocking mode, so this never waits).
            error_code ec;
            sent = sock().write_some(net::buffer(gathered), ec);
            if (ec && ec != net::error::would_block && ec != net::error::try_again)
                sent = gathered.size(); // the connection is gone: the next read ends it
        }
        if (sent < gathered.size()) {
            auto written = co_await net::async_write(
                stream, net::buffer(gathered.data() + sent, gathered.size() - sent), asTuple);
            (void)written;
        }
        if (gathered.capacity() > kKeptBuffer)
            std::string().swap(gathered); // an idle connection keeps only a small buffer
        co_return;
    }
    if (head) {
        auto written = co_await bhttp::async_write_header(stream, serializer, asTuple);
        (void)written;
        co_return;
    }
    auto written = co_await bhttp::async_write(stream, serializer, asTuple);
    (void)written;
}

// Returns whether the connection may serve another request: not after a stream cut short by
// the client leaving or the server stopping.
template <class Stream>
net::awaitable<bool> Session<Stream>::writeStreamed(const MockReply& reply, bool head,
                                                    bool keepAlive) {
    const auto plan = reply.stream; // a copy: the reply's owner may go while this runs
    Response<bhttp::empty_body> res{bhttp::response_header<Fields>(ArenaAllocator(&arena))};
    fillHead(res, reply, keepAlive);
    if (plan->kind == StreamPlan::Kind::file)
        co_return co_await writeFile(*plan, res, head, keepAlive);
    res.chunked(true);
    bhttp::response_serializer<bhttp::empty_body, Fields> serializer(res);
    auto [ec, n] = co_await bhttp::async_write_header(stream, serializer, asTuple);
    if (ec)
        co_return false;
    if (head)
        co_return keepAlive;
    streaming = true;
    const bool complete = co_await writeSteps(*plan);
    streaming = false;
    if (!complete)
        co_return false;
    const auto last = bhttp::make_chunk_last();
    auto [lastEc, lastN] = co_await net::async_write(stream, last, asTuple);
    co_return !lastEc && keepAlive;
}

// Chunks or events, each after its pause on the strand's timer. False when the client left
// or the server is stopping (the stream ends without its last chunk then).
template <class Stream> net::awaitable<bool> Session<Stream>::writeSteps(const StreamPlan& plan) {
    for (std::uint64_t index = 0;; ++index) {
        auto step = plan.step(index);
        if (!step)
            co_return true;
        if (server->stopping)
            co_return false;
        if (step->delay > Clock::Duration::zero()) {
            streamTimer.expires_after(step->delay);
            auto waited = co_await streamTimer.async_wait(asTuple);
            (void)waited;
        }
        if (server->stopping)
            co_return false;
        if (step->text.empty())
            continue; // an empty chunk would end the stream
        const auto chunk = bhttp::make_chunk(net::buffer(step->text));
        auto [ec, n] = co_await net::async_write(stream, chunk, asTuple);
        if (ec)
            co_return false;
    }
}

// The file is read in pieces of kFilePiece while it is sent: a large file never sits in
// memory, and each read is a bounded pause of this strand only.
template <class Stream>
net::awaitable<bool> Session<Stream>::writeFile(const StreamPlan& plan,
                                                Response<bhttp::empty_body>& res, bool head,
                                                bool keepAlive) {
    beast::file file;
    error_code ec;
    file.open(plan.file.c_str(), beast::file_mode::scan, ec);
    if (!ec)
        file.seek(plan.offset, ec);
    if (ec) { // gone since the route looked at it
        MockReply missing;
        missing.status = 404;
        missing.body = "file not found: " + plan.file.filename().string();
        missing.headers.push_back({"Content-Type", "text/plain; charset=utf-8", true});
        co_await writeReply(missing, head, keepAlive);
        co_return keepAlive;
    }
    res.content_length(plan.length);
    bhttp::response_serializer<bhttp::empty_body, Fields> serializer(res);
    auto [headEc, headN] = co_await bhttp::async_write_header(stream, serializer, asTuple);
    if (headEc)
        co_return false;
    if (head)
        co_return keepAlive;
    std::vector<char> piece(
        static_cast<std::size_t>(std::min<std::uint64_t>(plan.length, kFilePiece)));
    streaming = true; // left set on an early return: the connection ends then anyway
    for (std::uint64_t left = plan.length; left > 0;) {
        if (server->stopping)
            co_return false;
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size()));
        const std::size_t got = file.read(piece.data(), want, ec);
        if (ec || got == 0)
            co_return false; // the file shrank: the client sees a short body and a close
        auto [writeEc, written] =
            co_await net::async_write(stream, net::buffer(piece.data(), got), asTuple);
        if (writeEc)
            co_return false;
        left -= got;
    }
    streaming = false;
    co_return keepAlive;
}

template <class Stream>
net::awaitable<void> Session<Stream>::writeStatus(int status, std::string body) {
    MockReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.headers.push_back({"Content-Type", "text/plain; charset=utf-8", true});
    if (!parser || !parser->is_header_done())
        startParser(); // nothing usable was parsed: answer as HTTP/1.1
    co_await writeReply(reply, false, false);
}

// A request the chain never sees is still shown to the layers that record requests.
template <class Stream>
net::awaitable<void> Session<Stream>::refuse(const Snapshot& snapshot, int status,
                                             std::string reason, bool headRead) {
    Refusal refusal;
    refusal.time = server->engine.clock().wallNow();
    refusal.status = status;
    refusal.reason = reason;
    refusal.clientAddress = clientAddress;
    std::string_view path;
    if (parser && (headRead || parser->is_header_done())) {
        const auto& req = parser->get();
        refusal.method = std::string(req.method_string());
        constexpr std::size_t kLoggedTarget = 2048; // a 414's target is cut
        refusal.target = std::string(req.target().substr(0, kLoggedTarget));
        path = std::string_view(refusal.target).substr(0, refusal.target.find('?'));
        for (const auto& field : req)
            refusal.headers.push_back(
                {std::string(field.name_string()), std::string(field.value()), true});
    }
    for (const auto& layer : snapshot.chain.layers)
        if (layer.paths.empty() || (!path.empty() && inScope(layer.paths, path)))
            layer.middleware->refused(refusal);
    co_await writeStatus(status, std::move(reason));
}

template <class Stream> net::awaitable<void> Session<Stream>::writeFault(MockReply::Fault fault) {
    error_code ignored;
    switch (fault) {
    case MockReply::Fault::reset:
        sock().set_option(net::socket_base::linger(true, 0), ignored);
        sock().close(ignored);
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

template <class Stream, class... StreamArgs>
void launch(const std::shared_ptr<Server::Impl>& server, StreamArgs&&... args) {
    auto session = std::make_shared<Session<Stream>>(server, std::forward<StreamArgs>(args)...);
    {
        std::lock_guard lock(server->mutex);
        ++server->live;
        server->sessions.remove_if([](const auto& w) { return w.expired(); });
        server->sessions.push_back(session);
    }
    net::co_spawn(session->stream.get_executor(), session->run(), net::detached);
}

} // namespace

void launchSession(const std::shared_ptr<Server::Impl>& server, Tcp::socket socket) {
    if (server->tls)
        launch<TlsStream>(server, std::move(socket), *server->tls);
    else
        launch<PlainStream>(server, std::move(socket));
}

} // namespace quiver::core::mock
