#include "ws/ws_panel.h"

#include "io/workspace.h"
#include "ws/ws_console.h"

#include <QTabWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <filesystem>

namespace quiver::ui {

WsPanel::WsPanel(WsHost::SessionFactory factory, QWidget* parent)
    : QWidget(parent), m_host(new WsHost(std::move(factory), this)), m_tabs(new QTabWidget(this)) {
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto* add = new QToolButton(m_tabs);
    add->setText(QStringLiteral("+"));
    add->setToolTip(tr("New WebSocket session"));
    m_tabs->setCornerWidget(add, Qt::TopRightCorner);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(add, &QToolButton::clicked, this, &WsPanel::newSession);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &WsPanel::closeConsole);
}

WsPanel::~WsPanel() {
    // The consoles go first: they remove their sessions from the host.
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
}

int WsPanel::consoleCount() const {
    return m_tabs->count();
}

WsConsole* WsPanel::console(int index) const {
    return qobject_cast<WsConsole*>(m_tabs->widget(index));
}

WsConsole* WsPanel::currentConsole() const {
    return qobject_cast<WsConsole*>(m_tabs->currentWidget());
}

WsConsole* WsPanel::newSession() {
    core::model::Request request;
    request.kind = core::model::RequestKind::ws;
    request.url = "ws://127.0.0.1:8080/ws/echo";
    return addConsole(request, {});
}

WsConsole* WsPanel::openRequest(const QString& path, const core::model::Request& request) {
    for (int i = 0; i < m_tabs->count(); ++i)
        if (console(i)->path() == path) {
            m_tabs->setCurrentIndex(i);
            return console(i);
        }
    return addConsole(request, path);
}

WsConsole* WsPanel::addConsole(const core::model::Request& request, const QString& path) {
    auto* console = new WsConsole(*m_host, QStringLiteral("ws-%1").arg(m_nextKey++), m_tabs);
    console->setRequest(request);
    if (!path.isEmpty())
        console->setSaved(request, path);
    const int index = m_tabs->addTab(console, console->title());
    m_tabs->setCurrentIndex(index);
    connect(console, &WsConsole::titleChanged, this, [this, console] {
        if (const int i = m_tabs->indexOf(console); i >= 0)
            m_tabs->setTabText(i, console->title());
    });
    connect(console, &WsConsole::saveRequested, this, [this, console] { save(console); });
    return console;
}

void WsPanel::closeConsole(int index) {
    if (auto* c = console(index)) {
        m_tabs->removeTab(index);
        delete c; // aborts its session
    }
}

bool WsPanel::saveCurrent() {
    WsConsole* console = currentConsole();
    return console && save(console);
}

bool WsPanel::save(WsConsole* console) {
    if (!m_workspace) {
        emit message(tr("No workspace is open: nothing was saved"), true);
        return false;
    }
    core::model::Request request = console->request();
    if (request.name.empty())
        request.name = console->title().toStdString();
    std::string folder;
    if (!console->path().isEmpty()) {
        const auto parent = std::filesystem::path(console->path().toStdString())
                                .parent_path()
                                .lexically_relative("requests");
        folder = parent == "." ? std::string() : parent.string();
    }
    auto written = m_workspace->saveRequest(request, folder);
    if (!written) {
        emit message(tr("Not saved: %1").arg(QString::fromStdString(written.error().message)),
                     true);
        return false;
    }
    const QString path = QString::fromStdString(written.value());
    auto stored = m_workspace->loadRequest(written.value());
    console->setSaved(stored ? stored.value() : request, path);
    emit saved(path);
    emit message(tr("Saved %1").arg(path), false);
    return true;
}

} // namespace quiver::ui
