#include "workspace/workspace_tree.h"

#include "workspace/folder_settings_editor.h"
#include "workspace/workspace_session.h"
#include "workspace/workspace_tree_model.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <set>

namespace quiver::ui {

// Deleting moves the files to .quiver/trash; undo puts them back where they were.
class DeleteEntryCommand : public QUndoCommand {
public:
    DeleteEntryCommand(WorkspaceTree& tree, core::io::DeletedEntry deleted)
        : m_tree(tree), m_deleted(std::move(deleted)) {
        setText(QObject::tr("Delete %1").arg(QString::fromStdString(m_deleted.relativePath)));
    }
    void undo() override { m_tree.restoreEntry(m_deleted); }
    void redo() override {
        if (std::exchange(m_first, false))
            return; // done before the command was pushed
        if (auto again = m_tree.deleteNow(QString::fromStdString(m_deleted.relativePath)))
            m_deleted = *again;
    }

private:
    WorkspaceTree& m_tree;
    core::io::DeletedEntry m_deleted;
    bool m_first = true;
};

WorkspaceTree::WorkspaceTree(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_title = new QLabel(this);
    m_model = new WorkspaceTreeModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName("workspaceTree");
    m_view->setModel(m_model);
    m_view->setHeaderHidden(true);
    m_view->setIconSize(QSize(46, 16));
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_undo = new QUndoStack(this);
    m_folderEditor = new FolderSettingsEditor(session, this);
    m_folderEditor->hide();

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_folderEditor);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    createActions();
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (!index.data(WorkspaceTreeModel::IsFolderRole).toBool() &&
            index.data(WorkspaceTreeModel::ErrorRole).toString().isEmpty())
            emit openRequested(index.data(WorkspaceTreeModel::PathRole).toString());
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &WorkspaceTree::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &WorkspaceTree::onCurrentChanged);
    connect(m_model, &WorkspaceTreeModel::renameRequested, this, &WorkspaceTree::renameEntry);
    connect(m_model, &WorkspaceTreeModel::moveRequested, this, &WorkspaceTree::moveEntry);
    connect(m_folderEditor, &FolderSettingsEditor::message, this, &WorkspaceTree::message);
    connect(&m_session, &WorkspaceSession::itemsChanged, this, &WorkspaceTree::refresh);
    connect(&m_session, &WorkspaceSession::opened, m_undo, &QUndoStack::clear);
    if (m_session.isOpen())
        refresh();
}

void WorkspaceTree::createActions() {
    auto add = [this](const QString& text, const QKeySequence& key, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_view->addAction(action);
        return action;
    };
    add(tr("&Rename"), QKeySequence(Qt::Key_F2), [this] {
        if (m_view->currentIndex().isValid())
            m_view->edit(m_view->currentIndex());
    })->setObjectName("renameAction");
    add(tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        duplicateEntry(currentPath());
    })->setObjectName("duplicateAction");
    add(tr("&Delete"), QKeySequence::Delete, [this] {
        deleteEntry(currentPath());
    })->setObjectName("deleteAction");
    add(tr("New &folder…"), QKeySequence(), [this] {
        askNewFolder();
    })->setObjectName("newFolderAction");
    add(tr("New &request here"), QKeySequence(), [this] {
        emit newRequestRequested(currentFolder());
    })->setObjectName("newRequestAction");
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    undo->setObjectName("undoAction");
    m_view->addAction(undo);
    QAction* redo = m_undo->createRedoAction(this, tr("Re&do"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(redo);
}

void WorkspaceTree::showContextMenu(const QPoint& position) {
    const QModelIndex index = m_view->indexAt(position);
    if (index.isValid())
        m_view->setCurrentIndex(index);
    else
        m_view->setCurrentIndex({});
    QMenu menu(this);
    const bool onEntry = index.isValid();
    const bool broken = !index.data(WorkspaceTreeModel::ErrorRole).toString().isEmpty();
    for (QAction* action : m_view->actions()) {
        const QString name = action->objectName();
        if ((name == "renameAction" || name == "duplicateAction") && (!onEntry || broken))
            continue;
        if (name == "duplicateAction" && index.data(WorkspaceTreeModel::IsFolderRole).toBool())
            continue;
        if (name == "deleteAction" && !onEntry)
            continue;
        if (name == "undoAction")
            menu.addSeparator();
        menu.addAction(action);
    }
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void WorkspaceTree::refresh() {
    if (!m_session.isOpen())
        return;
    const auto& workspace = m_session.workspace();
    m_title->setText(
        QStringLiteral("<b>%1</b>").arg(QString::fromStdString(workspace.name()).toHtmlEscaped()));
    m_title->setToolTip(QString::fromStdString(workspace.root().string()));
    // Keep what the user expanded and selected across the rebuild.
    std::set<QString> collapsed;
    std::vector<QModelIndex> stack{QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex child = m_model->index(r, 0, parent);
            if (m_model->rowCount(child) > 0 && !m_view->isExpanded(child))
                collapsed.insert(child.data(WorkspaceTreeModel::PathRole).toString());
            stack.push_back(child);
        }
    }
    const QString current = currentPath();
    m_model->showWorkspace(workspace);
    stack = {QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex child = m_model->index(r, 0, parent);
            const QString path = child.data(WorkspaceTreeModel::PathRole).toString();
            if (child.data(WorkspaceTreeModel::IsFolderRole).toBool())
                m_view->setExpanded(child, !m_shownOnce || !collapsed.count(path));
            stack.push_back(child);
        }
    }
    m_shownOnce = true;
    if (!current.isEmpty())
        select(current);
}

void WorkspaceTree::select(const QString& relativePath) {
    const QModelIndex index = m_model->indexOf(relativePath);
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

QString WorkspaceTree::currentPath() const {
    return m_view->currentIndex().data(WorkspaceTreeModel::PathRole).toString();
}

QString WorkspaceTree::currentFolder() const {
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return QStringLiteral("requests");
    if (index.data(WorkspaceTreeModel::IsFolderRole).toBool())
        return index.data(WorkspaceTreeModel::PathRole).toString();
    const QModelIndex parent = index.parent();
    return parent.isValid() ? parent.data(WorkspaceTreeModel::PathRole).toString()
                            : QStringLiteral("requests");
}

void WorkspaceTree::onCurrentChanged() {
    const QModelIndex index = m_view->currentIndex();
    const bool folder = index.isValid() && index.data(WorkspaceTreeModel::IsFolderRole).toBool();
    if (folder)
        m_folderEditor->showFolder(index.data(WorkspaceTreeModel::PathRole).toString());
    m_folderEditor->setVisible(folder);
}

bool WorkspaceTree::report(const QString& what, const std::string& error) {
    emit message(tr("%1: %2").arg(what, QString::fromStdString(error)), true);
    return false;
}

bool WorkspaceTree::renameEntry(const QString& relativePath, const QString& newName) {
    if (!m_session.isOpen() || relativePath.isEmpty())
        return false;
    auto& workspace = m_session.workspace();
    const bool folder = workspace.findFolder(relativePath.toStdString()) != nullptr;
    auto renamed = folder
                       ? workspace.renameFolder(relativePath.toStdString(), newName.toStdString())
                       : workspace.renameItem(relativePath.toStdString(), newName.toStdString());
    if (!renamed)
        return report(tr("Not renamed"), renamed.error().message);
    const QString now = QString::fromStdString(renamed.value());
    m_session.notifyItemsChanged();
    select(now);
    if (now != relativePath)
        emit pathChanged(relativePath, now);
    emit message(tr("Renamed to %1").arg(newName), false);
    return true;
}

bool WorkspaceTree::duplicateEntry(const QString& relativePath) {
    if (!m_session.isOpen() || relativePath.isEmpty())
        return false;
    auto copy = m_session.workspace().duplicateItem(relativePath.toStdString());
    if (!copy)
        return report(tr("Not duplicated"), copy.error().message);
    m_session.notifyItemsChanged();
    select(QString::fromStdString(copy.value()));
    emit message(tr("Duplicated as %1").arg(QString::fromStdString(copy.value())), false);
    return true;
}

std::optional<core::io::DeletedEntry> WorkspaceTree::deleteNow(const QString& relativePath) {
    auto deleted = m_session.workspace().deleteEntry(relativePath.toStdString());
    if (!deleted) {
        report(tr("Not deleted"), deleted.error().message);
        return std::nullopt;
    }
    m_session.notifyItemsChanged();
    emit entryRemoved(relativePath);
    return deleted.value();
}

bool WorkspaceTree::deleteEntry(const QString& relativePath) {
    if (!m_session.isOpen() || relativePath.isEmpty())
        return false;
    auto deleted = deleteNow(relativePath);
    if (!deleted)
        return false;
    m_undo->push(new DeleteEntryCommand(*this, *deleted));
    emit message(tr("Deleted %1 (Ctrl+Z to undo)").arg(relativePath), false);
    return true;
}

bool WorkspaceTree::restoreEntry(const core::io::DeletedEntry& deleted) {
    auto restored = m_session.workspace().restoreEntry(deleted);
    if (!restored)
        return report(tr("Not restored"), restored.error().message);
    m_session.notifyItemsChanged();
    select(QString::fromStdString(restored.value()));
    emit message(tr("Restored %1").arg(QString::fromStdString(restored.value())), false);
    return true;
}

bool WorkspaceTree::moveEntry(const QString& relativePath, const QString& targetFolder, int index) {
    if (!m_session.isOpen())
        return false;
    const std::size_t at = index < 0 ? SIZE_MAX : std::size_t(index);
    auto moved =
        m_session.workspace().moveEntry(relativePath.toStdString(), targetFolder.toStdString(), at);
    if (!moved)
        return report(tr("Not moved"), moved.error().message);
    const QString now = QString::fromStdString(moved.value());
    m_session.notifyItemsChanged();
    select(now);
    if (now != relativePath)
        emit pathChanged(relativePath, now);
    return true;
}

bool WorkspaceTree::newFolder(const QString& parentFolder, const QString& name) {
    if (!m_session.isOpen() || name.trimmed().isEmpty())
        return false;
    auto created = m_session.workspace().createFolder(parentFolder.toStdString(),
                                                      name.trimmed().toStdString());
    if (!created)
        return report(tr("Folder not created"), created.error().message);
    m_session.notifyItemsChanged();
    select(QString::fromStdString(created.value()));
    return true;
}

void WorkspaceTree::askNewFolder() {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New folder"), tr("Folder name:"),
                                               QLineEdit::Normal, {}, &ok);
    if (ok)
        newFolder(currentFolder(), name);
}

} // namespace quiver::ui
