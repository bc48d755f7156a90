#pragma once

#include "model/mock_server.h"

#include <QTimer>
#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;

namespace quiver::core::io {
class Workspace;
}

namespace quiver::ui {

class ChainEditor;
class MockHost;
class RouteEditor;
class RouteTable;
class ServerSettingsForm;
class WsClientsPanel;

// The editor of one mock server: its routes, its middleware chain, its settings and, while it
// runs, the clients connected to its WebSocket routes. Edits
// apply live: ~300 ms after the last one the server is validated, saved to its file and, when
// it runs, swapped into the running server. Invalid state is shown and not saved; the edit
// stays in the widgets so nothing the user typed is lost.
class ServerEditor : public QWidget {
    Q_OBJECT
public:
    static constexpr int kApplyDelayMs = 300;

    explicit ServerEditor(MockHost& host, QWidget* parent = nullptr);

    // The workspace whose mocks/ files are edited; it must outlive its use here.
    void setWorkspace(core::io::Workspace* workspace);
    // Shows mocks/<id>.json; a file that failed to load is shown as its error.
    void showServer(const QString& id);
    void clearServer();
    QString serverId() const { return m_id; }
    // The server as the widgets show it.
    core::model::MockServer server() const;
    bool hasPendingEdits() const { return m_applyTimer.isActive(); }
    // Applies the pending edits now; false when they are invalid or could not be saved.
    bool applyNow();
    // Adds a route (from the traffic panel's "make a route") after the routes, with an id of
    // its own, selects it and saves as any edit does.
    void addRoute(core::model::MockRoute route);
    // A route a recording proxy layer of server `id` made: shown and saved like addRoute when
    // that server is open here, else appended to its file and swapped into it if it runs.
    // False (with the reason shown) when the file could not be read or saved.
    bool addRecordedRoute(const QString& id, core::model::MockRoute route);
    QString messageText() const; // the error or note shown, for tests

    RouteTable* routeTable() const { return m_routes; }
    RouteEditor* routeEditor() const { return m_routeEditor; }
    ChainEditor* chainEditor() const { return m_chain; }
    ServerSettingsForm* settingsForm() const { return m_settings; }
    QTabWidget* tabs() const { return m_tabs; }
    WsClientsPanel* wsClientsPanel() const { return m_wsClients; }

signals:
    void saved(const QString& id);

private:
    void scheduleApply();
    QString validate(const core::model::MockServer& server) const;
    void updateRunningServer(const core::model::MockServer& server);
    void refreshHeader();
    void showMessage(const QString& text, bool error);
    void toggleRunning();
    void showCurrentRoute(int row);

    MockHost& m_host;
    core::io::Workspace* m_workspace = nullptr;
    QString m_id;
    core::model::MockServer m_base; // keeps what no widget edits (route groups)
    bool m_loading = false;
    QTimer m_applyTimer;

    QLabel* m_title;
    QLabel* m_state;
    QPushButton* m_startStop;
    QLabel* m_message;
    QTabWidget* m_tabs;
    RouteTable* m_routes;
    RouteEditor* m_routeEditor;
    ChainEditor* m_chain;
    ServerSettingsForm* m_settings;
    WsClientsPanel* m_wsClients;
    QWidget* m_body;
    QLabel* m_placeholder;
};

} // namespace quiver::ui
