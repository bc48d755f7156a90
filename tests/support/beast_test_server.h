#pragma once

// A small scriptable HTTP/1.1 server for tests that need precise control of the peer:
// keep-alive drops, interim responses, malformed bytes, stalls and held responses. It runs
// on its own thread; this header stays free of Asio and Beast so tests compile quickly.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quiver::test {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

struct ReceivedRequest {
    std::string method;
    std::string target;
    HeaderPairs headers; // in the order received
    std::string body;
    std::size_t connection = 0;        // 0 for the first accepted TCP connection, 1 for the next...
    std::size_t indexOnConnection = 0; // 0 for the first request on its connection

    std::optional<std::string> header(std::string_view name) const; // case-insensitive
};

struct Reply {
    int status = 200;
    HeaderPairs headers; // Content-Length is added unless given here
    std::string body;

    // Close the socket after writing, without a "Connection: close" header: a server that
    // drops a keep-alive connection the client believes is still usable.
    bool closeAfterResponse = false;
    // Write "HTTP/1.1 100 Continue" before the final response.
    bool sendInterim100 = false;
    // Bytes written verbatim instead of a formatted response (status, headers and body are
    // ignored). An empty string writes nothing, which with closeAfterResponse simulates a
    // server closing the connection just as a request arrives.
    std::optional<std::string> rawResponse;
    // Read the request and never answer (the connection stays open until the server stops).
    bool stallHeadersForever = false;
    // Hold the response until the test calls release(): lets a test see how many requests
    // are in flight at once. Held responses are released in arrival order.
    bool holdUntilReleased = false;
};

class BeastTestServer {
public:
    using Handler = std::function<Reply(const ReceivedRequest&)>;

    // Listens on 127.0.0.1, port chosen by the system. The handler runs on the server's
    // thread; without one every request gets 200 with an empty body.
    explicit BeastTestServer(Handler handler = {});
    ~BeastTestServer(); // closes every connection and joins the thread
    BeastTestServer(const BeastTestServer&) = delete;
    BeastTestServer& operator=(const BeastTestServer&) = delete;

    void setHandler(Handler handler);

    std::uint16_t port() const;
    std::string url(std::string_view target = "/") const; // "http://127.0.0.1:<port><target>"
    std::string hostPort() const;                         // "127.0.0.1:<port>"

    // Lets n held responses go (now or, when fewer are held, as soon as they arrive).
    void release(std::size_t n = 1);

    std::size_t connectionsAccepted() const;
    std::size_t connectionsClosed() const; // sessions that have ended
    std::size_t requestsSeen() const;
    // Requests read whose final response has not started; stalled requests stay counted.
    std::size_t inFlight() const;
    std::size_t held() const; // requests waiting for release()
    std::size_t maxConcurrentRequests() const;
    std::vector<ReceivedRequest> requests() const; // every request seen, in order

    // Blocks until condition() holds, re-checking it after every change in the server.
    // safety bounds a broken test, not the speed of the code under test: false when it
    // passed without the condition holding.
    bool waitUntil(const std::function<bool()>& condition,
                   std::chrono::milliseconds safety = std::chrono::seconds(20)) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A listening socket on 127.0.0.1 whose accept queue is full and never drained: a
// connection attempt to it hangs in SYN-SENT, so connect timeouts can be tested.
class FullBacklogListener {
public:
    FullBacklogListener();
    ~FullBacklogListener();
    FullBacklogListener(const FullBacklogListener&) = delete;
    FullBacklogListener& operator=(const FullBacklogListener&) = delete;

    bool ok() const { return m_port != 0; }
    std::uint16_t port() const { return m_port; }

private:
    int m_listener = -1;
    std::vector<int> m_fillers;
    std::uint16_t m_port = 0;
};

} // namespace quiver::test
