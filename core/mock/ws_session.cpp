// One WebSocket connection of a mock server, over plain TCP or TLS, taken over from the HTTP
// session once the chain has let the upgrade through: echo, broadcast room or scripted
// replies; one write in flight with a bounded queue behind it (STYLE.md §7).

#include "mock/ws_session.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

namespace quiver::core::mock {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
// A client that reads slower than it is sent to: past either bound its queue is dropped and
// it is closed with 1008 (policy violation), so one slow reader cannot hold unbounded memory.
constexpr std::size_t kMaxQueued = 1000;
constexpr std::size_t kMaxQueuedBytes = 64ull << 20;
// Replies to a client's own messages (echo, rules) do not count against it: past these its
// reads pause until the queue drains, as an aiohttp or websockets echo handler awaiting its
// send would. Only what others send (broadcasts, the GUI) can overflow a queue.
constexpr std::size_t kPauseReadsQueued = 256;
constexpr std::size_t kPauseReadsBytes = 4 << 20;
// How long a close handshake (or an upgrade) may take before the socket is torn down.
constexpr auto kHandshakeTimeout = std::chrono::seconds(5);
// After stop() or an overflow the peer gets this long to take our close frame.
constexpr auto kTeardownGrace = std::chrono::seconds(2);
constexpr std::size_t kKeptBuffer = 16 << 10;

// The client's first offered subprotocol that the endpoint accepts (RFC 6455 4.2.2).
std::string chooseSubprotocol(std::string_view offered, const std::vector<std::string>& accepted) {
    while (!offered.empty()) {
        const auto comma = offered.find(',');
        std::string_view name = offered.substr(0, comma);
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
            name.remove_prefix(1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        for (const auto& candidate : accepted)
            if (candidate == name)
                return candidate;
        if (comma == std::string_view::npos)
            break;
        offered.remove_prefix(comma + 1);
    }
    return {};
}

// Headers of the chain's reply that describe the HTTP body or the upgrade itself: Beast
// writes its own.
bool carriesOver(const model::Header& header) {
    for (std::string_view name :
         {"Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Upgrade",
          "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"})
        if (model::iequals(header.name, name))
            return false;
    return header.enabled;
}

// The close code a failed read ended with, as the client saw it.
std::uint16_t closeCodeOf(const error_code& ec) {
    if (ec == websocket::error::message_too_big)
        return static_cast<std::uint16_t>(websocket::close_code::too_big);
    if (ec == websocket::error::bad_frame_payload)
        return static_cast<std::uint16_t>(websocket::close_code::bad_payload);
    if (ec.category() == websocket::make_error_code(websocket::error::bad_opcode).category())
        return static_cast<std::uint16_t>(websocket::close_code::protocol_error);
    return static_cast<std::uint16_t>(websocket::close_code::abnormal);
}

// close_reason takes a close_code enum; a user's code (4001) is a plain number. A reason
// longer than a close frame holds is cut.
websocket::close_reason closeReason(std::uint16_t code, std::string_view reason) {
    websocket::close_reason out;
    out.code = code;
    out.reason.assign(reason.substr(0, out.reason.max_size()).data(),
                      std::min(reason.size(), out.reason.max_size()));
    return out;
}

struct Outgoing {
    WsPayload payload;
    bool binary = false;
    bool close = false;
    websocket::close_reason reason;
};

template <class Stream>
class WsSession final : public SessionBase,
                        public WsPeer,
                        public std::enable_shared_from_this<WsSession<Stream>> {
public:
    WsSession(std::shared_ptr<Server::Impl> s, Stream&& stream, WsUpgrade u)
        : server(std::move(s)), ws(std::move(stream)), upgrade(std::move(u)),
          pushTimer(ws.get_executor()), teardownTimer(ws.get_executor()),
          drainTimer(ws.get_executor()) {
        client.routeId = upgrade.endpoint->routeId;
        client.remoteAddress = upgrade.clientAddress;
    }
    ~WsSession() override { server->sessionEnded(); }

    net::awaitable<void> run(WsRequest request);

    net::any_io_executor executor() { return ws.get_executor(); }

    void stopSoon() override {
        net::post(ws.get_executor(), [self = this->shared_from_this()] {
            self->closeNow(websocket::close_code::going_away, "server stopping");
        });
    }
    void hurry() override {} // its close frame is already on its way (stopSoon)
    void abort() override {
        net::post(ws.get_executor(), [self = this->shared_from_this()] {
            if (self->ended)
                return;
            error_code ignored;
            self->sock().shutdown(Tcp::socket::shutdown_both, ignored);
            self->sock().close(ignored);
        });
    }
    void send(WsPayload payload, bool binary) override {
        net::post(ws.get_executor(), [self = this->shared_from_this(), payload, binary] {
            self->enqueue({payload, binary, false, {}});
        });
    }
    void close(std::uint16_t code, std::string reason) override {
        net::post(ws.get_executor(), [self = this->shared_from_this(), code, reason] {
            self->enqueueClose(closeReason(code, reason));
        });
    }
    WsClientInfo info() const override {
        WsClientInfo out = client;
        out.messagesIn = messagesIn;
        out.messagesOut = messagesOut;
        return out;
    }

private:
    Tcp::socket& sock() { return beast::get_lowest_layer(ws); }
    net::awaitable<bool> accept(WsRequest& request);
    net::awaitable<void> readLoop();
    net::awaitable<void> writeLoop();
    net::awaitable<void> pushLoop();
    void onMessage(const WsPayload& payload, bool binary);
    void replyFromScript(const WsPayload& payload);
    void sendRendered(const std::vector<model::TemplatePart>& parts, std::string_view message);
    void enqueue(Outgoing item);
    void enqueueClose(websocket::close_reason reason);
    void startWriting();
    bool backedUp() const {
        return queue.size() >= kPauseReadsQueued || queuedBytes >= kPauseReadsBytes;
    }
    void closeNow(websocket::close_code code, const char* reason);
    void tearDownLater();
    void log(WsEvent::Kind kind, const WsPayload& payload, bool binary);
    void logClosed(const error_code& ec);

    std::shared_ptr<Server::Impl> server;
    websocket::stream<Stream> ws;
    WsUpgrade upgrade;
    net::steady_timer pushTimer;
    net::steady_timer teardownTimer;
    net::steady_timer drainTimer; // cancelled when a paused read may go on
    bool readPaused = false;
    WsClientInfo client; // immutable once registered, but for the counters below
    std::atomic<std::uint64_t> messagesIn{0};
    std::atomic<std::uint64_t> messagesOut{0};
    std::deque<Outgoing> queue;
    std::size_t queuedBytes = 0;
    bool writing = false;
    bool closing = false; // a close frame is queued or sent: nothing more goes out
    std::optional<std::uint16_t> sentCode;
    std::string sentReason;     // with sentCode, for the log
    bool accepted = false;      // the handshake is done: frames may be written
    bool stopRequested = false; // stop() came during the handshake
    bool ended = false;
};

template <class Stream> net::awaitable<bool> WsSession<Stream>::accept(WsRequest& request) {
    const auto& config = upgrade.endpoint->config;
    websocket::permessage_deflate deflate;
    deflate.server_enable = config.deflate;
    ws.set_option(deflate);
    ws.read_message_max(config.maxMessageBytes);
    websocket::stream_base::timeout timeout{kHandshakeTimeout, websocket::stream_base::none(),
                                            false};
    ws.set_option(timeout);
    client.subprotocol =
        chooseSubprotocol(request[beast::http::field::sec_websocket_protocol], config.subprotocols);
    ws.set_option(websocket::stream_base::decorator(
        [headers = upgrade.responseHeaders,
         subprotocol = client.subprotocol](websocket::response_type& res) {
            res.set(beast::http::field::server, "quiver-mock");
            for (const auto& header : headers)
                if (carriesOver(header))
                    res.insert(header.name, header.value);
            if (!subprotocol.empty())
                res.set(beast::http::field::sec_websocket_protocol, subprotocol);
        }));
    auto [ec] = co_await ws.async_accept(request, asTuple);
    co_return !ec;
}

template <class Stream> net::awaitable<void> WsSession<Stream>::run(WsRequest request) {
    auto self = this->shared_from_this();
    // In the room before the 101 goes out: a client that has its 101 gets every broadcast
    // sent after it. What arrives before the handshake is done waits in the queue.
    auto& hub = server->state.wsHub();
    client.connectedAt = server->engine.clock().wallNow();
    client.id = hub.add(client.routeId, std::weak_ptr<WsPeer>(self));
    // Kept apart from the condition: GCC 12 has miscompiled co_await in larger expressions.
    const bool accepted_ = co_await accept(request);
    if (!accepted_) {
        ended = true;
        teardownTimer.cancel(); // armed if stop came during the handshake
        hub.remove(client.routeId, client.id);
        error_code ignored;
        sock().close(ignored);
        co_return;
    }
    accepted = true;
    log(WsEvent::Kind::connected, nullptr, false);
    const auto& endpoint = *upgrade.endpoint;
    // The client may already have seen the 101 when stop() came: it gets its 1001 now.
    if (stopRequested || server->stopping)
        closeNow(websocket::close_code::going_away, "server stopping");
    if (endpoint.onConnect && !closing) {
        sendRendered(*endpoint.onConnect, {});
        if (queue.size() > 1) // broadcasts that came during the handshake go after it
            std::rotate(queue.begin(), queue.end() - 1, queue.end());
    }
    startWriting();
    if (endpoint.push && !closing)
        net::co_spawn(ws.get_executor(), pushLoop(), net::detached);
    co_await readLoop();
    ended = true;
    pushTimer.cancel();
    teardownTimer.cancel();
    hub.remove(client.routeId, client.id);
}

template <class Stream> net::awaitable<void> WsSession<Stream>::readLoop() {
    beast::flat_buffer buffer;
    const auto limit = upgrade.endpoint->config.closeAfterMessages;
    for (;;) {
        auto [ec, n] = co_await ws.async_read(buffer, asTuple);
        if (ec) {
            logClosed(ec);
            co_return;
        }
        const bool binary = !ws.got_text();
        auto payload = std::make_shared<const std::string>(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
        if (buffer.capacity() > kKeptBuffer)
            buffer.shrink_to_fit(); // an idle connection keeps only a small buffer
        ++messagesIn;
        log(WsEvent::Kind::messageIn, payload, binary);
        if (closing)
            continue; // the close handshake is under way: nothing more is answered
        onMessage(payload, binary);
        if (limit != 0 && messagesIn >= limit) {
            const auto& config = upgrade.endpoint->config;
            enqueueClose(closeReason(config.closeCode, config.closeReason));
        }
        while (backedUp() && writing && !ended) {
            readPaused = true;
            drainTimer.expires_at(net::steady_timer::time_point::max());
            auto [waited] = co_await drainTimer.async_wait(asTuple);
            (void)waited;
            readPaused = false;
        }
    }
}

template <class Stream> void WsSession<Stream>::logClosed(const error_code& ec) {
    WsEvent event;
    event.kind = WsEvent::Kind::closed;
    event.clientId = client.id;
    event.routeId = client.routeId;
    event.time = server->engine.clock().wallNow();
    // The client's close frame counts even when it dropped the connection right after it (as
    // Qt does), failing our reply.
    const bool clientClosed = ec == websocket::error::closed || ws.reason().code != 0;
    if (clientClosed && !sentCode) {
        event.closeCode = ws.reason().code;
        event.detail = ws.reason().reason.c_str();
    } else if (sentCode) { // we closed (or Beast did for us: 1009, 1007)
        event.closeCode = *sentCode;
        event.detail = sentReason;
    } else {
        event.closeCode = closeCodeOf(ec);
        event.detail = ec.message();
    }
    server->state.wsHub().log()->append(std::move(event));
}

template <class Stream>
void WsSession<Stream>::log(WsEvent::Kind kind, const WsPayload& payload, bool binary) {
    WsEvent event;
    event.kind = kind;
    event.clientId = client.id;
    event.routeId = client.routeId;
    event.time = server->engine.clock().wallNow();
    event.binary = binary;
    event.size = payload ? payload->size() : 0;
    event.payload = payload;
    if (kind == WsEvent::Kind::connected)
        event.detail = client.remoteAddress;
    server->state.wsHub().log()->append(std::move(event));
}

template <class Stream> void WsSession<Stream>::onMessage(const WsPayload& payload, bool binary) {
    using Kind = model::WsEndpoint::Kind;
    const auto& config = upgrade.endpoint->config;
    switch (config.kind) {
    case Kind::echo:
        enqueue({payload, binary, false, {}});
        break;
    case Kind::broadcast:
        // The room is read at the moment of sending: one shared payload for every member.
        for (const auto& peer : server->state.wsHub().peers(client.routeId)) {
            if (peer.get() == static_cast<WsPeer*>(this)) {
                if (!config.excludeSender)
                    enqueue({payload, binary, false, {}});
                continue;
            }
            peer->send(payload, binary);
        }
        break;
    case Kind::scripted:
        replyFromScript(payload);
        break;
    }
}

template <class Stream> void WsSession<Stream>::replyFromScript(const WsPayload& payload) {
    const auto& endpoint = *upgrade.endpoint;
    if (auto rule = endpoint.match(*payload))
        sendRendered(endpoint.rules[*rule].reply, *payload);
}

// A template that fails to render (a missing request value) tells the client why in a text
// message, as a broken HTTP template answers 500 with the reason.
template <class Stream>
void WsSession<Stream>::sendRendered(const std::vector<model::TemplatePart>& parts,
                                     std::string_view message) {
    model::TemplateContext context;
    context.random = &server->engine.random();
    context.clock = &server->engine.clock();
    context.counter = &server->state.sequence("counter:" + client.routeId);
    WsTemplateInput input{&upgrade.request, &upgrade.snapshot->variables, message};
    auto text = renderWsTemplate(parts, input, context);
    auto payload = std::make_shared<const std::string>(
        text ? std::move(text.value())
             : "quiver mock: route '" + client.routeId + "': " + text.error().message);
    enqueue({std::move(payload), false, false, {}});
}

template <class Stream> void WsSession<Stream>::enqueue(Outgoing item) {
    if (closing || ended)
        return;
    if (queue.size() >= kMaxQueued || queuedBytes + item.payload->size() > kMaxQueuedBytes) {
        queue.clear();
        queuedBytes = 0;
        enqueueClose(closeReason(1008, "send queue over its limit"));
        tearDownLater();
        return;
    }
    queuedBytes += item.payload->size();
    queue.push_back(std::move(item));
    startWriting();
}

template <class Stream> void WsSession<Stream>::enqueueClose(websocket::close_reason reason) {
    if (closing || ended)
        return;
    closing = true;
    sentCode = reason.code; // ours, even if a stalled write keeps the frame from going out
    sentReason = reason.reason.c_str();
    Outgoing item;
    item.close = true;
    item.reason = std::move(reason);
    queue.push_back(std::move(item));
    startWriting();
}

template <class Stream> void WsSession<Stream>::startWriting() {
    if (writing || !accepted || queue.empty())
        return;
    writing = true;
    net::co_spawn(ws.get_executor(), writeLoop(), net::detached);
}

template <class Stream>
void WsSession<Stream>::closeNow(websocket::close_code code, const char* reason) {
    if (ended)
        return;
    if (!accepted) { // a close frame cannot race the handshake's 101: it follows it
        stopRequested = true;
        tearDownLater();
        return;
    }
    pushTimer.cancel();
    if (!closing) {
        queue.clear();
        queuedBytes = 0;
        enqueueClose(closeReason(code, reason));
    }
    tearDownLater();
}

// A client that never reads keeps our write (and so the close frame) from going out; the
// socket is closed under it after a grace period.
template <class Stream> void WsSession<Stream>::tearDownLater() {
    teardownTimer.expires_after(kTeardownGrace);
    teardownTimer.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec || self->ended)
            return;
        error_code ignored;
        self->sock().shutdown(Tcp::socket::shutdown_both, ignored);
        self->sock().close(ignored);
    });
}

template <class Stream> net::awaitable<void> WsSession<Stream>::writeLoop() {
    auto self = this->shared_from_this();
    while (!queue.empty() && !ended) {
        Outgoing item = std::move(queue.front());
        queue.pop_front();
        if (item.close) {
            auto [ec] = co_await ws.async_close(item.reason, asTuple);
            (void)ec;
            break; // the read loop sees the client's answer and ends the session
        }
        queuedBytes -= item.payload->size();
        ws.binary(item.binary);
        auto [ec, n] = co_await ws.async_write(net::buffer(*item.payload), asTuple);
        if (ec)
            break; // the read fails too and ends the session
        ++messagesOut;
        log(WsEvent::Kind::messageOut, item.payload, item.binary);
        if (readPaused && !backedUp())
            drainTimer.cancel();
    }
    writing = false;
    drainTimer.cancel(); // a paused read goes on, and fails if the connection is gone
}

// One message per interval, rendered when due; counts, not wall time, are what tests check.
template <class Stream> net::awaitable<void> WsSession<Stream>::pushLoop() {
    auto self = this->shared_from_this();
    const auto interval = std::chrono::milliseconds(upgrade.endpoint->config.push->intervalMs);
    while (!ended && !closing) {
        pushTimer.expires_after(interval);
        auto [ec] = co_await pushTimer.async_wait(asTuple);
        if (ec || ended || closing)
            break;
        // A slow reader does not pile pushes up: the next is rendered once the queue is empty.
        if (!queue.empty())
            continue;
        sendRendered(*upgrade.endpoint->push, {});
    }
}

template <class Stream>
void launch(const std::shared_ptr<Server::Impl>& server, Stream&& stream, WsRequest&& request,
            WsUpgrade upgrade) {
    auto session =
        std::make_shared<WsSession<Stream>>(server, std::move(stream), std::move(upgrade));
    {
        std::lock_guard lock(server->mutex);
        ++server->live;
        server->sessions.remove_if([](const auto& w) { return w.expired(); });
        server->sessions.push_back(session);
    }
    net::co_spawn(session->executor(), session->run(std::move(request)), net::detached);
}

} // namespace

void launchWsSession(const std::shared_ptr<Server::Impl>& server, Tcp::socket&& stream,
                     WsRequest&& request, WsUpgrade upgrade) {
    launch(server, std::move(stream), std::move(request), std::move(upgrade));
}

void launchWsSession(const std::shared_ptr<Server::Impl>& server,
                     beast::ssl_stream<Tcp::socket>&& stream, WsRequest&& request,
                     WsUpgrade upgrade) {
    launch(server, std::move(stream), std::move(request), std::move(upgrade));
}

} // namespace quiver::core::mock
