#pragma once

#include "model/request.h"
#include "ws/session.h"

#include <QWidget>

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace quiver::ui {

class KeyValueTable;

// Where a session is set up and started: URL, Connect/Disconnect, handshake headers,
// subprotocols and options; below, what the handshake settled (subprotocol, deflate) or how the
// session ended (close code and reason, or the error).
class WsConnectBar final : public QWidget {
    Q_OBJECT
public:
    explicit WsConnectBar(QWidget* parent = nullptr);

    // Everything but the snippets, which the composer owns.
    void setRequest(const core::model::Request& request);
    void applyTo(core::model::Request& request) const;
    void showState(const core::ws::StateChange& change);
    core::ws::State state() const { return m_state; }

    // Puts a button of the console (Save) at the end of the URL row.
    void addTrailingWidget(QWidget* widget);
    QLineEdit* urlEdit() const { return m_url; }
    QPushButton* connectButton() const { return m_connect; }
    KeyValueTable* headersTable() const { return m_headers; }
    QString statusText() const;
    QString infoText() const;
    std::uint16_t closeCode() const;
    std::string closeReason() const;

signals:
    void connectRequested();
    void disconnectRequested(std::uint16_t code, const QString& reason);
    void edited();

private:
    QWidget* createOptions();
    void onConnectClicked();

    QHBoxLayout* m_row;
    QLabel* m_status;
    QLineEdit* m_url;
    QPushButton* m_connect;
    QLabel* m_info;
    QTabWidget* m_tabs;
    KeyValueTable* m_headers;
    QLineEdit* m_subprotocols = nullptr;
    QCheckBox* m_deflate = nullptr;
    QSpinBox* m_pingSeconds = nullptr;
    QCheckBox* m_reconnect = nullptr;
    QCheckBox* m_insecure = nullptr;
    QSpinBox* m_maxMegabytes = nullptr;
    QSpinBox* m_closeCode = nullptr;
    QLineEdit* m_closeReason = nullptr;
    core::ws::State m_state = core::ws::State::closed;
    // Kept from the request so a save does not lose what this bar does not edit.
    core::model::WsSettings m_ws;
};

} // namespace quiver::ui
