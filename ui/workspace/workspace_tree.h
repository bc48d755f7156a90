#pragma once

#include "io/workspace.h"

#include <QWidget>
#include <optional>

class QLabel;
class QTreeView;
class QUndoStack;

namespace quiver::ui {

class FolderSettingsEditor;
class WorkspaceSession;
class WorkspaceTreeModel;

// The Requests sidebar: the workspace's folders and requests. Rename (F2), duplicate
// (Ctrl+D), delete (Del, undone with Ctrl+Z), new folder, new request in a folder, and drag
// and drop to move or reorder, each carried out on the files through core::io::Workspace.
// A selected folder shows its settings (auth and variables) below the tree.
class WorkspaceTree : public QWidget {
    Q_OBJECT
public:
    explicit WorkspaceTree(WorkspaceSession& session, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }
    WorkspaceTreeModel* model() const { return m_model; }
    QUndoStack* undoStack() const { return m_undo; }
    FolderSettingsEditor* folderEditor() const { return m_folderEditor; }

    void select(const QString& relativePath);
    QString currentPath() const;
    // The folder a new entry goes into: the selected folder, or the selected request's.
    QString currentFolder() const;

    // The operations behind the menu, also for tests; each reports through message().
    bool renameEntry(const QString& relativePath, const QString& newName);
    bool duplicateEntry(const QString& relativePath);
    bool deleteEntry(const QString& relativePath);
    bool moveEntry(const QString& relativePath, const QString& targetFolder, int index);
    bool newFolder(const QString& parentFolder, const QString& name);

signals:
    void openRequested(const QString& relativePath);
    void newRequestRequested(const QString& folder); // "requests" or "requests/api"
    // A request or folder now lives elsewhere (open tabs follow it), or went away.
    void pathChanged(const QString& oldPath, const QString& newPath);
    void entryRemoved(const QString& relativePath);
    void message(const QString& text, bool error);

private:
    friend class DeleteEntryCommand;
    bool restoreEntry(const core::io::DeletedEntry& deleted);
    std::optional<core::io::DeletedEntry> deleteNow(const QString& relativePath);
    void refresh();
    void createActions();
    void showContextMenu(const QPoint& position);
    void onCurrentChanged();
    void askNewFolder();
    bool report(const QString& what, const std::string& error);

    WorkspaceSession& m_session;
    WorkspaceTreeModel* m_model;
    QTreeView* m_view;
    QLabel* m_title;
    QUndoStack* m_undo;
    FolderSettingsEditor* m_folderEditor;
    bool m_shownOnce = false;
};

} // namespace quiver::ui
