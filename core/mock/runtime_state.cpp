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

std::size_t RuntimeState::size() const {
    std::shared_lock lock(m_mutex);
    return m_sequences.size();
}

} // namespace quiver::core::mock
