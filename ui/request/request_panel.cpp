#include "request/request_panel.h"

#include "model/template.h"
#include "request/request_editor.h"
#include "response/response_view.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace quiver::ui {

QString errorTitle(core::ErrorKind kind) {
    using core::ErrorKind;
    switch (kind) {
    case ErrorKind::none:
        return QObject::tr("No error");
    case ErrorKind::dns:
        return QObject::tr("Could not resolve the host");
    case ErrorKind::connect:
        return QObject::tr("Could not connect");
    case ErrorKind::tls:
        return QObject::tr("TLS error");
    case ErrorKind::timeout:
        return QObject::tr("Timeout");
    case ErrorKind::protocol:
        return QObject::tr("Malformed response");
    case ErrorKind::cancelled:
        return QObject::tr("Cancelled");
    case ErrorKind::io:
        return QObject::tr("I/O error");
    case ErrorKind::limit:
        return QObject::tr("Limit reached");
    }
    return QObject::tr("Error");
}

RequestPanel::RequestPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent), m_bridge(bridge) {
    m_editor = new RequestEditor(this);
    m_response = new ResponseView(this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_editor, &RequestEditor::sendRequested, this, &RequestPanel::send);
    connect(m_editor, &RequestEditor::cancelRequested, this, &RequestPanel::cancel);
    // The panel is the context object: when it goes, so do these connections.
    connect(&m_bridge, &EngineBridge::httpFinished, this, &RequestPanel::onFinished);
    connect(&m_bridge, &EngineBridge::httpProgress, this, &RequestPanel::onProgress);
}

core::model::Request RequestPanel::request() const {
    return m_editor->request();
}

void RequestPanel::setRequest(const core::model::Request& request) {
    m_editor->setRequest(request);
    m_response->clear();
}

void RequestPanel::send() {
    if (m_pending)
        cancel();
    core::model::TemplateContext context;
    context.random = &m_bridge.engine().random();
    context.clock = &m_bridge.engine().clock();
    context.counter = &m_counter;
    auto resolved = core::model::substituteRequest(m_editor->request(), context);
    if (!resolved) {
        m_response->showError(tr("Cannot send"), QString::fromStdString(resolved.error().message));
        return;
    }
    if (resolved->url.empty()) {
        m_response->showError(tr("Cannot send"), tr("Enter a URL first."));
        return;
    }
    m_editor->showNote({}, false);
    m_pending = m_bridge.send(std::move(resolved.value()));
    m_editor->setBusy(true);
    m_response->showPending();
}

void RequestPanel::cancel() {
    if (m_pending)
        m_bridge.cancel(m_pending);
}

void RequestPanel::onProgress(quint64 id, quint64 received, quint64 total) {
    if (id != m_pending)
        return;
    m_response->showProgress(received, total);
}

void RequestPanel::onFinished(quint64 id, ResponsePtr response, const core::Error& error) {
    if (id != m_pending)
        return;
    m_pending = 0;
    m_editor->setBusy(false);
    if (error) {
        m_response->showError(errorTitle(error.kind), QString::fromStdString(error.message));
        emit finished(false);
        return;
    }
    m_response->showResponse(*response);
    emit finished(true);
}

} // namespace quiver::ui
