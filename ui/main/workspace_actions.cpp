#include "main/workspace_actions.h"

#include "io/atomic_file.h"
#include "io/cookie_file.h"
#include "io/import/import_result.h"
#include "io/request_scope.h"
#include "io/workspace.h"
#include "model/template.h"
#include "request/assertions_editor.h"
#include "request/code_dialog.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "run/assertion_check.h"
#include "widgets/background_task.h"
#include "workspace/cookie_editor.h"
#include "workspace/export_dialog.h"
#include "workspace/history_panel.h"
#include "workspace/runner_panel.h"
#include "workspace/workspace_session.h"

#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMimeData>
#include <QTabWidget>

namespace quiver::ui {
namespace {

// What a background import hands back to the UI thread.
struct ImportOutcome {
    QList<ImportSummary> summaries;
    std::vector<std::pair<std::string, std::string>> secrets; // to copy into the session's store
};

void collectFolders(const core::io::WorkspaceFolder& folder, QStringList& out) {
    for (const auto& sub : folder.folders) {
        out << QString::fromStdString(sub.relativePath).mid(QStringLiteral("requests/").size());
        collectFolders(sub, out);
    }
}

QStringList folderChoices(const WorkspaceSession& session) {
    QStringList folders{QString()};
    if (session.isOpen())
        collectFolders(session.workspace().requests(), folders);
    return folders;
}

// Runs on a pool thread: each file imported into its own Workspace instance of the same
// folder (writers take the workspace lock), secrets into a memory store copied later.
ImportOutcome importInto(const QString& root, const QStringList& files) {
    ImportOutcome outcome;
    for (const QString& file : files) {
        ImportSummary summary;
        summary.file = file;
        auto imported = core::io::importFile(file.toStdString());
        if (!imported) {
            summary.error = QString::fromStdString(imported.error().message);
            outcome.summaries << summary;
            continue;
        }
        const auto& result = imported.value();
        summary.format = QString::fromUtf8(core::io::toString(result.format).data());
        summary.name = QString::fromStdString(result.name);
        summary.requests = int(result.requests.size());
        summary.folders = int(result.folders.size());
        summary.environments = int(result.environments.size());
        summary.mocks = int(result.mocks.size());
        for (const auto& line : result.report)
            summary.report << QString::fromStdString(line);
        auto workspace = core::io::Workspace::open(root.toStdString());
        if (!workspace) {
            summary.error = QString::fromStdString(workspace.error().message);
            outcome.summaries << summary;
            continue;
        }
        core::io::MemorySecretStore secrets;
        auto written = core::io::writeImport(workspace.value(), result, &secrets);
        if (!written) {
            summary.error = QString::fromStdString(written.error().message);
        } else {
            for (const auto& path : written.value())
                summary.written << QString::fromStdString(path);
        }
        for (const auto& key : secrets.keys())
            outcome.secrets.emplace_back(key, secrets.get(key).value_or(std::string()));
        outcome.summaries << summary;
    }
    return outcome;
}

QStringList localFiles(const QMimeData* mime) {
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            files << url.toLocalFile();
    return files;
}

} // namespace

WorkspaceActions::WorkspaceActions(QMainWindow& window, EngineBridge& bridge,
                                   WorkspaceSession& session, Hooks hooks)
    : QObject(&window), m_window(window), m_bridge(bridge), m_session(session),
      m_hooks(std::move(hooks)) {
    createHistoryDock();
    m_window.setAcceptDrops(true);
    m_window.installEventFilter(this);
    connect(&m_session, &WorkspaceSession::opened, this, &WorkspaceActions::onOpened);
    if (m_session.isOpen())
        onOpened();
}

WorkspaceActions::~WorkspaceActions() {
    saveCookies();
}

void WorkspaceActions::createHistoryDock() {
    m_history = new HistoryPanel(&m_window);
    m_historyDock = new QDockWidget(tr("History"), &m_window);
    m_historyDock->setObjectName("historyDock");
    m_historyDock->setWidget(m_history);
    m_window.addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    connect(m_history, &HistoryPanel::reopenRequested, this,
            [this](const core::model::Request& request) {
                if (m_hooks.openUnsaved)
                    m_hooks.openUnsaved(request);
            });
    connect(m_history, &HistoryPanel::saveRequested, this,
            &WorkspaceActions::askSaveHistoryRequest);
    connect(m_history, &HistoryPanel::exportHarRequested, this, &WorkspaceActions::askExportHar);
    connect(m_history, &HistoryPanel::message, this, &WorkspaceActions::status);
}

void WorkspaceActions::addFileActions(QMenu* file) {
    file->addAction(tr("&Import…"), QKeySequence(Qt::CTRL | Qt::Key_I), this,
                    &WorkspaceActions::chooseImportFiles);
    file->addAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                    &WorkspaceActions::openExportDialog);
}

void WorkspaceActions::addRequestActions(QMenu* request) {
    request->addAction(tr("&Generate code…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this,
                       &WorkspaceActions::openCodeDialog);
    request->addAction(tr("C&ookies…"), this, [this] { openCookieEditor()->open(); });
}

void WorkspaceActions::addViewActions(QMenu* view) {
    view->addAction(m_historyDock->toggleViewAction());
}

void WorkspaceActions::addRunnerTab(QTabWidget* tabs) {
    m_runner = new RunnerPanel(m_bridge.engine(), m_session, tabs);
    tabs->addTab(m_runner, tr("Runner"));
    connect(m_runner, &RunnerPanel::message, this, &WorkspaceActions::status);
}

void WorkspaceActions::watch(RequestPanel* panel) {
    if (!panel || m_watched.contains(panel))
        return;
    m_watched << panel;
    connect(panel, &RequestPanel::sent, this,
            [this, panel](const core::model::Request& request, const ResponsePtr& response,
                          const core::Error& error, const QString& sourcePath) {
                onSent(panel, request, response, error, sourcePath);
            });
}

void WorkspaceActions::onOpened() {
    saveCookies(); // into the workspace being left
    m_history->closeStore();
    if (!m_session.isOpen())
        return;
    QString error;
    const QString historyFile = m_session.rootPath() + "/.quiver/history.jsonl";
    if (!m_history->openStore(historyFile, &error))
        emit status(tr("History unavailable: %1").arg(error), true);
    loadCookies();
}

core::io::Redaction WorkspaceActions::redaction(bool keepSecrets) const {
    core::io::Redaction redaction;
    redaction.keepAuthorization = keepSecrets;
    if (!keepSecrets && m_session.isOpen() && m_session.secrets())
        redaction.secretValues = core::io::secretValues(*m_session.secrets());
    return redaction;
}

void WorkspaceActions::onSent(RequestPanel* panel, const core::model::Request& request,
                              const ResponsePtr& response, const core::Error& error,
                              const QString& sourcePath) {
    if (error.kind == core::ErrorKind::cancelled)
        return;
    m_history->record(redaction().apply(request), response, error, sourcePath);
    if (response)
        showAssertionResults(panel, request, *response);
    saveCookies();
}

void WorkspaceActions::showAssertionResults(RequestPanel* panel,
                                            const core::model::Request& request,
                                            const core::model::Response& response) {
    auto* editor = panel->editor()->assertionsEditor();
    const core::run::ResponseView view(response);
    std::vector<std::optional<core::run::AssertionResult>> results;
    for (const auto& assertion : request.assertions) {
        if (assertion.enabled)
            results.emplace_back(core::run::checkAssertion(assertion, view));
        else
            results.emplace_back(std::nullopt);
    }
    editor->showResults(results);
}

QString WorkspaceActions::cookieFile() const {
    return m_cookieRoot.isEmpty() ? QString() : m_cookieRoot + "/.quiver/cookies.json";
}

bool WorkspaceActions::saveCookies(QString* error) {
    if (m_cookieRoot.isEmpty())
        return true;
    auto cookies = m_bridge.cookies().all();
    if (cookies == m_savedCookies)
        return true; // nothing changed: no write
    if (auto failed = core::io::saveCookieFile(cookieFile().toStdString(), cookies)) {
        if (error)
            *error = QString::fromStdString(failed.message);
        emit status(tr("Cookies not saved: %1").arg(QString::fromStdString(failed.message)), true);
        return false;
    }
    m_savedCookies = std::move(cookies);
    return true;
}

void WorkspaceActions::loadCookies() {
    m_bridge.cookies().clear();
    m_savedCookies.clear();
    m_cookieRoot = m_session.rootPath();
    auto loaded =
        core::io::loadCookieFile(cookieFile().toStdString(), m_bridge.engine().clock().wallNow());
    if (!loaded) {
        // The file stays as it is; cookies received now are kept in memory only until it
        // is fixed or removed.
        emit status(
            tr("Cookies not loaded: %1").arg(QString::fromStdString(loaded.error().message)), true);
        m_cookieRoot.clear();
        return;
    }
    for (auto& cookie : loaded.value())
        m_bridge.cookies().insert(cookie);
    m_savedCookies = m_bridge.cookies().all();
}

CookieEditor* WorkspaceActions::openCookieEditor() {
    auto* editor = new CookieEditor(
        m_bridge.cookies(),
        [this] {
            QString error;
            saveCookies(&error);
            return error;
        },
        &m_window);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    return editor;
}

core::model::Request WorkspaceActions::substitutedCurrentRequest(QString* note) const {
    RequestPanel* panel = m_hooks.currentRequestPanel ? m_hooks.currentRequestPanel() : nullptr;
    if (!panel)
        return {};
    core::model::Request request = panel->request();
    if (!m_session.isOpen())
        return request;
    const std::string path = panel->sourcePath().toStdString();
    auto scope = m_session.makeScope();
    request = scope->withInheritedAuth(request, path);
    auto variables = scope->variablesFor(path);
    std::atomic<std::uint64_t> counter{0};
    core::model::TemplateContext context;
    context.variables = variables.get();
    context.random = &m_bridge.engine().random();
    context.clock = &m_bridge.engine().clock();
    context.counter = &counter;
    auto substituted = core::model::substituteRequest(request, context);
    if (!substituted) {
        if (note)
            *note = QString::fromStdString(substituted.error().message);
        return request;
    }
    return substituted.value();
}

void WorkspaceActions::openCodeDialog() {
    QString note;
    auto request = substitutedCurrentRequest(&note);
    if (!note.isEmpty())
        emit status(tr("Code shows the request unsubstituted: %1").arg(note), true);
    auto* dialog = new CodeDialog(std::move(request), redaction(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void WorkspaceActions::chooseImportFiles() {
    const QStringList files = QFileDialog::getOpenFileNames(
        &m_window, tr("Import"), QDir::homePath(),
        tr("Collections (*.json *.yaml *.yml *.har *.http *.rest *.sh *.txt);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void WorkspaceActions::importFiles(const QStringList& files) {
    if (!m_session.isOpen() || files.isEmpty())
        return;
    emit status(tr("Importing %n file(s)…", nullptr, int(files.size())), false);
    ++m_importsRunning;
    const QString root = m_session.rootPath();
    runInBackground(
        this, [root, files] { return importInto(root, files); },
        [this](const ImportOutcome& outcome) {
            --m_importsRunning;
            if (auto* secrets = m_session.secrets())
                for (const auto& [key, value] : outcome.secrets)
                    (void)secrets->set(key, value);
            m_session.reload();
            auto* dialog = new ImportReportDialog(outcome.summaries, &m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            m_lastReport = dialog;
            dialog->open();
            emit importFinished(outcome.summaries);
        });
}

bool WorkspaceActions::exportCollection(const QString& file, core::io::ExportFormat format,
                                        const QString& folder, bool includeSecrets,
                                        QString* error) {
    if (!m_session.isOpen())
        return false;
    const auto& workspace = m_session.workspace();
    const auto r = redaction(includeSecrets);
    const std::string f = folder.toStdString();
    std::string text;
    switch (format) {
    case core::io::ExportFormat::postman:
        text = core::io::exportPostman(workspace, f, r);
        break;
    case core::io::ExportFormat::httpFile:
        text = core::io::exportHttpFile(workspace, f, r);
        break;
    case core::io::ExportFormat::curl:
        text = core::io::exportCurl(workspace, f, r);
        break;
    case core::io::ExportFormat::har:
        return exportHistoryHar(file, error);
    }
    if (auto failed = core::io::writeFileAtomically(file.toStdString(), text)) {
        if (error)
            *error = QString::fromStdString(failed.message);
        return false;
    }
    return true;
}

void WorkspaceActions::openExportDialog() {
    if (!m_session.isOpen())
        return;
    ExportDialog dialog(folderChoices(m_session), &m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString file = QFileDialog::getSaveFileName(
        &m_window, tr("Export to"), QDir::home().filePath(dialog.defaultFileName()),
        dialog.fileFilter());
    if (file.isEmpty())
        return;
    QString error;
    if (exportCollection(file, dialog.format(), dialog.folder(), dialog.includeSecrets(), &error))
        emit status(tr("Exported to %1").arg(file), false);
    else
        emit status(tr("Not exported: %1").arg(error), true);
}

bool WorkspaceActions::exportHistoryHar(const QString& file, QString* error) {
    return m_history->exportHar(file, redaction(), error);
}

void WorkspaceActions::askExportHar() {
    const QString file =
        QFileDialog::getSaveFileName(&m_window, tr("Export history as HAR"),
                                     QDir::home().filePath("history.har"), tr("HAR (*.har)"));
    if (file.isEmpty())
        return;
    QString error;
    if (exportHistoryHar(file, &error))
        emit status(tr("History exported to %1").arg(file), false);
    else
        emit status(tr("Not exported: %1").arg(error), true);
}

bool WorkspaceActions::saveHistoryRequest(const core::model::Request& request,
                                          const QString& folder, QString* error) {
    if (!m_session.isOpen())
        return false;
    core::model::Request copy = request;
    copy.id.clear(); // a new file, never over the request it came from
    if (copy.name.empty())
        copy.name = copy.method + " " + copy.url;
    auto saved = m_session.workspace().saveRequest(copy, folder.toStdString());
    if (!saved) {
        if (error)
            *error = QString::fromStdString(saved.error().message);
        return false;
    }
    m_session.notifyItemsChanged();
    emit status(tr("Saved %1").arg(QString::fromStdString(saved.value())), false);
    return true;
}

void WorkspaceActions::askSaveHistoryRequest(const core::model::Request& request) {
    QStringList folders = folderChoices(m_session);
    QStringList labels;
    for (const auto& f : folders)
        labels << (f.isEmpty() ? tr("(top level)") : f);
    bool ok = false;
    const QString choice = QInputDialog::getItem(&m_window, tr("Save to collection"), tr("Folder:"),
                                                 labels, 0, false, &ok);
    if (!ok)
        return;
    QString error;
    if (!saveHistoryRequest(request, folders.value(labels.indexOf(choice)), &error))
        emit status(tr("Not saved: %1").arg(error), true);
}

bool WorkspaceActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched == &m_window) {
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto* drag = static_cast<QDragMoveEvent*>(event);
            if (!localFiles(drag->mimeData()).isEmpty()) {
                drag->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto* drop = static_cast<QDropEvent*>(event);
            const QStringList files = localFiles(drop->mimeData());
            if (!files.isEmpty()) {
                drop->acceptProposedAction();
                importFiles(files);
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace quiver::ui
