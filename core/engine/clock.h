#pragma once

#include <atomic>
#include <chrono>

namespace quiver::core {

// Time comes from here, never from std::chrono directly, so tests can run on virtual time.
class Clock {
public:
    using Duration = std::chrono::nanoseconds;
    using SteadyPoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;
    using WallPoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

    virtual ~Clock() = default;
    virtual SteadyPoint now() const = 0;
    virtual WallPoint wallNow() const = 0;
};

class SystemClock final : public Clock {
public:
    SteadyPoint now() const override { return std::chrono::steady_clock::now(); }
    WallPoint wallNow() const override { return std::chrono::system_clock::now(); }
};

// Virtual time for tests: it moves only when advanced.
class ManualClock final : public Clock {
public:
    explicit ManualClock(WallPoint wallStart = WallPoint(std::chrono::seconds(1'700'000'000)))
        : m_wallStart(wallStart) {}

    SteadyPoint now() const override { return SteadyPoint(Duration(m_elapsed.load())); }
    WallPoint wallNow() const override { return m_wallStart + Duration(m_elapsed.load()); }
    void advance(Duration by) { m_elapsed += by.count(); }

private:
    WallPoint m_wallStart;
    std::atomic<Duration::rep> m_elapsed{0};
};

} // namespace quiver::core
