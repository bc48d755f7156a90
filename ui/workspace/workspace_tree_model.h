#pragma once

#include <QAbstractItemModel>
#include <QIcon>
#include <map>
#include <memory>
#include <vector>

namespace quiver::core::io {
class Workspace;
struct WorkspaceFolder;
struct WorkspaceItem;
} // namespace quiver::core::io

namespace quiver::ui {

// The workspace's folders and requests as a tree, each folder's entries in folder.json order. A
// request file that failed to load is shown with its error and can be neither opened, renamed nor
// dragged. The model never writes: edits and drops are turned into signals that the view's owner
// carries out on the workspace, which then calls showWorkspace() again.
class WorkspaceTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1, // "requests/a/b.json" or "requests/a"
        IsFolderRole,
        ErrorRole, // the load error of a broken file, empty otherwise
        MethodRole,
    };
    static constexpr const char* kMimeType = "application/x-quiver-workspace-entry";

    explicit WorkspaceTreeModel(QObject* parent = nullptr);
    ~WorkspaceTreeModel() override;

    void showWorkspace(const core::io::Workspace& workspace);
    QModelIndex indexOf(const QString& relativePath) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

signals:
    void renameRequested(const QString& relativePath, const QString& newName);
    // index counts among the target folder's entries as they are after the moved entry left
    // its old place (Workspace::moveEntry); -1 = at the end.
    void moveRequested(const QString& relativePath, const QString& targetFolder, int index);

private:
    struct Node;
    Node* nodeOf(const QModelIndex& index) const;
    void addFolder(Node* parent, const core::io::WorkspaceFolder& folder);
    void addSubFolder(Node* parent, const core::io::WorkspaceFolder& sub);
    void addItem(Node* parent, const core::io::WorkspaceItem& item);
    QIcon methodBadge(const QString& method) const;

    std::unique_ptr<Node> m_root;
    mutable std::map<QString, QIcon> m_badges;
};

} // namespace quiver::ui
