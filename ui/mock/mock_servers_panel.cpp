#include "mock/mock_servers_panel.h"

#include "bridge/mock_host.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"
#include "mock/server_settings_form.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <filesystem>

namespace quiver::ui {
namespace {

constexpr int kIdRole = Qt::UserRole + 1;
enum Column { nameColumn, warningColumn };

QIcon dot(const QColor& color) {
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(2, 2, 10, 10));
    return QIcon(pixmap);
}

std::string mockPath(const QString& id) {
    return "mocks/" + id.toStdString() + ".json";
}

QToolButton* toolButton(const QIcon& icon, const QString& text, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setIcon(icon);
    button->setText(text);
    button->setToolTip(text);
    button->setAutoRaise(true);
    return button;
}

core::model::MockServer starterServer(const QString& name) {
    core::model::MockServer server;
    server.name = name.toStdString();
    server.middleware = {
        core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::requestLog),
        core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::requestId)};
    core::model::MockRoute hello;
    hello.methods = {"GET"};
    hello.pattern = "/hello";
    core::model::MockResponse response;
    response.body = "Hello, World!";
    hello.responses.push_back(response);
    server.routes.push_back(hello);
    return server;
}

} // namespace

MockServersPanel::MockServersPanel(MockHost& host, QWidget* parent)
    : QWidget(parent), m_host(host) {
    m_title = new QLabel(this); // the dock's title names the panel; this counts servers
    m_list = new QTreeWidget(this);
    m_list->setObjectName("mockServers");
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(false);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(nameColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(warningColumn, QHeaderView::ResizeToContents);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    auto* style = QApplication::style();
    m_new = toolButton(QIcon(":/icons/new.svg"), tr("New mock server"), this);
    m_start = toolButton(style->standardIcon(QStyle::SP_MediaPlay), tr("Start"), this);
    m_stop = toolButton(style->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this);
    m_copy = toolButton(QIcon(), tr("Copy URL"), this);
    m_copy->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_more = new QMenu(this);
    m_more->addAction(tr("Rename…"), this, &MockServersPanel::renameSelectedAsked);
    m_more->addAction(style->standardIcon(QStyle::SP_TrashIcon), tr("Delete…"), this,
                      &MockServersPanel::deleteSelectedAsked);
    m_moreButton = toolButton(QIcon(), tr("More"), this);
    m_moreButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_moreButton->setMenu(m_more);
    m_moreButton->setPopupMode(QToolButton::InstantPopup);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(0);
    bar->addWidget(m_title, 1);
    for (QToolButton* button : {m_new, m_start, m_stop, m_copy, m_moreButton})
        bar->addWidget(button);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_list, 1);

    connect(m_new, &QToolButton::clicked, this, &MockServersPanel::newServerAsked);
    connect(m_start, &QToolButton::clicked, this, &MockServersPanel::startSelected);
    connect(m_stop, &QToolButton::clicked, this, &MockServersPanel::stopSelected);
    connect(m_copy, &QToolButton::clicked, this, [this] { copyUrl(selectedId()); });
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        updateButtons();
        emit serverSelected(selectedId());
    });
    connect(m_list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        emit serverOpened(item->data(nameColumn, kIdRole).toString());
    });
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        emit serverOpened(item->data(nameColumn, kIdRole).toString());
    });
    connect(m_list, &QWidget::customContextMenuRequested, this, &MockServersPanel::showContextMenu);
    connect(&m_host, &MockHost::stateChanged, this, [this](const QString& id) {
        if (auto* item = itemFor(id))
            updateItem(item);
        updateButtons();
    });
    connect(&m_host, &MockHost::failed, this, [this](const QString& id, const QString& text) {
        emit message(tr("%1: %2").arg(id, text), true);
    });
    updateButtons();
}

void MockServersPanel::showWorkspace(core::io::Workspace& workspace) {
    m_workspace = &workspace;
    refresh();
}

void MockServersPanel::refresh() {
    const QString selected = selectedId();
    const bool old = m_list->blockSignals(true);
    m_list->clear();
    if (m_workspace)
        for (const auto& mock : m_workspace->mocks()) {
            auto* item = new QTreeWidgetItem(m_list);
            item->setData(nameColumn, kIdRole, QString::fromStdString(mock.id()));
            updateItem(item);
        }
    m_list->blockSignals(old);
    const int count = m_list->topLevelItemCount();
    m_title->setText(count == 1 ? tr("1 server") : tr("%1 servers").arg(count));
    if (!selected.isEmpty() && itemFor(selected))
        select(selected);
    else if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    else
        emit serverSelected({});
    updateButtons();
}

void MockServersPanel::updateServer(const QString& id) {
    if (auto* item = itemFor(id))
        updateItem(item);
    updateButtons();
}

QTreeWidgetItem* MockServersPanel::itemFor(const QString& id) const {
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->data(nameColumn, kIdRole).toString() == id)
            return m_list->topLevelItem(i);
    return nullptr;
}

void MockServersPanel::updateItem(QTreeWidgetItem* item) {
    const QString id = item->data(nameColumn, kIdRole).toString();
    const auto* mock = m_workspace ? m_workspace->findMock(mockPath(id)) : nullptr;
    if (!mock || !mock->server) {
        item->setText(nameColumn, tr("%1\ncannot be read").arg(id));
        item->setIcon(nameColumn, dot(QColor(0xd9, 0x53, 0x4f)));
        item->setToolTip(nameColumn, mock ? QString::fromStdString(mock->error.message) : id);
        return;
    }
    const auto& server = *mock->server;
    const QString name = QString::fromStdString(server.name.empty() ? mock->id() : server.name);
    const QString configured =
        QStringLiteral("%1:%2").arg(QString::fromStdString(server.bindAddress),
                                    server.port ? QString::number(server.port) : tr("any port"));
    QString second;
    QColor colour(0x9a, 0x9a, 0x9a);
    switch (m_host.state(id)) {
    case MockHost::State::running:
        second = m_host.url(id);
        colour = QColor(0x2e, 0x9d, 0x4f);
        break;
    case MockHost::State::starting:
        second = tr("starting…");
        colour = QColor(0xe0, 0x9b, 0x1a);
        break;
    case MockHost::State::stopping:
        second = tr("stopping…");
        colour = QColor(0xe0, 0x9b, 0x1a);
        break;
    case MockHost::State::stopped:
        second = m_host.lastError(id).isEmpty() ? tr("stopped · %1").arg(configured)
                                                : tr("failed · %1").arg(configured);
        if (!m_host.lastError(id).isEmpty())
            colour = QColor(0xd9, 0x53, 0x4f);
        break;
    }
    item->setText(nameColumn, name + QLatin1Char('\n') + second);
    item->setIcon(nameColumn, dot(colour));
    item->setToolTip(nameColumn, m_host.lastError(id).isEmpty()
                                     ? QString::fromStdString(mock->relativePath)
                                     : m_host.lastError(id));
    const bool exposed = !isLoopbackAddress(QString::fromStdString(server.bindAddress));
    item->setIcon(warningColumn,
                  exposed ? QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)
                          : QIcon());
    item->setToolTip(warningColumn, exposed ? tr("Listens on %1: reachable from other machines")
                                                  .arg(QString::fromStdString(server.bindAddress))
                                            : QString());
}

void MockServersPanel::updateButtons() {
    const QString id = selectedId();
    const auto* mock = m_workspace && !id.isEmpty() ? m_workspace->findMock(mockPath(id)) : nullptr;
    const auto state = m_host.state(id);
    m_start->setEnabled(mock && mock->server && state == MockHost::State::stopped);
    m_stop->setEnabled(state == MockHost::State::running || state == MockHost::State::starting);
    m_copy->setEnabled(state == MockHost::State::running);
    m_moreButton->setEnabled(mock != nullptr);
    m_new->setEnabled(m_workspace != nullptr);
}

QString MockServersPanel::selectedId() const {
    auto* item = m_list->currentItem();
    return item ? item->data(nameColumn, kIdRole).toString() : QString();
}

void MockServersPanel::select(const QString& id) {
    if (auto* item = itemFor(id))
        m_list->setCurrentItem(item);
}

QString MockServersPanel::newServer(const QString& name) {
    if (!m_workspace)
        return {};
    auto saved = m_workspace->saveMock(starterServer(name));
    if (!saved) {
        emit message(tr("Could not create the server: %1")
                         .arg(QString::fromStdString(saved.error().message)),
                     true);
        return {};
    }
    const QString id = QString::fromStdString(std::filesystem::path(saved.value()).stem().string());
    refresh();
    emit serversChanged();
    select(id);
    emit serverOpened(id);
    return id;
}

bool MockServersPanel::renameServer(const QString& id, const QString& name) {
    emit flushRequested(id);
    const auto* mock = m_workspace ? m_workspace->findMock(mockPath(id)) : nullptr;
    if (!mock || !mock->server || name.trimmed().isEmpty())
        return false;
    auto server = *mock->server;
    server.name = name.trimmed().toStdString();
    auto saved = m_workspace->saveMock(server);
    if (!saved) {
        emit message(QString::fromStdString(saved.error().message), true);
        return false;
    }
    refresh();
    emit serversChanged();
    return true;
}

bool MockServersPanel::deleteServer(const QString& id) {
    if (!m_workspace || !m_workspace->findMock(mockPath(id)))
        return false;
    emit flushRequested(id);
    m_host.stop(id);
    const std::filesystem::path root = m_workspace->root();
    {
        auto lock = core::io::WorkspaceLock::acquire(root);
        if (!lock) {
            emit message(QString::fromStdString(lock.error().message), true);
            return false;
        }
        std::error_code ec;
        std::filesystem::remove(root / mockPath(id), ec);
        if (ec) {
            emit message(tr("Could not delete %1: %2")
                             .arg(QString::fromStdString(mockPath(id)),
                                  QString::fromStdString(ec.message())),
                         true);
            return false;
        }
    }
    // The workspace has no "forget this file": read it again, in place.
    auto reopened = core::io::Workspace::open(root);
    if (reopened)
        *m_workspace = std::move(reopened.value());
    refresh();
    emit serversChanged();
    return true;
}

void MockServersPanel::startServer(const QString& id) {
    if (id.isEmpty() || !m_workspace)
        return;
    emit flushRequested(id);
    const auto* mock = m_workspace->findMock(mockPath(id));
    if (!mock || !mock->server) {
        emit message(tr("%1 cannot be started: its file could not be read").arg(id), true);
        return;
    }
    m_host.start(*mock->server);
}

void MockServersPanel::stopServer(const QString& id) {
    if (!id.isEmpty())
        m_host.stop(id);
}

void MockServersPanel::copyUrl(const QString& id) {
    const QString url = m_host.url(id);
    if (url.isEmpty())
        return;
    QApplication::clipboard()->setText(url);
    emit message(tr("Copied %1").arg(url), false);
}

void MockServersPanel::newServerAsked() {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New mock server"), tr("Name"),
                                               QLineEdit::Normal, tr("My API"), &ok);
    if (ok && !name.trimmed().isEmpty())
        newServer(name.trimmed());
}

void MockServersPanel::renameSelectedAsked() {
    const QString id = selectedId();
    const auto* mock = m_workspace ? m_workspace->findMock(mockPath(id)) : nullptr;
    if (!mock || !mock->server)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename mock server"), tr("Name"), QLineEdit::Normal,
                              QString::fromStdString(mock->server->name), &ok);
    if (ok)
        renameServer(id, name);
}

void MockServersPanel::deleteSelectedAsked() {
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    const auto answer =
        QMessageBox::question(this, tr("Delete mock server"),
                              tr("Delete the mock server “%1” and its file %2?")
                                  .arg(id, QString::fromStdString(mockPath(id))),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        deleteServer(id);
}

void MockServersPanel::showContextMenu(const QPoint& pos) {
    if (auto* item = m_list->itemAt(pos))
        m_list->setCurrentItem(item);
    QMenu menu(this);
    const QString id = selectedId();
    const auto state = m_host.state(id);
    menu.addAction(m_start->icon(), tr("Start"), this, &MockServersPanel::startSelected)
        ->setEnabled(m_start->isEnabled());
    menu.addAction(m_stop->icon(), tr("Stop"), this, &MockServersPanel::stopSelected)
        ->setEnabled(state == MockHost::State::running);
    menu.addAction(tr("Copy URL"), this, [this, id] { copyUrl(id); })
        ->setEnabled(state == MockHost::State::running);
    menu.addSeparator();
    menu.addAction(m_new->icon(), tr("New mock server…"), this, &MockServersPanel::newServerAsked);
    menu.addActions(m_more->actions());
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

} // namespace quiver::ui
