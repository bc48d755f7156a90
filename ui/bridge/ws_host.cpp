#include "bridge/ws_host.h"

#include <algorithm>
#include <deque>
#include <mutex>

namespace quiver::ui {

namespace ws = core::ws;

// Filled on engine threads, emptied on the UI thread. States are kept apart from messages (a
// flood never drops one) but remember how many messages came before them, so the drain hands
// both to the UI in the order they happened.
struct WsHost::Inbox {
    struct Queued {
        std::uint64_t seq = 0;
        ws::Message message;
    };
    struct QueuedState {
        std::uint64_t seq = 0; // messages pushed before it
        ws::StateChange change;
    };
    std::mutex mutex;
    std::deque<Queued> messages;
    std::vector<QueuedState> states;
    std::uint64_t pushed = 0;
    std::uint64_t dropped = 0;
    std::size_t highWater = 0;
    bool wakePosted = false;
    WsHost* host = nullptr; // cleared, under the mutex, before the host or session goes

    // Called with the mutex held: a queued call, posted once per empty-to-non-empty change.
    void wakeLocked() {
        if (wakePosted || !host)
            return;
        wakePosted = true;
        QMetaObject::invokeMethod(
            host, [host = host] { host->wake(); }, Qt::QueuedConnection);
    }
};

class WsHost::Observer final : public ws::SessionObserver {
public:
    explicit Observer(std::shared_ptr<Inbox> inbox) : m_inbox(std::move(inbox)) {}

    void onState(const ws::StateChange& change) override {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->states.push_back({m_inbox->pushed, change});
        m_inbox->wakeLocked();
    }

    void onMessage(const ws::Message& message) override {
        Inbox& inbox = *m_inbox;
        std::lock_guard lock(inbox.mutex);
        if (inbox.messages.size() >= kMaxQueued) { // the newest matter most: drop the oldest
            inbox.messages.pop_front();
            ++inbox.dropped;
        }
        inbox.messages.push_back({inbox.pushed++, message});
        inbox.highWater = std::max(inbox.highWater, inbox.messages.size());
        inbox.wakeLocked();
    }

private:
    std::shared_ptr<Inbox> m_inbox;
};

WsHost::WsHost(SessionFactory factory, QObject* parent)
    : QObject(parent), m_factory(std::move(factory)) {
    qRegisterMetaType<ws::StateChange>();
    qRegisterMetaType<WsBatch>();
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDrainIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &WsHost::drainNow);
}

WsHost::~WsHost() {
    for (auto& [key, hosted] : m_sessions)
        detach(hosted);
}

void WsHost::detach(Hosted& hosted) {
    if (hosted.inbox) {
        std::lock_guard lock(hosted.inbox->mutex);
        hosted.inbox->host = nullptr;
    }
    if (hosted.session)
        hosted.session->abort();
    hosted.session.reset();
    hosted.inbox.reset();
}

void WsHost::open(const QString& key, ws::SessionOptions options) {
    Hosted& hosted = m_sessions[key];
    if (hosted.session) {
        drain(key, hosted); // what the old session said last still belongs to the console
        detach(hosted);
    }
    hosted.inbox = std::make_shared<Inbox>();
    hosted.inbox->host = this;
    hosted.inbox->dropped = hosted.dropped; // the console counts across reconnects
    hosted.state = ws::State::connecting;
    hosted.session = m_factory(std::move(options), std::make_shared<Observer>(hosted.inbox));
    if (hosted.session)
        hosted.session->connect();
}

ws::Session* WsHost::session(const QString& key) const {
    auto it = m_sessions.find(key);
    return it == m_sessions.end() ? nullptr : it->second.session.get();
}

void WsHost::sendText(const QString& key, std::string text) {
    if (auto* s = session(key))
        s->sendText(std::move(text));
}

void WsHost::sendBinary(const QString& key, std::string bytes) {
    if (auto* s = session(key))
        s->sendBinary(std::move(bytes));
}

void WsHost::ping(const QString& key, std::string payload) {
    if (auto* s = session(key))
        s->ping(std::move(payload));
}

void WsHost::close(const QString& key, std::uint16_t code, std::string reason) {
    if (auto* s = session(key))
        s->close(code, std::move(reason));
}

void WsHost::remove(const QString& key) {
    auto it = m_sessions.find(key);
    if (it == m_sessions.end())
        return;
    detach(it->second);
    m_sessions.erase(it);
}

ws::State WsHost::state(const QString& key) const {
    auto it = m_sessions.find(key);
    return it == m_sessions.end() ? ws::State::closed : it->second.state;
}

std::uint64_t WsHost::droppedFromView(const QString& key) const {
    auto it = m_sessions.find(key);
    return it == m_sessions.end() ? 0 : it->second.dropped;
}

std::size_t WsHost::queuedHighWater(const QString& key) const {
    auto it = m_sessions.find(key);
    return it == m_sessions.end() ? 0 : it->second.highWater;
}

void WsHost::wake() {
    if (!m_timer.isActive())
        m_timer.start();
}

void WsHost::drainNow() {
    m_timer.stop();
    // A slot may open or remove sessions: walk a copy of the keys.
    std::vector<QString> keys;
    for (const auto& [key, hosted] : m_sessions)
        keys.push_back(key);
    for (const QString& key : keys)
        if (auto it = m_sessions.find(key); it != m_sessions.end())
            drain(key, it->second);
}

void WsHost::drain(const QString& key, Hosted& hosted) {
    if (!hosted.inbox)
        return;
    std::deque<Inbox::Queued> messages;
    std::vector<Inbox::QueuedState> states;
    {
        std::lock_guard lock(hosted.inbox->mutex);
        messages.swap(hosted.inbox->messages);
        states.swap(hosted.inbox->states);
        hosted.dropped = hosted.inbox->dropped;
        hosted.highWater = hosted.inbox->highWater;
        hosted.inbox->wakePosted = false;
    }
    // A slot may replace or remove the session: `hosted` is used only while it is still ours.
    const auto inbox = hosted.inbox;
    const std::uint64_t dropped = hosted.dropped;
    auto alive = [&] {
        auto it = m_sessions.find(key);
        return it != m_sessions.end() && it->second.inbox == inbox;
    };
    auto next = messages.begin();
    auto emitUpTo = [&](std::uint64_t seq) {
        auto end =
            std::find_if(next, messages.end(), [seq](const auto& q) { return q.seq >= seq; });
        if (end == next)
            return;
        auto batch = std::make_shared<std::vector<ws::Message>>();
        batch->reserve(static_cast<std::size_t>(end - next));
        for (; next != end; ++next)
            batch->push_back(std::move(next->message));
        emit messagesArrived(key, std::move(batch), dropped);
    };
    for (const auto& queued : states) {
        emitUpTo(queued.seq);
        if (!alive())
            return;
        hosted.state = queued.change.state;
        emit stateChanged(key, queued.change);
        if (!alive())
            return;
    }
    emitUpTo(UINT64_MAX);
}

} // namespace quiver::ui
