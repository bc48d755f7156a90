#include "mock/traffic_log.h"

#include <algorithm>

namespace quiver::core::mock {
namespace {

constexpr std::string_view kRedacted = "[redacted]";

bool isSecretHeader(std::string_view name) {
    for (std::string_view secret : {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"})
        if (model::iequals(name, secret))
            return true;
    return false;
}

void redact(model::Headers& headers) {
    for (auto& header : headers)
        if (isSecretHeader(header.name))
            header.value = kRedacted;
}

std::uint64_t headersCost(const model::Headers& headers) {
    std::uint64_t cost = 0;
    for (const auto& header : headers)
        cost += header.name.size() + header.value.size();
    return cost;
}

void truncate(TrafficBody& body, std::uint64_t maxBytes) {
    if (body.text.size() <= maxBytes)
        return;
    body.text.resize(maxBytes);
    body.truncated = true;
}

} // namespace

TrafficBody captureBody(std::string_view body, std::uint64_t maxBytes) {
    TrafficBody captured;
    captured.size = body.size();
    captured.truncated = body.size() > maxBytes;
    captured.text = std::string(body.substr(0, std::min<std::uint64_t>(body.size(), maxBytes)));
    return captured;
}

std::uint64_t byteCost(const TrafficEntry& entry) {
    std::uint64_t cost = entry.method.size() + entry.target.size() + entry.clientAddress.size() +
                         entry.routeId.size() + entry.requestBody.text.size() +
                         entry.responseBody.text.size();
    cost += headersCost(entry.requestHeaders) + headersCost(entry.responseHeaders);
    for (const auto& layer : entry.layers)
        cost += layer.layer.size();
    return cost;
}

std::uint64_t TrafficLog::append(TrafficEntry entry) {
    if (m_redact) {
        redact(entry.requestHeaders);
        redact(entry.responseHeaders);
    }
    // Work on the entry before taking the lock: writers are the server's strands.
    std::lock_guard lock(m_mutex);
    truncate(entry.requestBody, m_limits.maxBodyBytes);
    truncate(entry.responseBody, m_limits.maxBodyBytes);
    const std::uint64_t cost = byteCost(entry);
    entry.id = ++m_counters.lastId;
    m_entries.push_back(std::move(entry));
    m_costs.push_back(cost);
    m_counters.bytes += cost;
    ++m_counters.appended;
    evictLocked();
    return m_counters.lastId;
}

void TrafficLog::evictLocked() {
    while (m_entries.size() > 1 &&
           (m_entries.size() > m_limits.maxEntries || m_counters.bytes > m_limits.maxBytes)) {
        m_counters.bytes -= m_costs.front();
        m_entries.pop_front();
        m_costs.pop_front();
        ++m_counters.evicted;
    }
    m_counters.entries = m_entries.size();
}

std::vector<TrafficEntry> TrafficLog::snapshotSince(std::uint64_t since) const {
    std::lock_guard lock(m_mutex);
    if (m_entries.empty() || since >= m_entries.back().id)
        return {};
    // Ids in the ring are consecutive, so the first one wanted is found by subtraction.
    const std::uint64_t first = m_entries.front().id;
    const std::size_t skip = since < first ? 0 : static_cast<std::size_t>(since - first + 1);
    return {m_entries.begin() + static_cast<std::ptrdiff_t>(skip), m_entries.end()};
}

void TrafficLog::clear() {
    std::lock_guard lock(m_mutex);
    m_entries.clear();
    m_costs.clear();
    m_counters.bytes = 0;
    m_counters.entries = 0;
}

TrafficLog::Counters TrafficLog::counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

TrafficLog::Limits TrafficLog::limits() const {
    std::lock_guard lock(m_mutex);
    return m_limits;
}

void TrafficLog::setLimits(Limits limits) {
    std::lock_guard lock(m_mutex);
    m_limits = limits;
    evictLocked();
}

} // namespace quiver::core::mock
