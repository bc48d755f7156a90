#pragma once

#include "engine/error.h"
#include "mock/middleware/proxy.h"
#include "mock/traffic_log.h"
#include "mock/ws_hub.h"
#include "model/mock_server.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace quiver::core {
class Engine;
}
namespace quiver::core::mock {
class Server;
}

namespace quiver::ui {

using TrafficBatch = std::shared_ptr<const std::vector<core::mock::TrafficEntry>>;
// WebSocket connects, messages and closes of one server's endpoints, oldest first.
using WsEventBatch = std::shared_ptr<const std::vector<core::mock::WsEvent>>;

// Owns the running mock servers of the GUI, keyed by the server id, and one traffic log per
// server that outlives restarts and edits. Every call returns at once: binding and stopping
// (which waits for connections to end) run on the thread pool. While any server runs, a
// ~30 Hz timer drains each log and emits at most one bounded batch per server and tick, so a
// server under 50,000 requests a second costs the UI thread a fixed amount of work.
class MockHost final : public QObject {
    Q_OBJECT
public:
    enum class State { stopped, starting, running, stopping };
    // The most entries handed to the UI per server and tick; older ones of that tick are
    // counted in droppedFromView() (they stay in the log).
    static constexpr std::uint64_t kMaxBatch = 2000;
    // The id of the request log layer the host adds when a server has no enabled one; it is
    // never saved (the host adds it to the copy it runs).
    static constexpr const char* kTrafficLayerId = "quiver-traffic";

    explicit MockHost(core::Engine& engine, QObject* parent = nullptr);
    // Waits for starts and stops in flight and stops what still runs: blocking, which is
    // acceptable at exit (the engine must outlive this host).
    ~MockHost() override;

    // Relative file bodies and certificate paths of servers started from now on resolve
    // against it: the workspace folder.
    void setBaseDirectory(std::filesystem::path directory) {
        m_baseDirectory = std::move(directory);
    }
    void start(const core::model::MockServer& config);
    void stop(const QString& id);
    void stopAll();
    // Hot swap when running (routes and chain; bind address, port and TLS need a restart).
    // Not running: remembers nothing and succeeds. The error says why the running server kept
    // its old snapshot.
    core::Error update(const core::model::MockServer& config);

    State state(const QString& id) const;
    bool isRunning(const QString& id) const { return state(id) == State::running; }
    QString url(const QString& id) const;       // empty unless running
    QString lastError(const QString& id) const; // the last start or update failure
    // What the running server was started with: address, port and TLS change only on restart.
    std::optional<core::model::MockServer> startedConfig(const QString& id) const;
    std::shared_ptr<core::mock::TrafficLog> trafficLog(const QString& id);
    std::uint64_t droppedFromView(const QString& id) const;
    // WebSocket events the UI never saw because a tick had more than kMaxBatch of them.
    std::uint64_t wsDroppedFromView(const QString& id) const;

    // The WebSocket clients of a running server (of one route, or of all when routeId is
    // empty); empty when it is not running. These return at once: the connections do the
    // work on their own strands.
    std::vector<core::mock::WsClientInfo> wsClients(const QString& id,
                                                    const QString& routeId = {}) const;
    // False when the server is not running or the client is gone.
    bool sendToClient(const QString& id, std::uint64_t clientId, const QByteArray& data,
                      bool binary = false);
    // To every client of the route; returns how many it went to.
    std::size_t broadcast(const QString& id, const QString& routeId, const QByteArray& data,
                          bool binary = false);
    bool closeClient(const QString& id, std::uint64_t clientId, std::uint16_t code = 1000,
                     const QString& reason = {});

    // The config as the host runs it: a request log layer first when none is enabled.
    static core::model::MockServer withTrafficLayer(core::model::MockServer config);

signals:
    void started(const QString& id, const QString& url);
    void stopped(const QString& id);
    void failed(const QString& id, const QString& message);
    void stateChanged(const QString& id);
    void trafficBatch(const QString& id, quiver::ui::TrafficBatch entries);
    // At most one per server and tick, with at most kMaxBatch events.
    void wsEvents(const QString& id, quiver::ui::WsEventBatch events);
    // A recording proxy layer turned an upstream answer into a route (the host does not save
    // it: the server editor does), or said why it did not.
    void routeRecorded(const QString& id, const quiver::core::model::MockRoute& route);
    void recordingSkipped(const QString& id, const QString& reason);

private:
    // Filled on connection strands by recording proxy layers, emptied on the traffic tick.
    struct RecordedInbox {
        std::mutex mutex;
        std::vector<core::model::MockRoute> routes;
        std::vector<std::string> skipped;
    };
    struct Hosted {
        State state = State::stopped;
        std::shared_ptr<RecordedInbox> inbox = std::make_shared<RecordedInbox>();
        // Kept across restarts and edits: a method+path is recorded once.
        std::shared_ptr<core::mock::RecordedKeys> recordedKeys =
            std::make_shared<core::mock::RecordedKeys>();
        std::shared_ptr<core::mock::Server> server;
        std::shared_ptr<core::mock::TrafficLog> log;
        core::model::MockServer config;  // the last one started or updated
        core::model::MockServer started; // what the running server was bound with
        bool stopWhenStarted = false;
        bool startWhenStopped = false;
        QString url;
        QString error;
        std::uint64_t lastSeen = 0;
        std::uint64_t dropped = 0;
        // The running (or last) server's WebSocket log: each start makes a new one.
        std::shared_ptr<core::mock::WsLog> wsLog;
        std::uint64_t wsLastSeen = 0;
        std::uint64_t wsDropped = 0;
    };
    // Work on the pool that the destructor must wait for: it uses the engine.
    struct Pending {
        std::mutex mutex;
        std::condition_variable idle;
        int count = 0;
        bool closing = false; // the host is going: work stops what it started itself
    };
    // Where a start hands its server over; the destructor empties the ones not yet delivered,
    // so no server outlives the host (and the engine) in a queued callback.
    struct StartSlot {
        std::shared_ptr<core::mock::Server> server;
        QString error;
    };

    Hosted& hosted(const QString& id);
    void launchStart(const QString& id);
    void launchStop(const QString& id);
    void onStarted(const QString& id, const std::shared_ptr<StartSlot>& slot);
    void onStopped(const QString& id);
    void setState(const QString& id, State state);
    void drainTraffic();
    void drain(const QString& id, Hosted& hosted);
    void drainRecorded(const QString& id, Hosted& hosted);
    void drainWs(const QString& id, Hosted& hosted);
    core::mock::Server* runningServer(const QString& id) const;
    void updateTimer();
    void beginPending();
    static void endPending(Pending& pending);

    core::Engine& m_engine;
    // The proxy layers' client: no cookie jar (they forward the caller's cookies). Declared
    // before the servers so that it outlives them.
    std::unique_ptr<core::http::Client> m_proxyClient;
    std::filesystem::path m_baseDirectory;
    std::map<QString, Hosted> m_servers;
    std::shared_ptr<Pending> m_pending = std::make_shared<Pending>();
    std::vector<std::shared_ptr<StartSlot>> m_inflight;
    QTimer m_trafficTimer;
};

} // namespace quiver::ui
