#pragma once

#include "engine/clock.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace quiver::core::http {

struct Connection; // private to client.cpp: holds the Beast stream
// True when a pooled connection can still be used (the peer has not closed it).
bool connectionLooksAlive(Connection& connection);

// Keep-alive pool keyed by scheme, host, port and proxy, with a total limit and a per-host
// limit on connections in use (aiohttp's limit / limit_per_host). A request that finds no
// free slot waits in FIFO order and is granted a slot when another request releases one.
class ConnectionPool {
public:
    // connection is null when the holder must open a new one (its slot is already counted).
    struct Lease {
        std::shared_ptr<Connection> connection;
    };
    using Grant = std::function<void(Lease)>;

    ConnectionPool(std::size_t limit, std::size_t limitPerHost,
                   std::chrono::milliseconds idleTimeout, const Clock& clock);

    // Calls grant now (on this thread) or later (on the thread that releases a slot).
    // Returns a ticket to withdraw a request that is still waiting.
    std::uint64_t acquire(const std::string& key, Grant grant);
    // True when the ticket was still waiting and is now withdrawn (its grant will never run).
    bool withdraw(std::uint64_t ticket);
    // Gives the slot back; a reusable connection becomes idle for the next request of its key.
    void release(const std::string& key, std::shared_ptr<Connection> connection, bool reusable);
    void closeIdle();

    std::size_t idleCount() const;
    std::size_t activeCount() const;
    std::size_t waitingCount() const;

private:
    struct Idle {
        std::shared_ptr<Connection> connection;
        Clock::SteadyPoint since;
    };
    struct Waiter {
        std::uint64_t ticket;
        std::string key;
        Grant grant;
    };

    bool hasSlot(const std::string& key) const;
    std::shared_ptr<Connection> takeIdle(const std::string& key);
    void take(const std::string& key);

    const std::size_t m_limit;
    const std::size_t m_limitPerHost;
    const std::chrono::milliseconds m_idleTimeout;
    const Clock& m_clock;

    mutable std::mutex m_mutex;
    std::size_t m_active = 0;
    std::map<std::string, std::size_t> m_activePerKey;
    std::map<std::string, std::vector<Idle>> m_idle;
    std::deque<Waiter> m_waiters;
    std::uint64_t m_nextTicket = 1;
};

} // namespace quiver::core::http
