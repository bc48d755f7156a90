#pragma once

#include "engine/clock.h"
#include "mock/exchange.h"
#include "model/header.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::mock {

// A body as the log keeps it: at most the log's body limit, with the size it really had.
struct TrafficBody {
    std::string text;
    std::uint64_t size = 0; // before truncation
    bool truncated = false;
};

// Keeps at most maxBytes of body, marking a cut.
TrafficBody captureBody(std::string_view body, std::uint64_t maxBytes);

// One request and its reply as the traffic panel and the CLI show them.
struct TrafficEntry {
    std::uint64_t id = 0;  // given by the log: 1, 2, 3... never reused, even after clear()
    Clock::WallPoint time; // when the request reached the logging layer
    std::string method;
    std::string target;
    int status = 0;
    MockReply::Fault fault = MockReply::Fault::none;
    model::Headers requestHeaders;
    model::Headers responseHeaders;
    TrafficBody requestBody;
    TrafficBody responseBody;
    Clock::Duration total{};
    std::vector<LayerTiming> layers;
    std::string clientAddress;
    std::string routeId;
};

// The bounds of a TrafficLog (the request log layer's defaults).
struct TrafficLimits {
    std::uint64_t maxEntries = 10'000;
    std::uint64_t maxBytes = 64ull << 20;
    std::uint64_t maxBodyBytes = 64 << 10;
};

// What an entry costs against maxBytes: the bytes of its strings.
std::uint64_t byteCost(const TrafficEntry& entry);

// The bounded ring of recent traffic, shared by the server (writers, one per connection
// strand) and the UI or CLI (readers polling with snapshotSince), hence the lock. The oldest
// entries go when either bound is passed; the newest is always kept, even alone over maxBytes,
// so the last request can be inspected.
class TrafficLog {
public:
    using Limits = TrafficLimits;
    struct Counters {
        std::uint64_t appended = 0;
        std::uint64_t evicted = 0;
        std::uint64_t entries = 0;
        std::uint64_t bytes = 0;
        std::uint64_t lastId = 0;
    };

    // redact = false keeps secrets (the user asked for it, DESIGN.md).
    explicit TrafficLog(Limits limits = {}, bool redact = true)
        : m_limits(limits), m_redact(redact) {}
    TrafficLog(const TrafficLog&) = delete;
    TrafficLog& operator=(const TrafficLog&) = delete;

    // Redacts, truncates bodies over maxBodyBytes, stores and evicts; returns the new id.
    std::uint64_t append(TrafficEntry entry);
    // Entries with an id above `since`, oldest first; pass the last id seen to read a batch.
    std::vector<TrafficEntry> snapshotSince(std::uint64_t since) const;
    void clear();
    Counters counters() const;
    Limits limits() const;
    // New limits apply at once (an edited server keeps its log); shrinking evicts.
    void setLimits(Limits limits);

private:
    void evictLocked();

    mutable std::mutex m_mutex;
    Limits m_limits;
    const bool m_redact;
    std::deque<TrafficEntry> m_entries;
    std::deque<std::uint64_t> m_costs; // byteCost of each entry, computed once
    Counters m_counters;
};

} // namespace quiver::core::mock
