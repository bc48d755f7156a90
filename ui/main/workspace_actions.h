#pragma once

#include "bridge/engine_bridge.h"
#include "http/cookie_jar.h"
#include "io/export/exporters.h"
#include "io/redaction.h"
#include "model/request.h"
#include "workspace/import_report_dialog.h"

#include <QObject>
#include <QPointer>
#include <functional>

class QDockWidget;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace quiver::ui {

class CookieEditor;
class HistoryPanel;
class RequestPanel;
class RunnerPanel;
class WorkspaceSession;

// The workspace's menu actions and docks beyond the tree: history, cookies, import (menu and
// dropped files), export, code generation and the runner. MainWindow creates one, hands it the
// menus and the central tabs, and tells it about every RequestPanel it makes (watch()).
class WorkspaceActions final : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<RequestPanel*()> currentRequestPanel;
        // Opens a request (from history) in the editor as a new, unsaved request.
        std::function<void(const core::model::Request&)> openUnsaved;
    };

    WorkspaceActions(QMainWindow& window, EngineBridge& bridge, WorkspaceSession& session,
                     Hooks hooks);
    ~WorkspaceActions() override; // saves the cookies

    void addFileActions(QMenu* file);       // Import…, Export…
    void addRequestActions(QMenu* request); // Generate code…, Cookies…
    void addViewActions(QMenu* view);       // the History dock
    void addRunnerTab(QTabWidget* tabs);
    // Records the panel's sends into history, saves cookies after them and shows the
    // assertion results in its Tests tab. Safe to call twice for one panel.
    void watch(RequestPanel* panel);

    HistoryPanel* historyPanel() const { return m_history; }
    QDockWidget* historyDock() const { return m_historyDock; }
    RunnerPanel* runnerPanel() const { return m_runner; }

    // What leaves the workspace is redacted with the session's secrets.
    core::io::Redaction redaction(bool keepSecrets = false) const;

    // Imports off the UI thread, then reloads the session and shows the report dialog.
    void importFiles(const QStringList& files);
    ImportReportDialog* lastImportReport() const { return m_lastReport; }
    bool exportCollection(const QString& file, core::io::ExportFormat format, const QString& folder,
                          bool includeSecrets, QString* error = nullptr);
    bool saveHistoryRequest(const core::model::Request& request, const QString& folder,
                            QString* error = nullptr);
    bool exportHistoryHar(const QString& file, QString* error = nullptr);
    // The request of the current panel substituted with the session's scope (unsubstituted
    // when a variable is missing: *note says so).
    core::model::Request substitutedCurrentRequest(QString* note = nullptr) const;

    bool saveCookies(QString* error = nullptr);
    void loadCookies();
    CookieEditor* openCookieEditor();
    void openCodeDialog();
    void openExportDialog();

signals:
    void importFinished(const QList<quiver::ui::ImportSummary>& imports);
    void status(const QString& text, bool error);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onOpened();
    void onSent(RequestPanel* panel, const core::model::Request& request,
                const ResponsePtr& response, const core::Error& error, const QString& sourcePath);
    void showAssertionResults(RequestPanel* panel, const core::model::Request& request,
                              const core::model::Response& response);
    void chooseImportFiles();
    void askSaveHistoryRequest(const core::model::Request& request);
    void askExportHar();
    void createHistoryDock();
    QString cookieFile() const;

    QMainWindow& m_window;
    EngineBridge& m_bridge;
    WorkspaceSession& m_session;
    Hooks m_hooks;
    HistoryPanel* m_history = nullptr;
    QDockWidget* m_historyDock = nullptr;
    RunnerPanel* m_runner = nullptr;
    QPointer<ImportReportDialog> m_lastReport;
    QString m_cookieRoot; // the workspace whose cookies the jar holds
    std::vector<core::http::Cookie> m_savedCookies;
    QList<QPointer<RequestPanel>> m_watched;
    int m_importsRunning = 0;
};

} // namespace quiver::ui
