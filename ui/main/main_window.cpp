#include "main/main_window.h"

#include "bridge/engine_bridge.h"
#include "bridge/mock_host.h"
#include "load/load_panel.h"
#include "main/first_run.h"
#include "mock/mock_servers_panel.h"
#include "mock/server_editor.h"
#include "mock/traffic_panel.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "request/saved_requests_panel.h"
#include "widgets/theme.h"
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
#include <QUrl>

namespace quiver::ui {
namespace {

// The demo workspace (resources/demo) installed on first run.
const std::string kDemoServerPath = "mocks/demo.json";
const QString kDemoRequestPath = QStringLiteral("requests/hello.json");

std::string defaultName(const core::model::Request& request) {
    QUrl url(QString::fromStdString(request.url));
    QString name = url.host() + url.path();
    if (name.isEmpty())
        name = QObject::tr("New request");
    return (QString::fromStdString(request.method) + " " + name).toStdString();
}

} // namespace

MainWindow::MainWindow(EngineBridge& bridge, Theme& theme, const QString& workspacePath,
                       QWidget* parent)
    : QMainWindow(parent), m_bridge(bridge), m_theme(theme),
      m_mockHost(new MockHost(bridge.engine(), this)) {
    setWindowTitle(tr("Quiver"));
    setWindowIcon(QIcon(":/icons/quiver.svg"));
    m_requestPanel = new RequestPanel(bridge, this);
    m_serverEditor = new ServerEditor(*m_mockHost, this);
    m_centralTabs = new QTabWidget(this);
    m_centralTabs->setDocumentMode(true);
    m_centralTabs->addTab(m_requestPanel, tr("Request"));
    m_centralTabs->addTab(m_serverEditor, tr("Mock server"));
    // A load run targets the request open in the Request tab.
    m_loadPanel = new LoadPanel(
        bridge, [this] { return m_requestPanel->request(); }, this);
    m_centralTabs->addTab(m_loadPanel, tr("Load"));
    m_wsPanel = new WsPanel(engineSessionFactory(bridge.engine()), this);
    m_centralTabs->addTab(m_wsPanel, tr("WebSocket"));
    m_eventsPanel = new EventStreamPanel(bridge.engine(), this);
    m_centralTabs->addTab(m_eventsPanel, tr("Events"));
    setCentralWidget(m_centralTabs);

    m_savedPanel = new SavedRequestsPanel(this);
    auto* dock = new QDockWidget(tr("Requests"), this);
    dock->setObjectName("requestsDock");
    dock->setWidget(m_savedPanel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_savedPanel, &SavedRequestsPanel::openRequested, this, &MainWindow::openRequest);
    connect(m_wsPanel, &WsPanel::message, this, &MainWindow::showStatus);
    connect(m_wsPanel, &WsPanel::saved, this, [this](const QString& path) {
        m_savedPanel->showWorkspace(*m_workspace);
        m_savedPanel->select(path);
    });
    createMockPanels(dock);

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
    if (firstRun) {
        startDemo();
        return;
    }
    const QString last = settings.value("lastRequest").toString();
    if (!last.isEmpty() && m_workspace->findItem(last.toStdString()))
        openRequest(last);
}

void MainWindow::startDemo() {
    const auto* mock = m_workspace->findMock(kDemoServerPath);
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
        if (auto request = m_workspace->loadRequest(kDemoRequestPath.toStdString())) {
            QString target = QString::fromStdString(request->url);
            target.replace(QStringLiteral("http://127.0.0.1:8080"), url);
            request->url = target.toStdString();
            m_requestPanel->setRequest(request.value());
        }
    });
    connect(launcher, &DemoLauncher::failed, this, [this, launcher](const QString& message) {
        launcher->deleteLater();
        showStatus(tr("The demo mock server did not start: %1").arg(message), true);
    });
    launcher->start();
}

MainWindow::~MainWindow() = default;

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
                m_currentPath.clear();
                m_requestPanel->setRequest(request);
                m_centralTabs->setCurrentWidget(m_requestPanel);
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
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* request = menuBar()->addMenu(tr("&Request"));
    auto* send = request->addAction(QIcon(":/icons/send.svg"), tr("&Send"), m_requestPanel,
                                    &RequestPanel::send);
    send->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    request->addAction(QIcon(":/icons/cancel.svg"), tr("&Cancel"), QKeySequence(Qt::Key_Escape),
                       m_requestPanel, &RequestPanel::cancel);
    request->addAction(tr("Focus &URL"), QKeySequence(Qt::CTRL | Qt::Key_L), this,
                       [this] { m_requestPanel->editor()->focusUrl(); });
    request->addAction(tr("Open as &event stream"), this, [this] {
        m_eventsPanel->openRequest(m_requestPanel->request());
        m_centralTabs->setCurrentWidget(m_eventsPanel);
    });

    auto* mock = menuBar()->addMenu(tr("&Mock"));
    mock->addAction(tr("&New mock server…"), m_mockPanel, &MockServersPanel::newServerAsked);
    mock->addAction(tr("&Start selected"), m_mockPanel, &MockServersPanel::startSelected);
    mock->addAction(tr("S&top selected"), m_mockPanel, &MockServersPanel::stopSelected);

    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_trafficDock->toggleViewAction());
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
    auto opened = core::io::Workspace::openOrCreate(path.toStdString(), "My workspace");
    if (!opened) {
        showStatus(
            tr("Cannot open the workspace: %1").arg(QString::fromStdString(opened.error().message)),
            true);
        return false;
    }
    if (m_serverEditor->hasPendingEdits())
        m_serverEditor->applyNow(); // into the workspace being left
    m_mockHost->stopAll();          // its servers; ids may repeat in the new one
    m_workspace.emplace(std::move(opened.value()));
    m_savedPanel->showWorkspace(*m_workspace);
    m_serverEditor->setWorkspace(&*m_workspace);
    m_wsPanel->setWorkspace(&*m_workspace);
    m_mockHost->setBaseDirectory(m_workspace->root());
    m_mockPanel->showWorkspace(*m_workspace);
    m_loadPanel->setWorkspaceRoot(m_workspace->root());
    QSettings().setValue("workspace", path);
    setWindowTitle(tr("%1 — Quiver").arg(QString::fromStdString(m_workspace->name())));
    showStatus(tr("Workspace %1").arg(path));
    return true;
}

void MainWindow::chooseWorkspace() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open or create a workspace"));
    if (!path.isEmpty())
        openWorkspace(path);
}

bool MainWindow::saveCurrentRequest() {
    if (!m_workspace)
        return false;
    if (m_centralTabs->currentWidget() == m_wsPanel) // Ctrl+S saves the console in view
        return m_wsPanel->saveCurrent();
    auto request = m_requestPanel->request();
    if (request.name.empty())
        request.name = defaultName(request);
    const std::string folder = [&] {
        if (m_currentPath.isEmpty())
            return std::string();
        auto parent = std::filesystem::path(m_currentPath.toStdString())
                          .parent_path()
                          .lexically_relative("requests");
        return parent == "." ? std::string() : parent.string();
    }();
    auto saved = m_workspace->saveRequest(request, folder);
    if (!saved) {
        showStatus(tr("Not saved: %1").arg(QString::fromStdString(saved.error().message)), true);
        return false;
    }
    m_currentPath = QString::fromStdString(saved.value());
    if (auto loaded = m_workspace->loadRequest(saved.value()))
        m_requestPanel->editor()->setRequest(loaded.value());
    m_savedPanel->showWorkspace(*m_workspace);
    m_savedPanel->select(m_currentPath);
    QSettings().setValue("lastRequest", m_currentPath);
    showStatus(tr("Saved %1").arg(m_currentPath));
    return true;
}

void MainWindow::openRequest(const QString& relativePath) {
    if (!m_workspace)
        return;
    auto loaded = m_workspace->loadRequest(relativePath.toStdString());
    if (!loaded) {
        showStatus(QString::fromStdString(loaded.error().message), true);
        return;
    }
    if (loaded.value().kind == core::model::RequestKind::ws) { // a session: its own console
        m_wsPanel->openRequest(relativePath, loaded.value());
        m_centralTabs->setCurrentWidget(m_wsPanel);
        m_savedPanel->select(relativePath);
        return;
    }
    if (loaded.value().kind == core::model::RequestKind::sse) { // listed live, not sent once
        m_eventsPanel->openRequest(loaded.value());
        m_centralTabs->setCurrentWidget(m_eventsPanel);
        m_savedPanel->select(relativePath);
        return;
    }
    m_currentPath = relativePath;
    m_requestPanel->setRequest(loaded.value());
    m_savedPanel->select(relativePath);
    QSettings().setValue("lastRequest", relativePath);
}

void MainWindow::newRequest() {
    m_currentPath.clear();
    m_requestPanel->setRequest({});
    m_requestPanel->editor()->focusUrl();
}

void MainWindow::showStatus(const QString& text, bool error) {
    statusBar()->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    statusBar()->showMessage(text, error ? 0 : 5000);
}

} // namespace quiver::ui
