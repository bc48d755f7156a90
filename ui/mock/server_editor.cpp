#include "mock/server_editor.h"

#include "bridge/mock_host.h"
#include "io/workspace.h"
#include "mock/chain_editor.h"
#include "mock/route_editor.h"
#include "mock/route_pattern.h"
#include "mock/route_table.h"
#include "mock/route_table_model.h"
#include "mock/server_settings_form.h"
#include "mock/ws_clients_panel.h"
#include "mock/ws_endpoint_editor.h"
#include "widgets/scrolled.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

std::string mockPath(const QString& id) {
    return "mocks/" + id.toStdString() + ".json";
}

// What only a restart applies: the listening socket's settings.
bool needsRestart(const core::model::MockServer& running, const core::model::MockServer& edited) {
    return running.bindAddress != edited.bindAddress ||
           (edited.port != 0 && running.port != edited.port) || !(running.tls == edited.tls);
}

} // namespace

ServerEditor::ServerEditor(MockHost& host, QWidget* parent) : QWidget(parent), m_host(host) {
    m_title = new QLabel(this);
    m_state = new QLabel(this);
    m_state->setObjectName("serverState");
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startStop = new QPushButton(this);
    m_startStop->setObjectName("startStop");
    m_message = new QLabel(this);
    m_message->setObjectName("editorMessage");
    m_message->setWordWrap(true);
    m_message->hide();

    m_routes = new RouteTable(this);
    m_routeEditor = new RouteEditor(this);
    auto* routes = new QSplitter(Qt::Horizontal, this);
    routes->addWidget(m_routes);
    routes->addWidget(scrolled(m_routeEditor, this));
    routes->setStretchFactor(0, 1);
    routes->setStretchFactor(1, 1);
    routes->setSizes({420, 480});
    routes->setChildrenCollapsible(false);
    auto* routesPage = new QWidget(this);
    auto* routesLayout = new QVBoxLayout(routesPage);
    routesLayout->setContentsMargins(6, 6, 6, 6);
    routesLayout->addWidget(routes);
    m_chain = new ChainEditor(this);
    m_settings = new ServerSettingsForm(this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(routesPage, tr("Routes"));
    m_tabs->addTab(m_chain, tr("Middleware"));
    m_tabs->addTab(m_settings, tr("Settings"));
    m_wsClients = new WsClientsPanel(m_host, this);
    m_tabs->addTab(m_wsClients, tr("WebSocket clients"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_title);
    bar->addSpacing(12);
    bar->addWidget(m_state, 1);
    bar->addWidget(m_startStop);
    m_body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->setContentsMargins(6, 6, 6, 0);
    bodyLayout->addLayout(bar);
    bodyLayout->addWidget(m_message);
    bodyLayout->addWidget(m_tabs, 1);
    m_placeholder =
        new QLabel(tr("Select a mock server, or make one with Mock ▸ New mock server."), this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setStyleSheet(QStringLiteral("color: gray"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_body, 1);
    layout->addWidget(m_placeholder, 1);

    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyDelayMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &ServerEditor::applyNow);
    connect(m_routes, &RouteTable::currentRowChanged, this, &ServerEditor::showCurrentRoute);
    connect(m_routes->model(), &RouteTableModel::routesEdited, this, &ServerEditor::scheduleApply);
    connect(m_routeEditor, &RouteEditor::edited, this, [this] {
        if (const int row = m_routes->currentRow(); row >= 0)
            m_routes->model()->setRoute(row, m_routeEditor->route());
    });
    connect(m_chain, &ChainEditor::edited, this, &ServerEditor::scheduleApply);
    connect(m_settings, &ServerSettingsForm::edited, this, &ServerEditor::scheduleApply);
    connect(m_startStop, &QPushButton::clicked, this, &ServerEditor::toggleRunning);
    auto mine = [this](const QString& id) {
        if (id == m_id)
            refreshHeader();
    };
    connect(&m_host, &MockHost::stateChanged, this, mine);
    connect(&m_host, &MockHost::failed, this, [this](const QString& id, const QString& message) {
        if (id == m_id)
            showMessage(tr("Could not start: %1").arg(message), true);
    });
    clearServer();
}

void ServerEditor::setWorkspace(core::io::Workspace* workspace) {
    m_applyTimer.stop();
    m_workspace = workspace;
    clearServer();
}

void ServerEditor::clearServer() {
    m_applyTimer.stop();
    m_id.clear();
    m_wsClients->setServer({});
    m_body->hide();
    m_placeholder->show();
}

void ServerEditor::showServer(const QString& id) {
    if (m_applyTimer.isActive())
        applyNow(); // the edits of the server being left
    const auto* mock = m_workspace ? m_workspace->findMock(mockPath(id)) : nullptr;
    if (!mock)
        return clearServer();
    m_id = id;
    m_wsClients->setServer(id);
    m_body->show();
    m_placeholder->hide();
    if (!mock->server) {
        // Shown, never rewritten (DESIGN.md): the user fixes the file by hand.
        m_tabs->setEnabled(false);
        m_startStop->setEnabled(false);
        m_title->setText(QStringLiteral("<b>%1</b>").arg(id.toHtmlEscaped()));
        showMessage(
            tr("This file could not be read: %1").arg(QString::fromStdString(mock->error.message)),
            true);
        return;
    }
    m_tabs->setEnabled(true);
    m_startStop->setEnabled(true);
    const bool old = std::exchange(m_loading, true);
    m_base = *mock->server;
    core::model::assignMissingIds(m_base);
    m_settings->setServer(m_base);
    m_chain->setLayers(m_base.middleware);
    m_routes->model()->setRoutes(m_base.routes);
    m_routes->selectRow(0);
    showCurrentRoute(m_routes->currentRow());
    m_loading = old;
    m_message->hide();
    refreshHeader();
}

core::model::MockServer ServerEditor::server() const {
    core::model::MockServer s = m_base;
    s.id = m_id.toStdString();
    m_settings->apply(s);
    s.middleware = m_chain->layers();
    s.routes = m_routes->model()->routes();
    return s;
}

void ServerEditor::showCurrentRoute(int row) {
    const bool valid = row >= 0 && row < m_routes->model()->rowCount();
    m_routeEditor->setEnabled(valid);
    m_routeEditor->setRoute(valid ? m_routes->model()->route(row) : core::model::MockRoute{});
}

void ServerEditor::scheduleApply() {
    if (m_loading || m_id.isEmpty())
        return;
    m_title->setText(
        QStringLiteral("<b>%1</b>").arg(m_settings->nameEdit()->text().toHtmlEscaped()));
    m_applyTimer.start();
}

QString ServerEditor::validate(const core::model::MockServer& s) const {
    if (const QString problem = m_chain->firstProblem(); !problem.isEmpty())
        return problem;
    for (const auto& route : s.routes)
        if (auto compiled = core::mock::compilePattern(route.pattern); !compiled)
            return tr("route %1: %2")
                .arg(QString::fromStdString(route.id),
                     QString::fromStdString(compiled.error().message));
    for (const auto& route : s.routes)
        if (route.kind == core::model::MockRoute::Kind::ws)
            if (const QString problem = WsEndpointEditor::problemOf(route); !problem.isEmpty())
                return problem;
    if (s.name.empty())
        return tr("the server needs a name");
    return {};
}

bool ServerEditor::applyNow() {
    m_applyTimer.stop();
    if (!m_workspace || m_id.isEmpty())
        return false;
    const core::model::MockServer edited = server();
    if (const QString problem = validate(edited); !problem.isEmpty()) {
        showMessage(tr("Not saved: %1").arg(problem), true);
        return false;
    }
    auto written = m_workspace->saveMock(edited);
    if (!written) {
        showMessage(tr("Not saved: %1").arg(QString::fromStdString(written.error().message)), true);
        return false;
    }
    m_base = edited;
    m_message->hide();
    updateRunningServer(edited);
    emit saved(m_id);
    return true;
}

void ServerEditor::addRoute(core::model::MockRoute route) {
    if (m_id.isEmpty() || !m_tabs->isEnabled())
        return;
    m_tabs->setCurrentIndex(0);
    m_routes->addRoute(std::move(route)); // routesEdited schedules the save
}

bool ServerEditor::addRecordedRoute(const QString& id, core::model::MockRoute route) {
    if (id == m_id && m_tabs->isEnabled()) {
        addRoute(std::move(route));
        return applyNow();
    }
    const auto* mock = m_workspace ? m_workspace->findMock(mockPath(id)) : nullptr;
    if (!mock || !mock->server)
        return false; // a file that failed to load is never rewritten
    core::model::MockServer server = *mock->server;
    server.routes.push_back(std::move(route));
    core::model::assignMissingIds(server);
    auto written = m_workspace->saveMock(server);
    if (!written) {
        showMessage(tr("A recorded route was not saved: %1")
                        .arg(QString::fromStdString(written.error().message)),
                    true);
        return false;
    }
    if (m_host.isRunning(id))
        m_host.update(server);
    emit saved(id);
    return true;
}

void ServerEditor::updateRunningServer(const core::model::MockServer& edited) {
    if (!m_host.isRunning(m_id))
        return;
    if (core::Error error = m_host.update(edited)) {
        showMessage(tr("Saved, but the running server keeps its previous settings: %1")
                        .arg(QString::fromStdString(error.message)),
                    true);
        return;
    }
    if (auto running = m_host.startedConfig(m_id); running && needsRestart(*running, edited))
        showMessage(tr("Saved. Restart the server to apply the new address, port or TLS."), false);
}

void ServerEditor::refreshHeader() {
    if (m_id.isEmpty())
        return;
    m_title->setText(
        QStringLiteral("<b>%1</b>").arg(m_settings->nameEdit()->text().toHtmlEscaped()));
    using State = MockHost::State;
    const State state = m_host.state(m_id);
    switch (state) {
    case State::running:
        m_state->setText(tr("<span style='color:#2e9d4f'>●</span> Running at <a href='%1'>%1</a>")
                             .arg(m_host.url(m_id).toHtmlEscaped()));
        break;
    case State::starting:
        m_state->setText(tr("<span style='color:#c77c02'>●</span> Starting…"));
        break;
    case State::stopping:
        m_state->setText(tr("<span style='color:#c77c02'>●</span> Stopping…"));
        break;
    case State::stopped:
        m_state->setText(tr("<span style='color:gray'>●</span> Stopped"));
        break;
    }
    m_startStop->setText(state == State::stopped ? tr("Start") : tr("Stop"));
    m_startStop->setEnabled(state == State::stopped || state == State::running);
}

void ServerEditor::toggleRunning() {
    if (m_id.isEmpty())
        return;
    if (m_host.state(m_id) != MockHost::State::stopped)
        return m_host.stop(m_id);
    applyNow(); // starts what was last saved when the edits are invalid
    if (const auto* mock = m_workspace->findMock(mockPath(m_id)); mock && mock->server)
        m_host.start(*mock->server);
}

void ServerEditor::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    m_message->show();
}

QString ServerEditor::messageText() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

} // namespace quiver::ui
