#include "http/event_stream.h"

#include "engine/engine_context.h"
#include "http/connection.h"
#include "http/proxy_config.h"
#include "http/request_builder.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace quiver::core::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kChunkSize = 16 * 1024;
using Kind = EventStreamState::Kind;

// Why an attempt ended, and whether another may follow.
struct AttemptEnd {
    Error error;
    bool final = false;
    int status = 0;
};

class EventStreamImpl final : public EventStream,
                              public std::enable_shared_from_this<EventStreamImpl> {
public:
    EventStreamImpl(Engine& engine, model::Request request,
                    std::shared_ptr<EventStreamObserver> observer, EventStreamOptions options)
        : m_engine(engine), m_strand(net::make_strand(engine.context().io)),
          m_request(std::move(request)), m_observer(std::move(observer)), m_options(options),
          m_parser([this](ServerEvent e) { deliver(std::move(e)); }), m_timer(m_strand) {}

    void start() override { net::co_spawn(m_strand, run(shared_from_this()), net::detached); }

    void close() override {
        net::post(m_strand, [self = shared_from_this()] {
            self->m_closed = true;
            self->m_timer.cancel();
            if (self->m_connection)
                self->m_connection->abort();
        });
    }

private:
    static net::awaitable<void> run(std::shared_ptr<EventStreamImpl> self) {
        std::uint32_t attempt = 0;
        while (!self->m_closed) {
            self->report({.kind = Kind::connecting, .attempt = attempt});
            self->m_sawEvent = false;
            AttemptEnd end = co_await self->attemptOnce();
            self->m_connection.reset();
            if (self->m_closed)
                break;
            if (end.final) {
                self->report({.kind = Kind::closed, .status = end.status, .error = end.error});
                co_return;
            }
            attempt = self->m_sawEvent ? 1 : attempt + 1;
            if (self->m_options.maxReconnects && attempt > self->m_options.maxReconnects) {
                self->report({.kind = Kind::closed, .error = end.error});
                co_return;
            }
            const std::uint32_t delay =
                self->m_parser.retryMs().value_or(self->m_options.defaultRetryMs);
            self->report({.kind = Kind::reconnecting,
                          .error = end.error,
                          .delayMs = delay,
                          .attempt = attempt,
                          .lastEventId = self->m_parser.lastEventId()});
            self->m_timer.expires_after(milliseconds(delay));
            co_await self->m_timer.async_wait(asTuple);
        }
        self->report({.kind = Kind::closed});
    }

    net::awaitable<AttemptEnd> attemptOnce() {
        auto prepared = prepareRequest(m_request, m_engine.random());
        if (!prepared)
            co_return AttemptEnd{prepared.error(), true};
        PreparedRequest& req = *prepared;
        if (req.url.scheme != "http" && req.url.scheme != "https")
            co_return AttemptEnd{
                makeError(ErrorKind::protocol,
                          "an event stream needs an http or https URL, not " + req.url.scheme),
                true};
        m_connection = std::make_shared<Connection>(m_strand);
        Connection& conn = *m_connection;
        const auto& settings = m_request.settings;
        auto proxy = chooseProxy(req.url, settings, defaultEnv());
        if (proxy && proxy->error)
            co_return AttemptEnd{proxy->error, true};
        if (proxy && !req.url.tls())
            proxy.reset(); // plain streams go direct: absolute-form is not worth it here
        model::Timings timings;
        if (settings.connectTimeoutMs)
            conn.tcp.expires_after(milliseconds(settings.connectTimeoutMs));
        std::function<bool()> stopped = [this] { return m_closed.load(); };
        Error opened = co_await openConnection(conn, req, proxy, settings, m_engine.clock(),
                                               m_tlsContexts, stopped, timings);
        if (opened)
            co_return AttemptEnd{opened};
        AttemptEnd end;
        if (conn.tls)
            end = co_await stream(*conn.tls, conn, req);
        else
            end = co_await stream(conn.tcp, conn, req);
        co_return end;
    }

    template <class Stream>
    net::awaitable<AttemptEnd> stream(Stream& s, Connection& conn, const PreparedRequest& req) {
        const auto& settings = m_request.settings;
        bhttp::request<bhttp::empty_body> head{bhttp::string_to_verb(req.method), req.url.target,
                                               11};
        if (head.method() == bhttp::verb::unknown)
            head.method_string(req.method);
        for (const auto& h : req.headers)
            head.insert(h.name, h.value);
        if (head.find(bhttp::field::host) == head.end())
            head.set(bhttp::field::host, req.url.hostHeader());
        head.set(bhttp::field::accept, "text/event-stream");
        head.set(bhttp::field::cache_control, "no-cache");
        if (!m_parser.lastEventId().empty())
            head.set("Last-Event-ID", m_parser.lastEventId());
        // Bodies on an event stream are rare; they go as prepared, in memory only.
        std::string body;
        for (const auto& segment : req.body.segments) {
            if (!segment.filePath.empty())
                co_return AttemptEnd{makeError(ErrorKind::io, "an event stream request cannot "
                                                              "send a file body (" +
                                                                  segment.filePath + ")"),
                                     true};
            body += segment.bytes;
        }
        if (req.hasBody)
            head.set(bhttp::field::content_length, std::to_string(body.size()));
        renewDeadline(conn, settings.readTimeoutMs);
        auto [writeEc, written] = co_await bhttp::async_write(s, head, asTuple);
        if (!writeEc && !body.empty())
            std::tie(writeEc, written) = co_await net::async_write(s, net::buffer(body), asTuple);
        if (writeEc)
            co_return AttemptEnd{ioError(writeEc, "sending the request")};

        bhttp::response_parser<bhttp::buffer_body> parser;
        parser.body_limit(boost::none); // a stream has no end; each event is bounded instead
        auto [headEc, headBytes] =
            co_await bhttp::async_read_header(s, conn.buffer, parser, asTuple);
        if (headEc)
            co_return AttemptEnd{ioError(headEc, "reading the answer")};
        const auto& res = parser.get();
        const int status = res.result_int();
        if (AttemptEnd refused = checkAnswer(res); refused.final)
            co_return refused;
        EventStreamState open{.kind = Kind::open, .status = status};
        for (const auto& field : res)
            open.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        open.lastEventId = m_parser.lastEventId();
        report(open);
        m_parser.reset();

        conn.lowest().expires_never(); // an idle stream is normal; keep-alive comments are optional
        std::vector<char> chunk(kChunkSize);
        while (!parser.is_done() && !m_closed) {
            parser.get().body().data = chunk.data();
            parser.get().body().size = chunk.size();
            auto [ec, n] = co_await bhttp::async_read_some(s, conn.buffer, parser, asTuple);
            if (ec == bhttp::error::need_buffer)
                ec = {};
            const std::size_t got = chunk.size() - parser.get().body().size;
            m_parser.feed(std::string_view(chunk.data(), got));
            if (m_parser.pendingBytes() > m_options.maxEventBytes)
                co_return AttemptEnd{
                    makeError(ErrorKind::limit,
                              "an event from " + endpointText(req.url) + " exceeds " +
                                  std::to_string(m_options.maxEventBytes) + " bytes"),
                    true, status};
            if (ec)
                co_return AttemptEnd{ioError(ec, "reading the stream")};
        }
        co_return AttemptEnd{makeError(ErrorKind::io, "the server ended the stream")};
    }

    template <class Header> AttemptEnd checkAnswer(const Header& res) const {
        const int status = res.result_int();
        if (status == 204)
            return {makeError(ErrorKind::none, {}), true, status}; // the server said stop
        if (status != 200)
            return {makeError(ErrorKind::protocol, "the server answered " + std::to_string(status) +
                                                       " " + std::string(res.reason()) +
                                                       " instead of an event stream"),
                    true, status};
        const std::string type(res[bhttp::field::content_type]);
        std::string lower(type);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!lower.starts_with("text/event-stream"))
            return {makeError(ErrorKind::protocol, "the server answered with Content-Type '" +
                                                       type + "', not text/event-stream"),
                    true, status};
        return {};
    }

    static void renewDeadline(Connection& conn, std::uint32_t ms) {
        if (ms)
            conn.lowest().expires_after(milliseconds(ms));
        else
            conn.lowest().expires_never();
    }

    Error ioError(const error_code& ec, const std::string& what) const {
        if (m_closed || ec == net::error::operation_aborted)
            return makeError(ErrorKind::cancelled, "event stream closed");
        if (ec == beast::error::timeout)
            return makeError(ErrorKind::timeout, what + " timed out");
        if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
            ec == bhttp::error::partial_message || ec == net::ssl::error::stream_truncated)
            return makeError(ErrorKind::io, "the server closed the connection while " + what);
        if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category())
            return makeError(ErrorKind::protocol, "malformed answer: " + ec.message());
        return makeError(ErrorKind::io, what + " failed: " + ec.message());
    }

    void deliver(ServerEvent event) {
        m_sawEvent = true;
        m_observer->onEvent(event, m_engine.clock().wallNow());
    }

    void report(EventStreamState state) {
        if (state.lastEventId.empty())
            state.lastEventId = m_parser.lastEventId();
        m_observer->onState(state);
    }

    Engine& m_engine;
    net::strand<net::io_context::executor_type> m_strand;
    model::Request m_request;
    std::shared_ptr<EventStreamObserver> m_observer;
    EventStreamOptions m_options;
    SseParser m_parser;
    net::steady_timer m_timer;
    TlsContextCache m_tlsContexts;
    std::shared_ptr<Connection> m_connection;
    std::atomic<bool> m_closed{false};
    bool m_sawEvent = false;
};

} // namespace

std::shared_ptr<EventStream> EventStream::create(Engine& engine, model::Request request,
                                                 std::shared_ptr<EventStreamObserver> observer,
                                                 EventStreamOptions options) {
    return std::make_shared<EventStreamImpl>(engine, std::move(request), std::move(observer),
                                             options);
}

} // namespace quiver::core::http
