#include "load/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace quiver::core::load {
namespace {

unsigned binCount() {
    const double decades = std::log(LatencyHistogram::kHighestMs / LatencyHistogram::kLowestMs);
    return static_cast<unsigned>(std::ceil(decades / std::log(LatencyHistogram::kMaxBinRatio)));
}

double nsToMs(std::int64_t ns) {
    return static_cast<double>(ns) / 1e6;
}

} // namespace

LatencyHistogram::LatencyHistogram()
    : m_histogram(boost::histogram::make_histogram_with(boost::histogram::dense_storage<Count>(),
                                                        Axis(binCount(), kLowestMs, kHighestMs))) {}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
    const std::int64_t ns = std::max<std::int64_t>(0, latency.count());
    m_histogram(nsToMs(ns));
    m_sumNs.fetch_add(ns, std::memory_order_relaxed);
    raiseMin(ns);
    raiseMax(ns);
    // Last, so a reader that sees the count also sees the bins it covers (nearly always).
    m_count.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::raiseMin(std::int64_t ns) {
    std::int64_t seen = m_minNs.load(std::memory_order_relaxed);
    while (ns < seen && !m_minNs.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
    }
}

void LatencyHistogram::raiseMax(std::int64_t ns) {
    std::int64_t seen = m_maxNs.load(std::memory_order_relaxed);
    while (ns > seen && !m_maxNs.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
    }
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    const std::uint64_t n = other.m_count.load(std::memory_order_relaxed);
    if (n == 0)
        return;
    for (auto&& cell :
         boost::histogram::indexed(other.m_histogram, boost::histogram::coverage::all))
        if (const std::uint64_t c = cell->value())
            m_histogram.at(cell.index()) += c;
    m_sumNs.fetch_add(other.m_sumNs.load(std::memory_order_relaxed), std::memory_order_relaxed);
    raiseMin(other.m_minNs.load(std::memory_order_relaxed));
    raiseMax(other.m_maxNs.load(std::memory_order_relaxed));
    m_count.fetch_add(n, std::memory_order_relaxed);
}

double LatencyHistogram::percentileMs(double q) const {
    std::uint64_t total = 0;
    for (auto&& cell : boost::histogram::indexed(m_histogram, boost::histogram::coverage::all))
        total += cell->value();
    if (total == 0)
        return 0;
    const double minMs = nsToMs(m_minNs.load(std::memory_order_relaxed));
    const double maxMs = nsToMs(m_maxNs.load(std::memory_order_relaxed));
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * double(total))));
    std::uint64_t seen = 0;
    for (auto&& cell : boost::histogram::indexed(m_histogram, boost::histogram::coverage::all)) {
        seen += cell->value();
        if (seen < rank)
            continue;
        const int i = cell.index();
        if (i < 0)
            return minMs;
        if (i >= m_histogram.axis().size())
            return maxMs;
        const auto bin = cell.bin();
        return std::clamp(std::sqrt(bin.lower() * bin.upper()), minMs, maxMs);
    }
    return maxMs;
}

LatencySummary LatencyHistogram::summary() const {
    LatencySummary s;
    const std::uint64_t n = count();
    if (n == 0)
        return s;
    s.minMs = nsToMs(m_minNs.load(std::memory_order_relaxed));
    s.maxMs = nsToMs(m_maxNs.load(std::memory_order_relaxed));
    s.meanMs = nsToMs(m_sumNs.load(std::memory_order_relaxed)) / double(n);
    s.p50Ms = percentileMs(0.5);
    s.p90Ms = percentileMs(0.9);
    s.p99Ms = percentileMs(0.99);
    s.p999Ms = percentileMs(0.999);
    return s;
}

std::vector<HistogramBin> LatencyHistogram::bins() const {
    std::vector<HistogramBin> out;
    for (auto&& cell : boost::histogram::indexed(m_histogram, boost::histogram::coverage::all)) {
        const std::uint64_t c = cell->value();
        if (c == 0)
            continue;
        const int i = cell.index();
        HistogramBin bin;
        bin.count = c;
        if (i < 0) {
            bin.upperMs = kLowestMs;
        } else if (i >= m_histogram.axis().size()) {
            bin.lowerMs = kHighestMs;
            bin.upperMs = nsToMs(m_maxNs.load(std::memory_order_relaxed));
        } else {
            bin.lowerMs = cell.bin().lower();
            bin.upperMs = cell.bin().upper();
        }
        out.push_back(bin);
    }
    return out;
}

} // namespace quiver::core::load
