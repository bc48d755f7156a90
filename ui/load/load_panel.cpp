#include "load/load_panel.h"

#include "bridge/engine_bridge.h"
#include "io/atomic_file.h"
#include "load/k6_script.h"
#include "load/load_config_form.h"
#include "load/load_run.h"
#include "load/load_stats_view.h"
#include "load/run_comparison_view.h"
#include "load/run_list.h"
#include "load/run_store.h"
#include "model/template.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

constexpr int kPollMs = 250; // four updates a second

std::string runName(const core::model::Request& request) {
    if (!request.name.empty())
        return request.name;
    const QUrl url(QString::fromStdString(request.url));
    return request.method + " " + (url.host() + url.path()).toStdString();
}

} // namespace

LoadPanel::LoadPanel(EngineBridge& bridge, RequestSource currentRequest, QWidget* parent)
    : QWidget(parent), m_bridge(bridge), m_currentRequest(std::move(currentRequest)) {
    m_form = new LoadConfigForm(this);
    m_start = new QPushButton(QIcon(":/icons/send.svg"), tr("Start"), this);
    m_start->setObjectName("loadStart");
    m_stop = new QPushButton(QIcon(":/icons/cancel.svg"), tr("Stop"), this);
    m_stop->setObjectName("loadStop");
    m_export = new QPushButton(tr("Export k6 script…"), this);
    m_status = new QLabel(this);
    m_status->setObjectName("loadStatus");
    m_status->setTextFormat(Qt::PlainText);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_stats = new LoadStatsView(this);
    m_comparison = new RunComparisonView(this);
    m_runs = new RunList(this);
    m_views = new QTabWidget(this);
    m_views->setDocumentMode(true);
    m_views->addTab(m_stats, tr("Run"));
    m_views->addTab(m_comparison, tr("Compare"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_export);
    buttons->addWidget(m_status, 1);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_views);
    splitter->addWidget(m_runs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(m_form, &LoadConfigForm::takeCurrentRequested, this, &LoadPanel::takeCurrentRequest);
    connect(m_start, &QPushButton::clicked, this, &LoadPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &LoadPanel::stop);
    connect(m_export, &QPushButton::clicked, this, &LoadPanel::exportK6Asked);
    connect(m_runs, &RunList::runSelected, this, &LoadPanel::showSavedRun);
    connect(m_runs, &RunList::compareRequested, this, &LoadPanel::compareRuns);
    connect(m_runs, &RunList::deleteRequested, this, &LoadPanel::deleteAsked);
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &LoadPanel::poll);
    setRunning(false);
}

LoadPanel::~LoadPanel() = default; // the run stops and closes its connections

void LoadPanel::setWorkspaceRoot(const std::filesystem::path& root) {
    m_workspaceRoot = root;
    refreshRuns();
}

void LoadPanel::takeCurrentRequest() {
    if (m_currentRequest)
        setTarget(m_currentRequest());
}

void LoadPanel::setTarget(const core::model::Request& request) {
    m_target = request;
    m_targetTaken = true;
    m_form->setTarget(request);
}

void LoadPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!m_targetTaken && !m_running)
        takeCurrentRequest();
}

core::Result<core::model::Request> LoadPanel::resolvedTarget() {
    if (!m_targetTaken)
        takeCurrentRequest();
    core::model::TemplateContext context;
    context.random = &m_bridge.engine().random();
    context.clock = &m_bridge.engine().clock();
    context.counter = &m_counter;
    auto resolved = core::model::substituteRequest(m_target, context);
    if (resolved && resolved->url.empty())
        return core::makeError(core::ErrorKind::protocol,
                               tr("no request to run: enter a URL in the Request tab and press "
                                  "Use current request")
                                   .toStdString());
    return resolved;
}

bool LoadPanel::start() {
    if (m_running)
        return false;
    auto request = resolvedTarget();
    if (!request) {
        showStatus(tr("Cannot start: %1").arg(QString::fromStdString(request.error().message)),
                   true);
        return false;
    }
    core::load::LoadOptions options = m_form->options();
    m_report = {};
    m_report.name = runName(request.value());
    m_report.method = request->method;
    m_report.url = request->url;
    m_report.date = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
    m_report.options = options;
    m_runRoot = m_workspaceRoot; // saved where it started, even if the workspace changes
    options.request = std::move(request.value());
    m_run.reset(); // a finished run still holds its statistics until the next one
    m_run = std::make_unique<core::load::LoadRun>(m_bridge.engine(), std::move(options));
    m_run->start();
    setRunning(true);
    m_views->setCurrentWidget(m_stats);
    m_stats->clear();
    m_stats->setCaption(tr("Running…"));
    showStatus(tr("Running %1").arg(QString::fromStdString(m_report.method + " " + m_report.url)));
    m_poll.start();
    return true;
}

void LoadPanel::stop() {
    if (m_run && m_running) {
        m_run->stop();
        showStatus(tr("Stopping…"));
    }
}

void LoadPanel::poll() {
    if (!m_run)
        return m_poll.stop();
    const core::load::LoadSnapshot snapshot = m_run->snapshot();
    m_stats->showSnapshot(snapshot);
    if (snapshot.finished)
        finishRun(snapshot);
}

void LoadPanel::finishRun(const core::load::LoadSnapshot& snapshot) {
    m_poll.stop();
    setRunning(false);
    m_report.result = snapshot;
    QString saved;
    if (!snapshot.failure.empty() && snapshot.completed == 0) {
        // Nothing ran (a bad URL, a refused connection): nothing worth keeping.
        showStatus(tr("The run failed: %1").arg(QString::fromStdString(snapshot.failure)), true);
    } else if (m_runRoot.empty()) {
        showStatus(tr("Finished; not saved: no workspace is open"));
    } else if (auto name = RunStore(m_runRoot).save(m_report); !name) {
        showStatus(tr("Finished; not saved: %1").arg(QString::fromStdString(name.error().message)),
                   true);
    } else {
        saved = name.value();
        showStatus(tr("Finished; saved as .quiver/runs/%1").arg(saved));
    }
    m_stats->setCaption(tr("Finished"));
    refreshRuns();
    emit runFinished(saved);
}

void LoadPanel::setRunning(bool running) {
    m_running = running;
    m_form->setRunning(running);
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
}

void LoadPanel::refreshRuns() {
    m_runs->setEntries(m_workspaceRoot.empty() ? std::vector<RunEntry>{}
                                               : RunStore(m_workspaceRoot).list());
}

const RunEntry* LoadPanel::findRun(const QString& fileName) const {
    for (const auto& entry : m_runs->entries())
        if (entry.fileName == fileName)
            return &entry;
    return nullptr;
}

void LoadPanel::showSavedRun(const QString& fileName) {
    const RunEntry* entry = findRun(fileName);
    if (m_running || !entry)
        return;
    if (!entry->report) {
        showStatus(entry->error, true);
        return;
    }
    m_stats->showSnapshot(entry->report->result);
    m_stats->setCaption(runLabel(*entry->report, tr("Saved")));
    showStatus({});
    m_views->setCurrentWidget(m_stats);
}

void LoadPanel::compareRuns(const QString& first, const QString& second) {
    const RunEntry* a = findRun(first);
    const RunEntry* b = findRun(second);
    if (!a || !b || !a->report || !b->report)
        return showStatus(tr("Select two runs that read to compare them"), true);
    m_comparison->showRuns(*a->report, *b->report);
    showStatus({});
    m_views->setCurrentWidget(m_comparison);
}

void LoadPanel::deleteAsked(const QStringList& fileNames) {
    const auto answer = QMessageBox::question(
        this, tr("Delete runs"), tr("Delete %n saved run(s)?", nullptr, int(fileNames.size())));
    if (answer == QMessageBox::Yes)
        deleteRuns(fileNames);
}

void LoadPanel::deleteRuns(const QStringList& fileNames) {
    if (m_workspaceRoot.empty())
        return;
    const RunStore store(m_workspaceRoot);
    for (const QString& name : fileNames)
        if (core::Error error = store.remove(name)) {
            showStatus(QString::fromStdString(error.message), true);
            break;
        }
    refreshRuns();
}

void LoadPanel::exportK6Asked() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export k6 script"), QStringLiteral("load-test.js"),
                                     tr("JavaScript (*.js *.mjs)"));
    if (!path.isEmpty())
        exportK6(path);
}

bool LoadPanel::exportK6(const QString& path) {
    auto request = resolvedTarget();
    if (!request) {
        showStatus(tr("Not exported: %1").arg(QString::fromStdString(request.error().message)),
                   true);
        return false;
    }
    const std::string script = core::load::k6Script(request.value(), m_form->options());
    if (core::Error error = core::io::writeFileAtomically(path.toStdString(), script)) {
        showStatus(tr("Not exported: %1").arg(QString::fromStdString(error.message)), true);
        return false;
    }
    showStatus(tr("k6 script written to %1").arg(path));
    return true;
}

void LoadPanel::showStatus(const QString& text, bool error) {
    m_status->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    m_status->setText(text);
    m_status->setToolTip(text);
}

QString LoadPanel::statusText() const {
    return m_status->text();
}

} // namespace quiver::ui
