#include "bridge/mock_host.h"

#include "engine/engine.h"
#include "http/client.h"
#include "mock/middleware_registry.h"
#include "mock/server.h"
#include "widgets/background_task.h"

#include <algorithm>

namespace quiver::ui {
namespace {

using Kind = core::model::MiddlewareSpec::Kind;

constexpr int kTrafficIntervalMs = 33; // ~30 updates a second

bool hasEnabledRequestLog(const core::model::MockServer& config) {
    return std::any_of(config.middleware.begin(), config.middleware.end(), [](const auto& layer) {
        return layer.enabled && layer.kind == Kind::requestLog;
    });
}

} // namespace

MockHost::MockHost(core::Engine& engine, QObject* parent)
    : QObject(parent), m_engine(engine), m_proxyClient([&engine] {
          core::http::ClientOptions options;
          options.useCookieJar = false;
          return std::make_unique<core::http::Client>(engine, options);
      }()) {
    m_trafficTimer.setInterval(kTrafficIntervalMs);
    connect(&m_trafficTimer, &QTimer::timeout, this, &MockHost::drainTraffic);
}

MockHost::~MockHost() {
    m_trafficTimer.stop();
    {
        std::unique_lock lock(m_pending->mutex);
        m_pending->closing = true;
        m_pending->idle.wait(lock, [this] { return m_pending->count == 0; });
    }
    // Each stop is bounded by its grace; asked of all first, the graces run side by side.
    std::vector<std::shared_ptr<core::mock::Server>> running;
    for (const auto& slot : m_inflight) {
        std::lock_guard lock(m_pending->mutex);
        if (slot->server)
            running.push_back(std::move(slot->server));
    }
    for (auto& [id, hosted] : m_servers)
        if (hosted.server)
            running.push_back(hosted.server);
    for (const auto& server : running)
        server->requestStop();
    for (const auto& server : running)
        server->stop();
    m_servers.clear();
}

core::model::MockServer MockHost::withTrafficLayer(core::model::MockServer config) {
    if (hasEnabledRequestLog(config))
        return config;
    auto layer = core::model::defaultMiddleware(Kind::requestLog);
    layer.id = kTrafficLayerId;
    // Ids key runtime state and must stay unique; a user's layer may have taken this one.
    for (int n = 2; std::any_of(config.middleware.begin(), config.middleware.end(),
                                [&](const auto& m) { return m.id == layer.id; });
         ++n)
        layer.id = std::string(kTrafficLayerId) + "-" + std::to_string(n);
    config.middleware.insert(config.middleware.begin(), std::move(layer));
    return config;
}

MockHost::Hosted& MockHost::hosted(const QString& id) {
    Hosted& h = m_servers[id];
    if (!h.log)
        h.log = std::make_shared<core::mock::TrafficLog>();
    return h;
}

void MockHost::start(const core::model::MockServer& config) {
    const QString id = QString::fromStdString(config.id);
    Hosted& h = hosted(id);
    switch (h.state) {
    case State::stopped:
        h.config = config;
        h.error.clear();
        setState(id, State::starting);
        launchStart(id);
        return;
    case State::starting:
        h.config = config;
        h.stopWhenStarted = false;
        return;
    case State::running:
        update(config);
        return;
    case State::stopping:
        h.config = config;
        h.startWhenStopped = true;
        return;
    }
}

void MockHost::stop(const QString& id) {
    auto it = m_servers.find(id);
    if (it == m_servers.end())
        return;
    Hosted& h = it->second;
    h.startWhenStopped = false;
    if (h.state == State::starting)
        h.stopWhenStarted = true;
    else if (h.state == State::running)
        launchStop(id);
}

void MockHost::stopAll() {
    std::vector<QString> ids;
    for (const auto& [id, h] : m_servers)
        ids.push_back(id);
    for (const QString& id : ids)
        stop(id);
}

core::Error MockHost::update(const core::model::MockServer& config) {
    const QString id = QString::fromStdString(config.id);
    auto it = m_servers.find(id);
    if (it == m_servers.end())
        return {};
    Hosted& h = it->second;
    h.config = config;
    if (h.state != State::running || !h.server)
        return {}; // a start in flight applies h.config when it lands
    core::Error error = h.server->update(withTrafficLayer(config));
    h.error = error ? QString::fromStdString(error.message) : QString();
    return error;
}

void MockHost::beginPending() {
    std::lock_guard lock(m_pending->mutex);
    ++m_pending->count;
}

void MockHost::endPending(Pending& pending) {
    std::lock_guard lock(pending.mutex);
    --pending.count;
    pending.idle.notify_all();
}

void MockHost::launchStart(const QString& id) {
    Hosted& h = m_servers.at(id);
    h.started = h.config;
    auto slot = std::make_shared<StartSlot>();
    m_inflight.push_back(slot);
    beginPending();
    core::mock::ServerOptions options;
    core::mock::ChainContext context;
    context.log = h.log;
    context.client = m_proxyClient.get();
    context.recording.keys = h.recordedKeys;
    // Strand side: queue only; the traffic tick hands them to the UI.
    context.recording.onRecorded = [inbox = h.inbox](core::model::MockRoute route) {
        std::lock_guard lock(inbox->mutex);
        inbox->routes.push_back(std::move(route));
    };
    context.recording.onSkipped = [inbox = h.inbox](std::string reason) {
        std::lock_guard lock(inbox->mutex);
        if (inbox->skipped.size() < 100)
            inbox->skipped.push_back(std::move(reason));
    };
    options.chainBuilder = [context](const auto& specs) {
        return core::mock::buildChain(specs, context);
    };
    options.baseDirectory = m_baseDirectory;
    auto work = [engine = &m_engine, pending = m_pending, slot, options = std::move(options),
                 config = withTrafficLayer(h.config)] {
        auto result = core::mock::Server::start(*engine, config, options);
        std::unique_lock lock(pending->mutex);
        if (!result) {
            slot->error = QString::fromStdString(result.error().message);
        } else if (pending->closing) {
            // Nobody will take it: stop it here, while the engine still exists.
            std::unique_ptr<core::mock::Server> orphan = std::move(result).value();
            lock.unlock();
            orphan->stop();
            orphan.reset();
            lock.lock();
        } else {
            slot->server = std::move(result).value();
        }
        --pending->count;
        pending->idle.notify_all();
        return true;
    };
    runInBackground(this, std::move(work), [this, id, slot](bool) { onStarted(id, slot); });
}

void MockHost::onStarted(const QString& id, const std::shared_ptr<StartSlot>& slot) {
    std::erase(m_inflight, slot);
    std::shared_ptr<core::mock::Server> server;
    {
        std::lock_guard lock(m_pending->mutex);
        server = std::move(slot->server);
    }
    Hosted& h = hosted(id);
    if (!server) {
        h.error = slot->error;
        h.stopWhenStarted = false;
        setState(id, State::stopped);
        emit failed(id, slot->error);
        return;
    }
    h.server = std::move(server);
    h.url = QString::fromStdString(h.server->url());
    h.wsLog = h.server->wsLog();
    h.wsLastSeen = 0;
    setState(id, State::running);
    emit started(id, h.url);
    if (h.stopWhenStarted) {
        h.stopWhenStarted = false;
        launchStop(id);
    } else if (!(h.config == h.started)) {
        update(h.config); // edited while binding
    }
}

void MockHost::launchStop(const QString& id) {
    Hosted& h = m_servers.at(id);
    setState(id, State::stopping);
    beginPending();
    auto work = [server = std::move(h.server), pending = m_pending]() mutable {
        server->stop(); // blocks until every connection has ended
        server.reset();
        endPending(*pending);
        return true;
    };
    runInBackground(this, std::move(work), [this, id](bool) { onStopped(id); });
}

void MockHost::onStopped(const QString& id) {
    Hosted& h = hosted(id);
    drain(id, h); // what the last requests logged
    h.url.clear();
    setState(id, State::stopped);
    emit stopped(id);
    if (h.startWhenStopped) {
        h.startWhenStopped = false;
        start(h.config);
    }
}

void MockHost::setState(const QString& id, State state) {
    hosted(id).state = state;
    updateTimer();
    emit stateChanged(id);
}

void MockHost::updateTimer() {
    const bool active = std::any_of(m_servers.begin(), m_servers.end(), [](const auto& entry) {
        return entry.second.state != State::stopped;
    });
    if (active && !m_trafficTimer.isActive())
        m_trafficTimer.start();
    else if (!active)
        m_trafficTimer.stop();
}

void MockHost::drainTraffic() {
    for (auto& [id, h] : m_servers)
        if (h.state != State::stopped)
            drain(id, h);
}

void MockHost::drainRecorded(const QString& id, Hosted& h) {
    std::vector<core::model::MockRoute> routes;
    std::vector<std::string> skipped;
    {
        std::lock_guard lock(h.inbox->mutex);
        routes.swap(h.inbox->routes);
        skipped.swap(h.inbox->skipped);
    }
    for (const auto& route : routes)
        emit routeRecorded(id, route);
    for (const auto& reason : skipped)
        emit recordingSkipped(id, QString::fromStdString(reason));
}

void MockHost::drainWs(const QString& id, Hosted& h) {
    if (!h.wsLog)
        return;
    const std::uint64_t last = h.wsLog->lastId();
    if (last <= h.wsLastSeen)
        return;
    // As for traffic: a flood costs the UI thread at most kMaxBatch events a tick.
    std::uint64_t since = h.wsLastSeen;
    if (last - since > kMaxBatch) {
        h.wsDropped += last - kMaxBatch - since;
        since = last - kMaxBatch;
    }
    std::vector<core::mock::WsEvent> events = h.wsLog->snapshotSince(since);
    if (events.size() > kMaxBatch) {
        const auto extra = events.size() - kMaxBatch;
        h.wsDropped += extra;
        events.erase(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(extra));
    }
    h.wsLastSeen = std::max(last, events.empty() ? 0 : events.back().id);
    if (events.empty())
        return;
    emit wsEvents(id, std::make_shared<const std::vector<core::mock::WsEvent>>(std::move(events)));
}

void MockHost::drain(const QString& id, Hosted& h) {
    drainRecorded(id, h);
    drainWs(id, h);
    if (!h.log)
        return;
    const std::uint64_t last = h.log->counters().lastId;
    if (last <= h.lastSeen)
        return;
    // Only the newest kMaxBatch are copied out of the log: the rest of a burst is counted.
    std::uint64_t since = h.lastSeen;
    if (last - since > kMaxBatch) {
        h.dropped += last - kMaxBatch - since;
        since = last - kMaxBatch;
    }
    std::vector<core::mock::TrafficEntry> entries = h.log->snapshotSince(since);
    if (entries.size() > kMaxBatch) { // more arrived since counters()
        const auto extra = entries.size() - kMaxBatch;
        h.dropped += extra;
        entries.erase(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(extra));
    }
    h.lastSeen = std::max(last, entries.empty() ? 0 : entries.back().id);
    if (entries.empty())
        return;
    emit trafficBatch(
        id, std::make_shared<const std::vector<core::mock::TrafficEntry>>(std::move(entries)));
}

MockHost::State MockHost::state(const QString& id) const {
    auto it = m_servers.find(id);
    return it == m_servers.end() ? State::stopped : it->second.state;
}

QString MockHost::url(const QString& id) const {
    auto it = m_servers.find(id);
    return it == m_servers.end() || it->second.state != State::running ? QString() : it->second.url;
}

QString MockHost::lastError(const QString& id) const {
    auto it = m_servers.find(id);
    return it == m_servers.end() ? QString() : it->second.error;
}

std::optional<core::model::MockServer> MockHost::startedConfig(const QString& id) const {
    auto it = m_servers.find(id);
    if (it == m_servers.end() || it->second.state != State::running)
        return std::nullopt;
    return it->second.started;
}

std::shared_ptr<core::mock::TrafficLog> MockHost::trafficLog(const QString& id) {
    return hosted(id).log;
}

std::uint64_t MockHost::droppedFromView(const QString& id) const {
    auto it = m_servers.find(id);
    return it == m_servers.end() ? 0 : it->second.dropped;
}

std::uint64_t MockHost::wsDroppedFromView(const QString& id) const {
    auto it = m_servers.find(id);
    return it == m_servers.end() ? 0 : it->second.wsDropped;
}

core::mock::Server* MockHost::runningServer(const QString& id) const {
    auto it = m_servers.find(id);
    if (it == m_servers.end() || it->second.state != State::running)
        return nullptr;
    return it->second.server.get();
}

std::vector<core::mock::WsClientInfo> MockHost::wsClients(const QString& id,
                                                          const QString& routeId) const {
    core::mock::Server* server = runningServer(id);
    return server ? server->wsClients(routeId.toStdString())
                  : std::vector<core::mock::WsClientInfo>{};
}

bool MockHost::sendToClient(const QString& id, std::uint64_t clientId, const QByteArray& data,
                            bool binary) {
    core::mock::Server* server = runningServer(id);
    return server && server->sendToClient(clientId, data.toStdString(), binary);
}

std::size_t MockHost::broadcast(const QString& id, const QString& routeId, const QByteArray& data,
                                bool binary) {
    core::mock::Server* server = runningServer(id);
    return server ? server->broadcast(routeId.toStdString(), data.toStdString(), binary) : 0;
}

bool MockHost::closeClient(const QString& id, std::uint64_t clientId, std::uint16_t code,
                           const QString& reason) {
    core::mock::Server* server = runningServer(id);
    return server && server->closeClient(clientId, code, reason.toStdString());
}

} // namespace quiver::ui
