#include "http/connection.h"

#include "http/connection_pool.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
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
constexpr std::uint32_t kHeaderLimit = 64 * 1024;

double msBetween(Clock::SteadyPoint a, Clock::SteadyPoint b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

Error writeError(const error_code& ec, const std::string& what, const ParsedUrl& url,
                 const model::RequestSettings& s) {
    if (ec == beast::error::timeout)
        return makeError(ErrorKind::timeout, "write timeout: " + endpointText(url) +
                                                 " took no data for " +
                                                 std::to_string(s.readTimeoutMs) + " ms");
    return makeError(ErrorKind::io,
                     "sending " + what + " to " + endpointText(url) + " failed: " + ec.message());
}

Error readError(const error_code& ec, const ParsedUrl& url, const model::RequestSettings& s) {
    const std::string where = endpointText(url);
    if (ec == beast::error::timeout)
        return makeError(ErrorKind::timeout, "read timeout: no data from " + where + " for " +
                                                 std::to_string(s.readTimeoutMs) + " ms");
    if (ec == bhttp::error::body_limit)
        return makeError(ErrorKind::limit, "response body from " + where +
                                               " exceeds the limit of " +
                                               std::to_string(s.maxBodyBytes) + " bytes");
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

void renewDeadline(Connection& conn, std::uint32_t ms) {
    if (ms)
        conn.lowest().expires_after(milliseconds(ms));
    else
        conn.lowest().expires_never();
}

net::awaitable<Error> openTunnel(Connection& conn, const PreparedRequest& req,
                                 const ProxyChoice& proxy) {
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
    co_return Error{};
}

net::awaitable<Error> handshake(Connection& conn, const PreparedRequest& req,
                                const model::RequestSettings& settings,
                                TlsContextCache& tlsContexts) {
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
        co_return makeError(ErrorKind::tls,
                            "TLS handshake with " + endpointText(req.url) + " failed: " + reason);
    }
    conn.tlsInfo = describeSession(conn.tls->native_handle(), req.url.host);
    co_return Error{};
}

bhttp::request<bhttp::empty_body> requestHead(const PreparedRequest& req,
                                              const ExchangeOptions& options) {
    bhttp::request<bhttp::empty_body> head;
    head.version(11);
    head.method_string(req.method);
    // Through a proxy the request line names the origin, never the credentials or fragment.
    head.target(options.absoluteForm
                    ? req.url.scheme + "://" + req.url.hostHeader() + req.url.target
                    : req.url.target);
    for (const auto& h : req.headers)
        head.insert(h.name, h.value);
    if (head.find(bhttp::field::host) == head.end()) // a Host the user set wins, as in curl
        head.set(bhttp::field::host, req.url.hostHeader());
    const bool bodyExpected = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (req.hasBody || bodyExpected)
        head.set(bhttp::field::content_length, std::to_string(req.body.length));
    // Only the proxy chosen for plain HTTP sees the request line and its credentials.
    if (options.absoluteForm && !options.proxyAuthorization.empty())
        head.set(bhttp::field::proxy_authorization, options.proxyAuthorization);
    return head;
}

template <class Stream>
net::awaitable<Error> writeBody(Stream& stream, Connection& conn, const PreparedRequest& req,
                                const model::RequestSettings& settings, std::uint64_t& sent) {
    const std::uint32_t timeoutMs = settings.readTimeoutMs;
    std::vector<char> chunk;
    for (const auto& segment : req.body.segments) {
        if (segment.filePath.empty()) {
            renewDeadline(conn, timeoutMs);
            auto [ec, n] = co_await net::async_write(stream, net::buffer(segment.bytes), asTuple);
            sent += n;
            if (ec)
                co_return writeError(ec, "the body", req.url, settings);
            continue;
        }
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
            std::fopen(segment.filePath.c_str(), "rb"), &std::fclose);
        if (!file)
            co_return makeError(ErrorKind::io,
                                "cannot read '" + segment.filePath + "': " + std::strerror(errno));
        chunk.resize(kChunkSize);
        for (std::uint64_t left = segment.fileSize; left > 0;) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunkSize));
            const std::size_t got = std::fread(chunk.data(), 1, want, file.get());
            if (got == 0)
                co_return makeError(ErrorKind::io, "'" + segment.filePath +
                                                       "' became shorter while it was being sent");
            renewDeadline(conn, timeoutMs);
            auto [ec, n] =
                co_await net::async_write(stream, net::buffer(chunk.data(), got), asTuple);
            sent += n;
            if (ec)
                co_return writeError(ec, "'" + segment.filePath + "'", req.url, settings);
            left -= got;
        }
    }
    co_return Error{};
}

template <class Stream>
net::awaitable<ExchangeResult>
writeRequest(Stream& stream, Connection& conn, const PreparedRequest& req,
             const ExchangeOptions& options, model::Response& response) {
    ExchangeResult result;
    auto head = requestHead(req, options);
    bhttp::request_serializer<bhttp::empty_body> serializer(head);
    renewDeadline(conn, options.settings.readTimeoutMs);
    auto [ec, headerBytes] = co_await bhttp::async_write(stream, serializer, asTuple);
    response.bytesSent = headerBytes;
    if (ec) {
        result.retryable = isStaleConnectionError(ec);
        result.error = writeError(ec, "the request", req.url, options.settings);
        co_return result;
    }
    auto body = writeBody(stream, conn, req, options.settings, response.bytesSent);
    result.error = co_await std::move(body);
    co_return result;
}

using Parser = bhttp::response_parser<bhttp::buffer_body>;

// Reads up to the end of the final (non-1xx) response head; the first read marks TTFB.
template <class Stream>
net::awaitable<ExchangeResult> readHead(Stream& stream, Connection& conn,
                                        const PreparedRequest& req, const ExchangeOptions& options,
                                        std::optional<Parser>& parser, model::Response& response) {
    ExchangeResult result;
    const auto& settings = options.settings;
    if (conn.buffer.size() == 0) {
        renewDeadline(conn, settings.readTimeoutMs);
        auto space = conn.buffer.prepare(16 * 1024);
        auto [ec, n] = co_await stream.async_read_some(space, asTuple);
        conn.buffer.commit(n);
        if (ec) {
            result.retryable = options.reused && isStaleConnectionError(ec);
            result.error = readError(ec, req.url, settings);
            co_return result;
        }
    }
    for (;;) {
        parser.emplace();
        parser->header_limit(kHeaderLimit);
        parser->body_limit(settings.maxBodyBytes ? settings.maxBodyBytes
                                                 : std::numeric_limits<std::uint64_t>::max());
        if (req.method == "HEAD")
            parser->skip(true);
        renewDeadline(conn, settings.readTimeoutMs);
        auto [ec, n] = co_await bhttp::async_read_header(stream, conn.buffer, *parser, asTuple);
        response.bytesReceived += n;
        if (ec) {
            result.error = readError(ec, req.url, settings);
            co_return result;
        }
        const int status = parser->get().result_int();
        if (status < 100 || status >= 200 || status == 101)
            co_return result; // interim 1xx responses are skipped
    }
}

template <class Stream>
net::awaitable<Error> readBody(Stream& stream, Connection& conn, const PreparedRequest& req,
                               const ExchangeOptions& options, Parser& parser,
                               model::Response& response) {
    const auto& settings = options.settings;
    // A skipped body (HEAD, 204, 304) may still announce a length: none of it will come.
    auto length = parser.is_done() ? boost::optional<std::uint64_t>(0) : parser.content_length();
    BodyCollector body(settings, length ? std::optional<std::uint64_t>(*length) : std::nullopt,
                       model::findHeader(response.headers, "Content-Encoding").value_or(""),
                       options.tempName, options.progress);
    std::vector<char> chunk(parser.is_done() ? 0 : kChunkSize);
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        renewDeadline(conn, settings.readTimeoutMs);
        auto [ec, n] = co_await bhttp::async_read_some(stream, conn.buffer, parser, asTuple);
        response.bytesReceived += n;
        if (ec == bhttp::error::need_buffer)
            ec = {};
        const std::size_t got = chunk.size() - parser.get().body().size;
        if (got)
            if (Error e = body.write(std::string_view(chunk.data(), got)))
                co_return e;
        if (ec)
            co_return readError(ec, req.url, settings);
        if (options.stopped())
            co_return makeError(ErrorKind::cancelled, "request cancelled");
    }
    Error finished = body.finish(response);
    co_return finished;
}

template <class Stream>
net::awaitable<ExchangeResult>
exchangeOn(Stream& stream, Connection& conn, const PreparedRequest& req,
           const ExchangeOptions& options, model::Response& response) {
    auto& t = response.timings;
    const auto t0 = options.clock.now();
    ExchangeResult result;
    result = co_await writeRequest(stream, conn, req, options, response);
    if (result.error)
        co_return result;
    const auto t1 = options.clock.now();
    t.sendMs = msBetween(t0, t1);

    std::optional<Parser> parser;
    result = co_await readHead(stream, conn, req, options, parser, response);
    if (result.error)
        co_return result;
    const auto t2 = options.clock.now();
    t.ttfbMs = msBetween(t1, t2);

    const auto& message = parser->get();
    response.status = message.result_int();
    response.reason = std::string(message.reason());
    response.version = static_cast<int>(message.version());
    for (const auto& field : message)
        response.headers.push_back(
            {std::string(field.name_string()), std::string(field.value()), true});
    response.remoteAddress = conn.remoteAddress;
    response.tls = conn.tlsInfo;

    result.error = co_await readBody(stream, conn, req, options, *parser, response);
    if (result.error)
        co_return result;
    t.downloadMs = msBetween(t2, options.clock.now());
    conn.lowest().expires_never();
    // After 101 the connection speaks another protocol: never back to the pool.
    result.reusable = parser->keep_alive() && response.status != 101;
    co_return result;
}

} // namespace

std::string endpointText(const ParsedUrl& url) {
    return (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) + ":" +
           std::to_string(url.port);
}

bool connectionLooksAlive(Connection& connection) {
    if (connection.buffer.size() != 0)
        return false; // unsolicited bytes: the stream is out of step
    char byte;
    const int fd = connection.lowest().socket().native_handle();
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void Connection::abort() {
    error_code ignored;
    resolver.cancel();
    lowest().socket().cancel(ignored);
    lowest().socket().shutdown(Tcp::socket::shutdown_both, ignored);
}

net::awaitable<Error> openConnection(Connection& conn, const PreparedRequest& req,
                                     const std::optional<ProxyChoice>& proxy,
                                     const model::RequestSettings& settings, const Clock& clock,
                                     TlsContextCache& tlsContexts, std::function<bool()> stopped,
                                     model::Timings& timings) {
    const ParsedUrl& peer = proxy ? proxy->proxy : req.url;
    const std::string where = endpointText(peer);
    const auto cancelled = makeError(ErrorKind::cancelled, "request cancelled");

    const auto t0 = clock.now();
    const std::string port = std::to_string(peer.port);
    auto [resolveError, endpoints] = co_await conn.resolver.async_resolve(peer.host, port, asTuple);
    const auto t1 = clock.now();
    timings.dnsMs = msBetween(t0, t1);
    if (stopped())
        co_return cancelled;
    if (resolveError)
        co_return makeError(ErrorKind::dns, "could not resolve host '" + peer.host +
                                                "': " + resolveError.message());
    auto [connectError, endpoint] = co_await conn.tcp.async_connect(endpoints, asTuple);
    const auto t2 = clock.now();
    timings.connectMs = msBetween(t1, t2);
    if (stopped())
        co_return cancelled;
    if (connectError)
        co_return makeError(ErrorKind::connect,
                            "connect to " + where + " failed: " + connectError.message());
    error_code ignored;
    conn.tcp.socket().set_option(Tcp::no_delay(true), ignored);
    conn.remoteAddress = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());

    if (proxy && req.url.tls()) {
        Error e = co_await openTunnel(conn, req, *proxy);
        if (e)
            co_return e;
    }
    if (req.url.tls()) {
        if (stopped())
            co_return cancelled;
        Error e = co_await handshake(conn, req, settings, tlsContexts);
        timings.tlsMs = msBetween(t2, clock.now());
        if (e)
            co_return e;
    }
    co_return stopped() ? cancelled : Error{};
}

net::awaitable<ExchangeResult> exchange(Connection& conn, const PreparedRequest& req,
                                        const ExchangeOptions& options, model::Response& response) {
    ExchangeResult result;
    if (conn.tls)
        result = co_await exchangeOn(*conn.tls, conn, req, options, response);
    else
        result = co_await exchangeOn(conn.tcp, conn, req, options, response);
    co_return result;
}

} // namespace quiver::core::http
