#pragma once

#include "bridge/engine_bridge.h"
#include "model/request.h"

#include <QWidget>
#include <atomic>

class QSplitter;

namespace quiver::ui {

class RequestEditor;
class ResponseView;

// One request being edited and its last response. Sends through the bridge and never
// waits: the answer comes back as a signal.
class RequestPanel : public QWidget {
    Q_OBJECT
public:
    explicit RequestPanel(EngineBridge& bridge, QWidget* parent = nullptr);

    void send();
    void cancel();
    bool isBusy() const { return m_pending != 0; }

    core::model::Request request() const;
    void setRequest(const core::model::Request& request);
    RequestEditor* editor() const { return m_editor; }
    ResponseView* responseView() const { return m_response; }

signals:
    void finished(bool ok);

private:
    void onFinished(quint64 id, ResponsePtr response, const core::Error& error);
    void onProgress(quint64 id, quint64 received, quint64 total);

    EngineBridge& m_bridge;
    RequestEditor* m_editor;
    ResponseView* m_response;
    QSplitter* m_splitter;
    quint64 m_pending = 0;
    std::atomic<std::uint64_t> m_counter{0};
};

// Words for an error kind, as the response view titles it.
QString errorTitle(core::ErrorKind kind);

} // namespace quiver::ui
