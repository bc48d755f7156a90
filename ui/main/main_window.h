#pragma once

#include "io/workspace.h"

#include <QMainWindow>
#include <memory>
#include <optional>

namespace quiver::ui {

class EngineBridge;
class RequestPanel;
class SavedRequestsPanel;
class Theme;

// Docks the panels and owns the menus; the panels own their widgets and their work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // workspacePath empty: the last one used, else the default one in the user's data folder.
    explicit MainWindow(EngineBridge& bridge, Theme& theme, const QString& workspacePath = {},
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    RequestPanel* requestPanel() const { return m_requestPanel; }
    bool openWorkspace(const QString& path);
    bool saveCurrentRequest();
    void openRequest(const QString& relativePath);
    void newRequest();

private:
    void createMenus();
    void chooseWorkspace();
    void showStatus(const QString& text, bool error = false);

    EngineBridge& m_bridge;
    Theme& m_theme;
    std::optional<core::io::Workspace> m_workspace;
    QString m_currentPath; // relative path of the open request, empty when unsaved
    RequestPanel* m_requestPanel;
    SavedRequestsPanel* m_savedPanel;
};

} // namespace quiver::ui
