#pragma once

#include "load/load_run.h"

#include <atomic>
#include <boost/histogram.hpp>
#include <chrono>
#include <cstdint>
#include <vector>

namespace quiver::core::load {

// Latencies on a logarithmic axis from 1 µs to 10^4 s. Every bin spans a ratio of at most 1.015,
// so reporting a bin's geometric centre is within 0.75 % of any latency that fell in it: the
// 1 % error the statistics promise, whatever the scale.
//
// One writer (a connection) records; any thread may read at the same time (snapshots): counts
// are relaxed atomics, so recording takes no lock and allocates nothing.
class LatencyHistogram {
public:
    LatencyHistogram();
    LatencyHistogram(const LatencyHistogram&) = delete;
    LatencyHistogram& operator=(const LatencyHistogram&) = delete;

    void record(std::chrono::nanoseconds latency);
    // Adds everything recorded in `other` (which may be recording meanwhile).
    void merge(const LatencyHistogram& other);

    std::uint64_t count() const { return m_count.load(std::memory_order_relaxed); }
    // The latency at quantile q (0..1]: the value of rank ceil(q × count), within 1 %.
    double percentileMs(double q) const;
    LatencySummary summary() const;
    std::vector<HistogramBin> bins() const; // non-empty bins, ascending

    static constexpr double kLowestMs = 1e-3;
    static constexpr double kHighestMs = 1e7;
    static constexpr double kMaxBinRatio = 1.015;

private:
    using Axis = boost::histogram::axis::regular<double, boost::histogram::axis::transform::log>;
    using Count = boost::histogram::accumulators::count<std::uint64_t, true>;
    using Histogram =
        boost::histogram::histogram<std::tuple<Axis>, boost::histogram::dense_storage<Count>>;

    void raiseMin(std::int64_t ns);
    void raiseMax(std::int64_t ns);

    Histogram m_histogram;
    std::atomic<std::uint64_t> m_count{0};
    std::atomic<std::int64_t> m_sumNs{0};
    std::atomic<std::int64_t> m_minNs{INT64_MAX};
    std::atomic<std::int64_t> m_maxNs{0};
};

} // namespace quiver::core::load
