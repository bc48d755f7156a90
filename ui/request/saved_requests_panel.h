#pragma once

#include <QWidget>

class QTreeWidget;
class QLabel;

namespace quiver::core::io {
class Workspace;
}

namespace quiver::ui {

// The workspace's saved requests, in folder order. Files that failed to load are listed
// with their error and cannot be opened; nothing here writes to them.
class SavedRequestsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SavedRequestsPanel(QWidget* parent = nullptr);

    void showWorkspace(const core::io::Workspace& workspace);
    void select(const QString& relativePath);

signals:
    void openRequested(const QString& relativePath);

private:
    QLabel* m_title;
    QTreeWidget* m_tree;
};

} // namespace quiver::ui
