#pragma once
// Helpers of the WebSocket console tests: messages to feed the models, and a fake session that
// records what the console asked of it (the engine's own session is tested in integration).

#include "bridge/ws_host.h"

#include <mutex>

namespace wstest {

using namespace quiver::core;

inline ws::Message message(std::string payload, ws::Opcode opcode = ws::Opcode::text,
                           ws::Direction direction = ws::Direction::received) {
    ws::Message m;
    m.direction = direction;
    m.opcode = opcode;
    m.payload = std::make_shared<const std::string>(std::move(payload));
    m.time = Clock::WallPoint(std::chrono::seconds(1'700'000'000));
    return m;
}

inline std::vector<ws::Message> numbered(int count, std::size_t size = 1, int first = 0) {
    std::vector<ws::Message> batch;
    for (int i = first; i < first + count; ++i) {
        std::string payload = std::to_string(i);
        payload.resize(std::max(size, payload.size()), '.');
        batch.push_back(message(payload));
    }
    return batch;
}

class FakeSession final : public ws::Session {
public:
    explicit FakeSession(std::shared_ptr<ws::SessionObserver> observer)
        : observer(std::move(observer)) {}
    void connect() override { ++connects; }
    void sendText(std::string text) override {
        std::lock_guard lock(mutex);
        sentText.push_back(std::move(text));
    }
    void sendBinary(std::string bytes) override {
        std::lock_guard lock(mutex);
        sentBinary.push_back(std::move(bytes));
    }
    void ping(std::string) override {}
    void close(std::uint16_t code, std::string reason) override {
        closeCode = code;
        closeReason = std::move(reason);
    }
    void abort() override { ++aborts; }
    ws::State state() const override { return ws::State::open; }

    std::shared_ptr<ws::SessionObserver> observer;
    std::mutex mutex;
    std::vector<std::string> sentText;
    std::vector<std::string> sentBinary;
    int connects = 0;
    int aborts = 0;
    std::uint16_t closeCode = 0;
    std::string closeReason;
};

// A factory that keeps the sessions it made, newest last.
struct FakeSessions {
    std::vector<std::shared_ptr<FakeSession>> made;
    std::vector<ws::SessionOptions> options;

    quiver::ui::WsHost::SessionFactory factory() {
        return [this](ws::SessionOptions o, std::shared_ptr<ws::SessionObserver> observer) {
            options.push_back(std::move(o));
            made.push_back(std::make_shared<FakeSession>(std::move(observer)));
            return made.back();
        };
    }
};

} // namespace wstest
