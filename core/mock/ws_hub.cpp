#include "mock/ws_hub.h"

namespace quiver::core::mock {

namespace {

std::uint64_t costOf(const WsEvent& event) {
    return sizeof(WsEvent) + event.routeId.size() + event.detail.size() +
           (event.payload ? event.payload->size() : 0);
}

} // namespace

std::uint64_t WsLog::append(WsEvent event) {
    std::lock_guard lock(m_mutex);
    event.id = ++m_lastId;
    m_bytes += costOf(event);
    m_events.push_back(std::move(event));
    // The newest event always stays, even alone over maxBytes.
    while (m_events.size() > 1 &&
           (m_events.size() > m_limits.maxEvents || m_bytes > m_limits.maxBytes)) {
        m_bytes -= costOf(m_events.front());
        m_events.pop_front();
    }
    return m_lastId;
}

std::vector<WsEvent> WsLog::snapshotSince(std::uint64_t since) const {
    std::lock_guard lock(m_mutex);
    std::vector<WsEvent> out;
    // Ids are consecutive, so the first wanted event is found by arithmetic.
    if (m_events.empty() || since >= m_lastId)
        return out;
    const std::uint64_t first = m_events.front().id;
    const std::size_t skip = since < first ? 0 : static_cast<std::size_t>(since - first + 1);
    out.assign(m_events.begin() + static_cast<std::ptrdiff_t>(skip), m_events.end());
    return out;
}

std::uint64_t WsLog::lastId() const {
    std::lock_guard lock(m_mutex);
    return m_lastId;
}

std::uint64_t WsHub::add(const std::string& routeId, std::weak_ptr<WsPeer> peer) {
    std::lock_guard lock(m_mutex);
    const std::uint64_t id = ++m_nextId;
    m_byId.emplace(id, peer);
    auto room = m_rooms.find(routeId);
    if (room == m_rooms.end())
        room = m_rooms.emplace(routeId, std::map<std::uint64_t, std::weak_ptr<WsPeer>>{}).first;
    room->second.emplace(id, std::move(peer));
    return id;
}

void WsHub::remove(const std::string& routeId, std::uint64_t id) {
    std::lock_guard lock(m_mutex);
    m_byId.erase(id);
    if (auto room = m_rooms.find(routeId); room != m_rooms.end()) {
        room->second.erase(id);
        if (room->second.empty())
            m_rooms.erase(room);
    }
}

std::vector<std::shared_ptr<WsPeer>> WsHub::peers(std::string_view routeId) const {
    std::vector<std::shared_ptr<WsPeer>> out;
    std::lock_guard lock(m_mutex);
    const auto collect = [&out](const auto& members) {
        out.reserve(members.size());
        for (const auto& [id, weak] : members)
            if (auto peer = weak.lock())
                out.push_back(std::move(peer));
    };
    if (routeId.empty()) {
        collect(m_byId);
    } else if (auto room = m_rooms.find(routeId); room != m_rooms.end()) {
        collect(room->second);
    }
    return out;
}

std::shared_ptr<WsPeer> WsHub::find(std::uint64_t id) const {
    std::lock_guard lock(m_mutex);
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : it->second.lock();
}

std::size_t WsHub::size() const {
    std::lock_guard lock(m_mutex);
    return m_byId.size();
}

} // namespace quiver::core::mock
