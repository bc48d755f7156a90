#include "load/pacer.h"

#include <algorithm>
#include <cmath>

namespace quiver::core::load {
namespace {

double secondsBetween(Clock::SteadyPoint a, Clock::SteadyPoint b) {
    return std::chrono::duration<double>(b - a).count();
}

} // namespace

Pacer::Pacer(Plan plan) : m_plan(plan) {
    if (m_plan.rate > 0 && m_plan.measureStart > m_plan.start)
        m_firstMeasured = static_cast<std::uint64_t>(
            std::ceil(secondsBetween(m_plan.start, m_plan.measureStart) * m_plan.rate - 1e-9));
}

Clock::SteadyPoint Pacer::slotTime(std::uint64_t k) const {
    const auto offset = std::chrono::duration<double>(double(k) / m_plan.rate);
    return m_plan.start + std::chrono::duration_cast<Clock::Duration>(offset);
}

std::optional<Slot> Pacer::take(Clock::SteadyPoint now) {
    if (closed())
        return std::nullopt;
    return m_plan.rate > 0 ? takePaced(now) : takeUnpaced(now);
}

std::optional<Slot> Pacer::takeUnpaced(Clock::SteadyPoint now) {
    if (now < m_plan.measureStart)
        return Slot{now, false, true};
    if (m_plan.end && now >= *m_plan.end)
        return std::nullopt;
    const std::uint64_t k = m_next.fetch_add(1, std::memory_order_relaxed);
    if (m_plan.limit && k >= m_plan.limit)
        return std::nullopt;
    return Slot{now, false, false};
}

std::optional<Slot> Pacer::takePaced(Clock::SteadyPoint now) {
    if (m_plan.end && now >= *m_plan.end) // slots still due after the end are dropped
        return std::nullopt;
    const std::uint64_t k = m_next.fetch_add(1, std::memory_order_relaxed);
    const bool warmup = k < m_firstMeasured;
    if (!warmup && m_plan.limit && k - m_firstMeasured >= m_plan.limit)
        return std::nullopt;
    const Clock::SteadyPoint t = slotTime(k);
    if (m_plan.end && t >= *m_plan.end)
        return std::nullopt;
    return Slot{t, t < now, warmup};
}

std::uint64_t Pacer::dropped(Clock::SteadyPoint stoppedAt, std::uint64_t sent) const {
    if (m_plan.rate <= 0 || stoppedAt <= m_plan.measureStart)
        return 0;
    Clock::SteadyPoint until = stoppedAt;
    if (m_plan.end)
        until = std::min(until, *m_plan.end);
    // Slots k with slotTime(k) < until.
    auto due = static_cast<std::uint64_t>(
        std::ceil(secondsBetween(m_plan.start, until) * m_plan.rate - 1e-9));
    due = due > m_firstMeasured ? due - m_firstMeasured : 0;
    if (m_plan.limit)
        due = std::min(due, m_plan.limit);
    return due > sent ? due - sent : 0;
}

} // namespace quiver::core::load
