#include "mock/ws_clients_model.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>
#include <algorithm>
#include <chrono>

namespace quiver::ui {
namespace {

using core::mock::WsEvent;

std::uint64_t eventBytes(const WsEvent& event) {
    return event.payload ? event.payload->size() : 0;
}

} // namespace

WsClientsModel::WsClientsModel(QObject* parent) : QAbstractTableModel(parent) {}

WsClientsModel::Client* WsClientsModel::find(std::uint64_t clientId) {
    const int row = rowOfClient(clientId);
    return row < 0 ? nullptr : &m_rows[static_cast<std::size_t>(row)];
}

int WsClientsModel::rowOfClient(std::uint64_t clientId) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), clientId,
                               [](const Client& c, std::uint64_t id) { return c.info.id < id; });
    if (it == m_rows.end() || it->info.id != clientId)
        return -1;
    return static_cast<int>(it - m_rows.begin());
}

void WsClientsModel::applyBatch(const std::vector<WsEvent>& events) {
    std::vector<Client> added;
    int firstChanged = rowCount();
    int lastChanged = -1;
    auto clientFor = [&](const WsEvent& event) -> Client* {
        if (Client* known = find(event.clientId)) {
            const int row = rowOfClient(event.clientId);
            firstChanged = std::min(firstChanged, row);
            lastChanged = std::max(lastChanged, row);
            return known;
        }
        for (Client& client : added)
            if (client.info.id == event.clientId)
                return &client;
        Client client; // its connect event was dropped in a flood, or came before the view
        client.info.id = event.clientId;
        client.info.routeId = event.routeId;
        client.info.connectedAt = event.time;
        added.push_back(std::move(client));
        return &added.back();
    };
    for (const WsEvent& event : events) {
        Client* client = clientFor(event);
        switch (event.kind) {
        case WsEvent::Kind::connected:
            client->info.remoteAddress = event.detail;
            client->info.connectedAt = event.time;
            break;
        case WsEvent::Kind::messageIn:
            ++client->info.messagesIn;
            break;
        case WsEvent::Kind::messageOut:
            ++client->info.messagesOut;
            break;
        case WsEvent::Kind::closed:
            client->closed = true;
            client->closeCode = event.closeCode;
            client->closeReason = QString::fromStdString(event.detail);
            break;
        }
        store(*client, event);
    }
    if (lastChanged >= firstChanged)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, columnCount_ - 1));
    insertClients(std::move(added));
    evictEvents();
    evictClosedClients();
}

void WsClientsModel::store(Client& client, const WsEvent& event) {
    client.events.push_back(event);
    m_order.emplace_back(client.info.id, event.id);
    m_bytes += eventBytes(event);
}

void WsClientsModel::insertClients(std::vector<Client> clients) {
    if (clients.empty())
        return;
    std::sort(clients.begin(), clients.end(),
              [](const Client& a, const Client& b) { return a.info.id < b.info.id; });
    if (m_rows.empty() || clients.front().info.id > m_rows.back().info.id) {
        const int first = rowCount();
        beginInsertRows({}, first, first + static_cast<int>(clients.size()) - 1);
        for (Client& client : clients)
            m_rows.push_back(std::move(client));
        endInsertRows();
        return;
    }
    for (Client& client : clients) { // out of order: only after a flood dropped events
        auto it =
            std::lower_bound(m_rows.begin(), m_rows.end(), client.info.id,
                             [](const Client& c, std::uint64_t id) { return c.info.id < id; });
        const int row = static_cast<int>(it - m_rows.begin());
        beginInsertRows({}, row, row);
        m_rows.insert(it, std::move(client));
        endInsertRows();
    }
}

void WsClientsModel::evictEvents() {
    while (!m_order.empty() && (m_order.size() > kMaxEvents || m_bytes > kMaxEventBytes)) {
        const auto [clientId, eventId] = m_order.front();
        m_order.pop_front();
        Client* client = find(clientId);
        if (client && !client->events.empty() && client->events.front().id == eventId) {
            m_bytes -= eventBytes(client->events.front());
            client->events.pop_front();
        }
    }
}

void WsClientsModel::evictClosedClients() {
    int closed = 0;
    for (const Client& client : m_rows)
        closed += client.closed ? 1 : 0;
    // Only the leading run of closed rows goes, so a batch is one removal of a range.
    int count = 0;
    while (closed - count > kMaxClosedClients && count < rowCount() &&
           m_rows[static_cast<std::size_t>(count)].closed)
        ++count;
    if (count == 0)
        return;
    for (int i = 0; i < count; ++i)
        for (const WsEvent& event : m_rows[static_cast<std::size_t>(i)].events)
            m_bytes -= eventBytes(event);
    const std::uint64_t lastGone = m_rows[static_cast<std::size_t>(count - 1)].info.id;
    beginRemoveRows({}, 0, count - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
    std::erase_if(m_order, [lastGone](const auto& entry) { return entry.first <= lastGone; });
}

void WsClientsModel::mergeClients(const std::vector<core::mock::WsClientInfo>& clients) {
    std::vector<Client> added;
    for (const auto& info : clients) {
        if (Client* client = find(info.id)) {
            client->info.subprotocol = info.subprotocol;
            client->info.remoteAddress = info.remoteAddress;
            client->info.messagesIn = std::max(client->info.messagesIn, info.messagesIn);
            client->info.messagesOut = std::max(client->info.messagesOut, info.messagesOut);
        } else {
            Client fresh;
            fresh.info = info;
            added.push_back(std::move(fresh));
        }
    }
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount_ - 1));
    insertClients(std::move(added));
}

void WsClientsModel::markAllClosed() {
    for (Client& client : m_rows)
        if (!client.closed) {
            client.closed = true;
            client.closeCode = 1001; // going away: the server stopped
        }
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount_ - 1));
    evictClosedClients();
}

void WsClientsModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_order.clear();
    m_bytes = 0;
    endResetModel();
}

int WsClientsModel::openCount() const {
    return static_cast<int>(
        std::count_if(m_rows.begin(), m_rows.end(), [](const Client& c) { return !c.closed; }));
}

int WsClientsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WsClientsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : columnCount_;
}

QVariant WsClientsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Client& client = clientAt(index.row());
    if (role == Qt::ForegroundRole)
        return client.closed ? QVariant(QGuiApplication::palette().color(QPalette::PlaceholderText))
                             : QVariant();
    if (role == Qt::TextAlignmentRole &&
        (index.column() == inColumn || index.column() == outColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const auto& info = client.info;
    switch (index.column()) {
    case idColumn:
        return QVariant::fromValue<qulonglong>(info.id);
    case routeColumn:
        return QString::fromStdString(info.routeId);
    case remoteColumn:
        return QString::fromStdString(info.remoteAddress);
    case subprotocolColumn:
        return QString::fromStdString(info.subprotocol);
    case connectedColumn: {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            info.connectedAt.time_since_epoch())
                            .count();
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
    }
    case inColumn:
        return QVariant::fromValue<qulonglong>(info.messagesIn);
    case outColumn:
        return QVariant::fromValue<qulonglong>(info.messagesOut);
    case stateColumn:
        if (!client.closed)
            return tr("open");
        return client.closeReason.isEmpty()
                   ? tr("closed %1").arg(client.closeCode)
                   : tr("closed %1 %2").arg(client.closeCode).arg(client.closeReason);
    default:
        return {};
    }
}

QVariant WsClientsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case idColumn:
        return tr("Id");
    case routeColumn:
        return tr("Route");
    case remoteColumn:
        return tr("Remote address");
    case subprotocolColumn:
        return tr("Subprotocol");
    case connectedColumn:
        return tr("Connected");
    case inColumn:
        return tr("In");
    case outColumn:
        return tr("Out");
    case stateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace quiver::ui
