#include "mock/ws_clients_panel.h"

#include "mock/ws_client_messages_model.h"
#include "mock/ws_clients_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace quiver::ui {
namespace {

QTableView* tableView(QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

WsClientsPanel::WsClientsPanel(MockHost& host, QWidget* parent) : QWidget(parent), m_host(host) {
    m_empty = new WsClientsModel(this);
    m_clients = m_empty;
    m_messages = new WsClientMessagesModel(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName("wsSummary");
    m_clientsView = tableView(this);
    m_clientsView->setObjectName("wsClients");
    m_clientsView->setModel(m_clients);
    m_clientsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clientsView->horizontalHeader()->setStretchLastSection(true);
    m_messagesView = tableView(this);
    m_messagesView->setObjectName("wsMessages");
    m_messagesView->setModel(m_messages);
    m_messagesView->setColumnWidth(WsClientMessagesModel::directionColumn, 110);
    m_messagesView->setColumnWidth(WsClientMessagesModel::timeColumn, 110);
    m_messagesView->setColumnWidth(WsClientMessagesModel::sizeColumn, 80);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_clientsView);
    splitter->addWidget(m_messagesView);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    m_status = new QLabel(this);
    m_status->setObjectName("wsStatus");
    m_status->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(makeComposer());
    layout->addWidget(m_status);

    connect(&m_host, &MockHost::wsEvents, this, &WsClientsPanel::onEvents);
    connect(&m_host, &MockHost::started, this, [this](const QString& id) {
        if (id == m_id)
            m_messages->clear(); // a new server hands out client ids from 1 again
        modelFor(id)->clear();
        refreshActions();
        refreshSummary();
    });
    connect(&m_host, &MockHost::stopped, this, [this](const QString& id) {
        modelFor(id)->markAllClosed();
        refreshActions();
        refreshSummary();
    });
    setServer({});
}

QWidget* WsClientsPanel::makeComposer() {
    auto* box = new QWidget(this);
    m_text = new QLineEdit(box);
    m_text->setObjectName("wsComposer");
    m_text->setPlaceholderText(tr("Text to send"));
    m_send = new QPushButton(tr("Send to client"), box);
    m_send->setObjectName("wsSend");
    m_broadcast = new QPushButton(tr("Send to all on route"), box);
    m_broadcast->setObjectName("wsBroadcast");
    m_closeCode = new QSpinBox(box);
    m_closeCode->setObjectName("wsCloseCode");
    m_closeCode->setRange(1000, 4999);
    m_closeCode->setValue(1000);
    m_closeReason = new QLineEdit(box);
    m_closeReason->setObjectName("wsCloseReason");
    m_closeReason->setPlaceholderText(tr("reason"));
    m_closeReason->setMaxLength(123); // a close frame's reason fits in 123 bytes
    m_close = new QPushButton(tr("Close"), box);
    m_close->setObjectName("wsClose");

    auto* sendRow = new QHBoxLayout;
    sendRow->setContentsMargins(0, 0, 0, 0);
    sendRow->addWidget(m_text, 1);
    sendRow->addWidget(m_send);
    sendRow->addWidget(m_broadcast);
    auto* closeRow = new QHBoxLayout;
    closeRow->setContentsMargins(0, 0, 0, 0);
    closeRow->addWidget(new QLabel(tr("Close with code"), box));
    closeRow->addWidget(m_closeCode);
    closeRow->addWidget(m_closeReason, 1);
    closeRow->addWidget(m_close);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(sendRow);
    layout->addLayout(closeRow);

    connect(m_text, &QLineEdit::returnPressed, this, &WsClientsPanel::send);
    connect(m_send, &QPushButton::clicked, this, &WsClientsPanel::send);
    connect(m_broadcast, &QPushButton::clicked, this, &WsClientsPanel::broadcast);
    connect(m_close, &QPushButton::clicked, this, &WsClientsPanel::closeSelected);
    return box;
}

WsClientsModel* WsClientsPanel::modelFor(const QString& id) {
    if (id.isEmpty())
        return m_empty;
    WsClientsModel*& model = m_models[id];
    if (model)
        return model;
    model = new WsClientsModel(this);
    // Rows the model drops go from the selection; the shown client's messages go with them.
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this, model] {
        if (model != m_clients)
            return;
        if (m_messages->clientId() && m_clients->rowOfClient(m_messages->clientId()) < 0)
            m_messages->clear();
        refreshActions();
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this, model] {
        if (model == m_clients)
            refreshActions();
    });
    return model;
}

void WsClientsPanel::setServer(const QString& id) {
    m_id = id;
    m_messages->clear();
    m_clients = modelFor(id);
    QItemSelectionModel* oldSelection = m_clientsView->selectionModel();
    m_clientsView->setModel(m_clients);
    if (oldSelection && oldSelection != m_clientsView->selectionModel())
        oldSelection->deleteLater(); // the view does not delete the one it replaces
    connect(m_clientsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WsClientsPanel::showSelected, Qt::UniqueConnection);
    if (!id.isEmpty()) // clients the events missed, and the subprotocols events do not carry
        m_clients->mergeClients(m_host.wsClients(id));
    setStatus({}, false);
    refreshActions();
    refreshSummary();
}

void WsClientsPanel::onEvents(const QString& id, const WsEventBatch& batch) {
    if (!batch)
        return;
    WsClientsModel* model = modelFor(id);
    model->applyBatch(*batch);
    const bool connects = std::any_of(batch->begin(), batch->end(), [](const auto& event) {
        return event.kind == core::mock::WsEvent::Kind::connected;
    });
    if (connects) // what events do not carry: the negotiated subprotocol
        model->mergeClients(m_host.wsClients(id));
    if (id != m_id)
        return;
    const std::uint64_t shown = m_messages->clientId();
    if (shown && shown == m_messages->clientId()) {
        QScrollBar* bar = m_messagesView->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_messages->appendBatch(*batch);
        if (atEnd)
            m_messagesView->scrollToBottom();
    }
    refreshSummary();
}

std::uint64_t WsClientsPanel::selectedClient() const {
    const QModelIndex current = m_clientsView->currentIndex();
    return current.isValid() ? m_clients->clientAt(current.row()).info.id : 0;
}

void WsClientsPanel::selectClient(std::uint64_t clientId) {
    const int row = m_clients->rowOfClient(clientId);
    if (row >= 0)
        m_clientsView->setCurrentIndex(m_clients->index(row, 0));
}

void WsClientsPanel::showSelected() {
    const QModelIndex current = m_clientsView->currentIndex();
    if (!current.isValid()) {
        m_messages->clear();
    } else {
        const auto& client = m_clients->clientAt(current.row());
        if (client.info.id != m_messages->clientId()) {
            m_messages->setEvents(client.info.id, client.events);
            m_messagesView->scrollToBottom();
        }
    }
    refreshActions();
}

void WsClientsPanel::refreshActions() {
    const QModelIndex current = m_clientsView->currentIndex();
    const bool open = current.isValid() && !m_clients->clientAt(current.row()).closed;
    const bool running = !m_id.isEmpty() && m_host.isRunning(m_id);
    m_send->setEnabled(open && running);
    m_close->setEnabled(open && running);
    m_broadcast->setEnabled(current.isValid() && running);
}

void WsClientsPanel::refreshSummary() {
    if (m_id.isEmpty()) {
        m_summary->clear();
        return;
    }
    if (!m_host.isRunning(m_id) && m_clients->rowCount() == 0) {
        m_summary->setText(tr("The server is not running. Start it, then connect a WebSocket "
                              "client to one of its WebSocket routes."));
        return;
    }
    const int open = m_clients->openCount();
    QString text = open == 1 ? tr("1 client connected") : tr("%1 clients connected").arg(open);
    if (const int closed = m_clients->rowCount() - open; closed > 0)
        text += tr(", %1 closed").arg(closed);
    if (const auto dropped = m_host.wsDroppedFromView(m_id); dropped > 0)
        text += tr(" · %1 events not shown (too many at once)").arg(dropped);
    m_summary->setText(text);
}

void WsClientsPanel::send() {
    const std::uint64_t client = selectedClient();
    if (!client || !m_send->isEnabled())
        return;
    if (m_host.sendToClient(m_id, client, m_text->text().toUtf8()))
        setStatus({}, false);
    else
        setStatus(tr("Client %1 is no longer connected.").arg(client), true);
}

void WsClientsPanel::broadcast() {
    const QModelIndex current = m_clientsView->currentIndex();
    if (!current.isValid())
        return;
    const QString route = QString::fromStdString(m_clients->clientAt(current.row()).info.routeId);
    const std::size_t sent = m_host.broadcast(m_id, route, m_text->text().toUtf8());
    setStatus(sent == 1 ? tr("Sent to 1 client of route %1.").arg(route)
                        : tr("Sent to %1 clients of route %2.").arg(sent).arg(route),
              sent == 0);
}

void WsClientsPanel::closeSelected() {
    const std::uint64_t client = selectedClient();
    if (!client)
        return;
    const auto code = static_cast<std::uint16_t>(m_closeCode->value());
    const bool sendable =
        (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || code >= 3000;
    if (!sendable) {
        setStatus(tr("Close code %1 is reserved and cannot be sent (use 1000-1003, 1007-1014 "
                     "or 3000-4999).")
                      .arg(code),
                  true);
        return;
    }
    if (m_host.closeClient(m_id, client, code, m_closeReason->text()))
        setStatus({}, false);
    else
        setStatus(tr("Client %1 is no longer connected.").arg(client), true);
}

void WsClientsPanel::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    m_status->setVisible(!text.isEmpty());
}

QString WsClientsPanel::statusText() const {
    return m_status->isHidden() ? QString() : m_status->text();
}

} // namespace quiver::ui
