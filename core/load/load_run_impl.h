#pragma once

// Private to core/load: includes Asio and Beast. Never include this from a public header.
#include "engine/engine_context.h"
#include "load/load_run.h"
#include "load/load_stats.h"
#include "load/pacer.h"
#include "load/response_counter.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace quiver::core::load {

namespace net = boost::asio;
namespace beast = boost::beast;
using Tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Strand = net::strand<net::io_context::executor_type>;

// What every connection of a run shares. Fixed once the run starts, except the atomics.
struct RunTarget {
    std::string wire; // the serialized request, written again and again
    std::string host;
    std::string port;
    bool tls = false;
    bool insecure = false;
    bool head = false; // a HEAD response has no body, whatever its headers say
    Tcp::resolver::results_type endpoints;
    std::unique_ptr<net::ssl::context> sslContext;
};

class LoadConnection;

struct LoadRun::Impl : std::enable_shared_from_this<LoadRun::Impl> {
    Impl(Engine& engine, LoadOptions options);
    ~Impl();

    void start(std::function<void(const LoadSnapshot&)> onDone);
    void begin();           // after the name is resolved: connections go
    void endRun();          // stops handing out requests and cancels what is in flight
    void connectionDone();  // called once by each connection when its loop ends
    void fail(Error error); // the run cannot start: it ends at once, saying why
    void complete();
    LoadSnapshot snapshot() const;
    Clock::SteadyPoint now() const { return clock.now(); }

    Engine& engine;
    detail::EngineContext& context;
    const Clock& clock;
    LoadOptions options;
    RunTarget target;
    Clock::Duration timeout{};

    std::optional<Pacer> pacer;
    SecondSeries series;
    Tcp::resolver resolver;
    net::steady_timer endTimer;
    std::function<void(const LoadSnapshot&)> onDone;

    mutable std::mutex mutex; // guards the list and the run's phase, never taken per request
    std::vector<std::unique_ptr<LoadConnection>> connections;
    std::atomic<bool> stopping{false};
    std::atomic<unsigned> active{0};
    bool started = false;
    bool ended = false;    // finishedAt is set: snapshots are final
    bool finished = false; // onDone has run
    std::condition_variable finishedChanged;
    Clock::SteadyPoint startedAt{}, measureStart{}, finishedAt{};
    std::string failure;
    ErrorKind failureKind = ErrorKind::none;
};

// One connection's request loop, on its own strand: take a slot, (connect,) write, read, again.
class LoadConnection {
public:
    LoadConnection(LoadRun::Impl& run, Strand strand);
    void start(); // posts the first turn of the loop
    const Strand& strand() const { return m_strand; }
    void cancel(); // on the strand: aborts what is pending; the loop then ends
    ConnectionStats stats;

private:
    template <class F> void withStream(F&& f) {
        if (m_tls)
            f(*m_tls);
        else
            f(*m_tcp);
    }
    beast::tcp_stream& lowest();

    void next();
    void send();
    void connect();
    void onConnect(const error_code& ec);
    void onHandshake(const error_code& ec);
    bool retryStale(const error_code& ec);
    void write();
    void onWrite(const error_code& ec, std::size_t bytes);
    void read();
    void onRead(const error_code& ec, std::size_t bytes);
    void fail(ErrorKind kind);
    void close();
    void finish();

    LoadRun::Impl& m_run;
    Strand m_strand;
    std::optional<beast::tcp_stream> m_tcp;
    std::optional<beast::ssl_stream<beast::tcp_stream>> m_tls;
    beast::flat_buffer m_buffer;
    std::optional<ResponseCounter> m_parser;
    net::steady_timer m_paceTimer;
    Slot m_slot;
    Clock::SteadyPoint m_sentAt{};
    std::uint64_t m_onThisConnection = 0; // requests answered on the open connection
    std::uint64_t m_interimBytes = 0;     // 1xx responses before the final one
    bool m_retried = false;               // the current slot was resent after a stale connection
    bool m_done = false;
};

} // namespace quiver::core::load
