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
class ServerEditor;
class SavedRequestsPanel;
class Theme;
class WsPanel;

// Docks the panels and owns the menus; the panels own their widgets and their work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // workspacePath empty: the last one used, else the default one in the user's data folder.
    explicit MainWindow(EngineBridge& bridge, Theme& theme, const QString& workspacePath = {},
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    RequestPanel* requestPanel() const { return m_requestPanel; }
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

private:
    void createMenus();
    void createMockPanels(QDockWidget* requestsDock);
    void createTrafficPanel();
    void chooseWorkspace();
    void showStatus(const QString& text, bool error = false);
    // First run: starts the demo workspace's mock server and opens a request that calls it.
    void startDemo();

    EngineBridge& m_bridge;
    Theme& m_theme;
    std::optional<core::io::Workspace> m_workspace;
    QString m_currentPath; // relative path of the open request, empty when unsaved
    RequestPanel* m_requestPanel;
    SavedRequestsPanel* m_savedPanel;
    MockHost* m_mockHost; // first child: it outlives the panels that show its servers
    MockServersPanel* m_mockPanel;
    ServerEditor* m_serverEditor;
    QTabWidget* m_centralTabs;
    LoadPanel* m_loadPanel;
    WsPanel* m_wsPanel;              // the "WebSocket" tab: one console per session
    EventStreamPanel* m_eventsPanel; // requests opened as server-sent event streams
    QDockWidget* m_trafficDock;
};

} // namespace quiver::ui
