#include "bridge/event_stream_host.h"

#include <deque>
#include <mutex>

namespace quiver::ui {

namespace http = core::http;

// States are never dropped, and each remembers how many events came before it, so the drain
// hands both over in the order they happened.
struct EventStreamHost::Inbox {
    struct QueuedState {
        std::uint64_t seq = 0;
        http::EventStreamState state;
    };
    std::mutex mutex;
    std::deque<std::pair<std::uint64_t, TimedEvent>> events;
    std::vector<QueuedState> states;
    std::uint64_t pushed = 0;
    std::uint64_t dropped = 0;
    bool wakePosted = false;
    EventStreamHost* host = nullptr; // cleared under the mutex when the host lets go

    void wakeLocked() {
        if (wakePosted || !host)
            return;
        wakePosted = true;
        QMetaObject::invokeMethod(
            host, [host = host] { host->m_timer.start(); }, Qt::QueuedConnection);
    }
};

class EventStreamHost::Observer final : public http::EventStreamObserver {
public:
    explicit Observer(std::shared_ptr<Inbox> inbox) : m_inbox(std::move(inbox)) {}

    void onState(const http::EventStreamState& state) override {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->states.push_back({m_inbox->pushed, state});
        m_inbox->wakeLocked();
    }

    void onEvent(const http::ServerEvent& event, core::Clock::WallPoint time) override {
        Inbox& inbox = *m_inbox;
        std::lock_guard lock(inbox.mutex);
        if (inbox.events.size() >= kMaxQueued) {
            inbox.events.pop_front();
            ++inbox.dropped;
        }
        inbox.events.emplace_back(inbox.pushed++, TimedEvent{event, time});
        inbox.wakeLocked();
    }

private:
    std::shared_ptr<Inbox> m_inbox;
};

EventStreamHost::EventStreamHost(core::Engine& engine, QObject* parent)
    : QObject(parent), m_engine(engine) {
    qRegisterMetaType<http::EventStreamState>();
    qRegisterMetaType<SseBatch>();
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDrainIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventStreamHost::drainNow);
}

EventStreamHost::~EventStreamHost() {
    detach();
}

void EventStreamHost::open(core::model::Request request, http::EventStreamOptions options) {
    detach();
    m_dropped = 0;
    m_inbox = std::make_shared<Inbox>();
    m_inbox->host = this;
    m_stream = http::EventStream::create(m_engine, std::move(request),
                                         std::make_shared<Observer>(m_inbox), options);
    m_stream->start();
}

void EventStreamHost::close() {
    if (m_stream)
        m_stream->close(); // the final `closed` state arrives through the inbox
}

void EventStreamHost::detach() {
    if (m_stream)
        m_stream->close();
    m_stream.reset();
    if (m_inbox) {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->host = nullptr;
    }
    m_inbox.reset();
}

void EventStreamHost::drainNow() {
    if (!m_inbox)
        return;
    std::deque<std::pair<std::uint64_t, TimedEvent>> events;
    std::vector<Inbox::QueuedState> states;
    {
        std::lock_guard lock(m_inbox->mutex);
        events.swap(m_inbox->events);
        states.swap(m_inbox->states);
        m_dropped += m_inbox->dropped;
        m_inbox->dropped = 0;
        m_inbox->wakePosted = false;
    }
    // Events before each state, then the state, so "closed" follows the last event.
    auto next = events.begin();
    auto emitUpTo = [&](std::uint64_t seq) {
        auto batch = std::make_shared<std::vector<TimedEvent>>();
        for (; next != events.end() && next->first < seq; ++next)
            batch->push_back(std::move(next->second));
        if (!batch->empty())
            emit eventsArrived(std::move(batch), m_dropped);
    };
    const auto* stream = m_stream.get();
    for (const auto& queued : states) {
        emitUpTo(queued.seq);
        // The stream is over: forget it (unless a slot has opened another meanwhile).
        if (queued.state.kind == http::EventStreamState::Kind::closed && m_stream.get() == stream)
            m_stream.reset();
        emit stateChanged(queued.state);
    }
    emitUpTo(UINT64_MAX);
}

} // namespace quiver::ui
