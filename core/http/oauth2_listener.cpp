#include "http/oauth2_listener.h"

#include "engine/engine_context.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <mutex>

namespace quiver::core::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
// How often the engine clock is looked at: a ManualClock moves without waking anyone.
constexpr auto kClockPoll = std::chrono::milliseconds(100);
// A browser that connects and sends nothing must not hold the listener.
constexpr auto kReadTimeout = std::chrono::seconds(10);

std::string page(const std::vector<QueryParam>& query) {
    bool failed = false;
    for (const auto& p : query)
        failed |= p.name == "error";
    const char* text = failed ? "The authorization was refused; Quiver shows the reason."
                              : "Quiver received the authorization. You can close this tab.";
    return std::string("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Quiver</title>"
                       "</head><body><p>") +
           text + "</p></body></html>\n";
}

} // namespace

struct LoopbackListener::Impl : std::enable_shared_from_this<Impl> {
    Impl(Engine& engine)
        : engine(engine), strand(net::make_strand(engine.context().io)), acceptor(strand),
          timer(strand) {}

    void finish(Result<std::vector<QueryParam>> result) {
        Done callback;
        {
            std::lock_guard lock(mutex);
            if (finished)
                return;
            finished = true;
            callback = std::move(done);
        }
        net::post(strand, [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->acceptor.close(ignored);
            self->timer.cancel();
        });
        if (callback)
            callback(std::move(result));
    }

    void watchClock() {
        timer.expires_after(kClockPoll);
        timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->isFinished())
                return;
            if (self->engine.clock().now() >= self->deadline)
                return self->finish(
                    makeError(ErrorKind::timeout,
                              "authorization code: no redirect reached http://127.0.0.1:" +
                                  std::to_string(self->port) + self->path + " within " +
                                  std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                     self->timeout)
                                                     .count()) +
                                  " s (was the browser's sign-in finished?)"));
            self->watchClock();
        });
    }

    bool isFinished() {
        std::lock_guard lock(mutex);
        return finished;
    }

    net::awaitable<void> serve(std::shared_ptr<Impl> self);
    net::awaitable<bool> answer(tcp::socket socket);

    Engine& engine;
    net::strand<net::io_context::executor_type> strand;
    tcp::acceptor acceptor;
    net::steady_timer timer;
    std::uint16_t port = 0;
    std::string path;
    Clock::Duration timeout{};
    Clock::SteadyPoint deadline{};
    std::mutex mutex;
    bool finished = false;
    Done done;
};

// One connection: read a request; the redirect path ends the wait, anything else gets 404.
net::awaitable<bool> LoopbackListener::Impl::answer(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(kReadTimeout);
    beast::flat_buffer buffer;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);
    auto [readError, readBytes] = co_await bhttp::async_read(stream, buffer, parser, asTuple);
    if (readError)
        co_return false;
    const auto& request = parser.get();
    const std::string target(request.target());
    const std::string requestPath = target.substr(0, target.find('?'));
    const bool ours = requestPath == path;
    std::vector<QueryParam> query = ours ? queryParams(target) : std::vector<QueryParam>{};
    bhttp::response<bhttp::string_body> response{
        ours ? bhttp::status::ok : bhttp::status::not_found, request.version()};
    response.set(bhttp::field::content_type, ours ? "text/html; charset=utf-8" : "text/plain");
    response.set(bhttp::field::cache_control, "no-store");
    response.keep_alive(false);
    response.body() = ours ? page(query) : "not the OAuth 2.0 redirect\n";
    response.prepare_payload();
    auto [writeError, written] = co_await bhttp::async_write(stream, response, asTuple);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (ours)
        finish(std::move(query));
    co_return ours;
}

net::awaitable<void> LoopbackListener::Impl::serve(std::shared_ptr<Impl> self) {
    while (!self->isFinished()) {
        auto [ec, socket] = co_await self->acceptor.async_accept(asTuple);
        if (ec)
            co_return; // closed by finish() (timeout, cancel) or broken
        auto answering = self->answer(std::move(socket));
        const bool done = co_await std::move(answering);
        if (done)
            co_return;
    }
}

Result<std::shared_ptr<LoopbackListener>> LoopbackListener::open(Engine& engine,
                                                                 std::uint16_t port) {
    auto impl = std::make_shared<Impl>(engine);
    boost::system::error_code ec;
    const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorKind::connect, "cannot listen for the OAuth 2.0 redirect on "
                                             "127.0.0.1:" +
                                                 std::to_string(port) + ": " + ec.message());
    impl->port = impl->acceptor.local_endpoint(ec).port();
    return std::shared_ptr<LoopbackListener>(new LoopbackListener(std::move(impl)));
}

LoopbackListener::~LoopbackListener() {
    cancel();
}

std::uint16_t LoopbackListener::port() const {
    return m_impl->port;
}

void LoopbackListener::wait(std::string path, Clock::Duration timeout, Done done) {
    m_impl->path = std::move(path);
    m_impl->timeout = timeout;
    m_impl->deadline = m_impl->engine.clock().now() + timeout;
    m_impl->done = std::move(done);
    net::post(m_impl->strand, [impl = m_impl] {
        impl->watchClock();
        net::co_spawn(impl->strand, impl->serve(impl), net::detached);
    });
}

void LoopbackListener::cancel() {
    m_impl->finish(makeError(ErrorKind::cancelled, "the OAuth 2.0 authorization was cancelled"));
}

} // namespace quiver::core::http
