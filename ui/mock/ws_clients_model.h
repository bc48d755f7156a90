#pragma once

#include "mock/ws_hub.h"

#include <QAbstractTableModel>
#include <deque>
#include <vector>

namespace quiver::ui {

// The WebSocket clients of one mock server, in the order they connected, each with its recent
// events (connect, messages, close). A batch of events is applied with at most one insertion,
// one removal and one dataChanged (STYLE.md §12). Bounded: closed clients beyond
// kMaxClosedClients are dropped oldest first, and the events kept across all clients are
// capped by count and payload bytes, the oldest going first; payloads are shared with the
// server's log, never copied.
class WsClientsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        idColumn,
        routeColumn,
        remoteColumn,
        subprotocolColumn,
        connectedColumn,
        inColumn,
        outColumn,
        stateColumn,
        columnCount_
    };
    static constexpr int kMaxClosedClients = 200;
    static constexpr std::size_t kMaxEvents = 20'000;
    static constexpr std::uint64_t kMaxEventBytes = 64ull << 20;

    struct Client {
        core::mock::WsClientInfo info;
        bool closed = false;
        std::uint16_t closeCode = 0;
        QString closeReason;
        std::deque<core::mock::WsEvent> events; // oldest first
    };

    explicit WsClientsModel(QObject* parent = nullptr);

    void applyBatch(const std::vector<core::mock::WsEvent>& events);
    // The server's own list: fills what events do not carry (subprotocol) and adds clients
    // whose connect event was never seen (dropped in a flood, or connected before the view).
    void mergeClients(const std::vector<core::mock::WsClientInfo>& clients);
    // The server stopped: every client is gone.
    void markAllClosed();
    void clear();

    int rowOfClient(std::uint64_t clientId) const; // -1 when not listed
    const Client& clientAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    int openCount() const;
    std::size_t storedEvents() const { return m_order.size(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Client* find(std::uint64_t clientId);
    void insertClients(std::vector<Client> clients);
    void store(Client& client, const core::mock::WsEvent& event);
    void evictEvents();
    void evictClosedClients();

    std::deque<Client> m_rows; // sorted by client id (the hub hands them out in order)
    // Every stored event as (client, event id), oldest first: what the caps evict.
    std::deque<std::pair<std::uint64_t, std::uint64_t>> m_order;
    std::uint64_t m_bytes = 0;
};

} // namespace quiver::ui
