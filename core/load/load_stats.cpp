#include "load/load_stats.h"

#include <algorithm>
#include <string>

namespace quiver::core::load {

void ConnectionStats::countSent(std::uint64_t bytes) {
    bump(m_sent);
    bump(m_bytesSent, bytes);
}

void ConnectionStats::recordResponse(int status, Clock::Duration latency,
                                     std::uint64_t bytesReceived) {
    m_latency.record(latency);
    bump(m_statuses[std::size_t(std::clamp(status, 0, kStatusSlots - 1))]);
    bump(m_bytesReceived, bytesReceived);
    bump(m_completed);
}

void ConnectionStats::recordError(ErrorKind kind) {
    bump(m_errorKinds[std::size_t(std::clamp(int(kind), 0, kErrorSlots - 1))]);
    bump(m_errors);
}

SecondSeries::SecondSeries(std::size_t seconds)
    : m_counts(new std::atomic<std::uint64_t>[std::max<std::size_t>(seconds, 1)]),
      m_size(std::max<std::size_t>(seconds, 1)) {
    for (std::size_t i = 0; i < m_size; ++i)
        m_counts[i].store(0, std::memory_order_relaxed);
}

void SecondSeries::add(Clock::SteadyPoint at) {
    if (at < m_start)
        return;
    const auto second =
        std::size_t(std::chrono::duration_cast<std::chrono::seconds>(at - m_start).count());
    m_counts[std::min(second, m_size - 1)].fetch_add(1, std::memory_order_relaxed);
}

std::vector<double> SecondSeries::values(Clock::SteadyPoint upTo) const {
    std::vector<double> out;
    if (upTo <= m_start)
        return out;
    const auto whole =
        std::size_t(std::chrono::duration_cast<std::chrono::seconds>(upTo - m_start).count());
    for (std::size_t i = 0; i < std::min(whole, m_size); ++i)
        out.push_back(double(m_counts[i].load(std::memory_order_relaxed)));
    return out;
}

void StatsTotals::add(const ConnectionStats& s) {
    auto get = [](const std::atomic<std::uint64_t>& a) {
        return a.load(std::memory_order_relaxed);
    };
    m_sent += get(s.m_sent);
    m_completed += get(s.m_completed);
    m_errors += get(s.m_errors);
    m_late += get(s.m_late);
    m_bytesSent += get(s.m_bytesSent);
    m_bytesReceived += get(s.m_bytesReceived);
    for (std::size_t i = 0; i < m_statuses.size(); ++i)
        m_statuses[i] += get(s.m_statuses[i]);
    for (std::size_t i = 0; i < m_errorKinds.size(); ++i)
        m_errorKinds[i] += get(s.m_errorKinds[i]);
    m_latency.merge(s.m_latency);
}

void StatsTotals::fill(LoadSnapshot& out) const {
    out.sent = m_sent;
    out.completed = m_completed;
    out.errors = m_errors;
    out.late = m_late;
    out.bytesSent = m_bytesSent;
    out.bytesReceived = m_bytesReceived;
    out.statusCounts.clear();
    for (std::size_t i = 0; i < m_statuses.size(); ++i)
        if (m_statuses[i])
            out.statusCounts[int(i)] = m_statuses[i];
    out.errorCounts.clear();
    for (std::size_t i = 0; i < m_errorKinds.size(); ++i)
        if (m_errorKinds[i])
            out.errorCounts[std::string(toString(ErrorKind(i)))] = m_errorKinds[i];
    out.latency = m_latency.summary();
    out.histogram = m_latency.bins();
}

} // namespace quiver::core::load
