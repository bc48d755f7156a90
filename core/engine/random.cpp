#include "engine/random.h"

#include <array>

namespace quiver::core {

std::int64_t Random::uniform(std::int64_t low, std::int64_t high) {
    if (high < low)
        std::swap(low, high);
    std::uniform_int_distribution<std::int64_t> dist(low, high);
    std::lock_guard lock(m_mutex);
    return dist(m_engine);
}

std::string Random::uuid() {
    std::array<std::uint8_t, 16> bytes{};
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    {
        std::lock_guard lock(m_mutex);
        hi = m_engine();
        lo = m_engine();
    }
    for (int i = 0; i < 8; ++i) {
        bytes[i] = static_cast<std::uint8_t>(hi >> (8 * i));
        bytes[8 + i] = static_cast<std::uint8_t>(lo >> (8 * i));
    }
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0x0f]);
    }
    return out;
}

std::string Random::token(std::size_t length) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out(length, 'x');
    for (auto& c : out)
        c = alphabet[next() % (sizeof(alphabet) - 1)];
    return out;
}

} // namespace quiver::core
