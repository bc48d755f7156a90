#pragma once

#include "ws/session.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace quiver::core {
class Engine;
}

namespace quiver::ui {

using WsBatch = std::shared_ptr<const std::vector<core::ws::Message>>;

// Owns the GUI's WebSocket sessions, one per console, keyed by a string the console picks.
// Engine threads only append to a locked inbox and return; the first message into an empty
// inbox posts one wake-up, and the UI thread drains every inbox about 30 times a second. Each
// inbox holds at most kMaxQueued messages: under a flood the oldest are dropped and counted
// (droppedFromView), so memory and the work per tick stay bounded whatever the peer sends.
class WsHost final : public QObject {
    Q_OBJECT
public:
    using SessionFactory = std::function<std::shared_ptr<core::ws::Session>(
        core::ws::SessionOptions, std::shared_ptr<core::ws::SessionObserver>)>;
    // The most messages one session's inbox keeps between two ticks (~60,000 a second shown).
    static constexpr std::size_t kMaxQueued = 2000;
    static constexpr int kDrainIntervalMs = 33;

    explicit WsHost(SessionFactory factory, QObject* parent = nullptr);
    // Aborts every session (no close handshake: the window is going).
    ~WsHost() override;

    // Replaces any session under key with a new one and connects it.
    void open(const QString& key, core::ws::SessionOptions options);
    void sendText(const QString& key, std::string text);
    void sendBinary(const QString& key, std::string bytes);
    void ping(const QString& key, std::string payload = {});
    void close(const QString& key, std::uint16_t code = 1000, std::string reason = {});
    // Aborts and forgets the session (its console closed).
    void remove(const QString& key);

    bool has(const QString& key) const { return m_sessions.count(key) != 0; }
    core::ws::State state(const QString& key) const;
    std::uint64_t droppedFromView(const QString& key) const;
    // The most messages the key's inbox ever held at once; never above kMaxQueued.
    std::size_t queuedHighWater(const QString& key) const;

    // Drains every inbox now (the timer does it otherwise); for tests and shutdown.
    void drainNow();

signals:
    void stateChanged(const QString& key, const quiver::core::ws::StateChange& change);
    // dropped: the total of messages of this session never shown, so far.
    void messagesArrived(const QString& key, quiver::ui::WsBatch batch, quint64 dropped);

private:
    struct Inbox;
    class Observer;
    struct Hosted {
        std::shared_ptr<core::ws::Session> session;
        std::shared_ptr<Inbox> inbox;
        core::ws::State state = core::ws::State::closed;
        std::uint64_t dropped = 0;
        std::size_t highWater = 0;
    };

    core::ws::Session* session(const QString& key) const;
    void wake();
    void drain(const QString& key, Hosted& hosted);
    static void detach(Hosted& hosted);

    SessionFactory m_factory;
    std::map<QString, Hosted> m_sessions;
    QTimer m_timer;
};

// Sessions of the engine (core::ws::Session::create); kept apart so tests of the host can use
// fakes without linking the engine's WebSocket code.
WsHost::SessionFactory engineSessionFactory(core::Engine& engine);

} // namespace quiver::ui

Q_DECLARE_METATYPE(quiver::core::ws::StateChange)
Q_DECLARE_METATYPE(quiver::ui::WsBatch)
