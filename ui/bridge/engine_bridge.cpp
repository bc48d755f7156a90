#include "bridge/engine_bridge.h"

#include "http/client.h"

#include <QMetaObject>

namespace quiver::ui {

EngineBridge::EngineBridge(QObject* parent)
    : QObject(parent), m_engine(std::make_unique<core::Engine>(*this)),
      m_client(std::make_unique<core::http::Client>(*m_engine)) {
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(33);
    connect(&m_progressTimer, &QTimer::timeout, this, &EngineBridge::flushProgress);
}

EngineBridge::~EngineBridge() {
    m_client.reset();
    m_engine->stop();
}

core::OperationId EngineBridge::send(core::model::Request request) {
    return m_client->send(std::move(request));
}

core::http::CookieJar& EngineBridge::cookies() {
    return m_client->cookies();
}

void EngineBridge::cancel(core::OperationId id) {
    m_client->cancel(id);
}

void EngineBridge::post(core::Event event) {
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        wake = m_queue.empty();
        m_queue.push_back(std::move(event));
    }
    if (wake)
        QMetaObject::invokeMethod(this, &EngineBridge::drain, Qt::QueuedConnection);
}

void EngineBridge::drain() {
    std::vector<core::Event> events;
    {
        std::lock_guard lock(m_mutex);
        events.swap(m_queue);
    }
    for (auto& event : events) {
        if (auto* progress = std::get_if<core::HttpProgressEvent>(&event)) {
            m_progress.insert(progress->id, *progress);
            if (!m_progressTimer.isActive())
                m_progressTimer.start();
        } else if (auto* result = std::get_if<core::HttpResultEvent>(&event)) {
            m_progress.remove(result->id);
            auto response =
                std::make_shared<const core::model::Response>(std::move(result->response));
            emit httpFinished(result->id, response, result->error);
        }
    }
}

void EngineBridge::flushProgress() {
    const auto pending = std::exchange(m_progress, {});
    for (const auto& p : pending)
        emit httpProgress(p.id, p.received, p.total);
}

} // namespace quiver::ui
