// N GETs at concurrency C through the engine's HTTP client; prints requests per second.
// Usage: quiver-engine-bench URL N C
#include "engine/engine.h"
#include "engine/event_sink.h"
#include "http/client.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace {

using namespace quiver::core;

// Each answer immediately sends the next request until N have been sent.
class ChainSink final : public EventSink {
public:
    void post(Event event) override {
        auto* result = std::get_if<HttpResultEvent>(&event);
        if (!result)
            return;
        if (result->error)
            m_errors++;
        if (m_sent.fetch_add(1) < m_total)
            m_client->send(m_request);
        if (m_done.fetch_add(1) + 1 == m_total) {
            std::lock_guard lock(m_mutex);
            m_finished.notify_all();
        }
    }
    void start(http::Client& client, model::Request request, long total, long concurrency) {
        m_client = &client;
        m_request = std::move(request);
        m_total = total;
        m_sent = concurrency;
        for (long i = 0; i < concurrency && i < total; ++i)
            client.send(m_request);
    }
    void wait() {
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [&] { return m_done.load() >= m_total; });
    }
    long errors() const { return m_errors.load(); }

private:
    http::Client* m_client = nullptr;
    model::Request m_request;
    long m_total = 0;
    std::atomic<long> m_sent{0};
    std::atomic<long> m_done{0};
    std::atomic<long> m_errors{0};
    std::mutex m_mutex;
    std::condition_variable m_finished;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s URL N C\n", argv[0]);
        return 2;
    }
    const long total = std::atol(argv[2]);
    const long concurrency = std::atol(argv[3]);
    ChainSink sink;
    Engine engine(sink, {.threads = 1});
    http::Client client(engine,
                        {.limit = static_cast<std::size_t>(concurrency), .useCookieJar = false});
    model::Request request;
    request.url = argv[1];
    request.settings.decompress = false;
    const auto start = std::chrono::steady_clock::now();
    sink.start(client, request, total, concurrency);
    sink.wait();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("requests %ld errors %ld seconds %.3f rps %.0f\n", total, sink.errors(), seconds,
                total / seconds);
    return sink.errors() ? 1 : 0;
}
