#include "http/connection_pool.h"

#include <algorithm>

namespace quiver::core::http {

ConnectionPool::ConnectionPool(std::size_t limit, std::size_t limitPerHost,
                               std::chrono::milliseconds idleTimeout, const Clock& clock)
    : m_limit(limit == 0 ? SIZE_MAX : limit),
      m_limitPerHost(limitPerHost == 0 ? SIZE_MAX : limitPerHost), m_idleTimeout(idleTimeout),
      m_clock(clock) {}

bool ConnectionPool::hasSlot(const std::string& key) const {
    if (m_active >= m_limit)
        return false;
    auto it = m_activePerKey.find(key);
    return it == m_activePerKey.end() || it->second < m_limitPerHost;
}

void ConnectionPool::take(const std::string& key) {
    ++m_active;
    ++m_activePerKey[key];
}

std::shared_ptr<Connection> ConnectionPool::takeIdle(const std::string& key) {
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        return nullptr;
    auto& list = it->second;
    const auto now = m_clock.now();
    // Most recently used first: it is the least likely to have been closed by the server.
    while (!list.empty()) {
        Idle idle = std::move(list.back());
        list.pop_back();
        if (now - idle.since < m_idleTimeout && connectionLooksAlive(*idle.connection))
            return idle.connection;
    }
    m_idle.erase(it);
    return nullptr;
}

std::uint64_t ConnectionPool::acquire(const std::string& key, Grant grant) {
    std::unique_lock lock(m_mutex);
    const std::uint64_t ticket = m_nextTicket++;
    // Wait behind an older request for the same key (FIFO), but not behind waiters for other
    // hosts: they wait for their own per-host limit, and whenever this key has a slot, the
    // total limit is not what holds them (release() grants as soon as a slot fits).
    const bool sameKeyWaiting = std::any_of(m_waiters.begin(), m_waiters.end(),
                                            [&](const Waiter& w) { return w.key == key; });
    if (!hasSlot(key) || sameKeyWaiting) {
        m_waiters.push_back({ticket, key, std::move(grant)});
        return ticket;
    }
    take(key);
    Lease lease{takeIdle(key)};
    lock.unlock();
    grant(std::move(lease));
    return ticket;
}

bool ConnectionPool::withdraw(std::uint64_t ticket) {
    std::lock_guard lock(m_mutex);
    auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                           [&](const Waiter& w) { return w.ticket == ticket; });
    if (it == m_waiters.end())
        return false;
    m_waiters.erase(it);
    return true;
}

void ConnectionPool::release(const std::string& key, std::shared_ptr<Connection> connection,
                             bool reusable) {
    std::unique_lock lock(m_mutex);
    --m_active;
    if (auto it = m_activePerKey.find(key); it != m_activePerKey.end() && --it->second == 0)
        m_activePerKey.erase(it);
    if (reusable && connection)
        m_idle[key].push_back({std::move(connection), m_clock.now()});

    // The first waiter whose host has room gets the slot (FIFO within the per-host limit).
    auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                           [&](const Waiter& w) { return hasSlot(w.key); });
    if (it == m_waiters.end())
        return;
    Waiter waiter = std::move(*it);
    m_waiters.erase(it);
    take(waiter.key);
    Lease lease{takeIdle(waiter.key)};
    lock.unlock();
    waiter.grant(std::move(lease));
}

void ConnectionPool::closeIdle() {
    std::map<std::string, std::vector<Idle>> dropped;
    {
        std::lock_guard lock(m_mutex);
        dropped.swap(m_idle);
    }
}

std::size_t ConnectionPool::idleCount() const {
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto& [key, list] : m_idle)
        n += list.size();
    return n;
}

std::size_t ConnectionPool::activeCount() const {
    std::lock_guard lock(m_mutex);
    return m_active;
}

std::size_t ConnectionPool::waitingCount() const {
    std::lock_guard lock(m_mutex);
    return m_waiters.size();
}

} // namespace quiver::core::http
