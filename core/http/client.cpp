#include "http/client.h"

#include "engine/engine_context.h"
#include "http/body_collector.h"
#include "http/connection_pool.h"
#include "http/cookie_jar.h"
#include "http/proxy_config.h"
#include "http/redirect_policy.h"
#include "http/request_builder.h"
#include "http/tls_context.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <cstdio>
#include <map>
#include <sys/socket.h>

namespace quiver::core::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kChunkSize = 64 * 1024;

double msBetween(Clock::SteadyPoint a, Clock::SteadyPoint b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string endpointText(const ParsedUrl& url) {
    return (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) + ":" +
           std::to_string(url.port);
}

} // namespace

// One TCP (and optionally TLS) connection. Everything touching it runs on its strand.
struct Connection : std::enable_shared_from_this<Connection> {
    explicit Connection(net::any_io_executor ex) : executor(ex), resolver(ex), tcp(ex) {}

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : tcp; }

    net::any_io_executor executor;
    Tcp::resolver resolver;
    beast::tcp_stream tcp; // moved into tls when the connection is encrypted
    std::unique_ptr<net::ssl::context> sslContext;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer; // bytes read past the end of the previous response
    std::string remoteAddress;
    model::TlsInfo tlsInfo;
    OperationId owner = 0;
};

bool connectionLooksAlive(Connection& connection) {
    if (connection.buffer.size() != 0)
        return false; // unsolicited bytes: the stream is out of step
    char byte;
    const int fd = connection.lowest().socket().native_handle();
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

namespace {

struct Operation {
    OperationId id = 0;
    model::Request request; // the current hop's request
    Clock::SteadyPoint start;
    std::atomic<bool> finished{false};
    std::atomic<std::uint64_t> ticket{0};
    std::mutex mutex;
    std::weak_ptr<Connection> connection;
    std::unique_ptr<net::steady_timer> totalTimer;
    std::vector<model::RedirectHop> hops;
};

struct ExchangeResult {
    Error error;
    bool reusable = false;
    bool retryable = false; // a stale pooled connection failed before any response byte
};

struct ConnectDeadline {
    bool active = true;
    bool fired = false;
};

} // namespace

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
    Impl(Engine& engine, ClientOptions options)
        : engine(engine), ctx(engine.context()), options(options),
          pool(options.limit, options.limitPerHost, milliseconds(options.keepAliveIdleMs),
               engine.clock()) {}

    OperationId send(model::Request request);
    void startHop(const std::shared_ptr<Operation>& op);
    bool finish(const std::shared_ptr<Operation>& op, model::Response response, Error error);
    void interrupt(const std::shared_ptr<Operation>& op, Error error);
    void addCookies(const model::Request& request, PreparedRequest& prepared);
    void afterResponse(std::shared_ptr<Operation> op, const PreparedRequest& req,
                       model::Response response);

    net::awaitable<void> runHop(std::shared_ptr<Operation> op, std::shared_ptr<PreparedRequest> req,
                                std::string key, std::optional<ProxyChoice> proxy,
                                std::shared_ptr<Connection> conn);
    net::awaitable<Error> connect(std::shared_ptr<Operation> op, std::shared_ptr<Connection> conn,
                                  const PreparedRequest& req,
                                  const std::optional<ProxyChoice>& proxy, model::Timings& timings);
    net::awaitable<Error> openTunnel(Connection& conn, const PreparedRequest& req,
                                     const ProxyChoice& proxy, std::uint32_t timeoutMs);
    net::awaitable<Error> handshake(Connection& conn, const PreparedRequest& req,
                                    const model::RequestSettings& settings);
    template <class Stream>
    net::awaitable<ExchangeResult>
    exchange(Stream& stream, std::shared_ptr<Operation> op, Connection& conn,
             const PreparedRequest& req, bool absoluteForm, bool reused, model::Response& response);
    template <class Stream>
    net::awaitable<Error> writeBody(Stream& stream, Connection& conn, const PreparedRequest& req,
                                    std::uint32_t timeoutMs, std::uint64_t& sent);

    Engine& engine;
    detail::EngineContext& ctx;
    ClientOptions options;
    CookieJar jar;
    ConnectionPool pool;
    TlsContextCache tlsContexts;
    std::mutex mutex;
    std::map<OperationId, std::shared_ptr<Operation>> operations;
};

namespace {

std::string poolKey(const PreparedRequest& req, const std::optional<ProxyChoice>& proxy,
                    const model::RequestSettings& s) {
    std::string key = req.url.scheme + "://" + endpointText(req.url);
    if (proxy)
        key += "|proxy=" + proxy->proxy.text + "|" + proxy->authorization;
    if (req.url.tls())
        key += "|tls=" + std::to_string(s.insecure) + "|" + s.caFile + "|" + s.clientCertFile +
               "|" + s.clientKeyFile;
    return key;
}

Error readError(const error_code& ec, const ParsedUrl& url, std::uint32_t readTimeoutMs,
                std::uint64_t bodyLimit) {
    const std::string where = endpointText(url);
    if (ec == beast::error::timeout)
        return makeError(ErrorKind::timeout, "read timeout: no data from " + where + " for " +
                                                 std::to_string(readTimeoutMs) + " ms");
    if (ec == bhttp::error::body_limit)
        return makeError(ErrorKind::limit, "response body from " + where +
                                               " exceeds the limit of " +
                                               std::to_string(bodyLimit) + " bytes");
    if (ec == bhttp::error::header_limit)
        return makeError(ErrorKind::limit, "response headers from " + where + " exceed 64 KB");
    if (ec == bhttp::error::partial_message || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::ssl::error::stream_truncated)
        return makeError(ErrorKind::protocol,
                         "connection closed by " + where + " before the response was complete");
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category())
        return makeError(ErrorKind::protocol,
                         "malformed response from " + where + ": " + ec.message());
    if (ec == net::error::operation_aborted)
        return makeError(ErrorKind::cancelled, "request cancelled");
    return makeError(ErrorKind::io, "reading from " + where + " failed: " + ec.message());
}

bool isStaleConnectionError(const error_code& ec) {
    return ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || ec == bhttp::error::end_of_stream ||
           ec == net::ssl::error::stream_truncated;
}

} // namespace

OperationId Client::Impl::send(model::Request request) {
    auto op = std::make_shared<Operation>();
    op->id = engine.nextId();
    op->start = engine.clock().now();
    op->request = std::move(request);
    {
        std::lock_guard lock(mutex);
        operations.emplace(op->id, op);
    }
    if (const auto totalMs = op->request.settings.totalTimeoutMs) {
        op->totalTimer = std::make_unique<net::steady_timer>(net::make_strand(ctx.io));
        op->totalTimer->expires_after(milliseconds(totalMs));
        op->totalTimer->async_wait([self = shared_from_this(), op, totalMs](error_code ec) {
            if (!ec)
                self->interrupt(op, makeError(ErrorKind::timeout,
                                              "total timeout: the request took longer than " +
                                                  std::to_string(totalMs) + " ms"));
        });
    }
    net::post(ctx.io, [self = shared_from_this(), op] { self->startHop(op); });
    return op->id;
}

bool Client::Impl::finish(const std::shared_ptr<Operation>& op, model::Response response,
                          Error error) {
    if (op->finished.exchange(true))
        return false;
    if (op->totalTimer) {
        net::post(op->totalTimer->get_executor(), [op] { op->totalTimer->cancel(); });
    }
    {
        std::lock_guard lock(mutex);
        operations.erase(op->id);
    }
    if (!error) {
        response.timings.totalMs = msBetween(op->start, engine.clock().now());
        response.redirects = op->hops;
    }
    ctx.sink->post(HttpResultEvent{op->id, std::move(response), std::move(error)});
    return true;
}

void Client::Impl::interrupt(const std::shared_ptr<Operation>& op, Error error) {
    if (!finish(op, {}, std::move(error)))
        return;
    pool.withdraw(op->ticket.load());
    std::shared_ptr<Connection> conn;
    {
        std::lock_guard lock(op->mutex);
        conn = op->connection.lock();
    }
    if (!conn)
        return;
    // The connection may have moved on to another request by the time this runs.
    net::post(conn->executor, [conn, id = op->id] {
        if (conn->owner != id)
            return;
        error_code ignored;
        conn->resolver.cancel();
        conn->lowest().socket().cancel(ignored);
        conn->lowest().socket().shutdown(Tcp::socket::shutdown_both, ignored);
    });
}

void Client::Impl::addCookies(const model::Request& request, PreparedRequest& prepared) {
    std::string cookie = model::findHeader(prepared.headers, "Cookie").value_or("");
    auto append = [&cookie](const std::string& part) {
        if (part.empty())
            return;
        if (!cookie.empty())
            cookie += "; ";
        cookie += part;
    };
    for (const auto& c : request.cookies)
        append(c);
    if (options.useCookieJar)
        append(jar.cookieHeaderFor(prepared.url, engine.clock().wallNow()));
    if (!cookie.empty())
        model::setHeader(prepared.headers, "Cookie", cookie);
}

void Client::Impl::startHop(const std::shared_ptr<Operation>& op) {
    if (op->finished)
        return;
    auto prepared = prepareRequest(op->request, engine.random());
    if (!prepared) {
        finish(op, {}, prepared.error());
        return;
    }
    addCookies(op->request, prepared.value());
    auto proxy = chooseProxy(prepared->url, op->request.settings, defaultEnv());
    if (proxy && proxy->error) {
        finish(op, {}, proxy->error);
        return;
    }
    std::string key = poolKey(*prepared, proxy, op->request.settings);
    auto req = std::make_shared<PreparedRequest>(std::move(prepared.value()));
    auto grant = [self = shared_from_this(), op, req, key, proxy](ConnectionPool::Lease lease) {
        net::any_io_executor ex = lease.connection
                                      ? lease.connection->executor
                                      : net::any_io_executor(net::make_strand(self->ctx.io));
        net::co_spawn(ex, self->runHop(op, req, key, proxy, std::move(lease.connection)),
                      net::detached);
    };
    op->ticket = pool.acquire(key, std::move(grant));
}

net::awaitable<void> Client::Impl::runHop(std::shared_ptr<Operation> op,
                                          std::shared_ptr<PreparedRequest> req, std::string key,
                                          std::optional<ProxyChoice> proxy,
                                          std::shared_ptr<Connection> conn) {
    auto self = shared_from_this(); // keeps the pool alive while this hop runs
    model::Response response;
    ExchangeResult result;
    for (int attempt = 0; attempt < 2 && !op->finished; ++attempt) {
        const bool reused = conn != nullptr;
        response = {};
        if (!conn) {
            auto ex = co_await net::this_coro::executor;
            conn = std::make_shared<Connection>(ex);
            conn->owner = op->id;
            {
                std::lock_guard lock(op->mutex);
                op->connection = conn;
            }
            result.error = co_await connect(op, conn, *req, proxy, response.timings);
            if (result.error)
                break;
        }
        conn->owner = op->id;
        {
            std::lock_guard lock(op->mutex);
            op->connection = conn;
        }
        response.connectionReused = reused;
        const bool absoluteForm = proxy && !req->url.tls();
        if (conn->tls)
            result = co_await exchange(*conn->tls, op, *conn, *req, absoluteForm, reused, response);
        else
            result = co_await exchange(conn->tcp, op, *conn, *req, absoluteForm, reused, response);
        if (!(result.retryable && reused && isIdempotent(req->method)))
            break;
        conn.reset(); // the server closed the pooled connection: once more on a fresh one
    }
    {
        std::lock_guard lock(op->mutex);
        op->connection.reset();
    }
    if (conn)
        conn->owner = 0;
    const bool reusable = conn && !result.error && result.reusable && !op->finished;
    pool.release(key, reusable ? conn : nullptr, reusable);
    if (op->finished)
        co_return;
    if (result.error) {
        finish(op, {}, std::move(result.error));
        co_return;
    }
    afterResponse(op, *req, std::move(response));
}

void Client::Impl::afterResponse(std::shared_ptr<Operation> op, const PreparedRequest& req,
                                 model::Response response) {
    response.finalUrl = req.url.text;
    if (options.useCookieJar)
        for (const auto& h : response.headers)
            if (model::iequals(h.name, "Set-Cookie"))
                jar.storeFromHeader(req.url, h.value, engine.clock().wallNow());

    const auto& settings = op->request.settings;
    auto location = model::findHeader(response.headers, "Location");
    auto step = redirectFor(response.status, req.method);
    if (!settings.followRedirects || !location || !step) {
        finish(op, std::move(response), {});
        return;
    }
    if (op->hops.size() >= settings.maxRedirects) {
        finish(op, {},
               makeError(ErrorKind::limit, "too many redirects: more than " +
                                               std::to_string(settings.maxRedirects) +
                                               " (last from " + req.url.text + ")"));
        return;
    }
    auto target = resolveReference(req.url.text, *location);
    auto targetUrl = target ? parseUrl(target.value()) : Result<ParsedUrl>(target.error());
    if (!targetUrl) {
        finish(op, {},
               makeError(ErrorKind::protocol, "invalid redirect from " + req.url.text + " to '" +
                                                  *location + "': " + targetUrl.error().message));
        return;
    }
    // The redirect's own body is dropped; one that was spilled to a temporary file goes too.
    if (!response.bodyFile.empty() && response.bodyFile != settings.downloadPath)
        std::remove(response.bodyFile.c_str());
    op->hops.push_back({response.status, req.method, req.url.text, targetUrl->text});
    model::Request next = op->request;
    next.url = targetUrl->text;
    next.method = step->method;
    if (!step->keepBody) {
        next.body = {};
        model::removeHeader(next.headers, "Content-Type");
        model::removeHeader(next.headers, "Content-Length");
    }
    // The API key in the query was already in the first URL; credentials never follow a
    // redirect to another origin (curl's rule).
    if (next.auth.location == model::Auth::Location::query ||
        shouldDropAuthorization(req.url, *targetUrl))
        next.auth = {};
    if (shouldDropAuthorization(req.url, *targetUrl)) {
        model::removeHeader(next.headers, "Authorization");
        model::removeHeader(next.headers, "Cookie");
    }
    op->request = std::move(next);
    startHop(op);
}

net::awaitable<Error> Client::Impl::connect(std::shared_ptr<Operation> op,
                                            std::shared_ptr<Connection> conn,
                                            const PreparedRequest& req,
                                            const std::optional<ProxyChoice>& proxy,
                                            model::Timings& timings) {
    const auto& settings = op->request.settings;
    const ParsedUrl& peer = proxy ? proxy->proxy : req.url;
    const std::string where = endpointText(peer);
    const auto timeoutMs = settings.connectTimeoutMs;

    // One deadline covers DNS, TCP, the proxy tunnel and TLS. DNS cannot be interrupted,
    // so when the deadline fires the request ends at once and the lookup is abandoned.
    auto deadline = std::make_shared<ConnectDeadline>();
    net::steady_timer timer(conn->executor);
    if (timeoutMs) {
        timer.expires_after(milliseconds(timeoutMs));
        timer.async_wait(
            [self = shared_from_this(), op, conn, deadline, where, timeoutMs](error_code ec) {
                if (ec || !deadline->active)
                    return;
                deadline->fired = true;
                self->finish(op, {},
                             makeError(ErrorKind::timeout, "connect timeout: no connection to " +
                                                               where + " within " +
                                                               std::to_string(timeoutMs) + " ms"));
                error_code ignored;
                conn->resolver.cancel();
                conn->lowest().socket().close(ignored);
            });
    }
    auto endDeadline = [&] {
        deadline->active = false;
        timer.cancel();
    };

    auto t0 = engine.clock().now();
    const std::string port = std::to_string(peer.port);
    auto [resolveError, endpoints] =
        co_await conn->resolver.async_resolve(peer.host, port, asTuple);
    auto t1 = engine.clock().now();
    timings.dnsMs = msBetween(t0, t1);
    if (op->finished || deadline->fired) {
        endDeadline();
        co_return makeError(ErrorKind::cancelled, "request cancelled");
    }
    if (resolveError) {
        endDeadline();
        co_return makeError(ErrorKind::dns, "could not resolve host '" + peer.host +
                                                "': " + resolveError.message());
    }
    auto [connectError, endpoint] = co_await conn->tcp.async_connect(endpoints, asTuple);
    auto t2 = engine.clock().now();
    timings.connectMs = msBetween(t1, t2);
    if (connectError || op->finished) {
        endDeadline();
        if (deadline->fired || op->finished)
            co_return makeError(ErrorKind::cancelled, "request cancelled");
        co_return makeError(ErrorKind::connect,
                            "connect to " + where + " failed: " + connectError.message());
    }
    conn->tcp.socket().set_option(Tcp::no_delay(true));
    conn->remoteAddress = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());

    Error error;
    if (proxy && req.url.tls())
        error = co_await openTunnel(*conn, req, *proxy, timeoutMs);
    if (!error && req.url.tls()) {
        error = co_await handshake(*conn, req, settings);
        timings.tlsMs = msBetween(t2, engine.clock().now());
    }
    endDeadline();
    if (deadline->fired)
        co_return makeError(ErrorKind::cancelled, "request cancelled");
    co_return error;
}

net::awaitable<Error> Client::Impl::openTunnel(Connection& conn, const PreparedRequest& req,
                                               const ProxyChoice& proxy, std::uint32_t timeoutMs) {
    const std::string target = endpointText(req.url);
    const std::string where = endpointText(proxy.proxy);
    bhttp::request<bhttp::empty_body> connectRequest{bhttp::verb::connect, target, 11};
    connectRequest.set(bhttp::field::host, target);
    connectRequest.set(bhttp::field::user_agent, "quiver/0.1");
    if (!proxy.authorization.empty())
        connectRequest.set(bhttp::field::proxy_authorization, proxy.authorization);
    auto [writeError, written] = co_await bhttp::async_write(conn.tcp, connectRequest, asTuple);
    if (writeError)
        co_return makeError(ErrorKind::connect,
                            "proxy " + where + " failed during CONNECT: " + writeError.message());
    bhttp::response_parser<bhttp::empty_body> parser;
    parser.skip(true); // a CONNECT response has no body: the tunnel follows
    auto [readError, read] =
        co_await bhttp::async_read_header(conn.tcp, conn.buffer, parser, asTuple);
    if (readError)
        co_return makeError(ErrorKind::connect,
                            "proxy " + where + " failed during CONNECT: " + readError.message());
    const auto& head = parser.get();
    if (head.result_int() / 100 != 2)
        co_return makeError(ErrorKind::connect, "proxy " + where + " refused CONNECT to " + target +
                                                    ": " + std::to_string(head.result_int()) + " " +
                                                    std::string(head.reason()));
    (void)timeoutMs;
    co_return Error{};
}

net::awaitable<Error> Client::Impl::handshake(Connection& conn, const PreparedRequest& req,
                                              const model::RequestSettings& settings) {
    const std::string where = endpointText(req.url);
    TlsSettings tlsSettings{settings.insecure, settings.caFile, settings.clientCertFile,
                            settings.clientKeyFile};
    auto sslContext = tlsContexts.get(tlsSettings);
    if (!sslContext)
        co_return sslContext.error();
    SSL_CTX_up_ref(sslContext->get()); // net::ssl::context takes ownership of one reference
    conn.sslContext = std::make_unique<net::ssl::context>(sslContext->get());
    conn.tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(conn.tcp),
                                                                      *conn.sslContext);
    if (Error e = configureClientSsl(conn.tls->native_handle(), req.url.host, settings.insecure))
        co_return e;
    auto [ec] = co_await conn.tls->async_handshake(net::ssl::stream_base::client, asTuple);
    if (ec) {
        std::string reason = verifyFailureReason(conn.tls->native_handle());
        if (reason.empty())
            reason = ec.message();
        co_return makeError(ErrorKind::tls, "TLS handshake with " + where + " failed: " + reason);
    }
    conn.tlsInfo = describeSession(conn.tls->native_handle(), req.url.host);
    co_return Error{};
}

template <class Stream>
net::awaitable<Error> Client::Impl::writeBody(Stream& stream, Connection& conn,
                                              const PreparedRequest& req, std::uint32_t timeoutMs,
                                              std::uint64_t& sent) {
    std::vector<char> chunk;
    for (const auto& segment : req.body.segments) {
        if (segment.filePath.empty()) {
            if (timeoutMs)
                conn.lowest().expires_after(milliseconds(timeoutMs));
            auto [ec, n] = co_await net::async_write(stream, net::buffer(segment.bytes), asTuple);
            sent += n;
            if (ec)
                co_return makeError(ErrorKind::io, "sending the body to " + endpointText(req.url) +
                                                       " failed: " + ec.message());
            continue;
        }
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
            std::fopen(segment.filePath.c_str(), "rb"), &std::fclose);
        if (!file)
            co_return makeError(ErrorKind::io,
                                "cannot read '" + segment.filePath + "': " + std::strerror(errno));
        chunk.resize(kChunkSize);
        std::uint64_t left = segment.fileSize;
        while (left > 0) {
            const std::size_t want =
                static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunkSize));
            const std::size_t got = std::fread(chunk.data(), 1, want, file.get());
            if (got == 0)
                co_return makeError(ErrorKind::io, "'" + segment.filePath +
                                                       "' became shorter while it was being sent");
            if (timeoutMs)
                conn.lowest().expires_after(milliseconds(timeoutMs));
            auto [ec, n] =
                co_await net::async_write(stream, net::buffer(chunk.data(), got), asTuple);
            sent += n;
            if (ec)
                co_return makeError(ErrorKind::io, "sending '" + segment.filePath + "' to " +
                                                       endpointText(req.url) +
                                                       " failed: " + ec.message());
            left -= got;
        }
    }
    co_return Error{};
}

template <class Stream>
net::awaitable<ExchangeResult> Client::Impl::exchange(Stream& stream, std::shared_ptr<Operation> op,
                                                      Connection& conn, const PreparedRequest& req,
                                                      bool absoluteForm, bool reused,
                                                      model::Response& response) {
    const auto& settings = op->request.settings;
    const auto readMs = settings.readTimeoutMs;
    auto renew = [&] {
        if (readMs)
            conn.lowest().expires_after(milliseconds(readMs));
        else
            conn.lowest().expires_never();
    };
    ExchangeResult result;
    auto& t = response.timings;
    auto t0 = engine.clock().now();

    bhttp::request<bhttp::empty_body> head;
    head.version(11);
    head.method_string(req.method);
    head.target(absoluteForm ? req.url.text : req.url.target);
    head.set(bhttp::field::host, req.url.hostHeader());
    for (const auto& h : req.headers)
        head.insert(h.name, h.value);
    const bool bodyExpected = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (req.hasBody || bodyExpected)
        head.set(bhttp::field::content_length, std::to_string(req.body.length));
    if (absoluteForm) {
        // Only the proxy chosen for plain HTTP sees the request line and its credentials.
        auto proxy = chooseProxy(req.url, settings, defaultEnv());
        if (proxy && !proxy->authorization.empty())
            head.set(bhttp::field::proxy_authorization, proxy->authorization);
    }
    bhttp::request_serializer<bhttp::empty_body> serializer(head);
    renew();
    auto [writeError, headerBytes] = co_await bhttp::async_write(stream, serializer, asTuple);
    response.bytesSent = headerBytes;
    if (writeError) {
        result.retryable = isStaleConnectionError(writeError);
        result.error = makeError(ErrorKind::io, "sending the request to " + endpointText(req.url) +
                                                    " failed: " + writeError.message());
        co_return result;
    }
    if (Error e = co_await writeBody(stream, conn, req, readMs, response.bytesSent)) {
        result.error = e;
        co_return result;
    }
    auto t1 = engine.clock().now();
    t.sendMs = msBetween(t0, t1);

    if (conn.buffer.size() == 0) {
        renew();
        auto space = conn.buffer.prepare(16 * 1024);
        auto [ec, n] = co_await stream.async_read_some(space, asTuple);
        conn.buffer.commit(n);
        if (ec) {
            result.retryable = reused && isStaleConnectionError(ec);
            result.error = readError(ec, req.url, readMs, settings.maxBodyBytes);
            co_return result;
        }
    }
    auto t2 = engine.clock().now();
    t.ttfbMs = msBetween(t1, t2);

    std::optional<bhttp::response_parser<bhttp::buffer_body>> parser;
    for (;;) {
        parser.emplace();
        parser->header_limit(64 * 1024);
        parser->body_limit(settings.maxBodyBytes ? settings.maxBodyBytes
                                                 : std::numeric_limits<std::uint64_t>::max());
        if (req.method == "HEAD")
            parser->skip(true);
        renew();
        auto [ec, n] = co_await bhttp::async_read_header(stream, conn.buffer, *parser, asTuple);
        response.bytesReceived += n;
        if (ec) {
            result.error = readError(ec, req.url, readMs, settings.maxBodyBytes);
            co_return result;
        }
        const int status = parser->get().result_int();
        if (status < 100 || status >= 200 || status == 101)
            break; // interim 1xx responses are skipped
    }
    const auto& message = parser->get();
    response.status = message.result_int();
    response.reason = std::string(message.reason());
    response.version = static_cast<int>(message.version());
    for (const auto& field : message)
        response.headers.push_back(
            {std::string(field.name_string()), std::string(field.value()), true});
    response.remoteAddress = conn.remoteAddress;
    response.tls = conn.tlsInfo;

    auto length = parser->content_length();
    BodyCollector body(settings, length ? std::optional<std::uint64_t>(*length) : std::nullopt,
                       model::findHeader(response.headers, "Content-Encoding").value_or(""),
                       "quiver-body-" + engine.random().token(12),
                       [this, id = op->id](std::uint64_t received, std::uint64_t total) {
                           ctx.sink->post(HttpProgressEvent{id, received, total});
                       });
    std::vector<char> chunk(parser->is_done() ? 0 : kChunkSize);
    while (!parser->is_done()) {
        parser->get().body().data = chunk.data();
        parser->get().body().size = chunk.size();
        renew();
        auto [ec, n] = co_await bhttp::async_read_some(stream, conn.buffer, *parser, asTuple);
        response.bytesReceived += n;
        if (ec == bhttp::error::need_buffer)
            ec = {};
        const std::size_t got = chunk.size() - parser->get().body().size;
        if (got) {
            if (Error e = body.write(std::string_view(chunk.data(), got))) {
                result.error = e;
                co_return result;
            }
        }
        if (ec) {
            result.error = readError(ec, req.url, readMs, settings.maxBodyBytes);
            co_return result;
        }
        if (op->finished)
            co_return result;
    }
    if (Error e = body.finish(response)) {
        result.error = e;
        co_return result;
    }
    t.downloadMs = msBetween(t2, engine.clock().now());
    conn.lowest().expires_never();
    result.reusable = parser->keep_alive();
    co_return result;
}

Client::Client(Engine& engine, ClientOptions options)
    : m_impl(std::make_shared<Impl>(engine, options)) {}

Client::~Client() {
    cancelAll();
    m_impl->pool.closeIdle();
}

OperationId Client::send(model::Request request) {
    return m_impl->send(std::move(request));
}

void Client::cancel(OperationId id) {
    std::shared_ptr<Operation> op;
    {
        std::lock_guard lock(m_impl->mutex);
        auto it = m_impl->operations.find(id);
        if (it == m_impl->operations.end())
            return;
        op = it->second;
    }
    m_impl->interrupt(op, makeError(ErrorKind::cancelled, "request cancelled"));
}

void Client::cancelAll() {
    std::vector<OperationId> ids;
    {
        std::lock_guard lock(m_impl->mutex);
        for (const auto& [id, op] : m_impl->operations)
            ids.push_back(id);
    }
    for (auto id : ids)
        cancel(id);
}

CookieJar& Client::cookies() {
    return m_impl->jar;
}
std::size_t Client::idleConnections() const {
    return m_impl->pool.idleCount();
}

} // namespace quiver::core::http
