#include "workspace/request_tabs.h"

#include "io/atomic_file.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "workspace/session_token_cache.h"
#include "workspace/workspace_session.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTextEdit>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <filesystem>

namespace quiver::ui {
namespace {

const QString kUnsavedMark = QStringLiteral(" \u2022");

std::string defaultName(const core::model::Request& request) {
    QUrl url(QString::fromStdString(request.url));
    QString name = url.host() + url.path();
    if (name.isEmpty())
        name = QObject::tr("New request");
    return (QString::fromStdString(request.method) + " " + name).toStdString();
}

// "requests/api/a.json" -> "api"; saveRequest takes folders relative to requests/.
std::string folderForSave(const QString& folder) {
    auto relative = std::filesystem::path(folder.toStdString()).lexically_relative("requests");
    return relative.empty() || relative == "." ? std::string() : relative.string();
}

QString parentFolder(const QString& path) {
    const int slash = path.lastIndexOf('/');
    return slash > 0 ? path.left(slash) : QStringLiteral("requests");
}

std::filesystem::path tabsFile(const WorkspaceSession& session) {
    return session.workspace().root() / ".quiver" / "tabs.json";
}

} // namespace

RequestTabs::RequestTabs(EngineBridge& bridge, WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), m_bridge(bridge), m_session(session) {
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName("requestTabs");
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setElideMode(Qt::ElideRight);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &RequestTabs::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        emit currentPanelChanged(currentPanel());
        saveTabState();
    });
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, [this] { saveTabState(); });
    auto refreshAll = [this] {
        for (auto& [panel, tab] : m_state)
            panel->refreshVariables();
    };
    connect(&m_session, &WorkspaceSession::itemsChanged, this, refreshAll);
    connect(&m_session, &WorkspaceSession::environmentsChanged, this, refreshAll);
    connect(&m_session, &WorkspaceSession::activeEnvironmentChanged, this, refreshAll);
}

RequestTabs::~RequestTabs() = default;

void RequestTabs::flush() {
    for (auto& [panel, tab] : m_state)
        if (tab.dirty && !tab.path.isEmpty())
            savePanel(panel);
    saveTabState();
}

RequestPanel* RequestTabs::currentPanel() const {
    return qobject_cast<RequestPanel*>(m_tabs->currentWidget());
}

int RequestTabs::count() const {
    return m_tabs->count();
}

RequestPanel* RequestTabs::panelAt(int index) const {
    return qobject_cast<RequestPanel*>(m_tabs->widget(index));
}

QString RequestTabs::pathAt(int index) const {
    const Tab* tab = tabOf(panelAt(index));
    return tab ? tab->path : QString();
}

bool RequestTabs::isDirty(int index) const {
    const Tab* tab = tabOf(panelAt(index));
    return tab && tab->dirty;
}

int RequestTabs::indexOfPath(const QString& relativePath) const {
    for (int i = 0; i < m_tabs->count(); ++i)
        if (pathAt(i) == relativePath)
            return i;
    return -1;
}

void RequestTabs::setAutosaveDelay(int milliseconds) {
    m_autosaveDelay = milliseconds;
    for (auto& [panel, tab] : m_state)
        tab.autosave->setInterval(milliseconds);
}

RequestTabs::Tab* RequestTabs::tabOf(RequestPanel* panel) {
    auto found = m_state.find(panel);
    return found == m_state.end() ? nullptr : &found->second;
}

const RequestTabs::Tab* RequestTabs::tabOf(RequestPanel* panel) const {
    auto found = m_state.find(panel);
    return found == m_state.end() ? nullptr : &found->second;
}

RequestPanel* RequestTabs::addPanel(const core::model::Request& request, const QString& path,
                                    const QString& folder) {
    auto* panel = new RequestPanel(m_bridge, m_tabs);
    Tab& tab = m_state[panel];
    tab.path = path;
    tab.folder = folder.isEmpty() ? QStringLiteral("requests") : folder;
    tab.autosave = new QTimer(panel);
    tab.autosave->setSingleShot(true);
    tab.autosave->setInterval(m_autosaveDelay);
    connect(tab.autosave, &QTimer::timeout, panel, [this, panel] { savePanel(panel); });
    panel->setSourcePath(path);
    panel->setScopeProvider([this] { return m_session.makeScope(); });
    panel->setTokenCache(std::make_shared<SessionTokenCache>(m_session));
    panel->setRequest(request);
    tab.saved = panel->request(); // as the editor gives it back, so that opening is no edit
    watchEdits(panel);
    m_tabs->addTab(panel, QString());
    updateTitle(panel);
    emit panelCreated(panel);
    return panel;
}

// Any edit in the panel's editor (typing, tables, combos, toggles) leads to one comparison
// with the saved request once the event loop is idle, whatever widget it came from.
void RequestTabs::watchEdits(RequestPanel* panel) {
    auto* check = new QTimer(panel);
    check->setSingleShot(true);
    check->setInterval(0);
    connect(check, &QTimer::timeout, this, [this, panel] { checkDirty(panel); });
    auto poke = [check] { check->start(); };
    QWidget* editor = panel->editor();
    for (auto* w : editor->findChildren<QLineEdit*>())
        connect(w, &QLineEdit::textChanged, check, poke);
    for (auto* w : editor->findChildren<QComboBox*>())
        connect(w, &QComboBox::currentTextChanged, check, poke);
    for (auto* w : editor->findChildren<QPlainTextEdit*>())
        connect(w, &QPlainTextEdit::textChanged, check, poke);
    for (auto* w : editor->findChildren<QTextEdit*>())
        connect(w, &QTextEdit::textChanged, check, poke);
    for (auto* w : editor->findChildren<QAbstractButton*>())
        connect(w, &QAbstractButton::toggled, check, poke);
    for (auto* w : editor->findChildren<QAbstractSpinBox*>())
        connect(w, &QAbstractSpinBox::editingFinished, check, poke);
    for (auto* w : editor->findChildren<QSpinBox*>())
        connect(w, &QSpinBox::valueChanged, check, poke);
    for (auto* w : editor->findChildren<QAbstractItemView*>()) {
        if (!w->model())
            continue;
        connect(w->model(), &QAbstractItemModel::dataChanged, check, poke);
        connect(w->model(), &QAbstractItemModel::rowsInserted, check, poke);
        connect(w->model(), &QAbstractItemModel::rowsRemoved, check, poke);
        connect(w->model(), &QAbstractItemModel::modelReset, check, poke);
    }
}

void RequestTabs::checkDirty(RequestPanel* panel) {
    Tab* tab = tabOf(panel);
    if (!tab)
        return;
    const bool dirty = panel->request() != tab->saved;
    if (dirty && !tab->path.isEmpty())
        tab->autosave->start(); // restarts: saved once the edits pause
    if (dirty == tab->dirty)
        return;
    tab->dirty = dirty;
    if (!dirty)
        tab->autosave->stop();
    updateTitle(panel);
}

void RequestTabs::updateTitle(RequestPanel* panel) {
    const Tab* tab = tabOf(panel);
    const int index = m_tabs->indexOf(panel);
    if (!tab || index < 0)
        return;
    const core::model::Request& request = tab->saved;
    QString title = QString::fromStdString(request.name);
    if (title.isEmpty())
        title = tab->path.isEmpty()
                    ? tr("New request")
                    : QString::fromStdString(std::filesystem::path(tab->path.toStdString()).stem());
    m_tabs->setTabText(index, tab->dirty ? title + kUnsavedMark : title);
    m_tabs->setTabToolTip(index, tab->path.isEmpty() ? tr("Not saved yet") : tab->path);
}

RequestPanel* RequestTabs::openRequest(const QString& relativePath,
                                       const core::model::Request& request) {
    if (const int index = indexOfPath(relativePath); index >= 0) {
        m_tabs->setCurrentIndex(index);
        return panelAt(index);
    }
    // An untouched new tab (the one every window starts with) is reused.
    if (RequestPanel* current = currentPanel()) {
        const Tab* tab = tabOf(current);
        if (tab && tab->path.isEmpty() && !tab->dirty && tab->saved == core::model::Request{} &&
            !m_restoring) {
            const int index = m_tabs->indexOf(current);
            m_state.erase(current);
            m_tabs->removeTab(index);
            current->deleteLater();
        }
    }
    RequestPanel* panel = addPanel(request, relativePath, parentFolder(relativePath));
    m_tabs->setCurrentWidget(panel);
    saveTabState();
    return panel;
}

RequestPanel* RequestTabs::newRequest(const core::model::Request& request, const QString& folder) {
    RequestPanel* panel = addPanel({}, {}, folder);
    m_tabs->setCurrentWidget(panel);
    if (!(request == core::model::Request{})) {
        panel->setRequest(request); // a new request's content is an edit until saved
        checkDirty(panel);
    }
    return panel;
}

void RequestTabs::resetRequest(RequestPanel* panel, const core::model::Request& request) {
    Tab* tab = tabOf(panel);
    if (!tab)
        return;
    panel->setRequest(request);
    tab->saved = panel->request();
    tab->dirty = false;
    tab->autosave->stop();
    updateTitle(panel);
}

bool RequestTabs::saveCurrent() {
    RequestPanel* panel = currentPanel();
    return panel && savePanel(panel);
}

bool RequestTabs::save(int index) {
    RequestPanel* panel = panelAt(index);
    return panel && savePanel(panel);
}

bool RequestTabs::savePanel(RequestPanel* panel) {
    Tab* tab = tabOf(panel);
    if (!tab || !m_session.isOpen())
        return false;
    tab->autosave->stop();
    core::model::Request request = panel->request();
    const bool isNew = tab->path.isEmpty();
    if (request.name.empty())
        request.name = defaultName(request);
    auto& workspace = m_session.workspace();
    auto written = workspace.saveRequest(
        request, folderForSave(isNew ? tab->folder : parentFolder(tab->path)));
    if (!written) {
        emit message(tr("Not saved: %1").arg(QString::fromStdString(written.error().message)),
                     true);
        return false;
    }
    const bool listChanged = isNew || request.name != tab->saved.name ||
                             request.method != tab->saved.method || request.url != tab->saved.url;
    tab->path = QString::fromStdString(written.value());
    panel->setSourcePath(tab->path);
    if (isNew) { // the file gave it an id (and maybe a name): show what is saved
        if (auto loaded = workspace.loadRequest(written.value()))
            panel->editor()->setRequest(loaded.value());
    }
    tab->saved = panel->request();
    tab->dirty = false;
    updateTitle(panel);
    if (listChanged)
        m_session.notifyItemsChanged();
    panel->refreshVariables();
    saveTabState();
    emit saved(tab->path);
    emit message(tr("Saved %1").arg(tab->path), false);
    return true;
}

void RequestTabs::closeTab(int index) {
    RequestPanel* panel = panelAt(index);
    if (!panel)
        return;
    if (Tab* tab = tabOf(panel); tab && tab->dirty && !tab->path.isEmpty())
        savePanel(panel);
    m_state.erase(panel);
    m_tabs->removeTab(index);
    panel->deleteLater();
    if (m_tabs->count() == 0)
        newRequest();
    saveTabState();
}

void RequestTabs::clearTabs() {
    while (m_tabs->count() > 0) {
        RequestPanel* panel = panelAt(0);
        m_state.erase(panel);
        m_tabs->removeTab(0);
        delete panel;
    }
}

void RequestTabs::restoreTabs() {
    m_restoring = true;
    clearTabs();
    QFile file(QString::fromStdString(tabsFile(m_session).string()));
    int active = 0;
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
        for (const auto& entry : state.value("tabs").toArray()) {
            const QString path = entry.toString();
            auto loaded = m_session.workspace().loadRequest(path.toStdString());
            if (loaded && loaded->kind == core::model::RequestKind::http)
                addPanel(loaded.value(), path, parentFolder(path));
        }
        active = state.value("active").toInt();
    }
    if (m_tabs->count() == 0)
        addPanel({}, {}, {});
    m_tabs->setCurrentIndex(std::clamp(active, 0, m_tabs->count() - 1));
    m_restoring = false;
    emit currentPanelChanged(currentPanel());
}

void RequestTabs::saveTabState() const {
    if (m_restoring || !m_session.isOpen())
        return;
    QJsonArray tabs;
    int active = 0;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QString path = pathAt(i);
        if (path.isEmpty())
            continue; // a new request is not kept: it was never saved
        if (i == m_tabs->currentIndex())
            active = tabs.size();
        tabs.append(path);
    }
    QJsonObject state;
    state.insert("tabs", tabs);
    state.insert("active", active);
    const auto file = tabsFile(m_session);
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    core::io::writeFileAtomically(file, QJsonDocument(state).toJson().toStdString());
}

void RequestTabs::renamePath(const QString& oldPath, const QString& newPath) {
    for (auto& [panel, tab] : m_state) {
        if (tab.path == oldPath)
            tab.path = newPath;
        else if (tab.path.startsWith(oldPath + '/')) // a folder moved with its requests
            tab.path = newPath + tab.path.mid(oldPath.size());
        else
            continue;
        panel->setSourcePath(tab.path);
        // A rename changed the name in the file: take it without making the tab dirty.
        if (auto loaded = m_session.workspace().loadRequest(tab.path.toStdString())) {
            core::model::Request edited = panel->request();
            edited.name = loaded->name;
            edited.id = loaded->id;
            const bool wasDirty = tab.dirty;
            panel->editor()->setRequest(wasDirty ? edited : loaded.value());
            tab.saved = wasDirty ? loaded.value() : panel->request();
        }
        panel->refreshVariables();
        updateTitle(panel);
    }
    saveTabState();
}

void RequestTabs::removePath(const QString& relativePath) {
    for (auto& [panel, tab] : m_state) {
        if (tab.path != relativePath && !tab.path.startsWith(relativePath + '/'))
            continue;
        // Its file is gone (in the trash, for undo): the tab keeps the request, unsaved.
        tab.folder = parentFolder(tab.path);
        tab.path.clear();
        tab.autosave->stop();
        panel->setSourcePath({});
        tab.saved = {};
        tab.dirty = true;
        updateTitle(panel);
    }
    saveTabState();
}

} // namespace quiver::ui
