#pragma once

#include "bridge/event_stream_host.h"
#include "model/request.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace quiver::core {
class Engine;
}

namespace quiver::ui {

class SseEventModel;

// A request opened as an event stream: a URL bar with Open/Close, the stream's state (status,
// last event id, reconnect countdown), the events listed live, and the selected event's data
// whole (JSON re-indented).
class EventStreamPanel final : public QWidget {
    Q_OBJECT
public:
    explicit EventStreamPanel(core::Engine& engine, QWidget* parent = nullptr);

    // Takes the request (variables already substituted) and opens it.
    void openRequest(core::model::Request request);
    void closeStream();
    SseEventModel& model() { return *m_model; }
    EventStreamHost& host() { return *m_host; }
    QString statusText() const;

private:
    void toggle();
    void onState(const core::http::EventStreamState& state);
    void onEvents(const SseBatch& batch, quint64 dropped);
    void showSelected();
    void updateCounts();

    EventStreamHost* m_host;
    SseEventModel* m_model;
    core::model::Request m_request;
    QLineEdit* m_url;
    QPushButton* m_toggle;
    QLabel* m_status;
    QLabel* m_counts;
    QTableView* m_table;
    QPlainTextEdit* m_detail;
    quint64 m_dropped = 0;
};

} // namespace quiver::ui
