#include "main/main_window.h"

#include "bridge/engine_bridge.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "request/saved_requests_panel.h"
#include "widgets/theme.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

namespace quiver::ui {
namespace {

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
    : QMainWindow(parent), m_bridge(bridge), m_theme(theme) {
    setWindowTitle(tr("Quiver"));
    setWindowIcon(QIcon(":/icons/quiver.svg"));
    m_requestPanel = new RequestPanel(bridge, this);
    setCentralWidget(m_requestPanel);

    m_savedPanel = new SavedRequestsPanel(this);
    auto* dock = new QDockWidget(tr("Requests"), this);
    dock->setObjectName("requestsDock");
    dock->setWidget(m_savedPanel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_savedPanel, &SavedRequestsPanel::openRequested, this, &MainWindow::openRequest);

    createMenus();
    resize(1200, 800);

    QSettings settings;
    QString path = workspacePath;
    if (path.isEmpty())
        path = settings.value("workspace").toString();
    if (path.isEmpty())
        path = QString::fromStdString(core::io::defaultWorkspacePath().string());
    if (openWorkspace(path)) {
        const QString last = settings.value("lastRequest").toString();
        if (!last.isEmpty() && m_workspace->findItem(last.toStdString()))
            openRequest(last);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(QIcon(":/icons/new.svg"), tr("&New request"), QKeySequence::New, this,
                    &MainWindow::newRequest);
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

    auto* view = menuBar()->addMenu(tr("&View"));
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
    m_workspace.emplace(std::move(opened.value()));
    m_savedPanel->showWorkspace(*m_workspace);
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
