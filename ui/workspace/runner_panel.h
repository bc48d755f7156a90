#pragma once

#include "run/run_result.h"

#include <QHash>
#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace quiver::core {
class Engine;
}

namespace quiver::ui {

class RunHost;
class WorkspaceSession;

// The "Runner" tab: runs a folder (or the whole collection) of the open workspace with an
// environment, iterations, a data file, a delay and stop-on-failure, and shows each request
// as it finishes with its assertions below it (pass/fail, status, time), a summary line, and
// the report as JUnit XML or JSON.
class RunnerPanel final : public QWidget {
    Q_OBJECT
public:
    RunnerPanel(core::Engine& engine, WorkspaceSession& session, QWidget* parent = nullptr);
    ~RunnerPanel() override;

    // Folder relative to requests/ ("" = the whole collection); environment id ("" = none).
    void setFolder(const QString& folder);
    void setEnvironment(const QString& id);
    void setIterations(int iterations);
    void setDataFile(const QString& path);
    void setDelayMs(int ms);
    void setStopOnFailure(bool stop);

    bool run(QString* error = nullptr);
    void stop();
    bool isRunning() const;

    QTreeWidget* resultTree() const { return m_tree; }
    QString summaryText() const;
    const std::optional<core::run::RunReport>& lastReport() const { return m_report; }
    bool exportReport(const QString& file, bool junit, QString* error = nullptr) const;

signals:
    void finished(const quiver::core::run::RunReport& report);
    void message(const QString& text, bool error);

private:
    void refreshChoices();
    void onStarted(const QString& relativePath, int iteration);
    void onResult(const core::run::RequestResult& result);
    void onFinished(const core::run::RunReport& report);
    void fillResultItem(QTreeWidgetItem* item, const core::run::RequestResult& result);
    void exportAsked(bool junit);
    void updateSummary();

    WorkspaceSession& m_session;
    RunHost* m_host;
    QComboBox* m_folder;
    QComboBox* m_environment;
    QSpinBox* m_iterations;
    QLineEdit* m_dataFile;
    QSpinBox* m_delay;
    QCheckBox* m_stopOnFailure;
    QPushButton* m_run;
    QPushButton* m_stop;
    QPushButton* m_exportJUnit;
    QPushButton* m_exportJson;
    QTreeWidget* m_tree;
    QLabel* m_summary;
    QHash<QString, QTreeWidgetItem*> m_running; // "path#iteration" → its row while in flight
    int m_done = 0;
    int m_failed = 0;
    std::optional<core::run::RunReport> m_report;
};

} // namespace quiver::ui
