#pragma once

#include "bridge/mock_host.h"

#include <QWidget>
#include <map>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace quiver::ui {

class WsClientMessagesModel;
class WsClientsModel;

// The clients connected to the WebSocket routes of one mock server, from the host's event
// batches: the list of clients (closed ones greyed), the selected client's messages, a
// composer that sends to that client or to every client of its route, and a close with a
// code and reason. Each server's list is kept from the host's events whether it is shown or
// not, so opening a server shows what its clients said before; a server that restarts starts a
// new list (client ids start over).
class WsClientsPanel : public QWidget {
    Q_OBJECT
public:
    explicit WsClientsPanel(MockHost& host, QWidget* parent = nullptr);

    // Empty: nothing is shown.
    void setServer(const QString& id);
    QString serverId() const { return m_id; }
    // The client whose messages are shown; 0 when none.
    std::uint64_t selectedClient() const;
    void selectClient(std::uint64_t clientId);

    // The shown server's clients.
    WsClientsModel* clientsModel() const { return m_clients; }
    WsClientMessagesModel* messagesModel() const { return m_messages; }
    QTableView* clientsView() const { return m_clientsView; }
    QTableView* messagesView() const { return m_messagesView; }
    QLineEdit* composer() const { return m_text; }
    QPushButton* sendButton() const { return m_send; }
    QPushButton* broadcastButton() const { return m_broadcast; }
    QSpinBox* closeCodeBox() const { return m_closeCode; }
    QLineEdit* closeReasonEdit() const { return m_closeReason; }
    QPushButton* closeButton() const { return m_close; }
    QString statusText() const;

private:
    QWidget* makeComposer();
    WsClientsModel* modelFor(const QString& id);
    void onEvents(const QString& id, const WsEventBatch& batch);
    void showSelected();
    void refreshActions();
    void refreshSummary();
    void send();
    void broadcast();
    void closeSelected();
    void setStatus(const QString& text, bool error);

    MockHost& m_host;
    QString m_id;
    // One per server seen (owned by the panel); m_clients is the shown one, or an empty one.
    std::map<QString, WsClientsModel*> m_models;
    WsClientsModel* m_empty;
    WsClientsModel* m_clients;
    WsClientMessagesModel* m_messages;
    QLabel* m_summary;
    QTableView* m_clientsView;
    QTableView* m_messagesView;
    QLineEdit* m_text;
    QPushButton* m_send;
    QPushButton* m_broadcast;
    QSpinBox* m_closeCode;
    QLineEdit* m_closeReason;
    QPushButton* m_close;
    QLabel* m_status;
};

} // namespace quiver::ui
