#include "ws/ws_console.h"

#include "bridge/ws_host.h"
#include "ws/session_options.h"
#include "ws/ws_composer.h"
#include "ws/ws_connect_bar.h"
#include "ws/ws_message_log.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace quiver::ui {

WsConsole::WsConsole(WsHost& host, QString key, QWidget* parent)
    : QWidget(parent), m_host(host), m_key(std::move(key)), m_bar(new WsConnectBar(this)),
      m_log(new WsMessageLog(this)), m_composer(new WsComposer(this)) {
    auto* save = new QPushButton(QIcon(":/icons/save.svg"), tr("Save"), this);
    save->setToolTip(tr("Save this session as a request of the workspace"));
    m_bar->addTrailingWidget(save);
    // The headers and options give way to the log: they are set once, the log is watched.
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_bar);
    splitter->addWidget(m_log);
    splitter->addWidget(m_composer);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 1);
    splitter->setChildrenCollapsible(false);
    m_bar->setMaximumHeight(m_bar->sizeHint().height());
    splitter->setSizes({m_bar->sizeHint().height(), 520, 170});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);

    connect(save, &QPushButton::clicked, this, &WsConsole::saveRequested);
    connect(m_bar, &WsConnectBar::connectRequested, this, &WsConsole::connectSession);
    connect(m_bar, &WsConnectBar::disconnectRequested, this,
            [this](std::uint16_t code, const QString& reason) { disconnectSession(code, reason); });
    connect(m_bar, &WsConnectBar::edited, this, &WsConsole::titleChanged);
    connect(m_composer, &WsComposer::sendRequested, this, &WsConsole::send);
    connect(m_composer, &WsComposer::pingRequested, this,
            [this](const QByteArray& payload) { m_host.ping(m_key, payload.toStdString()); });
    connect(m_composer, &WsComposer::snippetsChanged, this, [this] {
        if (!m_path.isEmpty()) // snippets belong to the file: keep it up to date
            emit saveRequested();
    });
    connect(&m_host, &WsHost::stateChanged, this, &WsConsole::onState);
    connect(&m_host, &WsHost::messagesArrived, this,
            [this](const QString& key, const WsBatch& batch, quint64 dropped) {
                if (key != m_key)
                    return;
                m_log->append(*batch);
                m_log->setDroppedFromView(dropped);
            });
}

WsConsole::~WsConsole() {
    m_host.remove(m_key);
}

void WsConsole::setRequest(const core::model::Request& request) {
    m_request = request;
    m_request.kind = core::model::RequestKind::ws;
    m_bar->setRequest(m_request);
    m_composer->setSnippets(m_request.ws.snippets);
    m_composer->setMaxBytes(m_request.ws.maxMessageBytes);
    emit titleChanged();
}

void WsConsole::setSaved(const core::model::Request& stored, const QString& path) {
    m_request = stored;
    m_path = path;
    emit titleChanged();
}

core::model::Request WsConsole::request() const {
    core::model::Request request = m_request;
    m_bar->applyTo(request);
    request.ws.snippets = m_composer->snippets();
    return request;
}

QString WsConsole::title() const {
    if (!m_request.name.empty())
        return QString::fromStdString(m_request.name);
    const QUrl url(m_bar->urlEdit()->text().trimmed());
    const QString hostPath = url.host() + url.path();
    return hostPath.isEmpty() ? tr("New session") : hostPath;
}

core::ws::State WsConsole::state() const {
    return m_bar->state();
}

void WsConsole::connectSession() {
    const core::model::Request current = request();
    if (current.url.empty()) {
        core::ws::StateChange failed;
        failed.error = core::makeError(core::ErrorKind::io, "enter a ws:// or wss:// URL first");
        m_bar->showState(failed);
        m_bar->urlEdit()->setFocus();
        return;
    }
    m_composer->setMaxBytes(current.ws.maxMessageBytes);
    m_bar->showState({core::ws::State::connecting});
    m_host.open(m_key, core::ws::sessionOptionsFor(current));
}

void WsConsole::disconnectSession(std::uint16_t code, const QString& reason) {
    if (m_bar->state() == core::ws::State::open) {
        m_host.close(m_key, code, reason.toStdString());
        return;
    }
    // Still connecting or waiting to reconnect: there is no handshake to close, so give up.
    m_host.remove(m_key);
    core::ws::StateChange closed;
    closed.state = core::ws::State::closed;
    closed.error = core::makeError(core::ErrorKind::cancelled, "cancelled");
    m_bar->showState(closed);
    m_composer->setConnected(false);
}

void WsConsole::onState(const QString& key, const core::ws::StateChange& change) {
    if (key != m_key)
        return;
    m_bar->showState(change);
    m_composer->setConnected(change.state == core::ws::State::open);
}

void WsConsole::send(bool binary, const QByteArray& bytes) {
    if (binary)
        m_host.sendBinary(m_key, bytes.toStdString());
    else
        m_host.sendText(m_key, bytes.toStdString());
}

} // namespace quiver::ui
