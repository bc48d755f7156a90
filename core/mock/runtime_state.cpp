#include "mock/runtime_state.h"

#include <mutex>

namespace quiver::core::mock {

SequenceState& RuntimeState::sequence(std::string_view routeId) {
    {
        // Every request after the first finds its entry under the shared lock.
        std::shared_lock lock(m_mutex);
        if (auto it = m_sequences.find(routeId); it != m_sequences.end())
            return it->second;
    }
    std::unique_lock lock(m_mutex);
    return m_sequences.try_emplace(std::string(routeId), 0).first->second;
}

TokenBucket& RuntimeState::bucket(std::string_view layerId, std::string_view key) {
    // A newline cannot occur in an id or a header value, so the joined key is unambiguous.
    std::string name = std::string(layerId) + '\n' + std::string(key);
    {
        std::shared_lock lock(m_bucketMutex);
        if (auto it = m_buckets.find(name); it != m_buckets.end())
            return it->second;
    }
    std::unique_lock lock(m_bucketMutex);
    if (auto it = m_buckets.find(name); it != m_buckets.end())
        return it->second;
    if (m_buckets.size() >= kMaxBuckets)
        name = std::string(layerId) + "\n\n"; // the overflow bucket: no key ends in '\n'
    return m_buckets.try_emplace(std::move(name)).first->second;
}

std::size_t RuntimeState::bucketCount() const {
    std::shared_lock lock(m_bucketMutex);
    return m_buckets.size();
}

std::size_t RuntimeState::size() const {
    std::shared_lock lock(m_mutex);
    return m_sequences.size();
}

} // namespace quiver::core::mock
