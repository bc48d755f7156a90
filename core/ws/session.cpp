// The WebSocket client session on Beast. The only file of core/ws that includes Asio or Beast.
#include "ws/session.h"

#include "engine/engine_context.h"
#include "http/tls_context.h"
#include "http/url.h"
#include "model/text.h"
#include "ws/handshake_checks.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <mutex>
#include <optional>
#include <type_traits>

namespace quiver::core::ws {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Strand = net::strand<net::io_context::executor_type>;
using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
using std::chrono::milliseconds;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);

// Loading the system store costs milliseconds: one cache for every session of the process.
http::TlsContextCache& tlsContexts() {
    static http::TlsContextCache cache;
    return cache;
}

struct Outgoing {
    Opcode opcode = Opcode::text;
    std::shared_ptr<const std::string> payload;
    std::uint16_t closeCode = 0;
};

// One connection attempt. Coroutines hold it by shared_ptr, so a reconnect can start a fresh
// one while the operations of the old one are still unwinding.
struct Conn {
    explicit Conn(const Strand& strand)
        : resolver(strand), connectTimer(strand), pingTimer(strand) {}

    beast::tcp_stream& lowest() {
        return tls ? beast::get_lowest_layer(*tls) : beast::get_lowest_layer(*plain);
    }
    // Stops everything pending on this attempt; the coroutines see done and end quietly.
    void abortIo() {
        error_code ignored;
        resolver.cancel();
        connectTimer.cancel();
        pingTimer.cancel();
        lowest().socket().close(ignored);
    }

    Tcp::resolver resolver;
    net::steady_timer connectTimer;
    net::steady_timer pingTimer;
    std::unique_ptr<net::ssl::context> sslContext;
    std::unique_ptr<PlainWs> plain;
    std::unique_ptr<TlsWs> tls;
    bool open = false;
    bool done = false;
    bool timedOut = false;
    bool writing = false;
    bool closeSent = false;     // our close frame is being written: async_close ends the session
    bool closeReceived = false; // the peer's close frame arrived
};

class NullObserver final : public SessionObserver {
public:
    void onState(const StateChange&) override {}
    void onMessage(const Message&) override {}
};

std::string headerValue(const websocket::response_type& res, bhttp::field field) {
    const auto value = res[field];
    return std::string(model::trim(std::string_view(value.data(), value.size())));
}

bool deflateNegotiated(const websocket::response_type& res) {
    return model::toLower(headerValue(res, bhttp::field::sec_websocket_extensions))
               .find("permessage-deflate") != std::string::npos;
}

std::string endpointText(const http::ParsedUrl& url) {
    return url.host + ":" + std::to_string(url.port);
}

} // namespace

class SessionImpl;

// Destroying the io_context (Engine's destructor) must also free the sockets, timers and strand
// of sessions whose handles are still held: afterwards their services are gone. Asio calls
// shutdown() while every service still exists, so that is where sessions let go of them.
class SessionRegistry final : public net::execution_context::service {
public:
    static net::execution_context::id id;
    explicit SessionRegistry(net::execution_context& ctx) : service(ctx) {}
    void add(std::weak_ptr<SessionImpl> session) {
        std::lock_guard lock(m_mutex);
        std::erase_if(m_sessions, [](const auto& w) { return w.expired(); });
        m_sessions.push_back(std::move(session));
    }

private:
    void shutdown() override;

    std::mutex m_mutex;
    std::vector<std::weak_ptr<SessionImpl>> m_sessions;
};

net::execution_context::id SessionRegistry::id;

class SessionImpl : public std::enable_shared_from_this<SessionImpl> {
public:
    SessionImpl(Engine& engine, SessionOptions options, std::shared_ptr<SessionObserver> observer)
        : m_clock(engine.context().clock), m_random(engine.context().random),
          m_options(std::move(options)), m_observer(std::move(observer)) {
        m_strand.emplace(net::make_strand(engine.context().io));
        m_reconnectTimer = std::make_unique<net::steady_timer>(*m_strand);
    }

    // Runs f on the strand; a no-op once the engine is gone.
    template <class F> void post(F f) {
        std::lock_guard lock(m_ioMutex);
        if (!m_strand)
            return;
        net::post(*m_strand, [self = shared_from_this(), f = std::move(f)]() mutable { f(*self); });
    }

    void releaseIo() {
        std::lock_guard lock(m_ioMutex);
        m_conn.reset();
        m_queue.clear();
        m_reconnectTimer.reset();
        m_strand.reset();
    }

    State state() const { return m_state.load(); }

    void connectNow();
    void sendNow(Outgoing item);
    void closeNow(std::uint16_t code, std::string reason);
    void abortNow();

private:
    void startAttempt();
    Error prepare(const std::shared_ptr<Conn>& conn);
    template <class Ws>
    net::awaitable<void> run(std::shared_ptr<SessionImpl> self, std::shared_ptr<Conn> conn, Ws& ws);
    template <class Ws>
    net::awaitable<Error> open(std::shared_ptr<Conn> conn, Ws& ws, websocket::response_type& res);
    template <class Ws> void configure(Ws& ws, Conn& conn);
    template <class Ws> net::awaitable<void> readLoop(std::shared_ptr<Conn> conn, Ws& ws);
    template <class Ws>
    net::awaitable<void> writeLoop([[maybe_unused]] std::shared_ptr<SessionImpl> self,
                                   std::shared_ptr<Conn> conn, Ws& ws);
    template <class Ws> net::awaitable<error_code> writeOne(Ws& ws, const Outgoing& item);
    net::awaitable<void> pingLoop([[maybe_unused]] std::shared_ptr<SessionImpl> self,
                                  std::shared_ptr<Conn> conn);

    void onOpen(const std::shared_ptr<Conn>& conn, const websocket::response_type& res);
    void onReadEnd(const std::shared_ptr<Conn>& conn, const error_code& ec,
                   const websocket::close_reason& reason);
    void startWriting();
    void finishClose(const std::shared_ptr<Conn>& conn, const error_code& ec);
    Error interruption(const Conn& conn) const;
    void finish(const std::shared_ptr<Conn>& conn, StateChange change);
    void maybeReconnect();
    void report(StateChange change);
    void emitMessage(Direction direction, Opcode opcode, std::shared_ptr<const std::string> payload,
                     std::uint16_t closeCode = 0);

    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<Random> m_random;
    SessionOptions m_options;
    std::shared_ptr<SessionObserver> m_observer;
    std::atomic<State> m_state{State::closed};

    std::mutex m_ioMutex; // guards m_strand against releaseIo(); everything else is strand-only
    std::optional<Strand> m_strand;
    std::unique_ptr<net::steady_timer> m_reconnectTimer;
    std::shared_ptr<Conn> m_conn;
    std::deque<Outgoing> m_queue;
    http::ParsedUrl m_url;
    bool m_userClosing = false; // close() was called: no reconnect, the close frame is queued
    bool m_stopped = false;     // abort() was called
    std::uint16_t m_closeCode = 1000;
    std::string m_closeReason;
    std::uint32_t m_attempt = 0; // consecutive reconnect attempts
    std::uint64_t m_reconnectSerial = 0;
};

void SessionRegistry::shutdown() {
    std::vector<std::weak_ptr<SessionImpl>> sessions;
    {
        std::lock_guard lock(m_mutex);
        sessions.swap(m_sessions);
    }
    for (auto& weak : sessions)
        if (auto session = weak.lock())
            session->releaseIo();
}

void SessionImpl::report(StateChange change) {
    m_state = change.state;
    m_observer->onState(change);
}

void SessionImpl::emitMessage(Direction direction, Opcode opcode,
                              std::shared_ptr<const std::string> payload, std::uint16_t closeCode) {
    Message message;
    message.direction = direction;
    message.opcode = opcode;
    message.payload = payload ? std::move(payload) : std::make_shared<const std::string>();
    message.time = m_clock->wallNow();
    message.closeCode = closeCode;
    m_observer->onMessage(message);
}

void SessionImpl::connectNow() {
    if (m_conn && !m_conn->done)
        return; // already connecting or open
    ++m_reconnectSerial;
    m_reconnectTimer->cancel();
    m_userClosing = false;
    m_stopped = false;
    m_attempt = 0;
    startAttempt();
}

Error SessionImpl::prepare(const std::shared_ptr<Conn>& conn) {
    auto url = http::parseUrl(m_options.url);
    if (!url)
        return url.error();
    if (url->scheme == "http")
        url->scheme = "ws";
    else if (url->scheme == "https")
        url->scheme = "wss";
    if (url->scheme != "ws" && url->scheme != "wss")
        return makeError(ErrorKind::protocol,
                         "'" + m_options.url + "' is not a WebSocket URL (ws:// or wss://)");
    if (Error e = checkHeaders(m_options.headers))
        return e;
    m_url = std::move(url.value());
    if (!m_url.tls()) {
        conn->plain = std::make_unique<PlainWs>(*m_strand);
        return {};
    }
    auto context = tlsContexts().get(http::TlsSettings{m_options.insecure, m_options.caFile});
    if (!context)
        return context.error();
    SSL_CTX_up_ref(context->get()); // net::ssl::context takes ownership of one reference
    conn->sslContext = std::make_unique<net::ssl::context>(context->get());
    conn->tls = std::make_unique<TlsWs>(*m_strand, *conn->sslContext);
    return http::configureClientSsl(conn->tls->next_layer().native_handle(), m_url.host,
                                    m_options.insecure);
}

void SessionImpl::startAttempt() {
    auto conn = std::make_shared<Conn>(*m_strand);
    m_conn = conn;
    StateChange connecting;
    connecting.state = State::connecting;
    report(connecting);
    if (Error e = prepare(conn)) {
        if (!conn->plain && !conn->tls)
            conn->plain = std::make_unique<PlainWs>(*m_strand); // abortIo needs a socket
        StateChange failed;
        failed.error = std::move(e);
        finish(conn, std::move(failed));
        return;
    }
    auto self = shared_from_this();
    if (conn->tls)
        net::co_spawn(*m_strand, run(self, conn, *conn->tls), net::detached);
    else
        net::co_spawn(*m_strand, run(self, conn, *conn->plain), net::detached);
}

Error SessionImpl::interruption(const Conn& conn) const {
    if (conn.timedOut)
        return makeError(ErrorKind::timeout,
                         "connecting to " + endpointText(m_url) + " took longer than " +
                             std::to_string(m_options.connectTimeoutMs) + " ms");
    return {};
}

template <class Ws> void SessionImpl::configure(Ws& ws, Conn& conn) {
    websocket::stream_base::timeout timeout{};
    // Also bounds our close handshake; with no connect limit (0), a silent peer still cannot
    // hold a close open for more than 30 s.
    timeout.handshake_timeout =
        milliseconds(m_options.connectTimeoutMs ? m_options.connectTimeoutMs : 30'000);
    timeout.idle_timeout = websocket::stream_base::none();
    timeout.keep_alive_pings = false;
    ws.set_option(timeout);
    websocket::permessage_deflate deflate;
    deflate.client_enable = m_options.deflate;
    ws.set_option(deflate);
    ws.read_message_max(m_options.maxMessageBytes);
    ws.auto_fragment(false);
    ws.set_option(websocket::stream_base::decorator(
        [headers = m_options.headers,
         protocols = m_options.subprotocols](websocket::request_type& req) {
            req.set(bhttp::field::user_agent, "quiver/0.1");
            for (const auto& h : headers) {
                if (!h.enabled)
                    continue;
                if (model::iequals(h.name, "User-Agent"))
                    req.set(bhttp::field::user_agent, h.value);
                else
                    req.insert(h.name, h.value);
            }
            std::string offered;
            for (const auto& p : protocols)
                offered += (offered.empty() ? "" : ", ") + p;
            if (!offered.empty())
                req.set(bhttp::field::sec_websocket_protocol, offered);
        }));
    // Control frames are shown in the console like messages. Runs inside our reads, on the
    // strand, while the coroutine that owns this session is alive.
    ws.control_callback([this, &ws, &conn](websocket::frame_type kind, beast::string_view payload) {
        auto text = std::make_shared<const std::string>(payload);
        if (kind == websocket::frame_type::ping)
            emitMessage(Direction::received, Opcode::ping, std::move(text));
        else if (kind == websocket::frame_type::pong)
            emitMessage(Direction::received, Opcode::pong, std::move(text));
        else {
            conn.closeReceived = true;
            emitMessage(Direction::received, Opcode::close, std::move(text),
                        static_cast<std::uint16_t>(ws.reason().code));
        }
    });
}

template <class Ws>
net::awaitable<Error> SessionImpl::open(std::shared_ptr<Conn> conn, Ws& ws,
                                        websocket::response_type& res) {
    const std::string where = endpointText(m_url);
    // One deadline over DNS, TCP, TLS and the handshake. DNS cannot be interrupted; the
    // timer answers for it from outside.
    if (m_options.connectTimeoutMs) { // 0 = no limit
        conn->connectTimer.expires_after(milliseconds(m_options.connectTimeoutMs));
        conn->connectTimer.async_wait([conn](const error_code& ec) {
            if (ec || conn->open || conn->done)
                return;
            conn->timedOut = true;
            conn->abortIo();
        });
    }
    const std::string port = std::to_string(m_url.port);
    auto [resolveError, endpoints] =
        co_await conn->resolver.async_resolve(m_url.host, port, asTuple);
    if (conn->done || conn->timedOut)
        co_return interruption(*conn);
    if (resolveError)
        co_return makeError(ErrorKind::dns, "could not resolve host '" + m_url.host +
                                                "': " + resolveError.message());
    auto& tcp = beast::get_lowest_layer(ws);
    auto [connectError, endpoint] = co_await tcp.async_connect(endpoints, asTuple);
    if (conn->done || conn->timedOut)
        co_return interruption(*conn);
    if (connectError)
        co_return makeError(ErrorKind::connect,
                            "connect to " + where + " failed: " + connectError.message());
    error_code ignored;
    tcp.socket().set_option(Tcp::no_delay(true), ignored);
    if constexpr (std::is_same_v<Ws, TlsWs>) {
        auto [tlsError] =
            co_await ws.next_layer().async_handshake(net::ssl::stream_base::client, asTuple);
        if (conn->done || conn->timedOut)
            co_return interruption(*conn);
        if (tlsError) {
            std::string reason = http::verifyFailureReason(ws.next_layer().native_handle());
            co_return makeError(ErrorKind::tls, "TLS handshake with " + where + " failed: " +
                                                    (reason.empty() ? tlsError.message() : reason));
        }
    }
    configure(ws, *conn);
    auto [handshakeError] =
        co_await ws.async_handshake(res, m_url.hostHeader(), m_url.target, asTuple);
    if (conn->done || conn->timedOut)
        co_return interruption(*conn);
    if (handshakeError && res.result_int() != 0 && res.result_int() != 101)
        co_return makeError(ErrorKind::protocol,
                            "WebSocket handshake with " + where + " refused: HTTP " +
                                std::to_string(res.result_int()) + " " + std::string(res.reason()));
    if (handshakeError)
        co_return makeError(ErrorKind::protocol, "WebSocket handshake with " + where +
                                                     " failed: " + handshakeError.message());
    conn->connectTimer.cancel();
    co_return checkSubprotocol(headerValue(res, bhttp::field::sec_websocket_protocol),
                               m_options.subprotocols);
}

template <class Ws>
net::awaitable<void> SessionImpl::run(std::shared_ptr<SessionImpl> self, std::shared_ptr<Conn> conn,
                                      Ws& ws) {
    websocket::response_type response;
    Error error = co_await open(conn, ws, response);
    if (conn->done)
        co_return;
    if (error) {
        StateChange failed;
        failed.error = std::move(error);
        finish(conn, std::move(failed));
        co_return;
    }
    onOpen(conn, response);
    if (m_options.pingIntervalMs)
        net::co_spawn(*m_strand, pingLoop(self, conn), net::detached);
    startWriting();
    co_await readLoop(conn, ws);
}

void SessionImpl::onOpen(const std::shared_ptr<Conn>& conn, const websocket::response_type& res) {
    conn->open = true;
    m_attempt = 0;
    StateChange change;
    change.state = m_userClosing ? State::closing : State::open;
    change.subprotocol = headerValue(res, bhttp::field::sec_websocket_protocol);
    change.deflate = m_options.deflate && deflateNegotiated(res);
    for (const auto& field : res)
        change.responseHeaders.push_back(
            {std::string(field.name_string()), std::string(field.value())});
    if (m_userClosing) { // close() came while connecting: still say what was negotiated
        StateChange opened = change;
        opened.state = State::open;
        report(opened);
    }
    report(std::move(change));
}

template <class Ws> net::awaitable<void> SessionImpl::readLoop(std::shared_ptr<Conn> conn, Ws& ws) {
    beast::flat_buffer buffer;
    for (;;) {
        auto [ec, n] = co_await ws.async_read(buffer, asTuple);
        if (ec) {
            onReadEnd(conn, ec, ws.reason());
            co_return;
        }
        if (conn->done)
            co_return;
        auto payload = std::make_shared<const std::string>(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
        emitMessage(Direction::received, ws.got_text() ? Opcode::text : Opcode::binary,
                    std::move(payload));
    }
}

void SessionImpl::onReadEnd(const std::shared_ptr<Conn>& conn, const error_code& ec,
                            const websocket::close_reason& reason) {
    if (conn->done)
        return;
    // Beast hands the reading over to async_close, which ends our read with operation_aborted:
    // the writer reports the end when the close handshake completes.
    if (conn->closeSent && !conn->closeReceived && ec == net::error::operation_aborted)
        return;
    const std::string where = endpointText(m_url);
    StateChange change;
    // A close frame was received: the handshake is done even if the TCP teardown after it
    // failed (the peer may drop the connection first).
    if (ec == websocket::error::closed || conn->closeReceived) {
        if (m_userClosing) {
            change.closeCode = m_closeCode;
            change.closeReason = m_closeReason;
        } else {
            change.closedByPeer = true;
            change.closeCode = static_cast<std::uint16_t>(reason.code);
            change.closeReason = std::string(reason.reason.data(), reason.reason.size());
        }
    } else if (ec == websocket::error::message_too_big) {
        change.closeCode = 1009;
        change.error =
            makeError(ErrorKind::limit, "a message from " + where + " exceeds the limit of " +
                                            std::to_string(m_options.maxMessageBytes) +
                                            " bytes; closed with 1009");
    } else if (ec == websocket::error::bad_frame_payload) {
        change.closeCode = 1007;
        change.error = makeError(ErrorKind::protocol,
                                 "invalid payload from " + where +
                                     " (invalid UTF-8 in a text message); closed with 1007");
    } else if (ec.category() == websocket::make_error_code(websocket::error::closed).category()) {
        change.closeCode = 1002;
        change.error = makeError(ErrorKind::protocol, "protocol error from " + where + ": " +
                                                          ec.message() + "; closed with 1002");
    } else if (ec == beast::error::timeout) {
        change.error =
            makeError(ErrorKind::timeout, "the close handshake with " + where + " timed out");
    } else {
        change.error =
            makeError(ErrorKind::io, "connection to " + where + " lost: " + ec.message());
    }
    finish(conn, std::move(change));
}

void SessionImpl::finishClose(const std::shared_ptr<Conn>& conn, const error_code& ec) {
    StateChange change;
    change.closeCode = m_closeCode;
    change.closeReason = m_closeReason;
    if (ec == beast::error::timeout)
        change.error = makeError(ErrorKind::timeout,
                                 "the close handshake with " + endpointText(m_url) + " timed out");
    else if (ec && !conn->closeReceived)
        change.error = makeError(ErrorKind::io, "closing the connection to " + endpointText(m_url) +
                                                    " failed: " + ec.message());
    finish(conn, std::move(change));
}

void SessionImpl::startWriting() {
    const auto& conn = m_conn;
    if (!conn || !conn->open || conn->done || conn->writing || m_queue.empty())
        return;
    conn->writing = true;
    auto self = shared_from_this();
    if (conn->tls)
        net::co_spawn(*m_strand, writeLoop(self, conn, *conn->tls), net::detached);
    else
        net::co_spawn(*m_strand, writeLoop(self, conn, *conn->plain), net::detached);
}

template <class Ws> net::awaitable<error_code> SessionImpl::writeOne(Ws& ws, const Outgoing& item) {
    const std::string& payload = *item.payload;
    error_code ec;
    switch (item.opcode) {
    case Opcode::text:
    case Opcode::binary: {
        ws.text(item.opcode == Opcode::text);
        auto [writeError, n] = co_await ws.async_write(net::buffer(payload), asTuple);
        ec = writeError;
        break;
    }
    case Opcode::ping: {
        websocket::ping_data data(payload.data(), payload.size());
        auto [pingError] = co_await ws.async_ping(data, asTuple);
        ec = pingError;
        break;
    }
    case Opcode::pong: {
        websocket::ping_data data(payload.data(), payload.size());
        auto [pongError] = co_await ws.async_pong(data, asTuple);
        ec = pongError;
        break;
    }
    case Opcode::close: {
        websocket::close_reason reason(item.closeCode);
        reason.reason.assign(payload.data(), payload.size());
        auto [closeError] = co_await ws.async_close(reason, asTuple);
        ec = closeError;
        break;
    }
    }
    co_return ec;
}

template <class Ws>
net::awaitable<void> SessionImpl::writeLoop([[maybe_unused]] std::shared_ptr<SessionImpl> self,
                                            std::shared_ptr<Conn> conn, Ws& ws) {
    while (!conn->done && !m_queue.empty()) {
        Outgoing item = std::move(m_queue.front());
        m_queue.pop_front();
        const bool closing = item.opcode == Opcode::close;
        // The close completes only after the peer's answer, which is shown first: show ours
        // as it leaves.
        if (closing) {
            emitMessage(Direction::sent, Opcode::close, item.payload, item.closeCode);
            conn->closeSent = true;
        }
        error_code ec = co_await writeOne(ws, item);
        if (conn->done)
            break;
        if (closing) {
            // Beast's close reads the peer's close frame without the control callback.
            if (!ec && !conn->closeReceived)
                emitMessage(Direction::received, Opcode::close,
                            std::make_shared<const std::string>(ws.reason().reason.data(),
                                                                ws.reason().reason.size()),
                            static_cast<std::uint16_t>(ws.reason().code));
            finishClose(conn, ec);
            break;
        }
        if (ec) {
            if (ec != websocket::error::closed) {
                StateChange failed;
                failed.error = makeError(ErrorKind::io, "sending to " + endpointText(m_url) +
                                                            " failed: " + ec.message());
                finish(conn, std::move(failed));
            }
            break;
        }
        emitMessage(Direction::sent, item.opcode, item.payload);
    }
    conn->writing = false;
}

net::awaitable<void> SessionImpl::pingLoop([[maybe_unused]] std::shared_ptr<SessionImpl> self,
                                           std::shared_ptr<Conn> conn) {
    for (;;) {
        conn->pingTimer.expires_after(milliseconds(m_options.pingIntervalMs));
        auto [ec] = co_await conn->pingTimer.async_wait(asTuple);
        if (ec || conn->done || m_userClosing)
            co_return;
        sendNow(Outgoing{Opcode::ping, std::make_shared<const std::string>()});
    }
}

void SessionImpl::sendNow(Outgoing item) {
    const State s = m_state.load();
    if (s == State::closed || s == State::closing || m_userClosing)
        return; // nothing to send on; messages queued while (re)connecting go out on open
    m_queue.push_back(std::move(item));
    startWriting();
}

void SessionImpl::closeNow(std::uint16_t code, std::string reason) {
    if (m_userClosing || m_stopped || m_state.load() == State::closed)
        return;
    m_userClosing = true;
    m_closeCode = code;
    m_closeReason = reason;
    if (m_state.load() == State::reconnecting) { // nothing open: stop waiting
        ++m_reconnectSerial;
        m_reconnectTimer->cancel();
        m_queue.clear();
        StateChange closed;
        closed.closeCode = code;
        closed.closeReason = std::move(reason);
        report(std::move(closed));
        return;
    }
    // After the queued messages; while connecting, it waits for the open.
    m_queue.push_back(
        Outgoing{Opcode::close, std::make_shared<const std::string>(std::move(reason)), code});
    if (m_conn && m_conn->open) {
        StateChange closing;
        closing.state = State::closing;
        report(closing);
    }
    startWriting();
}

void SessionImpl::abortNow() {
    m_stopped = true;
    ++m_reconnectSerial;
    m_reconnectTimer->cancel();
    m_queue.clear();
    if (m_conn && !m_conn->done) {
        m_conn->done = true;
        m_conn->abortIo();
    }
    if (m_state.load() == State::closed)
        return;
    StateChange closed;
    closed.error = makeError(ErrorKind::cancelled, "session aborted");
    report(std::move(closed));
}

void SessionImpl::finish(const std::shared_ptr<Conn>& conn, StateChange change) {
    if (conn->done)
        return;
    conn->done = true;
    conn->abortIo();
    m_queue.clear();
    change.state = State::closed;
    report(std::move(change));
    maybeReconnect();
}

void SessionImpl::maybeReconnect() {
    const ReconnectPolicy& policy = m_options.reconnect;
    if (m_userClosing || m_stopped || !policy.enabled)
        return;
    if (policy.maxAttempts && m_attempt >= policy.maxAttempts)
        return;
    ++m_attempt;
    const std::uint64_t base = std::min<std::uint64_t>(
        std::uint64_t(policy.initialDelayMs) << std::min<std::uint32_t>(m_attempt - 1, 31),
        policy.maxDelayMs);
    const auto delay = static_cast<std::uint32_t>(
        base +
        static_cast<std::uint64_t>(m_random->uniform(0, static_cast<std::int64_t>(base / 5))));
    StateChange reconnecting;
    reconnecting.state = State::reconnecting;
    reconnecting.attempt = m_attempt;
    reconnecting.delayMs = delay;
    report(reconnecting);
    const std::uint64_t serial = ++m_reconnectSerial;
    m_reconnectTimer->expires_after(milliseconds(delay));
    m_reconnectTimer->async_wait([self = shared_from_this(), serial](const error_code& ec) {
        if (ec || serial != self->m_reconnectSerial || self->m_userClosing || self->m_stopped)
            return;
        self->startAttempt();
    });
}

namespace {

// The object users hold: dropping it aborts the session, whose internals live on in the
// handlers still pending until they unwind.
class SessionHandle final : public Session {
public:
    explicit SessionHandle(std::shared_ptr<SessionImpl> impl) : m_impl(std::move(impl)) {}
    ~SessionHandle() override {
        m_impl->post([](SessionImpl& s) { s.abortNow(); });
    }

    void connect() override {
        m_impl->post([](SessionImpl& s) { s.connectNow(); });
    }
    void sendText(std::string text) override { send(Opcode::text, std::move(text)); }
    void sendBinary(std::string bytes) override { send(Opcode::binary, std::move(bytes)); }
    void ping(std::string payload) override {
        // A control frame carries at most 125 bytes (RFC 6455 5.5).
        payload.resize(std::min<std::size_t>(payload.size(), 125));
        send(Opcode::ping, std::move(payload));
    }
    void close(std::uint16_t code, std::string reason) override {
        // The close payload is the 2-byte code and at most 123 bytes of reason.
        reason.resize(std::min<std::size_t>(reason.size(), 123));
        m_impl->post([code, reason = std::move(reason)](SessionImpl& s) mutable {
            s.closeNow(code, std::move(reason));
        });
    }
    void abort() override {
        m_impl->post([](SessionImpl& s) { s.abortNow(); });
    }
    State state() const override { return m_impl->state(); }

private:
    void send(Opcode opcode, std::string payload) {
        auto shared = std::make_shared<const std::string>(std::move(payload));
        m_impl->post([opcode, shared](SessionImpl& s) { s.sendNow(Outgoing{opcode, shared}); });
    }

    std::shared_ptr<SessionImpl> m_impl;
};

} // namespace

std::shared_ptr<Session> Session::create(Engine& engine, SessionOptions options,
                                         std::shared_ptr<SessionObserver> observer) {
    if (!observer)
        observer = std::make_shared<NullObserver>();
    auto impl = std::make_shared<SessionImpl>(engine, std::move(options), std::move(observer));
    net::use_service<SessionRegistry>(engine.context().io).add(impl);
    return std::make_shared<SessionHandle>(std::move(impl));
}

} // namespace quiver::core::ws
