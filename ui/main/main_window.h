#pragma once

#include "io/workspace.h"

#include <QMainWindow>

class QDockWidget;
class QTabWidget;
#include <memory>
#include <optional>

namespace quiver::ui {

class EngineBridge;
class EventStreamPanel;
class MockHost;
class MockServersPanel;
class LoadPanel;
class RequestPanel;
class RequestTabs;
class ServerEditor;
class Theme;
class WorkspaceActions;
class WorkspaceSession;
class WorkspaceTree;
class WsPanel;

// Docks the panels and owns the menus; the panels own their widgets and their work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // workspacePath empty: the last one used, else the default one in the user's data folder.
    explicit MainWindow(EngineBridge& bridge, Theme& theme, const QString& workspacePath = {},
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    // The request panel of the tab in view in the Request tab (there is always one).
    RequestPanel* requestPanel() const;
    RequestTabs* requestTabs() const { return m_requestTabs; }
    WorkspaceSession* session() const { return m_session; }
    WorkspaceTree* workspaceTree() const { return m_tree; }
    WorkspaceActions* workspaceActions() const { return m_actions; }
    LoadPanel* loadPanel() const { return m_loadPanel; }
    MockHost* mockHost() const { return m_mockHost; }
    MockServersPanel* mockServersPanel() const { return m_mockPanel; }
    ServerEditor* serverEditor() const { return m_serverEditor; }
    WsPanel* wsPanel() const { return m_wsPanel; }
    EventStreamPanel* eventsPanel() const { return m_eventsPanel; }
    bool openWorkspace(const QString& path);
    bool saveCurrentRequest();
    void openRequest(const QString& relativePath);
    void newRequest();
    void openEnvironmentEditor();

private:
    void createMenus();
    void createMockPanels(QDockWidget* requestsDock);
    void createWorkspacePanels();
    void createTrafficPanel();
    void chooseWorkspace();
    void showStatus(const QString& text, bool error = false);
    // First run: starts the demo workspace's mock server and opens a request that calls it.
    void startDemo();

    EngineBridge& m_bridge;
    Theme& m_theme;
    // The open workspace, its secrets, environments and variable scope; created first so
    // that every panel can hold on to it.
    WorkspaceSession* m_session;
    RequestTabs* m_requestTabs;
    WorkspaceTree* m_tree;
    WorkspaceActions* m_actions; // history, cookies, import/export, code, runner
    MockHost* m_mockHost;        // first child: it outlives the panels that show its servers
    MockServersPanel* m_mockPanel;
    ServerEditor* m_serverEditor;
    QTabWidget* m_centralTabs;
    LoadPanel* m_loadPanel;
    WsPanel* m_wsPanel;              // the "WebSocket" tab: one console per session
    EventStreamPanel* m_eventsPanel; // requests opened as server-sent event streams
    QDockWidget* m_trafficDock;
};

} // namespace quiver::ui
