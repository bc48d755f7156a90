#include "main/main_window.h"

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "load/load_panel.h"
#include "main/first_run.h"
#include "main/workspace_actions.h"
#include "mock/mock_servers_panel.h"
#include "mock/server_editor.h"
#include "mock/traffic_panel.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "widgets/theme.h"
#include "workspace/environment_editor.h"
#include "workspace/environment_selector.h"
#include "workspace/request_tabs.h"
#include "workspace/workspace_session.h"
#include "workspace/workspace_tree.h"
#include "ws/event_stream_panel.h"
#include "ws/ws_panel.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

namespace quiver::ui {
namespace {

// The demo workspace (resources/demo) installed on first run.
const std::string kDemoServerPath = "mocks/demo.json";
const QString kDemoRequestPath = QStringLiteral("requests/hello.json");

} // namespace

MainWindow::MainWindow(EngineBridge& bridge, Theme& theme, const QString& workspacePath,
                       QWidget* parent)
    : QMainWindow(parent), m_bridge(bridge), m_theme(theme),
      m_mockHost(new MockHost(bridge.engine(), this)) {
    setWindowTitle(tr("Quiver"));
    setWindowIcon(QIcon(":/icons/quiver.svg"));
    m_session = new WorkspaceSession(this);
    m_requestTabs = new RequestTabs(bridge, *m_session, this);
    m_requestTabs->newRequest(); // until the workspace brings back its tabs
    m_serverEditor = new ServerEditor(*m_mockHost, this);
    m_centralTabs = new QTabWidget(this);
    m_centralTabs->setDocumentMode(true);
    m_centralTabs->addTab(m_requestTabs, tr("Request"));
    m_centralTabs->addTab(m_serverEditor, tr("Mock server"));
    // A load run targets the request open in the Request tab.
    m_loadPanel = new LoadPanel(
        bridge, [this] { return requestPanel()->request(); }, this);
    m_centralTabs->addTab(m_loadPanel, tr("Load"));
    m_wsPanel = new WsPanel(engineSessionFactory(bridge.engine()), this);
    m_centralTabs->addTab(m_wsPanel, tr("WebSocket"));
    m_eventsPanel = new EventStreamPanel(bridge.engine(), this);
    m_centralTabs->addTab(m_eventsPanel, tr("Events"));
    setCentralWidget(m_centralTabs);

    m_tree = new WorkspaceTree(*m_session, this);
    auto* dock = new QDockWidget(tr("Requests"), this);
    dock->setObjectName("requestsDock");
    dock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    createWorkspacePanels();
    connect(m_wsPanel, &WsPanel::message, this, &MainWindow::showStatus);
    connect(m_wsPanel, &WsPanel::saved, this, [this](const QString& path) {
        m_session->notifyItemsChanged();
        m_tree->select(path);
    });
    createMockPanels(dock);
    // History, cookies, import/export, code generation and the runner.
    m_actions = new WorkspaceActions(*this, bridge, *m_session,
                                     {[this] { return requestPanel(); },
                                      [this](const core::model::Request& request) {
                                          m_requestTabs->newRequest(request);
                                          m_centralTabs->setCurrentWidget(m_requestTabs);
                                      }});
    for (int i = 0; i < m_requestTabs->count(); ++i)
        m_actions->watch(m_requestTabs->panelAt(i));
    connect(m_requestTabs, &RequestTabs::panelCreated, m_actions, &WorkspaceActions::watch);
    connect(m_actions, &WorkspaceActions::status, this, &MainWindow::showStatus);
    m_actions->addRunnerTab(m_centralTabs);
    tabifyDockWidget(dock, m_actions->historyDock()); // Requests | History, as Postman does
    dock->raise();

    createMenus();
    resize(1200, 800);

    QSettings settings;
    QString path = workspacePath;
    if (path.isEmpty())
        path = settings.value("workspace").toString();
    bool firstRun = false;
    if (path.isEmpty()) {
        path = QString::fromStdString(core::io::defaultWorkspacePath().string());
        firstRun = !QFileInfo::exists(path + "/quiver.json");
        if (firstRun)
            if (const QString error = installDemoWorkspace(path); !error.isEmpty()) {
                showStatus(tr("The demo workspace was not installed: %1").arg(error), true);
                firstRun = false;
            }
    }
    if (!openWorkspace(path))
        return;
    if (firstRun)
        startDemo();
}

void MainWindow::createWorkspacePanels() {
    connect(m_tree, &WorkspaceTree::openRequested, this, &MainWindow::openRequest);
    connect(m_tree, &WorkspaceTree::message, this, &MainWindow::showStatus);
    connect(m_tree, &WorkspaceTree::pathChanged, m_requestTabs, &RequestTabs::renamePath);
    connect(m_tree, &WorkspaceTree::entryRemoved, m_requestTabs, &RequestTabs::removePath);
    connect(m_tree, &WorkspaceTree::newRequestRequested, this, [this](const QString& folder) {
        m_requestTabs->newRequest({}, folder);
        m_centralTabs->setCurrentWidget(m_requestTabs);
        requestPanel()->editor()->focusUrl();
    });
    connect(m_requestTabs, &RequestTabs::message, this, &MainWindow::showStatus);
    connect(m_requestTabs, &RequestTabs::currentPanelChanged, this, [this] {
        if (RequestPanel* panel = requestPanel(); panel && !panel->sourcePath().isEmpty())
            m_tree->select(panel->sourcePath());
    });

    auto* bar = addToolBar(tr("Environment"));
    bar->setObjectName("environmentToolBar");
    bar->setMovable(false);
    bar->addWidget(new EnvironmentSelector(*m_session, bar));
    auto* manage = bar->addAction(tr("Environments…"), this, &MainWindow::openEnvironmentEditor);
    manage->setToolTip(tr("Edit environments, workspace variables and globals"));
}

void MainWindow::openEnvironmentEditor() {
    if (!m_session->isOpen())
        return;
    EnvironmentEditor editor(*m_session, this);
    editor.exec();
}

RequestPanel* MainWindow::requestPanel() const {
    return m_requestTabs->currentPanel();
}

void MainWindow::startDemo() {
    const auto* mock = m_session->workspace().findMock(kDemoServerPath);
    if (!mock || !mock->server)
        return;
    core::model::MockServer server = *mock->server;
    // For tests, and machines where 8080 is someone else's: QUIVER_DEMO_PORT=0 takes any.
    bool overridden = false;
    if (const int port = qEnvironmentVariableIntValue("QUIVER_DEMO_PORT", &overridden); overridden)
        server.port = static_cast<std::uint16_t>(port);
    auto* launcher = new DemoLauncher(*m_mockHost, server, this);
    const QString id = QString::fromStdString(mock->server->id);
    connect(launcher, &DemoLauncher::ready, this, [this, launcher, id](const QString& url) {
        launcher->deleteLater();
        m_mockPanel->select(id);
        // The first Send works offline: the request calls the demo server where it listens.
        openRequest(kDemoRequestPath);
        if (auto request = m_session->workspace().loadRequest(kDemoRequestPath.toStdString())) {
            QString target = QString::fromStdString(request->url);
            target.replace(QStringLiteral("http://127.0.0.1:8080"), url);
            request->url = target.toStdString();
            // Where the server listens this time: shown, not an edit to save into the file.
            m_requestTabs->resetRequest(requestPanel(), request.value());
        }
    });
    connect(launcher, &DemoLauncher::failed, this, [this, launcher](const QString& message) {
        launcher->deleteLater();
        showStatus(tr("The demo mock server did not start: %1").arg(message), true);
    });
    launcher->start();
}

MainWindow::~MainWindow() {
    m_requestTabs->flush(); // edits waiting for their autosave
}

void MainWindow::createMockPanels(QDockWidget* requestsDock) {
    m_mockPanel = new MockServersPanel(*m_mockHost, this);
    auto* dock = new QDockWidget(tr("Mock servers"), this);
    dock->setObjectName("mockServersDock");
    dock->setWidget(m_mockPanel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    splitDockWidget(requestsDock, dock, Qt::Vertical);
    connect(m_mockPanel, &MockServersPanel::serverSelected, m_serverEditor,
            &ServerEditor::showServer);
    connect(m_mockPanel, &MockServersPanel::serverOpened, this, [this](const QString& id) {
        m_serverEditor->showServer(id);
        m_centralTabs->setCurrentWidget(m_serverEditor);
    });
    connect(m_mockPanel, &MockServersPanel::flushRequested, this, [this](const QString& id) {
        if (m_serverEditor->serverId() == id && m_serverEditor->hasPendingEdits())
            m_serverEditor->applyNow();
    });
    connect(m_serverEditor, &ServerEditor::saved, m_mockPanel, &MockServersPanel::updateServer);
    connect(m_mockPanel, &MockServersPanel::message, this, &MainWindow::showStatus);
    connect(m_mockHost, &MockHost::routeRecorded, m_serverEditor, &ServerEditor::addRecordedRoute);
    connect(m_mockHost, &MockHost::recordingSkipped, this,
            [this](const QString&, const QString& reason) { showStatus(reason); });
    createTrafficPanel();
}

void MainWindow::createTrafficPanel() {
    auto* traffic = new TrafficPanel(this);
    // Its table and detail would otherwise make the window taller than a laptop screen.
    traffic->setMinimumHeight(160);
    auto* dock = new QDockWidget(tr("Traffic"), this);
    dock->setObjectName("trafficDock");
    dock->setWidget(traffic);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide(); // until a mock server is opened or started: requests need the room
    m_trafficDock = dock;
    auto reveal = [this] {
        if (m_trafficDock->isHidden()) {
            m_trafficDock->show();
            resizeDocks({m_trafficDock}, {height() / 3}, Qt::Vertical);
        }
    };
    connect(m_mockPanel, &MockServersPanel::serverOpened, this, reveal);
    connect(m_mockHost, &MockHost::started, this, reveal);
    connect(m_mockPanel, &MockServersPanel::serverSelected, traffic,
            [this, traffic](const QString& id) {
                if (id == traffic->serverId())
                    return;
                traffic->clear();
                traffic->setServerId(id);
                traffic->setServerUrl(m_mockHost->url(id));
            });
    connect(m_mockHost, &MockHost::started, traffic,
            [traffic](const QString& id, const QString& url) {
                if (id == traffic->serverId())
                    traffic->setServerUrl(url);
            });
    connect(m_mockHost, &MockHost::trafficBatch, traffic, &TrafficPanel::onTrafficBatch);
    connect(traffic, &TrafficPanel::sendAgainRequested, this,
            [this](const core::model::Request& request) {
                m_requestTabs->newRequest(request);
                m_centralTabs->setCurrentWidget(m_requestTabs);
            });
    connect(traffic, &TrafficPanel::makeRouteRequested, this,
            [this, traffic](const core::model::MockRoute& route, const QStringList& warnings) {
                if (m_serverEditor->serverId() != traffic->serverId())
                    m_serverEditor->showServer(traffic->serverId());
                m_serverEditor->addRoute(route);
                m_centralTabs->setCurrentWidget(m_serverEditor);
                if (!warnings.isEmpty())
                    showStatus(warnings.join(QStringLiteral("; ")));
            });
}

void MainWindow::createMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(QIcon(":/icons/new.svg"), tr("&New request"), QKeySequence::New, this,
                    &MainWindow::newRequest);
    file->addAction(tr("New &WebSocket session"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W),
                    this, [this] {
                        m_wsPanel->newSession();
                        m_centralTabs->setCurrentWidget(m_wsPanel);
                    });
    file->addAction(tr("&Open workspace…"), QKeySequence::Open, this, &MainWindow::chooseWorkspace);
    file->addAction(QIcon(":/icons/save.svg"), tr("&Save request"), QKeySequence::Save, this,
                    &MainWindow::saveCurrentRequest);
    m_actions->addFileActions(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* request = menuBar()->addMenu(tr("&Request"));
    auto* send = request->addAction(QIcon(":/icons/send.svg"), tr("&Send"), this,
                                    [this] { requestPanel()->send(); });
    send->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    request->addAction(QIcon(":/icons/cancel.svg"), tr("&Cancel"), QKeySequence(Qt::Key_Escape),
                       this, [this] { requestPanel()->cancel(); });
    request->addAction(tr("Focus &URL"), QKeySequence(Qt::CTRL | Qt::Key_L), this,
                       [this] { requestPanel()->editor()->focusUrl(); });
    request->addAction(tr("Close &tab"), QKeySequence(Qt::CTRL | Qt::Key_W), this, [this] {
        m_requestTabs->closeTab(m_requestTabs->tabWidget()->currentIndex());
    });
    request->addAction(tr("&Environments…"), this, &MainWindow::openEnvironmentEditor);
    request->addAction(tr("Open as &event stream"), this, [this] {
        m_eventsPanel->openRequest(requestPanel()->request());
        m_centralTabs->setCurrentWidget(m_eventsPanel);
    });
    m_actions->addRequestActions(request);

    auto* mock = menuBar()->addMenu(tr("&Mock"));
    mock->addAction(tr("&New mock server…"), m_mockPanel, &MockServersPanel::newServerAsked);
    mock->addAction(tr("&Start selected"), m_mockPanel, &MockServersPanel::startSelected);
    mock->addAction(tr("S&top selected"), m_mockPanel, &MockServersPanel::stopSelected);

    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_trafficDock->toggleViewAction());
    m_actions->addViewActions(view);
    auto* themeMenu = view->addMenu(tr("&Theme"));
    auto* group = new QActionGroup(this);
    const std::pair<QString, ThemeMode> modes[] = {{tr("&System"), ThemeMode::system},
                                                   {tr("&Light"), ThemeMode::light},
                                                   {tr("&Dark"), ThemeMode::dark}};
    for (const auto& [label, mode] : modes) {
        auto* action = themeMenu->addAction(label);
        action->setCheckable(true);
        action->setChecked(m_theme.mode() == mode);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode = mode] {
            m_theme.setMode(mode);
            QSettings().setValue("theme", int(mode));
        });
    }
}

bool MainWindow::openWorkspace(const QString& path) {
    if (m_serverEditor->hasPendingEdits())
        m_serverEditor->applyNow(); // into the workspace being left
    if (m_session->isOpen())
        m_requestTabs->flush();
    QString error;
    if (!m_session->open(path, &error)) {
        showStatus(error, true);
        return false;
    }
    m_mockHost->stopAll(); // its servers; ids may repeat in the new one
    auto& workspace = m_session->workspace();
    m_serverEditor->setWorkspace(&workspace);
    m_wsPanel->setWorkspace(&workspace);
    m_mockHost->setBaseDirectory(workspace.root());
    m_mockPanel->showWorkspace(workspace);
    m_loadPanel->setWorkspaceRoot(workspace.root());
    m_requestTabs->restoreTabs();
    QSettings().setValue("workspace", path);
    setWindowTitle(tr("%1 — Quiver").arg(QString::fromStdString(workspace.name())));
    if (!m_session->secretsStatus().isEmpty())
        showStatus(m_session->secretsStatus(), true);
    else
        showStatus(tr("Workspace %1").arg(path));
    return true;
}

void MainWindow::chooseWorkspace() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open or create a workspace"));
    if (!path.isEmpty())
        openWorkspace(path);
}

bool MainWindow::saveCurrentRequest() {
    if (!m_session->isOpen())
        return false;
    if (m_centralTabs->currentWidget() == m_wsPanel) // Ctrl+S saves the console in view
        return m_wsPanel->saveCurrent();
    if (!m_requestTabs->saveCurrent())
        return false;
    m_tree->select(requestPanel()->sourcePath());
    return true;
}

void MainWindow::openRequest(const QString& relativePath) {
    if (!m_session->isOpen())
        return;
    auto loaded = m_session->workspace().loadRequest(relativePath.toStdString());
    if (!loaded) {
        showStatus(QString::fromStdString(loaded.error().message), true);
        return;
    }
    m_tree->select(relativePath);
    if (loaded.value().kind == core::model::RequestKind::ws) { // a session: its own console
        m_wsPanel->openRequest(relativePath, loaded.value());
        m_centralTabs->setCurrentWidget(m_wsPanel);
        return;
    }
    if (loaded.value().kind == core::model::RequestKind::sse) { // listed live, not sent once
        m_eventsPanel->openRequest(loaded.value());
        m_centralTabs->setCurrentWidget(m_eventsPanel);
        return;
    }
    m_requestTabs->openRequest(relativePath, loaded.value());
    m_centralTabs->setCurrentWidget(m_requestTabs);
}

void MainWindow::newRequest() {
    m_requestTabs->newRequest();
    m_centralTabs->setCurrentWidget(m_requestTabs);
    requestPanel()->editor()->focusUrl();
}

void MainWindow::showStatus(const QString& text, bool error) {
    statusBar()->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    statusBar()->showMessage(text, error ? 0 : 5000);
}

} // namespace quiver::ui
