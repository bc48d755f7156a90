#pragma once

#include "bridge/ws_host.h"
#include "model/request.h"

#include <QWidget>

class QTabWidget;

namespace quiver::core::io {
class Workspace;
}

namespace quiver::ui {

class WsConsole;

// The "WebSocket" tab: one console per session in its own inner tab, several at once. Owns the
// WsHost (and so every session); saves consoles as requests of kind ws into the workspace.
class WsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit WsPanel(WsHost::SessionFactory factory, QWidget* parent = nullptr);
    ~WsPanel() override;

    void setWorkspace(core::io::Workspace* workspace) { m_workspace = workspace; }
    WsConsole* newSession();
    // Focuses the console already showing path, or opens one.
    WsConsole* openRequest(const QString& path, const core::model::Request& request);
    bool save(WsConsole* console);
    bool saveCurrent(); // false when no console is open

    WsHost* host() const { return m_host; }
    int consoleCount() const;
    WsConsole* console(int index) const;
    WsConsole* currentConsole() const;

signals:
    void saved(const QString& path);
    void message(const QString& text, bool error);

private:
    WsConsole* addConsole(const core::model::Request& request, const QString& path);
    void closeConsole(int index);

    WsHost* m_host; // first child: destroyed after the consoles that use it
    QTabWidget* m_tabs;
    core::io::Workspace* m_workspace = nullptr;
    int m_nextKey = 1;
};

} // namespace quiver::ui
