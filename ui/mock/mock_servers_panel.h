#pragma once

#include "model/mock_server.h"

#include <QWidget>
#include <optional>

class QLabel;
class QMenu;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace quiver::core::io {
class Workspace;
}

namespace quiver::ui {

class MockHost;

// The sidebar of mock servers: each with its running state and URL, and a warning when its
// bind address lets other machines in. Start, stop, copy URL, new, rename and delete work on
// the selected one; files that failed to load are listed with their error.
class MockServersPanel : public QWidget {
    Q_OBJECT
public:
    explicit MockServersPanel(MockHost& host, QWidget* parent = nullptr);

    // The workspace lives in the caller; deleting a server re-reads it in place.
    void showWorkspace(core::io::Workspace& workspace);
    void refresh();                       // re-lists the workspace's servers, keeping the selection
    void updateServer(const QString& id); // its row only, after its file was saved
    QString selectedId() const;
    void select(const QString& id);
    QTreeWidget* list() const { return m_list; }

    // The actions, without dialogs (the buttons ask first).
    QString newServer(const QString& name); // the new id, empty on failure
    bool renameServer(const QString& id, const QString& name);
    bool deleteServer(const QString& id);
    void startServer(const QString& id);
    void stopServer(const QString& id);
    void copyUrl(const QString& id);

    void startSelected() { startServer(selectedId()); }
    void stopSelected() { stopServer(selectedId()); }
    void newServerAsked(); // asks for a name
    void renameSelectedAsked();
    void deleteSelectedAsked(); // asks for confirmation

signals:
    void serverSelected(const QString& id); // empty when none
    void serverOpened(const QString& id);   // clicked or made: show its editor
    void flushRequested(const QString& id); // save pending edits: it is started, renamed or deleted
    void serversChanged();                  // added, renamed or deleted
    void message(const QString& text, bool error);

private:
    QTreeWidgetItem* itemFor(const QString& id) const;
    void updateItem(QTreeWidgetItem* item);
    void updateButtons();
    void showContextMenu(const QPoint& pos);

    MockHost& m_host;
    core::io::Workspace* m_workspace = nullptr;
    QLabel* m_title;
    QTreeWidget* m_list;
    QToolButton* m_new;
    QToolButton* m_start;
    QToolButton* m_stop;
    QToolButton* m_copy;
    QMenu* m_more;
    QToolButton* m_moreButton;
};

} // namespace quiver::ui
