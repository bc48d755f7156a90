#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace quiver::core {

// Seedable source of randomness: a fixed seed gives a repeatable sequence in tests.
class Random {
public:
    explicit Random(std::uint64_t seed = std::random_device{}()) : m_engine(seed) {}

    std::uint64_t next() {
        std::lock_guard lock(m_mutex);
        return m_engine();
    }
    // Uniform integer in [low, high].
    std::int64_t uniform(std::int64_t low, std::int64_t high);
    // RFC 4122 version 4 UUID text.
    std::string uuid();
    // Random token of [A-Za-z0-9], e.g. multipart boundaries.
    std::string token(std::size_t length);

private:
    std::mutex m_mutex;
    std::mt19937_64 m_engine;
};

} // namespace quiver::core
