#include "workspace/runner_panel.h"

#include "bridge/run_host.h"
#include "io/atomic_file.h"
#include "request/assertions_editor.h"
#include "response/timing_view.h"
#include "run/assertion_check.h"
#include "run/reports.h"
#include "workspace/workspace_session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

enum Column { nameColumn, statusColumn, timeColumn, detailColumn, columnCount };

QString key(const QString& relativePath, int iteration) {
    return relativePath + '#' + QString::number(iteration);
}

void addFolders(QComboBox* box, const core::io::WorkspaceFolder& folder, int depth) {
    for (const auto& sub : folder.folders) {
        const QString relative =
            QString::fromStdString(sub.relativePath).mid(QStringLiteral("requests/").size());
        box->addItem(QString(depth * 2, ' ') + QString::fromStdString(sub.name), relative);
        addFolders(box, sub, depth + 1);
    }
}

} // namespace

RunnerPanel::RunnerPanel(core::Engine& engine, WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), m_session(session), m_host(new RunHost(engine, this)) {
    m_folder = new QComboBox(this);
    m_folder->setObjectName("runnerFolder");
    m_environment = new QComboBox(this);
    m_environment->setObjectName("runnerEnvironment");
    m_iterations = new QSpinBox(this);
    m_iterations->setRange(1, 100000);
    m_dataFile = new QLineEdit(this);
    m_dataFile->setPlaceholderText(tr("CSV or JSON rows, optional"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    m_delay = new QSpinBox(this);
    m_delay->setRange(0, 600000);
    m_delay->setSuffix(tr(" ms"));
    m_stopOnFailure = new QCheckBox(tr("Stop on first failure"), this);
    m_run = new QPushButton(QIcon(":/icons/send.svg"), tr("Run"), this);
    m_run->setObjectName("runnerRun");
    m_stop = new QPushButton(QIcon(":/icons/cancel.svg"), tr("Stop"), this);
    m_stop->setEnabled(false);
    m_exportJUnit = new QPushButton(tr("Export JUnit…"), this);
    m_exportJson = new QPushButton(tr("Export JSON…"), this);
    m_exportJUnit->setEnabled(false);
    m_exportJson->setEnabled(false);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName("runnerResults");
    m_tree->setColumnCount(columnCount);
    m_tree->setHeaderLabels({tr("Request / check"), tr("Status"), tr("Time"), tr("Details")});
    m_tree->header()->setSectionResizeMode(nameColumn, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(detailColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(nameColumn, 340);
    m_tree->setUniformRowHeights(true);
    m_summary = new QLabel(tr("Choose what to run and press Run."), this);
    m_summary->setObjectName("runnerSummary");

    auto* data = new QHBoxLayout;
    data->addWidget(m_dataFile, 1);
    data->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Folder:"), m_folder);
    form->addRow(tr("Environment:"), m_environment);
    form->addRow(tr("Iterations:"), m_iterations);
    form->addRow(tr("Data file:"), data);
    form->addRow(tr("Delay between requests:"), m_delay);
    form->addRow(QString(), m_stopOnFailure);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(m_exportJUnit);
    buttons->addWidget(m_exportJson);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Data file"), m_session.rootPath(), tr("Data (*.csv *.json);;All files (*)"));
        if (!file.isEmpty())
            m_dataFile->setText(file);
    });
    connect(m_run, &QPushButton::clicked, this, [this] {
        QString error;
        if (!run(&error))
            emit message(error, true);
    });
    connect(m_stop, &QPushButton::clicked, this, &RunnerPanel::stop);
    connect(m_exportJUnit, &QPushButton::clicked, this, [this] { exportAsked(true); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportAsked(false); });
    connect(m_host, &RunHost::requestStarted, this, &RunnerPanel::onStarted);
    connect(m_host, &RunHost::requestFinished, this, &RunnerPanel::onResult);
    connect(m_host, &RunHost::runFinished, this, &RunnerPanel::onFinished);
    connect(&m_session, &WorkspaceSession::opened, this, &RunnerPanel::refreshChoices);
    connect(&m_session, &WorkspaceSession::itemsChanged, this, &RunnerPanel::refreshChoices);
    connect(&m_session, &WorkspaceSession::environmentsChanged, this, &RunnerPanel::refreshChoices);
    connect(&m_session, &WorkspaceSession::activeEnvironmentChanged, this,
            [this](const QString& id) { setEnvironment(id); });
    refreshChoices();
    setEnvironment(m_session.isOpen() ? m_session.activeEnvironment() : QString());
}

RunnerPanel::~RunnerPanel() = default;

void RunnerPanel::refreshChoices() {
    const QString folder = m_folder->currentData().toString();
    const QString environment = m_environment->currentData().toString();
    m_folder->clear();
    m_folder->addItem(tr("Whole collection"), QString());
    m_environment->clear();
    m_environment->addItem(tr("No environment"), QString());
    if (m_session.isOpen()) {
        addFolders(m_folder, m_session.workspace().requests(), 0);
        for (const auto& env : m_session.workspace().environments())
            if (env.environment)
                m_environment->addItem(QString::fromStdString(env.environment->name),
                                       QString::fromStdString(env.environment->id));
    }
    setFolder(folder);
    setEnvironment(environment);
}

void RunnerPanel::setFolder(const QString& folder) {
    m_folder->setCurrentIndex(std::max(0, m_folder->findData(folder)));
}

void RunnerPanel::setEnvironment(const QString& id) {
    m_environment->setCurrentIndex(std::max(0, m_environment->findData(id)));
}

void RunnerPanel::setIterations(int iterations) {
    m_iterations->setValue(iterations);
}

void RunnerPanel::setDataFile(const QString& path) {
    m_dataFile->setText(path);
}

void RunnerPanel::setDelayMs(int ms) {
    m_delay->setValue(ms);
}

void RunnerPanel::setStopOnFailure(bool stop) {
    m_stopOnFailure->setChecked(stop);
}

bool RunnerPanel::isRunning() const {
    return m_host->isRunning();
}

bool RunnerPanel::run(QString* error) {
    auto fail = [error](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    if (!m_session.isOpen())
        return fail(tr("Open a workspace first."));
    RunHost::Setup setup;
    setup.workspaceRoot = m_session.rootPath();
    setup.environment = m_environment->currentData().toString();
    setup.globals = m_session.globals();
    setup.secrets = m_session.secrets();
    setup.options.folder = m_folder->currentData().toString().toStdString();
    setup.options.iterations = m_iterations->value();
    setup.options.delayMs = std::uint32_t(m_delay->value());
    setup.options.stopOnFailure = m_stopOnFailure->isChecked();
    if (const QString data = m_dataFile->text().trimmed(); !data.isEmpty()) {
        auto rows = core::run::readDataFile(data.toStdString());
        if (!rows)
            return fail(QString::fromStdString(rows.error().message));
        setup.options.dataRows = std::move(rows.value());
    }
    m_tree->clear();
    m_running.clear();
    m_done = 0;
    m_failed = 0;
    m_report.reset();
    if (!m_host->start(setup, error))
        return false;
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_exportJUnit->setEnabled(false);
    m_exportJson->setEnabled(false);
    m_summary->setText(tr("Running…"));
    return true;
}

void RunnerPanel::stop() {
    m_host->stop();
}

void RunnerPanel::onStarted(const QString& relativePath, int iteration) {
    auto* item = new QTreeWidgetItem(m_tree);
    item->setText(nameColumn, relativePath);
    item->setText(statusColumn, tr("running…"));
    m_running.insert(key(relativePath, iteration), item);
    m_tree->scrollToItem(item);
}

void RunnerPanel::fillResultItem(QTreeWidgetItem* item, const core::run::RequestResult& result) {
    const bool passed = result.passed();
    QString name = QString::fromStdString(result.name.empty() ? result.relativePath : result.name);
    if (m_iterations->value() > 1 || result.dataRow >= 0)
        name += tr(" [%1]").arg(result.iteration + 1);
    item->setText(nameColumn, name);
    item->setIcon(nameColumn, passFailIcon(passed));
    item->setData(nameColumn, Qt::UserRole, passed);
    item->setToolTip(nameColumn, QString::fromStdString(result.relativePath));
    if (result.skipped)
        item->setText(statusColumn, tr("skipped"));
    else if (result.status == 0)
        item->setText(statusColumn, tr("error"));
    else
        item->setText(statusColumn, QString::number(result.status));
    item->setText(timeColumn, result.skipped ? QString() : formatDuration(result.totalMs));
    QString detail = QString::fromStdString(result.method + " " + result.url);
    if (result.error)
        detail = QString::fromStdString(result.error.message);
    if (!result.extracted.empty()) {
        QStringList names;
        for (const auto& n : result.extracted)
            names << QString::fromStdString(n);
        detail += tr("  → set %1").arg(names.join(", "));
    }
    item->setText(detailColumn, detail);
    item->setToolTip(detailColumn, detail);
    for (const auto& assertion : result.assertions) {
        auto* child = new QTreeWidgetItem(item);
        child->setIcon(nameColumn, passFailIcon(assertion.passed));
        child->setData(nameColumn, Qt::UserRole, assertion.passed);
        child->setText(nameColumn,
                       QString::fromStdString(core::run::describe(assertion.assertion)));
        child->setText(statusColumn, assertion.passed ? tr("pass") : tr("fail"));
        const QString why = QString::fromStdString(
            assertion.message.empty() ? "actual: " + assertion.actual : assertion.message);
        child->setText(detailColumn, why);
        child->setToolTip(detailColumn, why);
    }
    item->setExpanded(!passed);
}

void RunnerPanel::onResult(const core::run::RequestResult& result) {
    const QString relative = QString::fromStdString(result.relativePath);
    QTreeWidgetItem* item = m_running.take(key(relative, result.iteration));
    if (!item) // skipped ones never start
        item = new QTreeWidgetItem(m_tree);
    fillResultItem(item, result);
    ++m_done;
    m_failed += result.passed() ? 0 : 1;
    updateSummary();
}

void RunnerPanel::updateSummary() {
    m_summary->setText(tr("%1 requests done, %2 failed…").arg(m_done).arg(m_failed));
}

void RunnerPanel::onFinished(const core::run::RunReport& report) {
    m_report = report;
    for (auto* item : std::as_const(m_running)) // started but never finished: cancelled
        item->setText(statusColumn, tr("cancelled"));
    m_running.clear();
    const auto& s = report.summary;
    QString text = tr("%1 requests, %2 failed · %3 assertions, %4 failed · %5")
                       .arg(s.requests)
                       .arg(s.failedRequests)
                       .arg(s.assertions)
                       .arg(s.failedAssertions)
                       .arg(formatDuration(s.durationMs));
    if (s.stoppedEarly)
        text += tr(" · stopped early");
    m_summary->setText(text);
    m_summary->setStyleSheet(s.failedRequests ? QStringLiteral("color: #d9534f")
                                              : QStringLiteral("color: #2e9e4f"));
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    m_exportJUnit->setEnabled(true);
    m_exportJson->setEnabled(true);
    emit finished(report);
}

QString RunnerPanel::summaryText() const {
    return m_summary->text();
}

bool RunnerPanel::exportReport(const QString& file, bool junit, QString* error) const {
    if (!m_report) {
        if (error)
            *error = tr("Nothing has run yet.");
        return false;
    }
    const std::string text =
        junit ? core::run::toJUnitXml(*m_report) : core::run::toJson(*m_report).dump(2) + "\n";
    if (auto failed = core::io::writeFileAtomically(file.toStdString(), text)) {
        if (error)
            *error = QString::fromStdString(failed.message);
        return false;
    }
    return true;
}

void RunnerPanel::exportAsked(bool junit) {
    const QString file = QFileDialog::getSaveFileName(
        this, junit ? tr("Export JUnit XML") : tr("Export JSON report"),
        junit ? QStringLiteral("report.xml") : QStringLiteral("report.json"),
        junit ? tr("JUnit XML (*.xml)") : tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (exportReport(file, junit, &error))
        emit message(tr("Report written to %1").arg(file), false);
    else
        emit message(error, true);
}

} // namespace quiver::ui
