#pragma once

#include "engine/clock.h"

#include <atomic>
#include <cstdint>
#include <optional>

namespace quiver::core::load {

// One request's place in the run.
struct Slot {
    Clock::SteadyPoint scheduled{}; // when it should go; latency counts from here
    bool late = false;              // rate mode: its time had passed when a connection was free
    bool warmup = false;            // sent before the measurement began: not counted
};

// Hands out the requests of a run to free connections, lock-free. Without a rate a slot is
// "now"; with a rate R slot k is scheduled at start + k/R on one global schedule, so a
// connection that comes back late sends at once and its latency still counts from the
// scheduled time (no coordinated omission). Slots scheduled during the warm-up are extra:
// `limit` counts only measured ones, and the measured window is [measureStart, end).
class Pacer {
public:
    struct Plan {
        Clock::SteadyPoint start{};        // the first slot (rate mode)
        Clock::SteadyPoint measureStart{}; // end of the warm-up
        double rate = 0;                   // slots per second; 0 = as fast as connections go
        std::uint64_t limit = 0;           // measured slots; 0 = until `end`
        std::optional<Clock::SteadyPoint> end;
    };

    explicit Pacer(Plan plan);

    // The next slot for a connection that is free at `now`, or nothing when the run is over.
    std::optional<Slot> take(Clock::SteadyPoint now);
    void close() { m_closed.store(true, std::memory_order_relaxed); }
    bool closed() const { return m_closed.load(std::memory_order_relaxed); }

    // Rate mode: measured slots scheduled before `stoppedAt` that were never sent, given how
    // many measured slots were sent. Zero without a rate.
    std::uint64_t dropped(Clock::SteadyPoint stoppedAt, std::uint64_t sent) const;

    const Plan& plan() const { return m_plan; }

private:
    std::optional<Slot> takeUnpaced(Clock::SteadyPoint now);
    std::optional<Slot> takePaced(Clock::SteadyPoint now);
    Clock::SteadyPoint slotTime(std::uint64_t k) const;

    Plan m_plan;
    std::uint64_t m_firstMeasured = 0; // rate mode: index of the first slot after the warm-up
    std::atomic<std::uint64_t> m_next{0};
    std::atomic<bool> m_closed{false};
};

} // namespace quiver::core::load
