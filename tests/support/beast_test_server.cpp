#include "support/beast_test_server.h"

#include <algorithm>
#include <arpa/inet.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace quiver::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr auto asTuple = net::as_tuple(net::use_awaitable);
constexpr std::uint64_t kBodyLimit = 64ull << 20;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Every server signals here, so a test can wait on a condition spanning several servers.
struct ChangeSignal {
    std::mutex mutex;
    std::condition_variable changed;
    std::uint64_t generation = 0;

    void notify() {
        {
            std::lock_guard lock(mutex);
            ++generation;
        }
        changed.notify_all();
    }
};

ChangeSignal& changeSignal() {
    static ChangeSignal signal;
    return signal;
}

// A response waiting for release(); the timer never expires and is cancelled to wake it.
struct HeldResponse {
    std::shared_ptr<net::steady_timer> timer;
};

} // namespace

std::optional<std::string> ReceivedRequest::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequals(n, name))
            return v;
    return std::nullopt;
}

struct BeastTestServer::Impl {
    explicit Impl(Handler h) : handler(std::move(h)) {}

    net::awaitable<void> acceptLoop();
    net::awaitable<void> session(beast::tcp_stream stream, std::size_t index);
    net::awaitable<void> waitForRelease();
    net::awaitable<void> stallForever();
    net::awaitable<bool> writeInterim(beast::tcp_stream& stream);
    net::awaitable<bool> writeReply(beast::tcp_stream& stream, const Reply& reply,
                                    bool requestKeepAlive);
    Reply answer(const ReceivedRequest& request);
    void requestAnswered();

    net::io_context io{1};
    std::optional<Tcp::acceptor> acceptor;
    std::thread thread;
    std::uint16_t port = 0;

    mutable std::mutex mutex;
    Handler handler;
    std::size_t accepted = 0;
    std::size_t closed = 0;
    std::size_t inFlight = 0;
    std::size_t maxInFlight = 0;
    std::size_t releaseTokens = 0;
    std::deque<HeldResponse> held;
    std::vector<ReceivedRequest> requests;
};

net::awaitable<void> BeastTestServer::Impl::acceptLoop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor->async_accept(net::make_strand(io), asTuple);
        if (ec == net::error::operation_aborted || !acceptor->is_open())
            co_return;
        if (ec)
            continue; // e.g. the peer reset before accept: keep listening
        std::size_t index;
        {
            std::lock_guard lock(mutex);
            index = accepted++;
        }
        changeSignal().notify();
        auto ex = socket.get_executor();
        net::co_spawn(ex, session(beast::tcp_stream(std::move(socket)), index), net::detached);
    }
}

Reply BeastTestServer::Impl::answer(const ReceivedRequest& request) {
    Handler current;
    {
        std::lock_guard lock(mutex);
        current = handler;
    }
    if (!current)
        return Reply{};
    try {
        return current(request);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "BeastTestServer: handler threw: %s\n", e.what());
        Reply failure;
        failure.status = 500;
        failure.body = e.what();
        return failure;
    }
}

net::awaitable<void> BeastTestServer::Impl::waitForRelease() {
    auto timer = std::make_shared<net::steady_timer>(co_await net::this_coro::executor);
    timer->expires_at(net::steady_timer::time_point::max());
    {
        std::lock_guard lock(mutex);
        if (releaseTokens > 0) {
            --releaseTokens;
            co_return;
        }
        held.push_back({timer});
    }
    changeSignal().notify();
    // release() cancels the timer through this strand, so the cancel cannot overtake the wait.
    auto [ec] = co_await timer->async_wait(asTuple);
    (void)ec;
}

net::awaitable<void> BeastTestServer::Impl::stallForever() {
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_at(net::steady_timer::time_point::max());
    auto [ec] = co_await timer.async_wait(asTuple);
    (void)ec; // only the server's destruction ends this
}

net::awaitable<bool> BeastTestServer::Impl::writeInterim(beast::tcp_stream& stream) {
    static const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
    auto [ec, n] = co_await net::async_write(stream, net::buffer(interim), asTuple);
    co_return !ec;
}

net::awaitable<bool> BeastTestServer::Impl::writeReply(beast::tcp_stream& stream,
                                                       const Reply& reply, bool requestKeepAlive) {
    if (reply.rawResponse) {
        if (reply.rawResponse->empty())
            co_return !reply.closeAfterResponse;
        auto [ec, n] = co_await net::async_write(stream, net::buffer(*reply.rawResponse), asTuple);
        co_return !ec && !reply.closeAfterResponse;
    }
    bhttp::response<bhttp::string_body> response;
    response.version(11);
    response.result(static_cast<unsigned>(reply.status));
    bool hasLength = false;
    for (const auto& [name, value] : reply.headers) {
        response.insert(name, value);
        hasLength =
            hasLength || iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
    }
    response.body() = reply.body;
    if (!hasLength)
        response.content_length(reply.body.size());
    const bool keepAlive = requestKeepAlive && response.keep_alive();
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    auto [ec, n] = co_await bhttp::async_write(stream, serializer, asTuple);
    co_return !ec && keepAlive && !reply.closeAfterResponse;
}

void BeastTestServer::Impl::requestAnswered() {
    {
        std::lock_guard lock(mutex);
        --inFlight;
    }
    changeSignal().notify();
}

net::awaitable<void> BeastTestServer::Impl::session(beast::tcp_stream stream, std::size_t index) {
    beast::flat_buffer buffer;
    for (std::size_t n = 0;; ++n) {
        // A fresh parser for every request: a parser is not reusable once a message is done.
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(kBodyLimit);
        auto [readError, bytes] = co_await bhttp::async_read(stream, buffer, parser, asTuple);
        if (readError)
            break;
        const auto& message = parser.get();
        ReceivedRequest request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        for (const auto& field : message)
            request.headers.emplace_back(std::string(field.name_string()),
                                         std::string(field.value()));
        request.body = message.body();
        request.connection = index;
        request.indexOnConnection = n;
        {
            std::lock_guard lock(mutex);
            requests.push_back(request);
            maxInFlight = std::max(maxInFlight, ++inFlight);
        }
        changeSignal().notify();

        const Reply reply = answer(request);
        if (reply.stallHeadersForever)
            co_await stallForever();
        if (reply.holdUntilReleased)
            co_await waitForRelease();
        bool keepGoing = true;
        if (reply.sendInterim100)
            keepGoing = co_await writeInterim(stream);
        // A request stops counting as in flight before its answer is written: the client
        // cannot send the next request before that, so in-flight counts never overlap.
        requestAnswered();
        if (keepGoing)
            keepGoing = co_await writeReply(stream, reply, message.keep_alive());
        if (!keepGoing)
            break;
    }
    error_code ignored;
    stream.socket().shutdown(Tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    {
        std::lock_guard lock(mutex);
        ++closed;
    }
    changeSignal().notify();
}

BeastTestServer::BeastTestServer(Handler handler)
    : m_impl(std::make_unique<Impl>(std::move(handler))) {
    auto& impl = *m_impl;
    impl.acceptor.emplace(impl.io);
    const Tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    impl.acceptor->open(endpoint.protocol());
    impl.acceptor->set_option(Tcp::acceptor::reuse_address(true));
    impl.acceptor->bind(endpoint);
    impl.acceptor->listen(net::socket_base::max_listen_connections);
    impl.port = impl.acceptor->local_endpoint().port();
    net::co_spawn(impl.io, impl.acceptLoop(), net::detached);
    impl.thread = std::thread([&impl] { impl.io.run(); });
}

BeastTestServer::~BeastTestServer() {
    auto& impl = *m_impl;
    impl.io.stop();
    impl.thread.join();
    impl.acceptor.reset();
    impl.held.clear();
    // The sessions' coroutine frames (and with them their sockets) are destroyed with the
    // io_context, the Impl's first member and so its last to go.
}

void BeastTestServer::setHandler(Handler handler) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->handler = std::move(handler);
}

std::uint16_t BeastTestServer::port() const {
    return m_impl->port;
}

std::string BeastTestServer::hostPort() const {
    return "127.0.0.1:" + std::to_string(port());
}

std::string BeastTestServer::url(std::string_view target) const {
    return "http://" + hostPort() + std::string(target);
}

void BeastTestServer::release(std::size_t n) {
    std::vector<HeldResponse> wake;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->releaseTokens += n;
        while (m_impl->releaseTokens > 0 && !m_impl->held.empty()) {
            wake.push_back(std::move(m_impl->held.front()));
            m_impl->held.pop_front();
            --m_impl->releaseTokens;
        }
    }
    for (auto& h : wake)
        net::post(h.timer->get_executor(), [timer = h.timer] { timer->cancel(); });
    changeSignal().notify();
}

std::size_t BeastTestServer::connectionsAccepted() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->accepted;
}

std::size_t BeastTestServer::connectionsClosed() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->closed;
}

std::size_t BeastTestServer::requestsSeen() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests.size();
}

std::size_t BeastTestServer::inFlight() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->inFlight;
}

std::size_t BeastTestServer::held() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->held.size();
}

std::size_t BeastTestServer::maxConcurrentRequests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->maxInFlight;
}

std::vector<ReceivedRequest> BeastTestServer::requests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests;
}

bool BeastTestServer::waitUntil(const std::function<bool()>& condition,
                                std::chrono::milliseconds safety) const {
    auto& signal = changeSignal();
    const auto deadline = std::chrono::steady_clock::now() + safety;
    std::unique_lock lock(signal.mutex);
    for (;;) {
        const std::uint64_t seen = signal.generation;
        lock.unlock();
        const bool done = condition(); // may call this server's accessors: no lock held
        lock.lock();
        if (done)
            return true;
        if (!signal.changed.wait_until(lock, deadline, [&] { return signal.generation != seen; }))
            return false;
    }
}

FullBacklogListener::FullBacklogListener() {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0)
        return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 0) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return;
    // With a backlog of 0 the accept queue holds one connection; once it does, Linux drops
    // further SYNs instead of answering them.
    const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (filler < 0)
        return;
    m_fillers.push_back(filler);
    if (::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return;
    // The listener turns readable when the connection has reached the accept queue.
    pollfd ready{m_listener, POLLIN, 0};
    if (::poll(&ready, 1, 10'000) != 1)
        return;
    m_port = ntohs(address.sin_port);
}

FullBacklogListener::~FullBacklogListener() {
    for (int fd : m_fillers)
        ::close(fd);
    if (m_listener >= 0)
        ::close(m_listener);
}

} // namespace quiver::test
