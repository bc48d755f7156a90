#pragma once

// Records what a ws::Session reports, for the tests to wait on with QTRY_*.
#include "engine/engine.h"
#include "ws/session.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <vector>

namespace quiver::test {

class NullSink final : public core::EventSink {
public:
    void post(core::Event) override {}
};

class WsRecorder final : public core::ws::SessionObserver {
public:
    using State = core::ws::State;
    using Message = core::ws::Message;

    void onState(const core::ws::StateChange& change) override {
        std::lock_guard lock(m_mutex);
        m_states.push_back(change);
    }
    void onMessage(const Message& message) override {
        std::lock_guard lock(m_mutex);
        m_messages.push_back(message);
    }

    int count(State state) const {
        std::lock_guard lock(m_mutex);
        return static_cast<int>(std::count_if(m_states.begin(), m_states.end(),
                                              [&](const auto& c) { return c.state == state; }));
    }
    std::optional<core::ws::StateChange> last(State state) const {
        std::lock_guard lock(m_mutex);
        for (auto it = m_states.rbegin(); it != m_states.rend(); ++it)
            if (it->state == state)
                return *it;
        return std::nullopt;
    }
    std::vector<core::ws::StateChange> states() const {
        std::lock_guard lock(m_mutex);
        return m_states;
    }
    // Messages in one direction, optionally of one opcode.
    std::vector<Message> messages(core::ws::Direction direction,
                                  std::optional<core::ws::Opcode> opcode = std::nullopt) const {
        std::lock_guard lock(m_mutex);
        std::vector<Message> out;
        for (const auto& m : m_messages)
            if (m.direction == direction && (!opcode || m.opcode == *opcode))
                out.push_back(m);
        return out;
    }
    std::vector<Message> received() const { return messages(core::ws::Direction::received); }
    int receivedData() const {
        int n = 0;
        for (const auto& m : received())
            n += m.opcode == core::ws::Opcode::text || m.opcode == core::ws::Opcode::binary;
        return n;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<core::ws::StateChange> m_states;
    std::vector<Message> m_messages;
};

// A new recorder and a session reporting to it, connecting.
inline std::shared_ptr<core::ws::Session> openRecorded(core::Engine& engine,
                                                       core::ws::SessionOptions options,
                                                       std::shared_ptr<WsRecorder>& recorder) {
    recorder = std::make_shared<WsRecorder>();
    auto session = core::ws::Session::create(engine, std::move(options), recorder);
    session->connect();
    return session;
}

} // namespace quiver::test
