#pragma once

#include "engine/clock.h"
#include "engine/error.h"
#include "load/latency_histogram.h"
#include "load/load_run.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace quiver::core::load {

// What one connection did. Its connection is the only writer (no lock, no allocation per
// request); snapshots read it from any thread and add it up with the others.
class ConnectionStats {
public:
    void countSent(std::uint64_t bytes);
    void countLate() { bump(m_late); }
    void recordResponse(int status, Clock::Duration latency, std::uint64_t bytesReceived);
    void recordError(ErrorKind kind);

    std::uint64_t sent() const { return m_sent.load(std::memory_order_relaxed); }
    const LatencyHistogram& latency() const { return m_latency; }

private:
    friend class StatsTotals;
    static void bump(std::atomic<std::uint64_t>& counter, std::uint64_t by = 1) {
        // One writer: a plain load and store, cheaper than a read-modify-write.
        counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    }

    static constexpr int kStatusSlots = 1000; // Beast accepts status codes 0..999
    static constexpr int kErrorSlots = int(ErrorKind::limit) + 1;

    LatencyHistogram m_latency;
    std::atomic<std::uint64_t> m_sent{0}, m_completed{0}, m_errors{0}, m_late{0};
    std::atomic<std::uint64_t> m_bytesSent{0}, m_bytesReceived{0};
    std::array<std::atomic<std::uint64_t>, kStatusSlots> m_statuses{};
    std::array<std::atomic<std::uint64_t>, kErrorSlots> m_errorKinds{};
};

// Completions per whole second since the measurement began, over all connections. Sized once:
// the counters are shared atomics, so no request ever allocates or locks.
class SecondSeries {
public:
    explicit SecondSeries(std::size_t seconds = 24 * 3600);
    void start(Clock::SteadyPoint measureStart) { m_start = measureStart; }
    void add(Clock::SteadyPoint at);
    std::vector<double> values(Clock::SteadyPoint upTo) const; // whole seconds before upTo

private:
    Clock::SteadyPoint m_start{};
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_counts;
    std::size_t m_size;
};

// Adds up connections into the counters of a snapshot.
class StatsTotals {
public:
    void add(const ConnectionStats& stats);
    // Fills counts, bytes, statuses, errors, latency and histogram; elapsed and rate fields
    // are the caller's.
    void fill(LoadSnapshot& snapshot) const;

private:
    LatencyHistogram m_latency;
    std::uint64_t m_sent = 0, m_completed = 0, m_errors = 0, m_late = 0;
    std::uint64_t m_bytesSent = 0, m_bytesReceived = 0;
    std::array<std::uint64_t, 1000> m_statuses{};
    std::array<std::uint64_t, int(ErrorKind::limit) + 1> m_errorKinds{};
};

} // namespace quiver::core::load
