#pragma once

#include "load/load_report_json.h"
#include "model/request.h"

#include <QTimer>
#include <QWidget>
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>

class QLabel;
class QPushButton;
class QTabWidget;

namespace quiver::core::load {
class LoadRun;
}

namespace quiver::ui {

class EngineBridge;
class LoadConfigForm;
class LoadStatsView;
class RunComparisonView;
class RunList;
struct RunEntry;

// The Load tab: a load run of the Request tab's request, configured, started and stopped
// here. While it runs a timer polls the run's snapshot four times a second (a snapshot is
// cheap and never waits on the engine). A finished run is saved under the workspace's
// .quiver/runs/ and listed; two saved runs can be compared side by side.
class LoadPanel : public QWidget {
    Q_OBJECT

public:
    using RequestSource = std::function<core::model::Request()>;

    LoadPanel(EngineBridge& bridge, RequestSource currentRequest, QWidget* parent = nullptr);
    ~LoadPanel() override;

    // Where runs are saved; empty: runs are not saved.
    void setWorkspaceRoot(const std::filesystem::path& root);
    void takeCurrentRequest();
    void setTarget(const core::model::Request& request);
    const core::model::Request& target() const { return m_target; }

    bool start(); // false, with the reason shown, when it cannot
    void stop();
    bool isRunning() const { return m_running; }
    bool exportK6(const QString& path);
    void refreshRuns();
    void deleteRuns(const QStringList& fileNames);
    void compareRuns(const QString& first, const QString& second);

    LoadConfigForm* form() const { return m_form; }
    LoadStatsView* statsView() const { return m_stats; }
    RunList* runList() const { return m_runs; }
    RunComparisonView* comparisonView() const { return m_comparison; }
    QTabWidget* views() const { return m_views; }
    QString statusText() const;

signals:
    // The run ended; savedFile is the run's file name under .quiver/runs/, empty if unsaved.
    void runFinished(const QString& savedFile);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void poll();
    void finishRun(const core::load::LoadSnapshot& snapshot);
    void showSavedRun(const QString& fileName);
    void exportK6Asked();
    void deleteAsked(const QStringList& fileNames);
    void showStatus(const QString& text, bool error = false);
    void setRunning(bool running);
    core::Result<core::model::Request> resolvedTarget();
    const RunEntry* findRun(const QString& fileName) const;

    EngineBridge& m_bridge;
    RequestSource m_currentRequest;
    core::model::Request m_target;
    bool m_targetTaken = false;
    std::filesystem::path m_workspaceRoot;
    std::filesystem::path m_runRoot; // the workspace of the running run
    std::unique_ptr<core::load::LoadRun> m_run;
    core::load::LoadReport m_report; // what is running: name, date, options
    bool m_running = false;
    std::atomic<std::uint64_t> m_counter{0};
    QTimer m_poll;

    LoadConfigForm* m_form;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_export;
    QLabel* m_status;
    QTabWidget* m_views;
    LoadStatsView* m_stats;
    RunComparisonView* m_comparison;
    RunList* m_runs;
};

} // namespace quiver::ui
