#pragma once

#include "model/request.h"

#include <QWidget>
#include <map>

class QTabWidget;
class QTimer;

namespace quiver::ui {

class EngineBridge;
class RequestPanel;
class WorkspaceSession;

// Several requests open at once, one RequestPanel per tab. A tab whose request differs from
// its file shows "•" in its title and is saved by itself about a second after the last
// edit; a new request stays unsaved until saved with Save. The open tabs and the active one
// are kept in .quiver/tabs.json and come back when the workspace is opened again.
class RequestTabs : public QWidget {
    Q_OBJECT
public:
    RequestTabs(EngineBridge& bridge, WorkspaceSession& session, QWidget* parent = nullptr);
    ~RequestTabs() override;

    QTabWidget* tabWidget() const { return m_tabs; }
    RequestPanel* currentPanel() const;
    int count() const;
    RequestPanel* panelAt(int index) const;
    QString pathAt(int index) const;
    bool isDirty(int index) const;
    int indexOfPath(const QString& relativePath) const;
    void setAutosaveDelay(int milliseconds);

    // Opens the saved request in its own tab, or shows the tab that has it already.
    RequestPanel* openRequest(const QString& relativePath, const core::model::Request& request);
    // A new unsaved tab; Save puts it into folder ("requests" or "requests/api").
    RequestPanel* newRequest(const core::model::Request& request = {}, const QString& folder = {});
    // Shows request in panel as if it were what its file holds (no unsaved mark, no autosave).
    void resetRequest(RequestPanel* panel, const core::model::Request& request);
    // Saves the current tab (an unsaved one into its folder under a name made from it).
    bool saveCurrent();
    bool save(int index);
    // Writes the edits that wait for their autosave; the owner calls it before closing.
    void flush();
    void closeTab(int index);
    // The tabs of the open workspace: clear them all, or bring back .quiver/tabs.json.
    void restoreTabs();
    void saveTabState() const;

    // The tree moved, renamed or deleted an entry: tabs follow it.
    void renamePath(const QString& oldPath, const QString& newPath);
    void removePath(const QString& relativePath);

signals:
    void currentPanelChanged(quiver::ui::RequestPanel* panel);
    void panelCreated(quiver::ui::RequestPanel* panel);
    void saved(const QString& relativePath);
    void message(const QString& text, bool error);

private:
    struct Tab {
        QString path;   // empty while unsaved
        QString folder; // where an unsaved request goes
        core::model::Request saved;
        bool dirty = false;
        QTimer* autosave = nullptr;
    };
    RequestPanel* addPanel(const core::model::Request& request, const QString& path,
                           const QString& folder);
    void watchEdits(RequestPanel* panel);
    void checkDirty(RequestPanel* panel);
    void updateTitle(RequestPanel* panel);
    Tab* tabOf(RequestPanel* panel);
    const Tab* tabOf(RequestPanel* panel) const;
    bool savePanel(RequestPanel* panel);
    void clearTabs();

    EngineBridge& m_bridge;
    WorkspaceSession& m_session;
    QTabWidget* m_tabs;
    std::map<RequestPanel*, Tab> m_state;
    int m_autosaveDelay = 1000;
    bool m_restoring = false;
};

} // namespace quiver::ui
