// Echo round trips and pipelined messages through a core/ws session, for ws_client_bench.sh.
// Usage: quiver-ws-client-bench URL rtt|pipelined SIZE COUNT
//   rtt:       COUNT sequential binary messages of SIZE bytes; prints "median_us p99_us"
//   pipelined: COUNT messages sent without waiting, then every echo counted; prints "msgs_per_s"
#include "engine/engine.h"
#include "ws/session.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

namespace {

using namespace quiver::core;
using Steady = std::chrono::steady_clock;

class NullSink final : public EventSink {
public:
    void post(Event) override {}
};

class Counter final : public ws::SessionObserver {
public:
    void onState(const ws::StateChange& change) override {
        std::lock_guard lock(m_mutex);
        if (change.state == ws::State::open)
            m_open = true;
        if (change.state == ws::State::closed) {
            m_closed = true;
            if (change.error)
                std::fprintf(stderr, "ws bench: %s\n", change.error.message.c_str());
        }
        m_changed.notify_all();
    }
    void onMessage(const ws::Message& message) override {
        if (message.direction != ws::Direction::received || message.opcode != ws::Opcode::binary)
            return;
        std::lock_guard lock(m_mutex);
        ++m_received;
        m_changed.notify_all();
    }
    bool waitOpen() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_open || m_closed; });
        return m_open && !m_closed;
    }
    bool waitReceived(long n) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_received >= n || m_closed; });
        return m_received >= n;
    }
    void waitClosed() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_closed; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_open = false;
    bool m_closed = false;
    long m_received = 0;
};

double microseconds(Steady::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s URL rtt|pipelined SIZE COUNT\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[2];
    const std::string payload(std::strtoul(argv[3], nullptr, 10), 'x');
    const long count = std::strtol(argv[4], nullptr, 10);
    NullSink sink;
    Engine engine(sink, EngineOptions{.threads = 1});
    auto counter = std::make_shared<Counter>();
    ws::SessionOptions options;
    options.url = argv[1];
    options.deflate = false;
    auto session = ws::Session::create(engine, options, counter);
    session->connect();
    if (!counter->waitOpen())
        return 3;
    const long warmup = 200;
    for (long i = 1; i <= warmup; ++i) {
        session->sendBinary(payload);
        counter->waitReceived(i);
    }
    if (mode == "rtt") {
        std::vector<double> samples;
        samples.reserve(count);
        for (long i = 1; i <= count; ++i) {
            const auto t0 = Steady::now();
            session->sendBinary(payload);
            if (!counter->waitReceived(warmup + i))
                return 7;
            samples.push_back(microseconds(Steady::now() - t0));
        }
        std::sort(samples.begin(), samples.end());
        std::printf("%.1f %.1f\n", samples[samples.size() / 2], samples[samples.size() * 99 / 100]);
    } else {
        const auto t0 = Steady::now();
        for (long i = 0; i < count; ++i)
            session->sendBinary(payload);
        if (!counter->waitReceived(warmup + count))
            return 7;
        std::printf("%.0f\n", count / (microseconds(Steady::now() - t0) / 1e6));
    }
    session->close();
    counter->waitClosed();
    return 0;
}
