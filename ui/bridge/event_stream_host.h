#pragma once

#include "http/event_stream.h"

#include <QMetaType>
#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

namespace quiver::core {
class Engine;
}

namespace quiver::ui {

struct TimedEvent {
    core::http::ServerEvent event;
    core::Clock::WallPoint time;
};
using SseBatch = std::shared_ptr<const std::vector<TimedEvent>>;

// One server-sent event stream of the GUI. Engine threads append to a locked inbox and return;
// the UI thread drains it about 30 times a second. Between two drains the inbox keeps at most
// kMaxQueued events (the oldest are dropped and counted), so a firehose costs bounded memory.
class EventStreamHost final : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kMaxQueued = 5000;
    static constexpr int kDrainIntervalMs = 33;

    explicit EventStreamHost(core::Engine& engine, QObject* parent = nullptr);
    ~EventStreamHost() override; // closes the stream

    // Closes any open stream and opens the request (variables already substituted).
    void open(core::model::Request request, core::http::EventStreamOptions options = {});
    void close();
    bool isOpen() const { return m_stream != nullptr; }
    void drainNow();

signals:
    void stateChanged(const quiver::core::http::EventStreamState& state);
    // dropped: events of this stream never shown, so far.
    void eventsArrived(quiver::ui::SseBatch batch, quint64 dropped);

private:
    struct Inbox;
    class Observer;
    void detach();

    core::Engine& m_engine;
    std::shared_ptr<core::http::EventStream> m_stream;
    std::shared_ptr<Inbox> m_inbox;
    std::uint64_t m_dropped = 0;
    QTimer m_timer;
};

} // namespace quiver::ui

Q_DECLARE_METATYPE(quiver::core::http::EventStreamState)
Q_DECLARE_METATYPE(quiver::ui::SseBatch)
