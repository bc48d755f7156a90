#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace quiver::core::mock {

// A route's position in its response sequence.
using SequenceState = std::atomic<std::uint64_t>;

// The living state of a running mock server, beside its immutable snapshots (STYLE.md 11):
// an edit swaps the route table, but positions keyed by stable route ids carry on. Entries are
// created on first use and never erased while the server runs, so a returned reference stays
// valid for the life of this object and can be used without the lock.
class RuntimeState {
public:
    SequenceState& sequence(std::string_view routeId);
    std::size_t size() const;

private:
    mutable std::shared_mutex m_mutex;
    // std::map: nodes never move, and atomics cannot.
    std::map<std::string, SequenceState, std::less<>> m_sequences;
};

} // namespace quiver::core::mock
