#pragma once

#include "engine/engine.h"
#include "engine/event_sink.h"
#include "model/request.h"
#include "model/response.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>
#include <mutex>
#include <vector>

namespace quiver::core::http {
class Client;
class CookieJar;
} // namespace quiver::core::http

namespace quiver::ui {

using ResponsePtr = std::shared_ptr<const core::model::Response>;

// The one place that knows both worlds. Engine threads post events here; the first event
// into an empty queue schedules a single queued drain on the UI thread, which emits them
// as signals. Progress is coalesced per request and emitted about 30 times a second.
class EngineBridge final : public QObject, public core::EventSink {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    ~EngineBridge() override;

    core::OperationId send(core::model::Request request);
    void cancel(core::OperationId id);
    core::Engine& engine() { return *m_engine; }
    // The client behind send(), for core helpers that send on their own (OAuth 2.0 tokens).
    core::http::Client& client() { return *m_client; }
    // The jar every send of the GUI shares (thread-safe; persisted per workspace).
    core::http::CookieJar& cookies();

    // core::EventSink, called on engine threads.
    void post(core::Event event) override;

signals:
    void httpFinished(quint64 id, quiver::ui::ResponsePtr response, quiver::core::Error error);
    void httpProgress(quint64 id, quint64 received, quint64 total);

private:
    void drain();
    void flushProgress();

    std::mutex m_mutex;
    std::vector<core::Event> m_queue;

    QHash<quint64, core::HttpProgressEvent> m_progress;
    QTimer m_progressTimer;

    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<core::http::Client> m_client;
};

} // namespace quiver::ui
