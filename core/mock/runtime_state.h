#pragma once

#include "mock/ws_hub.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace quiver::core::mock {

// A route's position in its response sequence.
using SequenceState = std::atomic<std::uint64_t>;

// A rate-limit token bucket. Its own mutex: requests on different connections share it, and
// taking one bucket must not stall the others.
struct TokenBucket {
    std::mutex mutex;
    double tokens = 0;
    std::int64_t lastRefillNs = 0; // steady clock, nanoseconds since its epoch
    bool started = false;          // the first take fills it to capacity
};

// The living state of a running mock server, beside its immutable snapshots (STYLE.md 11):
// an edit swaps the route table, but positions keyed by stable route ids carry on. Entries are
// created on first use and never erased while the server runs, so a returned reference stays
// valid for the life of this object and can be used without the lock.
class RuntimeState {
public:
    SequenceState& sequence(std::string_view routeId);
    std::size_t size() const;

    // The bucket of one key (a client address, a header value) of one rate-limit layer. Keyed
    // by the layer's id so a rebuilt layer with the same id goes on with the same buckets.
    // Memory: one entry per distinct key, capped at kMaxBuckets; past the cap, new keys share
    // one overflow bucket per layer (they are limited together rather than not at all).
    TokenBucket& bucket(std::string_view layerId, std::string_view key);
    std::size_t bucketCount() const;
    static constexpr std::size_t kMaxBuckets = 100'000;

    // Connected WebSocket clients and their rooms (by route id), and the WebSocket event log.
    WsHub& wsHub() { return m_wsHub; }

private:
    WsHub m_wsHub;
    mutable std::shared_mutex m_mutex;
    // std::map: nodes never move, and atomics cannot.
    std::map<std::string, SequenceState, std::less<>> m_sequences;
    mutable std::shared_mutex m_bucketMutex;
    std::map<std::string, TokenBucket, std::less<>> m_buckets; // "<layer id>\n<key>"
};

} // namespace quiver::core::mock
